//! The calibration view: two assessments of one level, made criterion by
//! criterion on the level's page and shared as links, set side by side.
//! The page carries every level's assessable criteria as JSON; its script
//! reads the two links and shows where they agree, never an average.

use serde::Serialize;

use super::page_view;
use crate::html::script_json;
use crate::kinds::level::assess;
use crate::kinds::level::{inherit, Criterion, Level};
use crate::kinds::{KindExt, View};
use crate::model::framework::LowerLevels;
use crate::model::{Read, Reader};
use crate::render::PagePlan;

pub(crate) const PATH: &str = "calibrate.html";

#[derive(Serialize)]
struct LevelData {
    id: String,
    title: String,
    url: String,
    formerly: Vec<String>,
    /// How many criteria of the levels below count as met without marks.
    assumed: usize,
    dims: Vec<DimData>,
}

#[derive(Serialize)]
struct DimData {
    id: String,
    name: String,
    criteria: Vec<CriterionData>,
}

#[derive(Serialize)]
struct CriterionData {
    id: String,
    key: String,
    also: String,
    html: String,
    /// The level that states it, when not the assessed level itself.
    from: String,
}

pub(crate) fn calibrate(r: &Reader, p: &PagePlan) -> View {
    let mut view = View::new("calibrate.html");
    view.put(
        "page",
        &page_view(
            r,
            p,
            "Calibrate two assessments",
            "Two assessments of one level, criterion by criterion, side by side.",
            "matrix",
            None,
        ),
    );
    let levels: Vec<LevelData> = r.ladder().iter().map(|l| level_data(r, l)).collect();
    view.put("data", &script_json(&levels));
    view
}

fn level_data(r: &Reader, l: &Read<'_, Level>) -> LevelData {
    let scope = assess::scope(r, l);
    let fw = r.framework();
    let dims = r
        .family_of(l.id())
        .map(|f| f.dimensions(fw))
        .unwrap_or_else(|| fw.dimensions.iter().collect());
    let sources = inherit::inherited_from(r, l.meta());
    let crit = |c: &Criterion, from: &str| {
        let (key, also) = scope.key(c);
        CriterionData {
            id: c.id.get_ref().clone(),
            key,
            also,
            html: r.inline(&c.text),
            from: from.to_string(),
        }
    };
    let dims = dims
        .iter()
        .map(|d| {
            let dim = d.id.get_ref();
            let mut criteria: Vec<CriterionData> = Vec::new();
            if let Some(e) = l.meta().expectation(dim) {
                criteria.extend(e.criteria.iter().map(|c| crit(c, "")));
            }
            for s in sources.iter().chain(scope.assessed_below()) {
                if let Some(e) = s.meta().expectation(dim) {
                    criteria.extend(e.criteria.iter().map(|c| crit(c, s.title())));
                }
            }
            DimData {
                id: dim.clone(),
                name: d.name.clone(),
                criteria,
            }
        })
        .filter(|d| !d.criteria.is_empty())
        .collect();
    LevelData {
        id: l.id().to_string(),
        title: l.title().to_string(),
        url: Level::url(l.id()),
        formerly: l
            .meta()
            .formerly
            .iter()
            .map(|f| f.get_ref().clone())
            .collect(),
        assumed: match scope.lower {
            LowerLevels::Assumed => scope.below_count,
            LowerLevels::Assessed => 0,
        },
        dims,
    }
}
