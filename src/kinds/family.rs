//! Job families: a ladder of its own within the handbook (backend, data,
//! people management...), with the dimensions it uses, its tracks and its
//! levels (`content/levels/<family>/`). A handbook without family documents
//! has one family, made of the framework's tracks; with them, every level
//! belongs to one. A family's page is its level matrix.

use serde::Deserialize;
use toml::Spanned;

use super::{Subfolders, 
    cards, sorted_contents, toml_string, unknown, Card, Checks, Entry, ItemKind, KindInfo, Link,
    SearchFields, View,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{common_front_matter, Doc, Framework, Handbook, Reader, Track};

pub(crate) struct Family;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FamilyMeta {
    pub(crate) id: Option<Spanned<String>>,
    /// The family's name ("Backend engineering").
    pub(crate) title: String,
    pub(crate) summary: String,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    #[serde(default)]
    pub(crate) weight: i64,
    /// Who keeps this page current (shown in its footer).
    #[serde(default)]
    pub(crate) owner: String,
    /// When it was last reviewed, a TOML date (`reviewed = 2026-03-01`);
    /// `check` warns when it is older than book.toml's `review_after`.
    pub(crate) reviewed: Option<toml::Spanned<toml::value::Datetime>>,
    /// Internal to the team: left out of builds whose profile leaves
    /// internal content out (`public`, the default).
    #[serde(default)]
    pub(crate) internal: Option<Spanned<bool>>,
    /// The framework's dimensions this family uses, in its order; all of
    /// them when left out.
    #[serde(default)]
    pub(crate) dimensions: Vec<Spanned<String>>,
    /// Its tracks, each listing its levels lowest first.
    #[serde(default)]
    pub(crate) tracks: Vec<Track>,
}

common_front_matter!(FamilyMeta, |_s| Vec::new());

impl ItemKind for Family {
    type Meta = FamilyMeta;
    const INFO: KindInfo = KindInfo {
        name: "family",
        folder: "families",
        plural: "Job families",
        help: "A job family: a ladder of its own, with its dimensions, tracks and levels",
        layout_anchors: &["matrix", "assessment", "levels"],
        split_sections: false,
        subfolders: Subfolders::Ignored,
    };

    fn check(cx: &Checks, f: &Doc<FamilyMeta>, d: &mut Diagnostics) {
        let fw = &cx.hb.framework;
        let base = f.src.front_matter_start();
        let dims = fw.dimensions.iter().map(|x| x.id.get_ref().as_str());
        for dim in &f.meta.dimensions {
            if fw.dimensions.iter().all(|x| x.id.get_ref() != dim.get_ref()) {
                d.push(
                    unknown("dimension", dim, &f.src, dims.clone())
                        .hint("a family uses dimensions declared in content/framework.toml"),
                );
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for t in &f.meta.tracks {
            if seen.contains(&t.id.get_ref().as_str()) {
                let s = t.id.span();
                d.push(
                    Diagnostic::error(format!("duplicate track id `{}`", t.id.get_ref()))
                        .at(&f.src, base + s.start + 1, s.len().saturating_sub(2))
                        .hint("each track of a family needs its own id"),
                );
            }
            seen.push(t.id.get_ref());
            for l in &t.levels {
                let level = cx.find::<super::level::Level>(l.get_ref());
                match level {
                    None => {
                        let ids = cx.hb.levels().iter().map(|x| x.id.as_str());
                        d.push(unknown("level", l, &f.src, ids).hint(format!(
                            "each level of this family is a file in content/levels/{}/",
                            f.id
                        )));
                    }
                    Some(level) if level.part.as_deref() != Some(f.id.as_str()) => {
                        let s = l.span();
                        d.push(
                            Diagnostic::error(format!(
                                "level `{}` is not in family `{}`",
                                l.get_ref(),
                                f.id
                            ))
                            .at(&f.src, base + s.start + 1, s.len().saturating_sub(2))
                            .hint(format!(
                                "a family's tracks list its own levels: move {} into content/levels/{}/",
                                level.src.display, f.id
                            )),
                        );
                    }
                    Some(_) => {}
                }
            }
        }
    }

    fn check_all(hb: &Handbook, d: &mut Diagnostics) {
        let families = hb.docs::<Family>();
        if families.is_empty() {
            return;
        }
        if let Some(t) = hb.framework.tracks.first() {
            let s = t.id.span();
            d.push(
                Diagnostic::error("tracks in framework.toml, but the handbook declares job families")
                    .at(&hb.framework_src, s.start, s.len())
                    .hint("with families, each family's document lists its own tracks: move these into content/families/<family>.md"),
            );
        }
        let ids: Vec<&str> = families.iter().map(|f| f.id.as_str()).collect();
        for l in hb.levels() {
            match l.part.as_deref() {
                Some(p) if ids.contains(&p) => {}
                Some(p) => {
                    let diag = Diagnostic::error(format!("no job family `{p}` for this level's folder"))
                        .in_file(&l.src.display);
                    d.push(match crate::diagnostics::did_you_mean(p, ids.iter().copied()) {
                        Some(best) => diag.hint(format!("did you mean content/levels/{best}/?")),
                        None => diag.hint(format!(
                            "add content/families/{p}.md, or move the level into the folder of one of: {}",
                            ids.join(", ")
                        )),
                    });
                }
                None => d.push(
                    Diagnostic::error("level outside a job family's folder")
                        .in_file(&l.src.display)
                        .hint(format!(
                            "the handbook declares families: move it into content/levels/<family>/, one of: {}",
                            ids.join(", ")
                        )),
                ),
            }
        }
    }

    fn search(hb: &Handbook, f: &Doc<FamilyMeta>) -> SearchFields {
        let levels = hb
            .families
            .get(&f.id)
            .map(|fam| {
                fam.levels
                    .iter()
                    .filter_map(|&i| hb.levels().get(i))
                    .map(|l| l.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        SearchFields {
            parts: f.meta.tracks.iter().map(|t| t.name.clone()).collect(),
            levels,
            family: f.id.clone(),
            ..SearchFields::default()
        }
    }

    fn page(r: &Reader, f: &Doc<FamilyMeta>) -> View {
        let mut view = View::new("family.html");
        view.put("content", &r.body(f));
        if let Some(family) = r.families().get(&f.id) {
            let (dims, tables) = super::level::matrix::matrix(r, family);
            let tiers = super::level::tiers::tier_matrix(r, family);
            let cells = super::level::tiers::has_cells(r, family, tiers.as_ref());
            view.put("dimensions", &dims);
            view.put("tables", &if cells { tables } else { Vec::new() });
            view.put("aliases", &super::level::aliases(r));
            view.put("tiers", &tiers);
            let levels: Vec<Link> = family
                .levels
                .iter()
                .filter_map(|&i| r.level_at(i))
                .map(|l| Link::to(&l))
                .collect();
            view.put("levels", &levels);
        }
        view.put("family_id", &f.id);
        view
    }

    fn list(r: &Reader, page: std::ops::Range<usize>) -> View {
        cards::<Family>(r, page, |f| {
            let levels: Vec<Link> = r
                .families()
                .get(f.id())
                .map(|fam| {
                    fam.levels
                        .iter()
                        .filter_map(|&i| r.level_at(i))
                        .map(|l| Link::to(&l))
                        .collect()
                })
                .unwrap_or_default();
            Card {
                link: Link::to(f),
                extra: format!(
                    "{} level{}",
                    levels.len(),
                    if levels.len() == 1 { "" } else { "s" }
                ),
                levels,
            }
        })
    }

    fn contents(r: &Reader) -> Option<Vec<Entry>> {
        sorted_contents::<Family>(r)
    }

    fn scaffold(id: &str, title: &str, fw: &Framework) -> String {
        let dims: Vec<String> = fw
            .dimensions
            .iter()
            .map(|d| toml_string(d.id.get_ref()))
            .collect();
        format!(
            "+++\ntitle = {}\nsummary = \"One line: who this ladder is for.\"\n# The framework's dimensions this family uses (all when left out):\n# dimensions = [{}]\n\n[[tracks]]\nid = \"ic\"\nname = \"Individual contributor\"\nlevels = []   # its levels, lowest first: files in content/levels/{id}/\n+++\n\nWho this family is for, and how its ladder differs from the others.\n",
            toml_string(title),
            dims.join(", "),
        )
    }
}
