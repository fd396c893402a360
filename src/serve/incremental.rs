//! Incremental rebuilds for `serve`. The session keeps the handbook, the
//! compiled theme and, for every page, what it read while it rendered (a
//! [`Graph`] of [`Dep`]s). A save re-reads only the files that changed,
//! works out which reads that changed ([`Prints::changes`]) and renders
//! exactly the pages that made one of them, plus pages that are new; pages
//! whose document is gone are dropped. Nothing here lists by hand which
//! page shows what: the record says it, and a differential test holds it to
//! a full build, byte for byte.
//!
//! book.toml, the theme and `static/` are not tracked: a change to one of
//! them starts a new session (a full rebuild).

use std::collections::BTreeSet;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashSet;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds::{with_kind, Kind};
use crate::model::deps::{key, Dep, DocPrint, Field, Graph, Prints};
use crate::model::{Derived, Handbook};
use crate::output::{MemorySink, Sink};
use crate::pipeline::Pipeline;
use crate::render::{self, print, RenderOptions, Renderer};
use crate::search::update::{and_then, Earlier, Edits, Layout};

/// Files produced by a (partial) build: site path -> bytes.
pub type Files = std::collections::BTreeMap<String, Vec<u8>>;

/// What an update changed in the served site.
#[derive(Debug, Default)]
pub struct Update {
    /// Files to add or replace.
    pub files: Files,
    /// Pages that no longer exist.
    pub removed: Vec<String>,
    /// Pages rendered.
    pub pages: usize,
}

/// A served handbook: its model, its compiled theme and what each page read.
pub struct Session {
    /// Shared with the background search build.
    pub(crate) hb: Arc<Handbook>,
    pub(crate) renderer: Arc<Renderer>,
    options: RenderOptions,
    /// The reader's overlay, when serving with one; its pages are rendered
    /// again on every update since they quote the levels and guides.
    overlay: Option<crate::overlay::Overlay>,
    /// Every page's body for the print page, so an edit re-renders only its
    /// pages; the print page itself is put together again in the
    /// background (see [`Session::print_job`]), as it is most of a large
    /// handbook's bytes.
    print: Arc<print::Chunks>,
    graph: Graph,
    /// What every page reads (the navigation's counts).
    global_deps: Vec<Dep>,
    prints: Prints,
    /// The site's pages, as of the last update.
    pages: BTreeSet<String>,
    site: SitePlan,
    /// How the search index of the full build was laid out.
    search: Option<Layout>,
    /// The items whose search documents changed since the background
    /// search was last asked to catch up.
    search_edits: Edits,
}

/// What the background worker needs to put the print page together.
pub(crate) struct PrintJob {
    pub(crate) renderer: Arc<Renderer>,
    pub(crate) options: RenderOptions,
    pub(crate) chunks: Arc<print::Chunks>,
}

/// The print page's frame, rendered from the handbook (quick), so the
/// handbook can be let go before the bodies are spliced in.
pub(crate) fn print_frame(
    hb: &Handbook,
    job: &PrintJob,
) -> Result<Option<print::PrintFrame>, Diagnostics> {
    let derived = Derived::new(hb);
    job.renderer
        .print_frame(hb, &derived, job.options, &|p| job.chunks.contains_key(p))
}

/// The print page, from its frame and the kept page bodies.
pub(crate) fn print_files(frame: &print::PrintFrame, job: &PrintJob) -> Result<Files, Diagnostics> {
    let sink = MemorySink::default();
    frame.write(&sink, &job.chunks)?;
    Ok(take(sink))
}

/// A file's bytes by site path.
type Lookup<'a> = Box<dyn Fn(&str) -> Option<&'a [u8]> + Sync + 'a>;

/// The served search index, as an update reads it: files it keeps are
/// noted, not copied.
pub(crate) struct Served<'a> {
    files: Lookup<'a>,
    shards: Vec<String>,
    kept: Mutex<HashSet<String>>,
}

impl<'a> Served<'a> {
    /// The index among `files` (site path -> file), whose bytes `bytes` gives.
    pub(crate) fn new<F: Sync>(
        files: &'a std::collections::HashMap<String, F>,
        bytes: impl Fn(&'a F) -> &'a [u8] + Sync + 'a,
    ) -> Served<'a> {
        let shards = files
            .keys()
            .filter_map(|k| k.strip_prefix("search/t/")?.strip_suffix(".js"))
            .map(str::to_string)
            .collect();
        Served {
            files: Box::new(move |p| files.get(p).map(&bytes)),
            shards,
            kept: Mutex::new(HashSet::new()),
        }
    }
}

impl Earlier for Served<'_> {
    fn shards(&self) -> io::Result<Vec<String>> {
        Ok(self.shards.clone())
    }

    fn read(&self, path: &str) -> io::Result<String> {
        let bytes = (self.files)(path).ok_or(io::ErrorKind::NotFound)?;
        String::from_utf8(bytes.to_vec()).map_err(io::Error::other)
    }

    fn keep(&self, path: &str) -> io::Result<()> {
        (self.files)(path).ok_or(io::ErrorKind::NotFound)?;
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(path.to_string());
        }
        Ok(())
    }
}

/// The search index brought up to date: updated from the one `served`
/// (laid out as `layout`) when `edits` allow it, else built. Returns the
/// files written, the served files kept, and the new layout.
pub(crate) fn search_update(
    hb: &Handbook,
    layout: Option<&Layout>,
    served: Served,
    edits: &Edits,
) -> Result<(Files, HashSet<String>, Option<Layout>), Diagnostics> {
    let sink = MemorySink::default();
    let resolver = crate::model::Resolver::new(hb);
    let made = match (layout, edits) {
        (Some(layout), Some(edited)) => {
            let previous = crate::search::update::Previous {
                layout,
                files: &served,
                edited,
            };
            render::update_search(hb, &resolver, &sink, Some(&previous))?
        }
        _ => render::update_search(hb, &resolver, &sink, None)?,
    };
    let kept = served.kept.into_inner().unwrap_or_default();
    Ok((take(sink), kept, made.map(|(layout, _)| layout)))
}

/// Where the search index lives in the site: the background build replaces
/// everything under it.
pub const SEARCH_DIR: &str = crate::render::SEARCH_DIR;

fn take(sink: MemorySink) -> Files {
    sink.files.into_inner().unwrap_or_default()
}

fn internal(e: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(format!("cannot store the site in memory: {e}"))
        .hint("this is a careerbook bug; restart `careerbook serve`")
        .into()
}

impl Session {
    /// Loads, validates and renders everything.
    /// `profile` names the build profile (the default when `None`).
    pub fn full(
        root: &Path,
        overlay: Option<&Path>,
        profile: Option<&str>,
    ) -> Result<(Session, Files, usize, Diagnostics), Diagnostics> {
        let Pipeline {
            hb,
            mut renderer,
            warnings,
        } = Pipeline::prepare(root, crate::load::Texts::Keep, profile, None)?;
        let overlay = match overlay {
            Some(dir) => Some(crate::overlay::load(dir, &hb)?),
            None => None,
        };
        let mut warnings = warnings;
        // The site lives in memory: the cache cannot overlap it.
        renderer.cache = crate::pipeline::open_cache(&hb.root, None, &mut warnings);
        if let Some(o) = &overlay {
            warnings.extend(o.warnings.iter().cloned());
        }
        let options = RenderOptions {
            highlight: true,
            search: true,
            private: overlay.is_some(),
            rooted_404: false,
            record: true,
        };
        let sink = MemorySink::default();
        let rendered = renderer.render_site(&hb, &sink, options)?;
        let derived = Derived::new(&hb);
        if let Some(o) = &overlay {
            renderer.render_overlay(&hb, &derived, &sink, o)?;
        }
        let mut graph = Graph::default();
        let mut pages = BTreeSet::new();
        for (path, deps) in rendered.deps {
            pages.insert(path.clone());
            graph.record(&path, deps);
        }
        let (_, toc_deps) = render::contents::toc(&hb, &derived, true);
        graph.record(render::TOC_PATH, toc_deps);
        let site = SitePlan::new(&hb);
        let prints = Prints::of(&hb, derived.prints(&hb));
        drop(derived);
        Ok((
            Session {
                hb: Arc::new(hb),
                renderer: Arc::new(renderer),
                options,
                overlay,
                print: Arc::new(rendered.print),
                graph,
                global_deps: rendered.global_deps,
                prints,
                pages,
                site,
                search: rendered.search,
                search_edits: Some(Vec::new()),
            },
            take(sink),
            rendered.pages,
            warnings,
        ))
    }

    /// How the full build laid out the search index.
    pub(crate) fn search_layout(&self) -> Option<Layout> {
        self.search.clone()
    }

    /// The items whose search documents changed since the last call.
    pub(crate) fn take_search_edits(&mut self) -> Edits {
        self.search_edits.replace(Vec::new())
    }

    /// A snapshot for putting the print page together off the save path.
    pub(crate) fn print_job(&self) -> PrintJob {
        PrintJob {
            renderer: Arc::clone(&self.renderer),
            options: self.options,
            chunks: Arc::clone(&self.print),
        }
    }

    /// What a page read when it last rendered, one line a read (for tests
    /// and debugging).
    pub fn deps(&self, page: &str) -> Vec<String> {
        self.graph
            .deps(page)
            .iter()
            .map(|d| format!("{d:?}"))
            .collect()
    }

    /// The search index and the print page as they stand: what the dev
    /// server's background work produces after an update, the index
    /// updated from the one in `served` (the site as served until now)
    /// the way the background work updates it.
    pub fn catch_up(&mut self, served: &Files) -> Result<(Files, Files), Diagnostics> {
        let edits = self.take_search_edits();
        let by_path: std::collections::HashMap<String, &[u8]> = served
            .iter()
            .map(|(k, v)| (k.clone(), v.as_slice()))
            .collect();
        let (mut search, kept, layout) = search_update(
            &self.hb,
            self.search.as_ref(),
            Served::new(&by_path, |b| b),
            &edits,
        )?;
        for k in kept {
            search.insert(k.clone(), served.get(&k).cloned().unwrap_or_default());
        }
        self.search = layout;
        let job = self.print_job();
        let print = match print_frame(&self.hb, &job)? {
            Some(frame) => print_files(&frame, &job)?,
            None => Files::new(),
        };
        Ok((search, print))
    }

    /// Rebuilds what the edits to `changed` affect. `None` when only a full
    /// rebuild will do (book.toml, the theme, `static/`, a folder added).
    /// On error the session is left as it was.
    pub fn update(&mut self, changed: &[PathBuf]) -> Option<Result<Update, Diagnostics>> {
        let mut hb = (*self.hb).clone();
        let mut reloaded = match crate::load::reload(&mut hb, changed)? {
            Ok(r) => r,
            Err(d) => return Some(Err(d)),
        };
        reloaded.docs.sort();
        reloaded.docs.dedup();
        let touched: Vec<(Kind, u64)> = reloaded
            .docs
            .iter()
            .map(|(kind, id)| (*kind, key(id)))
            .collect();
        let mut prints = self.reprint(&hb, &reloaded.docs);
        let derived = Derived::new(&hb);
        let diags = self.revalidate(&hb, &derived, &reloaded.docs, &prints);
        if diags.has_errors() {
            return Some(Err(diags));
        }
        if let Some(o) = &self.overlay {
            let d = crate::overlay::check(o, &hb);
            if d.has_errors() {
                return Some(Err(d));
            }
        }
        prints.derived = derived.prints(&hb);
        let changes = self.prints.changes(&prints, &touched);
        let update = self.render_changes(&hb, &derived, &changes);
        drop(derived);
        if update.is_ok() {
            self.prints = prints;
            self.hb = Arc::new(hb);
            let edits = crate::search::update::edits_after(&changes);
            self.search_edits = and_then(self.search_edits.take(), edits);
        }
        Some(update)
    }

    /// The prints of the handbook after an edit: the reloaded documents'
    /// taken again, the rest kept.
    fn reprint(&self, hb: &Handbook, docs: &[(Kind, String)]) -> Prints {
        let mut prints = Prints {
            docs: self.prints.docs.clone(),
            ..Prints::whole(hb)
        };
        for (kind, id) in docs {
            prints.docs.remove(&(*kind, key(id)));
            with_kind!(*kind, |K| {
                let i = K::docs(&hb.items).iter().position(|d| &d.id == id);
                if let Some(d) = i.map(|i| &K::docs(&hb.items)[i]) {
                    prints
                        .docs
                        .insert((*kind, key(id)), DocPrint::in_handbook(hb, d));
                }
            });
        }
        prints
    }

    /// Validates the edited document alone when the edit changed nothing
    /// other documents' checks read (its body or front matter, not its
    /// headings, id or place, and it is not a level, whose criteria others
    /// cite); the whole handbook otherwise.
    fn revalidate(
        &self,
        hb: &Handbook,
        derived: &Derived,
        docs: &[(Kind, String)],
        prints: &Prints,
    ) -> Diagnostics {
        let [(kind, id)] = docs else {
            return crate::validate::validate(hb);
        };
        let k = (*kind, key(id));
        let local = *kind != Kind::Level
            && prints.framework == self.prints.framework
            && prints.home == self.prints.home
            && prints.sets == self.prints.sets
            && DocPrint::changed(self.prints.docs.get(&k), prints.docs.get(&k))
                .iter()
                .all(|f| {
                    matches!(
                        f,
                        Field::Title | Field::Summary | Field::Weight | Field::Meta | Field::Body
                    )
                });
        if !local {
            return crate::validate::validate(hb);
        }
        with_kind!(*kind, |K| match derived.position(*kind, id) {
            Some(i) => crate::validate::validate_doc::<K>(hb, derived, &K::docs(&hb.items)[i]),
            None => crate::validate::validate(hb),
        })
    }

    /// Renders the pages `changes` makes stale and the new ones, drops the
    /// pages that are gone, and remakes the contents and the sitemap when
    /// they are stale too.
    fn render_changes(
        &mut self,
        hb: &Handbook,
        derived: &Derived,
        changes: &FxHashSet<Dep>,
    ) -> Result<Update, Diagnostics> {
        // The pages change only when documents come or go.
        let moved = Kind::ALL.iter().any(|k| changes.contains(&Dep::Set(*k)));
        if moved {
            self.site = SitePlan::new(hb);
        }
        let all_stale = self.global_deps.iter().any(|d| changes.contains(d));
        let stale = self.graph.stale(changes);
        let todo: Vec<render::PagePlan> = self
            .site
            .plan
            .iter()
            .filter(|p| all_stale || stale.contains(&p.path) || !self.pages.contains(&p.path))
            .cloned()
            .collect();
        let removed: Vec<String> = match moved {
            true => {
                let now: BTreeSet<&str> = self.site.plan.iter().map(|p| p.path.as_str()).collect();
                self.pages
                    .iter()
                    .filter(|p| !now.contains(p.as_str()))
                    .cloned()
                    .collect()
            }
            false => Vec::new(),
        };
        let sink = MemorySink::default();
        let rendered = self.renderer.render_pages(
            hb,
            derived,
            &sink,
            &todo,
            self.options,
            self.site.scope.as_ref(),
        )?;
        let chunks = Arc::make_mut(&mut self.print);
        for path in &removed {
            self.graph.forget(path);
            self.pages.remove(path);
            chunks.remove(path);
        }
        chunks.extend(rendered.print);
        for (path, deps) in rendered.deps {
            self.pages.insert(path.clone());
            self.graph.record(&path, deps);
        }
        self.global_deps = rendered.global_deps;
        if all_stale || stale.contains(render::TOC_PATH) {
            let (toc, deps) = render::contents::toc(hb, derived, true);
            sink.write(render::TOC_PATH, toc.as_bytes())
                .map_err(internal)?;
            self.graph.record(render::TOC_PATH, deps);
        }
        if moved && !hb.config.book.base_url.is_empty() {
            let xml = render::contents::sitemap(&hb.config.book.base_url, &self.site.plan);
            sink.write("sitemap.xml", xml.as_bytes())
                .map_err(internal)?;
        }
        let mut pages = rendered.pages;
        if let Some(o) = &self.overlay {
            pages += self.renderer.render_overlay(hb, derived, &sink, o)?;
        }
        Ok(Update {
            files: take(sink),
            removed,
            pages,
        })
    }
}

/// The site's pages and the print page's scope, which change only when
/// documents come or go.
struct SitePlan {
    plan: Vec<render::PagePlan>,
    scope: Option<print::Scope>,
}

impl SitePlan {
    fn new(hb: &Handbook) -> SitePlan {
        let plan = render::plan(hb);
        let scope = hb.config.build.print.then(|| print::Scope::new(&plan));
        SitePlan { plan, scope }
    }
}
