//! `careerbook serve` under load: CLIENTS clients fetch the site's pages and
//! assets as fast as they can for SECONDS while one page is saved every
//! 100 ms, beside connections that send nothing and clients that send their
//! request a byte at a time. Reports requests per second, latency
//! percentiles, failed or truncated responses, the server's memory over
//! time, whether the saved page settles on its last version, and how long
//! a save takes to be served before and after the load.
//!
//! Usage: cargo run --release --example serve_load -- HANDBOOK_DIR [SECONDS] [CLIENTS]
//! (defaults 60 and 50; CAREERBOOK_BIN=path runs that binary). The handbook
//! is edited: pass a copy (bench/serve-load.sh does). Exits 1 when any
//! response failed, was truncated or stale.

mod common;
use common::{lines, wait};

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One response: status and body, or why it was not a whole response.
enum Got {
    Whole(u16, Vec<u8>),
    Truncated(String),
    Failed(String),
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// GET `path` on its own connection, the whole response read and checked
/// against its Content-Length (or its chunks' lengths).
fn get(port: u16, path: &str) -> Got {
    let mut s = match TcpStream::connect(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => return Got::Failed(format!("connect: {e}")),
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    if let Err(e) = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    ) {
        return Got::Failed(format!("send: {e}"));
    }
    let mut raw = Vec::new();
    if let Err(e) = s.read_to_end(&mut raw) {
        return Got::Failed(format!("read: {e}"));
    }
    let Some(end) = find(&raw, b"\r\n\r\n") else {
        return Got::Truncated(format!("no end of headers in {} bytes", raw.len()));
    };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let body = &raw[end + 4..];
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let header = |name: &str| {
        head.lines().find_map(|l| {
            l.strip_prefix(&format!("{name}:"))
                .map(|v| v.trim().to_string())
        })
    };
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        return match dechunk(body) {
            Some(b) => Got::Whole(status, b),
            None => Got::Truncated(format!("chunked body of {} bytes ends early", body.len())),
        };
    }
    match header("content-length").and_then(|l| l.parse::<usize>().ok()) {
        Some(n) if n == body.len() => Got::Whole(status, body.to_vec()),
        Some(n) => Got::Truncated(format!("Content-Length {n}, got {} bytes", body.len())),
        None => Got::Whole(status, body.to_vec()),
    }
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line = find(b, b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&b[..line]).ok()?.trim(), 16).ok()?;
        b = &b[line + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A small xorshift, so each client's mix is its own and repeatable.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// The site's addresses: every page in the sitemap, and the stylesheets,
/// scripts and search files the home page and search page name.
fn addresses(port: u16) -> Result<Vec<String>, String> {
    let text = |path: &str| match get(port, path) {
        Got::Whole(200, b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        _ => Err(format!("cannot fetch {path}")),
    };
    let sitemap = text("/sitemap.xml")?;
    let mut out: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .filter_map(|u| u.find("://").map(|i| &u[i + 3..]))
        .filter_map(|u| u.find('/').map(|i| u[i..].to_string()))
        .collect();
    // The sitemap's addresses carry the base URL's path; the server serves
    // from its root.
    let prefix = common_prefix(&out);
    for u in &mut out {
        *u = format!("/{}", &u[prefix.len()..]);
    }
    for page in ["/index.html", "/search.html"] {
        let html = text(page)?;
        for attr in ["href=\"", "src=\""] {
            for s in html.split(attr).skip(1) {
                let v = s.split('"').next().unwrap_or("");
                if !v.contains("://")
                    && !v.starts_with('#')
                    && (v.ends_with(".css") || v.ends_with(".js"))
                {
                    let v = v.trim_start_matches("./");
                    out.push(if v.starts_with('/') {
                        v.to_string()
                    } else {
                        format!("/{v}")
                    });
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn common_prefix(urls: &[String]) -> String {
    let Some(first) = urls
        .iter()
        .find(|u| u.ends_with("/index.html") || u.ends_with('/'))
    else {
        return "/".into();
    };
    let dir = &first[..=first.rfind('/').unwrap_or(0)];
    if urls.iter().all(|u| u.starts_with(dir)) {
        dir.to_string()
    } else {
        "/".into()
    }
}

/// Saves `page` with `token` in its body and returns the time from the save
/// to the browser's reload event (the live-reload stream `events`) and then
/// to the page being served with it.
fn save_and_time(
    port: u16,
    events: &Receiver<String>,
    page: &Path,
    url: &str,
    original: &str,
    token: &str,
) -> Result<Duration, String> {
    while events.try_recv().is_ok() {}
    let t0 = Instant::now();
    std::fs::write(page, format!("{original}\n{token}\n")).map_err(|e| e.to_string())?;
    wait(events, "event: reload", Duration::from_secs(60))?;
    while t0.elapsed() < Duration::from_secs(60) {
        if let Got::Whole(200, b) = get(port, url) {
            if find(&b, token.as_bytes()).is_some() {
                return Ok(t0.elapsed());
            }
            return Err(format!("{url} was reloaded without {token}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Err(format!("{url} never showed {token}"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let book = PathBuf::from(
        args.next()
            .ok_or("usage: serve_load HANDBOOK_DIR [SECONDS] [CLIENTS]")?,
    );
    let seconds: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(60);
    let clients: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(50);
    let common::Served {
        mut child,
        port,
        out,
    } = common::serve(&book)?;
    let pid = child.id();
    wait(&out, "serving", Duration::from_secs(300))?;
    std::thread::spawn(move || while out.recv().is_ok() {});

    let urls = Arc::new(addresses(port)?);
    // The page saved during the load: a guide in the middle.
    let mut guides: Vec<PathBuf> = walkdir::WalkDir::new(book.join("content/guides"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "index.md")
        .map(|e| e.into_path())
        .collect();
    guides.sort();
    let page = guides.get(guides.len() / 2).ok_or("no guides")?.clone();
    let stem = page.file_stem().and_then(|s| s.to_str()).ok_or("name")?;
    let page_url = format!("/guides/{stem}.html");
    let original = std::fs::read_to_string(&page)?;
    println!(
        "{} addresses (pages and assets); {clients} clients for {seconds} s; saving {} every 100 ms",
        urls.len(),
        page_url
    );

    // What the browser listens to for reloads.
    let mut es = TcpStream::connect(("127.0.0.1", port))?;
    es.write_all(b"GET /__careerbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
    let events = lines(es);
    wait(&events, "event: hello", Duration::from_secs(10))?;
    // The usual latency: three saves on the idle server.
    let mut before = Vec::new();
    for i in 0..3 {
        before.push(save_and_time(
            port,
            &events,
            &page,
            &page_url,
            &original,
            &format!("idle-save-{i}"),
        )?);
        std::thread::sleep(Duration::from_millis(1500));
    }

    let stop = Arc::new(AtomicBool::new(false));
    let latencies = Arc::new(Mutex::new(Vec::<f64>::new()));
    let (failed, truncated, bytes) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let problems = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut handles = Vec::new();
    for c in 0..clients {
        let (stop, urls, latencies, failed, truncated, bytes, problems, page_url) = (
            stop.clone(),
            urls.clone(),
            latencies.clone(),
            failed.clone(),
            truncated.clone(),
            bytes.clone(),
            problems.clone(),
            page_url.clone(),
        );
        handles.push(std::thread::spawn(move || {
            let mut seed =
                0x9e37_79b9_7f4a_7c15 ^ (c as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d);
            let mut mine = Vec::new();
            while !stop.load(Relaxed) {
                let r = next(&mut seed);
                // One request in ten is the page being saved.
                let url = if r.is_multiple_of(10) {
                    &page_url
                } else {
                    &urls[(r / 10) as usize % urls.len()]
                };
                let t = Instant::now();
                match get(port, url) {
                    Got::Whole(200, b) => {
                        mine.push(t.elapsed().as_secs_f64() * 1e3);
                        bytes.fetch_add(b.len() as u64, Relaxed);
                    }
                    Got::Whole(code, _) => {
                        failed.fetch_add(1, Relaxed);
                        problems
                            .lock()
                            .unwrap()
                            .push(format!("{url}: status {code}"));
                    }
                    Got::Truncated(why) => {
                        truncated.fetch_add(1, Relaxed);
                        problems.lock().unwrap().push(format!("{url}: {why}"));
                    }
                    Got::Failed(why) => {
                        failed.fetch_add(1, Relaxed);
                        problems.lock().unwrap().push(format!("{url}: {why}"));
                    }
                }
            }
            latencies.lock().unwrap().extend(mine);
        }));
    }
    // Connections that say nothing, and clients that type their request a
    // byte every 100 ms.
    let idle: Vec<TcpStream> = (0..10)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    for _ in 0..5 {
        let stop = stop.clone();
        handles.push(std::thread::spawn(move || {
            while !stop.load(Relaxed) {
                let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
                    return;
                };
                let mut whole = true;
                for b in b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                {
                    if stop.load(Relaxed) || s.write_all(&[*b]).is_err() {
                        whole = false;
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                if whole {
                    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
                    let mut sink = Vec::new();
                    let _ = s.read_to_end(&mut sink);
                }
            }
        }));
    }
    // The saver.
    let saves = Arc::new(AtomicU64::new(0));
    let saver = {
        let (stop, page, original, saves) =
            (stop.clone(), page.clone(), original.clone(), saves.clone());
        std::thread::spawn(move || {
            while !stop.load(Relaxed) {
                let n = saves.fetch_add(1, Relaxed);
                let _ = std::fs::write(&page, format!("{original}\nload-save-{n:06}\n"));
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let start = Instant::now();
    let mut rss = vec![(0u64, rss_kb(pid))];
    while start.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_secs(1));
        rss.push((start.elapsed().as_secs(), rss_kb(pid)));
    }
    stop.store(true, Relaxed);
    let elapsed = start.elapsed().as_secs_f64();
    saver.join().ok();
    for h in handles {
        h.join().ok();
    }
    drop(idle);
    let last = format!("load-save-{:06}", saves.load(Relaxed) - 1);

    // After the last save settles, the page served is the last version.
    let settle = Instant::now();
    let mut settled = None;
    while settle.elapsed() < Duration::from_secs(60) {
        if let Got::Whole(200, b) = get(port, &page_url) {
            if find(&b, last.as_bytes()).is_some() {
                settled = Some(settle.elapsed());
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let mut after = Vec::new();
    for i in 0..3 {
        after.push(save_and_time(
            port,
            &events,
            &page,
            &page_url,
            &original,
            &format!("after-save-{i}"),
        )?);
        std::thread::sleep(Duration::from_millis(1500));
    }
    let rss_after = rss_kb(pid);
    std::fs::write(&page, &original)?;
    let _ = child.kill();
    let _ = child.wait();

    let mut lat = latencies.lock().unwrap().clone();
    lat.sort_by(|a, b| a.total_cmp(b));
    let (failed, truncated) = (failed.load(Relaxed), truncated.load(Relaxed));
    println!(
        "requests: {} whole in {elapsed:.1} s = {:.0} per second ({:.1} MB/s); failed {failed}, truncated {truncated}",
        lat.len(),
        lat.len() as f64 / elapsed,
        bytes.load(Relaxed) as f64 / elapsed / 1e6
    );
    println!(
        "latency ms: p50 {:.1}, p90 {:.1}, p99 {:.1}, p99.9 {:.1}, max {:.1}",
        percentile(&lat, 0.5),
        percentile(&lat, 0.9),
        percentile(&lat, 0.99),
        percentile(&lat, 0.999),
        lat.last().copied().unwrap_or(0.0)
    );
    let at = |s: u64| {
        rss.iter()
            .find(|(t, _)| *t >= s)
            .or(rss.last())
            .map_or(0, |r| r.1)
    };
    let peak = rss.iter().map(|r| r.1).max().unwrap_or(0);
    println!(
        "server memory (RSS, MB): start {:.0}, 10 s {:.0}, {} s {:.0}, {} s {:.0}, peak {:.0}, after {:.0}",
        at(0) as f64 / 1024.0,
        at(10) as f64 / 1024.0,
        seconds / 2,
        at(seconds / 2) as f64 / 1024.0,
        seconds,
        rss.last().map_or(0, |r| r.1) as f64 / 1024.0,
        peak as f64 / 1024.0,
        rss_after as f64 / 1024.0
    );
    println!(
        "saves during the load: {}; the last ({last}) served {} after the load stopped",
        saves.load(Relaxed),
        settled.map_or("NEVER".to_string(), |d| format!(
            "{:.0} ms",
            d.as_secs_f64() * 1e3
        ))
    );
    let ms = |v: &[Duration]| {
        v.iter()
            .map(|d| format!("{:.0}", d.as_secs_f64() * 1e3))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "save to reload event and new page served, idle before the load: {} ms; after it: {} ms",
        ms(&before),
        ms(&after)
    );
    for p in problems.lock().unwrap().iter().take(10) {
        println!("  problem: {p}");
    }
    if failed > 0 || truncated > 0 || settled.is_none() {
        std::process::exit(1);
    }
    Ok(())
}
