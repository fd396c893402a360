//! The tier matrix of a ladder whose criteria belong to proficiency tiers:
//! each dimension's criteria per step of the scale, then every level's
//! rule over them, which the page's self-assessment checks a reader's
//! standing against. The matrix page shows it for the whole handbook, a
//! family's page for the family's dimensions and levels.

use serde::Serialize;

use super::rule::{self, RuleView};
use crate::kinds::Link;
use crate::model::{Family, Reader};

#[derive(Serialize)]
pub(crate) struct TierMatrix {
    /// The proficiency scale, lowest first.
    tiers: Vec<String>,
    rows: Vec<TierRow>,
    rules: Vec<RuleRow>,
}

#[derive(Serialize)]
struct TierRow {
    id: String,
    name: String,
    description: String,
    /// Per step of the scale: (criterion id, text HTML).
    cells: Vec<Vec<(String, String)>>,
}

#[derive(Serialize)]
struct RuleRow {
    level: Link,
    rule: RuleView,
}

/// Whether a family's level matrix has cells to lay out: not when it is a
/// ladder of rules over tiers whose levels state nothing per dimension.
pub(crate) fn has_cells(r: &Reader, family: &Family, tiers: Option<&TierMatrix>) -> bool {
    tiers.is_none()
        || family
            .levels
            .iter()
            .filter_map(|&i| r.level_at(i))
            .any(|l| !l.meta().expectations.is_empty())
}

/// The tier matrix over `family`'s dimensions and levels, or `None` when
/// none of its dimensions has tiers.
pub(crate) fn tier_matrix(r: &Reader, family: &Family) -> Option<TierMatrix> {
    let fw = r.framework();
    let dims = family.dimensions(fw);
    if dims.iter().all(|d| d.tiers.is_empty()) {
        return None;
    }
    let tiers: Vec<String> = fw.framework.proficiency.iter().map(|p| p.get_ref().clone()).collect();
    let rows = dims
        .iter()
        .map(|d| TierRow {
            id: d.id.get_ref().clone(),
            name: d.name.clone(),
            description: r.markdown(&d.description, None),
            cells: tiers
                .iter()
                .map(|t| {
                    d.tiers
                        .iter()
                        .filter(|x| x.proficiency.get_ref() == t)
                        .flat_map(|x| x.criteria.iter())
                        .map(|c| (c.id.get_ref().clone(), r.inline(&c.text)))
                        .collect()
                })
                .collect(),
        })
        .collect();
    let inline = |s: &str| r.inline(s);
    let mut rules = Vec::new();
    for t in &family.tracks {
        for id in &t.levels {
            if rules.iter().any(|x: &RuleRow| x.level.id == *id.get_ref()) {
                continue;
            }
            let Some(l) = r.level(id.get_ref()) else { continue };
            if let Some(rule) = &l.meta().requires {
                rules.push(RuleRow {
                    level: Link::to(&l),
                    rule: rule::view(fw, rule, &dims, None, &inline),
                });
            }
        }
    }
    Some(TierMatrix { tiers, rows, rules })
}

/// A level's rule as its page shows it, with the criteria each clause asks.
pub(crate) fn level_rule(r: &Reader, level: &str) -> Option<RuleView> {
    let l = r.level(level)?;
    let rule = l.meta().requires.as_ref()?;
    let fw = r.framework();
    let family = r.family_of(level).cloned().unwrap_or_default();
    let inline = |s: &str| r.inline(s);
    Some(rule::view(fw, rule, &family.dimensions(fw), None, &inline))
}

/// The next level's rule, its clauses marked new where `from`'s rule does
/// not already ask for them.
pub(crate) fn next_rule(r: &Reader, from: &str, to: &str) -> Option<RuleView> {
    let next = r.level(to)?;
    let rule = next.meta().requires.as_ref()?;
    let below = r.level(from);
    let below = below.as_ref().and_then(|b| b.meta().requires.as_ref());
    let fw = r.framework();
    let family = r.family_of(to).cloned().unwrap_or_default();
    let inline = |s: &str| r.inline(s);
    let empty = rule::Rule::default();
    Some(rule::view(fw, rule, &family.dimensions(fw), Some(below.unwrap_or(&empty)), &inline))
}
