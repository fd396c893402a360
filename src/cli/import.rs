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
    /// Etsy engineering career ladder (a folder with index.md and competencies.md)
    Etsy,
    /// A spreadsheet in the shape of framework.csv (a .csv file)
    Csv,
}

impl From<ImportFormat> for Format {
    fn from(f: ImportFormat) -> Format {
        match f {
            ImportFormat::Ft => Format::Ft,
            ImportFormat::Monzo => Format::Monzo,
            ImportFormat::Etsy => Format::Etsy,
            ImportFormat::Csv => Format::Csv,
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

pub(super) fn run(
    ui: &Ui,
    format: ImportFormat,
    sources: &[PathBuf],
    output: Option<&Path>,
) -> i32 {
    let out = match (output, sources) {
        (Some(o), _) => o.to_path_buf(),
        (None, [one]) => default_output(one),
        (None, _) => PathBuf::from("imported-handbook"),
    };
    match crate::import::import(format.into(), sources, &out) {
        Ok(report) => {
            ui.diagnostics(&report.warnings);
            for l in &report.ladders {
                ui.info(&format!(
                    "imported {}: {} levels, {} dimensions, {} criteria, {} examples",
                    l.name, l.levels, l.dimensions, l.criteria, l.examples
                ));
            }
            if report.ladders.len() > 1 {
                ui.info(&format!(
                    "as one handbook with {} job families -> {}",
                    report.ladders.len(),
                    out.display()
                ));
            } else {
                ui.info(&format!("-> {}", out.display()));
            }
            if !report.lint.is_empty() {
                ui.info(&super::check::lint_summary(&report.lint));
                if ui.verbose {
                    let mut d = crate::diagnostics::Diagnostics::new();
                    d.extend(report.lint.iter().map(|f| f.diagnostic.clone()));
                    ui.diagnostics(&d);
                } else {
                    ui.info("see each lint finding with its location: careerbook check <handbook folder>");
                }
            }
            ui.info(&format!("next: careerbook build {}", out.display()));
            EXIT_OK
        }
        Err(d) => ui.fail(&d, "import"),
    }
}
