//! Guides: free prose chapters, optionally grouped into parts
//! (`guides/<part>/`, with the part's own `index.md`). Read in order, each
//! with a previous and a next guide.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Subfolders, toml_string, Checks, Entry, ItemKind, KindInfo, Link, SearchFields, View};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{common_front_matter, Doc, Framework, Handbook, Reader};

pub(crate) struct Guide;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GuideMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    /// Who keeps this page current (shown in its footer).
    #[serde(default)]
    pub owner: String,
    /// When it was last reviewed, a TOML date (`reviewed = 2026-03-01`);
    /// `check` warns when it is older than book.toml's `review_after`.
    pub reviewed: Option<toml::Spanned<toml::value::Datetime>>,
    /// Internal to the team: left out of builds whose profile leaves
    /// internal content out (`public`, the default).
    #[serde(default)]
    pub internal: Option<Spanned<bool>>,
}

common_front_matter!(GuideMeta, |_s| Vec::new());

/// Guides in reading order, as indices: parts (each followed by its
/// guides) and loose guides by weight then title.
pub(crate) fn order(hb: &Handbook) -> Vec<usize> {
    let guides = hb.docs::<Guide>();
    let key = |i: &usize| {
        let g = &guides[*i];
        (g.meta.weight, g.meta.title.to_lowercase())
    };
    let mut top: Vec<usize> = (0..guides.len())
        .filter(|&i| guides[i].part.is_none())
        .collect();
    top.sort_by_cached_key(key);
    let mut order = Vec::new();
    for i in top {
        order.push(i);
        if guides[i].is_part {
            let mut children: Vec<usize> = (0..guides.len())
                .filter(|&j| guides[j].part.as_deref() == Some(guides[i].id.as_str()))
                .collect();
            children.sort_by_cached_key(key);
            order.extend(children);
        }
    }
    order
}

#[derive(Serialize)]
struct Toc {
    id: String,
    text: String,
    level: u8,
}

impl ItemKind for Guide {
    type Meta = GuideMeta;
    const INFO: KindInfo = KindInfo {
        name: "guide",
        folder: "guides",
        plural: "Guides",
        help: "A guide: a free prose chapter",
        layout_anchors: &[],
        split_sections: true,
        subfolders: Subfolders::Parts,
    };

    fn check(cx: &Checks, g: &Doc<GuideMeta>, d: &mut Diagnostics) {
        let Some(part) = &g.part else { return };
        if !cx.find::<Guide>(part).is_some_and(|x| x.is_part) {
            d.push(
                Diagnostic::error(format!("guide part `{part}/` has no index.md"))
                    .in_file(&g.src.display)
                    .hint(format!(
                        "add content/guides/{part}/index.md with a title and summary for the part"
                    )),
            );
        }
    }

    fn search(_hb: &Handbook, _g: &Doc<GuideMeta>) -> SearchFields {
        SearchFields::default()
    }

    fn page(r: &Reader, g: &Doc<GuideMeta>) -> View {
        let mut view = View::new("guide.html");
        view.put("content", &r.body(g));
        let toc: Vec<Toc> = g
            .headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .map(|h| Toc {
                id: h.id.to_string(),
                text: h.text.to_string(),
                level: h.level,
            })
            .collect();
        view.put("toc", &toc);
        let nav = r.guide_nav(&g.id);
        let link = |id: &str| r.find::<Guide>(id).map(|x| Link::to(&x));
        view.put("previous", &nav.previous.and_then(link));
        view.put("next", &nav.next.and_then(link));
        let children: Vec<Link> = nav.children.iter().filter_map(|c| link(c)).collect();
        view.put("children", &children);
        view.put("part", &nav.part.and_then(link));
        view
    }

    fn list(r: &Reader, page: std::ops::Range<usize>) -> View {
        #[derive(Serialize)]
        struct ListEntry {
            link: Link,
            is_part: bool,
            in_part: bool,
        }
        let entries: Vec<ListEntry> = r
            .guide_order()
            .get(page)
            .unwrap_or_default()
            .iter()
            .map(|g| {
                let (part, is_part) = g.part();
                ListEntry {
                    link: Link::to(g),
                    is_part,
                    in_part: part.is_some(),
                }
            })
            .collect();
        let mut view = View::new("guides.html");
        view.put("entries", &entries);
        view
    }

    fn contents(r: &Reader) -> Option<Vec<Entry>> {
        let order = r.guide_order();
        if order.is_empty() {
            return None;
        }
        Some(
            order
                .iter()
                .map(|g| Entry {
                    // A guide inside a part is one step deeper.
                    depth: usize::from(g.part().0.is_some()),
                    ..super::entry(g)
                })
                .collect(),
        )
    }

    fn scaffold(_id: &str, title: &str, _fw: &Framework) -> String {
        let t = toml_string(title);
        format!("+++\ntitle = {t}\nsummary = \"One line: what the reader gets from this guide.\"\nweight = 100\n+++\n\n## First section\n\nWrite here.\n")
    }
}
