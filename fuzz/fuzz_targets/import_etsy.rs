//! The Etsy importer on a folder of two files (competencies.md, then
//! index.md, split by the separator): read, then written as a handbook,
//! which must load and validate (`careerbook check`).
#![no_main]
use careerbook::import::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = careerbook_fuzz::scratch("import-etsy");
    let source = dir.join("ladder");
    let files = careerbook_fuzz::files(data);
    let _ = std::fs::create_dir_all(&source);
    for (name, bytes) in ["competencies.md", "index.md"].iter().zip(files) {
        let _ = std::fs::write(source.join(name), bytes);
    }
    careerbook_fuzz::import_then_check(Format::Etsy, &[source], &dir.join("out"));
});
