//! `careerbook build`

use std::path::Path;

use super::{Ui, EXIT_OK};

pub(super) fn run(
    ui: &Ui,
    dir: &Path,
    output: Option<&Path>,
    overlay: Option<&Path>,
    cache: bool,
    profile: Option<String>,
) -> i32 {
    let bar = progress_bar(ui);
    let tick = |done, of| {
        if let Some(b) = &bar {
            b.tick(done, of);
        }
    };
    let options = crate::pipeline::BuildOptions {
        progress: bar.is_some().then_some(&tick as crate::pipeline::Progress),
        cache,
        profile,
    };
    let result = crate::pipeline::build_with(dir, output, overlay, &options);
    if let Some(bar) = bar {
        bar.finish();
    }
    match result {
        Ok(report) => {
            ui.diagnostics(&report.warnings);
            ui.info(&format!(
                "built {} pages ({} files, {:.1} MB) into {} in {:.2} s{}",
                report.pages,
                report.files,
                report.bytes as f64 / 1e6,
                report.output.display(),
                report.elapsed.as_secs_f64(),
                if report.warnings.is_empty() {
                    String::new()
                } else {
                    format!(", {}", ui.summary_line(&report.warnings))
                }
            ));
            if !report.left_out.is_empty() {
                ui.info(&format!("  {}", report.left_out));
            }
            if ui.verbose {
                if report.rendered < report.pages {
                    ui.info(&format!(
                        "  pages: {} rendered, {} unchanged since the last build",
                        report.rendered,
                        report.pages - report.rendered
                    ));
                }
                if report.rendered < report.pages && !report.search.is_empty() {
                    ui.info(&format!("  search index: {}", report.search));
                }
                if let Some(c) = report.cache {
                    ui.info(&format!(
                        "  build cache: {} highlighted blocks reused, {} made{}",
                        c.hits,
                        c.misses + c.rejected,
                        match c.rejected {
                            0 => String::new(),
                            n => format!(" ({n} entries damaged or foreign, ignored)"),
                        }
                    ));
                }
                for (stage, t) in &report.timings {
                    ui.info(&format!("  {stage:<16} {:>8.1} ms", t.as_secs_f64() * 1e3));
                }
            }
            EXIT_OK
        }
        Err(d) => ui.fail(&d, "build"),
    }
}

/// `careerbook clean`: removes the build cache, only if it is careerbook's.
pub(super) fn clean(ui: &Ui, dir: &Path) -> i32 {
    let cache = dir.join(crate::cache::DIR);
    match crate::cache::clean(&cache) {
        Ok(true) => {
            ui.info(&format!("removed the build cache {}", cache.display()));
            EXIT_OK
        }
        Ok(false) => {
            ui.info(&format!("no build cache at {}", cache.display()));
            EXIT_OK
        }
        Err(e) => ui.fail(
            &crate::diagnostics::Diagnostic::error(e.to_string())
                .hint("careerbook removes only the cache folder it made")
                .into(),
            "clean",
        ),
    }
}

/// A progress bar on a terminal, for builds long enough to wonder about:
/// it appears after a second (a spinner while the handbook is read and
/// checked, then pages written out of all), and never on a pipe, in CI or
/// with -q.
struct Bar {
    bar: indicatif::ProgressBar,
    /// Whether pages are being counted yet, and whether the build is over
    /// (the bar is not shown after that).
    counting: std::sync::atomic::AtomicBool,
    over: std::sync::Arc<std::sync::Mutex<bool>>,
}

impl Bar {
    fn tick(&self, done: usize, of: usize) {
        use std::sync::atomic::Ordering;
        if !self.counting.swap(true, Ordering::Relaxed) {
            self.bar.set_length(of as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{elapsed:>4} [{bar:30}] {pos}/{len} pages {msg}",
            ) {
                self.bar.set_style(style.progress_chars("=> "));
            }
            self.bar.set_message("");
        }
        self.bar.set_position(done as u64);
        if done == of {
            self.bar.set_message("(search index and print page)");
        }
    }

    fn finish(self) {
        if let Ok(mut over) = self.over.lock() {
            *over = true;
        }
        self.bar.finish_and_clear();
    }
}

fn progress_bar(ui: &Ui) -> Option<Bar> {
    use std::io::IsTerminal;
    let wanted = !ui.quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false");
    if !wanted {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{elapsed:>4} {spinner} {msg}") {
        bar.set_style(style);
    }
    bar.set_message("reading and checking the handbook");
    let over = std::sync::Arc::new(std::sync::Mutex::new(false));
    let (shown, done) = (bar.clone(), over.clone());
    std::thread::spawn(move || {
        // CAREERBOOK_PROGRESS_DELAY_MS: for tests, which build small books.
        let delay = std::env::var("CAREERBOOK_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        std::thread::sleep(std::time::Duration::from_millis(delay));
        // Under the lock, so the bar never appears after the build ended.
        if let Ok(over) = done.lock() {
            if !*over {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(120));
            }
        }
    });
    Some(Bar {
        bar,
        counting: Default::default(),
        over,
    })
}
