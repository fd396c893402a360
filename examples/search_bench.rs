//! Search benchmark: opens a built site from disk (file://) in headless
//! Chromium and measures, per query, the time to the first result and the
//! bytes the browser had to load for it, cold (a fresh page) and warm (the
//! same page, as a reader types on), each asking for the search box's 8
//! results; and the same for the results page (search.html), whose first
//! results are drawn before its facet counts. Also reports the index size on
//! disk.
//!
//! Usage: cargo run --release --example search_bench -- SITE_DIR [QUERY...]
//! (bench/search.sh builds the 10,000-page site and runs this.)

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions};

fn dir_size(dir: &Path) -> (u64, u64) {
    let (mut bytes, mut files) = (0, 0);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            files += 1;
        }
    }
    (bytes, files)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(
        args.next()
            .ok_or("usage: search_bench SITE_DIR [QUERY...]")?,
    );
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = [
            "review",
            "promotion",
            "feedback",
            "calibration",
            "mentoring",
            "stakeholder decisions",
            "incident review process",
            "promo",
            "calib",
            "feedbakc",
            "calibraton",
            "team lead",
            "compensation equity",
            "onboarding checklist",
            "latency",
            "ownership",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
    }
    let site = std::fs::canonicalize(&site)?;
    let (idx_bytes, idx_files) = dir_size(&site.join("search"));
    let engine = std::fs::metadata(site.join("assets/search.js"))?.len();
    println!(
        "index on disk: {:.1} MB in {} files (+ search.js {:.1} KB)",
        idx_bytes as f64 / 1e6,
        idx_files,
        engine as f64 / 1e3
    );
    for sub in ["t", "p", "d"] {
        let (b, f) = dir_size(&site.join("search").join(sub));
        println!("  search/{sub}/: {:.1} MB in {f} files", b as f64 / 1e6);
    }

    let opts = LaunchOptions::default_builder()
        .path(Some("/usr/bin/chromium".into()))
        .sandbox(false)
        .headless(true)
        .idle_browser_timeout(Duration::from_secs(600))
        .args(
            [
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
            ]
            .iter()
            .map(OsStr::new)
            .collect(),
        )
        .build()?;
    let browser = Browser::new(opts)?;
    let url = format!("file://{}/index.html", site.display());
    let size_of = |name: &str| {
        std::fs::metadata(site.join("search").join(format!("{name}.js"))).map_or(0, |m| m.len())
    };

    println!(
        "\n{:<26} {:>9} {:>10} {:>8} {:>9} {:>9} {:>10} {:>9}",
        "query", "results", "first_ms", "files", "first_KB", "warm_ms", "page_ms", "page_KB"
    );
    let (mut colds, mut warms, mut kbs) = (Vec::new(), Vec::new(), Vec::new());
    let (mut page_ms, mut page_kbs) = (Vec::new(), Vec::new());
    let page_url = format!("file://{}/search.html", site.display());
    for q in &queries {
        let tab = browser.new_tab()?;
        tab.navigate_to(&url)?.wait_until_navigated()?;
        let js = format!(
            "(async () => {{
                const t0 = performance.now();
                // As the search box asks: its 8 results.
                const r = await careerbookSearch.query({q:?}, {{}}, 8);
                const first = await careerbookSearch.docs(r.hits.slice(0, 1).map(h => h.id));
                const t1 = performance.now();
                const files = careerbookSearch.loadedFiles();
                // Warm: the reader keeps typing; shards are loaded, postings decoded once.
                const w0 = performance.now();
                const r2 = await careerbookSearch.query({q:?} + ' ', {{}}, 8);
                await careerbookSearch.docs(r2.hits.slice(0, 8).map(h => h.id));
                const w1 = performance.now();
                return JSON.stringify({{ total: r.total, first: t1 - t0, files, warm: w1 - w0, title: first[0] ? first[0].title : null }});
            }})()"
        );
        let v = tab.evaluate(&js, true)?.value.ok_or("no result")?;
        let v: serde_json::Value = serde_json::from_str(v.as_str().ok_or("not a string")?)?;
        let files: Vec<String> = v["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str().map(String::from))
            .collect();
        let bytes: u64 = files.iter().map(|f| size_of(f)).sum::<u64>() + engine;
        tab.close(true)?;
        // The results page: type the query, note what had loaded when the
        // first result was drawn.
        let tab = browser.new_tab()?;
        tab.navigate_to(&page_url)?.wait_until_navigated()?;
        let js = format!(
            "new Promise(done => {{
                const list = document.getElementById('search-results');
                const t0 = performance.now();
                new MutationObserver((_, obs) => {{
                    if (list.querySelector('li')) {{
                        obs.disconnect();
                        done(JSON.stringify({{ ms: performance.now() - t0, files: careerbookSearch.loadedFiles() }}));
                    }}
                }}).observe(list, {{ childList: true }});
                const i = document.getElementById('search-page-input');
                i.value = {q:?};
                i.dispatchEvent(new Event('input'));
            }})"
        );
        let p = tab.evaluate(&js, true)?.value.ok_or("no result")?;
        let p: serde_json::Value = serde_json::from_str(p.as_str().ok_or("not a string")?)?;
        let page_bytes: u64 = p["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str())
            .map(size_of)
            .sum::<u64>()
            + engine;
        let page_first = p["ms"].as_f64().unwrap_or(0.0);
        let (first, warm) = (
            v["first"].as_f64().unwrap_or(0.0),
            v["warm"].as_f64().unwrap_or(0.0),
        );
        println!(
            "{:<26} {:>9} {:>10.1} {:>8} {:>9.0} {:>9.1} {:>10.1} {:>9.0}",
            q,
            v["total"],
            first,
            files.len(),
            bytes as f64 / 1e3,
            warm,
            page_first,
            page_bytes as f64 / 1e3
        );
        colds.push(first);
        warms.push(warm);
        kbs.push(bytes as f64 / 1e3);
        page_ms.push(page_first);
        page_kbs.push(page_bytes as f64 / 1e3);
        tab.close(true)?;
    }
    println!(
        "\nmedian: first result {:.1} ms cold (max {:.1}), {:.1} ms warm (max {:.1}); {:.0} KB loaded for the first query (max {:.0}), search.js included",
        median(colds.clone()),
        colds.iter().cloned().fold(0.0, f64::max),
        median(warms.clone()),
        warms.iter().cloned().fold(0.0, f64::max),
        median(kbs.clone()),
        kbs.iter().cloned().fold(0.0, f64::max)
    );
    println!(
        "results page: first result {:.1} ms (max {:.1}); {:.0} KB loaded before it (max {:.0}), search.js included",
        median(page_ms.clone()),
        page_ms.iter().cloned().fold(0.0, f64::max),
        median(page_kbs.clone()),
        page_kbs.iter().cloned().fold(0.0, f64::max)
    );
    Ok(())
}
