//! Pairings nobody declared: criteria removed on one side and added on the
//! other that share most of their words are a rename (one to one), a merge
//! (several into one) or a split (one into several), each marked inferred.

use std::collections::{BTreeMap, BTreeSet};

use super::diff::Change;
use super::words::{content_words, diff as word_diff};
use crate::model::snapshot::Snapshot;

/// Whether the smaller of two criteria's word sets is mostly in the other.
fn related(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let small = a.len().min(b.len());
    small >= 3 && a.intersection(b).count() * 10 >= small * 7
}

/// Pairs what is left by shared words: renames, merges and splits nobody
/// declared; the rest is added or removed.
pub(crate) fn inferred(
    old: &Snapshot,
    new: &Snapshot,
    gone: BTreeSet<&str>,
    fresh: Vec<&str>,
    out: &mut Vec<Change>,
) {
    let old_words: BTreeMap<&str, BTreeSet<String>> = gone
        .iter()
        .map(|id| (*id, content_words(&old.criteria[*id].text)))
        .collect();
    let new_words: BTreeMap<&str, BTreeSet<String>> = fresh
        .iter()
        .map(|id| (*id, content_words(&new.criteria[*id].text)))
        .collect();
    // A criterion retired on purpose is removed, never paired.
    let edges: Vec<(&str, &str)> = gone
        .iter()
        .filter(|o| !new.retired.contains_key(**o))
        .flat_map(|o| {
            fresh
                .iter()
                .filter(|n| related(&old_words[o], &new_words[*n]))
                .map(move |n| (*o, *n))
        })
        .collect();
    let degree_old = |o: &str| edges.iter().filter(|e| e.0 == o).count();
    let degree_new = |n: &str| edges.iter().filter(|e| e.1 == n).count();
    let mut used_old: BTreeSet<&str> = BTreeSet::new();
    let mut used_new: BTreeSet<&str> = BTreeSet::new();
    for n in &fresh {
        let from: Vec<&str> = edges
            .iter()
            .filter(|e| e.1 == *n && degree_old(e.0) == 1)
            .map(|e| e.0)
            .collect();
        let c = &new.criteria[*n];
        match from.as_slice() {
            [] => {}
            [o] if degree_new(n) == 1 => {
                out.push(Change::CriterionRenamed {
                    from: o.to_string(),
                    to: n.to_string(),
                    place: c.place.clone(),
                    inferred: true,
                    words: word_diff(&old.criteria[*o].text, &c.text),
                });
                used_old.insert(o);
                used_new.insert(n);
            }
            many if many.len() > 1 => {
                out.push(Change::CriteriaMerged {
                    from: many.iter().map(|s| s.to_string()).collect(),
                    into: n.to_string(),
                    place: c.place.clone(),
                    inferred: true,
                });
                used_old.extend(many.iter().copied());
                used_new.insert(n);
            }
            _ => {}
        }
    }
    for o in &gone {
        if used_old.contains(o) {
            continue;
        }
        let into: Vec<&str> = edges
            .iter()
            .filter(|e| e.0 == *o && degree_new(e.1) == 1 && !used_new.contains(e.1))
            .map(|e| e.1)
            .collect();
        if into.len() > 1 {
            out.push(Change::CriterionSplit {
                from: o.to_string(),
                into: into.iter().map(|s| s.to_string()).collect(),
                inferred: true,
            });
            used_old.insert(o);
            used_new.extend(into);
        }
    }
    for n in fresh.iter().filter(|n| !used_new.contains(*n)) {
        let c = &new.criteria[*n];
        out.push(Change::CriterionAdded {
            id: n.to_string(),
            place: c.place.clone(),
            text: c.text.clone(),
        });
    }
    for o in old
        .order
        .iter()
        .filter(|o| gone.contains(o.as_str()) && !used_old.contains(o.as_str()))
    {
        let c = &old.criteria[o];
        out.push(Change::CriterionRemoved {
            id: o.clone(),
            place: c.place.clone(),
            text: c.text.clone(),
            reason: new.retired.get(o).cloned(),
        });
    }
}
