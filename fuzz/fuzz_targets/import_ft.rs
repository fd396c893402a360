//! The ft importer on one source file: read, then written as a
//! handbook, which must load and validate (`careerbook check`).
#![no_main]
use careerbook::import::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = careerbook_fuzz::scratch("import-ft");
    let source = dir.join("source.yml");
    if std::fs::write(&source, data).is_ok() {
        careerbook_fuzz::import_then_check(Format::Ft, &[source], &dir.join("out"));
    }
});
