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
    /// A kind's list page: its kind and which page of the list (0 is
    /// `index.html`; see [`list_pages`]).
    List(Kind, usize),
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
    /// The list of hiring profiles.
    HiringIndex,
    /// A level's hiring profile: its index in the level list.
    Hiring(usize),
    /// A level's hiring profile as schema.org JSON-LD.
    HiringData(usize),
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
            PageKind::FrameworkSheet
                | PageKind::LevelSheet(_)
                | PageKind::HiringData(_)
                | PageKind::Moved(_)
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

/// How many pages a kind's list takes: `[build] list_page_size` entries a
/// page (the levels' list, a view of the whole ladder, is never split).
pub(crate) fn list_pages(hb: &Handbook, kind: Kind) -> usize {
    let size = hb.config.build.list_page_size;
    match kind {
        _ if size == 0 || kind == Kind::Level => 1,
        _ => hb.count(kind).div_ceil(size).max(1),
    }
}

/// One page of a kind's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListPage {
    /// Which page, from 0.
    pub page: usize,
    /// How many the list has.
    pub pages: usize,
    /// The entries (positions in the list's order) this page shows.
    pub range: std::ops::Range<usize>,
}

impl ListPage {
    pub(crate) fn of(hb: &Handbook, kind: Kind, page: usize) -> ListPage {
        let n = hb.count(kind);
        let pages = list_pages(hb, kind);
        let range = match pages {
            1 => 0..n,
            _ => {
                let size = hb.config.build.list_page_size;
                (page * size).min(n)..((page + 1) * size).min(n)
            }
        };
        ListPage { page, pages, range }
    }
}

/// Links between the pages of a list split into pages.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Pager {
    /// This page's number, from 1.
    number: usize,
    /// How many pages the list has (1: not split, and nothing to show).
    pages: usize,
    /// Site-relative URLs of the previous and next pages, or `""`.
    previous: String,
    next: String,
    /// The pages to offer by number: the first, the last and this page's
    /// neighbours, with a `gap` where numbers are left out.
    links: Vec<PagerLink>,
}

#[derive(Debug, serde::Serialize)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
    /// Pages are left out before this one.
    gap: bool,
}

impl ListPage {
    /// The links to show between the pages of `kind`'s list.
    pub(crate) fn pager(&self, kind: Kind) -> Pager {
        let (page, pages) = (self.page, self.pages);
        let url = |i: usize| list_url(kind, i);
        let mut links: Vec<PagerLink> = Vec::new();
        if pages > 1 {
            for i in 0..pages {
                if i == 0 || i + 1 == pages || i.abs_diff(page) <= 2 {
                    let gap = links.last().is_some_and(|l| l.number != i);
                    links.push(PagerLink {
                        number: i + 1,
                        url: url(i),
                        current: i == page,
                        gap,
                    });
                }
            }
        }
        Pager {
            number: page + 1,
            pages,
            previous: if page > 0 {
                url(page - 1)
            } else {
                String::new()
            },
            next: if page + 1 < pages {
                url(page + 1)
            } else {
                String::new()
            },
            links,
        }
    }
}

/// Where page `page` of a kind's list goes: `guides/index.html`, then
/// `guides/index-2.html`, ...
pub(crate) fn list_url(kind: Kind, page: usize) -> String {
    match page {
        0 => kind.index_url(),
        n => format!("{}/index-{}.html", kind.folder(), n + 1),
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
        for page in 0..list_pages(hb, kind) {
            pages.push(PagePlan {
                path: list_url(kind, page),
                kind: PageKind::List(kind, page),
            });
        }
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
    if crate::kinds::level::has_hiring(hb) {
        pages.push(page(super::views::hiring::INDEX, PageKind::HiringIndex));
        for (i, l) in hb.levels().iter().enumerate() {
            pages.push(page(&super::views::hiring::url(&l.id), PageKind::Hiring(i)));
            pages.push(page(
                &super::views::hiring::data_url(&l.id),
                PageKind::HiringData(i),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(p: &Pager) -> String {
        p.links
            .iter()
            .map(|l| {
                let n = if l.current {
                    format!("[{}]", l.number)
                } else {
                    l.number.to_string()
                };
                if l.gap {
                    format!(".. {n}")
                } else {
                    n
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_pager_offers_the_ends_and_the_neighbours() {
        let list = |page, pages| ListPage {
            page,
            pages,
            range: 0..0,
        };
        let p = list(9, 20).pager(Kind::Guide);
        assert_eq!(shown(&p), "1 .. 8 9 [10] 11 12 .. 20");
        assert_eq!(p.number, 10);
        assert_eq!(p.previous, "guides/index-9.html");
        assert_eq!(p.next, "guides/index-11.html");
        let first = list(0, 20).pager(Kind::Guide);
        assert_eq!(shown(&first), "[1] 2 3 .. 20");
        assert_eq!(
            (first.previous.as_str(), first.links[0].url.as_str()),
            ("", "guides/index.html")
        );
        let last = list(19, 20).pager(Kind::Guide);
        assert_eq!(shown(&last), "1 .. 18 19 [20]");
        assert_eq!(last.next, "");
        assert_eq!(shown(&list(1, 3).pager(Kind::Question)), "1 [2] 3");
        // One page: nothing to offer.
        assert!(list(0, 1).pager(Kind::Guide).links.is_empty());
    }
}
