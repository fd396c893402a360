//! The lint: warnings about a handbook that is valid but weaker than it
//! could be. Validation decides whether a handbook builds; the lint says
//! where a reader would be left guessing: about the framework (this file: a
//! dimension a level leaves out, a level dropping what the one below
//! expects, restated criteria, criteria without examples) and about the
//! writing (`links.rs`: a reference that reads badly in its sentence, a
//! document nothing links to, two documents of a kind with one title).
//! `check` and `import` run it; `build` does not, so a published build
//! stays quiet.

mod families;
mod freshness;
mod links;

use std::collections::HashSet;

use crate::diagnostics::Diagnostic;
use crate::kinds::level::{inherit, Expectation, LevelMeta};
use crate::model::{Doc, Handbook};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A level says nothing on a dimension.
    MissingDimension,
    /// A level expects less than the level below it on a dimension.
    Dropped,
    /// Two levels state (nearly) the same criterion.
    NearDuplicate,
    /// A criterion with no example of what meeting it looks like.
    NoExamples,
    /// A reference whose shown text repeats the word next to it, or ends in
    /// punctuation that the sentence doubles.
    ReadsBadly,
    /// A document no page links to.
    Unlinked,
    /// Two documents of a kind with the same title.
    SameTitle,
    /// A family leaves out a dimension the levels it inherits from expect.
    FamilyLeavesOut,
    /// A level restates, word for word, a criterion it inherits.
    InheritedRestated,
    /// A page reviewed longer ago than book.toml's `review_after`.
    Overdue,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::MissingDimension,
        Kind::Dropped,
        Kind::NearDuplicate,
        Kind::NoExamples,
        Kind::ReadsBadly,
        Kind::Unlinked,
        Kind::SameTitle,
        Kind::FamilyLeavesOut,
        Kind::InheritedRestated,
        Kind::Overdue,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::MissingDimension => "dimension missing at a level",
            Kind::Dropped => "level drops what the level below expects",
            Kind::NearDuplicate => "near-duplicate criteria across levels",
            Kind::NoExamples => "criterion without examples",
            Kind::ReadsBadly => "reference that reads badly in its sentence",
            Kind::Unlinked => "document no page links to",
            Kind::SameTitle => "documents of a kind sharing a title",
            Kind::FamilyLeavesOut => "family leaving out a dimension it inherits",
            Kind::InheritedRestated => "inherited criterion restated",
            Kind::Overdue => "page overdue for review",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Kind,
    pub diagnostic: Diagnostic,
}

/// Similarity of word sets above which two criteria read as one.
const NEAR_DUPLICATE: f64 = 0.8;

/// How many findings of each kind, in [`Kind::ALL`] order.
pub(crate) fn counts(findings: &[Finding]) -> Vec<(Kind, usize)> {
    Kind::ALL
        .iter()
        .map(|k| (*k, findings.iter().filter(|f| f.kind == *k).count()))
        .collect()
}

pub(crate) fn findings(hb: &Handbook) -> Vec<Finding> {
    let mut out = Vec::new();
    let reported = drops(hb, &mut out);
    missing(hb, &reported, &mut out);
    criteria(hb, &mut out);
    links::reads_badly(hb, &mut out);
    links::unlinked(hb, &mut out);
    links::same_titles(hb, &mut out);
    families::leaves_out(hb, &mut out);
    families::restated(hb, &mut out);
    freshness::overdue(hb, &mut out);
    out.sort_by(|a, b| {
        let key = |f: &Finding| {
            f.diagnostic
                .location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
        key(a).cmp(&key(b))
    });
    out
}

/// Up every track: what a level stops saying, or says less of. Returns the
/// (level, dimension) pairs it reported.
fn drops(hb: &Handbook, out: &mut Vec<Finding>) -> HashSet<(String, String)> {
    let scale = &hb.framework.framework.proficiency;
    let rank = |e: &Expectation| {
        e.proficiency
            .as_ref()
            .and_then(|p| hb.framework.proficiency_rank(p.get_ref()))
    };
    let mut reported: HashSet<(String, String)> = HashSet::new();
    let tracks = hb
        .families
        .list
        .iter()
        .flat_map(|f| f.tracks.iter().map(move |t| (f, t)));
    for (family, track) in tracks {
        let rungs: Vec<&Doc<LevelMeta>> = track
            .levels
            .iter()
            .filter_map(|id| hb.level(id.get_ref()))
            .collect();
        for pair in rungs.windows(2) {
            let (below, above) = (pair[0], pair[1]);
            for dim in family.dimensions(&hb.framework) {
                let dim = dim.id.get_ref();
                let (Some(says_below), Some(says_above)) =
                    (says(hb, below, dim), says(hb, above, dim))
                else {
                    continue;
                };
                let key = (above.id.clone(), dim.clone());
                if reported.contains(&key) {
                    continue;
                }
                let (eb, ea) = (below.meta.expectation(dim), above.meta.expectation(dim));
                if !says_above && says_below {
                    reported.insert(key);
                    out.push(Finding {
                        kind: Kind::Dropped,
                        diagnostic: at_dimension(
                            Diagnostic::warning(format!(
                                "level `{}` says nothing on `{dim}`, dropping what `{}` below it expects",
                                above.id, below.id
                            )),
                            above,
                            dim,
                        )
                        .hint(format!(
                            "state what `{}` expects on `{dim}`, even if it is \"as at {}, across a wider scope\"",
                            above.id, below.id
                        )),
                    });
                } else if let (Some(rb), Some(ra)) = (eb.and_then(rank), ea.and_then(rank)) {
                    if ra < rb {
                        reported.insert(key);
                        out.push(Finding {
                            kind: Kind::Dropped,
                            diagnostic: at_dimension(
                                Diagnostic::warning(format!(
                                    "level `{}` expects `{}` on `{dim}`, less than `{}` at `{}` below it",
                                    above.id,
                                    scale[ra].get_ref(),
                                    scale[rb].get_ref(),
                                    below.id
                                )),
                                above,
                                dim,
                            )
                            .hint("a higher level usually expects at least as much; if this is deliberate, say why in the statement"),
                        });
                    }
                }
            }
        }
    }
    reported
}

/// Whether a level says something on a dimension, itself or through what it
/// inherits; `None` when it has no expectation there at all.
fn says(hb: &Handbook, level: &Doc<LevelMeta>, dim: &str) -> Option<bool> {
    if !inherit::covers(hb, &level.meta, dim) {
        return None;
    }
    let own = level.meta.expectation(dim).is_some_and(|e| !is_empty(e));
    Some(own || !inherit::criteria(hb, &level.meta, dim).is_empty())
}

/// Levels that say nothing on a dimension (where `drops` has not said so).
fn missing(hb: &Handbook, reported: &HashSet<(String, String)>, out: &mut Vec<Finding>) {
    for level in hb.levels() {
        let family = hb.families.of(&level.id).cloned().unwrap_or_default();
        for dim in family.dimensions(&hb.framework) {
            let dim = dim.id.get_ref();
            if says(hb, level, dim) == Some(false)
                && !reported.contains(&(level.id.clone(), dim.clone()))
            {
                out.push(Finding {
                    kind: Kind::MissingDimension,
                    diagnostic: at_dimension(
                        Diagnostic::warning(format!(
                            "level `{}` says nothing on `{dim}`",
                            level.id
                        )),
                        level,
                        dim,
                    )
                    .hint("add a statement or criteria saying what this level expects on this dimension"),
                });
            }
        }
    }
}

/// Criteria without examples, and criteria that restate one of a lower level.
fn criteria(hb: &Handbook, out: &mut Vec<Finding>) {
    let order: Vec<&str> = hb
        .levels_in_ladder_order()
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    /// A criterion as the near-duplicate check compares it.
    struct Stated<'a> {
        /// Position of its level in ladder order: earlier levels come first.
        rung: usize,
        /// Its level's family: restatements are compared within a ladder.
        family: &'a str,
        level: &'a Doc<LevelMeta>,
        id: &'a str,
        words: HashSet<String>,
        offset: usize,
        len: usize,
    }
    let mut all: Vec<Stated> = Vec::new();
    for (_, _, c) in hb.framework.tier_criteria() {
        if c.examples.is_empty() {
            let s = c.id.span();
            out.push(Finding {
                kind: Kind::NoExamples,
                diagnostic: Diagnostic::warning(format!("criterion `{}` has no examples", c.id.get_ref()))
                    .at(&hb.framework_src, s.start + 1, s.len().saturating_sub(2))
                    .hint("add `examples = [...]`: one concrete piece of work that meets it tells a reader more than the criterion"),
            });
        }
    }
    for level in hb.levels() {
        let base = level.src.front_matter_start();
        let rung = order
            .iter()
            .position(|l| *l == level.id)
            .unwrap_or(usize::MAX);
        for e in level.meta.expectations.values() {
            for c in &e.criteria {
                let s = c.id.span();
                let (offset, len) = (base + s.start + 1, s.len().saturating_sub(2));
                if c.examples.is_empty() {
                    out.push(Finding {
                        kind: Kind::NoExamples,
                        diagnostic: Diagnostic::warning(format!(
                            "criterion `{}` has no examples",
                            c.id.get_ref()
                        ))
                        .at(&level.src, offset, len)
                        .hint("add `examples = [...]`: one concrete piece of work that meets it tells a reader more than the criterion"),
                    });
                }
                all.push(Stated {
                    rung,
                    family: hb.families.of(&level.id).map_or("", |f| f.id.as_str()),
                    level,
                    id: c.id.get_ref(),
                    words: words(&c.text),
                    offset,
                    len,
                });
            }
        }
    }
    all.sort_by_key(|x| x.rung);
    for (i, a) in all.iter().enumerate() {
        // Report each criterion once, against the most similar earlier one.
        let best = all[..i]
            .iter()
            .filter(|b| b.level.id != a.level.id && b.family == a.family)
            .map(|b| (jaccard(&a.words, &b.words), b))
            .filter(|(score, _)| *score >= NEAR_DUPLICATE)
            .max_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((score, b)) = best {
            out.push(Finding {
                kind: Kind::NearDuplicate,
                diagnostic: Diagnostic::warning(format!(
                    "criterion `{}` at `{}` repeats `{}` at `{}` ({:.0}% the same words)",
                    a.id,
                    a.level.id,
                    b.id,
                    b.level.id,
                    score * 100.0
                ))
                .at(&a.level.src, a.offset, a.len)
                .note("the earlier criterion", &b.level.src, b.offset)
                .hint("say what changes at the higher level (scope, independence, who benefits), or rely on lower criteria carrying over"),
            });
        }
    }
}

fn is_empty(e: &Expectation) -> bool {
    e.statement.trim().is_empty() && e.criteria.is_empty() && e.proficiency.is_none()
}

/// Points at the `[expectations.<dim>]` key of a level's front matter.
fn at_dimension(d: Diagnostic, level: &Doc<LevelMeta>, dim: &str) -> Diagnostic {
    let base = level.src.front_matter_start();
    match level.meta.expectations.keys().find(|k| k.get_ref() == dim) {
        Some(k) => d.at(&level.src, base + k.span().start, k.span().len()),
        None => d.in_file(&level.src.display),
    }
}

/// The content words of a criterion, for comparing restatements.
fn words(text: &str) -> HashSet<String> {
    const STOP: [&str; 24] = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
        "on", "or", "that", "the", "their", "they", "to", "with", "you", "your",
    ];
    crate::search::tokenize::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .map(str::to_string)
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    // Very short criteria ("Completes training") match too easily to mean much.
    if a.len() < 3 || b.len() < 3 {
        return if a == b && !a.is_empty() { 1.0 } else { 0.0 };
    }
    let inter = a.intersection(b).count() as f64;
    inter / a.union(b).count() as f64
}
