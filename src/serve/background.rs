//! The dev server's background work: after an edit is served, the search
//! index and the print page catch up on their own thread, so the edited
//! page never waits for them.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::http::State;
use super::incremental;
use crate::diagnostics::Diagnostics;

/// How long saves must pause before the dev server puts the print page
/// together again.
const PRINT_WHEN_IDLE: std::time::Duration = std::time::Duration::from_millis(2000);

/// Rebuilds the print page and the search index in the background after an
/// edit, so the edited page is served without waiting for them: the latest
/// request wins, and a result that a newer request has overtaken is dropped.
pub(super) struct SearchWorker {
    tx: std::sync::mpsc::Sender<Job>,
    latest: Arc<std::sync::atomic::AtomicU64>,
}

type Job = (u64, Arc<crate::model::Handbook>, incremental::PrintJob);

impl SearchWorker {
    pub(super) fn start(
        state: Arc<State>,
        report_failure: std::sync::mpsc::Sender<Diagnostics>,
    ) -> SearchWorker {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let latest = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        std::thread::spawn(move || {
            let mut pending: Option<Job> = None;
            while let Some(mut job) = pending.take().or_else(|| rx.recv().ok()) {
                while let Ok(newer) = rx.try_recv() {
                    job = newer;
                }
                let (generation, hb, print) = job;
                let current = || seen.load(Ordering::SeqCst) == generation;
                // Only the print page's frame is rendered from the handbook;
                // the bodies are spliced in after it is let go, so the next
                // save rarely has to copy the model.
                let frame = incremental::print_frame(&hb, &print);
                let search = incremental::search_files(&hb);
                drop(hb);
                match search {
                    Ok(files) if current() => state.replace_under(incremental::SEARCH_DIR, files),
                    Ok(_) => {}
                    Err(d) => {
                        let _ = report_failure.send(d);
                    }
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

    pub(super) fn request(&self, hb: Arc<crate::model::Handbook>, print: incremental::PrintJob) {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.tx.send((generation, hb, print));
    }

    /// A full rebuild wrote a fresh index: drop whatever is in flight.
    pub(super) fn supersede(&self) {
        self.latest.fetch_add(1, Ordering::SeqCst);
    }
}
