//! Screenshots of a built handbook's key views, desktop and phone, light
//! and dark, with headless Chromium. Run by `scripts/screenshots.sh`, which
//! builds the default handbook first:
//!
//! ```sh
//! cargo run --example screenshots -- <site folder> <output folder>
//! ```
//!
//! The theme is chosen the way a reader does (the toggle's localStorage
//! key), and each view is scrolled to the part worth seeing.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};

struct View {
    name: &'static str,
    /// From the site root.
    url: &'static str,
    /// The element to scroll to, on a desktop and on a phone.
    scroll: [Option<&'static str>; 2],
    /// True once the page's script has drawn what the picture shows.
    ready: &'static str,
}

const fn view(
    name: &'static str,
    url: &'static str,
    scroll: [Option<&'static str>; 2],
    ready: &'static str,
) -> View {
    View {
        name,
        url,
        scroll,
        ready,
    }
}

const VIEWS: [View; 8] = [
    view("home", "index.html", [None, None], "true"),
    view(
        "matrix",
        "matrix.html",
        [Some("section[id^=track-]"), Some("section[id^=track-]")],
        "true",
    ),
    view(
        "level",
        "levels/senior.html",
        [Some(".next-level"), Some(".next-level")],
        "!!document.querySelector('.next-level')",
    ),
    view(
        "compare",
        "compare.html?a=mid&b=senior",
        [None, None],
        "document.querySelectorAll('#compare-table tbody tr').length > 0",
    ),
    view("questions", "questions/index.html", [None, None], "true"),
    view(
        "question",
        "questions/disagree-decision.html",
        [Some("#example-answers"), Some("#example-answers")],
        "true",
    ),
    view(
        "exercise",
        "exercises/incident-retrospective-drill.html",
        [Some("#rubric"), Some("#rubric")],
        "true",
    ),
    // On a phone the filters come first and fill the screen.
    view(
        "search",
        "search.html?q=promotion%20packet",
        [None, Some("#search-status")],
        "document.querySelectorAll('#search-results li').length > 0",
    ),
];

/// Desktop first, then phone, as in `View::scroll`.
const SIZES: [(&str, u32, u32); 2] = [("desktop", 1280, 800), ("phone", 390, 844)];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, out] = args.as_slice() else {
        return Err("usage: screenshots <site folder> <output folder>".into());
    };
    let site = std::fs::canonicalize(site)?;
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out)?;
    for (i, (size, width, height)) in SIZES.into_iter().enumerate() {
        let browser = launch(width, height)?;
        let tab = browser.new_tab()?;
        // The window has a minimum width; the emulated viewport does not,
        // and `mobile` gives the phone's viewport-meta handling.
        tab.call_method(SetDeviceMetricsOverride {
            width,
            height,
            device_scale_factor: 1.0,
            mobile: width < 600,
            scale: None,
            screen_width: None,
            screen_height: None,
            position_x: None,
            position_y: None,
            dont_set_visible_size: None,
            screen_orientation: None,
            viewport: None,
            display_feature: None,
            device_posture: None,
        })?;
        for theme in ["light", "dark"] {
            for v in &VIEWS {
                let file = out.join(format!("{}-{size}-{theme}.png", v.name));
                shoot(&tab, &site, v.url, theme, v.scroll[i], v.ready, &file)?;
                println!("{}", file.display());
            }
        }
    }
    Ok(())
}

fn launch(width: u32, height: u32) -> Result<Browser, Box<dyn std::error::Error>> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            [
                "/usr/bin/chromium",
                "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome",
            ]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
        })
        .ok_or("no chromium found (set CHROMIUM=/path/to/chromium)")?;
    let opts = LaunchOptions::default_builder()
        .path(Some(path))
        .sandbox(false)
        .headless(true)
        .window_size(Some((width, height)))
        .args(
            [
                "--disable-gpu",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ]
            .iter()
            .map(OsStr::new)
            .collect(),
        )
        .build()?;
    Ok(Browser::new(opts)?)
}

fn eval(tab: &Tab, js: &str) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    Ok(tab.evaluate(js, true)?.value.unwrap_or_default())
}

fn shoot(
    tab: &Tab,
    site: &Path,
    rel: &str,
    theme: &str,
    scroll_to: Option<&str>,
    ready: &str,
    file: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let url = format!("file://{}/{rel}", site.display());
    tab.navigate_to(&url)?.wait_until_navigated()?;
    // The toggle's key, set before the reload so the page's own head script
    // applies it the way it does for a reader.
    eval(
        tab,
        &format!("localStorage.setItem('careerbook-theme', '{theme}')"),
    )?;
    tab.navigate_to(&url)?.wait_until_navigated()?;
    let start = Instant::now();
    while eval(tab, ready)? != serde_json::Value::Bool(true) {
        if start.elapsed() > Duration::from_secs(10) {
            return Err(format!("{rel} never got ready ({ready})").into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if let Some(sel) = scroll_to {
        eval(
            tab,
            &format!("document.querySelector('{sel}').scrollIntoView({{ block: 'start' }})"),
        )?;
    }
    // Let fonts and the sidebar's scroll settle before the picture.
    std::thread::sleep(Duration::from_millis(300));
    let png = tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)?;
    std::fs::write(file, png)?;
    Ok(())
}
