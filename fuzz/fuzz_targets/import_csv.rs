//! The csv importer on one source file: read, then written as a
//! handbook, which must load and validate (`careerbook check`).
#![no_main]
use careerbook::import::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = careerbook_fuzz::scratch("import-csv");
    let source = dir.join("source.csv");
    if std::fs::write(&source, data).is_ok() {
        careerbook_fuzz::import_then_check(Format::Csv, &[source], &dir.join("out"));
    }
});
