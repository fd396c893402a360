//! `careerbook serve` benchmark: the time from saving one page to the new
//! HTML being served, over repeated edits of different pages, and the time
//! for a theme change (a full rebuild).
//!
//! Usage: cargo run --release --example serve_bench -- HANDBOOK_DIR [EDITS]
//! (CAREERBOOK_BIN=path runs that careerbook binary instead of this build's.)
//! HANDBOOK_DIR is edited (a token is appended to pages): pass a copy.
//! (bench/serve.sh prepares a copy of the 10,000-page handbook.)

mod common;
use common::{lines, wait};

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> std::io::Result<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let book = PathBuf::from(
        args.next()
            .ok_or("usage: serve_bench HANDBOOK_DIR [EDITS]")?,
    );
    let edits: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(20);
    let start = Instant::now();
    let common::Served {
        mut child,
        port,
        out,
    } = common::serve(&book)?;
    let first = wait(&out, "built", Duration::from_secs(120))?;
    wait(&out, "serving", Duration::from_secs(10))?;
    println!(
        "initial build: {first} (process up in {:.1} s)",
        start.elapsed().as_secs_f64()
    );

    let mut es = TcpStream::connect(("127.0.0.1", port))?;
    es.write_all(b"GET /__careerbook/events HTTP/1.1\r\nHost: x\r\n\r\n")?;
    let events = lines(es);
    wait(&events, "event: hello", Duration::from_secs(10))?;

    // Pages to edit: guides spread over the handbook.
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(book.join("content/guides"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "index.md")
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    let step = (pages.len() / edits.max(1)).max(1);
    let mut times = Vec::new();
    for (i, page) in pages.iter().step_by(step).take(edits).enumerate() {
        let token = format!("bench-token-{i}-{}", start.elapsed().as_nanos());
        let mut text = std::fs::read_to_string(page)?;
        text.push_str(&format!("\nEdited: {token}\n"));
        let url = format!(
            "/guides/{}.html",
            page.file_stem().and_then(|s| s.to_str()).ok_or("name")?
        );
        let t0 = Instant::now();
        std::fs::write(page, &text)?;
        wait(&events, "event: reload", Duration::from_secs(60))?;
        let body = get(port, &url)?;
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        if !body.contains(&token) {
            return Err(format!("{url} was reloaded without the edit").into());
        }
        println!(
            "edit {i:>2}: {url:<48} served after {ms:>7.1} ms ({})",
            wait(&out, "updated", Duration::from_secs(5)).unwrap_or_default()
        );
        times.push(ms);
        // Let the background search rebuild finish, as a writer's next save would.
        std::thread::sleep(Duration::from_millis(1500));
    }
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    println!(
        "\nsave to new HTML served: median {:.1} ms, min {:.1} ms, max {:.1} ms over {} edits",
        median(times.clone()),
        sorted[0],
        sorted[sorted.len() - 1],
        times.len()
    );

    // A theme change: every page uses the base template, so everything is rebuilt.
    let theme = book.join("themes/default/static");
    std::fs::create_dir_all(&theme)?;
    let t0 = Instant::now();
    std::fs::write(theme.join("extra.css"), "/* bench */\n")?;
    wait(&events, "event: reload", Duration::from_secs(120))?;
    println!(
        "theme change to reload event: {:.0} ms ({})",
        t0.elapsed().as_secs_f64() * 1e3,
        wait(&out, "built", Duration::from_secs(5)).unwrap_or_default()
    );
    let _ = child.kill();
    let _ = child.wait();
    Ok(())
}
