//! The bundled handbook beside a copy of the example overlay, for the
//! overlay's tests.

use std::path::{Path, PathBuf};

/// A string no handbook holds, written into the copy of the example overlay
/// (not into the example itself, which readers copy as a model) so its path
/// through every build can be followed.
pub const MARKER: &str = "quokka-teal-7731";

/// The bundled handbook and the example overlay, copied side by side, with
/// the marker in one brag entry's skills and in one assessment's note.
pub fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let book = tmp.path().join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::copy(repo.join("book.toml"), book.join("book.toml")).unwrap();
    super::copy_dir(&repo.join("content"), &book.join("content"));
    let overlay = tmp.path().join("me");
    super::copy_dir(&repo.join("examples/overlay"), &overlay);
    let mark = |file: &str, before: &str| {
        let path = overlay.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let marked = text.replacen(before, &format!("{before}{MARKER}, "), 1);
        assert_ne!(text, marked, "{file} has `{before}`");
        std::fs::write(&path, marked).unwrap();
    };
    mark("brag.md", "  - Skills demonstrated: ");
    mark("assessments/2026-06-15-manager.md", "  - Note: ");
    (tmp, book, overlay)
}

/// A page of the private build, parsed.
pub fn page(book: &Path, path: &str) -> scraper::Html {
    scraper::Html::parse_document(
        &std::fs::read_to_string(book.join("site-private").join(path)).unwrap(),
    )
}

/// Replaces `from` by `to` once in a file, checking it was there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}
