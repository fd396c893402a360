//! The whole load → validate → render path (overlay and a release
//! included) on the fixture handbook with the input's files in place of
//! some of its own.
#![no_main]
use careerbook_fuzz::{scratch, write_handbook};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = scratch("handbook");
    write_handbook(&dir, data);
    careerbook::fuzzing::handbook(&dir);
});
