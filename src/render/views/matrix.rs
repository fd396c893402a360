//! The level matrix: every level against every dimension, one table per
//! track (and one for the roles).

use serde::Serialize;

use super::page_view;
use crate::kinds::level::{proficiency, roles, Expectation, Level};
use crate::kinds::{Link, View};
use crate::model::{Read, Reader};
use crate::render::PagePlan;

#[derive(Serialize)]
struct Dim {
    id: String,
    name: String,
    question: String,
    description: String,
}

#[derive(Serialize)]
struct Row {
    level: Link,
    years: String,
    /// (dimension id, statement HTML, proficiency name or ""), in
    /// framework order.
    cells: Vec<(String, String, String)>,
}

#[derive(Serialize)]
struct Table {
    id: String,
    name: String,
    description: String,
    rows: Vec<Row>,
}

pub(crate) fn matrix(r: &Reader, p: &PagePlan) -> View {
    let fw = r.framework();
    let dims: Vec<Dim> = fw
        .dimensions
        .iter()
        .map(|d| Dim {
            id: d.id.get_ref().clone(),
            name: d.name.clone(),
            question: d.question.clone(),
            description: r.markdown(&d.description, None),
        })
        .collect();
    let row = |l: &Read<Level>| Row {
        level: Link::to(l),
        years: l.meta().years.clone(),
        cells: fw
            .dimensions
            .iter()
            .map(|d| {
                let e = l.meta().expectation(d.id.get_ref());
                let html = e.map(|e| cell_html(r, e)).unwrap_or_default();
                let level = e
                    .and_then(|e| proficiency(fw, e))
                    .map(|p| p.name)
                    .unwrap_or_default();
                (d.id.get_ref().clone(), html, level)
            })
            .collect(),
    };
    let mut tables: Vec<Table> = fw
        .tracks
        .iter()
        .map(|t| Table {
            id: t.id.get_ref().clone(),
            name: t.name.clone(),
            description: r.markdown(&t.description, None),
            rows: t
                .levels
                .iter()
                .filter_map(|l| r.level(l.get_ref()))
                .map(|l| row(&l))
                .collect(),
        })
        .collect();
    let roles: Vec<Row> = roles(r).iter().map(row).collect();
    if !roles.is_empty() {
        tables.push(Table {
            id: "roles".into(),
            name: "Roles".into(),
            description: String::new(),
            rows: roles,
        });
    }
    let mut view = View::new("matrix.html");
    view.put(
        "page",
        &page_view(
            r,
            p,
            "Level matrix",
            "Every level against every dimension.",
            "matrix",
            None,
        ),
    );
    view.put("dimensions", &dims);
    view.put("tables", &tables);
    view
}

/// A matrix cell: the statement, or, for ladders that state a level only
/// through its criteria (most imported ones), the criteria themselves.
pub(crate) fn cell_html(r: &Reader, e: &Expectation) -> String {
    if !e.statement.trim().is_empty() {
        return r.inline(&e.statement);
    }
    if e.criteria.is_empty() {
        return "<span class=\"muted\">Not described at this level</span>".into();
    }
    let items: Vec<String> = e
        .criteria
        .iter()
        .map(|c| format!("<li>{}</li>", r.inline(&c.text)))
        .collect();
    format!("<ul class=\"cell-criteria\">{}</ul>", items.concat())
}
