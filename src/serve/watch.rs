//! Watching a handbook for changes: which paths matter, how a burst of
//! events becomes one rebuild, and a polling fallback for file systems that
//! send no events (network drives, some containers).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// Top-level folders of a handbook whose files feed the site.
pub(crate) const WATCHED_DIRS: [&str; 3] = ["content", "themes", "static"];

/// How long the files must be quiet before a rebuild starts: editors save
/// in bursts (write a temp file, rename it over the original, touch it).
pub(crate) const QUIET: Duration = Duration::from_millis(15);
/// The longest a burst may delay a rebuild.
pub(crate) const MAX_WAIT: Duration = Duration::from_millis(300);
/// How long to wait for the rest of a burst once every changed file was
/// closed after writing, renamed into place or removed: the save is done,
/// and a rename that follows a write comes within microseconds.
pub(crate) const SETTLED: Duration = Duration::from_millis(2);

pub(crate) type Events = Receiver<notify::Result<notify::Event>>;

pub(crate) struct Watch {
    /// `None` when polling: the poller thread runs on its own.
    watcher: Option<Box<dyn Watcher + Send>>,
    root: PathBuf,
    watching: Vec<PathBuf>,
}

/// Size and modification time (to the nanosecond) of every watched file.
/// `dirs` are the subfolders to walk (`""` for the folder itself); by
/// default a handbook's.
fn snapshot(
    root: &Path,
    dirs: &[&str],
) -> std::collections::HashMap<PathBuf, (u64, Option<std::time::SystemTime>)> {
    let mut files = std::collections::HashMap::new();
    let starts: Vec<PathBuf> = if dirs.is_empty() {
        std::iter::once(root.join(crate::load::CONFIG_FILE))
            .chain(WATCHED_DIRS.iter().map(|d| root.join(d)))
            .collect()
    } else {
        dirs.iter().map(|d| root.join(d)).collect()
    };
    for start in starts {
        for e in walkdir::WalkDir::new(&start)
            .follow_links(true)
            .into_iter()
            .flatten()
        {
            if let Ok(m) = e.metadata() {
                if m.is_file() {
                    files.insert(e.into_path(), (m.len(), m.modified().ok()));
                }
            }
        }
    }
    files
}

/// The polling fallback. notify's own poller compares modification times
/// in whole seconds and misses a save made within the second of its last
/// look; this compares sizes and full-precision times, and reports
/// changes through the same channel as file events.
fn poll(
    root: PathBuf,
    extra: Vec<PathBuf>,
    tx: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
) {
    let all = |root: &Path| {
        let mut files = snapshot(root, &[]);
        for dir in &extra {
            files.extend(snapshot(dir, &[""]));
        }
        files
    };
    let mut before = all(&root);
    loop {
        std::thread::sleep(Duration::from_millis(250));
        let now = all(&root);
        let mut changed: Vec<PathBuf> = now
            .iter()
            .filter(|(p, v)| before.get(*p) != Some(v))
            .map(|(p, _)| p.clone())
            .collect();
        changed.extend(before.keys().filter(|p| !now.contains_key(*p)).cloned());
        if !changed.is_empty() {
            let mut ev = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any));
            ev.paths = changed;
            if tx.send(Ok(ev)).is_err() {
                return;
            }
        }
        before = now;
    }
}

impl Watch {
    /// Watches `root`'s `book.toml` and content, theme and static folders.
    /// `poll` uses a polling watcher that works where events do not.
    /// `extra` folders (the overlay) are watched whole.
    pub(crate) fn start(
        root: &Path,
        extra: &[PathBuf],
        polling: bool,
    ) -> notify::Result<(Watch, Events)> {
        let (tx, rx) = std::sync::mpsc::channel();
        if polling {
            let root = root.to_path_buf();
            let extra = extra.to_vec();
            std::thread::spawn(move || poll(root, extra, tx));
            let w = Watch {
                watcher: None,
                root: PathBuf::new(),
                watching: Vec::new(),
            };
            return Ok((w, rx));
        }
        let mut watcher: Box<dyn Watcher + Send> = Box::new(notify::recommended_watcher(tx)?);
        // The root itself, not recursively: book.toml and folders that
        // appear later (a new themes/ override).
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for dir in extra {
            watcher.watch(dir, RecursiveMode::Recursive)?;
        }
        let mut w = Watch {
            watcher: Some(watcher),
            root: root.to_path_buf(),
            watching: Vec::new(),
        };
        w.refresh();
        Ok((w, rx))
    }

    /// Starts watching folders that did not exist when serving began.
    pub(crate) fn refresh(&mut self) {
        let Some(watcher) = self.watcher.as_mut() else {
            return;
        };
        for d in WATCHED_DIRS {
            let p = self.root.join(d);
            if p.is_dir()
                && !self.watching.contains(&p)
                && watcher.watch(&p, RecursiveMode::Recursive).is_ok()
            {
                self.watching.push(p);
            }
        }
    }
}

/// Whether a changed path can affect the site.
pub(crate) fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.iter().filter_map(|p| p.to_str());
    let Some(first) = parts.next() else {
        return false;
    };
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if rel
        .iter()
        .filter_map(|p| p.to_str())
        .any(crate::source::is_ignored)
    {
        return false;
    }
    if first == crate::load::CONFIG_FILE {
        return parts.next().is_none();
    }
    WATCHED_DIRS.contains(&first) && !name.is_empty()
}

fn wanted(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        // Reads (our own builds read every file) are not changes.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether an event says a file's save is complete: closed after writing,
/// renamed into place, or removed.
fn completes(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(
                RenameMode::To | RenameMode::Both | RenameMode::From
            ))
            | EventKind::Remove(_)
    )
}

/// Blocks until something relevant changes, then waits for the burst to
/// settle (`QUIET` without events, or `SETTLED` once every changed file's
/// save is complete), and returns the paths that changed. `None` when `stop()` turns
/// true or the watcher ends.
pub(crate) fn next_change(
    rx: &Events,
    relevant: &dyn Fn(&Path) -> bool,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<PathBuf>> {
    let mut changed: Vec<PathBuf> = Vec::new();
    // Changed files still being written.
    let mut open: Vec<PathBuf> = Vec::new();
    let mut first: Option<Instant> = None;
    loop {
        if stop() {
            return None;
        }
        let timeout = match first {
            None => Duration::from_millis(200),
            Some(t) => {
                if t.elapsed() >= MAX_WAIT {
                    return Some(changed);
                }
                match open.is_empty() {
                    true => SETTLED,
                    false => QUIET,
                }
            }
        };
        match rx.recv_timeout(timeout) {
            Ok(Ok(ev)) => {
                if !wanted(&ev.kind) {
                    continue;
                }
                let done = completes(&ev.kind);
                for p in ev.paths {
                    if !relevant(&p) {
                        continue;
                    }
                    match done {
                        true => open.retain(|o| *o != p),
                        false if !open.contains(&p) => open.push(p.clone()),
                        false => {}
                    }
                    if !changed.contains(&p) {
                        changed.push(p);
                        first.get_or_insert_with(Instant::now);
                    }
                }
            }
            // A watcher error (an overflowed event queue): rebuild to be safe.
            Ok(Err(_)) => {
                first.get_or_insert_with(Instant::now);
                open.push(PathBuf::new());
            }
            Err(RecvTimeoutError::Timeout) => {
                if first.is_some() {
                    return Some(changed);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_ends_when_every_file_is_saved() {
        use notify::event::{AccessKind, AccessMode, DataChange, ModifyKind};
        let (tx, rx) = std::sync::mpsc::channel();
        let ev = |kind, p: &str| Ok(notify::Event::new(kind).add_path(PathBuf::from(p)));
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        for e in [
            ev(write, "/hb/a.md"),
            ev(write, "/hb/b.md"),
            ev(close, "/hb/a.md"),
        ] {
            tx.send(e).unwrap();
        }
        assert!(!completes(&write) && completes(&close));
        let got = next_change(&rx, &|_| true, &|| false);
        assert_eq!(
            got,
            Some(vec![PathBuf::from("/hb/a.md"), PathBuf::from("/hb/b.md")])
        );
        // Nothing more: the watcher's end stops the loop.
        drop(tx);
        assert_eq!(next_change(&rx, &|_| true, &|| false), None);
    }

    #[test]
    fn only_handbook_files_matter() {
        let root = Path::new("/hb");
        for yes in [
            "/hb/book.toml",
            "/hb/content/guides/a.md",
            "/hb/themes/default/templates/x.html",
            "/hb/static/logo.svg",
        ] {
            assert!(relevant(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/hb/site/index.html",
            "/hb/target/debug/x",
            "/hb/.git/index",
            "/hb/content/guides/.a.md.swp",
            "/hb/content/guides/a.md~",
            "/hb/content/.#a.md",
            "/other/content/a.md",
            "/hb/README.md",
        ] {
            assert!(!relevant(root, Path::new(no)), "{no}");
        }
    }
}
