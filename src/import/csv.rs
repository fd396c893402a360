//! A ladder kept in a spreadsheet, in the shape every build publishes as
//! `framework.csv` ([`Column`] lists its columns): one row per criterion,
//! with the level, dimension and family it belongs to repeated on each.
//! Only `dimension` and `text` are required; a sheet whose level and
//! dimension cells hold names ("Senior engineer") gets ids made from them.
//!
//! Every problem points at its row and cell (file:line:column, since a
//! quoted cell may span lines). A value repeated on several rows that
//! disagrees (a level titled two ways) keeps the first and warns; a column
//! careerbook does not know is reported, not silently dropped.

mod clauses;
mod ladder;
mod scale;

use std::collections::HashMap;
use std::path::Path;

use super::{read_source, Ladder};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::sheets::{unguard, Column};
use crate::source::SourceFile;

/// One cell: its value (apostrophe guard removed, trimmed) and where it is.
#[derive(Debug, Clone, Default)]
struct Cell {
    value: String,
    at: usize,
    len: usize,
}

/// One record of the file; `row` counts as a spreadsheet does (the header
/// is row 1).
#[derive(Debug)]
struct Record {
    row: usize,
    at: usize,
    cells: Vec<Cell>,
}

/// The byte offset (and whether it is quoted) where each field of a raw
/// record starts, and where a quote opened that never closes.
fn field_starts(raw: &[u8]) -> (Vec<(usize, bool)>, Option<usize>) {
    let mut starts = vec![(0, raw.first() == Some(&b'"'))];
    let mut open: Option<usize> = None;
    for (i, &b) in raw.iter().enumerate() {
        match b {
            b'"' => open = if open.is_some() { None } else { Some(i) },
            b',' if open.is_none() => starts.push((i + 1, raw.get(i + 1) == Some(&b'"'))),
            _ => {}
        }
    }
    (starts, open)
}

fn records(src: &SourceFile) -> Result<Vec<Record>, Diagnostic> {
    let bom = if src.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let bytes = &src.text.as_bytes()[bom..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(Diagnostic::error(format!("cannot read this CSV: {e}"))
                    .at(src, bom + start, 1)
                    .hint("save the sheet again as CSV (UTF-8) from your spreadsheet program"))
            }
        }
        let at = rec.position().map_or(start, |p| p.byte() as usize);
        let end = (reader.position().byte() as usize).min(bytes.len());
        let raw = &bytes[at.min(end)..end];
        let (starts, open) = field_starts(raw);
        if let Some(q) = open {
            return Err(Diagnostic::error(
                "this quote opens a cell that never closes: the rest of the file would be one cell",
            )
            .at(src, bom + at + q, 1)
            .hint(
                "close the cell with a second \" (a quote inside a cell is written twice: \"\")",
            ));
        }
        let cells = rec
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (s, quoted) = starts.get(i).copied().unwrap_or((0, false));
                let value = unguard(v).trim().to_string();
                let first_line = v.lines().next().unwrap_or("").len();
                Cell {
                    value,
                    at: bom + at + s + usize::from(quoted),
                    len: first_line.max(1),
                }
            })
            .collect();
        out.push(Record {
            row: out.len() + 1,
            at: bom + at,
            cells,
        });
    }
    Ok(out)
}

/// A header cell's column: `framework.csv`'s names, any case, with spaces
/// or hyphens for underscores, and a few names spreadsheets use for them.
fn column(name: &str) -> Option<Column> {
    let n: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    let n = n
        .strip_prefix("competency")
        .map_or(n.clone(), |rest| format!("dimension{rest}"));
    let alias = match n.as_str() {
        "criterion_id" | "id" => Some(Column::Criterion),
        "tier" => Some(Column::Proficiency),
        "job_family" => Some(Column::Family),
        "description" | "criterion_text" => Some(Column::Text),
        _ => None,
    };
    alias.or_else(|| Column::ALL.iter().copied().find(|c| c.name() == n))
}

/// The file's columns, checked: known, once each, the required ones there.
fn header(src: &SourceFile, h: &Record, d: &mut Diagnostics) -> Vec<Option<Column>> {
    let mut seen: HashMap<Column, usize> = HashMap::new();
    let mut cols = Vec::new();
    for (i, c) in h.cells.iter().enumerate() {
        let col = column(&c.value);
        match col {
            None if c.value.is_empty() => {}
            None => d.push(
                Diagnostic::warning(format!(
                    "careerbook does not know the column `{}`: its cells are not imported",
                    c.value
                ))
                .at(src, c.at, c.len)
                .hint(format!("the columns it reads: {}", names(Column::ALL))),
            ),
            Some(k) => {
                if let Some(&first) = seen.get(&k) {
                    d.push(
                        Diagnostic::error(format!("the column `{}` appears twice", k.name()))
                            .at(src, c.at, c.len)
                            .note("first here", src, h.cells[first].at)
                            .hint("keep one of them"),
                    );
                }
                seen.insert(k, i);
            }
        }
        cols.push(col);
    }
    for required in [Column::Dimension, Column::Text] {
        if !seen.contains_key(&required) {
            d.push(
                Diagnostic::error(format!("the header has no `{}` column", required.name()))
                    .at(src, h.at, h.cells.first().map_or(1, |c| c.len))
                    .hint(format!(
                        "the first row names the columns; `dimension` and `text` are required, and careerbook reads {}",
                        names(Column::ALL)
                    )),
            );
        }
    }
    cols
}

fn names(cols: &[Column]) -> String {
    cols.iter()
        .map(|c| format!("`{}`", c.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One data row, by column.
struct Row<'a> {
    rec: &'a Record,
    by: HashMap<Column, &'a Cell>,
}

impl Row<'_> {
    fn get(&self, c: Column) -> &str {
        self.by.get(&c).map_or("", |x| x.value.as_str())
    }
    fn cell(&self, c: Column) -> Cell {
        self.by.get(&c).map_or_else(
            || Cell {
                at: self.rec.at,
                len: 1,
                ..Cell::default()
            },
            |x| (*x).clone(),
        )
    }
}

/// Reads one CSV file into one ladder, or one per family it names.
pub(crate) fn read(source: &Path) -> Result<(Vec<Ladder>, Diagnostics), Diagnostics> {
    let base = source.parent().unwrap_or(Path::new(""));
    let src = read_source(source, base)?;
    let mut d = Diagnostics::new();
    let recs = records(&src)?;
    let Some((head, body)) = recs.split_first() else {
        return Err(Diagnostic::error("this CSV file is empty")
            .at(&*src, 0, 0)
            .hint("the first row names the columns (dimension, text, level, ...); each row after it is a criterion")
            .into());
    };
    let cols = header(&src, head, &mut d);
    if d.has_errors() {
        return Err(d);
    }
    let width = cols.len();
    let rows: Vec<Row> = body
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.value.is_empty()))
        .map(|rec| Row {
            rec,
            by: rec
                .cells
                .iter()
                .zip(&cols)
                .filter_map(|(c, k)| k.map(|k| (k, c)))
                .collect(),
        })
        .collect();
    for r in &rows {
        if let Some(extra) = r.rec.cells.iter().skip(width).find(|c| !c.value.is_empty()) {
            d.push(
                Diagnostic::error(format!(
                    "row {} has {} cells; the header names {width} columns",
                    r.rec.row,
                    r.rec.cells.len()
                ))
                .at(&*src, extra.at, extra.len)
                .hint("a comma inside a cell needs the cell in quotes: \"one, two\""),
            );
        }
    }
    let stem = source.file_stem().map_or_else(
        || "ladder".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut ladders = ladder::build(&src, &rows, &stem, &mut d);
    if d.has_errors() {
        return Err(d);
    }
    let source_name = source
        .file_name()
        .map_or_else(|| stem.clone(), |s| s.to_string_lossy().into_owned());
    for l in &mut ladders {
        l.source = format!("the spreadsheet {source_name}");
    }
    Ok((ladders, d))
}
