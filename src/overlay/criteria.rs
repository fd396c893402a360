//! The criteria a level asks for, per dimension, as the overlay sets
//! evidence and assessments against them: the level's own criteria, those
//! it inherits, and for a level defined by a rule over tiers, the criteria
//! of the highest tier its rule names on each dimension.

use crate::kinds::level::inherit;
use crate::kinds::level::rule::{Clause, Rule};
use crate::kinds::Kind;
use crate::model::{Dimension, Framework, Handbook};

/// One criterion as the overlay shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Asked {
    pub id: String,
    pub text: String,
    pub dimension: String,
    /// The title of the level it is inherited from, when it is.
    pub inherited_from: String,
    /// Where it is stated, relative to the site's root: the page of the
    /// level that defines it (for an inherited one, the level it comes
    /// from), or the matrix for a tier's criterion.
    pub url: String,
}

/// A dimension of a level: what it states and the criteria it asks for.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct DimensionAsks {
    pub dimension: String,
    pub name: String,
    pub statement: String,
    pub criteria: Vec<Asked>,
}

/// The dimensions a level is measured on, in the framework's order.
pub(crate) fn dimensions<'h>(hb: &'h Handbook, level: &str) -> Vec<&'h Dimension> {
    let fw = &hb.framework;
    hb.families
        .of(level)
        .map(|f| f.dimensions(fw))
        .unwrap_or_else(|| fw.dimensions.iter().collect())
}

/// Everything a level asks for, per dimension; empty for an unknown level.
pub(crate) fn of_level(hb: &Handbook, level: &str) -> Vec<DimensionAsks> {
    let Some(lv) = hb.level(level) else {
        return Vec::new();
    };
    let fw = &hb.framework;
    let dims = dimensions(hb, level);
    dims.iter()
        .map(|dim| {
            let id = dim.id.get_ref();
            let asked = |c: &crate::kinds::level::Criterion, from: Option<(&str, &str)>| Asked {
                id: c.id.get_ref().clone(),
                text: c.text.clone(),
                dimension: id.clone(),
                inherited_from: from.map(|f| f.1.to_string()).unwrap_or_default(),
                url: match (&lv.meta.requires, from) {
                    (Some(_), _) => format!("matrix.html#{}", c.id.get_ref()),
                    (None, Some((from, _))) => {
                        format!("{}#{}", Kind::Level.url(from), c.id.get_ref())
                    }
                    (None, None) => format!("{}#{}", Kind::Level.url(level), c.id.get_ref()),
                },
            };
            let (statement, criteria) = match &lv.meta.requires {
                Some(rule) => {
                    let (statement, tier) = asked_by_rule(fw, rule, dim, dims.len());
                    let criteria = tier.iter().map(|c| asked(c, None)).collect();
                    (statement, criteria)
                }
                None => {
                    let exp = lv.meta.expectation(id);
                    let mut criteria: Vec<Asked> = exp
                        .map(|e| e.criteria.iter().map(|c| asked(c, None)).collect())
                        .unwrap_or_default();
                    for (from, c) in inherit::criteria(hb, &lv.meta, id) {
                        criteria.push(asked(c, Some((&from.id, from.title()))));
                    }
                    (
                        exp.map(|e| e.statement.clone()).unwrap_or_default(),
                        criteria,
                    )
                }
            };
            DimensionAsks {
                dimension: id.clone(),
                name: dim.name.clone(),
                statement,
                criteria,
            }
        })
        .collect()
}

/// For a level defined by a rule over tiers: the clauses a dimension can
/// count towards, and the criteria of the highest tier they name on it.
fn asked_by_rule<'f>(
    fw: &'f Framework,
    rule: &Rule,
    dim: &Dimension,
    n: usize,
) -> (String, Vec<&'f crate::kinds::level::Criterion>) {
    let applies: Vec<&Clause> = rule
        .clauses()
        .filter(|c| {
            c.dimension
                .as_ref()
                .is_none_or(|d| d.get_ref() == dim.id.get_ref())
        })
        .collect();
    let statement = match applies.is_empty() {
        true => String::new(),
        false => format!(
            "Counts towards: {}.",
            applies
                .iter()
                .map(|c| c.describe(fw, n))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    let top = applies.iter().max_by_key(|c| c.threshold(fw));
    let criteria = top
        .and_then(|c| fw.tier(dim.id.get_ref(), c.tier.get_ref()))
        .map(|t| t.criteria.iter().collect())
        .unwrap_or_default();
    (statement, criteria)
}

/// Every criterion id of the handbook (levels' and tiers'), for checks.
pub(crate) fn all_ids(hb: &Handbook) -> Vec<&str> {
    let mut ids: Vec<&str> = hb
        .framework
        .tier_criteria()
        .map(|(_, _, c)| c.id.get_ref().as_str())
        .collect();
    for l in hb.levels() {
        for e in l.meta.expectations.values() {
            ids.extend(e.criteria.iter().map(|c| c.id.get_ref().as_str()));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}
