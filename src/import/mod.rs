//! `careerbook import`: turns a ladder published in another format into a
//! careerbook handbook.
//!
//! Each format has a reader (`ft`, `monzo`) that produces a [`Ladder`], the
//! format-neutral shape of a level framework; `emit` writes a ladder as a
//! handbook. Readers never write files, and nothing reaches the destination
//! until every handbook of the import has been written to a staging folder
//! and passed `check`: a failed import leaves no partial result.

pub(crate) mod csv;
pub(crate) mod emit;
pub(crate) mod etsy;
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
    /// Etsy's engineering career ladder: a folder with `index.md` (the
    /// levels) and `competencies.md` (criteria per competency and tier).
    Etsy,
    /// A spreadsheet in the shape of `framework.csv`.
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Ft => "ft",
            Format::Monzo => "monzo",
            Format::Etsy => "etsy",
            Format::Csv => "csv",
        }
    }
}

/// A level framework, independent of where it came from. An import of
/// several (a folder of Monzo frameworks, several FT job families) becomes
/// one handbook with a job family per ladder.
#[derive(Debug, Clone, Default)]
pub struct Ladder {
    /// The family's id when the import holds several ladders.
    pub slug: String,
    /// The shared library other ladders' levels inherit from (Monzo's
    /// generic framework).
    pub library: bool,
    /// Its level ids (and `inherits`) are already the handbook's: written as
    /// they are, not prefixed with the family's id (a spreadsheet exported
    /// from a handbook of several families).
    pub keep_ids: bool,
    /// Its texts are careerbook Markdown (a sheet in the shape of
    /// framework.csv, which round-trips): kept, with raw HTML and unsafe
    /// links neutralized. Otherwise texts are data and written escaped.
    pub markdown: bool,
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
    /// Criteria per step of the proficiency scale (Etsy), lowest first.
    pub tiers: Vec<Tier>,
}

#[derive(Debug, Clone, Default)]
pub struct Tier {
    pub proficiency: String,
    pub criteria: Vec<Criterion>,
}

/// A level defined by a rule over tiers: its words and, where they could
/// be read, its clauses.
#[derive(Debug, Clone, Default)]
pub struct Rule {
    pub text: String,
    pub all: Vec<Clause>,
    pub any: Vec<Clause>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clause {
    pub tier: String,
    /// `None`: every dimension.
    pub count: Option<usize>,
    pub dimension: Option<String>,
    pub partly: bool,
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
    /// The library level (its id in the library ladder) whose criteria
    /// this level takes on.
    pub inherits: Option<String>,
    pub requires: Option<Rule>,
    /// A role beside the ladder (a tech lead) rather than a rung of it.
    pub role: bool,
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
        let tiers = self
            .dimensions
            .iter()
            .flat_map(|d| d.tiers.iter().flat_map(|t| t.criteria.iter()));
        self.levels
            .iter()
            .flat_map(|l| l.expectations.iter().flat_map(|e| e.criteria.iter()))
            .chain(tiers)
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

/// What an import produced: one handbook, with a family per ladder when
/// there are several.
#[derive(Debug)]
pub struct ImportReport {
    pub output: PathBuf,
    /// Each ladder written: its name, levels, dimensions, criteria, examples.
    pub ladders: Vec<LadderSummary>,
    /// Problems in the source that did not stop the import.
    pub warnings: Diagnostics,
    /// The lint's findings on the imported handbook (paths relative to it).
    pub lint: Vec<crate::lint::Finding>,
}

#[derive(Debug)]
pub struct LadderSummary {
    pub name: String,
    pub levels: usize,
    pub dimensions: usize,
    pub criteria: usize,
    pub examples: usize,
}

/// Reads `sources` in `format` into ladders, without writing anything.
pub fn read(
    format: Format,
    sources: &[PathBuf],
) -> Result<(Vec<Ladder>, Diagnostics), Diagnostics> {
    let mut ladders = Vec::new();
    let mut warnings = Diagnostics::new();
    let mut errors = Diagnostics::new();
    for source in sources {
        let read = match format {
            Format::Ft => ft::read(source),
            Format::Monzo => monzo::read(source),
            Format::Etsy => etsy::read(source),
            Format::Csv => csv::read(source),
        };
        match read {
            Ok((l, w)) => {
                ladders.extend(l);
                warnings.extend(w);
            }
            Err(d) => errors.extend(d),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    if ladders.len() > 1 {
        name_families(&mut ladders, &mut warnings);
        shared_dimensions(&ladders, &mut warnings);
    }
    Ok((ladders, warnings))
}

/// Ladders that share a dimension id become one dimension, named as the
/// first names it: say so where the others name it differently.
fn shared_dimensions(ladders: &[Ladder], warnings: &mut Diagnostics) {
    for (i, l) in ladders.iter().enumerate() {
        for d in &l.dimensions {
            let first = ladders[..i]
                .iter()
                .find_map(|o| o.dimensions.iter().find(|x| x.id == d.id).map(|x| (o, x)));
            if let Some((o, x)) = first.filter(|(_, x)| x.name != d.name) {
                warnings.push(
                    Diagnostic::warning(format!(
                        "`{}` names dimension `{}` \"{}\"; the handbook keeps \"{}\" from {}",
                        l.name, d.id, d.name, x.name, o.name
                    ))
                    .hint("both families now share one dimension; rename it in content/framework.toml if neither name fits"),
                );
            }
        }
    }
}

/// Gives each ladder of a many-ladder import a family id of its own.
fn name_families(ladders: &mut [Ladder], warnings: &mut Diagnostics) {
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for l in ladders.iter_mut() {
        let base = match slugify_id(&l.slug) {
            s if s.is_empty() => slugify_id(&l.name),
            s => s,
        };
        let base = if base.is_empty() {
            "family".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if id != base {
            warnings.push(
                Diagnostic::warning(format!(
                    "two sources make the family id `{base}`; this one is `{id}`"
                ))
                .hint("rename one source file to tell them apart"),
            );
        }
        l.slug = id;
    }
}

/// Imports `sources` into the folder `out`, which must not exist or be
/// empty: one source, one ladder; several (or a Monzo folder), one
/// handbook with a job family per ladder.
pub fn import(
    format: Format,
    sources: &[PathBuf],
    out: &Path,
) -> Result<ImportReport, Diagnostics> {
    check_destination(out)?;
    let (ladders, mut warnings) = read(format, sources)?;
    let staging = ImportStaging::begin(out)?;
    emit::write(&ladders, format, &staging.dir).map_err(Diagnostics::from)?;
    // The result must pass the same check a hand-written handbook does; a
    // failure here is an importer bug, reported against the file.
    let report = crate::pipeline::check(&staging.dir)?;
    warnings.extend(report.warnings);
    staging.commit(out)?;
    Ok(ImportReport {
        output: out.to_path_buf(),
        ladders: ladders
            .iter()
            .map(|l| LadderSummary {
                name: l.name.clone(),
                levels: l.levels.len(),
                dimensions: l.dimensions.len(),
                criteria: l.criteria_count(),
                examples: l.examples_count(),
            })
            .collect(),
        warnings,
        lint: report.lint,
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
