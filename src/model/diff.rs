//! What changes from one level to another, computed from the framework's
//! data rather than guessed from text: per dimension, the two statements,
//! and each criterion as new, strengthened (it names the lower criterion it
//! grows from with `strengthens`) or carried over (expected below and still
//! expected, with nothing replacing it).

use serde::Serialize;

use super::Handbook;

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
    hb.framework
        .dimensions
        .iter()
        .map(|d| {
            let id = d.id.get_ref();
            let ea = a.meta.expectation(id);
            let eb = b.meta.expectation(id);
            let a_criteria = ea.map(|e| e.criteria.as_slice()).unwrap_or(&[]);
            let mut criteria = Vec::new();
            let mut strengthened_ids = Vec::new();
            for c in eb.map(|e| e.criteria.as_slice()).unwrap_or(&[]) {
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
            for c in a_criteria {
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
