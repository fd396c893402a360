//! Every kind of the list is whole: `careerbook new` writes a file of it
//! that passes `check` (so its checks, page, list and search run), its
//! folder is documented in docs/content-format.md, and its templates in
//! docs/templates.md.

use std::path::Path;

use super::Kind;

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap_or(e.path());
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

#[test]
fn every_kind_can_be_created_checked_and_rendered() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for &kind in Kind::ALL {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("book");
        // A family joins a handbook that already has families.
        let base = match kind {
            Kind::Family => "tests/fixtures/families",
            _ => "tests/fixtures/minimal",
        };
        copy_tree(&repo.join(base), &root);
        let fw_path = root.join("content/framework.toml");
        let fw_text = std::fs::read_to_string(&fw_path).unwrap();
        let fw: crate::model::Framework = toml::from_str(&fw_text).unwrap();
        let text = with_kind!(kind, |K| K::scaffold("brand-new", "Brand new", &fw));
        let file = root
            .join("content")
            .join(kind.folder())
            .join("brand-new.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
        if kind == Kind::Level {
            let src = crate::source::SourceFile::new(fw_path, "framework.toml".into(), fw_text);
            crate::scaffold::add_level_to_first_track(&src, "brand-new").unwrap();
        }
        let report = crate::pipeline::check(&root).unwrap_or_else(|d| {
            panic!("a new {} does not check:\n{}", kind.name(), d.render(false))
        });
        assert!(report.pages > 0);
    }
}

#[test]
fn every_kind_is_documented() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let format = std::fs::read_to_string(repo.join("docs/content-format.md")).unwrap();
    let templates = std::fs::read_to_string(repo.join("docs/templates.md")).unwrap();
    for &kind in Kind::ALL {
        let folder = format!("`content/{}/", kind.folder());
        assert!(
            format.contains(&folder),
            "docs/content-format.md has no section for {folder}`"
        );
        let list = format!("{}/index.html", kind.folder());
        assert!(
            templates.contains(kind.folder()) || templates.contains(&list),
            "docs/templates.md does not say which templates show {}",
            kind.folder()
        );
    }
}
