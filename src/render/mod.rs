//! The render stage: turns a validated handbook into pages. It decides which
//! pages exist ([`plan`]), builds each page's template context (`views`) and
//! renders pages in parallel into a [`crate::output::Sink`]. It never reads
//! content files itself; everything comes from the model.

pub mod highlight;
pub mod markdown;
pub mod print;
pub mod radar;
pub mod theme;
mod views;

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Handbook, Index, Kind};
use crate::output::Sink;
pub use theme::Theme;
pub use views::guide_order;

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One page of the site: where it goes and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Matrix,
    NotFound,
    Search,
    Compare,
    List(Kind),
    Item(Kind, usize),
}

#[derive(Debug, Clone)]
pub struct PagePlan {
    pub path: String,
    pub kind: PageKind,
}

impl PagePlan {
    /// Relative path from this page back to the site root.
    pub fn root(&self) -> &'static str {
        if self.path.contains('/') {
            "../"
        } else {
            ""
        }
    }
}

/// Every page of the site, in a stable order.
pub fn plan(hb: &Handbook) -> Vec<PagePlan> {
    let mut pages = vec![
        PagePlan {
            path: "index.html".into(),
            kind: PageKind::Home,
        },
        PagePlan {
            path: "matrix.html".into(),
            kind: PageKind::Matrix,
        },
        PagePlan {
            path: "404.html".into(),
            kind: PageKind::NotFound,
        },
    ];
    if hb.config.search.enabled {
        pages.push(PagePlan {
            path: "search.html".into(),
            kind: PageKind::Search,
        });
    }
    if hb.levels.len() > 1 {
        pages.push(PagePlan {
            path: "compare.html".into(),
            kind: PageKind::Compare,
        });
    }
    for kind in Kind::ALL {
        pages.push(PagePlan {
            path: kind.index_url(),
            kind: PageKind::List(kind),
        });
        let ids: Vec<&str> = match kind {
            Kind::Level => hb.levels.iter().map(|d| d.id.as_str()).collect(),
            Kind::Question => hb.questions.iter().map(|d| d.id.as_str()).collect(),
            Kind::AntiPattern => hb.anti_patterns.iter().map(|d| d.id.as_str()).collect(),
            Kind::Exercise => hb.exercises.iter().map(|d| d.id.as_str()).collect(),
            Kind::Checklist => hb.checklists.iter().map(|d| d.id.as_str()).collect(),
            Kind::Guide => hb.guides.iter().map(|d| d.id.as_str()).collect(),
        };
        for (i, id) in ids.into_iter().enumerate() {
            pages.push(PagePlan {
                path: kind.url(id),
                kind: PageKind::Item(kind, i),
            });
        }
    }
    pages
}

/// Options that change what is rendered, not what the content says.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
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
}

/// The path part of a base URL, with a trailing slash:
/// `https://example.com/handbook` is `/handbook/`.
pub fn base_path(base_url: &str) -> String {
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
pub struct Rendered {
    /// Pages written.
    pub pages: usize,
    /// Each rendered page's body for the print page, when book.toml wants one.
    pub print: print::Chunks,
}

/// Renders every page, the print page, the search index and the theme's
/// assets into `sink`.
pub fn render_site(
    hb: &Handbook,
    theme: &Theme,
    sink: &dyn Sink,
    opts: RenderOptions,
) -> Result<Rendered, Diagnostics> {
    let pages = plan(hb);
    let collisions = static_collisions(hb, &pages, theme);
    if collisions.has_errors() {
        return Err(collisions);
    }
    // The search index is independent of the pages: build both at once.
    let build_index = || -> Result<(), Diagnostics> {
        if !opts.search {
            return Ok(());
        }
        write_search(hb, sink)
    };
    let (written, indexed) =
        rayon::join(|| render_pages(hb, theme, sink, &pages, opts), build_index);
    indexed?;
    let rendered = written?;
    write_print(hb, theme, sink, opts, &rendered.print)?;
    write_assets(hb, theme, sink)?;
    write(sink, TOC_PATH, toc_js(hb).as_bytes())?;
    if !hb.config.book.base_url.is_empty() {
        let xml = sitemap(&hb.config.book.base_url, &pages);
        write(sink, "sitemap.xml", xml.as_bytes())?;
    }
    Ok(rendered)
}

/// Renders the given pages (all of them, or the few an edit touched) into
/// `sink`, in parallel, keeping each one's body for the print page.
pub fn render_pages(
    hb: &Handbook,
    theme: &Theme,
    sink: &dyn Sink,
    pages: &[PagePlan],
    opts: RenderOptions,
) -> Result<Rendered, Diagnostics> {
    let tera = templates(hb, theme, opts)?;
    let index = Index::new(hb);
    let highlight = opts.highlight && hb.config.markdown.highlight;
    if highlight {
        highlight::warm_up();
    }
    let builder = views::Builder {
        hb,
        index: &index,
        highlight,
        guide_order: views::guide_order(hb),
        shapes: crate::model::shape::Shapes::new(hb),
        not_found_root: match &hb.config.book.base_url {
            b if opts.rooted_404 && !b.is_empty() => base_path(b),
            _ => String::new(),
        },
    };
    // The print page links to its own sections for pages it holds, so each
    // body is rewritten knowing every page, not just those rendered now.
    let scope = hb.config.build.print.then(|| print::Scope::new(&plan(hb)));
    let written = AtomicUsize::new(0);
    let results: Vec<Result<Option<(String, String)>, Diagnostic>> = pages
        .par_iter()
        .map(|p| {
            let (template, ctx) = builder.context(p);
            let html = tera
                .render(template, &ctx)
                .map_err(|e| theme.template_error(&e))?;
            // Kept from the page just rendered: the print page highlights
            // and renders nothing twice.
            let chunk = scope
                .as_ref()
                .filter(|_| print::includes(&p.kind))
                .and_then(|s| print::chunk(&html, &p.path, s));
            sink.write(&p.path, html.as_bytes()).map_err(|e| {
                Diagnostic::error(format!("cannot write {}: {e}", p.path))
                    .hint("check free disk space and permissions of the output folder")
            })?;
            written.fetch_add(1, Ordering::Relaxed);
            Ok(chunk.map(|c| (p.path.clone(), c)))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut seen = std::collections::HashSet::new();
    let mut chunks = print::Chunks::new();
    for r in results {
        match r {
            Ok(Some((path, chunk))) => {
                chunks.insert(path, chunk.into());
            }
            Ok(None) => {}
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
    Ok(Rendered {
        pages: written.into_inner(),
        print: chunks,
    })
}

/// Writes `print.html` from the pages' kept bodies, in reading order (when
/// book.toml wants it). The template renders the page around them; the
/// bodies are spliced in where it places `body`, so the whole handbook is
/// never copied into a template context.
pub fn write_print(
    hb: &Handbook,
    theme: &Theme,
    sink: &dyn Sink,
    opts: RenderOptions,
    chunks: &print::Chunks,
) -> Result<(), Diagnostics> {
    match print_frame(hb, theme, opts, chunks)? {
        Some(frame) => frame.write(sink, chunks),
        None => Ok(()),
    }
}

/// The print page around its bodies: rendered from the handbook, so that
/// splicing the bodies in ([`PrintFrame::write`]) needs no handbook (the
/// dev server does that part in the background).
pub struct PrintFrame {
    head: String,
    tail: String,
    /// Page paths in reading order.
    order: Vec<String>,
}

/// `None` when book.toml turns the print page off.
pub fn print_frame(
    hb: &Handbook,
    theme: &Theme,
    opts: RenderOptions,
    chunks: &print::Chunks,
) -> Result<Option<PrintFrame>, Diagnostics> {
    if !hb.config.build.print {
        return Ok(None);
    }
    const BODY: &str = "<!--careerbook:print-body-->";
    let mut contents: Vec<views::PrintPart> = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut take = |url: &str, title: &str, depth: usize| -> Option<views::PrintEntry> {
        let (path, _) = chunks.get_key_value(url)?;
        order.push(path.clone());
        Some(views::PrintEntry {
            title: title.to_string(),
            anchor: print::anchor(url),
            depth,
        })
    };
    let home_title = hb
        .home
        .as_ref()
        .map_or(hb.config.book.title.as_str(), |h| h.title());
    if let Some(e) = take("index.html", home_title, 0) {
        contents.push(views::PrintPart {
            title: e.title,
            anchor: e.anchor,
            pages: Vec::new(),
        });
    }
    for s in contents_of(hb) {
        let Some(entry) = take(&s.url, &s.title, 0) else {
            continue;
        };
        let pages = s
            .items
            .iter()
            .filter_map(|e| take(&e.url, &e.title, e.depth))
            .collect();
        contents.push(views::PrintPart {
            title: entry.title,
            anchor: entry.anchor,
            pages,
        });
    }
    let tera = templates(hb, theme, opts)?;
    let ctx = views::print_context(hb, &contents, BODY);
    let html = tera
        .render("print.html", &ctx)
        .map_err(|e| Diagnostics::from(theme.template_error(&e)))?;
    let (head, tail) = html.split_once(BODY).unwrap_or((&html, ""));
    Ok(Some(PrintFrame {
        head: head.to_string(),
        tail: tail.to_string(),
        order,
    }))
}

impl PrintFrame {
    pub fn write(&self, sink: &dyn Sink, chunks: &print::Chunks) -> Result<(), Diagnostics> {
        let openers: Vec<String> = self
            .order
            .iter()
            .map(|path| {
                format!(
                    "<div class=\"print-page\" id=\"{}\">",
                    escape(&print::anchor(path))
                )
            })
            .collect();
        let mut bodies: Vec<&[u8]> = Vec::with_capacity(self.order.len() * 3 + 2);
        bodies.push(self.head.as_bytes());
        for (path, opener) in self.order.iter().zip(&openers) {
            bodies.push(opener.as_bytes());
            bodies.push(chunks.get(path).map_or(&[][..], |c| c.as_bytes()));
            bodies.push(b"</div>\n");
        }
        bodies.push(self.tail.as_bytes());
        sink.write_parts(print::PATH, &bodies).map_err(|e| {
            Diagnostic::error(format!("cannot write {}: {e}", print::PATH))
                .hint("check free disk space and permissions of the output folder")
                .into()
        })
    }
}

/// The compiled theme with the globals every page sees.
fn templates(hb: &Handbook, theme: &Theme, opts: RenderOptions) -> Result<tera::Tera, Diagnostics> {
    let mut tera = theme.tera()?;
    let globals = views::Globals::new(hb, opts.private);
    tera.global_context().insert("book", &globals.book);
    tera.global_context().insert("nav", &globals.nav);
    tera.global_context()
        .insert("generator", &globals.generator);
    tera.global_context()
        .insert("search", &hb.config.search.enabled);
    tera.global_context().insert("private", &opts.private);
    tera.global_context().insert(
        "print_url",
        if hb.config.build.print {
            print::PATH
        } else {
            ""
        },
    );
    Ok(tera)
}

/// Renders the overlay's pages (the "Me" section) of a private build.
pub fn render_overlay(
    hb: &Handbook,
    theme: &Theme,
    sink: &dyn Sink,
    overlay: &crate::overlay::Overlay,
) -> Result<usize, Diagnostics> {
    let opts = RenderOptions {
        highlight: false,
        search: false,
        private: true,
        rooted_404: false,
    };
    let tera = templates(hb, theme, opts)?;
    let index = Index::new(hb);
    let builder = views::Builder {
        hb,
        index: &index,
        highlight: false,
        guide_order: Vec::new(),
        shapes: Default::default(),
        not_found_root: String::new(),
    };
    let pages = builder.overlay_pages(overlay);
    for (path, template, ctx) in &pages {
        let html = tera
            .render(template, ctx)
            .map_err(|e| Diagnostics::from(theme.template_error(&e)))?;
        write(sink, path, html.as_bytes())?;
    }
    write(sink, "robots.txt", b"User-agent: *\nDisallow: /\n")?;
    Ok(pages.len())
}

/// Where the sidebar's tree of the whole handbook is written.
pub const TOC_PATH: &str = "assets/toc.js";

/// One section of the handbook's contents: a list page and its items.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    /// Site-relative URL of the section's own page.
    pub url: String,
    pub items: Vec<Entry>,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub title: String,
    pub url: String,
    /// 1 for a guide inside a part.
    pub depth: usize,
}

/// The handbook's contents in reading order: the matrix, levels as the
/// ladders order them, questions by round, the other kinds by weight and
/// title, guides in their parts. The sidebar and the print page both
/// follow it.
pub fn contents_of(hb: &Handbook) -> Vec<Section> {
    let entry = |title: &str, url: String| Entry {
        title: title.to_string(),
        url,
        depth: 0,
    };
    let section = |kind: Kind, items: Vec<Entry>| Section {
        title: kind.plural_label().to_string(),
        url: kind.index_url(),
        items,
    };
    let mut out = vec![Section {
        title: "Level matrix".into(),
        url: "matrix.html".into(),
        items: Vec::new(),
    }];
    let levels = hb
        .levels_in_ladder_order()
        .into_iter()
        .map(|l| entry(l.title(), Kind::Level.url(&l.id)))
        .collect();
    out.push(section(Kind::Level, levels));
    fn sorted<F: crate::model::FrontMatter>(
        docs: &[crate::model::Doc<F>],
    ) -> Vec<&crate::model::Doc<F>> {
        let mut v: Vec<_> = docs.iter().collect();
        v.sort_by(|a, b| {
            (a.meta.weight(), a.meta.title().to_lowercase())
                .cmp(&(b.meta.weight(), b.meta.title().to_lowercase()))
        });
        v
    }
    let mut q = Vec::new();
    for r in &hb.framework.rounds {
        for d in sorted(&hb.questions)
            .into_iter()
            .filter(|d| d.meta.round.get_ref() == r.id.get_ref())
        {
            q.push(entry(d.title(), Kind::Question.url(&d.id)));
        }
    }
    if !q.is_empty() {
        out.push(section(Kind::Question, q));
    }
    macro_rules! simple {
        ($kind:expr, $docs:expr) => {
            if !$docs.is_empty() {
                let items = sorted($docs)
                    .into_iter()
                    .map(|d| entry(d.title(), $kind.url(&d.id)))
                    .collect();
                out.push(section($kind, items));
            }
        };
    }
    simple!(Kind::AntiPattern, &hb.anti_patterns);
    simple!(Kind::Exercise, &hb.exercises);
    simple!(Kind::Checklist, &hb.checklists);
    if !hb.guides.is_empty() {
        let items = guide_order(hb)
            .into_iter()
            .map(|i| {
                let g = &hb.guides[i];
                Entry {
                    // A guide inside a part is one step deeper.
                    depth: usize::from(g.part.is_some()),
                    ..entry(g.title(), Kind::Guide.url(&g.id))
                }
            })
            .collect();
        out.push(section(Kind::Guide, items));
    }
    out
}

/// The handbook's table of contents as a script, written once and loaded by
/// every page: a sidebar inlined in each page would make output grow with
/// the square of the number of pages.
pub fn toc_js(hb: &Handbook) -> String {
    use crate::search::index::js_string;
    let sections: Vec<String> = contents_of(hb)
        .iter()
        .map(|s| {
            let items: Vec<String> = s
                .items
                .iter()
                .map(|e| match e.depth {
                    0 => format!("[{},{}]", js_string(&e.title), js_string(&e.url)),
                    d => format!("[{},{},{d}]", js_string(&e.title), js_string(&e.url)),
                })
                .collect();
            format!(
                "{{\"t\":{},\"u\":{},\"i\":[{}]}}",
                js_string(&s.title),
                js_string(&s.url),
                items.join(",")
            )
        })
        .collect();
    format!("window.__cb_toc=[{}];\n", sections.join(","))
}

/// Writes the search index (when book.toml enables search).
pub fn write_search(hb: &Handbook, sink: &dyn Sink) -> Result<(), Diagnostics> {
    if !hb.config.search.enabled {
        return Ok(());
    }
    let index = Index::new(hb);
    let docs = crate::search::documents(hb, &index);
    crate::search::index::write(hb, docs, sink)
        .map(|_| ())
        .map_err(|e| {
            Diagnostic::error(format!("cannot write the search index: {e}"))
                .hint("check free disk space and permissions of the output folder")
                .into()
        })
}

fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
    sink.write(path, bytes).map_err(|e| {
        Diagnostic::error(format!("cannot write {path}: {e}"))
            .hint("check free disk space and permissions of the output folder")
            .into()
    })
}

fn write_assets(hb: &Handbook, theme: &Theme, sink: &dyn Sink) -> Result<(), Diagnostics> {
    for (name, file) in &theme.statics {
        write(sink, &format!("assets/{name}"), &file.bytes)?;
    }
    let md = &hb.config.markdown;
    let css = highlight::stylesheet(&md.highlight_theme_light, &md.highlight_theme_dark).map_err(
        |name| {
            let known = highlight::theme_names();
            let d = Diagnostic::error(format!("unknown highlighting theme `{name}`"))
                .in_file("book.toml");
            Diagnostics::from(
                match crate::diagnostics::did_you_mean(&name, known.iter().copied()) {
                    Some(b) => d.hint(format!("did you mean `{b}`?")),
                    None => d.hint(format!("available themes: {}", known.join(", "))),
                },
            )
        },
    )?;
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
    for f in hb.statics.iter().filter(|f| taken.contains(&f.rel)) {
        d.push(
            Diagnostic::error(format!("static file `{}` would replace a page careerbook generates", f.rel))
                .in_file(&format!("static/{}", f.rel))
                .hint("rename or move it; to change a generated page, override its template in themes/ instead"),
        );
    }
    d
}

fn sitemap(base: &str, pages: &[PagePlan]) -> String {
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in pages
        .iter()
        .filter(|p| !matches!(p.kind, PageKind::NotFound | PageKind::Search))
    {
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
            escape(&base),
            escape(&p.path)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Serializable helper used by views and tests.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub title: String,
    /// Site-relative URL; templates prefix it with `root`.
    pub url: String,
    pub summary: String,
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
