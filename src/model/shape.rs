//! The shape of a level: one value in `0..=1` per dimension, what a level's
//! radar chart draws. Derived from the data, never typed in: where the level
//! names a step of the framework's proficiency scale, its position on the
//! scale; otherwise the *breadth* of what is expected on that dimension,
//! the criteria of the level and of every level below it, as a share of the
//! broadest level of the handbook.
//!
//! Criteria accumulate because a level is expected to keep doing what the
//! levels below it do (the next-level diff calls them "still expected"), so
//! counting only a level's own criteria would make a level that adds few
//! new ones look smaller than the one below it.

use std::collections::HashMap;

use super::{Family, Handbook};

/// Where a value comes from, for the chart's text alternative.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Basis {
    /// A step of the proficiency scale: `rank` of `of` (1-based).
    Scale {
        name: String,
        rank: usize,
        of: usize,
    },
    /// `count` criteria expected at this level and below, of `max`, the most
    /// any level of the handbook expects on this dimension.
    Breadth { count: usize, max: usize },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    pub dimension: String,
    pub name: String,
    /// 0 at the centre, 1 at the rim.
    pub value: f64,
    pub basis: Basis,
}

/// The levels a level builds on, lowest first: those below it on each track
/// it is a rung of (each once). A role, which is on no track, builds on the
/// lowest level it sits alongside and on that level's foundation.
pub(crate) fn foundation<'a>(hb: &'a Handbook, level: &str) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    let mut add_below = |id: &str| {
        for (t, pos) in tracks_of(hb, id) {
            for l in t.levels.iter().take(pos) {
                if !out.contains(&l.get_ref().as_str()) {
                    out.push(l.get_ref());
                }
            }
        }
    };
    if !tracks_of(hb, level).is_empty() {
        add_below(level);
    } else if let Some(base) = role_base(hb, level) {
        add_below(base);
        if !out.contains(&base) {
            out.push(base);
        }
    }
    out
}

/// The level a level's shape is contrasted with: the one just below it on
/// its first track, or for a role the lowest level it sits alongside.
pub(crate) fn previous<'a>(hb: &'a Handbook, level: &str) -> Option<&'a str> {
    if !tracks_of(hb, level).is_empty() {
        return tracks_of(hb, level)
            .into_iter()
            .find_map(|(t, pos)| pos.checked_sub(1).and_then(|p| t.levels.get(p)))
            .map(|l| l.get_ref().as_str());
    }
    role_base(hb, level)
}

/// The lowest rung a role sits alongside (ties: the first listed).
fn role_base<'a>(hb: &'a Handbook, role: &str) -> Option<&'a str> {
    let l = hb.level(role)?;
    l.meta
        .alongside
        .iter()
        .filter_map(|a| {
            let rank = tracks_of(hb, a.get_ref())
                .into_iter()
                .map(|(_, p)| p)
                .min()?;
            Some((rank, a.get_ref().as_str()))
        })
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, id)| id)
}

/// The tracks a level is a rung of, in its family.
fn tracks_of<'a>(hb: &'a Handbook, level: &str) -> Vec<(&'a crate::model::Track, usize)> {
    hb.families
        .of(level)
        .map(|f| f.tracks_of(level).collect())
        .unwrap_or_default()
}

/// The shapes of one family's levels.
fn family_shapes(hb: &Handbook, family: &Family, out: &mut HashMap<String, Vec<Axis>>) {
    let fw = &hb.framework;
    let dims = family.dimensions(fw);
    // What a level expects on a dimension: its own criteria and those it
    // inherits.
    let own = |level: &str, dim: &str| -> usize {
        hb.level(level).map_or(0, |l| {
            l.meta.expectation(dim).map_or(0, |e| e.criteria.len())
                + crate::kinds::level::inherit::criteria(hb, &l.meta, dim).len()
        })
    };
    // Breadth per level, per dimension in the family's order.
    let breadth: Vec<(&str, Vec<usize>)> = family
        .levels
        .iter()
        .filter_map(|&i| hb.levels().get(i))
        .map(|l| {
            let below = foundation(hb, &l.id);
            let counts = dims
                .iter()
                .map(|d| {
                    let dim = d.id.get_ref();
                    own(&l.id, dim) + below.iter().map(|b| own(b, dim)).sum::<usize>()
                })
                .collect();
            (l.id.as_str(), counts)
        })
        .collect();
    let max: Vec<usize> = (0..dims.len())
        .map(|i| breadth.iter().map(|(_, c)| c[i]).max().unwrap_or(0))
        .collect();
    let scale = fw.framework.proficiency.len();
    for (id, counts) in breadth {
        let Some(level) = hb.level(id) else { continue };
        // A level defined only by a rule over tiers has no cells to draw.
        if level.meta.expectations.is_empty() && level.meta.inherits.is_none() {
            continue;
        }
        let axes = dims
            .iter()
            .zip(counts.into_iter().zip(&max))
            .map(|(d, (count, &max))| {
                let named = level
                    .meta
                    .expectation(d.id.get_ref())
                    .and_then(|e| e.proficiency.as_ref())
                    .and_then(|p| Some((p.get_ref(), fw.proficiency_rank(p.get_ref())?)));
                let (value, basis) = match named {
                    Some((name, rank)) => (
                        (rank + 1) as f64 / scale as f64,
                        Basis::Scale {
                            name: name.clone(),
                            rank: rank + 1,
                            of: scale,
                        },
                    ),
                    None => (
                        if max == 0 {
                            0.0
                        } else {
                            count as f64 / max as f64
                        },
                        Basis::Breadth { count, max },
                    ),
                };
                Axis {
                    dimension: d.id.get_ref().clone(),
                    name: d.name.clone(),
                    value,
                    basis,
                }
            })
            .collect();
        out.insert(id.to_string(), axes);
    }
}

/// Every level's shape, computed once per build.
#[derive(Debug, Default)]
pub(crate) struct Shapes {
    by_level: HashMap<String, Vec<Axis>>,
}

impl Shapes {
    /// Every level's shape, each family's on its own dimensions and
    /// measured against its own levels.
    pub(crate) fn new(hb: &Handbook) -> Shapes {
        let mut by_level = HashMap::new();
        for family in &hb.families.list {
            family_shapes(hb, family, &mut by_level);
        }
        Shapes { by_level }
    }

    pub(crate) fn of(&self, level: &str) -> Option<&[Axis]> {
        self.by_level.get(level).map(Vec::as_slice)
    }
}
