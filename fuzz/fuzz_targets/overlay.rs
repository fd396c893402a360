//! The overlay's readers alone: the first byte picks the brag document,
//! the promotion packet or an assessment (read against the fixture
//! handbook).
#![no_main]
use std::sync::OnceLock;

use careerbook::fuzzing::{assessment, brag, packet, Context};
use libfuzzer_sys::fuzz_target;

fn context() -> &'static Context {
    static CX: OnceLock<Context> = OnceLock::new();
    CX.get_or_init(|| {
        Context::new(&careerbook_fuzz::repo().join("tests/fixtures/minimal"))
            .expect("the fixture handbook loads")
    })
}

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
        _ => assessment(context(), text),
    }
});
