//! The render stage: turns a validated handbook into pages. It decides
//! which pages exist ([`plan`]), builds each page's variables (the kinds'
//! views and [`views`]) through a recording [`Reader`], renders pages in
//! parallel with the templates compiled once ([`Renderer`]) and writes them
//! into a [`Sink`]. It never reads content files itself.

pub(crate) mod contents;
pub(crate) mod highlight;
pub(crate) mod markdown;
mod plan;
pub(crate) mod print;
mod sanitize;
pub(crate) mod sheets;
pub(crate) mod theme;
pub(crate) mod views;

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds::{with_kind, View};
use crate::model::deps::Dep;
use crate::model::{Derived, Handbook, Reader};
use crate::output::Sink;
pub(crate) use contents::{toc_js, TOC_PATH};
pub(crate) mod reuse;

/// Where the search index lives in the site.
pub(crate) const SEARCH_DIR: &str = "search/";
pub(crate) use plan::{plan, ListPage, PageKind, PagePlan};
pub(crate) use print::PrintFrame;
pub(crate) use theme::Theme;

/// Options that change what is rendered, not what the content says.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RenderOptions {
    /// Highlight code (skipped by `check`, which only needs to know templates run).
    pub highlight: bool,
    /// Build the search index (skipped by `check`).
    pub search: bool,
    /// A private build (with the personal overlay): every page is marked
    /// `noindex` and the navigation links to the overlay's pages.
    pub private: bool,
    /// Give the 404 page links from the path of `base_url` (`/handbook/`):
    /// a host shows it in place of any missing page, at any depth, where
    /// relative links would miss. The dev server, which serves from `/`
    /// and gives the page its own base, keeps it relative.
    pub rooted_404: bool,
    /// Record what each page reads (the dev server's dependency graph).
    pub record: bool,
}

/// The path part of a base URL, with a trailing slash:
/// `https://example.com/handbook` is `/handbook/`.
pub(crate) fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = match base_url.contains("://") {
        true => after_scheme.find('/').map_or("", |i| &after_scheme[i..]),
        false => after_scheme,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut out = String::from("/");
    out.push_str(path.trim_matches('/'));
    if !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// What rendering pages gave besides the files written.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// Pages written.
    pub pages: usize,
    /// Each rendered page's body for the print page, when book.toml wants one.
    pub print: print::Chunks,
    /// Where the bodies written to the scope's spill file lie (instead of
    /// `print`).
    pub spilled: Vec<print::Placed>,
    /// What each page read (when recording).
    pub deps: Vec<(String, Vec<Dep>)>,
    /// What every page read: the globals (when recording).
    pub global_deps: Vec<Dep>,
    /// How the search index was laid out (by [`Renderer::render_site`]).
    pub search: Option<crate::search::update::Layout>,
}

/// A rendered page's body for the print page: in memory, in the spill
/// file, or none.
enum Kept {
    Chunk(String),
    Placed(print::Placed),
    Nothing,
}

/// What a planned page is made of: a view for the templates, or text
/// made without them (the spreadsheets).
enum Page {
    View(View),
    Text(String),
}

/// The theme with its templates compiled: made once per run and used for
/// every page, the print page and the overlay's pages.
pub(crate) struct Renderer {
    pub theme: Theme,
    tera: tera::Tera,
    /// The build cache, when the run keeps one (`build` without
    /// `--no-cache`, `serve`).
    pub cache: Option<crate::cache::Cache>,
}

impl Renderer {
    pub(crate) fn new(theme: Theme) -> Result<Renderer, Diagnostics> {
        let tera = theme.tera()?;
        Ok(Renderer {
            theme,
            tera,
            cache: None,
        })
    }

    fn render_view(
        &self,
        globals: &tera::Context,
        root: &str,
        view: View,
    ) -> Result<String, Diagnostic> {
        let mut ctx = globals.clone();
        ctx.insert("root", root);
        ctx.extend(view.vars);
        self.tera
            .render(view.template, &ctx)
            .map_err(|e| self.theme.template_error(&e))
    }

    /// Renders every page, the print page, the search index and the theme's
    /// assets into `sink`.
    pub(crate) fn render_site(
        &self,
        hb: &Handbook,
        sink: &dyn Sink,
        opts: RenderOptions,
    ) -> Result<Rendered, Diagnostics> {
        let pages = plan(hb);
        let collisions = static_collisions(hb, &pages, &self.theme);
        if collisions.has_errors() {
            return Err(collisions);
        }
        let derived = Derived::new(hb);
        // The search index is independent of the pages: build both at once.
        let build_index = || match opts.search {
            true => write_search(hb, &derived.resolver, sink),
            false => Ok(None),
        };
        let scope = hb.config.build.print.then(|| print::Scope::new(&pages));
        let (written, indexed) = rayon::join(
            || self.render_pages(hb, &derived, sink, &pages, opts, scope.as_ref()),
            build_index,
        );
        // A page's error first: it names the file (a body that changed
        // during the build fails both, and the page's error says more).
        let mut rendered = written?;
        rendered.search = indexed?;
        let has = |p: &str| rendered.print.contains_key(p);
        if let Some(frame) = self.print_frame(hb, &derived, opts, &has)? {
            frame.write(sink, &rendered.print)?;
        }
        self.write_assets(hb, sink)?;
        let toc = toc_js(hb, &derived);
        write(sink, TOC_PATH, toc.as_bytes())?;
        if !hb.config.book.base_url.is_empty() {
            let xml = contents::sitemap(&hb.config.book.base_url, &pages);
            write(sink, "sitemap.xml", xml.as_bytes())?;
        }
        Ok(rendered)
    }

    /// Renders the given pages (all of them, or the few an edit touched) into
    /// `sink`, in parallel, keeping each one's body for the print page (when
    /// there is one: `scope` holds every page it includes, since each body
    /// is rewritten knowing them all) and, when recording, what each read.
    pub(crate) fn render_pages(
        &self,
        hb: &Handbook,
        derived: &Derived,
        sink: &dyn Sink,
        pages: &[PagePlan],
        opts: RenderOptions,
        scope: Option<&print::Scope>,
    ) -> Result<Rendered, Diagnostics> {
        let html = markdown::Html::of(&hb.config, opts.highlight, self.cache.as_ref());
        if html.highlight {
            highlight::warm_up();
        }
        let globals_reader = Reader::new(hb, derived, &html, "", opts.record);
        let globals = views::globals(&globals_reader, opts.private);
        let global_deps = globals_reader.into_deps();
        let not_found_root = match &hb.config.book.base_url {
            b if opts.rooted_404 && !b.is_empty() => base_path(b),
            _ => String::new(),
        };
        let written = AtomicUsize::new(0);
        type PageResult = Result<(Kept, Vec<Dep>), Diagnostic>;
        let results: Vec<(&PagePlan, PageResult)> = pages
            .par_iter()
            .map(|p| {
                let r = Reader::new(hb, derived, &html, p.root(), opts.record);
                let result = self
                    .page(hb, r, p, &not_found_root)
                    .and_then(|(page, deps)| {
                        let out = match page {
                            Page::View(view) => self.render_view(&globals, p.root(), view)?,
                            Page::Text(text) => text,
                        };
                        // Kept from the page just rendered: the print page
                        // highlights and renders nothing twice.
                        let chunk = scope
                            .as_ref()
                            .filter(|_| print::includes(&p.kind))
                            .and_then(|s| print::chunk(&out, &p.path, s));
                        let chunk = match (chunk, scope.and_then(|s| s.spill.as_ref())) {
                            (Some(c), Some(spill)) => Kept::Placed(
                                spill.put(&p.path, &c).map_err(|e| {
                                    Diagnostic::error(format!("cannot keep {}'s body for the print page: {e}", p.path))
                                        .hint("check free disk space and permissions of the output folder's parent")
                                })?,
                            ),
                            (Some(c), None) => Kept::Chunk(c),
                            (None, _) => Kept::Nothing,
                        };
                        sink.write(&p.path, out.as_bytes()).map_err(|e| {
                            Diagnostic::error(format!("cannot write {}: {e}", p.path))
                                .hint("check free disk space and permissions of the output folder")
                        })?;
                        if p.is_page() {
                            written.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok((chunk, deps))
                    });
                (p, result)
            })
            .collect();
        let mut diags = Diagnostics::new();
        let mut seen = std::collections::HashSet::new();
        let mut rendered = Rendered {
            global_deps,
            ..Rendered::default()
        };
        for (p, r) in results {
            match r {
                Ok((chunk, deps)) => {
                    match chunk {
                        Kept::Chunk(c) => {
                            rendered.print.insert(p.path.clone(), c.into());
                        }
                        Kept::Placed(at) => rendered.spilled.push(at),
                        Kept::Nothing => {}
                    }
                    if opts.record {
                        rendered.deps.push((p.path.clone(), deps));
                    }
                }
                // A template bug repeats on every page that uses it; say it once.
                Err(d) => {
                    if seen.insert((d.message.clone(), d.position())) {
                        diags.push(d);
                    }
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        rendered.pages = written.into_inner();
        Ok(rendered)
    }

    /// One page's view and what it read.
    fn page(
        &self,
        hb: &Handbook,
        r: Reader,
        p: &PagePlan,
        not_found_root: &str,
    ) -> Result<(Page, Vec<Dep>), Diagnostic> {
        let view = match &p.kind {
            PageKind::FrameworkSheet => {
                let text = sheets::framework(&r);
                return Ok((Page::Text(text), r.finish()?));
            }
            PageKind::Moved(i) => {
                let text = r
                    .level_at(*i)
                    .map(|l| views::moved(&r, l))
                    .unwrap_or_default();
                return Ok((Page::Text(text), r.finish()?));
            }
            PageKind::LevelSheet(i) => {
                let text = r
                    .level_at(*i)
                    .map(|l| sheets::level(&r, l))
                    .unwrap_or_default();
                return Ok((Page::Text(text), r.finish()?));
            }
            PageKind::HiringData(i) => {
                let text = views::hiring::data(&r, *i);
                return Ok((Page::Text(text), r.finish()?));
            }
            PageKind::HiringIndex => views::hiring::index(&r, p),
            PageKind::Hiring(i) => views::hiring::profile(&r, p, *i),
            PageKind::Home => views::home(&r, p),
            PageKind::Matrix => views::matrix(&r, p),
            PageKind::Compare => views::compare(&r, p),
            PageKind::Calibrate => views::calibrate(&r, p),
            PageKind::Releases => views::releases::index(&r, p),
            PageKind::Release(i) => views::releases::release(&r, p, *i),
            PageKind::Search => views::search(&r, p),
            PageKind::NotFound => views::not_found(&r, p, not_found_root),
            PageKind::List(kind, page) => views::list(&r, p, *kind, ListPage::of(hb, *kind, *page)),
            PageKind::Item(kind, i) => {
                return with_kind!(*kind, |K| {
                    let doc = K::docs(&hb.items).get(*i).ok_or_else(|| {
                        Diagnostic::error(format!("internal error: no page for {}", p.path))
                            .hint("this is a careerbook bug; please report it")
                    })?;
                    let r = r.on::<K>(doc);
                    let view = views::item::<K>(&r, p, doc);
                    Ok((Page::View(view), r.finish()?))
                })
            }
        };
        Ok((Page::View(view), r.finish()?))
    }

    /// The print page around its bodies: rendered from the handbook, so that
    /// splicing the bodies in ([`PrintFrame::write`]) needs no handbook (the
    /// dev server does that part in the background). `None` when book.toml
    /// turns the print page off.
    pub(crate) fn print_frame(
        &self,
        hb: &Handbook,
        derived: &Derived,
        opts: RenderOptions,
        has: &dyn Fn(&str) -> bool,
    ) -> Result<Option<PrintFrame>, Diagnostics> {
        if !hb.config.build.print {
            return Ok(None);
        }
        let html = markdown::Html::of(&hb.config, false, None);
        let r = Reader::new(hb, derived, &html, "", false);
        let globals = views::globals(&r, opts.private);
        let (contents, order) = contents::print_contents(&r, has);
        let out = self
            .render_view(&globals, "", views::print(&r, print::CONTENTS, print::BODY))
            .map_err(Diagnostics::from)?;
        Ok(Some(PrintFrame::new(&out, &contents, order)))
    }

    /// Renders the overlay's pages (the "Me" section) of a private build.
    pub(crate) fn render_overlay(
        &self,
        hb: &Handbook,
        derived: &Derived,
        sink: &dyn Sink,
        overlay: &crate::overlay::Overlay,
    ) -> Result<usize, Diagnostics> {
        let html = markdown::Html::of(&hb.config, false, None);
        let r = Reader::new(hb, derived, &html, "../", false);
        let globals = views::globals(&r, true);
        let pages = views::overlay::pages(&r, overlay);
        let n = pages.len();
        for (path, template, vars) in pages {
            let out = self
                .render_view(&globals, "../", View { template, vars })
                .map_err(Diagnostics::from)?;
            write(sink, &path, out.as_bytes())?;
        }
        write(sink, "robots.txt", b"User-agent: *\nDisallow: /\n")?;
        Ok(n)
    }

    /// The theme's static files, the highlighting stylesheet and the
    /// handbook's own `static/` files.
    pub(crate) fn write_assets(&self, hb: &Handbook, sink: &dyn Sink) -> Result<(), Diagnostics> {
        for (name, file) in &self.theme.statics {
            write(sink, &format!("assets/{name}"), &file.bytes)?;
        }
        let md = &hb.config.markdown;
        let css = highlight::stylesheet(&md.highlight_theme_light, &md.highlight_theme_dark)
            .map_err(|name| {
                let known = highlight::theme_names();
                let d = Diagnostic::error(format!("unknown highlighting theme `{name}`"))
                    .in_file("book.toml");
                Diagnostics::from(
                    match crate::diagnostics::did_you_mean(&name, known.iter().copied()) {
                        Some(b) => d.hint(format!("did you mean `{b}`?")),
                        None => d.hint(format!("available themes: {}", known.join(", "))),
                    },
                )
            })?;
        write(sink, "assets/highlight.css", css.as_bytes())?;
        for f in &hb.statics {
            sink.copy(&f.rel, &f.path).map_err(|e| {
                Diagnostics::from(
                    Diagnostic::error(format!("cannot copy static file: {e}"))
                        .in_file(&format!("static/{}", f.rel))
                        .hint("check the file's permissions and free disk space"),
                )
            })?;
        }
        Ok(())
    }
}

/// Writes the search index (when book.toml enables search); returns which
/// documents each item made, for the next build to update it.
pub(crate) fn write_search(
    hb: &Handbook,
    resolver: &crate::model::Resolver,
    sink: &dyn Sink,
) -> Result<Option<crate::search::update::Layout>, Diagnostics> {
    update_search(hb, resolver, sink, None).map(|made| made.map(|(layout, _)| layout))
}

/// [`write_search`], updating the index of a previous build (its layout,
/// its folder and the items edited since) when the edits allow it; says
/// whether it did.
pub(crate) fn update_search(
    hb: &Handbook,
    resolver: &crate::model::Resolver,
    sink: &dyn Sink,
    previous: Option<&crate::search::update::Previous>,
) -> Result<Option<(crate::search::update::Layout, bool)>, Diagnostics> {
    if !hb.config.search.enabled {
        return Ok(None);
    }
    let updated = match previous {
        Some(previous) => crate::search::update::update(hb, resolver, sink, previous),
        None => Ok(None),
    };
    let layout = match updated {
        Ok(Some(layout)) => Ok((layout, true)),
        Ok(None) => crate::search::index::write(hb, resolver, sink).map(|l| (l, false)),
        Err(e) => Err(e),
    };
    layout.map(Some).map_err(|e| {
        Diagnostic::error(format!("cannot write the search index: {e}"))
            .hint("check free disk space and permissions of the output folder")
            .into()
    })
}

pub(crate) fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
    sink.write(path, bytes).map_err(|e| {
        Diagnostic::error(format!("cannot write {path}: {e}"))
            .hint("check free disk space and permissions of the output folder")
            .into()
    })
}

/// A static file must not silently replace a generated page or asset.
fn static_collisions(hb: &Handbook, pages: &[PagePlan], theme: &Theme) -> Diagnostics {
    let mut taken: std::collections::HashSet<String> =
        pages.iter().map(|p| p.path.clone()).collect();
    taken.extend(theme.statics.keys().map(|k| format!("assets/{k}")));
    taken.insert("assets/highlight.css".into());
    taken.insert(TOC_PATH.into());
    if hb.config.build.print {
        taken.insert(print::PATH.into());
    }
    taken.insert("sitemap.xml".into());
    taken.insert(crate::output::MARKER.into());
    let mut d = Diagnostics::new();
    // A document whose address is a generated page's (a guide with the id
    // `index-2` when the guides' list has a second page).
    let mut at: std::collections::HashMap<&str, &PagePlan> = std::collections::HashMap::new();
    for p in pages {
        let Some(first) = at.insert(&p.path, p) else {
            continue;
        };
        let (doc, other) = match (&p.kind, &first.kind) {
            (PageKind::Item(kind, i), other) | (other, PageKind::Item(kind, i)) => {
                (Some((*kind, *i)), other)
            }
            _ => (None, &p.kind),
        };
        let what = match other {
            PageKind::List(kind, page) => format!("page {} of the {} list", page + 1, kind.name()),
            _ => "another page".to_string(),
        };
        let diag = Diagnostic::error(format!("two pages would be written to `{}`", p.path));
        d.push(match doc {
            Some((kind, i)) => {
                let file = with_kind!(kind, |K| K::docs(&hb.items)
                    .get(i)
                    .map(|d| d.src.display.clone()))
                .unwrap_or_default();
                diag.in_file(&file).hint(format!(
                    "{what} has this address too; set another id in this {}'s front matter (id = \"...\")",
                    kind.name()
                ))
            }
            None => diag.hint(format!("{what} has this address too")),
        });
    }
    for f in hb.statics.iter().filter(|f| taken.contains(&f.rel)) {
        d.push(
            Diagnostic::error(format!("static file `{}` would replace a page careerbook generates", f.rel))
                .in_file(&format!("static/{}", f.rel))
                .hint("rename or move it; to change a generated page, override its template in themes/ instead"),
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_path_is_the_path_of_the_base_url() {
        assert_eq!(base_path("https://example.com/handbook/"), "/handbook/");
        assert_eq!(base_path("https://example.com/handbook"), "/handbook/");
        assert_eq!(base_path("https://example.com/a/b/?x=1"), "/a/b/");
        assert_eq!(base_path("https://example.com"), "/");
        assert_eq!(base_path("https://example.com/"), "/");
        assert_eq!(base_path("/docs/"), "/docs/");
    }
}
