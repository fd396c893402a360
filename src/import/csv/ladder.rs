//! Rows into ladders: a family per `family` value, levels, dimensions,
//! tiers and tracks in the order rows first name them, and values several
//! rows repeat checked to agree.

use std::collections::{HashMap, HashSet};

use super::scale::Scale;
use super::{clauses, Cell, Row};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::import::{derived_id, Criterion, Dimension, Expectation, Ladder, Level, Tier, Track};
use crate::markdown::slugify_id;
use crate::render::sheets::Column;
use crate::source::SourceFile;

/// A value several rows repeat: the first non-empty one, and where it is.
#[derive(Debug, Default, Clone)]
struct Same {
    value: String,
    at: Option<(usize, usize)>,
}

impl Same {
    /// Takes the row's value; a different one than before is a warning.
    fn take(&mut self, src: &SourceFile, row: &Row, c: Column, what: &str, d: &mut Diagnostics) {
        let v = row.get(c);
        if v.is_empty() {
            return;
        }
        match self.at {
            None => {
                self.value = v.to_string();
                self.at = Some((row.rec.row, row.cell(c).at));
            }
            Some((first, at)) if self.value != v => {
                let cell = row.cell(c);
                d.push(
                    Diagnostic::warning(format!(
                        "{what} differs from row {first}: `{}` keeps row {first}'s",
                        c.name()
                    ))
                    .at(src, cell.at, cell.len)
                    .note(format!("row {first}"), src, at)
                    .hint("make the rows agree; careerbook keeps the first value"),
                );
            }
            Some(_) => {}
        }
    }
}

#[derive(Default)]
struct DimBuild {
    id: String,
    name: Same,
    description: Same,
    tiers: Vec<Tier>,
}

#[derive(Default)]
struct ExpBuild {
    dimension: String,
    statement: Same,
    proficiency: Same,
    criteria: Vec<Criterion>,
}

#[derive(Default)]
struct LevelBuild {
    id: String,
    title: Same,
    summary: Same,
    inherits: Same,
    inherits_at: Option<(usize, usize)>,
    requires: Same,
    clauses: Same,
    clauses_cell: Option<Cell>,
    expectations: Vec<ExpBuild>,
}

#[derive(Default)]
struct FamilyBuild {
    id: String,
    name: Same,
    dims: Vec<DimBuild>,
    levels: Vec<LevelBuild>,
    tracks: Vec<Track>,
}

/// An id from a cell that holds an id or a name: the name becomes the
/// default title.
fn id_of(value: &str) -> String {
    slugify_id(value)
}

/// `my_ladder` -> `My ladder`: a file's name as a title.
fn humanize(stem: &str) -> String {
    let words = stem.replace(['_', '-'], " ");
    let mut c = words.trim().chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => "Career ladder".into(),
    }
}

pub(super) fn build(
    src: &SourceFile,
    rows: &[Row],
    stem: &str,
    d: &mut Diagnostics,
) -> Vec<Ladder> {
    let named = rows.iter().find(|r| !r.get(Column::Family).is_empty());
    if let Some(first) = named {
        for r in rows.iter().filter(|r| r.get(Column::Family).is_empty()) {
            d.push(
                Diagnostic::error(format!(
                    "row {} names no family, while row {} does",
                    r.rec.row, first.rec.row
                ))
                .at(src, r.rec.at, 1)
                .hint("in a sheet of several job families, every row says which one it belongs to"),
            );
        }
    }
    // Criterion ids written in the sheet first: a derived id must not take one.
    let mut taken: HashSet<String> = HashSet::new();
    let mut first_use: HashMap<String, (usize, usize)> = HashMap::new();
    for r in rows {
        let id = r.get(Column::Criterion);
        if id.is_empty() {
            continue;
        }
        let c = r.cell(Column::Criterion);
        if let Some(&(row, at)) = first_use.get(id) {
            d.push(
                Diagnostic::error(format!("criterion id `{id}` is also on row {row}"))
                    .at(src, c.at, c.len)
                    .note(format!("row {row}"), src, at)
                    .hint("each criterion has its own id; leave the cell empty to have one made from the text"),
            );
        } else {
            first_use.insert(id.to_string(), (r.rec.row, c.at));
            taken.insert(id.to_string());
        }
    }
    let mut scale = Scale::default();
    let mut families: Vec<FamilyBuild> = Vec::new();
    for r in rows {
        let fid = r.get(Column::Family).to_string();
        let fi = match families.iter().position(|f| f.id == fid) {
            Some(i) => i,
            None => {
                families.push(FamilyBuild {
                    id: fid,
                    ..FamilyBuild::default()
                });
                families.len() - 1
            }
        };
        let f = &mut families[fi];
        f.name
            .take(src, r, Column::FamilyName, "the family's name", d);
        if let Err(e) = take_row(src, r, f, &mut scale, &mut taken, d) {
            d.push(e);
        }
    }
    let proficiency = scale.order();
    // A handbook lists its families in the order of their files, by id:
    // so does the import, and the sheet it exports reads back the same.
    families.sort_by(|a, b| a.id.cmp(&b.id));
    let level_ids: HashMap<String, usize> = families
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.levels.iter().map(move |l| (l.id.clone(), i)))
        .collect();
    let several = families.len() > 1 || families.first().is_some_and(|f| !f.id.is_empty());
    let mut library: HashSet<usize> = HashSet::new();
    for (fi, f) in families.iter().enumerate() {
        for l in &f.levels {
            let Some((_, at)) = l.inherits_at else {
                continue;
            };
            match level_ids.get(&l.inherits.value) {
                Some(&from) if from != fi || !several => {
                    library.insert(from);
                }
                Some(_) => {}
                None => d.push(
                    Diagnostic::error(format!(
                        "level `{}` inherits `{}`, which no row defines",
                        l.id, l.inherits.value
                    ))
                    .at(src, at, l.inherits.value.len().max(1))
                    .hint("`inherits` names the id of another level of the sheet"),
                ),
            }
        }
    }
    families
        .into_iter()
        .enumerate()
        .map(|(fi, f)| {
            ladder(
                src,
                f,
                several,
                library.contains(&fi) && several,
                &proficiency,
                stem,
                d,
            )
        })
        .collect()
}

fn dim_index(f: &mut FamilyBuild, src: &SourceFile, r: &Row, d: &mut Diagnostics) -> Option<usize> {
    let cell = r.get(Column::Dimension);
    if cell.is_empty() {
        return None;
    }
    let id = id_of(cell);
    let i = match f.dims.iter().position(|x| x.id == id) {
        Some(i) => i,
        None => {
            f.dims.push(DimBuild {
                id: id.clone(),
                ..DimBuild::default()
            });
            f.dims.len() - 1
        }
    };
    let dim = &mut f.dims[i];
    dim.name
        .take(src, r, Column::DimensionName, "the dimension's name", d);
    if dim.name.value.is_empty() && id != cell {
        dim.name.value = cell.to_string();
    }
    dim.description.take(
        src,
        r,
        Column::DimensionDescription,
        "the dimension's description",
        d,
    );
    Some(i)
}

fn criterion(r: &Row, prefix: &str, taken: &mut HashSet<String>) -> Criterion {
    let text = r.get(Column::Text).to_string();
    let id = match r.get(Column::Criterion) {
        "" => derived_id(prefix, &text, taken),
        id => id.to_string(),
    };
    Criterion {
        id,
        text,
        examples: r
            .get(Column::Examples)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

/// Files one row into its family.
fn take_row(
    src: &SourceFile,
    r: &Row,
    f: &mut FamilyBuild,
    scale: &mut Scale,
    taken: &mut HashSet<String>,
    d: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    scale.take(src, r, d);
    let dim = dim_index(f, src, r, d);
    let has_text = !r.get(Column::Text).is_empty();
    let level_cell = r.get(Column::Level);
    if level_cell.is_empty() {
        return take_dimension_row(src, r, f, dim, taken);
    }
    let id = id_of(level_cell);
    if id.is_empty() {
        let c = r.cell(Column::Level);
        return Err(
            Diagnostic::error(format!("`{level_cell}` makes no level id"))
                .at(src, c.at, c.len)
                .hint("a level id is made of letters, digits and hyphens"),
        );
    }
    let li = match f.levels.iter().position(|l| l.id == id) {
        Some(i) => i,
        None => {
            f.levels.push(LevelBuild {
                id: id.clone(),
                ..LevelBuild::default()
            });
            f.levels.len() - 1
        }
    };
    tracks(f, r, &id);
    let l = &mut f.levels[li];
    l.title
        .take(src, r, Column::LevelTitle, "the level's title", d);
    if l.title.value.is_empty() && id != level_cell {
        l.title.value = level_cell.to_string();
    }
    l.summary
        .take(src, r, Column::LevelSummary, "the level's summary", d);
    l.inherits
        .take(src, r, Column::Inherits, "what the level inherits", d);
    if l.inherits_at.is_none() && !l.inherits.value.is_empty() {
        l.inherits_at = l.inherits.at;
    }
    l.requires
        .take(src, r, Column::Requires, "the level's rule", d);
    let before = l.clauses.at;
    l.clauses.take(
        src,
        r,
        Column::RequiresClauses,
        "the level's rule clauses",
        d,
    );
    if before.is_none() && l.clauses.at.is_some() {
        l.clauses_cell = Some(r.cell(Column::RequiresClauses));
    }
    let Some(di) = dim else {
        if has_text {
            let c = r.cell(Column::Text);
            return Err(Diagnostic::error(format!(
                "this criterion of level `{id}` names no dimension"
            ))
            .at(src, c.at, c.len)
            .hint("fill in `dimension` with the id of the dimension it belongs to"));
        }
        return Ok(());
    };
    let dim_id = f.dims[di].id.clone();
    let l = &mut f.levels[li];
    let ei = match l.expectations.iter().position(|e| e.dimension == dim_id) {
        Some(i) => i,
        None => {
            l.expectations.push(ExpBuild {
                dimension: dim_id.clone(),
                ..ExpBuild::default()
            });
            l.expectations.len() - 1
        }
    };
    let e = &mut l.expectations[ei];
    e.statement
        .take(src, r, Column::Statement, "the expectation's statement", d);
    e.proficiency.take(
        src,
        r,
        Column::Proficiency,
        "the expectation's proficiency",
        d,
    );
    if has_text {
        e.criteria
            .push(criterion(r, &format!("{id}-{dim_id}"), taken));
    }
    Ok(())
}

/// A row of no level: a dimension, or a criterion of one of its tiers.
fn take_dimension_row(
    src: &SourceFile,
    r: &Row,
    f: &mut FamilyBuild,
    dim: Option<usize>,
    taken: &mut HashSet<String>,
) -> Result<(), Diagnostic> {
    let has_text = !r.get(Column::Text).is_empty();
    let Some(di) = dim else {
        return Err(Diagnostic::error(format!("row {} names neither a level nor a dimension", r.rec.row))
            .at(src, r.rec.at, 1)
            .hint("a row is a criterion of a level on a dimension, a criterion of a dimension's tier, or a dimension"));
    };
    if !has_text {
        return Ok(());
    }
    let tier = r.get(Column::Proficiency);
    if tier.is_empty() {
        let c = r.cell(Column::Text);
        return Err(Diagnostic::error(
            "this criterion has no level, and no proficiency tier either",
        )
        .at(src, c.at, c.len)
        .hint("fill in `level`, or, for a ladder whose criteria belong to tiers, `proficiency`"));
    }
    let dim = &mut f.dims[di];
    let prefix = format!("{}-{}", dim.id, id_of(tier));
    let c = criterion(r, &prefix, taken);
    match dim.tiers.iter_mut().find(|t| t.proficiency == tier) {
        Some(t) => t.criteria.push(c),
        None => dim.tiers.push(Tier {
            proficiency: tier.to_string(),
            criteria: vec![c],
        }),
    }
    Ok(())
}

/// Puts a level on the tracks its row names, in the order rows come.
fn tracks(f: &mut FamilyBuild, r: &Row, level: &str) {
    let ids: Vec<&str> = r
        .get(Column::Track)
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let names: Vec<&str> = r.get(Column::TrackName).split(';').map(str::trim).collect();
    for (i, tid) in ids.iter().enumerate() {
        let id = id_of(tid);
        let name = names
            .get(i)
            .filter(|n| !n.is_empty() && ids.len() == names.len())
            .map_or_else(|| tid.to_string(), |n| n.to_string());
        let t = match f.tracks.iter_mut().position(|t| t.id == id) {
            Some(i) => &mut f.tracks[i],
            None => {
                f.tracks.push(Track {
                    id: id.clone(),
                    name,
                    levels: Vec::new(),
                });
                let n = f.tracks.len() - 1;
                &mut f.tracks[n]
            }
        };
        if !t.levels.iter().any(|l| l == level) {
            t.levels.push(level.to_string());
        }
    }
}

fn ladder(
    src: &SourceFile,
    f: FamilyBuild,
    several: bool,
    library: bool,
    proficiency: &[String],
    stem: &str,
    d: &mut Diagnostics,
) -> Ladder {
    let rank = |p: &str| {
        proficiency
            .iter()
            .position(|x| x == p)
            .unwrap_or(usize::MAX)
    };
    let mut tracks = f.tracks;
    if tracks.is_empty() && !f.levels.is_empty() {
        // A sheet that names no tracks lists one ladder, lowest level first.
        tracks.push(Track {
            id: "ladder".into(),
            name: "Ladder".into(),
            levels: f.levels.iter().map(|l| l.id.clone()).collect(),
        });
    }
    let on_track: HashSet<String> = tracks
        .iter()
        .flat_map(|t| t.levels.iter().cloned())
        .collect();
    let levels = f
        .levels
        .into_iter()
        .map(|l| {
            let requires = (!l.requires.value.is_empty() || !l.clauses.value.is_empty()).then(|| {
                let mut rule = crate::import::Rule {
                    text: l.requires.value.clone(),
                    ..crate::import::Rule::default()
                };
                if let Some(cell) = &l.clauses_cell {
                    match clauses::read(&l.clauses.value) {
                        Ok((all, any)) => {
                            rule.all = all;
                            rule.any = any;
                        }
                        Err((why, off)) => d.push(
                            Diagnostic::error(format!("cannot read the rule's clauses: {why}"))
                                .at(src, cell.at + off.min(cell.len), 1)
                                .hint("write clauses as all(Tier, 1), any(Tier, all, partly) or all(Tier, in dimension-id), separated by `; `, and the cell in quotes, since clauses hold commas"),
                        ),
                    }
                }
                rule
            });
            Level {
                title: if l.title.value.is_empty() { l.id.clone() } else { l.title.value },
                summary: l.summary.value,
                body: String::new(),
                expectations: l
                    .expectations
                    .into_iter()
                    .map(|e| Expectation {
                        dimension: e.dimension,
                        statement: e.statement.value,
                        proficiency: (!e.proficiency.value.is_empty()).then_some(e.proficiency.value),
                        criteria: e.criteria,
                    })
                    .collect(),
                inherits: (!l.inherits.value.is_empty()).then_some(l.inherits.value),
                requires,
                // A level on none of the sheet's tracks stands beside them.
                role: !on_track.contains(&l.id),
                id: l.id,
            }
        })
        .collect();
    let name = match f.name.value.as_str() {
        "" if several => f.id.clone(),
        "" => humanize(stem),
        n => n.to_string(),
    };
    Ladder {
        slug: if several { f.id } else { slugify_id(stem) },
        library,
        keep_ids: several,
        markdown: true,
        name,
        summary: String::new(),
        source: String::new(),
        proficiency: proficiency.to_vec(),
        dimensions: f
            .dims
            .into_iter()
            .map(|x| {
                let mut tiers = x.tiers;
                tiers.sort_by_key(|t| rank(&t.proficiency));
                Dimension {
                    name: if x.name.value.is_empty() {
                        x.id.clone()
                    } else {
                        x.name.value
                    },
                    description: x.description.value,
                    tiers,
                    id: x.id,
                }
            })
            .collect(),
        levels,
        tracks,
    }
}
