//! What the fuzz targets share: a scratch folder of their own, the fixture
//! handbook the handbook target starts from, and how one input becomes
//! several files.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Between two files of one input. Two bytes, so a file can still hold a NUL.
pub const SEPARATOR: &[u8] = b"\0\x01";

/// Splits an input into its files.
pub fn files(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        out.push(&rest[..i]);
        rest = &rest[i + SEPARATOR.len()..];
    }
    out.push(rest);
    out
}

/// This process's scratch folder (in memory where the system has one),
/// emptied.
pub fn scratch(name: &str) -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("careerbook-fuzz-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("cannot make the fuzz scratch folder");
    dir
}

/// The fixture handbook, loaded once, that single documents and
/// assessments are read against.
pub fn fixture() -> &'static careerbook::fuzzing::Context {
    static CX: OnceLock<careerbook::fuzzing::Context> = OnceLock::new();
    CX.get_or_init(|| {
        careerbook::fuzzing::Context::new(&repo().join("tests/fixtures/minimal"))
            .expect("the fixture handbook loads")
    })
}

/// The repository's root, where the fixtures are.
pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The handbook the handbook target starts from: tests/fixtures/minimal,
/// with the example overlay under `overlay/` and a copy of itself as a
/// release under `release/` (book.toml names it), as relative path and
/// bytes. The fuzzer's files replace these by index ([`slot`]).
pub fn base() -> &'static [(String, Vec<u8>)] {
    static BASE: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    BASE.get_or_init(|| {
        let fixture = repo().join("tests/fixtures/minimal");
        let mut out = Vec::new();
        collect(&fixture, &fixture, "", &mut out);
        let released: Vec<(String, Vec<u8>)> = out
            .iter()
            .filter(|(p, _)| p.starts_with("content/") || p == "book.toml")
            .map(|(p, b)| (format!("release/{p}"), b.clone()))
            .collect();
        out.extend(released);
        let overlay = repo().join("examples/overlay");
        collect(&overlay, &overlay, "overlay/", &mut out);
        for (p, b) in &mut out {
            if p == "book.toml" {
                b.extend_from_slice(
                    b"\n[[releases]]\nname = \"2025\"\ndate = 2025-06-01\npath = \"release\"\n",
                );
            }
        }
        // Slots for files the fixture does not have.
        out.push(("content/families/backend.md".into(), Vec::new()));
        out.push(("content/guides/extra.md".into(), Vec::new()));
        out.sort();
        out
    })
}

fn collect(root: &Path, dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, prefix, out);
        } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(root), std::fs::read(&path)) {
            out.push((format!("{prefix}{}", rel.to_string_lossy()), bytes));
        }
    }
}

/// Which of [`base`]'s files a fuzzer's file replaces, and its new text:
/// the file's first line names one (its path, or else any line picks one
/// by its bytes); the rest is the text.
pub fn slot(file: &[u8]) -> Option<(usize, &[u8])> {
    if file.is_empty() {
        return None;
    }
    let end = file.iter().position(|&b| b == b'\n').unwrap_or(file.len());
    let (name, text) = (&file[..end], file.get(end + 1..).unwrap_or(&[]));
    let base = base();
    let i = base
        .iter()
        .position(|(p, _)| p.as_bytes() == name)
        .unwrap_or_else(|| name.iter().map(|&b| b as usize).sum::<usize>() % base.len());
    Some((i, text))
}

/// Writes [`base`] into `dir` with the input's files in place of theirs;
/// an empty new text deletes the file.
pub fn write_handbook(dir: &Path, data: &[u8]) {
    let mut chosen: Vec<Option<&[u8]>> = base().iter().map(|(_, b)| Some(b.as_slice())).collect();
    for f in files(data) {
        if let Some((i, text)) = slot(f) {
            chosen[i] = (!text.is_empty()).then_some(text);
        }
    }
    for ((path, _), bytes) in base().iter().zip(chosen) {
        let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
            continue;
        };
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, bytes);
    }
}

/// Imports `sources` into `out`; when the import succeeds, the handbook it
/// wrote must load and validate: an importer never writes a handbook
/// careerbook cannot build. (Rendering is the handbook target's.)
pub fn import_then_check(format: careerbook::import::Format, sources: &[PathBuf], out: &Path) {
    if careerbook::import::import(format, sources, out).is_err() {
        return;
    }
    if let Err(d) = careerbook::fuzzing::validates(out) {
        panic!("the import wrote a handbook that does not validate:\n{d}");
    }
}
