//! The build cache: results that are expensive to compute and depend only
//! on their inputs (highlighted code today), kept on disk between runs.
//!
//! An entry is a file named by the BLAKE3 hash of everything its result
//! depends on, including careerbook's version and a fingerprint of the
//! code that computes it, so an entry can only be wrong if its file is. A
//! file is read back only if its header, its own key, its length and a
//! checksum of its payload all agree; a damaged, truncated or foreign file
//! is ignored (and replaced). Entries are written to a temporary name and
//! renamed into place, so two builds at once never see half an entry.
//!
//! The folder holds a `CACHEDIR.TAG` naming careerbook; `careerbook clean`
//! removes only a folder that has it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The cache folder a handbook's builds use, beside its `book.toml`.
pub(crate) const DIR: &str = ".careerbook-cache";

const HEADER: &str = "careerbook cache 1\n";
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder is careerbook's build cache. `careerbook clean` removes it;\n\
# so may you: nothing in it is needed.\n";

/// What a result depends on besides its input: careerbook's version and a
/// fingerprint of the code that computes cached results (set by build.rs).
fn identity() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), "+", env!("CAREERBOOK_CACHE_ID"))
}

/// How the cache fared in one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stats {
    pub hits: usize,
    pub misses: usize,
    /// Entries found but not trusted (damaged, truncated, foreign).
    pub rejected: usize,
}

#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    hits: AtomicUsize,
    misses: AtomicUsize,
    rejected: AtomicUsize,
    /// Set after a write fails (a read-only or full disk): the run goes on
    /// without writing more.
    unwritable: AtomicBool,
    tmp: AtomicUsize,
}

impl Cache {
    /// Opens (creating) the cache at `dir`.
    pub(crate) fn open(dir: &Path) -> io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        let tag = dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            std::fs::write(&tag, TAG)?;
        }
        Ok(Cache {
            dir: dir.to_path_buf(),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            rejected: AtomicUsize::new(0),
            unwritable: AtomicBool::new(false),
            tmp: AtomicUsize::new(0),
        })
    }

    pub(crate) fn stats(&self) -> Stats {
        Stats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            rejected: self.rejected.load(Ordering::Relaxed),
        }
    }

    /// The key of a result of `kind` computed from `parts`.
    fn key(kind: &str, parts: &[&[u8]]) -> String {
        let mut h = blake3::Hasher::new();
        for p in [identity().as_bytes(), kind.as_bytes()]
            .into_iter()
            .chain(parts.iter().copied())
        {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            h.update(&(p.len() as u64).to_le_bytes());
            h.update(p);
        }
        h.finalize().to_hex().to_string()
    }

    fn path(&self, kind: &str, key: &str) -> PathBuf {
        self.dir.join(kind).join(&key[..2]).join(&key[2..])
    }

    /// The cached result, or `compute`'s (then cached).
    pub(crate) fn get_or(
        &self,
        kind: &str,
        parts: &[&[u8]],
        compute: impl FnOnce() -> String,
    ) -> String {
        let counter = match self.lookup(kind, parts).map(String::from_utf8) {
            Ok(Ok(v)) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                return v;
            }
            Ok(Err(_)) | Err(true) => &self.rejected,
            Err(false) => &self.misses,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let value = compute();
        self.write(kind, parts, value.as_bytes());
        value
    }

    /// The entry of `kind` for `parts`, if there is one that checks out
    /// (not counted in [`Stats`], which are about highlighted blocks).
    pub(crate) fn read(&self, kind: &str, parts: &[&[u8]]) -> Option<Vec<u8>> {
        self.lookup(kind, parts).ok()
    }

    /// The entry's payload, or whether there was a file that did not check
    /// out.
    fn lookup(&self, kind: &str, parts: &[&[u8]]) -> Result<Vec<u8>, bool> {
        let key = Self::key(kind, parts);
        let bytes = std::fs::read(self.path(kind, &key)).map_err(|_| false)?;
        decode(&bytes, &key).map(<[u8]>::to_vec).ok_or(true)
    }

    /// Holds `name`'s lock until the file returned is dropped, waiting for
    /// another process that holds it. Builds of one output folder take it
    /// from reading the previous build's record to writing their own.
    pub(crate) fn lock(&self, name: &str) -> io::Result<std::fs::File> {
        let dir = self.dir.join("locks");
        std::fs::create_dir_all(&dir)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(Self::key("lock", &[name.as_bytes()])))?;
        file.lock()?;
        Ok(file)
    }

    /// Stores an entry (replacing any). A failed write is not an error, as
    /// the cache is only a shortcut: the run goes on without writing more.
    pub(crate) fn write(&self, kind: &str, parts: &[&[u8]], value: &[u8]) {
        let key = Self::key(kind, parts);
        let path = self.path(kind, &key);
        if !self.unwritable.load(Ordering::Relaxed) && self.put(&path, &key, value).is_err() {
            self.unwritable.store(true, Ordering::Relaxed);
        }
    }

    fn put(&self, path: &Path, key: &str, value: &[u8]) -> io::Result<()> {
        let parent = path.parent().ok_or_else(|| io::Error::other("no parent"))?;
        let n = self.tmp.fetch_add(1, Ordering::Relaxed);
        let tmp = parent.join(format!(".tmp-{}-{n}", std::process::id()));
        let bytes = encode(key, value);
        // The folder usually exists: make it only when the write says not.
        if let Err(e) = std::fs::write(&tmp, &bytes) {
            if e.kind() != io::ErrorKind::NotFound {
                return Err(e);
            }
            std::fs::create_dir_all(parent)?;
            std::fs::write(&tmp, &bytes)?;
        }
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

fn encode(key: &str, value: &[u8]) -> Vec<u8> {
    let sum = blake3::hash(value).to_hex();
    let mut out = Vec::with_capacity(value.len() + 160);
    out.extend_from_slice(HEADER.as_bytes());
    out.extend_from_slice(format!("{key}\n{}\n", value.len()).as_bytes());
    out.extend_from_slice(value);
    out.extend_from_slice(format!("\n{sum}\n").as_bytes());
    out
}

/// An entry's payload, if the file is whole, is this key's, and checks out.
fn decode<'a>(bytes: &'a [u8], key: &str) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(HEADER.as_bytes())?;
    let rest = rest.strip_prefix(key.as_bytes())?.strip_prefix(b"\n")?;
    let nl = rest.iter().position(|&b| b == b'\n')?;
    let len: usize = std::str::from_utf8(&rest[..nl]).ok()?.parse().ok()?;
    let rest = &rest[nl + 1..];
    let payload = rest.get(..len)?;
    let tail = rest.get(len..)?;
    let sum = blake3::hash(payload).to_hex();
    if tail != format!("\n{sum}\n").as_bytes() {
        return None;
    }
    Some(payload)
}

/// Removes the cache folder at `dir`, only if it is careerbook's (it has
/// the tag). Returns whether there was one to remove.
pub(crate) fn clean(dir: &Path) -> io::Result<bool> {
    if !dir.exists() {
        return Ok(false);
    }
    let tag = std::fs::read_to_string(dir.join("CACHEDIR.TAG")).unwrap_or_default();
    if !tag.contains("careerbook") {
        return Err(io::Error::other(format!(
            "`{}` is not careerbook's cache (it has no CACHEDIR.TAG naming careerbook); not removing it",
            dir.display()
        )));
    }
    std::fs::remove_dir_all(dir)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_trusted_only_whole_and_its_own() {
        let tmp = tempfile::tempdir().unwrap();
        let c = Cache::open(tmp.path()).unwrap();
        let calls = std::cell::Cell::new(0);
        let get = |c: &Cache, code: &str| {
            c.get_or("t", &[code.as_bytes()], || {
                calls.set(calls.get() + 1);
                format!("<{code}>")
            })
        };
        assert_eq!(get(&c, "a"), "<a>");
        assert_eq!(get(&c, "a"), "<a>");
        assert_eq!(
            c.stats(),
            Stats {
                hits: 1,
                misses: 1,
                rejected: 0
            }
        );
        let key = Cache::key("t", &[b"a"]);
        let path = c.path("t", &key);
        let whole = std::fs::read(&path).unwrap();
        // Truncated, damaged in the payload, or another key's file: each is
        // recomputed, never served.
        for bad in [
            whole[..whole.len() - 5].to_vec(),
            String::from_utf8(whole.clone())
                .unwrap()
                .replace("<a>", "<b>")
                .into_bytes(),
            encode(&Cache::key("t", &[b"z"]), b"<z>"),
            b"garbage".to_vec(),
            Vec::new(),
        ] {
            std::fs::write(&path, &bad).unwrap();
            assert_eq!(get(&c, "a"), "<a>");
            // And replaced by a good entry.
            assert_eq!(std::fs::read(&path).unwrap(), whole);
        }
        assert_eq!(c.stats().rejected, 5);
        assert_eq!(calls.get(), 6);
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(
            Cache::key("t", &[b"ab", b"c"]),
            Cache::key("t", &[b"a", b"bc"])
        );
        assert_ne!(Cache::key("t", &[b"a"]), Cache::key("u", &[b"a"]));
    }

    #[test]
    fn clean_removes_only_careerbooks_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let mine = tmp.path().join("mine");
        Cache::open(&mine).unwrap();
        assert!(clean(&mine).unwrap());
        assert!(!mine.exists());
        let theirs = tmp.path().join("theirs");
        std::fs::create_dir_all(&theirs).unwrap();
        std::fs::write(theirs.join("notes.txt"), "keep").unwrap();
        assert!(clean(&theirs).is_err());
        assert!(theirs.join("notes.txt").exists());
        assert!(!clean(&tmp.path().join("none")).unwrap());
    }
}
