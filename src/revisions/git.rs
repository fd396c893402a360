//! The handbook as it was at a git ref, written to a temporary folder with
//! the git command line (`ls-tree` and one `cat-file --batch`), so no
//! working tree, index or branch is touched.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// A temporary copy of the handbook at a ref, removed when dropped.
pub(crate) struct Checkout {
    pub(crate) dir: PathBuf,
    /// The commit's short hash.
    pub(crate) short: String,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Diagnostic> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Diagnostic::error(format!("cannot run git: {e}"))
                .hint("install git, or pass --since a folder holding the earlier handbook")
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(Diagnostic::error(format!(
            "git {}: {}",
            args.join(" "),
            err.trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

impl Checkout {
    pub(crate) fn at(handbook: &Path, reference: &str) -> Result<Checkout, Diagnostics> {
        let not_a_ref = |d: Diagnostic| -> Diagnostics {
            Diagnostic::error(format!("`{reference}` is neither a handbook folder nor a git ref of this repository"))
                .hint(format!("pass a tag, a branch or a commit (`git tag` lists the tags), or a folder with a book.toml; git said: {}", d.message))
                .into()
        };
        let commit = git(
            handbook,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{reference}^{{commit}}"),
            ],
        )
        .map_err(not_a_ref)?
        .trim()
        .to_string();
        let prefix = git(handbook, &["rev-parse", "--show-prefix"])?
            .trim()
            .to_string();
        let short = commit.chars().take(8).collect();
        let dir = std::env::temp_dir().join(format!(
            "careerbook-changes-{}-{}",
            std::process::id(),
            &commit[..12.min(commit.len())]
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let checkout = Checkout { dir, short };
        let listing = git(
            handbook,
            &[
                "ls-tree",
                "-r",
                "-z",
                "--full-tree",
                &commit,
                "--",
                if prefix.is_empty() { "." } else { &prefix },
            ],
        )?;
        let blobs: Vec<(String, String)> = listing
            .split('\0')
            .filter_map(|entry| {
                let (meta, path) = entry.split_once('\t')?;
                let mut parts = meta.split_whitespace();
                let (_mode, kind, sha) = (parts.next()?, parts.next()?, parts.next()?);
                let rel = path.strip_prefix(&prefix)?;
                let safe = !rel
                    .split('/')
                    .any(|c| c.is_empty() || c == "." || c == "..");
                (kind == "blob" && safe).then(|| (sha.to_string(), rel.to_string()))
            })
            .collect();
        if !blobs.iter().any(|(_, p)| p == "book.toml") {
            return Err(Diagnostic::error(format!(
                "there is no handbook at `{reference}`: its tree has no {prefix}book.toml"
            ))
            .hint("pick a ref from after the handbook was added")
            .into());
        }
        checkout.write(handbook, &blobs)?;
        Ok(checkout)
    }

    /// Writes each blob under the checkout's folder, read through one
    /// `git cat-file --batch`.
    fn write(&self, handbook: &Path, blobs: &[(String, String)]) -> Result<(), Diagnostic> {
        let io = |e: std::io::Error| {
            Diagnostic::error(format!("cannot read the earlier ladder from git: {e}"))
        };
        let mut child = Command::new("git")
            .arg("-C")
            .arg(handbook)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(io)?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| io(std::io::ErrorKind::BrokenPipe.into()))?;
        let shas: String = blobs.iter().map(|(sha, _)| format!("{sha}\n")).collect();
        let writer = std::thread::spawn(move || stdin.write_all(shas.as_bytes()));
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| io(std::io::ErrorKind::BrokenPipe.into()))?;
        let mut reader = BufReader::new(stdout);
        for (_, rel) in blobs {
            let mut header = String::new();
            reader.read_line(&mut header).map_err(io)?;
            let size: usize = header
                .split_whitespace()
                .nth(2)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| {
                    io(std::io::Error::other(format!(
                        "unexpected `{}`",
                        header.trim()
                    )))
                })?;
            let mut bytes = vec![0; size + 1];
            reader.read_exact(&mut bytes).map_err(io)?;
            bytes.truncate(size);
            let path = self.dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            std::fs::write(&path, bytes).map_err(io)?;
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(())
    }
}
