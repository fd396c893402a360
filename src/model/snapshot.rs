//! A ladder as `changes` compares it: levels, dimensions, tracks and
//! criteria by id, with where each criterion sits, read from a handbook
//! that loaded and validated.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Handbook, Reader};

/// Where a criterion sits: a level's expectation on a dimension, or a
/// dimension's tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Place {
    /// The level's id, or empty for a tier criterion.
    pub level: String,
    /// The level's title, or the tier's name.
    pub level_name: String,
    pub dimension: String,
    pub dimension_name: String,
}

impl Place {
    pub(crate) fn describe(&self) -> String {
        match self.level.is_empty() {
            true => format!("{} tier · {}", self.level_name, self.dimension_name),
            false => format!("{} · {}", self.level_name, self.dimension_name),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Criterion {
    pub text: String,
    pub examples: Vec<String>,
    pub place: Place,
    /// Ids this criterion had before (`formerly`).
    pub formerly: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub title: String,
    pub formerly: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Track {
    pub name: String,
    pub levels: Vec<String>,
}

/// One side of the comparison.
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    /// Criteria by id.
    pub criteria: BTreeMap<String, Criterion>,
    /// Criterion ids in the ladder's order (levels in file order, then tiers).
    pub order: Vec<String>,
    pub levels: BTreeMap<String, Level>,
    pub level_order: Vec<String>,
    /// (id, name) in the framework's order.
    pub dimensions: Vec<(String, String)>,
    /// Tracks by "family/track" key ("/track" in a one-family handbook).
    pub tracks: BTreeMap<String, Track>,
    /// Ids retired on purpose, with the reason (`[[retired]]`).
    pub retired: BTreeMap<String, String>,
}

/// A released version of the ladder, loaded when the build starts.
#[derive(Debug, Clone)]
pub(crate) struct Release {
    pub name: String,
    /// Its page's id: the name as a slug.
    pub slug: String,
    /// Its date (YYYY-MM-DD), or "".
    pub date: String,
    pub snapshot: Snapshot,
}

impl Snapshot {
    /// The ladder as a page reads it: what it reads is recorded, so the dev
    /// server remakes the page when the ladder changes.
    pub(crate) fn read(r: &Reader) -> Snapshot {
        let _ = (r.framework(), r.families());
        for l in r.all::<crate::kinds::level::Level>() {
            let _ = l.meta();
        }
        Snapshot::of(r.untracked())
    }

    /// Records a criterion where it sits.
    fn add(&mut self, c: &crate::kinds::level::Criterion, place: Place) {
        self.order.push(c.id.get_ref().clone());
        self.criteria.insert(
            c.id.get_ref().clone(),
            Criterion {
                text: c.text.trim().to_string(),
                examples: c.all_examples().cloned().collect(),
                place,
                formerly: c.formerly.iter().map(|f| f.get_ref().clone()).collect(),
            },
        );
    }

    pub(crate) fn of(hb: &Handbook) -> Snapshot {
        let mut s = Snapshot::default();
        let fw = &hb.framework;
        let dim_name = |id: &str| {
            fw.dimensions
                .iter()
                .find(|d| d.id.get_ref() == id)
                .map_or_else(|| id.to_string(), |d| d.name.clone())
        };
        s.retired = fw
            .retired
            .iter()
            .map(|r| (r.id.get_ref().clone(), r.reason.clone()))
            .collect();
        s.dimensions = fw
            .dimensions
            .iter()
            .map(|d| (d.id.get_ref().clone(), d.name.clone()))
            .collect();
        for l in hb.levels() {
            s.levels.insert(
                l.id.clone(),
                Level {
                    title: l.meta.title.clone(),
                    formerly: l
                        .meta
                        .formerly
                        .iter()
                        .map(|f| f.get_ref().clone())
                        .collect(),
                },
            );
            s.level_order.push(l.id.clone());
            for (dim, e) in &l.meta.expectations {
                for c in &e.criteria {
                    s.add(
                        c,
                        Place {
                            level: l.id.clone(),
                            level_name: l.meta.title.clone(),
                            dimension: dim.get_ref().clone(),
                            dimension_name: dim_name(dim.get_ref()),
                        },
                    );
                }
            }
        }
        for (d, t, c) in fw.tier_criteria() {
            s.add(
                c,
                Place {
                    level: String::new(),
                    level_name: t.proficiency.get_ref().clone(),
                    dimension: d.id.get_ref().clone(),
                    dimension_name: d.name.clone(),
                },
            );
        }
        for f in &hb.families.list {
            for t in &f.tracks {
                s.tracks.insert(
                    format!("{}/{}", f.id, t.id.get_ref()),
                    Track {
                        name: t.name.clone(),
                        levels: t.levels.iter().map(|l| l.get_ref().clone()).collect(),
                    },
                );
            }
        }
        s
    }
}
