//! `careerbook serve`: build into memory, serve it over HTTP on loopback,
//! watch the handbook, rebuild on change and tell open pages to reload.
//!
//! The site lives only in memory: serving never writes to disk, so a
//! published `site/` is never touched, and nothing outside the build's own
//! output can be served. A broken save keeps the last good site and shows
//! the errors in the browser until the next good save.

mod background;
pub(crate) mod http;
pub mod incremental;
mod rebuild;
pub(crate) mod watch;

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
    /// The build profile (`public` when `None`): see `build --profile`.
    pub profile: Option<String>,
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

pub(crate) fn to_site(files: incremental::Files) -> Site {
    Site {
        files: files
            .into_iter()
            .map(|(k, v)| (k, Arc::new(File::new(v))))
            .collect(),
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
pub(crate) fn reload_kind(changed: &[PathBuf]) -> &'static str {
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
    let (session, files, pages, warnings) =
        incremental::Session::full(root, opts.overlay.as_deref(), opts.profile.as_deref())?;
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
    let workers = start_workers(&server, &state, &stop);
    if opts.open {
        if let Err(e) = open_browser(&url) {
            report(Report::Note(format!(
                "could not open a browser ({e}); open {url} yourself"
            )));
        }
    }

    let stopping = || stop.load(Ordering::SeqCst);
    let (search_failed_tx, search_failed) = std::sync::mpsc::channel();
    let in_overlay = |p: &std::path::Path| {
        overlay_root.as_ref().is_some_and(|o| p.starts_with(o))
            && !p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(crate::source::is_ignored)
    };
    let relevant = |p: &std::path::Path| watch::relevant(&watch_root, p) || in_overlay(p);
    let search = background::SearchWorker::start(
        Arc::clone(&state),
        session.search_layout(),
        search_failed_tx,
    );
    let mut rebuild = rebuild::Rebuild {
        root: root.clone(),
        overlay: opts.overlay.clone(),
        profile: opts.profile.clone(),
        session,
        state: Arc::clone(&state),
        search,
        pending: Vec::new(),
        needs_full: false,
    };
    while let Some(changed) = watch::next_change(&events, &relevant, &stopping) {
        watch.refresh();
        while let Ok(d) = search_failed.try_recv() {
            report(Report::Failed(&d));
        }
        let overlay_changed = changed.iter().any(|p| in_overlay(p));
        rebuild.on_change(&changed, overlay_changed, report);
    }
    stop.store(true, Ordering::SeqCst);
    for _ in 0..workers.len() {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    report(Report::Stopped);
    Ok(())
}

/// The HTTP workers, and Ctrl-C stopping them.
fn start_workers(
    server: &Arc<tiny_http::Server>,
    state: &Arc<State>,
    stop: &Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<()>> {
    {
        let stop = Arc::clone(stop);
        let server = Arc::clone(server);
        // A second handler cannot be installed (tests call run twice in one
        // process); then Ctrl-C simply ends the process, which is also clean.
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        });
    }
    const WORKERS: usize = 4;
    (0..WORKERS)
        .map(|_| {
            let server = Arc::clone(server);
            let state = Arc::clone(state);
            let stop = Arc::clone(stop);
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
        .collect()
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
