//! `careerbook check`

use std::path::Path;

use super::{Ui, EXIT_OK};

pub fn run(ui: &Ui, dir: &Path) -> i32 {
    let start = std::time::Instant::now();
    match crate::site::check(dir) {
        Ok((pages, warnings)) => {
            ui.diagnostics(&warnings);
            let tail = if warnings.is_empty() {
                String::new()
            } else {
                format!(", {}", ui.summary_line(&warnings))
            };
            ui.info(&format!(
                "ok: {pages} pages check out in {:.2} s{tail}",
                start.elapsed().as_secs_f64()
            ));
            EXIT_OK
        }
        Err(d) => ui.fail(&d, "check"),
    }
}
