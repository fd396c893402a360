//! `careerbook import`

use std::path::{Path, PathBuf};

use super::{Ui, EXIT_OK};
use crate::import::Format;

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ImportFormat {
    /// Financial Times engineering-progression job family (a .yml file)
    Ft,
    /// Monzo progression framework (a .md file, or a folder of them with generic.md)
    Monzo,
}

impl From<ImportFormat> for Format {
    fn from(f: ImportFormat) -> Format {
        match f {
            ImportFormat::Ft => Format::Ft,
            ImportFormat::Monzo => Format::Monzo,
        }
    }
}

/// `engineering.yml` -> `engineering-handbook`, beside the current folder.
fn default_output(source: &Path) -> PathBuf {
    let stem = source
        .file_stem()
        .map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from(format!("{stem}-handbook"))
}

pub(super) fn run(ui: &Ui, format: ImportFormat, source: &Path, output: Option<&Path>) -> i32 {
    let out = output.map_or_else(|| default_output(source), Path::to_path_buf);
    match crate::import::import(format.into(), source, &out) {
        Ok(report) => {
            ui.diagnostics(&report.warnings);
            let mut findings = Vec::new();
            for h in &report.handbooks {
                ui.info(&format!(
                    "imported {}: {} levels, {} dimensions, {} criteria, {} examples -> {}",
                    h.name,
                    h.levels,
                    h.dimensions,
                    h.criteria,
                    h.examples,
                    h.dir.display()
                ));
                findings.extend(h.lint.iter().cloned());
                let counts: Vec<String> = crate::lint::counts(&h.lint)
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(k, n)| format!("{n} {}", k.label()))
                    .collect();
                if !counts.is_empty() {
                    ui.info(&format!("  lint: {}", counts.join("; ")));
                }
                if ui.verbose {
                    let mut d = crate::diagnostics::Diagnostics::new();
                    d.extend(h.lint.iter().map(|f| f.diagnostic.clone()));
                    ui.diagnostics(&d);
                }
            }
            if report.handbooks.len() > 1 && !findings.is_empty() {
                ui.info(&super::check::lint_summary(&findings));
            }
            if !findings.is_empty() && !ui.verbose {
                ui.info(
                    "see each lint finding with its location: careerbook check <handbook folder>",
                );
            }
            ui.info(&format!(
                "next: careerbook build {}",
                report.handbooks.first().map_or_else(
                    || out.display().to_string(),
                    |h| h.dir.display().to_string()
                )
            ));
            EXIT_OK
        }
        Err(d) => ui.fail(&d, "import"),
    }
}
