//! Exercises and drills: a timebox, the audience, steps, what to produce,
//! and an optional self-check rubric (criteria scored on a scale, with
//! ranges of totals and what each means), scored in the browser.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::level::level_links;
use super::{Subfolders, 
    cards, level_list, sorted_contents, toml_string, Card, Checks, Entry, ItemKind, KindInfo, Link,
    SearchFields, View,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{common_front_matter, Doc, Framework, Handbook, Reader};
use crate::source::SourceFile;

pub(crate) struct Exercise;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExerciseMeta {
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
    pub timebox: String,
    #[serde(default)]
    pub levels: Vec<Spanned<String>>,
    pub steps: Vec<String>,
    pub produce: Vec<String>,
    pub rubric: Option<Spanned<Rubric>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rubric {
    /// The score points, ascending (e.g. 1, 3, 5).
    pub scores: Vec<u32>,
    pub criteria: Vec<RubricCriterion>,
    pub ranges: Vec<Spanned<ScoreRange>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RubricCriterion {
    pub id: Spanned<String>,
    pub name: String,
    pub descriptors: Spanned<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScoreRange {
    pub min: u32,
    pub max: u32,
    pub label: String,
    pub meaning: String,
}

common_front_matter!(ExerciseMeta, |s| {
    let mut v: Vec<&str> = s.steps.iter().map(String::as_str).collect();
    v.extend(s.produce.iter().map(String::as_str));
    if let Some(r) = &s.rubric {
        for c in &r.get_ref().criteria {
            v.extend(c.descriptors.get_ref().iter().map(String::as_str));
        }
        v.extend(
            r.get_ref()
                .ranges
                .iter()
                .map(|x| x.get_ref().meaning.as_str()),
        );
    }
    v
});

#[derive(Serialize)]
struct RubricCrit {
    id: String,
    name: String,
    descriptors: Vec<String>,
}

#[derive(Serialize)]
struct RangeView {
    min: u32,
    max: u32,
    label: String,
    meaning: String,
}

#[derive(Serialize)]
struct RubricView {
    scores: Vec<u32>,
    criteria: Vec<RubricCrit>,
    ranges: Vec<RangeView>,
}

impl ItemKind for Exercise {
    type Meta = ExerciseMeta;
    const INFO: KindInfo = KindInfo {
        name: "exercise",
        folder: "exercises",
        plural: "Exercises",
        help: "An exercise or drill, with an optional self-check rubric",
        layout_anchors: &["steps", "what-to-produce", "rubric", "score-ranges"],
        split_sections: false,
        subfolders: Subfolders::Ignored,
    };

    fn check(cx: &Checks, e: &Doc<ExerciseMeta>, d: &mut Diagnostics) {
        cx.levels(&e.src, &e.meta.levels, d);
        if let Some(r) = &e.meta.rubric {
            rubric(&e.src, r, d);
        }
    }

    fn search(_hb: &Handbook, e: &Doc<ExerciseMeta>) -> SearchFields {
        let m = &e.meta;
        let mut parts = vec![m.timebox.clone()];
        parts.extend(m.steps.iter().cloned());
        parts.extend(m.produce.iter().cloned());
        if let Some(r) = &m.rubric {
            for c in &r.get_ref().criteria {
                parts.push(c.name.clone());
                parts.extend(c.descriptors.get_ref().iter().cloned());
            }
        }
        SearchFields {
            parts,
            levels: m.levels.iter().map(|l| l.get_ref().clone()).collect(),
            ..SearchFields::default()
        }
    }

    fn page(r: &Reader, e: &Doc<ExerciseMeta>) -> View {
        let mut view = View::new("exercise.html");
        view.put("timebox", &e.meta.timebox);
        view.put("levels", &level_links(r, &e.meta.levels));
        view.put("steps", &r.inline_all(&e.meta.steps));
        view.put("produce", &r.inline_all(&e.meta.produce));
        view.put("content", &r.body(e));
        let rubric = e.meta.rubric.as_ref().map(|x| {
            let x = x.get_ref();
            RubricView {
                scores: x.scores.clone(),
                criteria: x
                    .criteria
                    .iter()
                    .map(|c| RubricCrit {
                        id: c.id.get_ref().clone(),
                        name: c.name.clone(),
                        descriptors: r.inline_all(c.descriptors.get_ref()),
                    })
                    .collect(),
                ranges: x
                    .ranges
                    .iter()
                    .map(|g| {
                        let g = g.get_ref();
                        RangeView {
                            min: g.min,
                            max: g.max,
                            label: g.label.clone(),
                            meaning: r.inline(&g.meaning),
                        }
                    })
                    .collect(),
            }
        });
        view.put("rubric", &rubric);
        view
    }

    fn list(r: &Reader, page: std::ops::Range<usize>) -> View {
        cards::<Exercise>(r, page, |d| Card {
            link: Link::to(d),
            levels: level_links(r, &d.meta().levels),
            extra: d.meta().timebox.clone(),
        })
    }

    fn contents(r: &Reader) -> Option<Vec<Entry>> {
        sorted_contents::<Exercise>(r)
    }

    fn scaffold(_id: &str, title: &str, fw: &Framework) -> String {
        let t = toml_string(title);
        let levels_hint = level_list(fw);
        format!(
            "+++\ntitle = {t}\nsummary = \"One line: what the exercise builds.\"\ntimebox = \"45 minutes\"\nlevels = []   # audience: {levels_hint}\nsteps = [\n  \"First step.\",\n  \"Second step.\",\n]\nproduce = [\n  \"What you have at the end.\",\n]\n\n# Optional self-check rubric. Ranges must cover every total (criteria x scores).\n# [rubric]\n# scores = [1, 3, 5]\n# [[rubric.criteria]]\n# id = \"clarity\"\n# name = \"Clarity\"\n# descriptors = [\"...\", \"...\", \"...\"]\n# [[rubric.ranges]]\n# min = 1\n# max = 2\n# label = \"Not yet\"\n# meaning = \"...\"\n+++\n\nWhy this exercise matters, and notes.\n"
        )
    }
}

/// A rubric's scores ascend, each criterion has a descriptor per score, and
/// the ranges cover every reachable total exactly once.
fn rubric(src: &SourceFile, r: &toml::Spanned<Rubric>, d: &mut Diagnostics) {
    let base = src.front_matter_start();
    let rs = r.span();
    let rub = r.get_ref();
    let at = |diag: Diagnostic, span: std::ops::Range<usize>| {
        diag.at(src, base + span.start, span.len().min(40))
    };
    if rub.scores.is_empty() || rub.scores.windows(2).any(|w| w[0] >= w[1]) {
        d.push(
            at(
                Diagnostic::error("rubric scores must be a non-empty ascending list"),
                rs.clone(),
            )
            .hint("for example scores = [1, 3, 5]"),
        );
        return;
    }
    if rub.criteria.is_empty() {
        d.push(
            at(Diagnostic::error("rubric has no criteria"), rs.clone())
                .hint("add [[rubric.criteria]] tables"),
        );
        return;
    }
    let mut seen = HashSet::new();
    for c in &rub.criteria {
        if !seen.insert(c.id.get_ref()) {
            d.push(
                at(
                    Diagnostic::error(format!(
                        "duplicate rubric criterion id `{}`",
                        c.id.get_ref()
                    )),
                    c.id.span(),
                )
                .hint("each criterion of a rubric needs its own id"),
            );
        }
        let n = c.descriptors.get_ref().len();
        if n != rub.scores.len() {
            d.push(
                at(
                    Diagnostic::error(format!(
                        "criterion `{}` has {n} descriptors for {} scores",
                        c.id.get_ref(),
                        rub.scores.len()
                    )),
                    c.descriptors.span(),
                )
                .hint("write one descriptor per score point, in the same order as `scores`"),
            );
        }
    }
    ranges(src, r, d);
}

/// The ranges must cover every reachable total exactly once.
fn ranges(src: &SourceFile, r: &toml::Spanned<Rubric>, d: &mut Diagnostics) {
    let base = src.front_matter_start();
    let rs = r.span();
    let rub = r.get_ref();
    let at = |diag: Diagnostic, span: std::ops::Range<usize>| {
        diag.at(src, base + span.start, span.len().min(40))
    };
    let n = rub.criteria.len() as u32;
    let (lo, hi) = (
        rub.scores[0].saturating_mul(n),
        rub.scores[rub.scores.len() - 1].saturating_mul(n),
    );
    let mut ranges: Vec<&toml::Spanned<ScoreRange>> = rub.ranges.iter().collect();
    ranges.sort_by_key(|x| x.get_ref().min);
    let mut next = lo;
    for x in &ranges {
        let v = x.get_ref();
        if v.min > v.max {
            d.push(
                at(
                    Diagnostic::error(format!("score range {}-{} is reversed", v.min, v.max)),
                    x.span(),
                )
                .hint("min must not exceed max"),
            );
            continue;
        }
        if v.min > next {
            d.push(
                at(
                    Diagnostic::error(format!("no score range covers totals {next}-{}", v.min - 1)),
                    x.span(),
                )
                .hint(format!(
                    "totals run from {lo} to {hi}; make the ranges meet with no gap"
                )),
            );
        } else if v.min < next {
            d.push(
                at(
                    Diagnostic::error(format!(
                        "score range {}-{} overlaps the one before it",
                        v.min, v.max
                    )),
                    x.span(),
                )
                .hint("each total belongs to exactly one range"),
            );
        }
        next = next.max(v.max.saturating_add(1));
    }
    if next <= hi {
        let span = ranges.last().map_or(rs.clone(), |x| x.span());
        d.push(
            at(
                Diagnostic::error(format!("no score range covers totals {next}-{hi}")),
                span,
            )
            .hint(format!(
                "with {n} criteria scored {lo}..{hi} in all, the last range should end at {hi}"
            )),
        );
    }
}
