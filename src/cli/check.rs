//! `careerbook check`

use std::path::Path;

use super::{Ui, EXIT_CONTENT, EXIT_OK};

pub(super) fn run(ui: &Ui, dir: &Path, deny_warnings: bool, profile: Option<&str>) -> i32 {
    let start = std::time::Instant::now();
    match crate::pipeline::check_as(dir, profile) {
        Ok(report) => {
            let mut all = report.warnings;
            all.extend(report.lint.iter().map(|f| f.diagnostic.clone()));
            ui.diagnostics(&all);
            if !report.lint.is_empty() {
                ui.info(&lint_summary(&report.lint));
            }
            let tail = if all.is_empty() {
                String::new()
            } else {
                format!(", {}", ui.summary_line(&all))
            };
            ui.info(&format!(
                "ok: {} pages check out in {:.2} s{tail}",
                report.pages,
                start.elapsed().as_secs_f64()
            ));
            if deny_warnings && !all.is_empty() {
                ui.warn("check failed: --deny-warnings turns the warnings above into a failure");
                return EXIT_CONTENT;
            }
            EXIT_OK
        }
        Err(d) => ui.fail(&d, "check"),
    }
}

/// One line per kind of lint finding, for a quick read of a ladder's health.
pub(super) fn lint_summary(findings: &[crate::lint::Finding]) -> String {
    let mut s = String::from("lint:");
    for (kind, n) in crate::lint::counts(findings) {
        s.push_str(&format!("\n  {n:>4}  {}", kind.label()));
    }
    s
}
