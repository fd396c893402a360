//! Views of the pages that are not one kind's: the home page, the level
//! matrix, the compare view, search, 404, the print page's frame, the
//! overlay's pages. Each builds its template's variables through a
//! [`Reader`], so what it shows is recorded. Also what every page shares:
//! the `page` variable and the globals.

pub(crate) mod calibrate;
mod compare;
mod families;
pub(crate) mod hiring;
mod home;
mod matrix;
pub(crate) mod overlay;
mod packet;
pub(crate) mod releases;

use serde::Serialize;

use super::{ListPage, PagePlan};
use crate::kinds::{with_kind, Kind, Stored, View};
use crate::model::{Doc, Reader};

pub(crate) use calibrate::calibrate;
pub(crate) use compare::compare;
pub(crate) use home::home;
pub(crate) use matrix::matrix;

#[derive(Serialize)]
struct BookView {
    title: String,
    description: String,
    language: String,
    base_url: String,
}

#[derive(Serialize)]
struct NavItem {
    label: String,
    url: String,
    count: Option<usize>,
    /// Matches `page.section` to mark where the reader is.
    section: String,
}

/// The variables every template sees: `book`, `nav`, `generator`,
/// `search`, `private`, `print_url`.
pub(crate) fn globals(r: &Reader, private: bool) -> tera::Context {
    let cfg = r.config();
    let b = &cfg.book;
    let mut nav = vec![NavItem {
        label: "Level matrix".into(),
        url: "matrix.html".into(),
        count: None,
        section: "matrix".into(),
    }];
    for &k in Kind::ALL {
        let n = r.count(k);
        if n > 0 {
            nav.push(NavItem {
                label: k.plural_label().into(),
                url: k.index_url(),
                count: Some(n),
                section: k.folder().into(),
            });
        }
    }
    let releases = r.untracked().releases.len();
    if releases > 0 {
        nav.push(NavItem {
            label: "Releases".into(),
            url: releases::INDEX.into(),
            count: Some(releases),
            section: "releases".into(),
        });
    }
    if crate::kinds::level::has_hiring(r.untracked()) {
        nav.push(NavItem {
            label: "Hiring".into(),
            url: hiring::INDEX.into(),
            count: None,
            section: "hiring".into(),
        });
    }
    if private {
        nav.push(NavItem {
            label: "Me".into(),
            url: "me/index.html".into(),
            count: None,
            section: "me".into(),
        });
    }
    let mut ctx = tera::Context::new();
    ctx.insert(
        "book",
        &BookView {
            title: b.title.clone(),
            description: b.description.clone(),
            language: b.language.clone(),
            base_url: b.base_url.clone(),
        },
    );
    ctx.insert("nav", &nav);
    ctx.insert(
        "generator",
        &format!("careerbook {}", env!("CARGO_PKG_VERSION")),
    );
    ctx.insert("search", &cfg.search.enabled);
    ctx.insert("private", &private);
    let profile = &r.untracked().profile;
    ctx.insert("internal", &profile.internal);
    ctx.insert("profile", &profile.name);
    ctx.insert(
        "print_url",
        if cfg.build.print {
            super::print::PATH
        } else {
            ""
        },
    );
    ctx
}

/// The `page` variable: what the layout needs of any page.
#[derive(Serialize)]
pub(crate) struct PageView {
    title: String,
    description: String,
    url: String,
    pub root: String,
    /// Which navigation section the page belongs to.
    section: String,
    canonical: String,
    edit_url: String,
    /// Date of the last commit touching the page's source, when known.
    updated: String,
    /// Who keeps the page current, and when it was last reviewed.
    owner: String,
    reviewed: String,
}

/// The `page` variable of page `p`; `edit` is the source file's path
/// relative to the handbook, for pages that show one document.
pub(crate) fn page_view(
    r: &Reader,
    p: &PagePlan,
    title: &str,
    description: &str,
    section: &str,
    edit: Option<&str>,
) -> PageView {
    let cfg = r.config();
    let base = &cfg.book.base_url;
    let canonical = if base.is_empty() {
        String::new()
    } else {
        let path = if p.path == "index.html" {
            ""
        } else {
            p.path.as_str()
        };
        format!("{}/{}", base.trim_end_matches('/'), path)
    };
    let edit_url = match (&cfg.repository, edit) {
        (Some(repo), Some(rel)) => repo.edit_url(rel),
        _ => String::new(),
    };
    let updated = edit
        .and_then(|rel| r.updated(rel))
        .cloned()
        .unwrap_or_default();
    PageView {
        updated,
        owner: String::new(),
        reviewed: String::new(),
        title: title.to_string(),
        description: description.to_string(),
        url: p.path.clone(),
        root: p.root().to_string(),
        section: section.to_string(),
        canonical,
        edit_url,
    }
}

/// A document's page: its kind's view, with the `page` variable. `r` is
/// the reader for this document's page (see [`Reader::on`]).
pub(crate) fn item<K: Stored>(r: &Reader, p: &PagePlan, doc: &Doc<K::Meta>) -> View {
    let mut view = K::page(r, doc);
    let mut page = page_view(
        r,
        p,
        doc.title(),
        doc.summary(),
        K::INFO.folder,
        Some(doc.relative_path()),
    );
    page.owner = crate::model::FrontMatter::owner(&doc.meta).to_string();
    page.reviewed = crate::model::FrontMatter::reviewed(&doc.meta)
        .map_or_else(String::new, |d| d.get_ref().to_string());
    view.vars.insert("page", &page);
    if K::KIND == Kind::Level {
        view.put("changed_since", &releases::level(r, &doc.id));
    }
    view
}

/// A page of a kind's list, with `pager` (the list's pages; one page has
/// no pager).
pub(crate) fn list(r: &Reader, p: &PagePlan, kind: Kind, list: ListPage) -> View {
    let title = match list.page {
        0 => kind.plural_label().to_string(),
        n => format!("{}, page {} of {}", kind.plural_label(), n + 1, list.pages),
    };
    let mut view = with_kind!(kind, |K| K::list(r, list.range.clone()));
    view.vars
        .insert("page", &page_view(r, p, &title, "", kind.folder(), None));
    view.put("pager", &list.pager(kind));
    view
}

/// A level's old address: a page that sends the reader to where the level
/// is now, for links and bookmarks made before it was renamed.
pub(crate) fn moved(r: &Reader, l: crate::model::Read<crate::kinds::level::Level>) -> String {
    let title = crate::html::escape(l.title());
    let to = crate::html::escape(&format!("{}.html", l.id()));
    let lang = crate::html::escape(&r.config().book.language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title} has moved</title>\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n<link rel=\"canonical\" href=\"{to}\">\n</head>\n<body>\n<main>\n<p>This level has a new address: <a href=\"{to}\">{title}</a>.</p>\n</main>\n</body>\n</html>\n"
    )
}

/// The search page (its script does the work).
pub(crate) fn search(r: &Reader, p: &PagePlan) -> View {
    let mut view = View::new("search.html");
    view.put(
        "page",
        &page_view(r, p, "Search", "Search the handbook.", "search", None),
    );
    view
}

/// The 404 page. A host shows it in place of any missing page, at any
/// depth, so its `root` may be an absolute path (`not_found_root`).
pub(crate) fn not_found(r: &Reader, p: &PagePlan, not_found_root: &str) -> View {
    let mut page = page_view(r, p, "Page not found", "", "", None);
    page.root = not_found_root.to_string();
    let mut view = View::new("404.html");
    view.put("root", &page.root);
    view.put("page", &page);
    view
}

/// The print page's variables: its contents and, as `body`, the marker the
/// pages' bodies replace.
pub(crate) fn print(r: &Reader, contents: &str, body: &str) -> View {
    let mut view = View::new("print.html");
    view.put("root", "");
    let p = PagePlan {
        path: super::print::PATH.into(),
        kind: super::PageKind::NotFound,
    };
    let mut page = page_view(
        r,
        &p,
        "The whole handbook",
        &r.config().book.description,
        "print",
        None,
    );
    page.canonical = String::new();
    view.put("page", &page);
    view.put("contents", contents);
    view.put("body", body);
    view
}
