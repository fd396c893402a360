//! `careerbook serve`

use super::{Ui, EXIT_OK};
use crate::serve::{Options, Report};

pub(super) fn run(ui: &Ui, opts: Options) -> i32 {
    let report = |r: Report| match r {
        Report::Listening { url, public } => {
            ui.info(&format!(
                "serving {} at {url} (Ctrl-C to stop)",
                opts.root.display()
            ));
            if public {
                ui.warn(
                    "warning: listening beyond this machine: anyone on your network can read this handbook, and the overlay if one is loaded",
                );
            }
        }
        Report::Built {
            pages,
            elapsed,
            warnings,
            partial,
        } => {
            ui.diagnostics(warnings);
            let what = if partial { "updated" } else { "built" };
            let plural = if pages == 1 { "page" } else { "pages" };
            ui.info(&format!(
                "{what} {pages} {plural} in {:.1} ms",
                elapsed.as_secs_f64() * 1e3
            ));
        }
        Report::Failed(d) => {
            ui.diagnostics(d);
            ui.warn(&format!(
                "build failed: {}; still serving the last good build, the browser shows the errors",
                ui.summary_line(d)
            ));
        }
        Report::Note(n) => ui.info(&n),
        Report::Stopped => ui.info("stopped"),
    };
    match crate::serve::run(&opts, &report) {
        Ok(()) => EXIT_OK,
        Err(d) => ui.fail(&d, "serve"),
    }
}
