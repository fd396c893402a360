//! The compare view: any two levels side by side. Every level's
//! expectations travel as JSON in the page; its script picks two and moves
//! two precomputed radar polygons.

use super::page_view;
use crate::html::{js_string, radar};
use crate::kinds::level::radar::shape_json;
use crate::kinds::level::Level;
use crate::kinds::{KindExt, View};
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
/// cannot end its <script> element).
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
    let levels: Vec<String> = r
        .ladder()
        .into_iter()
        .map(|l| {
            let per_dim: Vec<String> = fw
                .dimensions
                .iter()
                .map(|d| {
                    let e = l.meta().expectation(d.id.get_ref());
                    let criteria: Vec<String> = e
                        .map(|e| {
                            e.criteria
                                .iter()
                                .map(|c| {
                                    format!(
                                        "{{\"id\":{},\"html\":{},\"strengthens\":{}}}",
                                        js_string(c.id.get_ref()),
                                        js_string(&r.inline(&c.text)),
                                        js_string(
                                            c.strengthens
                                                .as_ref()
                                                .map_or("", |s| s.get_ref().as_str())
                                        )
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    format!(
                        "{}:{{\"statement\":{},\"criteria\":[{}]}}",
                        js_string(d.id.get_ref()),
                        js_string(&e.map(|e| r.inline(&e.statement)).unwrap_or_default()),
                        criteria.join(",")
                    )
                })
                .collect();
            format!(
                "{{\"id\":{},\"title\":{},\"url\":{},\"dims\":{{{}}},\"shape\":{}}}",
                js_string(l.id()),
                js_string(l.title()),
                js_string(&Level::url(l.id())),
                per_dim.join(","),
                shape_json(r, l.id())
            )
        })
        .collect();
    format!(
        "{{\"dimensions\":[{}],\"levels\":[{}]}}",
        dims.join(","),
        levels.join(",")
    )
}

/// The compare view's chart before its script picks two levels: the grid,
/// the labels and two polygons folded into the centre.
fn compare_radar(r: &Reader) -> String {
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
