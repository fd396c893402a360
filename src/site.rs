//! The orchestrator: runs load → validate → render → write for `build`, and
//! load → validate → render-to-nothing for `check`. Holds no state between
//! runs; the dev server calls the same functions.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostics;
use crate::model::Handbook;
use crate::output::{NullSink, Staging};
use crate::render::{self, RenderOptions, Theme};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Warnings found along the way (errors fail the build instead).
    pub warnings: Diagnostics,
    /// Wall time of each stage, for `-v`.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads and validates a handbook: everything except rendering.
pub fn load_valid(root: &Path) -> Result<(Handbook, Diagnostics), Diagnostics> {
    let hb = crate::load::load(root)?;
    let diags = crate::validate::validate(&hb);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((hb, diags))
}

/// The output folder: `-o` if given (relative to the current folder), else
/// book.toml's `build.output` relative to the handbook.
pub fn output_dir(hb: &Handbook, out: Option<&Path>) -> PathBuf {
    match out {
        Some(o) => o.to_path_buf(),
        None => hb.root.join(&hb.config.build.output),
    }
}

/// Builds the handbook at `root` into `out`. On any error nothing is
/// written over the previous output.
pub fn build(
    root: &Path,
    out: Option<&Path>,
    overlay: Option<&Path>,
) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let mut timings = Vec::new();
    let mut lap = Instant::now();
    let mut mark = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let hb = crate::load::load(root)?;
    mark("load + parse", &mut timings);
    let warnings = crate::validate::validate(&hb);
    if warnings.has_errors() {
        return Err(warnings);
    }
    mark("validate", &mut timings);
    // The overlay is read only when asked for, and only after the handbook
    // itself is known to be sound.
    let overlay = match overlay {
        Some(dir) => Some(crate::overlay::load(dir, &hb)?),
        None => None,
    };
    let theme = Theme::load(root, &hb.config.build.theme)?;
    let published = output_dir(&hb, None);
    let target = match (out, &overlay) {
        (Some(o), _) => o.to_path_buf(),
        (None, Some(_)) => hb.root.join(format!("{}-private", hb.config.build.output)),
        (None, None) => published.clone(),
    };
    guard_output(&hb, &target)?;
    if overlay.is_some() && same_folder(&target, &published) {
        return Err(crate::diagnostics::Diagnostic::error(format!(
            "refusing to write a build with the personal overlay to `{}`, the published output",
            target.display()
        ))
        .hint("leave out -o (it goes to a separate `-private` folder) or choose a folder that is not published")
        .into());
    }
    let staging = Staging::begin(&target).map_err(Diagnostics::from)?;
    mark("prepare output", &mut timings);
    let pages = render::render_site(
        &hb,
        &theme,
        &staging,
        RenderOptions {
            highlight: true,
            search: true,
            private: overlay.is_some(),
            rooted_404: true,
        },
    )?
    .pages;
    if let Some(o) = &overlay {
        render::render_overlay(&hb, &theme, &staging, o)?;
    }
    mark("render + write", &mut timings);
    let (files, bytes) = staging.stats();
    staging.commit().map_err(Diagnostics::from)?;
    mark("swap into place", &mut timings);
    Ok(BuildReport {
        output: target,
        pages,
        files,
        bytes,
        elapsed: start.elapsed(),
        warnings,
        timings,
    })
}

/// What `check` found in a handbook that passes.
#[derive(Debug)]
pub struct CheckReport {
    pub pages: usize,
    /// Validation warnings.
    pub warnings: Diagnostics,
    /// The framework lint's findings (warnings too, kept apart so they can
    /// be counted by kind).
    pub lint: Vec<crate::lint::Finding>,
}

/// Validates everything, including that every template renders with every
/// page's data, runs the framework lint, and writes nothing.
pub fn check(root: &Path) -> Result<CheckReport, Diagnostics> {
    let (hb, warnings) = load_valid(root)?;
    let theme = Theme::load(root, &hb.config.build.theme)?;
    let pages = render::render_site(
        &hb,
        &theme,
        &NullSink,
        RenderOptions {
            highlight: false,
            search: false,
            private: false,
            rooted_404: true,
        },
    )?
    .pages;
    Ok(CheckReport {
        pages,
        warnings,
        lint: crate::lint::findings(&hb),
    })
}

fn same_folder(a: &Path, b: &Path) -> bool {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    abs(a) == abs(b)
}

/// The output must not be, or contain, the handbook's own sources.
fn guard_output(hb: &Handbook, target: &Path) -> Result<(), Diagnostics> {
    let abs = |p: &Path| {
        std::fs::canonicalize(p)
            .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
    };
    let root = abs(&hb.root);
    let out = abs(target);
    if root.starts_with(&out) || out.starts_with(root.join(crate::load::CONTENT_DIR)) {
        return Err(crate::diagnostics::Diagnostic::error(format!(
            "refusing to write to `{}`: it would overlap the handbook's sources",
            target.display()
        ))
        .hint("choose an output folder outside content/ and not containing the handbook, e.g. -o site")
        .into());
    }
    Ok(())
}
