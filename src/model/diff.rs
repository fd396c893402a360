//! What changes from one level to another, computed from the framework's
//! data rather than guessed from text: per dimension, the two statements,
//! and each criterion as new, strengthened (it names the lower criterion it
//! grows from with `strengthens`) or carried over (expected below and still
//! expected, with nothing replacing it).

use serde::Serialize;

use super::Handbook;
use crate::kinds::level::{inherit, Criterion, LevelMeta};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Change {
    New,
    Strengthened,
    CarriedOver,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CriterionChange {
    pub change: Change,
    pub id: String,
    pub text: String,
    /// For a strengthened criterion: the one it grows from.
    pub from_id: String,
    pub from_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DimensionDiff {
    pub dimension: String,
    pub name: String,
    pub from: String,
    pub to: String,
    pub criteria: Vec<CriterionChange>,
}

/// The diff from level `from` to level `to` (ids), dimension by dimension
/// in framework order. Empty when either level is unknown.
pub(crate) fn level_diff(hb: &Handbook, from: &str, to: &str) -> Vec<DimensionDiff> {
    let (Some(a), Some(b)) = (hb.level(from), hb.level(to)) else {
        return Vec::new();
    };
    let family = hb.families.of(to).cloned().unwrap_or_default();
    family
        .dimensions(&hb.framework)
        .into_iter()
        .map(|d| {
            let id = d.id.get_ref();
            let ea = a.meta.expectation(id);
            let eb = b.meta.expectation(id);
            let a_criteria = all_criteria(hb, &a.meta, id);
            let mut criteria = Vec::new();
            let mut strengthened_ids = Vec::new();
            for c in all_criteria(hb, &b.meta, id) {
                let grows_from = c
                    .strengthens
                    .as_ref()
                    .and_then(|s| a_criteria.iter().find(|x| x.id.get_ref() == s.get_ref()));
                match grows_from {
                    Some(f) => {
                        strengthened_ids.push(f.id.get_ref().clone());
                        criteria.push(CriterionChange {
                            change: Change::Strengthened,
                            id: c.id.get_ref().clone(),
                            text: c.text.clone(),
                            from_id: f.id.get_ref().clone(),
                            from_text: f.text.clone(),
                        });
                    }
                    None => criteria.push(CriterionChange {
                        change: Change::New,
                        id: c.id.get_ref().clone(),
                        text: c.text.clone(),
                        from_id: String::new(),
                        from_text: String::new(),
                    }),
                }
            }
            for c in &a_criteria {
                if !strengthened_ids.contains(c.id.get_ref()) {
                    criteria.push(CriterionChange {
                        change: Change::CarriedOver,
                        id: c.id.get_ref().clone(),
                        text: c.text.clone(),
                        from_id: String::new(),
                        from_text: String::new(),
                    });
                }
            }
            DimensionDiff {
                dimension: id.clone(),
                name: d.name.clone(),
                from: ea.map(|e| e.statement.clone()).unwrap_or_default(),
                to: eb.map(|e| e.statement.clone()).unwrap_or_default(),
                criteria,
            }
        })
        .collect()
}

/// A level's criteria on a dimension: its own, then those it inherits.
fn all_criteria<'h>(hb: &'h Handbook, level: &'h LevelMeta, dim: &str) -> Vec<&'h Criterion> {
    let mut v: Vec<&Criterion> = level
        .expectation(dim)
        .map(|e| e.criteria.iter().collect())
        .unwrap_or_default();
    v.extend(
        inherit::criteria(hb, level, dim)
            .into_iter()
            .map(|(_, c)| c),
    );
    v
}
