//! What the dev-server benchmarks share: reading the server's output and
//! event stream line by line, and waiting for a line.

use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

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
