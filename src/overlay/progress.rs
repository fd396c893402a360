//! How the picture changed across assessment snapshots: per level, one
//! column per snapshot, counts per dimension, each criterion's state, and
//! what changed since the snapshot before the last.

use serde::Serialize;

use super::assessments::{Snapshot, State};
use super::criteria;
use crate::model::Handbook;

#[derive(Debug, Serialize)]
pub(crate) struct Column {
    pub date: String,
    pub by: String,
}

/// Met, partly and not-yet counts of a dimension's criteria in a snapshot.
#[derive(Debug, Serialize)]
pub(crate) struct Counts {
    pub met: usize,
    pub partly: usize,
    pub not_yet: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct DimensionRow {
    pub dimension: String,
    pub name: String,
    /// How many criteria the level asks for on the dimension.
    pub total: usize,
    pub counts: Vec<Counts>,
}

#[derive(Debug, Serialize)]
pub(crate) struct CriterionRow {
    pub id: String,
    /// Where it is stated, relative to the site's root.
    pub url: String,
    pub text: String,
    pub dimension: String,
    /// Per snapshot: its state ("" when it was not marked) and note.
    pub states: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Change {
    pub id: String,
    pub url: String,
    pub text: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct LevelProgress {
    pub level: String,
    pub columns: Vec<Column>,
    pub dimensions: Vec<DimensionRow>,
    pub criteria: Vec<CriterionRow>,
    /// The date of the snapshot before the last ("" with one snapshot).
    pub since: String,
    pub changes: Vec<Change>,
}

fn label(s: Option<State>) -> String {
    s.map(|s| s.label().to_string()).unwrap_or_default()
}

/// One table per level that has snapshots, levels in the handbook's order.
pub(crate) fn progress(snapshots: &[Snapshot], hb: &Handbook) -> Vec<LevelProgress> {
    hb.levels()
        .iter()
        .filter_map(|l| {
            let snaps: Vec<&Snapshot> = snapshots.iter().filter(|s| s.level == l.id).collect();
            (!snaps.is_empty()).then(|| level(&l.id, &snaps, hb))
        })
        .collect()
}

fn level(id: &str, snaps: &[&Snapshot], hb: &Handbook) -> LevelProgress {
    let asks = criteria::of_level(hb, id);
    let dimensions = asks
        .iter()
        .map(|d| DimensionRow {
            dimension: d.dimension.clone(),
            name: d.name.clone(),
            total: d.criteria.len(),
            counts: snaps
                .iter()
                .map(|s| {
                    let n = |state: State| {
                        d.criteria
                            .iter()
                            .filter(|c| s.state(&c.id) == Some(state))
                            .count()
                    };
                    Counts {
                        met: n(State::Met),
                        partly: n(State::Partly),
                        not_yet: n(State::NotYet),
                    }
                })
                .collect(),
        })
        .collect();
    let all: Vec<(&str, &criteria::Asked)> = asks
        .iter()
        .flat_map(|d| d.criteria.iter().map(move |c| (d.name.as_str(), c)))
        .collect();
    let criteria = all
        .iter()
        .map(|(dim, c)| CriterionRow {
            id: c.id.clone(),
            url: c.url.clone(),
            text: c.text.clone(),
            dimension: dim.to_string(),
            states: snaps
                .iter()
                .map(|s| {
                    let note = s
                        .marks
                        .iter()
                        .rev()
                        .find(|m| m.criterion == c.id)
                        .map(|m| m.note.clone())
                        .unwrap_or_default();
                    (label(s.state(&c.id)), note)
                })
                .collect(),
        })
        .collect();
    let (since, changes) = match snaps {
        [.., before, last] => (
            before.date.clone(),
            all.iter()
                .filter(|(_, c)| before.state(&c.id) != last.state(&c.id))
                .map(|(_, c)| Change {
                    id: c.id.clone(),
                    url: c.url.clone(),
                    text: c.text.clone(),
                    from: label(before.state(&c.id)),
                    to: label(last.state(&c.id)),
                })
                .collect(),
        ),
        _ => (String::new(), Vec::new()),
    };
    LevelProgress {
        level: id.to_string(),
        columns: snaps
            .iter()
            .map(|s| Column {
                date: s.date.clone(),
                by: s.by.clone(),
            })
            .collect(),
        dimensions,
        criteria,
        since,
        changes,
    }
}
