//! Links to levels and the level lists the home page, the levels page and
//! the matrices share: tracks, roles, levels grouped by family.

use serde::Serialize;
use toml::Spanned;

use super::Level;
use crate::kinds::{KindExt, Link};
use crate::model::{Family, Read, Reader};

/// A link to a level, or to its id when there is no such level (the page
/// still renders; validation has reported it).
pub(crate) fn level_link(r: &Reader, id: &str) -> Link {
    match r.level(id) {
        Some(l) => Link::to(&l),
        None => Link {
            id: id.into(),
            title: id.into(),
            url: Level::url(id),
            summary: String::new(),
        },
    }
}

pub(crate) fn level_links(r: &Reader, ids: &[Spanned<String>]) -> Vec<Link> {
    ids.iter().map(|l| level_link(r, l.get_ref())).collect()
}

#[derive(Serialize)]
pub(crate) struct TrackView {
    pub id: String,
    pub name: String,
    pub levels: Vec<Link>,
}

/// Every track of a family with its levels, lowest first.
pub(crate) fn tracks_view(r: &Reader, family: &Family) -> Vec<TrackView> {
    family
        .tracks
        .iter()
        .map(|t| TrackView {
            id: t.id.get_ref().clone(),
            name: t.name.clone(),
            levels: level_links(r, &t.levels),
        })
        .collect()
}

/// The roles (levels on no track), by weight and title.
pub(crate) fn roles<'r>(r: &'r Reader) -> Vec<Read<'r, Level>> {
    crate::kinds::by_weight::<Level>(r)
        .into_iter()
        .filter(|l| l.meta().role)
        .collect()
}

/// A family's roles, by weight and title.
pub(crate) fn family_roles<'r>(r: &'r Reader, family: &Family) -> Vec<Read<'r, Level>> {
    roles(r)
        .into_iter()
        .filter(|l| r.family_id_of(l.id()) == family.id)
        .collect()
}

/// One family's levels, as the levels list and the home page group them.
#[derive(Serialize)]
pub(crate) struct LevelGroup {
    /// The family's page, for a handbook that declares families.
    pub family: Option<Link>,
    /// Its dimensions' names, for the small multiples' caption.
    pub dimensions: Vec<String>,
    pub tracks: Vec<TrackView>,
    pub roles: Vec<Link>,
}

/// The levels grouped by family, families in their list order.
pub(crate) fn groups(r: &Reader) -> Vec<LevelGroup> {
    let fw = r.framework();
    r.families()
        .list
        .iter()
        .map(|f| LevelGroup {
            family: f
                .is_declared()
                .then(|| r.find::<crate::kinds::family::Family>(&f.id).map(|d| Link::to(&d)))
                .flatten(),
            dimensions: f.dimensions(fw).iter().map(|d| d.name.clone()).collect(),
            tracks: tracks_view(r, f),
            roles: family_roles(r, f).iter().map(Link::to).collect(),
        })
        .collect()
}

/// Old level ids and the levels that carry them now (`formerly`), as a JSON
/// object for the self-assessment and compare scripts, so links made
/// before a rename still read; "" when no level was renamed.
pub(crate) fn aliases(r: &Reader) -> String {
    let mut pairs: Vec<String> = Vec::new();
    for l in r.all::<Level>() {
        for f in &l.meta().formerly {
            pairs.push(format!(
                "{}:{}",
                crate::html::js_string(f.get_ref()),
                crate::html::js_string(l.id())
            ));
        }
    }
    match pairs.is_empty() {
        true => String::new(),
        false => format!("{{{}}}", pairs.join(",")),
    }
}
