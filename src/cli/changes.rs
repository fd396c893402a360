//! `careerbook changes`

use std::io::Write;
use std::path::Path;

use super::{Ui, EXIT_CONTENT, EXIT_OK};
use crate::changes::Format;

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub(crate) enum ChangesFormat {
    /// Plain text for a terminal
    Text,
    /// Markdown, for a pull-request comment
    Markdown,
    /// JSON, for other tools
    Json,
}

pub(super) fn run(ui: &Ui, dir: &Path, since: &str, format: ChangesFormat) -> i32 {
    let format = match format {
        ChangesFormat::Text => Format::Text,
        ChangesFormat::Markdown => Format::Markdown,
        ChangesFormat::Json => Format::Json,
    };
    match crate::changes::changes(dir, since, format) {
        // The report is the command's output: stdout, even with -q.
        Ok(report) => match std::io::stdout().lock().write_all(report.text.as_bytes()) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                ui.warn(&format!("cannot write the report: {e}"));
                EXIT_CONTENT
            }
        },
        Err(d) => ui.fail(&d, "changes"),
    }
}
