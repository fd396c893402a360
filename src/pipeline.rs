//! The pipeline: load → validate → render → write, put together once for
//! `build`, `check` and the dev server. [`Pipeline::prepare`] loads and
//! validates the handbook and compiles the theme's templates, once per run;
//! [`build`] and [`check`] run it to a staging folder or to nothing, and
//! `serve` keeps one between saves.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostics;
use crate::model::Handbook;
use crate::output::{NullSink, Staging};
use crate::render::{RenderOptions, Renderer, Theme};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    /// Pages rendered; the others were reused from the previous build.
    pub rendered: usize,
    /// What became of the search index: built, updated or unchanged ("" with
    /// search off).
    pub search: &'static str,
    pub files: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Warnings found along the way (errors fail the build instead).
    pub warnings: Diagnostics,
    /// Wall time of each stage, for `-v`.
    pub timings: Vec<(&'static str, Duration)>,
    /// How the build cache fared, when there was one.
    pub(crate) cache: Option<crate::cache::Stats>,
    /// What the build profile left out ("" when nothing), said so that no
    /// internal page goes missing unnoticed.
    pub left_out: String,
}

/// A handbook loaded and validated, and the theme compiled: what every
/// command renders from.
pub(crate) struct Pipeline {
    pub(crate) hb: Handbook,
    pub(crate) renderer: Renderer,
    /// Validation warnings.
    pub(crate) warnings: Diagnostics,
}

impl Pipeline {
    /// Loads and validates the handbook at `root`, then loads and compiles
    /// its theme. Stage times go to `timings` when given.
    pub(crate) fn prepare(
        root: &Path,
        texts: crate::load::Texts,
        profile: Option<&str>,
        mut timings: Option<&mut Vec<(&'static str, Duration)>>,
    ) -> Result<Pipeline, Diagnostics> {
        let mut lap = Instant::now();
        let mut mark = |name: &'static str| {
            if let Some(t) = timings.as_deref_mut() {
                t.push((name, lap.elapsed()));
            }
            lap = Instant::now();
        };
        let hb = crate::load::load_with(root, texts, profile)?;
        mark("load + parse");
        let (hb, warnings) = validated(hb)?;
        mark("validate");
        let theme = Theme::load(root, &hb.config.build.theme)?;
        let renderer = Renderer::new(theme)?;
        mark("compile templates");
        Ok(Pipeline {
            hb,
            renderer,
            warnings,
        })
    }
}

/// `hb` validated, with its releases loaded (and validated): the
/// handbook every command renders, and the validation warnings.
pub(crate) fn validated(mut hb: Handbook) -> Result<(Handbook, Diagnostics), Diagnostics> {
    let warnings = crate::validate::validate(&hb);
    if warnings.has_errors() {
        return Err(warnings);
    }
    hb.releases = releases(&hb)?;
    Ok((hb, warnings))
}

/// book.toml's releases, each loaded and validated from its git ref or
/// folder: what the release pages and the levels' "changed since" compare.
fn releases(hb: &Handbook) -> Result<Vec<crate::model::snapshot::Release>, Diagnostics> {
    use crate::diagnostics::Diagnostic;
    let mut out: Vec<crate::model::snapshot::Release> = Vec::new();
    for r in &hb.config.releases {
        let bad = |why: &str, hint: &str| -> Diagnostics {
            Diagnostic::error(format!("release `{}` {why}", r.name))
                .in_file("book.toml")
                .hint(hint.to_string())
                .into()
        };
        let slug = crate::markdown::slugify_id(&r.name);
        if slug.is_empty() || out.iter().any(|o| o.slug == slug) {
            return Err(bad(
                "needs a name of its own",
                "name each [[releases]] differently, with letters or digits (\"2025.1\", \"v3\")",
            ));
        }
        let checkout;
        let dir = match (&r.git_ref, &r.path) {
            (Some(git_ref), None) => {
                checkout = crate::revisions::git::Checkout::at(&hb.root, git_ref)?;
                checkout.dir.clone()
            }
            (None, Some(path)) => hb.root.join(path),
            _ => return Err(bad("needs either `ref` (a git tag, branch or commit) or `path` (a folder holding the handbook as released)", "give the release one of them")),
        };
        let loaded = crate::load::load_release(&dir, &hb.profile).and_then(|then| {
            let e = crate::validate::validate(&then);
            if e.has_errors() {
                Err(e)
            } else {
                Ok(then)
            }
        });
        let then = loaded.map_err(|d| {
            let mut all = bad("does not load", "a release is compared with the ladder of today, so it must build; its own errors follow");
            all.extend(d);
            all
        })?;
        out.push(crate::model::snapshot::Release {
            name: r.name.clone(),
            slug,
            date: r.date.map(|d| d.to_string()).unwrap_or_default(),
            snapshot: crate::model::snapshot::Snapshot::of(&then),
        });
    }
    Ok(out)
}

/// A build that keeps internal content never goes to the public site's
/// folder.
fn guard_internal(hb: &Handbook, target: &Path) -> Result<(), Diagnostics> {
    let public = hb.root.join(&hb.profile.public_output);
    if !hb.profile.internal || !same_folder(target, &public) {
        return Ok(());
    }
    Err(crate::diagnostics::Diagnostic::error(format!(
        "refusing to write a build with internal content (profile `{}`) to `{}`, the public site's folder",
        hb.profile.name,
        target.display()
    ))
    .in_file(crate::load::CONFIG_FILE)
    .hint("leave out -o (it goes to its own folder) or choose one that is not published; set the profile's own `output` in [profiles.NAME]")
    .into())
}

/// The output folder: `-o` if given (relative to the current folder), else
/// book.toml's `build.output` relative to the handbook.
pub(crate) fn output_dir(hb: &Handbook, out: Option<&Path>) -> PathBuf {
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
    build_with(root, out, overlay, &BuildOptions::default())
}

/// Told, as pages are written, how many of how many are done.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// How `build` runs, beyond what it builds.
pub struct BuildOptions<'a> {
    /// Told as pages are written.
    pub progress: Option<Progress<'a>>,
    /// Keep expensive results in the build cache (`.careerbook-cache/`
    /// beside book.toml) and reuse them.
    pub cache: bool,
    /// The build profile by name (`public` when `None`): whether internal
    /// pages, sections and examples are kept.
    pub profile: Option<String>,
}

impl Default for BuildOptions<'_> {
    fn default() -> Self {
        BuildOptions {
            progress: None,
            cache: true,
            profile: None,
        }
    }
}

/// [`build`], with options.
pub fn build_with(
    root: &Path,
    out: Option<&Path>,
    overlay: Option<&Path>,
    options: &BuildOptions,
) -> Result<BuildReport, Diagnostics> {
    let progress = options.progress;
    let start = Instant::now();
    let mut timings = Vec::new();
    let Pipeline {
        mut hb,
        mut renderer,
        mut warnings,
    } = Pipeline::prepare(
        root,
        crate::load::Texts::Release,
        options.profile.as_deref(),
        Some(&mut timings),
    )?;
    let mut lap = Instant::now();
    let mut mark = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    // The overlay is read only when asked for, and only after the handbook
    // itself is known to be sound.
    let overlay = match overlay {
        Some(dir) => Some(crate::overlay::load(dir, &hb)?),
        None => None,
    };
    if let Some(o) = &overlay {
        // What the overlay holds but cannot show is said, never dropped.
        warnings.extend(o.warnings.iter().cloned());
    }
    // Validated: from here on nothing reads the references.
    hb.forget_references();
    let published = output_dir(&hb, None);
    let target = match (out, &overlay) {
        (Some(o), _) => o.to_path_buf(),
        (None, Some(_)) => hb.root.join(format!("{}-private", hb.config.build.output)),
        (None, None) => published.clone(),
    };
    guard_output(&hb, &target)?;
    guard_internal(&hb, &target)?;
    if overlay.is_some() && same_folder(&target, &published) {
        return Err(crate::diagnostics::Diagnostic::error(format!(
            "refusing to write a build with the personal overlay to `{}`, the published output",
            target.display()
        ))
        .hint("leave out -o (it goes to a separate `-private` folder) or choose a folder that is not published")
        .into());
    }
    if options.cache {
        renderer.cache = open_cache(&hb.root, Some(&target), &mut warnings);
    }
    let staging = Staging::begin(&target).map_err(Diagnostics::from)?;
    mark("prepare output", &mut timings);
    let opts = RenderOptions {
        highlight: true,
        search: true,
        private: overlay.is_some(),
        rooted_404: true,
        // What the next build reuses is kept only in the cache, and never
        // for a private build.
        record: renderer.cache.is_some() && overlay.is_none(),
    };
    let (_lock, previous) = previous_build(renderer.cache.as_ref(), overlay.is_some(), &target);
    // The pages' bodies wait for the print page in a file in the staging
    // folder (unlinked before it is swapped in).
    let spill = staging.dir().join(".careerbook-print-bodies");
    let render = |sink: &dyn crate::output::Sink| {
        crate::render::reuse::render(&renderer, &hb, sink, opts, previous.as_ref(), Some(&spill))
    };
    let done = match progress {
        None => render(&staging)?,
        Some(tick) => render(&counting(&hb, &staging, tick))?,
    };
    let (pages, rendered, search) = (done.pages, done.rendered, done.search);
    if let Some(o) = &overlay {
        let derived = crate::model::Derived::new(&hb);
        renderer.render_overlay(&hb, &derived, &staging, o)?;
    }
    // A private build is not kept: the record would describe the overlay.
    if let (Some(cache), None) = (&renderer.cache, &overlay) {
        done.record.save(cache, staging.dir(), &target);
    }
    mark("render + write", &mut timings);
    let (files, bytes) = staging.stats();
    staging.commit().map_err(Diagnostics::from)?;
    mark("swap into place", &mut timings);
    Ok(BuildReport {
        left_out: crate::profile::summary(&hb),
        output: target,
        cache: renderer.cache.as_ref().map(crate::cache::Cache::stats),
        pages,
        rendered,
        search,
        files,
        bytes,
        elapsed: start.elapsed(),
        warnings,
        timings,
    })
}

/// The previous build of `target` to reuse (none for a private build), and
/// the lock that keeps other builds of `target` waiting until this one is
/// in place: a second build at once waits, then reuses what the first wrote.
fn previous_build(
    cache: Option<&crate::cache::Cache>,
    private: bool,
    target: &Path,
) -> (
    Option<std::fs::File>,
    Option<crate::render::reuse::Previous>,
) {
    let Some(cache) = cache.filter(|_| !private) else {
        return (None, None);
    };
    match cache.lock(&absolute(target).to_string_lossy()) {
        Ok(lock) => (
            Some(lock),
            crate::render::reuse::Previous::load(cache, target),
        ),
        Err(_) => (None, None),
    }
}

/// A sink that tells `tick` how many of the handbook's pages are written.
fn counting<'a>(
    hb: &Handbook,
    inner: &'a dyn crate::output::Sink,
    tick: Progress<'a>,
) -> crate::output::Counting<'a> {
    crate::output::Counting {
        inner,
        watched: crate::render::plan(hb)
            .into_iter()
            .filter(|p| p.is_page())
            .map(|p| p.path)
            .collect(),
        done: Default::default(),
        tick,
    }
}

/// The handbook's build cache, or `None` (with a warning saying why) when
/// it cannot be used. It never overlaps the output.
pub(crate) fn open_cache(
    root: &Path,
    target: Option<&Path>,
    warnings: &mut Diagnostics,
) -> Option<crate::cache::Cache> {
    let dir = root.join(crate::cache::DIR);
    let abs_dir = absolute(&dir);
    if let Some(target) = target.filter(|t| {
        let abs_target = absolute(t);
        abs_target.starts_with(&abs_dir) || abs_dir.starts_with(&abs_target)
    }) {
        warnings.push(
            crate::diagnostics::Diagnostic::warning(format!(
                "not using the build cache: `{}` and the output `{}` overlap",
                dir.display(),
                target.display()
            ))
            .hint("build into a folder outside the cache (and the cache outside the output)"),
        );
        return None;
    }
    match crate::cache::Cache::open(&dir) {
        Ok(c) => Some(c),
        Err(e) => {
            warnings.push(
                crate::diagnostics::Diagnostic::warning(format!(
                    "not using the build cache `{}`: {e}",
                    dir.display()
                ))
                .hint("check the folder's permissions, or build with --no-cache"),
            );
            None
        }
    }
}

fn absolute(p: &Path) -> std::path::PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// What `check` found in a handbook that passes.
#[derive(Debug)]
pub struct CheckReport {
    pub pages: usize,
    /// Validation warnings.
    pub(crate) warnings: Diagnostics,
    /// The framework lint's findings (warnings too, kept apart so they can
    /// be counted by kind).
    pub lint: Vec<crate::lint::Finding>,
}

/// Validates everything, including that every template renders with every
/// page's data, runs the framework lint, and writes nothing.
pub fn check(root: &Path) -> Result<CheckReport, Diagnostics> {
    check_as(root, None)
}

/// [`check`] under the build profile named `profile`.
pub fn check_as(root: &Path, profile: Option<&str>) -> Result<CheckReport, Diagnostics> {
    let p = Pipeline::prepare(root, crate::load::Texts::Release, profile, None)?;
    let pages = p
        .renderer
        .render_site(
            &p.hb,
            &NullSink,
            RenderOptions {
                highlight: false,
                search: false,
                private: false,
                rooted_404: true,
                record: false,
            },
        )?
        .pages;
    Ok(CheckReport {
        pages,
        lint: crate::lint::findings(&p.hb),
        warnings: p.warnings,
    })
}

/// Whether `a` and `b` are one folder, through links too (a published
/// output that is a link to a web server's folder is still published).
fn same_folder(a: &Path, b: &Path) -> bool {
    real(a) == real(b)
}

/// `p` with links resolved where it exists, else made absolute.
fn real(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p))
}

/// The output must not be, or contain, the handbook's own sources.
fn guard_output(hb: &Handbook, target: &Path) -> Result<(), Diagnostics> {
    let root = real(&hb.root);
    let out = real(target);
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
