//! What the dev server does with a change: update the session (or rebuild
//! it whole), patch the served site, tell open pages, and hand the search
//! index and print page to the background.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::background::SearchWorker;
use super::http::State;
use super::{incremental, reload_kind, to_site, Report};
use crate::diagnostics::Diagnostics;

pub(super) struct Rebuild {
    pub root: PathBuf,
    pub overlay: Option<PathBuf>,
    pub profile: Option<String>,
    pub session: incremental::Session,
    pub state: Arc<State>,
    pub search: SearchWorker,
    /// Files of edits that failed: the session still holds the last good
    /// handbook, so the next update must read them too.
    pub pending: Vec<PathBuf>,
    /// A full rebuild failed (book.toml, the theme): only a full one can
    /// tell whether the handbook is sound again.
    pub needs_full: bool,
}

impl Rebuild {
    pub(super) fn on_change(
        &mut self,
        changed: &[PathBuf],
        overlay_changed: bool,
        report: &dyn Fn(Report),
    ) {
        let start = Instant::now();
        for p in changed {
            if !self.pending.contains(p) {
                self.pending.push(p.clone());
            }
        }
        // An overlay edit rebuilds everything: the overlay is small, and its
        // pages quote the whole framework.
        let partial = if self.needs_full || overlay_changed {
            None
        } else {
            self.session.update(&self.pending)
        };
        let was_full = partial.is_none();
        let outcome = match partial {
            Some(Ok(update)) => {
                self.state.patch(update.files, &update.removed);
                Ok((update.pages, Diagnostics::new(), true))
            }
            Some(Err(d)) => Err(d),
            None => self.full(),
        };
        match (&outcome, was_full) {
            (Ok(_), _) => {
                self.pending.clear();
                self.needs_full = false;
            }
            (Err(_), true) => {
                self.pending.clear();
                self.needs_full = true;
            }
            (Err(_), false) => {}
        }
        match outcome {
            Ok((pages, warnings, was_partial)) => {
                let was_broken = self
                    .state
                    .error
                    .write()
                    .map(|mut e| e.take().is_some())
                    .unwrap_or(false);
                let kind = if was_broken {
                    "reload"
                } else {
                    reload_kind(changed)
                };
                self.state.broadcast(kind, "");
                report(Report::Built {
                    pages,
                    elapsed: start.elapsed(),
                    warnings: &warnings,
                    partial: was_partial,
                });
                if was_partial {
                    let edits = self.session.take_search_edits();
                    self.search.request(
                        Arc::clone(&self.session.hb),
                        self.session.print_job(),
                        edits,
                    );
                }
            }
            Err(diags) => {
                let text = diags.render(false);
                if let Ok(mut e) = self.state.error.write() {
                    *e = Some(text.clone());
                }
                self.state.broadcast("build-error", &text);
                report(Report::Failed(&diags));
            }
        }
    }

    fn full(&mut self) -> Result<(usize, Diagnostics, bool), Diagnostics> {
        let (s, files, pages, warnings) = incremental::Session::full(
            &self.root,
            self.overlay.as_deref(),
            self.profile.as_deref(),
        )?;
        self.session = s;
        self.search.supersede(self.session.search_layout());
        if let Ok(mut site) = self.state.site.write() {
            *site = Arc::new(to_site(files));
        }
        Ok((pages, warnings, false))
    }
}
