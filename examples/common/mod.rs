//! What the dev-server benchmarks share: reading the server's output and
//! event stream line by line, and waiting for a line.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A running `careerbook serve`: the process, its port and its output.
pub struct Served {
    pub child: Child,
    pub port: u16,
    pub out: Receiver<String>,
}

/// Starts `careerbook serve book` on a free loopback port. CAREERBOOK_BIN
/// runs another build of careerbook (bench/serve.sh compares two side by
/// side); by default, the one built with this example.
pub fn serve(book: &Path) -> Result<Served, Box<dyn std::error::Error>> {
    let bin = match std::env::var_os("CAREERBOOK_BIN") {
        Some(b) => PathBuf::from(b),
        None => std::env::current_exe()?
            .parent()
            .and_then(|p| p.parent())
            .map(|p| p.join("careerbook"))
            .ok_or("cannot find the careerbook binary")?,
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut child = Command::new(&bin)
        .args([
            "serve",
            book.to_str().ok_or("path")?,
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let out = lines(child.stdout.take().ok_or("stdout")?);
    Ok(Served { child, port, out })
}

/// The lines `r` gives, as they come.
pub fn lines(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for l in BufReader::new(r).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// The first line holding `needle` within `timeout`.
pub fn wait(rx: &Receiver<String>, needle: &str, timeout: Duration) -> Result<String, String> {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(5)) {
            if l.contains(needle) {
                return Ok(l);
            }
        }
    }
    Err(format!("timed out waiting for {needle:?}"))
}
