//! Posting lists kept out of memory while a large index is built. Once the
//! builder holds [`HOLD`] postings it writes them to a run file in the
//! output's scratch folder, sorted by shard and term; at the end the runs
//! are merged back a shard at a time. Peak memory is then the postings of
//! one run plus one shard, whatever the size of the handbook.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::index::Postings;
use super::terms::{write_shard, Put};
use super::tokenize::shard_key;

/// Postings held in memory before they are written out: 4 bytes each, and
/// as much again while the lists grow.
pub(super) const HOLD: usize = 1 << 22;

/// A term of a run: its shard key, the term and its postings.
type Entry = (String, String, Vec<u32>);

/// A shard: its key and its terms with their postings.
pub(super) type Shard = (String, Vec<(String, Vec<u32>)>);

/// The run files of one index build, removed when it is dropped (on
/// success and on error alike).
pub(super) struct Runs {
    dir: PathBuf,
    files: Vec<PathBuf>,
}

impl Runs {
    pub(super) fn new(dir: &Path) -> Runs {
        Runs {
            dir: dir.to_path_buf(),
            files: Vec::new(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Writes `postings` out as the next run.
    pub(super) fn write(&mut self, postings: Postings) -> io::Result<()> {
        let mut entries: Vec<Entry> = postings
            .into_iter()
            .map(|(t, p)| (shard_key(&t), t, p))
            .collect();
        entries.sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let path = self
            .dir
            .join(format!(".careerbook-search-postings-{}", self.files.len()));
        let file = File::create(&path)?;
        self.files.push(path);
        let mut out = BufWriter::with_capacity(1 << 20, file);
        for (_, term, list) in entries {
            out.write_all(&(term.len() as u32).to_le_bytes())?;
            out.write_all(term.as_bytes())?;
            out.write_all(&(list.len() as u32).to_le_bytes())?;
            for p in list {
                out.write_all(&p.to_le_bytes())?;
            }
        }
        out.flush()
    }

    /// Every term's whole posting list (its runs' lists joined), handed to
    /// `shard` a shard at a time, in shard order, terms in order.
    pub(super) fn merge(
        &mut self,
        mut shard: impl FnMut(String, Vec<(String, Vec<u32>)>) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut runs = self
            .files
            .iter()
            .map(|p| Ok(Run(BufReader::with_capacity(1 << 16, File::open(p)?))))
            .collect::<io::Result<Vec<Run>>>()?;
        let mut heads = runs
            .iter_mut()
            .map(Run::next)
            .collect::<io::Result<Vec<_>>>()?;
        let mut current: Option<Shard> = None;
        while let Some((key, term)) = heads
            .iter()
            .flatten()
            .map(|(k, t, _)| (k, t))
            .min()
            .map(|(k, t)| (k.clone(), t.clone()))
        {
            let mut list = Vec::new();
            for (head, run) in heads.iter_mut().zip(runs.iter_mut()) {
                if let Some((_, _, p)) = head.take_if(|(k, t, _)| *k == key && *t == term) {
                    list.extend(p);
                    *head = run.next()?;
                }
            }
            match &mut current {
                Some((k, entries)) if *k == key => entries.push((term, list)),
                _ => {
                    if let Some((k, entries)) = current.take() {
                        shard(k, entries)?;
                    }
                    current = Some((key, vec![(term, list)]));
                }
            }
        }
        match current {
            Some((k, entries)) => shard(k, entries),
            None => Ok(()),
        }
    }
}

/// Every shard of postings partly written out in runs: the runs are
/// merged back a shard at a time, and shards are written a batch at a time
/// (in parallel, a run's worth of postings at most).
pub(super) fn write_shards(
    runs: &mut Runs,
    last: Postings,
    hold: usize,
    put: Put,
) -> io::Result<Vec<String>> {
    runs.write(last)?;
    let flush = |batch: &mut Vec<Shard>| {
        std::mem::take(batch)
            .into_par_iter()
            .try_for_each(|(key, entries)| write_shard(&key, entries, put))
    };
    let (mut keys, mut batch, mut held) = (Vec::new(), Vec::new(), 0);
    runs.merge(|key, entries| {
        held += entries.iter().map(|(_, p)| p.len()).sum::<usize>();
        keys.push(key.clone());
        batch.push((key, entries));
        if held > hold / 2 {
            held = 0;
            flush(&mut batch)?;
        }
        Ok(())
    })?;
    flush(&mut batch)?;
    Ok(keys)
}

impl Drop for Runs {
    fn drop(&mut self) {
        for f in &self.files {
            let _ = std::fs::remove_file(f);
        }
    }
}

/// One run file, read a term at a time.
struct Run(BufReader<File>);

impl Run {
    fn next(&mut self) -> io::Result<Option<Entry>> {
        let mut n = [0u8; 4];
        match self.0.read_exact(&mut n) {
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            r => r?,
        }
        let mut term = vec![0u8; u32::from_le_bytes(n) as usize];
        self.0.read_exact(&mut term)?;
        let term = String::from_utf8(term).map_err(io::Error::other)?;
        self.0.read_exact(&mut n)?;
        let mut bytes = vec![0u8; u32::from_le_bytes(n) as usize * 4];
        self.0.read_exact(&mut bytes)?;
        let list = bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Some((shard_key(&term), term, list)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings(terms: &[(&str, &[u32])]) -> Postings {
        terms
            .iter()
            .map(|(t, p)| (t.to_string(), p.to_vec()))
            .collect()
    }

    /// A sink in memory with a scratch folder, as a build's staging has.
    struct Scratched(crate::output::MemorySink, std::path::PathBuf);

    impl crate::output::Sink for Scratched {
        fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
            crate::output::Sink::write(&self.0, path, bytes)
        }
        fn scratch(&self) -> Option<&std::path::Path> {
            Some(&self.1)
        }
    }

    #[test]
    fn postings_written_out_in_runs_make_the_same_index() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let hb = crate::load::load(repo).unwrap();
        let resolver = crate::model::Resolver::new(&hb);
        let whole = crate::output::MemorySink::default();
        super::super::index::write(&hb, &resolver, &whole).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let runs = Scratched(Default::default(), tmp.path().to_path_buf());
        // A few thousand postings a run: the bundled handbook makes dozens.
        super::super::index::write_holding(&hb, &resolver, &runs, 3000).unwrap();
        let (a, b) = (whole.files.lock().unwrap(), runs.0.files.lock().unwrap());
        assert!(a.len() > 100, "{} files", a.len());
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (path, bytes) in a.iter() {
            assert!(b[path] == *bytes, "{path} differs");
        }
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "runs removed"
        );
    }

    #[test]
    fn runs_merge_back_a_shard_at_a_time() {
        let dir = std::env::temp_dir().join(format!("careerbook-spill-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut runs = Runs::new(&dir);
        runs.write(postings(&[
            ("zebra", &[1]),
            ("apple", &[1, 2]),
            ("apricot", &[2]),
        ]))
        .unwrap();
        runs.write(postings(&[("apple", &[5]), ("été", &[6]), ("b", &[7])]))
            .unwrap();
        let mut got = Vec::new();
        runs.merge(|key, entries| {
            got.push((key, entries));
            Ok(())
        })
        .unwrap();
        let want: Vec<Shard> = vec![
            ("_e9t".into(), vec![("été".into(), vec![6])]),
            (
                "ap".into(),
                vec![("apple".into(), vec![1, 2, 5]), ("apricot".into(), vec![2])],
            ),
            ("b".into(), vec![("b".into(), vec![7])]),
            ("ze".into(), vec![("zebra".into(), vec![1])]),
        ];
        assert_eq!(got, want);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        drop(runs);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "runs removed");
        std::fs::remove_dir(&dir).unwrap();
    }
}
