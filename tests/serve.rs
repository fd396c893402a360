//! `careerbook serve`: a real server process on loopback, spoken to over raw
//! TCP, with real file edits.

mod common;
use common::Book;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    out: Receiver<String>,
    err: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(b: &Book, extra: &[&str]) -> Server {
    start_with(b, extra, &[])
}

/// Starts `careerbook serve` on a free port, with extra arguments and
/// environment variables, and waits until it listens.
fn start_with(b: &Book, extra: &[&str], env: &[(&str, &Path)]) -> Server {
    let port = free_port();
    let port_s = port.to_string();
    let mut args = vec!["serve", "book", "--port", &port_s];
    args.extend_from_slice(extra);
    let mut cmd = Command::new(common::bin());
    cmd.args(&args)
        .current_dir(b.tmp.path())
        .env("NO_COLOR", "1")
        // A developer's own overlay must not leak into the tests.
        .env_remove("CAREERBOOK_OVERLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    let s = Server {
        child,
        port,
        out,
        err,
    };
    wait_line(&s.out, "serving", Duration::from_secs(30));
    s
}

#[track_caller]
fn wait_line(rx: &Receiver<String>, needle: &str, timeout: Duration) -> String {
    let end = Instant::now() + timeout;
    let mut seen = Vec::new();
    while Instant::now() < end {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(50)) {
            if l.contains(needle) {
                return l;
            }
            seen.push(l);
        }
    }
    panic!("no line with {needle:?}; saw {seen:?}");
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

fn request(port: u16, raw: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let body = buf.get(split + 4..).unwrap_or(&[]).to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Response { status, head, body }
}

fn get(port: u16, path: &str) -> Response {
    request(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    )
}

fn header<'a>(r: &'a Response, name: &str) -> Option<&'a str> {
    r.head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// An open live-reload stream, read event by event.
struct Events {
    rx: Receiver<String>,
}

fn events(port: u16) -> Events {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"GET /__careerbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    Events { rx: lines(s) }
}

impl Events {
    /// The next event of `kind`, with its data lines joined.
    #[track_caller]
    fn next(&self, kind: &str, timeout: Duration) -> String {
        let end = Instant::now() + timeout;
        let mut current: Option<String> = None;
        let mut data = Vec::new();
        let mut seen = Vec::new();
        while Instant::now() < end {
            let Ok(l) = self.rx.recv_timeout(Duration::from_millis(50)) else {
                continue;
            };
            if let Some(e) = l.strip_prefix("event: ") {
                current = Some(e.to_string());
                data.clear();
            } else if let Some(d) = l.strip_prefix("data: ") {
                data.push(d.to_string());
            } else if l.is_empty() {
                if let Some(e) = current.take() {
                    if e == kind {
                        return data.join("\n");
                    }
                    seen.push(e);
                }
            }
        }
        panic!("no {kind:?} event; saw {seen:?}");
    }
}

const T: Duration = Duration::from_secs(15);

#[test]
fn serves_the_site_safely() {
    let b = Book::new();
    let s = start(&b, &[]);
    let r = get(s.port, "/");
    assert_eq!(r.status, 200);
    assert_eq!(header(&r, "Content-Type"), Some("text/html; charset=utf-8"));
    let html = String::from_utf8_lossy(&r.body);
    assert!(
        html.contains("<script src=\"/__careerbook/live.js\"></script></body>"),
        "live script injected"
    );
    assert_eq!(get(s.port, "/levels/").status, 200);
    let r = get(s.port, "/levels");
    assert_eq!((r.status, header(&r, "Location")), (301, Some("/levels/")));
    assert_eq!(
        header(&get(s.port, "/assets/style.css"), "Content-Type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        header(&get(s.port, "/assets/search.js"), "Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    // Not found: the theme's 404 page, with status 404; no directory listings.
    let r = get(s.port, "/no/such/page.html");
    assert_eq!(r.status, 404);
    assert!(String::from_utf8_lossy(&r.body).contains("Page not found"));
    assert_eq!(get(s.port, "/assets/").status, 404);
    // Nothing outside the site, however it is spelled.
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/a/%00",
        "/%5c..%5cbook.toml",
    ] {
        let r = get(s.port, path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(
            !String::from_utf8_lossy(&r.body).contains("root:"),
            "{path}"
        );
    }
    for path in [
        "/book.toml",
        "/content/guides/glue-work.md",
        "/site/index.html",
    ] {
        assert_eq!(get(s.port, path).status, 404, "{path}");
    }
    // HEAD and conditional requests.
    let head = request(
        s.port,
        "HEAD /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let etag = header(&head, "ETag").unwrap().to_string();
    let r = request(
        s.port,
        &format!("GET /assets/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\nIf-None-Match: {}\r\n\r\n", header(&get(s.port, "/assets/style.css"), "ETag").unwrap()),
    );
    assert_eq!(r.status, 304);
    assert!(etag.starts_with('"'));
    assert_eq!(
        request(
            s.port,
            "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        )
        .status,
        405
    );
    // Serving never writes a site to disk.
    assert!(!b.path("site").exists());
}

#[test]
fn a_save_reloads_pages_and_a_broken_save_shows_the_error() {
    let b = Book::new();
    let s = start(&b, &[]);
    let ev = events(s.port);
    ev.next("hello", T);
    b.edit(
        "content/guides/glue-work.md",
        "Track it in a brag document.",
        "Track it in a brag document, weekly.",
    );
    ev.next("reload", T);
    let body = String::from_utf8_lossy(&get(s.port, "/guides/glue-work.html").body).into_owned();
    assert!(body.contains("weekly"), "new text is served");

    b.edit(
        "content/guides/glue-work.md",
        "[[#make-it-visible]]",
        "[[guide:nowhere]]",
    );
    let err = ev.next("build-error", T);
    assert!(err.contains("content/guides/glue-work.md:30:11"), "{err}");
    assert!(
        err.contains("broken cross-reference: no guide `nowhere`"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    wait_line(&s.err, "build failed", T);
    // The last good site is still served, and a page opened now sees the error.
    assert!(
        String::from_utf8_lossy(&get(s.port, "/guides/glue-work.html").body).contains("weekly")
    );
    let late = events(s.port);
    assert!(late.next("build-error", T).contains("nowhere"));

    b.edit(
        "content/guides/glue-work.md",
        "[[guide:nowhere]]",
        "[[#make-it-visible]]",
    );
    ev.next("reload", T);
    late.next("reload", T);
}

#[test]
fn editor_saves_by_rename_and_swap_files_are_ignored() {
    let b = Book::new();
    let s = start(&b, &[]);
    let ev = events(s.port);
    ev.next("hello", T);
    // Swap and backup files alone do not rebuild.
    b.write("content/guides/.glue-work.md.swp", "junk");
    b.write("content/guides/glue-work.md~", "junk");
    // An editor that writes a temp file and renames it over the original.
    let text = b
        .read("content/guides/glue-work.md")
        .replace("Glue work", "Glue work, renamed");
    b.write("content/guides/.glue-work.md.tmp", &text);
    std::fs::rename(
        b.path("content/guides/.glue-work.md.tmp"),
        b.path("content/guides/glue-work.md"),
    )
    .unwrap();
    ev.next("reload", T);
    let body = String::from_utf8_lossy(&get(s.port, "/guides/glue-work.html").body).into_owned();
    assert!(body.contains("Glue work, renamed"));
}

#[test]
fn stylesheet_changes_refresh_styles_only() {
    let b = Book::new();
    b.write("themes/default/static/style.css", "body { color: red; }");
    let s = start(&b, &[]);
    let ev = events(s.port);
    ev.next("hello", T);
    b.write("themes/default/static/style.css", "body { color: blue; }");
    ev.next("css", T);
    assert_eq!(
        String::from_utf8_lossy(&get(s.port, "/assets/style.css").body),
        "body { color: blue; }"
    );
}

#[test]
fn polling_works_where_events_do_not() {
    let b = Book::new();
    let s = start(&b, &["--poll"]);
    let ev = events(s.port);
    ev.next("hello", T);
    b.edit(
        "content/guides/glue-work.md",
        "Track it",
        "Polled: track it",
    );
    ev.next("reload", T);
    assert!(
        String::from_utf8_lossy(&get(s.port, "/guides/glue-work.html").body).contains("Polled")
    );
}

#[test]
fn binding_beyond_loopback_warns() {
    let b = Book::new();
    let s = start(&b, &["--bind", "0.0.0.0"]);
    wait_line(&s.err, "listening beyond this machine", T);
}

#[test]
fn a_taken_port_is_an_error_with_a_hint() {
    let b = Book::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let r = b.run(&["serve", "book", "--port", &port]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot listen on 127.0.0.1"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
}

#[test]
fn a_broken_handbook_at_start_is_reported_and_exits() {
    let b = Book::new();
    b.edit("content/index.md", "[[level:junior]]", "[[level:nobody]]");
    let port = free_port().to_string();
    let r = b.run(&["serve", "book", "--port", &port]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("content/index.md:5:14"), "{}", r.stderr);
}

#[test]
fn ctrl_c_stops_cleanly() {
    let b = Book::new();
    let mut s = start(&b, &[]);
    let pid = s.child.id().to_string();
    Command::new("kill").args(["-INT", &pid]).status().unwrap();
    let end = Instant::now() + T;
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(Instant::now() < end, "did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    wait_line(&s.out, "stopped", T);
}

#[test]
fn the_browser_reloads_on_save_and_shows_errors_over_the_page() {
    use common::browser::{eval, open, wait_for};
    let b = Book::new();
    let s = start(&b, &[]);
    let Some(tab) = open(&format!(
        "http://127.0.0.1:{}/guides/glue-work.html",
        s.port
    )) else {
        return;
    };
    // The page opened its event stream.
    wait_for(
        &tab,
        "document.documentElement.dataset.careerbookLive === 'connected'",
    );
    eval(&tab, "window.__before_reload = true");
    b.edit(
        "content/guides/glue-work.md",
        "Track it in a brag document.",
        "Track it live in a brag document.",
    );
    wait_for(
        &tab,
        "!window.__before_reload && document.body.textContent.includes('Track it live')",
    );
    // A broken save: the error over the page, with file, line and hint.
    b.edit(
        "content/guides/glue-work.md",
        "[[#make-it-visible]]",
        "[[guide:nowhere]]",
    );
    let text = wait_for(&tab, "document.getElementById('careerbook-error-overlay') && document.getElementById('careerbook-error-overlay').textContent");
    assert!(text.contains("content/guides/glue-work.md:30:11"), "{text}");
    assert!(text.contains("hint:"), "{text}");
    // Fixed: the overlay goes, the page is current.
    b.edit(
        "content/guides/glue-work.md",
        "[[guide:nowhere]]",
        "[[#make-it-visible]]",
    );
    wait_for(&tab, "!document.getElementById('careerbook-error-overlay') && document.readyState === 'complete'");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('.prose a:not(.anchor)[href=\"#make-it-visible\"]').length"
        ),
        "1"
    );
    // Never in a build's output.
    b.build().ok();
    assert!(!b
        .read("site/guides/glue-work.html")
        .contains("__careerbook"));
}

#[test]
fn an_edit_rerenders_only_what_depends_on_it() {
    let b = Book::new();
    let s = start(&b, &[]);
    let ev = events(s.port);
    ev.next("hello", T);
    // Body text only: one page.
    b.edit(
        "content/guides/deep-dives/deep-dive-one.md",
        "Some details.",
        "Some quokka details.",
    );
    ev.next("reload", T);
    let line = wait_line(&s.out, "updated", T);
    assert!(line.starts_with("updated 1 page in"), "{line}");
    assert!(
        String::from_utf8_lossy(&get(s.port, "/guides/deep-dive-one.html").body).contains("quokka")
    );
    // The print page takes the re-rendered body and keeps the others; it is
    // put together in the background, right after the page is served.
    let end = Instant::now() + T;
    let print = loop {
        let print = String::from_utf8_lossy(&get(s.port, "/print.html").body).into_owned();
        if print.contains("Some quokka details.") {
            break print;
        }
        assert!(Instant::now() < end, "print page is stale");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(print.contains("id=\"levels.senior.senior-scope-system\""));
    // The search index catches up right after.
    let end = Instant::now() + T;
    loop {
        let found = (0..4).any(|n| {
            String::from_utf8_lossy(&get(s.port, &format!("/search/d/{n}.js")).body)
                .contains("quokka")
        });
        if found {
            break;
        }
        assert!(Instant::now() < end, "search index never saw the edit");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A new title reaches the list and the pages that cite it.
    b.edit(
        "content/guides/glue-work.md",
        "title = \"Glue work\"",
        "title = \"Glue work, renamed\"",
    );
    ev.next("reload", T);
    let line = wait_line(&s.out, "updated", T);
    assert!(!line.starts_with("updated 1 page"), "{line}");
    for page in [
        "/guides/index.html",
        "/guides/deep-dive-one.html",
        "/guides/glue-work.html",
        "/guides/deep-dives.html",
    ] {
        let body = String::from_utf8_lossy(&get(s.port, page).body).into_owned();
        assert!(body.contains("Glue work, renamed"), "{page} is stale");
    }
}

#[test]
fn added_and_removed_files_update_what_names_them() {
    let b = Book::new();
    let s = start(&b, &[]);
    let ev = events(s.port);
    ev.next("hello", T);
    b.write(
        "content/guides/brand-new.md",
        "+++\ntitle = \"Brand new\"\nsummary = \"x\"\n+++\nHello.\n",
    );
    ev.next("reload", T);
    // The navigation counts the guides, so every page shows the new one's
    // arrival; still an update of the running site, not a new one.
    let line = wait_line(&s.out, "updated", T);
    assert!(line.starts_with("updated "), "{line}");
    assert_eq!(get(s.port, "/guides/brand-new.html").status, 200);
    assert!(String::from_utf8_lossy(&get(s.port, "/guides/index.html").body).contains("Brand new"));
    b.remove("content/guides/brand-new.md");
    ev.next("reload", T);
    wait_line(&s.out, "updated", T);
    assert_eq!(get(s.port, "/guides/brand-new.html").status, 404);
    assert!(
        !String::from_utf8_lossy(&get(s.port, "/guides/index.html").body).contains("Brand new")
    );
}

#[test]
fn serve_shows_the_overlay_from_the_environment_and_reloads_on_its_edits() {
    let b = Book::new();
    b.write(
        "me/brag.md",
        "# Brag Document — Ana — 2026\n\n## Projects\n- Billing move: moved billing\n  - When: 2026-Q1\n  - Dimensions: scope\n  - Impact: cut costs by 30%\n",
    );
    b.write("me/packet.md", "# Promotion packet — Ana\n\n- Current level: junior\n- Target level: senior\n\n## Summary\n\nSee [[brag:Billing move]].\n");
    let me = b.path("me");
    let s = start_with(&b, &[], &[("CAREERBOOK_OVERLAY", &me)]);
    let me = get(s.port, "/me/index.html");
    assert_eq!(me.status, 200);
    let html = String::from_utf8_lossy(&me.body).into_owned();
    assert!(html.contains("Evidence for Senior Engineer"), "{html}");
    assert!(html.contains("noindex"));
    let ev = events(s.port);
    ev.next("hello", T);
    b.edit(
        "me/brag.md",
        "moved billing",
        "moved billing to the new ledger",
    );
    ev.next("reload", T);
    assert!(String::from_utf8_lossy(&get(s.port, "/me/brag.html").body).contains("new ledger"));
    // A broken overlay shows like any broken content.
    b.edit("me/brag.md", "Dimensions: scope", "Dimensions: scoop");
    let e = ev.next("build-error", T);
    assert!(e.contains("unknown dimension `scoop`"), "{e}");
    // Without an overlay there is no Me section.
    let plain = start(&b, &[]);
    assert_eq!(get(plain.port, "/me/index.html").status, 404);
}
