//! The overlay's readers alone: the first byte picks the brag document,
//! the promotion packet or an assessment (read against the fixture
//! handbook).
#![no_main]
use careerbook::fuzzing::{assessment, brag, packet};
use careerbook_fuzz::fixture;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    match which % 3 {
        0 => brag(text),
        1 => packet(text),
        _ => assessment(fixture(), text),
    }
});
