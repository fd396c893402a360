//! The dev server's background work: after an edit is served, the search
//! index and the print page catch up on their own thread, so the edited
//! page never waits for them.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::http::{Site, State};
use super::incremental;
use super::incremental::Served;
use crate::diagnostics::Diagnostics;
use crate::search::update::{and_then, Edits, Layout};

/// How long saves must pause before the dev server puts the print page
/// together again.
const PRINT_WHEN_IDLE: std::time::Duration = std::time::Duration::from_millis(2000);

/// Rebuilds the print page and the search index in the background after an
/// edit, so the edited page is served without waiting for them: the latest
/// request wins, and a result that a newer request has overtaken is dropped.
pub(super) struct SearchWorker {
    tx: std::sync::mpsc::Sender<Msg>,
    latest: Arc<std::sync::atomic::AtomicU64>,
}

/// A generation, the handbook as of an update, its print job and the items
/// whose search documents it changed.
type Job = (
    u64,
    Arc<crate::model::Handbook>,
    incremental::PrintJob,
    Edits,
);

enum Msg {
    Job(Job),
    /// A full rebuild served a new index, laid out so.
    Reset(Option<Layout>),
}

/// What the worker knows of the index it serves.
struct Index {
    layout: Option<Layout>,
    /// Edits of jobs whose results were dropped, not yet in the index.
    carried: Edits,
}

impl Index {
    /// Brings the served index up to date with `hb` after `edits`; applies
    /// it only while `current`.
    fn catch_up(
        &mut self,
        state: &State,
        hb: &crate::model::Handbook,
        edits: Edits,
        current: &dyn Fn() -> bool,
    ) -> Result<(), Diagnostics> {
        let edits = and_then(self.carried.take(), edits);
        let site: Arc<Site> = state
            .site
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_default();
        let served = Served::new(&site.files, |f| &f.bytes);
        let (files, kept, layout) =
            incremental::search_update(hb, self.layout.as_ref(), served, &edits)?;
        if current() {
            state.replace_under(incremental::SEARCH_DIR, files, &kept);
            self.layout = layout;
            self.carried = Some(Vec::new());
        } else {
            self.carried = edits;
        }
        Ok(())
    }
}

impl SearchWorker {
    pub(super) fn start(
        state: Arc<State>,
        layout: Option<Layout>,
        report_failure: std::sync::mpsc::Sender<Diagnostics>,
    ) -> SearchWorker {
        let (tx, rx) = std::sync::mpsc::channel::<Msg>();
        let latest = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        std::thread::spawn(move || {
            let mut index = Index {
                layout,
                carried: Some(Vec::new()),
            };
            let mut pending: Option<Msg> = None;
            while let Some(msg) = pending.take().or_else(|| rx.recv().ok()) {
                // The latest job wins; the edits of those it overtakes add up.
                let mut job: Option<Job> = None;
                for m in std::iter::once(msg).chain(rx.try_iter()) {
                    match m {
                        Msg::Reset(layout) => {
                            index = Index {
                                layout,
                                carried: Some(Vec::new()),
                            };
                            job = None;
                        }
                        Msg::Job(newer) => {
                            let edits = match job.take() {
                                Some(older) => and_then(older.3, newer.3.clone()),
                                None => newer.3.clone(),
                            };
                            job = Some((newer.0, newer.1, newer.2, edits));
                        }
                    }
                }
                let Some((generation, hb, print, edits)) = job else {
                    continue;
                };
                let current = || seen.load(Ordering::SeqCst) == generation;
                // Only the print page's frame is rendered from the handbook;
                // the bodies are spliced in after it is let go, so the next
                // save rarely has to copy the model.
                let frame = incremental::print_frame(&hb, &print);
                let searched = index.catch_up(&state, &hb, edits, &current);
                drop(hb);
                if let Err(d) = searched {
                    let _ = report_failure.send(d);
                }
                // The print page is most of a large handbook's bytes and is
                // rarely open while writing: put it together once saves
                // pause, so it never competes with the next save for a core.
                match rx.recv_timeout(PRINT_WHEN_IDLE) {
                    Ok(newer) => {
                        pending = Some(newer);
                        continue;
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                }
                match frame.and_then(|f| match f {
                    Some(f) if current() => incremental::print_files(&f, &print).map(Some),
                    _ => Ok(None),
                }) {
                    Ok(Some(files)) if current() => state.patch(files, &[]),
                    Ok(_) => {}
                    Err(d) => {
                        let _ = report_failure.send(d);
                    }
                }
            }
        });
        SearchWorker { tx, latest }
    }

    /// Asks for the search index and print page of `hb`, whose update
    /// changed the search documents of `edits`.
    pub(super) fn request(
        &self,
        hb: Arc<crate::model::Handbook>,
        print: incremental::PrintJob,
        edits: Edits,
    ) {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.tx.send(Msg::Job((generation, hb, print, edits)));
    }

    /// A full rebuild wrote a fresh index, laid out as `layout`: drop
    /// whatever is in flight.
    pub(super) fn supersede(&self, layout: Option<Layout>) {
        self.latest.fetch_add(1, Ordering::SeqCst);
        let _ = self.tx.send(Msg::Reset(layout));
    }
}
