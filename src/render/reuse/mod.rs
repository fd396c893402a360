//! Builds that reuse the previous build. A build with the cache on records,
//! beside the site it wrote, a [`Record`]: what every page read (the same
//! [`Dep`]s the dev server tracks), the fingerprints of everything it could
//! read ([`Prints`]), where each page's body lies in `print.html`, and a
//! stamp (inode, length, modification time) of every file. The next build
//! of the same folder with the same settings, theme and careerbook renders
//! only the pages that read something that changed, links the other files
//! from the previous site into the new one, and rebuilds the search index
//! and the print page from what changed.
//!
//! A file is reused only if its stamp still matches: a file edited, removed
//! or replaced since is rendered again, and a record that is damaged, of
//! another version or of other settings is not used at all. The record is
//! a cache entry (checked like any other); losing it costs one full build.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::{contents, print, PagePlan, RenderOptions, Renderer, TOC_PATH};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds::Kind;
use crate::model::deps::{Dep, Field, Prints};
use crate::model::{Derived, Handbook};
use crate::output::Sink;
use crate::search::update::Layout;

/// What a build leaves for the next one.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Record {
    /// Everything outside the documents that changes output (see [`site_key`]).
    key: String,
    /// Every planned page, in plan order, and what it read.
    pages: Vec<(String, Vec<Dep>)>,
    /// What every page read (the layout's globals).
    global: Vec<Dep>,
    /// What the contents script read.
    toc: Vec<Dep>,
    prints: Prints,
    /// Where each page's body lies in `print.html`.
    print: Vec<print::Placed>,
    /// [`print::PrintFrame::print`] of the print page's frame.
    print_frame: u64,
    /// Every file written, stamped.
    files: Vec<Stamp>,
    /// Which search documents each item made (when search is on).
    search: Option<Layout>,
}

/// A file as a build left it: a file that still has its stamp holds what
/// that build wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    path: String,
    ino: u64,
    len: u64,
    mtime: i64,
    mtime_ns: i64,
}

impl Stamp {
    fn of(path: String, m: &std::fs::Metadata) -> Stamp {
        Stamp {
            path,
            ino: m.ino(),
            len: m.len(),
            mtime: m.mtime(),
            mtime_ns: m.mtime_nsec(),
        }
    }
}

const KIND: &str = "site";

mod print_page;

/// The previous build of an output folder: its record and the folder.
pub(crate) struct Previous {
    record: Record,
    site: PathBuf,
}

impl Previous {
    /// The record of the last build into `site`, when the cache has one.
    pub(crate) fn load(cache: &crate::cache::Cache, site: &Path) -> Option<Previous> {
        let bytes = cache.read(KIND, &[record_key(site).as_bytes()])?;
        let record: Record = postcard::from_bytes(&bytes).ok()?;
        Some(Previous {
            record,
            site: site.to_path_buf(),
        })
    }
}

impl Record {
    /// Stamps every file of the site at `dir` (the staging folder: stamps
    /// survive the move into place) and stores the record for `site`.
    pub(crate) fn save(mut self, cache: &crate::cache::Cache, dir: &Path, site: &Path) {
        for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
            if !e.file_type().is_file() {
                continue;
            }
            let (Ok(rel), Ok(m)) = (e.path().strip_prefix(dir), e.metadata()) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            self.files.push(Stamp::of(rel, &m));
        }
        if let Ok(bytes) = postcard::to_stdvec(&self) {
            cache.write(KIND, &[record_key(site).as_bytes()], &bytes);
        }
    }
}

/// One record per output folder.
fn record_key(site: &Path) -> String {
    std::path::absolute(site)
        .unwrap_or_else(|_| site.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Everything that changes the output besides the documents, whose reads
/// are tracked: book.toml, the build profile, the theme, the releases, the
/// render options.
pub(crate) fn site_key(hb: &Handbook, renderer: &Renderer, opts: RenderOptions) -> String {
    let mut h = blake3::Hasher::new();
    let mut part = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part(format!("{:?}", hb.config).as_bytes());
    part(format!("{:?}", hb.profile).as_bytes());
    part(format!("{opts:?}").as_bytes());
    for (name, f) in renderer
        .theme
        .templates
        .iter()
        .chain(&renderer.theme.statics)
    {
        part(name.as_bytes());
        part(&f.bytes);
    }
    part(format!("{:?}", hb.releases).as_bytes());
    h.finalize().to_hex().to_string()
}

/// What becomes of the previous build's search index.
#[derive(Debug, Clone, PartialEq)]
enum Search {
    /// Nothing it holds changed: link it.
    Keep,
    /// Only these items' own documents changed: update it (see
    /// [`crate::search::update`]).
    Update(Vec<(Kind, u64)>),
    Rebuild,
}

impl Search {
    /// What `changed` (the reads that changed) does to the index (see
    /// [`crate::search::update::edits_after`]).
    fn after(changed: &FxHashSet<Dep>) -> Search {
        match crate::search::update::edits_after(changed) {
            None => Search::Rebuild,
            Some(edits) if edits.is_empty() => Search::Keep,
            Some(edits) => Search::Update(edits),
        }
    }

    fn rebuild(&mut self) {
        *self = Search::Rebuild;
    }
}

/// What the previous build lets this one skip.
struct Plan {
    /// Pages to render again.
    stale: HashSet<String>,
    search: Search,
    toc: bool,
    /// Nothing any page reads changed (files may have been tampered with).
    same: bool,
}

impl Previous {
    /// What can be reused, or `None` when everything must be rendered.
    fn plan(&self, key: &str, pages: &[PagePlan], prints: &Prints) -> Option<Plan> {
        let rec = &self.record;
        if rec.key != key
            || rec.pages.len() != pages.len()
            || rec.pages.iter().zip(pages).any(|((a, _), b)| *a != b.path)
        {
            return None;
        }
        let touched: Vec<_> = rec
            .prints
            .docs
            .keys()
            .chain(prints.docs.keys())
            .copied()
            .collect();
        let mut changed = rec.prints.changes(prints, &touched);
        let search = match rec.search.is_some() {
            true => Search::after(&changed),
            false => Search::Rebuild,
        };
        let whole: Vec<Dep> = changed
            .iter()
            .filter_map(|d| match d {
                Dep::Doc(kind, k, _) => Some(Dep::Doc(*kind, *k, Field::Any)),
                Dep::Home(_) => Some(Dep::Home(Field::Any)),
                _ => None,
            })
            .collect();
        changed.extend(whole);
        let hit = |deps: &[Dep]| deps.iter().any(|d| changed.contains(d));
        if hit(&rec.global) {
            return None;
        }
        let mut plan = Plan {
            stale: rec
                .pages
                .iter()
                .filter(|(_, deps)| hit(deps))
                .map(|(p, _)| p.clone())
                .collect(),
            search,
            toc: hit(&rec.toc),
            same: changed.is_empty(),
        };
        // A file changed since it was written is written again; the print
        // page is made from the last one, so it must be intact.
        let planned: FxHashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        let mut has_print = false;
        for s in &rec.files {
            let intact = std::fs::symlink_metadata(self.site.join(&s.path))
                .is_ok_and(|m| Stamp::of(s.path.clone(), &m) == *s);
            has_print |= s.path == print::PATH && intact;
            if intact {
                continue;
            }
            if planned.contains(s.path.as_str()) {
                plan.stale.insert(s.path.clone());
            } else if s.path.starts_with(super::SEARCH_DIR) {
                plan.search.rebuild();
            } else if s.path == TOC_PATH {
                plan.toc = true;
            } else if s.path == print::PATH {
                return None;
            }
        }
        if !rec.print.is_empty() && !has_print {
            return None;
        }
        Some(plan)
    }
}

/// What [`render`] did.
pub(crate) struct Done {
    pub pages: usize,
    /// Pages rendered (the rest were reused).
    pub rendered: usize,
    /// What became of the search index ("" when there is none).
    pub search: &'static str,
    pub record: Record,
}

/// Renders the site into `sink`, reusing what `previous` allows; records
/// what the next build needs when `opts.record` (a build without the cache
/// spends nothing on it).
pub(crate) fn render(
    renderer: &Renderer,
    hb: &Handbook,
    sink: &dyn Sink,
    opts: RenderOptions,
    previous: Option<&Previous>,
    spill: Option<&Path>,
) -> Result<Done, Diagnostics> {
    let pages = super::plan(hb);
    let collisions = super::static_collisions(hb, &pages, &renderer.theme);
    if collisions.has_errors() {
        return Err(collisions);
    }
    let derived = Derived::new(hb);
    let (prints, key) = match opts.record {
        true => (
            Prints::of(hb, derived.prints(hb)),
            site_key(hb, renderer, opts),
        ),
        false => (Prints::default(), String::new()),
    };
    let plan = previous
        .filter(|_| opts.record)
        .and_then(|p| p.plan(&key, &pages, &prints));
    let todo: std::borrow::Cow<[PagePlan]> = match &plan {
        Some(plan) => pages
            .iter()
            .filter(|p| plan.stale.contains(&p.path))
            .cloned()
            .collect(),
        None => pages.as_slice().into(),
    };
    let search = match &plan {
        _ if !opts.search => None,
        Some(plan) => Some(plan.search.clone()),
        None => Some(Search::Rebuild),
    };
    let mut scope = hb.config.build.print.then(|| print::Scope::new(&pages));
    if let (Some(scope), Some(path)) = (&mut scope, spill) {
        // Without a file for them, the bodies are kept in memory.
        scope.spill = print::Spill::create(path).ok();
    }
    let (written, indexed) = rayon::join(
        || renderer.render_pages(hb, &derived, sink, &todo, opts, scope.as_ref()),
        || match &search {
            Some(search) => write_search(hb, &derived.resolver, sink, search, previous),
            None => Ok((None, "")),
        },
    );
    let (search_layout, search_done) = indexed?;
    let mut rendered = written?;
    let spilled = match scope.and_then(|s| s.spill) {
        Some(spill) => {
            let path = spill.path().display().to_string();
            Some(spill.finish().map_err(|e| {
                Diagnostic::error(format!(
                    "cannot write the print page's bodies to `{path}`: {e}"
                ))
                .hint("check free disk space and permissions of the output folder's parent")
            })?)
        }
        None => None,
    };
    let mut record = Record {
        key,
        global: rendered.global_deps.clone(),
        prints,
        search: search_layout,
        ..Record::default()
    };
    let mut deps: std::collections::HashMap<String, Vec<Dep>> =
        std::mem::take(&mut rendered.deps).into_iter().collect();
    let reused = match (previous, &plan) {
        (Some(prev), Some(plan)) => link_unchanged(sink, prev, plan, &pages, &mut deps)?,
        _ => 0,
    };
    record.pages = pages
        .iter()
        .map(|p| (p.path.clone(), deps.remove(&p.path).unwrap_or_default()))
        .collect();
    let inputs = print_page::Inputs {
        renderer,
        hb,
        derived: &derived,
        opts,
        rendered: &rendered,
        spilled,
    };
    (record.print, record.print_frame) =
        print_page::print_page(inputs, sink, previous, plan.as_ref())?;
    renderer.write_assets(hb, sink)?;
    if plan.as_ref().is_none_or(|p| p.toc) {
        let (toc, toc_deps) = contents::toc(hb, &derived, true);
        super::write(sink, TOC_PATH, toc.as_bytes())?;
        record.toc = toc_deps;
    } else if let Some(prev) = previous {
        record.toc = prev.record.toc.clone();
    }
    if !hb.config.book.base_url.is_empty() {
        let xml = contents::sitemap(&hb.config.book.base_url, &pages);
        super::write(sink, "sitemap.xml", xml.as_bytes())?;
    }
    Ok(Done {
        pages: rendered.pages + reused,
        rendered: todo.iter().filter(|p| p.is_page()).count(),
        search: search_done,
        record,
    })
}

/// Links into the new site every page the plan does not render again (its
/// record carried over into `deps`), and the search index and contents
/// when they are not made again. Returns how many pages it linked.
fn link_unchanged(
    sink: &dyn Sink,
    prev: &Previous,
    plan: &Plan,
    pages: &[PagePlan],
    deps: &mut std::collections::HashMap<String, Vec<Dep>>,
) -> Result<usize, Diagnostics> {
    let mut reused = 0;
    for ((path, old), p) in prev.record.pages.iter().zip(pages) {
        if !deps.contains_key(path) {
            deps.insert(path.clone(), old.clone());
            link(sink, &prev.site, path)?;
            reused += usize::from(p.is_page());
        }
    }
    for s in &prev.record.files {
        let again = (s.path.starts_with(super::SEARCH_DIR) && plan.search == Search::Keep)
            || (s.path == TOC_PATH && !plan.toc);
        if again {
            link(sink, &prev.site, &s.path)?;
        }
    }
    Ok(reused)
}

/// The search index as `search` says: kept (linked later with the pages;
/// its layout carried over), updated from the previous one, or built.
/// Returns its layout and what was done, for `build -v`.
fn write_search(
    hb: &Handbook,
    resolver: &crate::model::Resolver,
    sink: &dyn Sink,
    search: &Search,
    previous: Option<&Previous>,
) -> Result<(Option<Layout>, &'static str), Diagnostics> {
    let layout = previous.and_then(|p| p.record.search.as_ref());
    let made = match (search, layout, previous) {
        (Search::Keep, Some(layout), _) => return Ok((Some(layout.clone()), SEARCH_KEPT)),
        (Search::Update(edits), Some(layout), Some(prev)) => {
            let files = crate::search::update::Folder {
                site: &prev.site,
                sink,
            };
            let previous = crate::search::update::Previous {
                layout,
                files: &files,
                edited: edits,
            };
            super::update_search(hb, resolver, sink, Some(&previous))?
        }
        _ => super::update_search(hb, resolver, sink, None)?,
    };
    Ok(match made {
        Some((layout, true)) => (Some(layout), SEARCH_UPDATED),
        Some((layout, false)) => (Some(layout), SEARCH_BUILT),
        None => (None, ""),
    })
}

/// What `build -v` says became of the search index.
const SEARCH_KEPT: &str = "unchanged since the last build";
const SEARCH_UPDATED: &str = "updated for the edited pages";
const SEARCH_BUILT: &str = "built";

pub(super) fn link(sink: &dyn Sink, site: &Path, path: &str) -> Result<(), Diagnostics> {
    sink.reuse(path, &site.join(path)).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!("cannot reuse {path} of the previous build: {e}"))
                .hint("build again with --no-cache, or run `careerbook clean`"),
        )
    })
}
