//! Spreadsheets: `framework.csv`, the whole ladder as one row per
//! criterion, and `levels/<id>.csv`, a level's tracking sheet with empty
//! self and manager columns. `careerbook import csv` reads the first shape
//! back ([`Column`] is the one list of its columns), so a ladder exported
//! and imported again builds to the same site.
//!
//! Both open in any spreadsheet program: UTF-8 with a byte-order mark
//! (without it Excel guesses the encoding), CRLF rows as RFC 4180 has
//! them, and a cell that a spreadsheet would run as a formula (`=`, `+`,
//! `-`, `@`) is written behind an apostrophe, which import removes.

use std::collections::HashSet;

use crate::kinds::level::rule::{Clause, Count, Rule};
use crate::kinds::level::{inherit, Criterion, Level, LevelMeta};
use crate::model::{Family, Read, Reader};

/// The framework's spreadsheet, beside the home page.
pub(crate) const FRAMEWORK_PATH: &str = "framework.csv";

pub(crate) use crate::kinds::level::sheet_url as level_path;

macro_rules! columns {
    ($($variant:ident = $name:literal: $doc:literal,)*) => {
        /// The columns of `framework.csv`, in order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Column {
            $(#[doc = $doc] $variant,)*
        }
        impl Column {
            pub(crate) const ALL: &'static [Column] = &[$(Column::$variant,)*];
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Column::$variant => $name,)*
                }
            }
        }
    };
}

columns! {
    Family = "family": "the job family's id; empty in a handbook of one family",
    FamilyName = "family_name": "the family's name (in a handbook of one family, the framework's)",
    Track = "track": "the ids of the tracks the level is on, separated by `; `",
    TrackName = "track_name": "those tracks' names, in the same order",
    Level = "level": "the level's id; empty on a dimension's own rows and its tiers' criteria",
    LevelTitle = "level_title": "the level's title",
    LevelSummary = "level_summary": "the level's one-line summary",
    Inherits = "inherits": "the level whose criteria this one takes on",
    Requires = "requires": "a rule-defined level's rule, in the ladder's words",
    RequiresClauses = "requires_clauses": "the rule as clauses: `all(Tier, 1)`, `any(Tier, all, partly)`, `all(Tier, in dimension)`, separated by `; `",
    Dimension = "dimension": "the dimension's id",
    DimensionName = "dimension_name": "the dimension's name",
    DimensionDescription = "dimension_description": "what the dimension covers (on rows without a level)",
    Statement = "statement": "the level's expectation on the dimension",
    Proficiency = "proficiency": "the step of the proficiency scale the expectation names, or the tier a criterion belongs to",
    ProficiencyRank = "proficiency_rank": "that step's place on the scale, 1 for the lowest",
    Criterion = "criterion": "the criterion's id",
    Text = "text": "the criterion",
    Examples = "examples": "its examples, one per line",
}

type Row = Vec<String>;

fn row() -> Row {
    vec![String::new(); Column::ALL.len()]
}

fn set(row: &mut Row, c: Column, v: &str) {
    row[c as usize] = v.to_string();
}

/// A cell as written: a cell a spreadsheet would run as a formula goes
/// behind an apostrophe (OWASP's advice on CSV injection), and so does one
/// that already starts with an apostrophe, so that [`unguard`] gives back
/// exactly what was written.
pub(crate) fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The inverse of [`guard`].
pub(crate) fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// Rows as CSV text: a byte-order mark, a header, CRLF line ends.
fn csv(header: &[&str], rows: &[Row]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r.iter().map(|c| guard(c).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    let mut out = String::from('\u{feff}');
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

/// A clause as `all(Tier, 1)`: the form `requires_clauses` holds.
pub(crate) fn clause_text(key: &str, c: &Clause) -> String {
    let what = match (&c.dimension, c.count) {
        (Some(d), _) => format!("in {}", d.get_ref()),
        (None, Count::All) => "all".to_string(),
        (None, Count::AtLeast(n)) => n.to_string(),
    };
    let partly = if c.partly { ", partly" } else { "" };
    format!("{key}({}, {what}{partly})", c.tier.get_ref())
}

fn rule_clauses(rule: &Rule) -> String {
    let all = rule.all.iter().map(|c| clause_text("all", c));
    let any = rule.any.iter().map(|c| clause_text("any", c));
    all.chain(any).collect::<Vec<_>>().join("; ")
}

/// A family's levels as its tracks order them, then those on no track.
fn family_levels<'r>(r: &'r Reader, family: &Family) -> Vec<Read<'r, Level>> {
    let mut ids: Vec<String> = Vec::new();
    for t in &family.tracks {
        for l in &t.levels {
            if !ids.contains(l.get_ref()) {
                ids.push(l.get_ref().clone());
            }
        }
    }
    let mut out: Vec<Read<Level>> = ids
        .iter()
        .filter_map(|id| r.level(id))
        .filter(|l| r.family_id_of(l.id()) == family.id)
        .collect();
    for &i in &family.levels {
        if let Some(l) = r.level_at(i) {
            if !out.iter().any(|x| x.id() == l.id()) {
                out.push(l);
            }
        }
    }
    out
}

fn criterion_cells(row: &mut Row, c: &Criterion) {
    set(row, Column::Criterion, c.id.get_ref());
    set(row, Column::Text, c.text.trim());
    let examples: Vec<&str> = c.all_examples().map(String::as_str).collect();
    set(row, Column::Examples, &examples.join("\n"));
}

/// `framework.csv`: per family, its dimensions (a row each, or a row per
/// tier criterion), then its levels in track order, a row per criterion,
/// per expectation without criteria and per level without expectations.
/// An inherited criterion is a row of the level that states it only.
pub(crate) fn framework(r: &Reader) -> String {
    let fw = r.framework();
    let families = r.families();
    let scale = |p: &str| {
        fw.proficiency_rank(p)
            .map_or_else(String::new, |n| (n + 1).to_string())
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut tiers_written: HashSet<&str> = HashSet::new();
    for family in &families.list {
        let mut base = row();
        set(&mut base, Column::Family, &family.id);
        set(&mut base, Column::FamilyName, &family.name);
        for d in family.dimensions(fw) {
            let mut dim = base.clone();
            set(&mut dim, Column::Dimension, d.id.get_ref());
            set(&mut dim, Column::DimensionName, &d.name);
            set(&mut dim, Column::DimensionDescription, d.description.trim());
            let tiered = d.tiers.iter().any(|t| !t.criteria.is_empty());
            if !tiered || !tiers_written.insert(d.id.get_ref()) {
                rows.push(dim);
                continue;
            }
            for t in &d.tiers {
                for c in &t.criteria {
                    let mut cr = dim.clone();
                    set(&mut cr, Column::Proficiency, t.proficiency.get_ref());
                    set(
                        &mut cr,
                        Column::ProficiencyRank,
                        &scale(t.proficiency.get_ref()),
                    );
                    criterion_cells(&mut cr, c);
                    rows.push(cr);
                }
            }
        }
        for l in family_levels(r, family) {
            let meta = l.meta();
            let mut lv = base.clone();
            let tracks: Vec<_> = family.tracks_of(l.id()).map(|(t, _)| t).collect();
            let ids: Vec<&str> = tracks.iter().map(|t| t.id.get_ref().as_str()).collect();
            let names: Vec<&str> = tracks.iter().map(|t| t.name.as_str()).collect();
            set(&mut lv, Column::Track, &ids.join("; "));
            set(&mut lv, Column::TrackName, &names.join("; "));
            set(&mut lv, Column::Level, l.id());
            set(&mut lv, Column::LevelTitle, &meta.title);
            set(&mut lv, Column::LevelSummary, &meta.summary);
            if let Some(i) = &meta.inherits {
                set(&mut lv, Column::Inherits, i.get_ref());
            }
            if let Some(rule) = &meta.requires {
                set(&mut lv, Column::Requires, rule.text.trim());
                set(&mut lv, Column::RequiresClauses, &rule_clauses(rule));
            }
            let before = rows.len();
            for d in family.dimensions(fw) {
                let Some(e) = meta.expectation(d.id.get_ref()) else {
                    continue;
                };
                let mut ex = lv.clone();
                set(&mut ex, Column::Dimension, d.id.get_ref());
                set(&mut ex, Column::DimensionName, &d.name);
                set(&mut ex, Column::Statement, e.statement.trim());
                if let Some(p) = &e.proficiency {
                    set(&mut ex, Column::Proficiency, p.get_ref());
                    set(&mut ex, Column::ProficiencyRank, &scale(p.get_ref()));
                }
                if e.criteria.is_empty() {
                    rows.push(ex);
                    continue;
                }
                for c in &e.criteria {
                    let mut cr = ex.clone();
                    criterion_cells(&mut cr, c);
                    rows.push(cr);
                }
            }
            if rows.len() == before {
                rows.push(lv);
            }
        }
    }
    let header: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
    csv(&header, &rows)
}

/// The columns of a level's tracking sheet.
const TRACKING: &[&str] = &[
    "dimension",
    "proficiency",
    "criterion",
    "text",
    "examples",
    "stated_on",
    "self",
    "manager",
    "notes",
];

/// A level's tracking sheet: every criterion the level asks (its own, those
/// it inherits, and for a rule-defined level the criteria of each tier its
/// rule names), with empty columns for the person and their manager.
pub(crate) fn level(r: &Reader, l: Read<Level>) -> String {
    let fw = r.framework();
    let family = r.family_of(l.id()).cloned().unwrap_or_default();
    let meta: &LevelMeta = l.meta();
    let mut rows: Vec<Row> = Vec::new();
    let mut push = |dimension: &str, proficiency: &str, c: &Criterion, on: &str| {
        let mut row = vec![String::new(); TRACKING.len()];
        row[0] = dimension.to_string();
        row[1] = proficiency.to_string();
        row[2] = c.id.get_ref().clone();
        row[3] = c.text.trim().to_string();
        row[4] = c
            .all_examples()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n");
        row[5] = on.to_string();
        rows.push(row);
    };
    let sources = inherit::inherited_from(r, meta);
    for d in family.dimensions(fw) {
        let dim = d.id.get_ref();
        if let Some(e) = meta.expectation(dim) {
            let p = e.proficiency.as_ref().map_or("", |p| p.get_ref().as_str());
            for c in &e.criteria {
                push(&d.name, p, c, &meta.title);
            }
        }
        for from in &sources {
            if let Some(e) = from.meta().expectation(dim) {
                let p = e.proficiency.as_ref().map_or("", |p| p.get_ref().as_str());
                for c in &e.criteria {
                    push(&d.name, p, c, from.title());
                }
            }
        }
        if let Some(rule) = &meta.requires {
            let named: Vec<&str> = rule
                .clauses()
                .filter(|c| c.dimension.as_ref().is_none_or(|x| x.get_ref() == dim))
                .map(|c| c.tier.get_ref().as_str())
                .collect();
            for t in d
                .tiers
                .iter()
                .filter(|t| named.contains(&t.proficiency.get_ref().as_str()))
            {
                for c in &t.criteria {
                    push(
                        &d.name,
                        t.proficiency.get_ref(),
                        c,
                        &format!("{} tier", t.proficiency.get_ref()),
                    );
                }
            }
        }
    }
    csv(TRACKING, &rows)
}

#[cfg(test)]
mod tests {
    use super::{guard, unguard};

    #[test]
    fn formulas_are_guarded_and_come_back_exactly() {
        for cell in [
            "=1+1", "+44 20", "-x", "@SUM(A1)", "'quoted", "''", "'=x", "plain", "",
        ] {
            let g = guard(cell);
            assert_eq!(unguard(&g), cell, "{cell}");
        }
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("Owns a service"), "Owns a service");
        // A cell a person typed with a leading apostrophe keeps it.
        assert_eq!(unguard("'hello"), "'hello");
    }
}
