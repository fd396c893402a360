//! Job families. A handbook holds one ladder (the framework's tracks and
//! every level, as most do) or several, each declared by a document of
//! `content/families/` with its own dimensions (chosen from the
//! framework's), its own tracks and its own levels (`content/levels/<id>/`).
//! [`Families`] is the view both share: everything that needs a level's
//! tracks or dimensions asks it, so a one-family handbook and a
//! many-family one take the same code paths.

use std::collections::HashMap;

use super::{Dimension, Framework, Track};
use crate::kinds::family::Family as FamilyKind;
use crate::kinds::{Items, Stored};

/// One job family, as the views see it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Family {
    /// The family's id (its document's); "" for a handbook that declares
    /// no families.
    pub(crate) id: String,
    pub(crate) name: String,
    /// Indices into the framework's dimensions, in the family's order.
    pub(crate) dimensions: Vec<usize>,
    pub(crate) tracks: Vec<Track>,
    /// Indices of its levels in the handbook's level list, in file order.
    pub(crate) levels: Vec<usize>,
}

impl Family {
    /// Whether the handbook declared this family (a page of its own).
    pub(crate) fn is_declared(&self) -> bool {
        !self.id.is_empty()
    }

    /// The tracks a level is a rung of, with its 0-based position in each.
    pub(crate) fn tracks_of<'a, 'b>(
        &'a self,
        level: &'b str,
    ) -> impl Iterator<Item = (&'a Track, usize)> + use<'a, 'b> {
        self.tracks.iter().filter_map(move |t| {
            t.levels
                .iter()
                .position(|l| l.get_ref() == level)
                .map(|pos| (t, pos))
        })
    }

    /// The next level up on each track the level belongs to (several when
    /// tracks fork).
    pub(crate) fn next_levels<'a>(&'a self, level: &'a str) -> Vec<(&'a Track, &'a str)> {
        self.tracks_of(level)
            .filter_map(|(t, pos)| t.levels.get(pos + 1).map(|l| (t, l.get_ref().as_str())))
            .collect()
    }

    /// The family's dimensions, in its order.
    pub(crate) fn dimensions<'f>(&self, fw: &'f Framework) -> Vec<&'f Dimension> {
        self.dimensions
            .iter()
            .filter_map(|&i| fw.dimensions.get(i))
            .collect()
    }
}

/// Every family of the handbook, and which family each level belongs to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Families {
    pub(crate) list: Vec<Family>,
    by_level: HashMap<String, usize>,
}

impl Families {
    /// The families of a handbook: one per family document, or, without
    /// any, one made of the framework's dimensions and tracks and every
    /// level. A level belongs to the family its folder names
    /// (`content/levels/<family>/`).
    pub(crate) fn new(fw: &Framework, items: &Items) -> Families {
        let levels = &items.level;
        let all_dims: Vec<usize> = (0..fw.dimensions.len()).collect();
        let docs = FamilyKind::docs(items);
        let list: Vec<Family> = if docs.is_empty() {
            vec![Family {
                id: String::new(),
                name: fw.framework.name.clone(),
                dimensions: all_dims,
                tracks: fw.tracks.clone(),
                levels: (0..levels.len()).collect(),
            }]
        } else {
            docs.iter()
                .map(|d| Family {
                    id: d.id.clone(),
                    name: d.meta.title.clone(),
                    dimensions: if d.meta.dimensions.is_empty() {
                        all_dims.clone()
                    } else {
                        d.meta
                            .dimensions
                            .iter()
                            .filter_map(|id| {
                                fw.dimensions
                                    .iter()
                                    .position(|x| x.id.get_ref() == id.get_ref())
                            })
                            .collect()
                    },
                    tracks: d.meta.tracks.clone(),
                    levels: levels
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.part.as_deref() == Some(d.id.as_str()))
                        .map(|(i, _)| i)
                        .collect(),
                })
                .collect()
        };
        let mut by_level = HashMap::new();
        for (fi, f) in list.iter().enumerate() {
            for &li in &f.levels {
                by_level.entry(levels[li].id.clone()).or_insert(fi);
            }
        }
        Families { list, by_level }
    }

    /// Whether the handbook declares its families (else it has one, implicit).
    pub(crate) fn declared(&self) -> bool {
        self.list.first().is_some_and(Family::is_declared)
    }

    /// The family a level belongs to.
    pub(crate) fn of(&self, level: &str) -> Option<&Family> {
        self.by_level.get(level).and_then(|&i| self.list.get(i))
    }

    /// A family by id.
    pub(crate) fn get(&self, id: &str) -> Option<&Family> {
        self.list.iter().find(|f| f.id == id)
    }
}
