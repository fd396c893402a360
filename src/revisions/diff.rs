//! What changed between two snapshots of a ladder, by stable id.
//!
//! Criteria are matched by id first, then by `formerly` (a declared
//! rename, or a merge when a criterion names several), and what is left
//! (removed on one side, added on the other) is paired by shared words: one
//! old criterion whose words reappear in one new one is a rename, in
//! several a split; several old ones in one new one a merge. Such pairings
//! are marked as inferred, since only `formerly` says so for certain.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::words::{diff as word_diff, Piece};
use crate::model::snapshot::{Place, Snapshot};

/// One change, as the reports list it.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Change {
    CriterionAdded {
        id: String,
        place: Place,
        text: String,
    },
    CriterionRemoved {
        id: String,
        place: Place,
        text: String,
        /// Why, when it was retired on purpose.
        reason: Option<String>,
    },
    CriterionReworded {
        id: String,
        place: Place,
        old: String,
        new: String,
        words: Vec<Piece>,
    },
    CriterionMoved {
        id: String,
        from: Place,
        to: Place,
        text: String,
    },
    CriterionExamples {
        id: String,
        place: Place,
        added: Vec<String>,
        removed: Vec<String>,
    },
    CriterionRenamed {
        from: String,
        to: String,
        place: Place,
        inferred: bool,
        words: Vec<Piece>,
    },
    CriteriaMerged {
        from: Vec<String>,
        into: String,
        place: Place,
        inferred: bool,
    },
    CriterionSplit {
        from: String,
        into: Vec<String>,
        inferred: bool,
    },
    LevelAdded {
        id: String,
        title: String,
    },
    LevelRemoved {
        id: String,
        title: String,
        reason: Option<String>,
    },
    LevelRenamed {
        id: String,
        from: String,
        to: String,
    },
    LevelIdChanged {
        from: String,
        to: String,
        title: String,
    },
    LevelsReordered {
        track: String,
        from: Vec<String>,
        to: Vec<String>,
    },
    DimensionAdded {
        id: String,
        name: String,
    },
    DimensionRemoved {
        id: String,
        name: String,
    },
    DimensionRenamed {
        id: String,
        from: String,
        to: String,
    },
    DimensionsReordered {
        from: Vec<String>,
        to: Vec<String>,
    },
    TrackAdded {
        id: String,
        name: String,
        levels: Vec<String>,
    },
    TrackForked {
        id: String,
        name: String,
        from: String,
        shared: Vec<String>,
    },
    TrackRemoved {
        id: String,
        name: String,
    },
}

impl Change {
    /// The kind's name, as JSON and the summary count it.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Change::CriterionAdded { .. } => "criterion added",
            Change::CriterionRemoved { .. } => "criterion removed",
            Change::CriterionReworded { .. } => "criterion reworded",
            Change::CriterionMoved { .. } => "criterion moved",
            Change::CriterionExamples { .. } => "criterion examples changed",
            Change::CriterionRenamed { .. } => "criterion renamed",
            Change::CriteriaMerged { .. } => "criteria merged",
            Change::CriterionSplit { .. } => "criterion split",
            Change::LevelAdded { .. } => "level added",
            Change::LevelRemoved { .. } => "level removed",
            Change::LevelRenamed { .. } => "level renamed",
            Change::LevelIdChanged { .. } => "level id changed",
            Change::LevelsReordered { .. } => "levels reordered",
            Change::DimensionAdded { .. } => "dimension added",
            Change::DimensionRemoved { .. } => "dimension removed",
            Change::DimensionRenamed { .. } => "dimension renamed",
            Change::DimensionsReordered { .. } => "dimensions reordered",
            Change::TrackAdded { .. } => "track added",
            Change::TrackForked { .. } => "track forked",
            Change::TrackRemoved { .. } => "track removed",
        }
    }
}

impl Change {
    /// Whether the change concerns the level `id` (a criterion placed on
    /// it before or after, or the level itself).
    pub(crate) fn touches_level(&self, id: &str) -> bool {
        match self {
            Change::CriterionAdded { place, .. }
            | Change::CriterionRemoved { place, .. }
            | Change::CriterionReworded { place, .. }
            | Change::CriterionExamples { place, .. }
            | Change::CriterionRenamed { place, .. }
            | Change::CriteriaMerged { place, .. } => place.level == id,
            Change::CriterionMoved { from, to, .. } => from.level == id || to.level == id,
            Change::LevelAdded { id: l, .. }
            | Change::LevelRemoved { id: l, .. }
            | Change::LevelRenamed { id: l, .. } => l == id,
            Change::LevelIdChanged { from, to, .. } => from == id || to == id,
            Change::LevelsReordered { from, to, .. } => from.iter().chain(to).any(|l| l == id),
            _ => false,
        }
    }
}

/// Every change from `old` to `new`, levels and dimensions first, then
/// criteria in the new ladder's order.
pub(crate) fn changes(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let mut out = Vec::new();
    dimensions(old, new, &mut out);
    levels(old, new, &mut out);
    tracks(old, new, &mut out);
    criteria(old, new, &mut out);
    out
}

fn dimensions(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) {
    let before: BTreeMap<&str, &str> = old
        .dimensions
        .iter()
        .map(|(i, n)| (i.as_str(), n.as_str()))
        .collect();
    let after: BTreeMap<&str, &str> = new
        .dimensions
        .iter()
        .map(|(i, n)| (i.as_str(), n.as_str()))
        .collect();
    for (id, name) in &new.dimensions {
        match before.get(id.as_str()) {
            None => out.push(Change::DimensionAdded {
                id: id.clone(),
                name: name.clone(),
            }),
            Some(was) if *was != name => out.push(Change::DimensionRenamed {
                id: id.clone(),
                from: was.to_string(),
                to: name.clone(),
            }),
            Some(_) => {}
        }
    }
    for (id, name) in &old.dimensions {
        if !after.contains_key(id.as_str()) {
            out.push(Change::DimensionRemoved {
                id: id.clone(),
                name: name.clone(),
            });
        }
    }
    let kept_old: Vec<String> = old
        .dimensions
        .iter()
        .map(|d| d.0.clone())
        .filter(|d| after.contains_key(d.as_str()))
        .collect();
    let kept_new: Vec<String> = new
        .dimensions
        .iter()
        .map(|d| d.0.clone())
        .filter(|d| before.contains_key(d.as_str()))
        .collect();
    if kept_old != kept_new {
        out.push(Change::DimensionsReordered {
            from: kept_old,
            to: kept_new,
        });
    }
}

/// The level a new level was, by id or `formerly`.
fn level_before<'a>(old: &'a Snapshot, id: &'a str, formerly: &'a [String]) -> Option<&'a str> {
    if old.levels.contains_key(id) {
        return Some(id);
    }
    formerly
        .iter()
        .map(String::as_str)
        .find(|f| old.levels.contains_key(*f))
}

fn levels(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) {
    let mut matched: BTreeSet<&str> = BTreeSet::new();
    for id in &new.level_order {
        let l = &new.levels[id];
        match level_before(old, id, &l.formerly) {
            None => out.push(Change::LevelAdded {
                id: id.clone(),
                title: l.title.clone(),
            }),
            Some(was) => {
                matched.insert(was);
                if was != id {
                    out.push(Change::LevelIdChanged {
                        from: was.to_string(),
                        to: id.clone(),
                        title: l.title.clone(),
                    });
                }
                let before = &old.levels[was].title;
                if *before != l.title {
                    out.push(Change::LevelRenamed {
                        id: id.clone(),
                        from: before.clone(),
                        to: l.title.clone(),
                    });
                }
            }
        }
    }
    for id in &old.level_order {
        if !matched.contains(id.as_str()) {
            out.push(Change::LevelRemoved {
                id: id.clone(),
                title: old.levels[id].title.clone(),
                reason: new.retired.get(id).cloned(),
            });
        }
    }
}

fn tracks(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) {
    // A level's id now, for comparing old tracks with new ones.
    let now = |id: &str| -> String {
        new.levels
            .iter()
            .find(|(_, l)| l.formerly.iter().any(|f| f == id))
            .map_or_else(|| id.to_string(), |(n, _)| n.clone())
    };
    for (key, t) in &new.tracks {
        match old.tracks.get(key) {
            Some(was) => {
                let was_now: Vec<String> = was.levels.iter().map(|l| now(l)).collect();
                let kept_old: Vec<String> = was_now
                    .iter()
                    .filter(|l| t.levels.contains(l))
                    .cloned()
                    .collect();
                let kept_new: Vec<String> = t
                    .levels
                    .iter()
                    .filter(|l| was_now.contains(l))
                    .cloned()
                    .collect();
                if kept_old != kept_new {
                    out.push(Change::LevelsReordered {
                        track: t.name.clone(),
                        from: kept_old,
                        to: kept_new,
                    });
                }
            }
            None => {
                // A new track that starts with an old track's levels forked from it.
                let fork = old.tracks.iter().find_map(|(_, o)| {
                    let o_now: Vec<String> = o.levels.iter().map(|l| now(l)).collect();
                    let shared: Vec<String> = o_now
                        .iter()
                        .zip(&t.levels)
                        .take_while(|(a, b)| a == b)
                        .map(|(a, _)| a.clone())
                        .collect();
                    (!shared.is_empty()).then(|| (o.name.clone(), shared))
                });
                let id = key.rsplit('/').next().unwrap_or(key).to_string();
                out.push(match fork {
                    Some((from, shared)) => Change::TrackForked {
                        id,
                        name: t.name.clone(),
                        from,
                        shared,
                    },
                    None => Change::TrackAdded {
                        id,
                        name: t.name.clone(),
                        levels: t.levels.clone(),
                    },
                });
            }
        }
    }
    for (key, t) in &old.tracks {
        if !new.tracks.contains_key(key) {
            let id = key.rsplit('/').next().unwrap_or(key).to_string();
            out.push(Change::TrackRemoved {
                id,
                name: t.name.clone(),
            });
        }
    }
}

fn criteria(old: &Snapshot, new: &Snapshot, out: &mut Vec<Change>) {
    let mut gone: BTreeSet<&str> = old
        .criteria
        .keys()
        .map(String::as_str)
        .filter(|id| !new.criteria.contains_key(*id))
        .collect();
    let mut fresh: Vec<&str> = Vec::new();
    let mut declared: Vec<Change> = Vec::new();
    // Who claims each old id through `formerly`: one claimant is a rename
    // (two old ids in one claimant a merge), several a split.
    let mut claimed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for id in &new.order {
        let c = &new.criteria[id];
        for f in c.formerly.iter().filter(|f| gone.contains(f.as_str())) {
            claimed.entry(f.as_str()).or_default().push(id.as_str());
        }
    }
    for id in &new.order {
        let c = &new.criteria[id];
        let Some(was) = old.criteria.get(id) else {
            let olds: Vec<&str> = c
                .formerly
                .iter()
                .map(String::as_str)
                .filter(|f| claimed.get(f).is_some_and(|v| v.len() == 1))
                .collect();
            match olds.as_slice() {
                [] if c.formerly.iter().any(|f| claimed.contains_key(f.as_str())) => {}
                [] => fresh.push(id),
                [one] => declared.push(Change::CriterionRenamed {
                    from: one.to_string(),
                    to: id.clone(),
                    place: c.place.clone(),
                    inferred: false,
                    words: word_diff(&old.criteria[*one].text, &c.text),
                }),
                many => declared.push(Change::CriteriaMerged {
                    from: many.iter().map(|s| s.to_string()).collect(),
                    into: id.clone(),
                    place: c.place.clone(),
                    inferred: false,
                }),
            }
            continue;
        };
        same_id(id, was, c, out);
    }
    for (old_id, by) in &claimed {
        gone.remove(old_id);
        if by.len() > 1 {
            declared.push(Change::CriterionSplit {
                from: old_id.to_string(),
                into: by.iter().map(|s| s.to_string()).collect(),
                inferred: false,
            });
        }
    }
    out.extend(declared);
    super::infer::inferred(old, new, gone, fresh, out);
}

fn same_id(
    id: &str,
    was: &crate::model::snapshot::Criterion,
    c: &crate::model::snapshot::Criterion,
    out: &mut Vec<Change>,
) {
    if was.place.level != c.place.level || was.place.dimension != c.place.dimension {
        out.push(Change::CriterionMoved {
            id: id.to_string(),
            from: was.place.clone(),
            to: c.place.clone(),
            text: c.text.clone(),
        });
    }
    if was.text != c.text {
        out.push(Change::CriterionReworded {
            id: id.to_string(),
            place: c.place.clone(),
            old: was.text.clone(),
            new: c.text.clone(),
            words: word_diff(&was.text, &c.text),
        });
    }
    let added: Vec<String> = c
        .examples
        .iter()
        .filter(|e| !was.examples.contains(e))
        .cloned()
        .collect();
    let removed: Vec<String> = was
        .examples
        .iter()
        .filter(|e| !c.examples.contains(e))
        .cloned()
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        out.push(Change::CriterionExamples {
            id: id.to_string(),
            place: c.place.clone(),
            added,
            removed,
        });
    }
}
