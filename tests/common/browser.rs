//! A real headless Chromium for the browser tests, shared by the tests of
//! one file. Missing Chromium skips the tests locally and fails them in CI
//! (where `.ci/run` installs it).
#![allow(dead_code)]

use std::ffi::OsStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use headless_chrome::{Browser, LaunchOptions, Tab};

fn chromium_path() -> Option<std::path::PathBuf> {
    if let Ok(p) = std::env::var("CHROMIUM") {
        return Some(p.into());
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(std::path::PathBuf::from)
    .find(|p| p.exists())
}

/// A browser with one tab open on a page. Each test owns its browser, so the
/// Chromium process ends with the test instead of outliving the run.
pub struct Page {
    pub tab: Arc<Tab>,
    _browser: Browser,
}

impl std::ops::Deref for Page {
    type Target = Tab;
    fn deref(&self) -> &Tab {
        &self.tab
    }
}

fn launch() -> Option<Browser> {
    let Some(path) = chromium_path() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is required in CI; .ci/run installs it"
        );
        eprintln!("skipped: no chromium found (set CHROMIUM=/path/to/chromium)");
        return None;
    };
    let opts = LaunchOptions::default_builder()
        .path(Some(path))
        .sandbox(false)
        .headless(true)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(
            [
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ]
            .iter()
            .map(OsStr::new)
            .collect(),
        )
        .build()
        .expect("launch options");
    Some(Browser::new(opts).expect("start chromium"))
}

/// Opens `url` in a fresh browser, or `None` (with a note) without Chromium.
pub fn open(url: &str) -> Option<Page> {
    let browser = launch()?;
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    Some(Page {
        tab,
        _browser: browser,
    })
}

/// Navigates an open page elsewhere.
pub fn goto(page: &Page, url: &str) {
    page.tab
        .navigate_to(url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
}

pub fn file_url(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// Evaluates a JS expression (which may return a promise) and returns its
/// JSON-serialized value as a string.
#[track_caller]
pub fn eval(tab: &Tab, js: &str) -> String {
    match try_eval(tab, js) {
        Some(s) => s,
        None => panic!("evaluating {js} failed"),
    }
}

/// Like `eval`, but `None` when the page could not answer (it was
/// navigating, or the script threw).
pub fn try_eval(tab: &Tab, js: &str) -> Option<String> {
    let wrapped =
        format!("Promise.resolve({js}).then(v => JSON.stringify(v === undefined ? null : v))");
    match tab.evaluate(&wrapped, true).ok()?.value {
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// Polls a JS expression until it returns something other than `null`,
/// `[]`, `""` or `false`, and returns that (JSON).
#[track_caller]
pub fn wait_for(tab: &Tab, js: &str) -> String {
    let start = Instant::now();
    loop {
        if let Some(v) = try_eval(tab, js) {
            if !matches!(v.as_str(), "null" | "[]" | "\"\"" | "false" | "0") {
                return v;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {js}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

pub fn press(tab: &Tab, key: &str) {
    tab.press_key(key).expect("key");
}
