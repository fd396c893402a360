//! Checklists: grouped items to confirm (promotion readiness, pre-deploy),
//! whose ticks the browser remembers.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Subfolders, 
    cards, sorted_contents, toml_string, Card, Checks, Entry, ItemKind, KindInfo, Link,
    SearchFields, View,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{common_front_matter, Doc, Framework, Handbook, Reader};

pub(crate) struct Checklist;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChecklistMeta {
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
    pub groups: Vec<ChecklistGroup>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChecklistGroup {
    pub name: String,
    pub items: Spanned<Vec<String>>,
}

common_front_matter!(ChecklistMeta, |s| {
    s.groups
        .iter()
        .flat_map(|g| g.items.get_ref().iter().map(String::as_str))
        .collect()
});

#[derive(Serialize)]
struct ItemView {
    id: String,
    text: String,
}

#[derive(Serialize)]
struct GroupView {
    name: String,
    items: Vec<ItemView>,
}

impl ItemKind for Checklist {
    type Meta = ChecklistMeta;
    const INFO: KindInfo = KindInfo {
        name: "checklist",
        folder: "checklists",
        plural: "Checklists",
        help: "A checklist of grouped items",
        layout_anchors: &[],
        split_sections: false,
        subfolders: Subfolders::Ignored,
    };

    fn check(_cx: &Checks, c: &Doc<ChecklistMeta>, d: &mut Diagnostics) {
        for g in &c.meta.groups {
            if g.items.get_ref().is_empty() {
                let s = g.items.span();
                d.push(
                    Diagnostic::error(format!("checklist group `{}` has no items", g.name))
                        .at(&c.src, c.src.front_matter_start() + s.start, s.len())
                        .hint("add items = [\"...\"] or remove the group"),
                );
            }
        }
    }

    fn search(_hb: &Handbook, c: &Doc<ChecklistMeta>) -> SearchFields {
        let mut parts = Vec::new();
        for g in &c.meta.groups {
            parts.push(g.name.clone());
            parts.extend(g.items.get_ref().iter().cloned());
        }
        SearchFields {
            parts,
            ..SearchFields::default()
        }
    }

    fn page(r: &Reader, c: &Doc<ChecklistMeta>) -> View {
        let groups: Vec<GroupView> = c
            .meta
            .groups
            .iter()
            .enumerate()
            .map(|(gi, g)| GroupView {
                name: g.name.clone(),
                items: g
                    .items
                    .get_ref()
                    .iter()
                    .enumerate()
                    .map(|(ii, t)| ItemView {
                        id: format!("{}-{}-{}", c.id, gi + 1, ii + 1),
                        text: r.inline(t),
                    })
                    .collect(),
            })
            .collect();
        let mut view = View::new("checklist.html");
        view.put("groups", &groups);
        view.put("content", &r.body(c));
        view
    }

    fn list(r: &Reader, page: std::ops::Range<usize>) -> View {
        cards::<Checklist>(r, page, |d| Card {
            link: Link::to(d),
            levels: Vec::new(),
            extra: format!(
                "{} items",
                d.meta()
                    .groups
                    .iter()
                    .map(|g| g.items.get_ref().len())
                    .sum::<usize>()
            ),
        })
    }

    fn contents(r: &Reader) -> Option<Vec<Entry>> {
        sorted_contents::<Checklist>(r)
    }

    fn scaffold(_id: &str, title: &str, _fw: &Framework) -> String {
        let t = toml_string(title);
        format!(
            "+++\ntitle = {t}\nsummary = \"One line: when to use this checklist.\"\n\n[[groups]]\nname = \"First group\"\nitems = [\n  \"An item to confirm.\",\n]\n+++\n"
        )
    }
}
