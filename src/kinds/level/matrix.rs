//! A family's level matrix: every level of the family against each of its
//! dimensions, one table per track and one for its roles. The matrix page
//! shows it for a handbook of one family, each family's page for its own.

use serde::Serialize;

use super::{proficiency, Criterion, Expectation, Level};
use crate::kinds::Link;
use crate::model::{Family, Read, Reader};

#[derive(Serialize)]
pub(crate) struct Dim {
    id: String,
    name: String,
    question: String,
    description: String,
}

#[derive(Serialize)]
struct Row {
    level: Link,
    years: String,
    /// (dimension id, statement HTML, proficiency name or ""), in the
    /// family's dimension order.
    cells: Vec<(String, String, String)>,
}

#[derive(Serialize)]
pub(crate) struct Table {
    id: String,
    name: String,
    description: String,
    rows: Vec<Row>,
}

/// The dimensions and the tables of a family's matrix.
pub(crate) fn matrix(r: &Reader, family: &Family) -> (Vec<Dim>, Vec<Table>) {
    let fw = r.framework();
    let family_dims = family.dimensions(fw);
    let dims: Vec<Dim> = family_dims
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
        cells: family_dims
            .iter()
            .map(|d| {
                let e = l.meta().expectation(d.id.get_ref());
                let inherited: Vec<&Criterion> = super::inherit::inherited_from(r, l.meta())
                    .into_iter()
                    .filter_map(|src| src.meta().expectation(d.id.get_ref()))
                    .flat_map(|x| x.criteria.iter())
                    .collect();
                let html = cell_html(r, e, &inherited);
                let level = e
                    .and_then(|e| proficiency(fw, e))
                    .map(|p| p.name)
                    .unwrap_or_default();
                (d.id.get_ref().clone(), html, level)
            })
            .collect(),
    };
    let mut tables: Vec<Table> = family
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
    let roles: Vec<Row> = super::roles(r)
        .iter()
        .filter(|l| r.family_id_of(l.id()) == family.id)
        .map(row)
        .collect();
    if !roles.is_empty() {
        tables.push(Table {
            id: "roles".into(),
            name: "Roles".into(),
            description: String::new(),
            rows: roles,
        });
    }
    (dims, tables)
}

/// A matrix cell: the statement, or, for ladders that state a level only
/// through its criteria (most imported ones), the criteria themselves, those
/// it inherits marked as such.
pub(crate) fn cell_html(r: &Reader, e: Option<&Expectation>, inherited: &[&Criterion]) -> String {
    if let Some(e) = e.filter(|e| !e.statement.trim().is_empty()) {
        return r.inline(&e.statement);
    }
    let own = e.map_or(&[][..], |e| e.criteria.as_slice());
    if own.is_empty() && inherited.is_empty() {
        return match e {
            Some(_) => "<span class=\"muted\">Not described at this level</span>".into(),
            None => String::new(),
        };
    }
    let mut items: Vec<String> = own
        .iter()
        .map(|c| format!("<li>{}</li>", r.inline(&c.text)))
        .collect();
    items.extend(
        inherited
            .iter()
            .map(|c| format!("<li class=\"inherited\">{}</li>", r.inline(&c.text))),
    );
    format!("<ul class=\"cell-criteria\">{}</ul>", items.concat())
}
