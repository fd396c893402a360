//! Helpers shared by the integration tests: a copy of the fixture handbook
//! in a temporary folder, running the real binary, and parsing its HTML.
#![allow(dead_code)]

pub mod browser;
pub mod overlay;
pub mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/minimal");

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_careerbook")
}

/// A fixture handbook copied into a fresh temporary folder.
pub struct Book {
    pub tmp: tempfile::TempDir,
}

impl Book {
    pub fn new() -> Book {
        let tmp = tempfile::tempdir().expect("tempdir");
        copy_dir(Path::new(FIXTURE), &tmp.path().join("book"));
        Book { tmp }
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("book")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Book {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Book {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read")
    }

    /// Replaces `from` with `to` in a file, failing the test if absent.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Book {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    pub fn remove(&self, rel: &str) -> &Book {
        std::fs::remove_file(self.path(rel)).expect("remove");
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.tmp.path(), args)
    }

    pub fn check(&self) -> Run {
        self.run(&["check", "book"])
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "book"])
    }

    /// The built site's file as parsed HTML.
    pub fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(&format!("site/{rel}")))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run careerbook");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    #[track_caller]
    pub fn ok(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts a content error: exit 1 and a diagnostic at `position`
    /// (`file:line:col`) whose message contains `message`.
    #[track_caller]
    pub fn error_at(&self, position: &str, message: &str) -> &Run {
        assert_eq!(self.code, 1, "expected exit 1\nstderr:\n{}", self.stderr);
        let blocks: Vec<&str> = self.stderr.split("\n\n").collect();
        let arrow = format!("--> {position}\n");
        let found = blocks
            .iter()
            .any(|b| b.contains(message) && b.contains(&arrow));
        assert!(
            found,
            "no diagnostic {message:?} at {position}\nstderr:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts a warning (the command may still succeed) at `position`
    /// whose message contains `message`.
    #[track_caller]
    pub fn warning_at(&self, position: &str, message: &str) -> &Run {
        let arrow = format!("--> {position}\n");
        let found = self
            .stderr
            .split("\n\n")
            .any(|b| b.starts_with("warning") && b.contains(message) && b.contains(&arrow));
        assert!(
            found,
            "no warning {message:?} at {position}\nstderr:\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn hint(&self, hint: &str) -> &Run {
        assert!(
            self.stderr.contains(&format!("hint: {hint}")),
            "no hint {hint:?}\nstderr:\n{}",
            self.stderr
        );
        self
    }
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).expect("selector");
    doc.select(&sel).collect()
}

pub fn text(el: &scraper::ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The real ladders in ../shared/corpora, or `None` (with a message) where
/// that folder is absent, as on a user's clone: tests that read them skip.
pub fn corpora() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipping: {} is absent (the real ladders are not part of this repository)",
            p.display()
        );
        None
    }
}

/// The repository's own handbook (content/ and book.toml) copied into a
/// fresh temporary folder as `book/`, so a test may edit and build it.
pub fn default_handbook() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("book");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &root.join("content"));
    std::fs::copy(repo.join("book.toml"), root.join("book.toml")).expect("book.toml");
    (tmp, root)
}

/// Every file under `dir`, by path relative to it, with its bytes (a file
/// that cannot be read fails the test).
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Every file under `dir` whose bytes hold `needle`, by path relative to
/// `dir` (the privacy tests' marker search).
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).contains(needle))
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect()
}
