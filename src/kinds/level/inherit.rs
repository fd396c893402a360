//! Inheritance between levels: a level may name, with `inherits`, another
//! level (usually of a shared library family, such as Monzo's generic
//! framework) whose criteria it takes on for the dimensions its family
//! uses. An inherited criterion keeps its id and its one source: it is
//! defined, indexed and exported once, on the level that states it, and
//! shown, marked and linked, on every level that inherits it.

use super::{Criterion, Level, LevelMeta};
use crate::model::{Doc, Handbook, Read, Reader};

/// The levels a level inherits from, nearest first (a chain, stopped at a
/// cycle, which validation reports).
pub(crate) fn sources<'h>(hb: &'h Handbook, level: &LevelMeta) -> Vec<&'h Doc<LevelMeta>> {
    let mut out: Vec<&Doc<LevelMeta>> = Vec::new();
    let mut next = level.inherits.as_ref().map(|s| s.get_ref().as_str());
    while let Some(id) = next {
        let Some(l) = hb.level(id) else { break };
        if out.iter().any(|x| x.id == l.id) {
            break;
        }
        out.push(l);
        next = l.meta.inherits.as_ref().map(|s| s.get_ref().as_str());
    }
    out
}

/// The criteria a level inherits on one dimension, with the level each
/// comes from, nearest source first.
pub(crate) fn criteria<'h>(
    hb: &'h Handbook,
    level: &LevelMeta,
    dimension: &str,
) -> Vec<(&'h Doc<LevelMeta>, &'h Criterion)> {
    sources(hb, level)
        .into_iter()
        .flat_map(|from| {
            from.meta
                .expectation(dimension)
                .map(|e| e.criteria.iter().map(move |c| (from, c)).collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .collect()
}

/// Whether a level says anything on a dimension, itself or through what it
/// inherits.
pub(crate) fn covers(hb: &Handbook, level: &LevelMeta, dimension: &str) -> bool {
    level.expectation(dimension).is_some()
        || sources(hb, level)
            .iter()
            .any(|s| s.meta.expectation(dimension).is_some())
}

/// The levels a level inherits from, read through the page's reader.
pub(crate) fn inherited_from<'r>(r: &'r Reader, meta: &LevelMeta) -> Vec<Read<'r, Level>> {
    let mut out: Vec<Read<Level>> = Vec::new();
    let mut next = meta.inherits.as_ref().map(|s| s.get_ref().clone());
    while let Some(id) = next {
        let Some(l) = r.level(&id) else { break };
        if out.iter().any(|x| x.id() == l.id()) {
            break;
        }
        next = l.meta().inherits.as_ref().map(|s| s.get_ref().clone());
        out.push(l);
    }
    out
}

