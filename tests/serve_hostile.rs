//! `careerbook serve` against hostile requests: paths and headers that try
//! to leave the site, oversized request lines and headers, and clients that
//! connect and send nothing or a byte at a time. Nothing outside the site is
//! ever answered, the server keeps running, and other clients are served.

mod common;
use common::Book;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Written next to the handbook, in it and in its parent: no response may
/// ever carry it.
const SECRET: &str = "SECRET-MARKER-a91f3c";

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(b: &Book) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(common::bin())
        .args(["serve", "book", "--port", &port.to_string()])
        .current_dir(b.tmp.path())
        .env("NO_COLOR", "1")
        .env_remove("CAREERBOOK_OVERLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let end = Instant::now() + Duration::from_secs(30);
    while Instant::now() < end {
        line.clear();
        if out.read_line(&mut line).unwrap_or(0) == 0 || line.contains("serving") {
            break;
        }
    }
    assert!(line.contains("serving"), "server did not start: {line}");
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut sink = String::new();
        while out.read_line(&mut sink).unwrap_or(0) > 0 {
            sink.clear();
        }
    });
    Server { child, port }
}

/// Sends `raw` and reads the whole answer (the server closes), as
/// (status, bytes). Status 0 when the server closed without a status line.
fn send(port: u16, raw: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    // The server may answer and close before reading a huge request whole.
    let _ = s.write_all(raw);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let head = String::from_utf8_lossy(&buf[..buf.len().min(64)]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, buf)
}

fn get(port: u16, target: &[u8], headers: &[u8]) -> (u16, Vec<u8>) {
    let mut raw = b"GET ".to_vec();
    raw.extend_from_slice(target);
    raw.extend_from_slice(b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    raw.extend_from_slice(headers);
    raw.extend_from_slice(b"\r\n");
    send(port, &raw)
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn hostile_paths_and_headers_never_reach_outside_the_site() {
    let b = Book::new();
    b.write("secret.txt", SECRET);
    std::fs::write(b.tmp.path().join("secret.txt"), SECRET).unwrap();
    let s = start(&b);
    let paths: Vec<&[u8]> = vec![
        b"/../secret.txt",
        b"/../../secret.txt",
        b"/../book/secret.txt",
        b"/../../../../../../etc/passwd",
        b"/..%2fsecret.txt",
        b"/..%2Fsecret.txt",
        b"/%2e%2e/secret.txt",
        b"/%2E%2E/secret.txt",
        b"/%2e%2e%2fsecret.txt",
        b"/.%2e/secret.txt",
        b"/%252e%252e/secret.txt",
        b"/%c0%ae%c0%ae/secret.txt",
        b"/%c0%ae%c0%ae%c0%afsecret.txt",
        b"/%e0%80%ae%e0%80%ae/secret.txt",
        b"/..\\secret.txt",
        b"/..%5csecret.txt",
        b"/%5c..%5csecret.txt",
        b"/assets/..\\..\\secret.txt",
        b"/assets/../../secret.txt",
        b"/assets/%2e%2e/%2e%2e/secret.txt",
        b"/secret.txt",
        b"/content/secret.txt",
        b"/book.toml",
        b"/content/framework.toml",
        b"/index.html%00.md",
        b"/index.html\x00",
        b"/%00",
        b"/a/%00/../secret.txt",
        b"//etc/passwd",
        b"///secret.txt",
        b"/./../secret.txt",
        b"/assets/./../../secret.txt",
        b"http://localhost/../secret.txt",
        b"http://evil.example/../../secret.txt",
        b"file:///etc/passwd",
        b"*",
        b"secret.txt",
        b"../secret.txt",
        b"/\xff\xfe/../secret.txt",
        b"/%ff%fe%fd",
        b"/levels/%2e%2e%2f%2e%2e%2fsecret.txt",
        b"/levels/..;/..;/secret.txt",
        b"/~/secret.txt",
        b"/.git/config",
        b"/.careerbook/cache",
    ];
    assert!(paths.len() >= 40, "{} paths", paths.len());
    for path in &paths {
        let (status, body) = get(s.port, path, b"");
        let shown = String::from_utf8_lossy(path);
        // 4xx; or, for bytes that are not HTTP (raw non-UTF-8 in the
        // request line), the connection closed without an answer.
        assert!(
            (400..500).contains(&status) || (status == 0 && body.is_empty()),
            "{shown}: status {status}"
        );
        assert!(!contains(&body, SECRET), "{shown}: the secret");
        assert!(!contains(&body, "root:x:"), "{shown}: /etc/passwd");
        assert!(!contains(&body, "[book]"), "{shown}: book.toml");
    }
    // Headers that try to change what is served.
    let headers: Vec<&[u8]> = vec![
        b"Host: ../../secret.txt\r\n",
        b"X-Original-URL: /../secret.txt\r\n",
        b"X-Rewrite-URL: /../secret.txt\r\n",
        b"Range: bytes=-100000000\r\n",
        b"Range: bytes=0-18446744073709551615\r\n",
        b"Transfer-Encoding: chunked\r\n",
        b"Content-Length: -1\r\n",
        b"If-None-Match: \"../../secret.txt\"\r\n",
        b"Cookie: \x00\xff\r\n",
        b"Accept-Encoding: ../../secret.txt\r\n",
    ];
    for h in &headers {
        let (status, body) = get(s.port, b"/index.html", h);
        let shown = String::from_utf8_lossy(h);
        assert!(
            status == 200 || (400..500).contains(&status) || (status == 0 && body.is_empty()),
            "{shown}: {status}"
        );
        assert!(!contains(&body, SECRET), "{shown}");
    }
    // Oversized: a megabyte request line, a megabyte header, ten thousand
    // headers. Each gets a 4xx (or the connection closed), never a crash.
    let long = format!("/{}", "a".repeat(1 << 20));
    let (status, _) = get(s.port, long.as_bytes(), b"");
    assert!(
        status == 0 || (400..500).contains(&status),
        "long line: {status}"
    );
    let big = format!("X-Big: {}\r\n", "b".repeat(1 << 20));
    let (status, _) = get(s.port, b"/index.html", big.as_bytes());
    assert!(
        status == 0 || (400..500).contains(&status),
        "big header: {status}"
    );
    let many: String = (0..10_000).map(|i| format!("X-{i}: v\r\n")).collect();
    let (status, _) = get(s.port, b"/index.html", many.as_bytes());
    assert!(
        status == 0 || (400..500).contains(&status),
        "many headers: {status}"
    );
    // Garbage that is not HTTP at all.
    let (status, _) = send(
        s.port,
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
    );
    assert!(
        status == 0 || (400..500).contains(&status),
        "TLS hello: {status}"
    );
    // The server is still up and serving.
    assert_eq!(get(s.port, b"/index.html", b"").0, 200);
}

#[test]
fn silent_and_slow_clients_do_not_stop_others_being_served() {
    let b = Book::new();
    let s = start(&b);
    // Twenty connections that never send anything...
    let idle: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(("127.0.0.1", s.port)).unwrap())
        .collect();
    // ...and one sending its request a byte at a time, slowly.
    let port = s.port;
    let slow = std::thread::spawn(move || {
        let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
        for byte in b"GET /index.html HTTP/1.1\r\nHost: x\r\nX-Slow: " {
            if c.write_all(&[*byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..20 {
        let t = Instant::now();
        let (status, body) = get(s.port, b"/index.html", b"");
        assert_eq!(status, 200);
        assert!(contains(&body, "</html>"), "a whole page");
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "served in {:?} beside idle and slow clients",
            t.elapsed()
        );
    }
    drop(idle);
    let _ = slow.join();
}

/// Connections that stay open (a browser's idle keep-alive connections and
/// preconnects, the live-reload event stream) opened one at a time between
/// requests: every request is still answered at once. tiny_http 0.12 as
/// published hung the request after the fourth idle connection for good
/// (its pool queued it behind an idle connection's thread; vendor/README.md).
#[test]
fn requests_are_served_beside_connections_that_stay_open() {
    let b = Book::new();
    let s = start(&b);
    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    events
        .write_all(b"GET /__careerbook/events HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut open = Vec::new();
    for n in 0..40 {
        open.push(TcpStream::connect(("127.0.0.1", s.port)).unwrap());
        let t = Instant::now();
        let (status, body) = get(s.port, b"/index.html", b"");
        assert_eq!(status, 200, "request after {} open connections", n + 1);
        assert!(contains(&body, "</html>"));
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "request after {} open connections took {:?}",
            n + 1,
            t.elapsed()
        );
    }
    drop(open);
    drop(events);
}
