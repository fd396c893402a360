//! The evidence map: for a level, each dimension's expectation beside the
//! brag entries tagged with it, and each criterion the level asks for
//! beside the entries that cite it (or marked a gap).

use super::criteria::{self, Asked};
use super::{quantified, Entry, Overlay};
use crate::model::Handbook;

/// How well one dimension is evidenced.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Strength {
    Gap,
    Thin,
    Some,
    Strong,
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct DimensionEvidence {
    pub dimension: String,
    pub name: String,
    pub statement: String,
    pub criteria: Vec<String>,
    pub entries: Vec<String>,
    pub count: usize,
    pub quantified: usize,
    pub latest: String,
    pub strength: Strength,
}

/// One criterion of the level and the entries that cite it (by title).
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct CriterionEvidence {
    #[serde(flatten)]
    pub criterion: Asked,
    pub dimension_name: String,
    pub entries: Vec<String>,
}

/// For a level: each dimension's expectation beside the entries that
/// evidence it. Recency is measured against the newest entry, so the map
/// does not change with the day it is built.
pub(crate) fn evidence_map(o: &Overlay, hb: &Handbook, level: &str) -> Vec<DimensionEvidence> {
    let newest = o.brag.entries.iter().filter_map(|e| e.when).max();
    criteria::of_level(hb, level)
        .into_iter()
        .map(|asks| {
            let id = &asks.dimension;
            let ev: Vec<&Entry> = o
                .brag
                .entries
                .iter()
                .filter(|e| e.dimensions.iter().any(|d| d == id))
                .collect();
            let quantified_n = ev
                .iter()
                .filter(|e| e.field("impact").is_some_and(quantified))
                .count();
            let latest = ev.iter().filter_map(|e| e.when).max();
            let recent = match (latest, newest) {
                (Some(l), Some(n)) => n.quarter_index() - l.quarter_index() <= 2,
                _ => false,
            };
            let strength = match ev.len() {
                0 => Strength::Gap,
                n if n >= 3 && quantified_n >= 2 && recent => Strength::Strong,
                n if n >= 2 && quantified_n >= 1 => Strength::Some,
                _ => Strength::Thin,
            };
            DimensionEvidence {
                dimension: id.clone(),
                name: asks.name,
                statement: asks.statement,
                criteria: asks.criteria.into_iter().map(|c| c.text).collect(),
                entries: ev.iter().map(|e| e.title.clone()).collect(),
                count: ev.len(),
                quantified: quantified_n,
                latest: latest.map(|w| w.quarter_label()).unwrap_or_default(),
                strength,
            }
        })
        .collect()
}

/// For a level: every criterion it asks for (its own, inherited, or named
/// by its rule), with the entries that cite it; no entries is a gap.
pub(crate) fn criteria_map(o: &Overlay, hb: &Handbook, level: &str) -> Vec<CriterionEvidence> {
    criteria::of_level(hb, level)
        .into_iter()
        .flat_map(|asks| {
            let name = asks.name;
            asks.criteria.into_iter().map(move |c| {
                let entries = o
                    .brag
                    .entries
                    .iter()
                    .filter(|e| e.criteria.iter().any(|(id, _)| *id == c.id))
                    .map(|e| e.title.clone())
                    .collect();
                CriterionEvidence {
                    criterion: c,
                    dimension_name: name.clone(),
                    entries,
                }
            })
        })
        .collect()
}
