//! A level's radar chart as the pages show it: the drawing (from
//! `html::radar`), the level it is contrasted with, and the table that is
//! its text alternative. The values come from `model::shape`.

use serde::Serialize;

use super::level_link;
use crate::html::{js_string, radar};
use crate::kinds::Link;
use crate::model::shape::Basis;
use crate::model::Reader;

/// A level's radar chart and its text alternative.
#[derive(Serialize)]
pub(crate) struct RadarView {
    /// The drawing, or "" when the framework has too few dimensions for a
    /// shape (the table still says everything).
    pub svg: String,
    /// The level drawn dashed for contrast.
    previous: Option<Link>,
    /// Why no chart is drawn, when the data cannot give a shape.
    no_shape: String,
    /// For the page's script, which draws the reader's own shape from
    /// their self-assessment on the matrix: JSON with the family, the
    /// scale and every level's steps; "" when there is no scale to draw on.
    you: String,
    rows: Vec<RadarRow>,
}

#[derive(Serialize)]
struct RadarRow {
    dimension: String,
    name: String,
    /// "60%": the value as a share of the rim.
    value: String,
    /// What the value is made of: "6 of 10 criteria", "Working (2 of 4)".
    detail: String,
    previous: String,
    previous_detail: String,
}

pub(crate) fn percent(v: f64) -> String {
    format!("{}%", (v * 100.0).round())
}

pub(crate) fn basis_text(b: &Basis) -> String {
    match b {
        Basis::Scale { name, rank, of } => format!("{name} ({rank} of {of})"),
        Basis::Breadth { count, max } => {
            format!(
                "{count} of {max} {}",
                if *max == 1 { "criterion" } else { "criteria" }
            )
        }
    }
}

/// The radar of level `id`: the full chart with its table, or a small
/// multiple (no labels, no ids, no contrast) for lists.
pub(crate) fn radar(r: &Reader, id: &str, small: bool) -> Option<RadarView> {
    let axes = r.shape(id)?;
    let title = r.level(id).map_or(id, |l| l.title());
    let prev_id = if small { None } else { r.previous_level(id) };
    let prev_axes = prev_id.and_then(|p| r.shape(p));
    let names: Vec<String> = axes.iter().map(|a| a.name.clone()).collect();
    let values: Vec<f64> = axes.iter().map(|a| a.value).collect();
    let prev_values: Option<Vec<f64>> = prev_axes.map(|p| p.iter().map(|a| a.value).collect());
    let mut description = axes
        .iter()
        .map(|a| format!("{} {}", a.name, percent(a.value)))
        .collect::<Vec<_>>()
        .join(", ");
    let previous = prev_id.map(|p| level_link(r, p));
    if let Some(p) = &previous {
        description.push_str(&format!(". Dashed: {}.", p.title));
    }
    let chart = radar::Chart {
        id: if small { None } else { Some("radar") },
        title: &format!("Shape of {title} across {} dimensions", axes.len()),
        description: &description,
        axes: &names,
        current: &values,
        previous: prev_values.as_deref(),
    };
    let size = if small { radar::SMALL } else { radar::FULL };
    let rows = axes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let p = prev_axes.and_then(|p| p.get(i));
            RadarRow {
                dimension: a.dimension.clone(),
                name: a.name.clone(),
                value: percent(a.value),
                detail: basis_text(&a.basis),
                previous: p.map(|p| percent(p.value)).unwrap_or_default(),
                previous_detail: p.map(|p| basis_text(&p.basis)).unwrap_or_default(),
            }
        })
        .collect();
    // A shape means something only on a scale: a count of criteria is not
    // a step, so without one the table says what there is and no chart is
    // drawn.
    let unscaled: Vec<&str> = axes
        .iter()
        .filter(|a| !matches!(a.basis, Basis::Scale { .. }))
        .map(|a| a.name.as_str())
        .collect();
    let no_shape = if axes.len() < radar::MIN_AXES {
        format!("No chart: {} dimensions make a line, not a shape.", axes.len())
    } else if unscaled.len() == axes.len() {
        "No chart: the framework gives this level no step of a proficiency scale, so there is no shape to draw; the table counts its criteria instead.".to_string()
    } else if !unscaled.is_empty() {
        format!(
            "No chart: this level names no proficiency step on {}, so its shape would be half guessed.",
            unscaled.join(", ")
        )
    } else {
        String::new()
    };
    let svg = match no_shape.is_empty() {
        true => radar::svg(&chart, &size).unwrap_or_default(),
        false => String::new(),
    };
    let you = match (small, svg.is_empty()) {
        (false, false) => you_json(r, id),
        _ => String::new(),
    };
    Some(RadarView {
        svg,
        no_shape,
        you,
        previous,
        rows,
    })
}

/// What the page's script needs to draw the reader's shape over a level's:
/// the matrix assessment it reads (by family), the geometry, and each level
/// of the family with its value on every axis.
fn you_json(r: &Reader, id: &str) -> String {
    let Some(family) = r.family_of(id) else {
        return String::new();
    };
    let levels: Vec<String> = family
        .levels
        .iter()
        .filter_map(|&i| r.level_at(i))
        .filter_map(|l| {
            let axes = r.shape(l.id())?;
            let values: Vec<String> = axes
                .iter()
                .map(|a| match &a.basis {
                    Basis::Scale { name, .. } => {
                        format!("[{},{}]", a.value, js_string(name))
                    }
                    Basis::Breadth { .. } => "null".into(),
                })
                .collect();
            Some(format!(
                "{}:{{\"title\":{},\"steps\":[{}]}}",
                js_string(l.id()),
                js_string(l.title()),
                values.join(",")
            ))
        })
        .collect();
    let (cx, cy) = (radar::FULL.width / 2.0, radar::FULL.height / 2.0);
    format!(
        "{{\"family\":{},\"centre\":[{cx},{cy}],\"radius\":{},\"levels\":{{{}}}}}",
        js_string(&family.id),
        radar::FULL.radius,
        levels.join(",")
    )
}

/// A level's radar for the compare view, whose script only moves the
/// polygons: the vertices on the full-size chart and, per dimension, the
/// value and what it is made of.
pub(crate) fn shape_json(r: &Reader, id: &str) -> String {
    let Some(axes) = r.shape(id) else {
        return "null".into();
    };
    if axes.len() < radar::MIN_AXES || axes.iter().any(|a| !matches!(a.basis, Basis::Scale { .. })) {
        return "null".into();
    }
    let values: Vec<f64> = axes.iter().map(|a| a.value).collect();
    let points = radar::points_attr(&radar::polygon(&values, &radar::FULL));
    let rows: Vec<String> = axes
        .iter()
        .map(|a| {
            format!(
                "[{},{}]",
                js_string(&percent(a.value)),
                js_string(&basis_text(&a.basis))
            )
        })
        .collect();
    format!(
        "{{\"points\":{},\"values\":[{}]}}",
        js_string(&points),
        rows.join(",")
    )
}
