//! `careerbook build`

use std::path::Path;

use super::{Ui, EXIT_OK};

pub(super) fn run(ui: &Ui, dir: &Path, output: Option<&Path>, overlay: Option<&Path>) -> i32 {
    match crate::pipeline::build(dir, output, overlay) {
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
            if ui.verbose {
                for (stage, t) in &report.timings {
                    ui.info(&format!("  {stage:<16} {:>8.1} ms", t.as_secs_f64() * 1e3));
                }
            }
            EXIT_OK
        }
        Err(d) => ui.fail(&d, "build"),
    }
}
