//! Anti-patterns: a habit that holds people back, the levels where it
//! shows, how to notice it, why it hurts and how to avoid it.

use serde::Deserialize;
use toml::Spanned;

use super::level::level_links;
use super::{Subfolders, 
    cards, level_list, sorted_contents, toml_string, Card, Checks, Entry, ItemKind, KindInfo, Link,
    SearchFields, View,
};
use crate::diagnostics::Diagnostics;
use crate::model::{common_front_matter, Doc, Framework, Handbook, Reader};

pub(crate) struct AntiPattern;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AntiPatternMeta {
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
    #[serde(default)]
    pub levels: Vec<Spanned<String>>,
    pub signs: Vec<String>,
    pub why_it_hurts: String,
    pub how_to_avoid: Vec<String>,
}

common_front_matter!(AntiPatternMeta, |s| {
    let mut v = vec![s.why_it_hurts.as_str()];
    v.extend(s.signs.iter().map(String::as_str));
    v.extend(s.how_to_avoid.iter().map(String::as_str));
    v
});

impl ItemKind for AntiPattern {
    type Meta = AntiPatternMeta;
    const INFO: KindInfo = KindInfo {
        name: "anti-pattern",
        folder: "anti-patterns",
        plural: "Anti-patterns",
        help: "A habit that holds people back, and how to avoid it",
        layout_anchors: &["signs", "why-it-hurts", "how-to-avoid"],
        split_sections: false,
        subfolders: Subfolders::Ignored,
    };

    fn check(cx: &Checks, a: &Doc<AntiPatternMeta>, d: &mut Diagnostics) {
        cx.levels(&a.src, &a.meta.levels, d);
    }

    fn search(_hb: &Handbook, a: &Doc<AntiPatternMeta>) -> SearchFields {
        let m = &a.meta;
        let mut parts = vec![m.why_it_hurts.clone()];
        parts.extend(m.signs.iter().cloned());
        parts.extend(m.how_to_avoid.iter().cloned());
        SearchFields {
            parts,
            levels: m.levels.iter().map(|l| l.get_ref().clone()).collect(),
            ..SearchFields::default()
        }
    }

    fn page(r: &Reader, a: &Doc<AntiPatternMeta>) -> View {
        let mut view = View::new("anti_pattern.html");
        view.put("levels", &level_links(r, &a.meta.levels));
        view.put("signs", &r.inline_all(&a.meta.signs));
        view.put("why_it_hurts", &r.markdown(&a.meta.why_it_hurts, None));
        view.put("how_to_avoid", &r.inline_all(&a.meta.how_to_avoid));
        view.put("content", &r.body(a));
        view
    }

    fn list(r: &Reader, page: std::ops::Range<usize>) -> View {
        cards::<AntiPattern>(r, page, |d| Card {
            link: Link::to(d),
            levels: level_links(r, &d.meta().levels),
            extra: String::new(),
        })
    }

    fn contents(r: &Reader) -> Option<Vec<Entry>> {
        sorted_contents::<AntiPattern>(r)
    }

    fn scaffold(_id: &str, title: &str, fw: &Framework) -> String {
        let t = toml_string(title);
        let levels_hint = level_list(fw);
        format!(
            "+++\ntitle = {t}\nsummary = \"One line: the pattern in a sentence.\"\nlevels = []   # where it shows: {levels_hint}\nsigns = [\n  \"How you notice it.\",\n]\nwhy_it_hurts = \"\"\"\nWhy it holds people back.\n\"\"\"\nhow_to_avoid = [\n  \"A concrete step.\",\n]\n+++\n\nDescribe the pattern, with a short example.\n"
        )
    }
}
