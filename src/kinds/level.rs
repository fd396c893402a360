//! Levels: the rungs of the ladder (and roles such as tech lead beside
//! them). Each states, for every dimension of the framework, what it
//! expects: a statement, optionally a step of the proficiency scale, and
//! criteria with stable ids. Its page shows the expectations, its radar,
//! its place on its tracks and what changes at the next level.

pub(crate) mod assess;
mod checks;
pub(crate) mod inherit;
mod lists;
pub(crate) mod matrix;
mod page;
pub(crate) mod radar;
pub(crate) mod rule;
pub(crate) mod tiers;

pub(crate) use lists::{aliases, groups, level_link, level_links, roles};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Checks, Entry, ItemKind, KindInfo, Link, SearchFields, Subfolders, View};
use crate::diagnostics::Diagnostics;
use crate::kinds::toml_string;
use crate::model::{common_front_matter, Doc, Framework, Handbook, Reader};

pub(crate) struct Level;

/// A level's tracking sheet (`render::sheets::level`), beside its page.
pub(crate) fn sheet_url(id: &str) -> String {
    format!("levels/{id}.csv")
}

/// The list of hiring profiles (`render::views::hiring`).
pub(crate) const HIRING_INDEX: &str = "hiring/index.html";

/// A level's hiring profile page.
pub(crate) fn hiring_url(id: &str) -> String {
    format!("hiring/{id}.html")
}

/// A level's hiring profile as schema.org JSON-LD.
pub(crate) fn hiring_data_url(id: &str) -> String {
    format!("hiring/{id}.json")
}

/// Whether the site has hiring profiles: book.toml's `[hiring]` turns them
/// on (the default) and, when it marks them internal, the build's profile
/// keeps internal content.
pub(crate) fn has_hiring(hb: &Handbook) -> bool {
    let h = &hb.config.hiring;
    h.enabled && (!h.internal || hb.profile.internal) && !hb.levels().is_empty()
}

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
    /// Typical years of experience, free text ("5-8", "8+").
    #[serde(default)]
    pub years: String,
    /// A role (tech lead) rather than a rung of a ladder.
    #[serde(default)]
    pub role: bool,
    /// For roles: the levels it usually sits beside.
    #[serde(default)]
    pub alongside: Vec<Spanned<String>>,
    /// A level (usually of a shared library family) whose criteria this
    /// one takes on, for the dimensions its family uses.
    pub inherits: Option<Spanned<String>>,
    /// For ladders whose criteria belong to proficiency tiers: the rule
    /// over tiers that defines this level (then `expectations` may be
    /// empty).
    pub requires: Option<rule::Rule>,
    /// One expectation per dimension id.
    #[serde(default)]
    pub expectations: BTreeMap<Spanned<String>, Expectation>,
    /// Ids the level had in earlier releases: references to them still
    /// resolve, and `careerbook changes` reports the rename.
    #[serde(default)]
    pub formerly: Vec<Spanned<String>>,
    /// What the level's hiring profile says in place of what it derives.
    pub hiring: Option<Hiring>,
}

/// A level's `[hiring]` table: its hiring profile's own words and loop.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Hiring {
    /// The advert's opening (Markdown); the level's summary when empty.
    #[serde(default)]
    pub summary: String,
    /// What the job involves (Markdown, one item each); the level's
    /// expectation statements when empty.
    #[serde(default)]
    pub responsibilities: Vec<String>,
    /// The interview loop's rounds, in order; when empty, every round with
    /// questions for the level, in the framework's order.
    #[serde(default)]
    pub rounds: Vec<Spanned<String>>,
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
    /// Examples for the team only (real project names, people, numbers):
    /// dropped at load by a profile that leaves internal content out.
    #[serde(default)]
    pub internal_examples: Vec<String>,
    /// The lower-level criterion this one grows from.
    pub strengthens: Option<Spanned<String>>,
    /// Ids it had in earlier releases of the ladder: references to them
    /// still resolve here, and `careerbook changes` reports a rename (two
    /// or more: a merge).
    #[serde(default)]
    pub formerly: Vec<Spanned<String>>,
}

impl Criterion {
    /// Its examples, the internal ones (if this build keeps them) last.
    pub(crate) fn all_examples(&self) -> impl Iterator<Item = &String> {
        self.examples.iter().chain(&self.internal_examples)
    }
}

common_front_matter!(
    LevelMeta,
    |s| {
        let mut v: Vec<&str> = Vec::new();
        if let Some(r) = &s.requires {
            v.push(&r.text);
        }
        for e in s.expectations.values() {
            v.push(&e.statement);
            for c in &e.criteria {
                v.push(&c.text);
                v.extend(c.all_examples().map(String::as_str));
            }
        }
        if let Some(h) = &s.hiring {
            v.push(&h.summary);
            v.extend(h.responsibilities.iter().map(String::as_str));
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

impl ItemKind for Level {
    type Meta = LevelMeta;
    const INFO: KindInfo = KindInfo {
        name: "level",
        folder: "levels",
        plural: "Levels",
        help: "A level (or a role) with an expectation per dimension",
        layout_anchors: &["expectations", "radar", "radar-title", "radar-desc", "assess"],
        split_sections: true,
        subfolders: Subfolders::Families,
    };

    fn check(cx: &Checks, doc: &Doc<LevelMeta>, d: &mut Diagnostics) {
        let rounds = || cx.hb.framework.rounds.iter().map(|r| r.id.get_ref().as_str());
        for r in doc.meta.hiring.iter().flat_map(|h| &h.rounds) {
            if !rounds().any(|x| x == r.get_ref()) {
                d.push(super::unknown("round", r, &doc.src, rounds()));
            }
        }
    }

    fn check_all(hb: &Handbook, d: &mut Diagnostics) {
        checks::levels(hb, d);
    }

    fn strip_internal(meta: &mut LevelMeta) -> usize {
        crate::profile::strip_examples(
            meta.expectations
                .values_mut()
                .flat_map(|e| e.criteria.iter_mut()),
        )
    }

    fn search(hb: &Handbook, l: &Doc<LevelMeta>) -> SearchFields {
        let mut parts = Vec::new();
        if let Some(r) = &l.meta.requires {
            parts.push(r.text.clone());
        }
        let family = hb.families.of(&l.id);
        let dims = family.map(|f| f.dimensions(&hb.framework)).unwrap_or_default();
        for d in dims {
            if let Some(e) = l.meta.expectation(d.id.get_ref()) {
                parts.push(format!("{}: {}", d.name, e.statement));
                for c in &e.criteria {
                    parts.push(c.text.clone());
                    parts.extend(c.all_examples().cloned());
                }
            }
        }
        SearchFields {
            lead: l.meta.years.clone(),
            parts,
            levels: vec![l.id.clone()],
            round: String::new(),
            family: family.map_or_else(String::new, |f| f.id.clone()),
        }
    }

    fn page(r: &Reader, l: &Doc<LevelMeta>) -> View {
        page::page(r, l)
    }

    fn list(r: &Reader, _page: std::ops::Range<usize>) -> View {
        // Never split (see `render::plan::list_pages`): the whole ladder.
        let mut view = View::new("levels.html");
        view.put("groups", &groups(r));
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
        view
    }

    fn contents(r: &Reader) -> Option<Vec<Entry>> {
        if !r.families().declared() {
            return Some(r.ladder().iter().map(super::entry).collect());
        }
        // Levels under their family's entry, families in their list order.
        let ladder = r.ladder();
        let mut out = Vec::new();
        for f in &r.families().list {
            if let Some(doc) = r.find::<super::family::Family>(&f.id) {
                out.push(super::entry(&doc));
            }
            out.extend(
                ladder
                    .iter()
                    .filter(|l| r.family_id_of(l.id()) == f.id)
                    .map(|l| Entry {
                        depth: 1,
                        ..super::entry(l)
                    }),
            );
        }
        Some(out)
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

