//! `careerbook import`: turns a ladder published in another format into a
//! careerbook handbook.
//!
//! Each format has a reader (`ft`, `monzo`) that produces a [`Ladder`], the
//! format-neutral shape of a level framework; `emit` writes a ladder as a
//! handbook. Readers never write files, and nothing reaches the destination
//! until every handbook of the import has been written to a staging folder
//! and passed `check`: a failed import leaves no partial result.

pub(crate) mod emit;
pub(crate) mod ft;
pub(crate) mod monzo;
pub(crate) mod yaml;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::slugify_id;
use crate::source::SourceFile;

/// The formats `careerbook import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Financial Times engineering-progression job family (`*.yml`).
    Ft,
    /// Monzo progression-framework Markdown (a file, or a folder of them).
    Monzo,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Ft => "ft",
            Format::Monzo => "monzo",
        }
    }
}

/// A level framework, independent of where it came from.
#[derive(Debug, Clone, Default)]
pub struct Ladder {
    /// Folder name of this handbook inside the import's output (empty for
    /// an import of a single ladder, which fills the output folder itself).
    pub slug: String,
    pub name: String,
    pub summary: String,
    /// Where the ladder came from, for the home page.
    pub source: String,
    /// Ordered proficiency scale, lowest first; empty when the source has none.
    pub proficiency: Vec<String>,
    pub dimensions: Vec<Dimension>,
    pub levels: Vec<Level>,
    pub tracks: Vec<Track>,
}

#[derive(Debug, Clone, Default)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Default)]
pub struct Level {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Prose kept from the source (Markdown), shown on the level page.
    pub body: String,
    /// One per dimension, in the ladder's dimension order.
    pub expectations: Vec<Expectation>,
}

#[derive(Debug, Clone, Default)]
pub struct Expectation {
    pub dimension: String,
    pub statement: String,
    pub proficiency: Option<String>,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Default)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Track {
    pub id: String,
    pub name: String,
    pub levels: Vec<String>,
}

impl Ladder {
    pub fn criteria_count(&self) -> usize {
        self.criteria().count()
    }

    pub fn examples_count(&self) -> usize {
        self.criteria().map(|c| c.examples.len()).sum()
    }

    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.levels
            .iter()
            .flat_map(|l| l.expectations.iter().flat_map(|e| e.criteria.iter()))
    }
}

/// Reads a source file; its name in messages is relative to `base`.
pub(crate) fn read_source(
    path: &Path,
    base: &Path,
) -> Result<std::sync::Arc<SourceFile>, Diagnostics> {
    let display = crate::diagnostics::display_path(path, base);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!("cannot read `{}`: {e}", path.display()))
            .hint("check the path: import reads a file (or, for monzo, a folder of them)")
    })?;
    SourceFile::from_bytes(path.to_path_buf(), display, bytes)
        .map(std::sync::Arc::new)
        .map_err(Diagnostics::from)
}

/// What an import produced.
#[derive(Debug)]
pub struct ImportReport {
    pub output: PathBuf,
    /// Each handbook written: folder (inside `output`), name, levels,
    /// dimensions, criteria, examples.
    pub handbooks: Vec<HandbookSummary>,
    /// Problems in the source that did not stop the import.
    pub warnings: Diagnostics,
}

#[derive(Debug)]
pub struct HandbookSummary {
    pub dir: PathBuf,
    pub name: String,
    pub levels: usize,
    pub dimensions: usize,
    pub criteria: usize,
    pub examples: usize,
    /// The lint's findings on the imported handbook (paths relative to it).
    pub lint: Vec<crate::lint::Finding>,
}

/// Reads `source` in `format` into ladders, without writing anything.
pub fn read(format: Format, source: &Path) -> Result<(Vec<Ladder>, Diagnostics), Diagnostics> {
    match format {
        Format::Ft => ft::read(source),
        Format::Monzo => monzo::read(source),
    }
}

/// Imports `source` into the folder `out`, which must not exist or be empty.
pub fn import(format: Format, source: &Path, out: &Path) -> Result<ImportReport, Diagnostics> {
    check_destination(out)?;
    let (ladders, mut warnings) = read(format, source)?;
    let staging = ImportStaging::begin(out)?;
    let mut handbooks = Vec::new();
    let mut errors = Diagnostics::new();
    for ladder in &ladders {
        let dir = staging.dir.join(&ladder.slug);
        emit::write(ladder, format, &dir).map_err(Diagnostics::from)?;
        // The result must pass the same check a hand-written handbook does;
        // a failure here is an importer bug, reported against the file.
        let mut lint = Vec::new();
        match crate::pipeline::check(&dir) {
            Ok(report) => {
                warnings.extend(report.warnings);
                lint = report.lint;
            }
            Err(d) => errors.extend(d),
        }
        handbooks.push(HandbookSummary {
            dir: if ladder.slug.is_empty() {
                out.to_path_buf()
            } else {
                out.join(&ladder.slug)
            },
            name: ladder.name.clone(),
            levels: ladder.levels.len(),
            dimensions: ladder.dimensions.len(),
            criteria: ladder.criteria_count(),
            examples: ladder.examples_count(),
            lint,
        });
    }
    if errors.has_errors() {
        return Err(errors);
    }
    staging.commit(out)?;
    Ok(ImportReport {
        output: out.to_path_buf(),
        handbooks,
        warnings,
    })
}

fn check_destination(out: &Path) -> Result<(), Diagnostic> {
    if !out.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(out).is_ok_and(|mut r| r.next().is_none());
    if out.is_dir() && empty {
        return Ok(());
    }
    Err(Diagnostic::error(format!(
        "refusing to import into `{}`: it already exists and is not empty",
        out.display()
    ))
    .hint("import into a new folder with -o NEW_FOLDER; careerbook never writes an import over existing files"))
}

const STAGING_MARK: &str = ".careerbook-import";

/// A hidden folder beside the destination that becomes it only when the
/// whole import succeeded; removed otherwise.
struct ImportStaging {
    dir: PathBuf,
    committed: bool,
}

impl ImportStaging {
    fn begin(out: &Path) -> Result<ImportStaging, Diagnostic> {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Diagnostic::error(format!("`{}` has no folder name", out.display()))
                    .hint("pass a folder such as -o my-ladder")
            })?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = parent.join(format!(".{name}.careerbook-import-{}", std::process::id()));
        let made = std::fs::create_dir_all(&parent)
            .and_then(|_| std::fs::create_dir(&dir))
            .and_then(|_| {
                std::fs::write(dir.join(STAGING_MARK), "careerbook import in progress\n")
            });
        made.map_err(|e| {
            Diagnostic::error(format!(
                "cannot create a folder in `{}`: {e}",
                parent.display()
            ))
            .hint("the destination's parent folder must be writable")
        })?;
        Ok(ImportStaging {
            dir,
            committed: false,
        })
    }

    fn commit(mut self, out: &Path) -> Result<(), Diagnostic> {
        let _ = std::fs::remove_file(self.dir.join(STAGING_MARK));
        // rename(2) replaces an empty folder and refuses a non-empty one, so
        // a folder filled since the first check is never overwritten.
        std::fs::rename(&self.dir, out).map_err(|e| {
            let _ = std::fs::write(self.dir.join(STAGING_MARK), "");
            Diagnostic::error(format!(
                "cannot move the import into `{}`: {e}",
                out.display()
            ))
            .hint("the destination must not exist or be an empty folder")
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for ImportStaging {
    fn drop(&mut self) {
        // Only a folder that still carries our mark is ours to remove.
        if !self.committed && self.dir.join(STAGING_MARK).is_file() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A criterion id from its context and first words, unique in `taken`.
/// Stable across re-imports as long as the text keeps its first words.
pub(crate) fn derived_id(
    prefix: &str,
    text: &str,
    taken: &mut std::collections::HashSet<String>,
) -> String {
    let words: Vec<String> = slugify_id(text)
        .split('-')
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_string)
        .collect();
    let base = if words.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}-{}", words.join("-"))
    };
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}
