//! `careerbook serve`: build into memory, serve it over HTTP on loopback,
//! watch the handbook, rebuild on change and tell open pages to reload.
//!
//! The site lives only in memory: serving never writes to disk, so a
//! published `site/` is never touched, and nothing outside the build's own
//! output can be served. A broken save keeps the last good site and shows
//! the errors in the browser until the next good save.

pub mod http;
pub mod incremental;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use http::{File, Site, State};

/// Default port; the next free one is used when it is taken.
pub const DEFAULT_PORT: u16 = 3000;

pub struct Options {
    pub root: PathBuf,
    /// An explicit port must be free; without one, 3000 or the next free.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub open: bool,
    pub poll: bool,
    /// The reader's overlay folder, if any (from --overlay or CAREERBOOK_OVERLAY).
    pub overlay: Option<PathBuf>,
}

/// What the server tells the person running it.
pub enum Report<'a> {
    Listening {
        url: &'a str,
        public: bool,
    },
    Built {
        pages: usize,
        elapsed: Duration,
        warnings: &'a Diagnostics,
        /// Only the pages an edit touched were rendered.
        partial: bool,
    },
    Failed(&'a Diagnostics),
    Note(String),
    Stopped,
}

fn to_site(files: incremental::Files) -> Site {
    Site {
        files: files
            .into_iter()
            .map(|(k, v)| (k, Arc::new(File::new(v))))
            .collect(),
    }
}

/// How long saves must pause before the dev server puts the print page
/// together again.
const PRINT_WHEN_IDLE: std::time::Duration = std::time::Duration::from_millis(2000);

/// Rebuilds the print page and the search index in the background after an
/// edit, so the edited page is served without waiting for them: the latest
/// request wins, and a result that a newer request has overtaken is dropped.
struct SearchWorker {
    tx: std::sync::mpsc::Sender<Job>,
    latest: Arc<std::sync::atomic::AtomicU64>,
}

type Job = (u64, Arc<crate::model::Handbook>, incremental::PrintJob);

impl SearchWorker {
    fn start(
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

    fn request(&self, hb: Arc<crate::model::Handbook>, print: incremental::PrintJob) {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.tx.send((generation, hb, print));
    }

    /// A full rebuild wrote a fresh index: drop whatever is in flight.
    fn supersede(&self) {
        self.latest.fetch_add(1, Ordering::SeqCst);
    }
}

fn bind(opts: &Options) -> Result<(tiny_http::Server, SocketAddr), Diagnostic> {
    let ports: Vec<u16> = match opts.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + 100).collect(),
    };
    let mut last = String::new();
    for port in ports {
        let addr = SocketAddr::new(opts.bind, port);
        match tiny_http::Server::http(addr) {
            Ok(s) => return Ok((s, addr)),
            Err(e) => last = e.to_string(),
        }
    }
    Err(match opts.port {
        Some(p) => Diagnostic::error(format!("cannot listen on {}:{p}: {last}", opts.bind))
            .hint("the port is taken or not allowed; choose another with --port, or leave --port out to take the next free one"),
        None => Diagnostic::error(format!("no free port between {DEFAULT_PORT} and {}: {last}", DEFAULT_PORT + 99))
            .hint("pass a free port with --port"),
    })
}

/// Which event open pages get after a rebuild: a change to stylesheets only
/// refreshes them in place; anything else reloads the page.
fn reload_kind(changed: &[PathBuf]) -> &'static str {
    if !changed.is_empty()
        && changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"))
    {
        "css"
    } else {
        "reload"
    }
}

fn open_browser(url: &str) -> std::io::Result<()> {
    let (cmd, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    std::process::Command::new(cmd)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// Runs the server until Ctrl-C. The first build must succeed; later broken
/// builds are shown in the browser instead of stopping the server.
pub fn run(opts: &Options, report: &dyn Fn(Report)) -> Result<(), Diagnostics> {
    let root = &opts.root;
    let state = Arc::new(State::default());
    // Watch before the first build, so a save made while it runs is seen.
    // Events name absolute paths; compare them with an absolute root.
    let watch_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let overlay_root = opts
        .overlay
        .as_ref()
        .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.clone()));
    let extra: Vec<PathBuf> = overlay_root
        .iter()
        .filter(|d| d.is_dir())
        .cloned()
        .collect();
    let (mut watch, events) = watch::Watch::start(&watch_root, &extra, opts.poll).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!("cannot watch the handbook for changes: {e}"))
                .hint("on a network drive or in a container without file events, try `careerbook serve --poll`"),
        )
    })?;

    let start = Instant::now();
    let overlay = opts.overlay.as_deref();
    let (mut session, files, pages, warnings) = incremental::Session::full(root, overlay)?;
    if let Ok(mut s) = state.site.write() {
        *s = Arc::new(to_site(files));
    }
    report(Report::Built {
        pages,
        elapsed: start.elapsed(),
        warnings: &warnings,
        partial: false,
    });

    let (server, addr) = bind(opts)?;
    let server = Arc::new(server);
    let url = format!("http://{addr}/");
    report(Report::Listening {
        url: &url,
        public: !opts.bind.is_loopback(),
    });

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        let server = Arc::clone(&server);
        // A second handler cannot be installed (tests call run twice in one
        // process); then Ctrl-C simply ends the process, which is also clean.
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        });
    }

    const WORKERS: usize = 4;
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match server.recv_timeout(Duration::from_millis(250)) {
                        Ok(Some(req)) => http::handle(&state, req),
                        Ok(None) => {}
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();

    if opts.open {
        if let Err(e) = open_browser(&url) {
            report(Report::Note(format!(
                "could not open a browser ({e}); open {url} yourself"
            )));
        }
    }

    let stopping = || stop.load(Ordering::SeqCst);
    let (search_failed_tx, search_failed) = std::sync::mpsc::channel();
    let search = SearchWorker::start(Arc::clone(&state), search_failed_tx);
    let in_overlay = |p: &std::path::Path| {
        overlay_root.as_ref().is_some_and(|o| p.starts_with(o))
            && !p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(crate::source::is_ignored)
    };
    let relevant = |p: &std::path::Path| watch::relevant(&watch_root, p) || in_overlay(p);
    let mut pending: Vec<PathBuf> = Vec::new();
    let mut needs_full = false;
    while let Some(changed) = watch::next_change(&events, &relevant, &stopping) {
        watch.refresh();
        while let Ok(d) = search_failed.try_recv() {
            report(Report::Failed(&d));
        }
        let start = Instant::now();
        // An edit that failed is kept pending: the session still holds the
        // last good handbook, so the next update must read those files too.
        for p in &changed {
            if !pending.contains(p) {
                pending.push(p.clone());
            }
        }
        // After a failed full rebuild (book.toml, the theme) only a full one
        // can tell whether the handbook is sound again. An overlay edit
        // rebuilds everything: the overlay is small, and its pages quote the
        // whole framework.
        let overlay_changed = pending.iter().any(|p| in_overlay(p));
        let partial = if needs_full || overlay_changed {
            None
        } else {
            session.update(&pending)
        };
        let was_full = partial.is_none();
        let outcome = match partial {
            Some(Ok(update)) => {
                state.patch(update.files, &update.removed);
                Ok((update.pages, Diagnostics::new(), true))
            }
            Some(Err(d)) => Err(d),
            None => incremental::Session::full(root, overlay).map(|(s, files, pages, warnings)| {
                session = s;
                search.supersede();
                if let Ok(mut site) = state.site.write() {
                    *site = Arc::new(to_site(files));
                }
                (pages, warnings, false)
            }),
        };
        match &outcome {
            Ok(_) => {
                pending.clear();
                needs_full = false;
            }
            Err(_) if was_full => {
                pending.clear();
                needs_full = true;
            }
            Err(_) => {}
        }
        match outcome {
            Ok((pages, warnings, was_partial)) => {
                let was_broken = state
                    .error
                    .write()
                    .map(|mut e| e.take().is_some())
                    .unwrap_or(false);
                let kind = if was_broken {
                    "reload"
                } else {
                    reload_kind(&changed)
                };
                state.broadcast(kind, "");
                report(Report::Built {
                    pages,
                    elapsed: start.elapsed(),
                    warnings: &warnings,
                    partial: was_partial,
                });
                if was_partial {
                    search.request(Arc::clone(&session.hb), session.print_job());
                }
            }
            Err(diags) => {
                let text = diags.render(false);
                if let Ok(mut e) = state.error.write() {
                    *e = Some(text.clone());
                }
                state.broadcast("build-error", &text);
                report(Report::Failed(&diags));
            }
        }
    }
    stop.store(true, Ordering::SeqCst);
    for _ in 0..WORKERS {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    report(Report::Stopped);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_only_changes_refresh_styles() {
        assert_eq!(
            reload_kind(&[PathBuf::from("/h/themes/default/static/style.css")]),
            "css"
        );
        assert_eq!(
            reload_kind(&[PathBuf::from("/h/content/a.md"), PathBuf::from("/h/x.css")]),
            "reload"
        );
        assert_eq!(reload_kind(&[]), "reload");
    }
}
