//! The HTTP side of `serve`: maps request paths to files of the in-memory
//! site, refuses anything that tries to leave it, answers conditional
//! requests, and holds the live-reload event streams.
//!
//! Files come only from the site the last good build produced, kept in
//! memory: nothing on disk is ever read to answer a request, so `..`,
//! encoded escapes, absolute paths and symbolic links have nothing to reach.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::{Arc, Mutex, RwLock};

/// Where the live-reload script and the event stream are served. The prefix
/// cannot collide with a handbook page: no content id starts with `_`.
pub(crate) const LIVE_SCRIPT: &str = "/__careerbook/live.js";
pub(crate) const EVENTS: &str = "/__careerbook/events";

const LIVE_JS: &str = include_str!("live.js");

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a path this server could ever serve (400).
    BadRequest,
}

/// Turns a request target into a key of the site (`levels/senior.html`).
/// Percent-escapes are decoded once; `.` and `..` segments, backslashes,
/// NUL bytes and anything but an origin-form path are refused.
pub(crate) fn resolve_path(target: &str) -> Result<String, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let bytes = percent_decode(path).ok_or(Refusal::BadRequest)?;
    let decoded = String::from_utf8(bytes).map_err(|_| Refusal::BadRequest)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(Refusal::BadRequest);
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return Err(Refusal::BadRequest),
            s => segments.push(s),
        }
    }
    let mut key = segments.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// A built file, with the validator browsers send back in `If-None-Match`.
pub(crate) struct File {
    pub bytes: Vec<u8>,
    pub etag: String,
}

impl File {
    pub(crate) fn new(bytes: Vec<u8>) -> File {
        let mut h = rustc_hash::FxHasher::default();
        bytes.hash(&mut h);
        File {
            etag: format!("\"{:016x}-{}\"", h.finish(), bytes.len()),
            bytes,
        }
    }
}

/// Everything the server answers from, replaced whole after each build.
#[derive(Default, Clone)]
pub(crate) struct Site {
    pub files: HashMap<String, Arc<File>>,
}

/// What the server and the rebuild loop share.
#[derive(Default)]
pub(crate) struct State {
    pub site: RwLock<Arc<Site>>,
    /// The last build's diagnostics, when it failed; shown over every page.
    pub error: RwLock<Option<String>>,
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl State {
    /// Replaces some files of the served site. The whole read-modify-write
    /// happens under the write lock, so concurrent patches (pages from an
    /// edit, the search index from a background build) cannot lose each
    /// other's files.
    pub(crate) fn patch(
        &self,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
        removed: &[String],
    ) {
        let Ok(mut guard) = self.site.write() else {
            return;
        };
        // Copied only when a request still holds the last version.
        let map = &mut Arc::make_mut(&mut guard).files;
        for k in removed {
            map.remove(k);
        }
        for (k, v) in files {
            map.insert(k, Arc::new(File::new(v)));
        }
    }

    /// Replaces every file under `prefix` (a folder the background builds
    /// own, such as the search index) but those in `keep` with `files`.
    pub(crate) fn replace_under(
        &self,
        prefix: &str,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
        keep: &std::collections::HashSet<String>,
    ) {
        let Ok(mut guard) = self.site.write() else {
            return;
        };
        let map = &mut Arc::make_mut(&mut guard).files;
        map.retain(|k, _| !k.starts_with(prefix) || keep.contains(k));
        for (k, v) in files {
            map.insert(k, Arc::new(File::new(v)));
        }
    }

    /// Sends a server-sent event to every open page; drops pages that left.
    pub(crate) fn broadcast(&self, event: &str, data: &str) {
        let msg = sse(event, data);
        let Ok(mut clients) = self.clients.lock() else {
            return;
        };
        clients.retain_mut(|c| c.write_all(msg.as_bytes()).and_then(|_| c.flush()).is_ok());
    }
}

/// One server-sent event; data lines are split so newlines survive.
fn sse(event: &str, data: &str) -> String {
    let mut s = format!("event: {event}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

/// Adds a header, or leaves it out if the value is not valid in a header
/// (a `Location` built from a request path may carry any bytes).
fn with<R: std::io::Read>(
    r: tiny_http::Response<R>,
    name: &str,
    value: &str,
) -> tiny_http::Response<R> {
    match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) if value.is_ascii() => r.with_header(h),
        _ => r,
    }
}

/// Adds the live-reload script to an HTML page (only when served, never in
/// a build's output).
fn inject_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The longest URL and the most header bytes a request may carry.
const MAX_URL: usize = 8 * 1024;
const MAX_HEADERS: usize = 64 * 1024;

/// Answers one request.
pub(crate) fn handle(state: &State, req: tiny_http::Request) {
    use tiny_http::{Method, Response};
    let url = req.url().to_string();
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(with(Response::empty(405), "Allow", "GET, HEAD"));
        return;
    }
    // A browser's request fits in a few KB; anything far larger is refused
    // before it is looked at.
    let header_bytes: usize = req
        .headers()
        .iter()
        .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len() + 4)
        .sum();
    if url.len() > MAX_URL || header_bytes > MAX_HEADERS {
        let status = if url.len() > MAX_URL { 414 } else { 431 };
        let _ = req.respond(Response::from_string("Request too large\n").with_status_code(status));
        return;
    }
    let path_only = url.split(['?', '#']).next().unwrap_or("");
    if path_only == EVENTS {
        open_event_stream(state, req);
        return;
    }
    if path_only == LIVE_SCRIPT {
        let r = with(
            Response::from_string(LIVE_JS),
            "Content-Type",
            "text/javascript; charset=utf-8",
        );
        let _ = req.respond(with(r, "Cache-Control", "no-store"));
        return;
    }
    let site = match state.site.read() {
        Ok(s) => Arc::clone(&s),
        Err(_) => return,
    };
    let key = match resolve_path(&url) {
        Ok(k) => k,
        Err(Refusal::BadRequest) => {
            let _ = req.respond(Response::from_string("Bad request\n").with_status_code(400));
            return;
        }
    };
    let Some(file) = site.files.get(&key) else {
        // A folder without its trailing slash: send the browser to it so
        // its relative links resolve.
        if !key.ends_with("index.html") && site.files.contains_key(&format!("{key}/index.html")) {
            let to = format!("{}/", path_only.trim_end_matches('/'));
            let _ = req.respond(with(Response::empty(301), "Location", &to));
            return;
        }
        let body = site
            .files
            .get("404.html")
            .map(|f| inject_live_script(&with_base(&f.bytes)))
            .unwrap_or_else(|| b"Not found\n".to_vec());
        let r = with(
            Response::from_data(body).with_status_code(404),
            "Content-Type",
            "text/html; charset=utf-8",
        );
        let _ = req.respond(with(r, "Cache-Control", "no-store"));
        return;
    };
    let not_modified = req.headers().iter().any(|h| {
        h.field.equiv("If-None-Match") && h.value.as_str().split(',').any(|v| v.trim() == file.etag)
    });
    let ctype = content_type(&key);
    let common = |r: Response<std::io::Cursor<Vec<u8>>>| {
        let r = with(r, "ETag", &file.etag);
        let r = with(r, "Cache-Control", "no-cache");
        let r = with(r, "Content-Type", ctype);
        with(r, "X-Content-Type-Options", "nosniff")
    };
    if not_modified {
        let _ = req.respond(common(Response::from_data(Vec::new())).with_status_code(304));
        return;
    }
    let body = if ctype.starts_with("text/html") {
        inject_live_script(&file.bytes)
    } else {
        file.bytes.clone()
    };
    let _ = req.respond(common(Response::from_data(body)));
}

/// The 404 page is built for the site root; served at any depth, its
/// relative links need a base.
fn with_base(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("<head>") {
        Some(i) => format!("{}<head><base href=\"/\">{}", &text[..i], &text[i + 6..]).into_bytes(),
        None => html.to_vec(),
    }
}

fn open_event_stream(state: &State, req: tiny_http::Request) {
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    // A page that opens while the build is broken shows the error at once.
    let current = state.error.read().ok().and_then(|e| e.clone());
    let first = match current {
        Some(err) => sse("build-error", &err),
        None => sse("hello", "ok"),
    };
    if w.write_all(first.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    if let Ok(mut c) = state.clients.lock() {
        c.push(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_inside_the_site() {
        assert_eq!(resolve_path("/"), Ok("index.html".into()));
        assert_eq!(resolve_path("/levels/"), Ok("levels/index.html".into()));
        assert_eq!(
            resolve_path("/levels/senior.html?x=1#a"),
            Ok("levels/senior.html".into())
        );
        assert_eq!(
            resolve_path("/guides/%E9%9D%A2.html"),
            Ok("guides/面.html".into())
        );
        assert_eq!(
            resolve_path("//levels//senior.html"),
            Ok("levels/senior.html".into())
        );
    }

    #[test]
    fn refuses_escapes() {
        for bad in [
            "/../etc/passwd",
            "/levels/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc/passwd",
            "/a/%00b",
            "/a\\..\\b",
            "/a/%5c..%5cb",
            "http://example.com/index.html",
            "*",
            "/%zz",
            "/%ff%fe",
        ] {
            assert_eq!(resolve_path(bad), Err(Refusal::BadRequest), "{bad}");
        }
    }

    #[test]
    fn live_script_goes_before_the_body_ends() {
        let out =
            String::from_utf8(inject_live_script(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.ends_with("<script src=\"/__careerbook/live.js\"></script></body></html>"));
    }

    #[test]
    fn events_keep_multiline_data() {
        assert_eq!(
            sse("build-error", "a\nb"),
            "event: build-error\ndata: a\ndata: b\n\n"
        );
    }
}
