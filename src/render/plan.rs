//! Which pages the site has, where each goes and what it shows.

use crate::kinds::{with_kind, Kind};
use crate::model::Handbook;

/// One page of the site: where it goes and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageKind {
    Home,
    Matrix,
    NotFound,
    Search,
    Compare,
    /// Two criterion-by-criterion assessments side by side.
    Calibrate,
    List(Kind),
    /// A document's page: its kind and its index in the kind's list.
    Item(Kind, usize),
    /// `framework.csv`, the ladder as a spreadsheet.
    FrameworkSheet,
    /// A level's tracking sheet: its index in the level list.
    LevelSheet(usize),
    /// The list of releases (`releases/index.html`).
    Releases,
    /// A release's page: its index in book.toml's releases.
    Release(usize),
    /// A level's old address (an id in its `formerly`), leading to its page:
    /// its index in the level list.
    Moved(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct PagePlan {
    pub path: String,
    pub kind: PageKind,
}

impl PagePlan {
    /// A page of its own (not a spreadsheet or an old address): what counts
    /// as a page, goes into the sitemap and may go into the print page.
    pub(crate) fn is_page(&self) -> bool {
        !matches!(
            self.kind,
            PageKind::FrameworkSheet | PageKind::LevelSheet(_) | PageKind::Moved(_)
        )
    }

    /// Relative path from this page back to the site root.
    pub(crate) fn root(&self) -> &'static str {
        if self.path.contains('/') {
            "../"
        } else {
            ""
        }
    }
}

/// Every page of the site, in a stable order.
pub(crate) fn plan(hb: &Handbook) -> Vec<PagePlan> {
    let page = |path: &str, kind| PagePlan {
        path: path.to_string(),
        kind,
    };
    let mut pages = vec![
        page("index.html", PageKind::Home),
        page("matrix.html", PageKind::Matrix),
        page("404.html", PageKind::NotFound),
    ];
    if hb.config.search.enabled {
        pages.push(page("search.html", PageKind::Search));
    }
    if hb.levels().len() > 1 {
        pages.push(page("compare.html", PageKind::Compare));
    }
    if !hb.levels().is_empty() {
        pages.push(page(super::views::calibrate::PATH, PageKind::Calibrate));
    }
    for &kind in Kind::ALL {
        // A kind the handbook has no documents of has no list page either.
        if hb.count(kind) == 0 {
            continue;
        }
        pages.push(PagePlan {
            path: kind.index_url(),
            kind: PageKind::List(kind),
        });
        with_kind!(kind, |K| {
            for (i, d) in K::docs(&hb.items).iter().enumerate() {
                pages.push(PagePlan {
                    path: kind.url(&d.id),
                    kind: PageKind::Item(kind, i),
                });
            }
        });
    }
    if !hb.releases.is_empty() {
        pages.push(page(super::views::releases::INDEX, PageKind::Releases));
        for (i, r) in hb.releases.iter().enumerate() {
            pages.push(page(
                &super::views::releases::url(&r.slug),
                PageKind::Release(i),
            ));
        }
    }
    // Spreadsheets go through the same plan as pages, so the dev server
    // remakes them when what they read changes, like any page.
    if hb.levels().is_empty() {
        return pages;
    }
    pages.push(page(
        super::sheets::FRAMEWORK_PATH,
        PageKind::FrameworkSheet,
    ));
    for (i, l) in hb.levels().iter().enumerate() {
        pages.push(page(
            &super::sheets::level_path(&l.id),
            PageKind::LevelSheet(i),
        ));
        for old in &l.meta.formerly {
            pages.push(page(&Kind::Level.url(old.get_ref()), PageKind::Moved(i)));
        }
    }
    pages
}
