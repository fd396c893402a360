//! The handbook's contents in reading order, which the sidebar (a script
//! every page loads) and the print page follow; and the sitemap.

use super::print;
use super::{PageKind, PagePlan};
use crate::html::{escape, js_string};
use crate::kinds::{with_kind, Entry, Kind};
use crate::model::{Derived, Handbook, Reader};

/// Where the sidebar's tree of the whole handbook is written.
pub(crate) const TOC_PATH: &str = "assets/toc.js";

/// One section of the handbook's contents: a list page and its items.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub title: String,
    /// Site-relative URL of the section's own page.
    pub url: String,
    pub items: Vec<Entry>,
}

/// The handbook's contents in reading order: the matrix, then each kind's
/// section as the kind orders it (see `ItemKind::contents`).
pub(crate) fn contents_of(r: &Reader) -> Vec<Section> {
    let mut out = vec![Section {
        title: "Level matrix".into(),
        url: "matrix.html".into(),
        items: Vec::new(),
    }];
    for &kind in Kind::ALL {
        if let Some(items) = with_kind!(kind, |K| K::contents(r)) {
            out.push(Section {
                title: kind.plural_label().to_string(),
                url: kind.index_url(),
                items,
            });
        }
    }
    out
}

/// The handbook's table of contents as a script, written once and loaded by
/// every page: a sidebar inlined in each page would make output grow with
/// the square of the number of pages.
pub(crate) fn toc_js(hb: &Handbook, derived: &Derived) -> String {
    toc(hb, derived, false).0
}

/// The contents script and, when recording, what it read.
pub(crate) fn toc(
    hb: &Handbook,
    derived: &Derived,
    record: bool,
) -> (String, Vec<crate::model::deps::Dep>) {
    let html = super::markdown::Html {
        smart: false,
        highlight: false,
        cache: None,
        sanitize: hb.config.markdown.html == crate::config::RawHtml::Sanitize,
    };
    let r = Reader::new(hb, derived, &html, "", record);
    let sections: Vec<String> = contents_of(&r)
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
    (
        format!("window.__cb_toc=[{}];\n", sections.join(",")),
        r.into_deps(),
    )
}

/// The print page's contents (the home page, then each section and its
/// pages) and the paths of the pages it holds, in reading order: those of
/// `chunks` only.
pub(crate) fn print_contents(r: &Reader, has: &dyn Fn(&str) -> bool) -> (String, Vec<String>) {
    use std::fmt::Write;
    let mut html = String::new();
    let mut order: Vec<String> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    // A page listed twice (a family's page heads its levels in the Levels
    // section too) is printed once, where it first appears; the second
    // listing links to it.
    let mut take = |url: &str| -> Option<String> {
        if !has(url) {
            return None;
        }
        if seen.insert(url.to_string()) {
            order.push(url.to_string());
        }
        Some(escape(&print::anchor(url)))
    };
    let home_title = match r.home() {
        Some(h) => h.title().to_string(),
        None => r.config().book.title.clone(),
    };
    if let Some(anchor) = take("index.html") {
        let _ = writeln!(
            html,
            "<li><a href=\"#{anchor}\">{}</a></li>",
            escape(&home_title)
        );
    }
    for s in contents_of(r) {
        let Some(anchor) = take(&s.url) else {
            continue;
        };
        let _ = write!(html, "<li><a href=\"#{anchor}\">{}</a>", escape(&s.title));
        let mut pages = s
            .items
            .iter()
            .filter_map(|e| Some((take(&e.url)?, e)))
            .peekable();
        if pages.peek().is_some() {
            html.push_str("\n<ol>");
            for (anchor, e) in pages {
                html.push_str("<li");
                if e.depth > 0 {
                    let _ = write!(html, " class=\"depth-{}\"", e.depth);
                }
                let _ = write!(html, "><a href=\"#{anchor}\">{}</a></li>", escape(&e.title));
            }
            html.push_str("</ol>");
        }
        html.push_str("</li>\n");
    }
    (html, order)
}

/// `sitemap.xml`: every page but the search page and the 404 page.
pub(crate) fn sitemap(base: &str, pages: &[PagePlan]) -> String {
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in pages
        .iter()
        .filter(|p| p.is_page() && !matches!(p.kind, PageKind::NotFound | PageKind::Search))
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
