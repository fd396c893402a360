//! One document's front matter and Markdown, read as the kind the first
//! byte picks and rendered against the fixture handbook.
#![no_main]
use careerbook::fuzzing::document;
use careerbook_fuzz::fixture;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, text)) = data.split_first() else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(text) {
        document(fixture(), kind as usize, text);
    }
});
