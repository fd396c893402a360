//! Levels: the rungs of the ladder (and roles such as tech lead beside
//! them). Each states, for every dimension of the framework, what it
//! expects: a statement, optionally a step of the proficiency scale, and
//! criteria with stable ids. Its page shows the expectations, its radar,
//! its place on its tracks and what changes at the next level.

mod checks;
pub(crate) mod radar;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Checks, Entry, ItemKind, KindExt, KindInfo, Link, SearchFields, View};
use crate::diagnostics::Diagnostics;
use crate::kinds::toml_string;
use crate::model::{common_front_matter, Doc, Framework, Handbook, Read, Reader};

pub(crate) struct Level;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LevelMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    /// Typical years of experience, free text ("5-8", "8+").
    #[serde(default)]
    pub years: String,
    /// A role (tech lead) rather than a rung of a ladder.
    #[serde(default)]
    pub role: bool,
    /// For roles: the levels it usually sits beside.
    #[serde(default)]
    pub alongside: Vec<Spanned<String>>,
    /// One expectation per dimension id.
    #[serde(default)]
    pub expectations: BTreeMap<Spanned<String>, Expectation>,
}

impl LevelMeta {
    /// This level's expectation on a dimension.
    pub(crate) fn expectation(&self, dimension: &str) -> Option<&Expectation> {
        self.expectations
            .iter()
            .find(|(k, _)| k.get_ref() == dimension)
            .map(|(_, e)| e)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Expectation {
    /// May be empty when the criteria say it all (imported ladders state
    /// their levels only through criteria); empty with no criteria is a lint
    /// warning, not an error, so an import can say "the source is silent".
    #[serde(default)]
    pub statement: String,
    /// A name from the framework's proficiency scale, when it declares one.
    pub proficiency: Option<Spanned<String>>,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Criterion {
    pub id: Spanned<String>,
    pub text: String,
    #[serde(default)]
    pub examples: Vec<String>,
    /// The lower-level criterion this one grows from.
    pub strengthens: Option<Spanned<String>>,
}

common_front_matter!(
    LevelMeta,
    |s| {
        let mut v: Vec<&str> = Vec::new();
        for e in s.expectations.values() {
            v.push(&e.statement);
            for c in &e.criteria {
                v.push(&c.text);
                v.extend(c.examples.iter().map(String::as_str));
            }
        }
        v
    },
    anchors | s | {
        let mut v = Vec::new();
        for (dim, e) in &s.expectations {
            v.push(dim.get_ref().clone());
            v.extend(e.criteria.iter().map(|c| c.id.get_ref().clone()));
        }
        v
    }
);

/// A link to a level, or to its id when there is no such level (the page
/// still renders; validation has reported it).
pub(crate) fn level_link(r: &Reader, id: &str) -> Link {
    match r.level(id) {
        Some(l) => Link::to(&l),
        None => Link {
            id: id.into(),
            title: id.into(),
            url: Level::url(id),
            summary: String::new(),
        },
    }
}

pub(crate) fn level_links(r: &Reader, ids: &[Spanned<String>]) -> Vec<Link> {
    ids.iter().map(|l| level_link(r, l.get_ref())).collect()
}

#[derive(Serialize)]
pub(crate) struct TrackView {
    pub id: String,
    pub name: String,
    pub levels: Vec<Link>,
}

/// Every track with its levels, lowest first.
pub(crate) fn tracks_view(r: &Reader) -> Vec<TrackView> {
    r.framework()
        .tracks
        .iter()
        .map(|t| TrackView {
            id: t.id.get_ref().clone(),
            name: t.name.clone(),
            levels: level_links(r, &t.levels),
        })
        .collect()
}

/// The roles (levels on no track), by weight and title.
pub(crate) fn roles<'r>(r: &'r Reader) -> Vec<Read<'r, Level>> {
    super::by_weight::<Level>(r)
        .into_iter()
        .filter(|l| l.meta().role)
        .collect()
}

#[derive(Serialize)]
pub(crate) struct Proficiency {
    pub name: String,
    /// 1-based position on the scale, and the scale's length.
    rank: usize,
    of: usize,
}

/// The step of the proficiency scale an expectation names.
pub(crate) fn proficiency(fw: &Framework, e: &Expectation) -> Option<Proficiency> {
    let name = e.proficiency.as_ref()?.get_ref();
    Some(Proficiency {
        name: name.clone(),
        rank: fw.proficiency_rank(name)? + 1,
        of: fw.framework.proficiency.len(),
    })
}

#[derive(Serialize)]
struct CriterionView {
    id: String,
    text: String,
    /// The text as written, for citations.
    plain: String,
    examples: Vec<String>,
    strengthens: Option<Link>,
}

#[derive(Serialize)]
struct ExpectationView {
    dimension: String,
    name: String,
    question: String,
    statement: String,
    /// The step of the framework's proficiency scale, when the level names one.
    proficiency: Option<Proficiency>,
    criteria: Vec<CriterionView>,
}

#[derive(Serialize)]
struct TrackPosition {
    track: String,
    name: String,
    rank: usize,
    of: usize,
    next: Option<Link>,
    previous: Option<Link>,
}

#[derive(Serialize)]
struct LevelView {
    id: String,
    title: String,
    summary: String,
    years: String,
    role: bool,
    alongside: Vec<Link>,
}

impl ItemKind for Level {
    type Meta = LevelMeta;
    const INFO: KindInfo = KindInfo {
        name: "level",
        folder: "levels",
        plural: "Levels",
        help: "A level (or a role) with an expectation per dimension",
        layout_anchors: &["expectations", "radar", "radar-title", "radar-desc"],
        split_sections: true,
    };

    fn check(_cx: &Checks, _doc: &Doc<LevelMeta>, _d: &mut Diagnostics) {}

    fn check_all(hb: &Handbook, d: &mut Diagnostics) {
        checks::levels(hb, d);
    }

    fn search(hb: &Handbook, l: &Doc<LevelMeta>) -> SearchFields {
        let mut parts = Vec::new();
        for d in &hb.framework.dimensions {
            if let Some(e) = l.meta.expectation(d.id.get_ref()) {
                parts.push(format!("{}: {}", d.name, e.statement));
                for c in &e.criteria {
                    parts.push(c.text.clone());
                    parts.extend(c.examples.iter().cloned());
                }
            }
        }
        SearchFields {
            lead: l.meta.years.clone(),
            parts,
            levels: vec![l.id.clone()],
            round: String::new(),
        }
    }

    fn page(r: &Reader, l: &Doc<LevelMeta>) -> View {
        let fw = r.framework();
        let mut view = View::new("level.html");
        view.put("content", &r.markdown(l.body(), Some(&l.headings)));
        view.put("expectations", &expectations(r, l));
        let positions: Vec<TrackPosition> = fw
            .tracks_of(&l.id)
            .map(|(t, pos)| TrackPosition {
                track: t.id.get_ref().clone(),
                name: t.name.clone(),
                rank: pos + 1,
                of: t.levels.len(),
                next: t.levels.get(pos + 1).map(|n| level_link(r, n.get_ref())),
                previous: pos
                    .checked_sub(1)
                    .map(|n| level_link(r, t.levels[n].get_ref())),
            })
            .collect();
        view.put(
            "level",
            &LevelView {
                id: l.id.clone(),
                title: l.meta.title.clone(),
                summary: l.meta.summary.clone(),
                years: l.meta.years.clone(),
                role: l.meta.role,
                alongside: level_links(r, &l.meta.alongside),
            },
        );
        view.put("positions", &positions);
        view.put("radar", &radar::radar(r, &l.id, false));
        view.put("next", &next_levels(r, &l.id));
        view
    }

    fn list(r: &Reader) -> View {
        let mut view = View::new("levels.html");
        view.put("tracks", &tracks_view(r));
        let roles: Vec<Link> = roles(r).iter().map(Link::to).collect();
        view.put("roles", &roles);
        let all: Vec<Link> = super::by_weight::<Level>(r).iter().map(Link::to).collect();
        view.put("items", &all);
        // Small multiples, by level id; "" with too few dimensions.
        let radars: std::collections::HashMap<&str, String> = r
            .all::<Level>()
            .map(|l| {
                let svg = radar::radar(r, l.id(), true).map(|x| x.svg);
                (l.id(), svg.unwrap_or_default())
            })
            .collect();
        view.put("radars", &radars);
        let dims: Vec<&str> = r
            .framework()
            .dimensions
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        view.put("dimensions", &dims);
        view
    }

    fn contents(r: &Reader) -> Option<Vec<Entry>> {
        Some(r.ladder().iter().map(super::entry).collect())
    }

    fn scaffold(id: &str, title: &str, fw: &Framework) -> String {
        let t = toml_string(title);
        let mut s = format!(
            "+++\ntitle = {t}\nsummary = \"One line: what this level is about.\"\nyears = \"\"   # typical years, e.g. \"5-8\"; levels are about impact, not years\n"
        );
        // Only frameworks that declare a scale get the field; elsewhere
        // it would be an error.
        let scale: Vec<String> = fw
            .framework
            .proficiency
            .iter()
            .map(|p| toml_string(p.get_ref()))
            .collect();
        let proficiency = if scale.is_empty() {
            String::new()
        } else {
            format!(
                "# proficiency = {}   # one of: {}\n",
                scale[0],
                scale.join(", ")
            )
        };
        for d in &fw.dimensions {
            let dim = d.id.get_ref();
            s.push_str(&format!(
                "\n[expectations.{dim}]\n# {}\nstatement = \"What this level expects on {}.\"\n{proficiency}[[expectations.{dim}.criteria]]\nid = \"{id}-{dim}-1\"   # stable: criteria are cited and linked by id\ntext = \"An observable behaviour.\"\nexamples = [\"A concrete piece of evidence.\"]\n",
                if d.question.is_empty() { d.name.as_str() } else { d.question.as_str() },
                d.name.to_lowercase()
            ));
        }
        s.push_str("+++\n\n## What changes at this level\n\n## Signals you have made the transition\n\n## What holds people back\n\n## What interviewers look for\n\n## Practice focus\n");
        s
    }
}

/// A level's expectations, dimension by dimension in framework order.
fn expectations(r: &Reader, l: &Doc<LevelMeta>) -> Vec<ExpectationView> {
    let fw = r.framework();
    fw.dimensions
        .iter()
        .filter_map(|d| {
            let e = l.meta.expectation(d.id.get_ref())?;
            Some(ExpectationView {
                dimension: d.id.get_ref().clone(),
                name: d.name.clone(),
                question: d.question.clone(),
                statement: r.inline(&e.statement),
                proficiency: proficiency(fw, e),
                criteria: e
                    .criteria
                    .iter()
                    .map(|c| CriterionView {
                        id: c.id.get_ref().clone(),
                        text: r.inline(&c.text),
                        plain: c.text.clone(),
                        examples: r.inline_all(&c.examples),
                        strengthens: c.strengthens.as_ref().and_then(|s| {
                            let (lvl, _) = r.criterion(s.get_ref())?;
                            Some(Link {
                                id: s.get_ref().clone(),
                                title: r
                                    .level(lvl)
                                    .map_or(String::new(), |x| x.title().to_string()),
                                url: format!("{}#{}", Level::url(lvl), s.get_ref()),
                                summary: String::new(),
                            })
                        }),
                    })
                    .collect(),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct ChangeView {
    change: crate::model::diff::Change,
    id: String,
    text: String,
    from_text: String,
}

#[derive(Serialize)]
struct DimView {
    dimension: String,
    name: String,
    from: String,
    to: String,
    changes: Vec<ChangeView>,
}

#[derive(Serialize)]
struct NextView {
    track: String,
    level: Link,
    dimensions: Vec<DimView>,
}

/// What changes at the next level, per track (tracks fork).
fn next_levels(r: &Reader, id: &str) -> Vec<NextView> {
    let mut next: Vec<NextView> = Vec::new();
    for (track, to) in r.framework().next_levels(id) {
        if let Some(existing) = next.iter_mut().find(|n| n.level.id == to) {
            existing.track = format!("{}, {}", existing.track, track.name);
            continue;
        }
        let dims = r
            .level_diff(id, to)
            .into_iter()
            .map(|d| DimView {
                dimension: d.dimension,
                name: d.name,
                from: r.inline(&d.from),
                to: r.inline(&d.to),
                changes: d
                    .criteria
                    .into_iter()
                    .map(|c| ChangeView {
                        change: c.change,
                        id: c.id,
                        text: r.inline(&c.text),
                        from_text: r.inline(&c.from_text),
                    })
                    .collect(),
            })
            .collect();
        next.push(NextView {
            track: track.name.clone(),
            level: level_link(r, to),
            dimensions: dims,
        });
    }
    next
}
