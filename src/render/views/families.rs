//! Families side by side: for a handbook that declares job families, the
//! matrix page lines every family's ladder up by rank, so a senior backend
//! engineer can be found beside a senior data engineer.

use serde::Serialize;

use crate::kinds::family::Family as FamilyKind;
use crate::kinds::level::level_link;
use crate::kinds::Link;
use crate::model::Reader;

#[derive(Serialize)]
pub(crate) struct Overview {
    families: Vec<Link>,
    /// One row per rank (the position on a track, from 1): per family, the
    /// levels at that rank on any of its tracks.
    rows: Vec<Vec<Vec<Link>>>,
}

pub(crate) fn overview(r: &Reader) -> Overview {
    let families = &r.families().list;
    let links: Vec<Link> = families
        .iter()
        .map(|f| match r.find::<FamilyKind>(&f.id) {
            Some(d) => Link::to(&d),
            None => Link {
                id: f.id.clone(),
                title: f.name.clone(),
                url: String::new(),
                summary: String::new(),
            },
        })
        .collect();
    let depth = families
        .iter()
        .flat_map(|f| f.tracks.iter().map(|t| t.levels.len()))
        .max()
        .unwrap_or(0);
    let rows = (0..depth)
        .map(|rank| {
            families
                .iter()
                .map(|f| {
                    let mut ids: Vec<&str> = Vec::new();
                    for t in &f.tracks {
                        if let Some(l) = t.levels.get(rank) {
                            if !ids.contains(&l.get_ref().as_str()) {
                                ids.push(l.get_ref());
                            }
                        }
                    }
                    ids.iter().map(|id| level_link(r, id)).collect()
                })
                .collect()
        })
        .collect();
    Overview {
        families: links,
        rows,
    }
}
