//! A level's page: its expectations (its own and those it inherits), its
//! place on its family's tracks, its radar and what changes at the next
//! level.

use serde::Serialize;

use super::assess::Scope;
use super::{level_link, level_links, proficiency, radar, Criterion, Level, LevelMeta, Proficiency};
use crate::kinds::{KindExt, Link, View};
use crate::model::{Doc, Read, Reader};

#[derive(Serialize)]
struct CriterionView {
    id: String,
    /// The key it travels under in an assessment link, and the ids and
    /// keys it had before (`assess`).
    key: String,
    also: String,
    text: String,
    /// The text as written, for citations.
    plain: String,
    examples: Vec<String>,
    /// Examples for the team only (empty unless the build keeps them).
    internal_examples: Vec<String>,
    strengthens: Option<Link>,
}

#[derive(Serialize)]
struct ExpectationView {
    dimension: String,
    name: String,
    question: String,
    statement: String,
    /// The step of the framework's proficiency scale, when the level names one.
    proficiency: Option<Proficiency>,
    criteria: Vec<CriterionView>,
    /// What the level takes on from the levels it inherits from.
    inherited: Vec<InheritedView>,
    /// The criteria of the levels below, when the framework asks for them
    /// to be assessed with the level's own.
    below: Vec<InheritedView>,
}

/// Criteria a level inherits on one dimension, from one level.
#[derive(Serialize)]
struct InheritedView {
    from: Link,
    criteria: Vec<CriterionView>,
}

#[derive(Serialize)]
struct TrackPosition {
    track: String,
    name: String,
    rank: usize,
    of: usize,
    next: Option<Link>,
    previous: Option<Link>,
}

#[derive(Serialize)]
struct LevelView {
    id: String,
    title: String,
    summary: String,
    years: String,
    role: bool,
    alongside: Vec<Link>,
    /// The level's tracking sheet, from the site's root.
    sheet: String,
    /// Its hiring profile, from the site's root, when the site has them.
    hiring: String,
}

/// What the page's assessment panel needs beyond the criteria.
#[derive(Serialize)]
struct AssessView {
    /// Old ids of the level, which a link made before a rename may name.
    formerly: Vec<String>,
    /// The levels below and how many criteria they hold.
    below: Vec<Link>,
    below_count: usize,
    lower: crate::model::framework::LowerLevels,
}

pub(super) fn page(r: &Reader, l: &Doc<LevelMeta>) -> View {
    let mut view = View::new("level.html");
    view.put("content", &r.body(l));
    let Some(me) = r.level(&l.id) else {
        return view;
    };
    let scope = super::assess::scope(r, &me);
    view.put("expectations", &expectations(r, l, &scope));
    view.put(
        "assess",
        &AssessView {
            formerly: l.meta.formerly.iter().map(|f| f.get_ref().clone()).collect(),
            below: scope.below.iter().map(Link::to).collect(),
            below_count: scope.below_count,
            lower: scope.lower,
        },
    );
    let family = r.family_of(&l.id).cloned().unwrap_or_default();
    if family.is_declared() {
        let link = r.find::<crate::kinds::family::Family>(&family.id).map(|d| Link::to(&d));
        view.put("family", &link);
    }
    let positions: Vec<TrackPosition> = family
        .tracks_of(&l.id)
        .map(|(t, pos)| TrackPosition {
            track: t.id.get_ref().clone(),
            name: t.name.clone(),
            rank: pos + 1,
            of: t.levels.len(),
            next: t.levels.get(pos + 1).map(|n| level_link(r, n.get_ref())),
            previous: pos
                .checked_sub(1)
                .map(|n| level_link(r, t.levels[n].get_ref())),
        })
        .collect();
    view.put(
        "level",
        &LevelView {
            id: l.id.clone(),
            title: l.meta.title.clone(),
            summary: l.meta.summary.clone(),
            years: l.meta.years.clone(),
            role: l.meta.role,
            alongside: level_links(r, &l.meta.alongside),
            sheet: super::sheet_url(&l.id),
            hiring: if super::has_hiring(r.untracked()) {
                super::hiring_url(&l.id)
            } else {
                String::new()
            },
        },
    );
    view.put("positions", &positions);
    view.put("radar", &radar::radar(r, &l.id, false));
    view.put("rule", &super::tiers::level_rule(r, &l.id));
    view.put("next", &next_levels(r, &l.id));
    view
}

/// A level's expectations, dimension by dimension in its family's order.
fn expectations(r: &Reader, l: &Doc<LevelMeta>, scope: &Scope) -> Vec<ExpectationView> {
    let fw = r.framework();
    let family = r.family_of(&l.id).cloned().unwrap_or_default();
    let sources = super::inherit::inherited_from(r, &l.meta);
    family
        .dimensions(fw)
        .into_iter()
        .filter_map(|d| {
            let dim = d.id.get_ref();
            let own = l.meta.expectation(dim);
            // Criteria other levels state, shown (and assessed) here.
            let stated_on = |levels: &[Read<'_, Level>]| -> Vec<InheritedView> {
                levels
                    .iter()
                    .filter_map(|src| {
                        let e = src.meta().expectation(dim)?;
                        (!e.criteria.is_empty()).then(|| InheritedView {
                            from: Link::to(src),
                            criteria: e
                                .criteria
                                .iter()
                                .map(|c| criterion_view(r, c, scope))
                                .collect(),
                        })
                    })
                    .collect()
            };
            let inherited = stated_on(&sources);
            let below = stated_on(scope.assessed_below());
            if own.is_none() && inherited.is_empty() {
                return None;
            }
            Some(ExpectationView {
                dimension: dim.clone(),
                name: d.name.clone(),
                question: d.question.clone(),
                statement: own.map(|e| r.inline(&e.statement)).unwrap_or_default(),
                proficiency: own.and_then(|e| proficiency(fw, e)),
                criteria: own
                    .map(|e| {
                        e.criteria
                            .iter()
                            .map(|c| criterion_view(r, c, scope))
                            .collect()
                    })
                    .unwrap_or_default(),
                inherited,
                below,
            })
        })
        .collect()
}

fn criterion_view(r: &Reader, c: &Criterion, scope: &Scope) -> CriterionView {
    let (key, also) = scope.key(c);
    CriterionView {
        id: c.id.get_ref().clone(),
        key,
        also,
        text: r.inline(&c.text),
        plain: c.text.clone(),
        examples: r.inline_all(&c.examples),
        internal_examples: r.inline_all(&c.internal_examples),
        strengthens: c.strengthens.as_ref().and_then(|s| {
            let lvl = r.criterion(s.get_ref())?.level()?;
            Some(Link {
                id: s.get_ref().clone(),
                title: r
                    .level(lvl)
                    .map_or(String::new(), |x| x.title().to_string()),
                url: format!("{}#{}", Level::url(lvl), s.get_ref()),
                summary: String::new(),
            })
        }),
    }
}

#[derive(Serialize)]
struct ChangeView {
    change: crate::model::diff::Change,
    id: String,
    text: String,
    from_text: String,
}

#[derive(Serialize)]
struct DimView {
    dimension: String,
    name: String,
    from: String,
    to: String,
    changes: Vec<ChangeView>,
}

#[derive(Serialize)]
struct NextView {
    track: String,
    level: Link,
    dimensions: Vec<DimView>,
    /// For levels defined by a rule over tiers: the next level's rule.
    rule: Option<super::rule::RuleView>,
}

/// What changes at the next level, per track (tracks fork).
fn next_levels(r: &Reader, id: &str) -> Vec<NextView> {
    let mut next: Vec<NextView> = Vec::new();
    let family = r.family_of(id).cloned().unwrap_or_default();
    for (track, to) in family.next_levels(id) {
        if let Some(existing) = next.iter_mut().find(|n| n.level.id == to) {
            existing.track = format!("{}, {}", existing.track, track.name);
            continue;
        }
        let dims = r
            .level_diff(id, to)
            .into_iter()
            .map(|d| DimView {
                dimension: d.dimension,
                name: d.name,
                from: r.inline(&d.from),
                to: r.inline(&d.to),
                changes: d
                    .criteria
                    .into_iter()
                    .map(|c| ChangeView {
                        change: c.change,
                        id: c.id,
                        text: r.inline(&c.text),
                        from_text: r.inline(&c.from_text),
                    })
                    .collect(),
            })
            // Levels defined by rules have no cells to compare.
            .filter(|d: &DimView| !(d.from.is_empty() && d.to.is_empty() && d.changes.is_empty()))
            .collect();
        next.push(NextView {
            track: track.name.clone(),
            level: level_link(r, to),
            dimensions: dims,
            rule: super::tiers::next_rule(r, id, to),
        });
    }
    next
}
