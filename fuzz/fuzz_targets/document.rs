//! One document's front matter and Markdown, read as the kind the first
//! byte picks and rendered against the fixture handbook.
#![no_main]
use std::sync::OnceLock;

use careerbook::fuzzing::{document, Context};
use libfuzzer_sys::fuzz_target;

fn context() -> &'static Context {
    static CX: OnceLock<Context> = OnceLock::new();
    CX.get_or_init(|| {
        Context::new(&careerbook_fuzz::repo().join("tests/fixtures/minimal"))
            .expect("the fixture handbook loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, text)) = data.split_first() else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(text) {
        document(context(), kind as usize, text);
    }
});
