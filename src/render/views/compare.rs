//! The compare view: any two levels side by side. Every level's
//! expectations travel as JSON in the page; its script picks two and moves
//! two precomputed radar polygons.

use super::page_view;
use crate::html::{js_string, radar};
use crate::kinds::level::radar::shape_json;
use crate::kinds::level::{inherit, rule, tiers, Criterion, Level};
use crate::kinds::{KindExt, View};
use crate::model::Read;
use crate::model::Reader;
use crate::render::PagePlan;

pub(crate) fn compare(r: &Reader, p: &PagePlan) -> View {
    let mut view = View::new("compare.html");
    view.put(
        "page",
        &page_view(
            r,
            p,
            "Compare levels",
            "Any two levels side by side.",
            "levels",
            None,
        ),
    );
    view.put("data", &compare_data(r));
    view.put("radar", &compare_radar(r));
    view
}

/// Every level's expectations as JSON for the compare page (escaped so it
/// cannot end its <script> element): the dimensions, the families, and per
/// level its family and, for each of its family's dimensions, the statement
/// and criteria (inherited ones marked).
fn compare_data(r: &Reader) -> String {
    let fw = r.framework();
    let dims: Vec<String> = fw
        .dimensions
        .iter()
        .map(|d| {
            format!(
                "{{\"id\":{},\"name\":{}}}",
                js_string(d.id.get_ref()),
                js_string(&d.name)
            )
        })
        .collect();
    let families: Vec<String> = r
        .families()
        .list
        .iter()
        .filter(|f| f.is_declared())
        .map(|f| {
            format!(
                "{{\"id\":{},\"name\":{}}}",
                js_string(&f.id),
                js_string(&f.name)
            )
        })
        .collect();
    let levels: Vec<String> = r.ladder().into_iter().map(|l| level_json(r, &l)).collect();
    format!(
        "{{\"dimensions\":[{}],\"families\":[{}],\"levels\":[{}]}}",
        dims.join(","),
        families.join(","),
        levels.join(",")
    )
}

/// One level of the compare data.
fn level_json(r: &Reader, l: &Read<Level>) -> String {
    let fw = r.framework();
    let family = r.family_of(l.id()).cloned().unwrap_or_default();
    let sources = inherit::inherited_from(r, l.meta());
    let criterion = |c: &Criterion, inherited: bool| {
        format!(
            "{{\"id\":{},\"html\":{},\"strengthens\":{},\"inherited\":{inherited}}}",
            js_string(c.id.get_ref()),
            js_string(&r.inline(&c.text)),
            js_string(c.strengthens.as_ref().map_or("", |s| s.get_ref().as_str()))
        )
    };
    let per_dim: Vec<String> = family
        .dimensions(fw)
        .iter()
        .map(|d| {
            let dim = d.id.get_ref();
            let e = l.meta().expectation(dim);
            let mut criteria: Vec<String> = e
                .map(|e| e.criteria.iter().map(|c| criterion(c, false)).collect())
                .unwrap_or_default();
            for src in &sources {
                if let Some(x) = src.meta().expectation(dim) {
                    criteria.extend(x.criteria.iter().map(|c| criterion(c, true)));
                }
            }
            format!(
                "{}:{{\"statement\":{},\"criteria\":[{}]}}",
                js_string(dim),
                js_string(&e.map(|e| r.inline(&e.statement)).unwrap_or_default()),
                criteria.join(",")
            )
        })
        .collect();
    let rule = match tiers::level_rule(r, l.id()) {
        None => "null".to_string(),
        Some(v) => {
            let list = |cs: &[rule::ClauseView]| {
                cs.iter()
                    .map(|c| js_string(&c.text))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            format!(
                "{{\"html\":{},\"all\":[{}],\"any\":[{}]}}",
                js_string(&v.text),
                list(&v.all),
                list(&v.any)
            )
        }
    };
    // Old ids (`formerly`), only when there are some, so a compare link made
    // before a rename still opens the level.
    let formerly = match l.meta().formerly.as_slice() {
        [] => String::new(),
        f => format!(
            ",\"formerly\":[{}]",
            f.iter()
                .map(|x| js_string(x.get_ref()))
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    format!(
        "{{\"id\":{},\"title\":{},\"url\":{},\"family\":{},\"dims\":{{{}}},\"rule\":{rule},\"shape\":{}{formerly}}}",
        js_string(l.id()),
        js_string(l.title()),
        js_string(&Level::url(l.id())),
        js_string(&family.id),
        per_dim.join(","),
        shape_json(r, l.id())
    )
}

/// The compare view's chart before its script picks two levels: the grid,
/// the labels and two polygons folded into the centre.
fn compare_radar(r: &Reader) -> String {
    // Shapes compare within one ladder; with families, each level's page
    // draws its own.
    if r.families().declared() {
        return String::new();
    }
    let names: Vec<String> = r
        .framework()
        .dimensions
        .iter()
        .map(|d| d.name.clone())
        .collect();
    let zeros = vec![0.0; names.len()];
    let chart = radar::Chart {
        id: Some("compare-radar"),
        title: "Shapes of the two levels compared",
        description: "",
        axes: &names,
        current: &zeros,
        previous: Some(&zeros),
    };
    radar::svg(&chart, &radar::FULL).unwrap_or_default()
}
