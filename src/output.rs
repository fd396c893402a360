//! The write stage: where rendered bytes go.
//!
//! A build writes into a fresh staging folder next to the output folder and
//! swaps it in only when every page rendered, so a failed build leaves the
//! previous site byte-for-byte intact. The output folder carries a marker
//! file; careerbook replaces or deletes only folders that have it, never a
//! folder it did not create.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

/// Name of the file that marks a folder as careerbook's output.
pub(crate) const MARKER: &str = ".careerbook-output";

/// Where rendered files go. Implemented for a staging folder on disk, for
/// memory (tests, the dev server) and for nothing at all (`check`).
pub(crate) trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Copies a file into the site unchanged.
    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        self.write(path, &std::fs::read(from)?)
    }

    /// Writes a file by streaming into it: `fill` gets the file (buffered)
    /// and writes what it holds. A sink on disk never holds it whole.
    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut buf = Vec::new();
        fill(&mut buf)?;
        self.write(path, &buf)
    }

    /// A folder on the same disk where a build may keep working files it
    /// removes before it ends (a failed build's go with its staging
    /// folder); `None` when the sink is not a folder.
    fn scratch(&self) -> Option<&Path> {
        None
    }

    /// Puts a file of a previous build into the site: the build it came
    /// from made it from what this one would (a hard link when it can be,
    /// so nothing is copied).
    fn reuse(&self, path: &str, from: &Path) -> io::Result<()> {
        self.copy(path, from)
    }

    /// Writes a file that is `from` with some byte ranges replaced (see
    /// [`splice_into`]).
    fn splice(&self, path: &str, from: &Path, edits: &[Splice]) -> io::Result<()> {
        let src = std::fs::File::open(from)?;
        self.write_with(path, &mut |out| splice_into(&src, edits, out))
    }
}

/// A byte range of a file replaced by other bytes.
pub(crate) struct Splice<'a> {
    pub start: u64,
    pub len: u64,
    pub with: &'a [u8],
}

/// Copies `from` into `out` with `edits` (in order, not overlapping)
/// applied. Between two files the unchanged stretches are copied by the
/// kernel (copy_file_range), not through memory.
pub(crate) fn splice_into<W: Write + ?Sized>(
    from: &std::fs::File,
    edits: &[Splice],
    out: &mut W,
) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut src = from;
    src.seek(SeekFrom::Start(0))?;
    let mut at = 0;
    for e in edits {
        let gap = e
            .start
            .checked_sub(at)
            .ok_or_else(|| io::Error::other("overlapping splices"))?;
        if io::copy(&mut src.take(gap), out)? != gap {
            return Err(io::Error::other(
                "the file to splice is shorter than its record",
            ));
        }
        out.write_all(e.with)?;
        at = e.start + e.len;
        src.seek(SeekFrom::Start(at))?;
    }
    io::copy(&mut src, out)?;
    Ok(())
}

/// Discards everything: `check` renders to prove templates work, writes nothing.
pub(crate) struct NullSink;

impl Sink for NullSink {
    fn write(&self, _path: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn copy(&self, _path: &str, _from: &Path) -> io::Result<()> {
        Ok(())
    }
    fn write_with(
        &self,
        _path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        fill(&mut io::sink())
    }
}

/// Passes everything to another sink, and counts the writes of a known set
/// of files (the planned pages) for a progress display: `tick(done, of)`.
pub(crate) struct Counting<'a> {
    pub inner: &'a dyn Sink,
    pub watched: std::collections::HashSet<String>,
    pub done: std::sync::atomic::AtomicUsize,
    pub tick: &'a (dyn Fn(usize, usize) + Sync),
}

impl Counting<'_> {
    fn count(&self, path: &str) {
        if self.watched.contains(path) {
            let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            (self.tick)(n, self.watched.len());
        }
    }
}

impl Sink for Counting<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.write(path, bytes)?;
        self.count(path);
        Ok(())
    }
    fn scratch(&self) -> Option<&Path> {
        self.inner.scratch()
    }
    fn copy(&self, path: &str, from: &Path) -> io::Result<()> {
        self.inner.copy(path, from)?;
        self.count(path);
        Ok(())
    }
    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.inner.write_with(path, fill)?;
        self.count(path);
        Ok(())
    }
    fn reuse(&self, path: &str, from: &Path) -> io::Result<()> {
        self.inner.reuse(path, from)?;
        self.count(path);
        Ok(())
    }
    fn splice(&self, path: &str, from: &Path, edits: &[Splice]) -> io::Result<()> {
        self.inner.splice(path, from, edits)?;
        self.count(path);
        Ok(())
    }
}

/// Keeps files in memory.
#[derive(Default)]
pub(crate) struct MemorySink {
    pub files: Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| io::Error::other("memory sink poisoned"))?;
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// A staging folder that becomes the output folder on [`Staging::commit`],
/// and disappears if dropped uncommitted.
pub(crate) struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    bytes: std::sync::atomic::AtomicU64,
    files: std::sync::atomic::AtomicU64,
}

fn refuse(target: &Path, why: &str, hint: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "refusing to write to `{}`: {why}",
        target.display()
    ))
    .hint(hint.to_string())
}

impl Staging {
    /// Checks that `target` is ours to replace and creates the staging folder.
    pub(crate) fn begin(target: &Path) -> Result<Staging, Diagnostic> {
        // An output that is a link (to a web server's folder, often on
        // another filesystem) is built where it points: the staging folder
        // goes beside the real folder, so the swap is one rename on one
        // filesystem and the link stays.
        let resolved;
        let target = match std::fs::symlink_metadata(target) {
            Ok(m) if m.file_type().is_symlink() => {
                resolved = std::fs::canonicalize(target).map_err(|e| {
                    Diagnostic::error(format!(
                        "the output `{}` is a link that does not lead to a folder: {e}",
                        target.display()
                    ))
                    .hint("point the link at an existing folder careerbook built, or remove it")
                })?;
                resolved.as_path()
            }
            _ => target,
        };
        if target.exists() {
            if !target.is_dir() {
                return Err(refuse(
                    target,
                    "it is a file, not a folder",
                    "choose another output folder with -o",
                ));
            }
            if !target.join(MARKER).is_file() {
                return Err(refuse(
                    target,
                    "the folder exists and was not created by careerbook",
                    &format!(
                        "careerbook only replaces folders it created (they contain {MARKER}); choose another folder with -o, or move this one away yourself"
                    ),
                ));
            }
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                refuse(
                    target,
                    "it has no folder name",
                    "pass a folder such as -o site",
                )
            })?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| {
            Diagnostic::error(format!("cannot create `{}`: {e}", parent.display()))
                .hint("check the output path and its permissions")
        })?;
        clean_stale(&parent, &name);
        let dir = parent.join(format!(".{name}.careerbook-staging-{}", std::process::id()));
        if dir.exists() {
            remove_ours(&dir);
        }
        std::fs::create_dir(&dir)
            .and_then(|_| std::fs::write(dir.join(MARKER), marker_text()))
            .map_err(|e| {
                Diagnostic::error(format!(
                    "cannot create a staging folder in `{}`: {e}",
                    parent.display()
                ))
                .hint("the output folder's parent must be writable")
            })?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            bytes: 0.into(),
            files: 0.into(),
        })
    }

    /// Where `path` goes in the staging folder, its folder made.
    fn file(&self, path: &str) -> io::Result<PathBuf> {
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            if !parent.is_dir() {
                std::fs::create_dir_all(parent)?;
            }
        }
        Ok(full)
    }

    /// The staging folder (files already written can be read back).
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn stats(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.files.load(Relaxed), self.bytes.load(Relaxed))
    }

    /// Puts the staged site in place of the old one.
    pub(crate) fn commit(mut self) -> Result<(), Diagnostic> {
        let old = self.dir.with_file_name(format!(
            ".{}.careerbook-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        // One atomic step where the kernel can: the two folders trade names,
        // so a build killed at any moment leaves the previous site or the new
        // one in place, never neither.
        if had_old && exchange(&self.dir, &self.target).is_ok() {
            self.committed = true;
            remove_ours(&self.dir);
            return Ok(());
        }
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| {
                Diagnostic::error(format!("cannot move the previous site aside: {e}"))
                    .hint("another program may hold files in the output folder open")
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(
                Diagnostic::error(format!("cannot move the new site into place: {e}"))
                    .hint("check permissions of the output folder's parent"),
            );
        }
        self.committed = true;
        if had_old {
            remove_ours(&old);
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn scratch(&self) -> Option<&Path> {
        Some(self.dir())
    }
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let full = self.file(path)?;
        std::fs::write(&full, bytes)?;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Relaxed);
        Ok(())
    }

    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let full = self.file(path)?;
        let file = std::fs::File::create(&full)?;
        let mut f = io::BufWriter::new(&file);
        fill(&mut f)?;
        f.flush()?;
        drop(f);
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(file.metadata()?.len(), Relaxed);
        Ok(())
    }

    fn splice(&self, path: &str, from: &Path, edits: &[Splice]) -> io::Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let src = std::fs::File::open(from)?;
        let full = self.file(path)?;
        let file = std::fs::File::create(&full)?;
        splice_into(&src, edits, &mut &file)?;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(file.metadata()?.len(), Relaxed);
        Ok(())
    }

    fn reuse(&self, path: &str, from: &Path) -> io::Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let full = self.file(path)?;
        // Another filesystem, or one without links: copy instead.
        let len = match std::fs::hard_link(from, &full) {
            Ok(()) => std::fs::symlink_metadata(&full)?.len(),
            Err(_) => std::fs::copy(from, &full)?,
        };
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(len, Relaxed);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_ours(&self.dir);
        }
    }
}

fn marker_text() -> String {
    format!(
        "This folder was generated by careerbook {}. It is replaced on every build; do not keep files here.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Swaps two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere the commit moves the old site aside, then the new one in.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Removes a folder only if it carries our marker.
fn remove_ours(dir: &Path) {
    if dir.join(MARKER).is_file() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Staging and old folders left by a build that was killed midway.
fn clean_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.careerbook-staging-"),
        format!(".{name}.careerbook-old-"),
    ];
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        {
            // Leave a concurrent build's folder alone.
            let alive = pid.parse::<u32>().is_ok_and(|pid| {
                Path::new(&format!("/proc/{pid}")).exists() && pid != std::process::id()
            });
            if !alive {
                remove_ours(&e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spliced(text: &[u8], edits: &[Splice]) -> io::Result<Vec<u8>> {
        let dir = tempfile::tempdir()?;
        let (from, to) = (dir.path().join("from"), dir.path().join("to"));
        std::fs::write(&from, text)?;
        let src = std::fs::File::open(&from)?;
        // Between two files (the kernel copies) and into memory.
        let file = std::fs::File::create(&to)?;
        splice_into(&src, edits, &mut &file)?;
        let mut mem = Vec::new();
        splice_into(&src, edits, &mut mem)?;
        let on_disk = std::fs::read(&to)?;
        assert_eq!(on_disk, mem);
        Ok(mem)
    }

    #[test]
    fn splices_replace_ranges_and_keep_the_rest() {
        let text = b"<h>one</h><h>two</h><h>three</h>";
        let edits = [
            Splice {
                start: 3,
                len: 3,
                with: b"ONE!",
            },
            Splice {
                start: 23,
                len: 5,
                with: b"",
            },
        ];
        assert_eq!(
            spliced(text, &edits).unwrap(),
            b"<h>ONE!</h><h>two</h><h></h>"
        );
        assert_eq!(spliced(text, &[]).unwrap(), text);
        let overlapping = [
            Splice {
                start: 3,
                len: 10,
                with: b"x",
            },
            Splice {
                start: 5,
                len: 1,
                with: b"y",
            },
        ];
        assert!(spliced(text, &overlapping).is_err());
        let past_the_end = [Splice {
            start: 100,
            len: 1,
            with: b"z",
        }];
        assert!(
            spliced(text, &past_the_end).is_err(),
            "a record longer than its file"
        );
    }
}
