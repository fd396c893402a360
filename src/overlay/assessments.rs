//! Assessment snapshots: a level page lets the reader mark each criterion
//! met, partly, not yet or n/a, with a note, and download the result as a
//! Markdown file saved into the overlay's `assessments/` folder:
//!
//! ```text
//! # Assessment: Senior Engineer (senior)
//!
//! - Date: 2026-12-02
//! - Level: senior
//! - By: self
//! - Link: levels/senior.html#criteria=...   (optional, not read)
//!
//! ## Scope                                  (for people; not read)
//! - met: senior-scope-system-owner — Owns the design... (text not read)
//!   - Note: led the billing migration end to end
//! - not yet: senior-autonomy-sets-direction
//! ```
//!
//! Snapshots are history: a criterion retired since is a warning, not an
//! error, and a level or criterion renamed since (`formerly`) reads as its
//! new id.

use std::path::Path;

use super::criteria;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{Handbook, Resolver};
use crate::source::SourceFile;

/// The folder of the overlay that holds the snapshots.
pub(crate) const FOLDER: &str = "assessments";

/// How a criterion was assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) enum State {
    Met,
    Partly,
    NotYet,
    NotApplicable,
}

/// The states as written, in the order of [`State`].
pub(crate) const STATES: [&str; 4] = ["met", "partly", "not yet", "n/a"];

impl State {
    pub(crate) fn parse(s: &str) -> Option<State> {
        match s.trim().to_ascii_lowercase().as_str() {
            "met" => Some(State::Met),
            "partly" => Some(State::Partly),
            "not yet" => Some(State::NotYet),
            "n/a" => Some(State::NotApplicable),
            _ => None,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            State::Met => STATES[0],
            State::Partly => STATES[1],
            State::NotYet => STATES[2],
            State::NotApplicable => STATES[3],
        }
    }
}

/// One criterion's mark in a snapshot.
#[derive(Debug, Clone)]
pub(crate) struct Mark {
    pub criterion: String,
    pub state: State,
    pub note: String,
}

/// One assessment file.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// The file, as shown in diagnostics.
    pub file: String,
    /// `YYYY-MM-DD`, which sorts as a date.
    pub date: String,
    pub level: String,
    pub by: String,
    pub marks: Vec<Mark>,
}

impl Snapshot {
    /// The state of a criterion in this snapshot, if it was marked.
    pub(crate) fn state(&self, criterion: &str) -> Option<State> {
        self.marks
            .iter()
            .rev()
            .find(|m| m.criterion == criterion)
            .map(|m| m.state)
    }
}

/// A `YYYY-MM-DD` date, checked.
fn date(s: &str) -> Option<String> {
    let p: Vec<&str> = s.split('-').collect();
    let [y, m, d] = p.as_slice() else {
        return None;
    };
    let ok = y.len() == 4
        && m.len() == 2
        && d.len() == 2
        && y.parse::<u16>().is_ok()
        && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && d.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    ok.then(|| s.to_string())
}

/// Reads every `*.md` of the folder (none when it does not exist), oldest
/// first. Other files there are warnings.
pub(crate) fn load(
    dir: &Path,
    hb: &Handbook,
    warnings: &mut Diagnostics,
) -> Result<Vec<Snapshot>, Diagnostics> {
    let Ok(list) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<std::path::PathBuf> =
        list.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    let mut errors = Diagnostics::new();
    let mut out = Vec::new();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_none_or(|n| n.starts_with('.')) {
            continue;
        }
        let shown = crate::diagnostics::display_path(&path, Path::new(""));
        if !path.is_file() || path.extension().is_none_or(|x| x != "md") {
            warnings.push(
                Diagnostic::warning(format!("`{shown}` is not read"))
                    .in_file(&shown)
                    .hint("the assessments folder holds the .md files a level page downloads; move other files out of it"),
            );
            continue;
        }
        let src = match std::fs::read(&path)
            .map_err(|e| {
                Diagnostic::error(format!("cannot read the assessment: {e}"))
                    .in_file(&shown)
                    .hint("check the file's permissions")
            })
            .and_then(|bytes| SourceFile::from_bytes(path.clone(), shown, bytes))
        {
            Ok(src) => src,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        match parse(&src, hb, warnings) {
            Ok(s) => out.push(s),
            Err(d) => errors.extend(d.into_vec()),
        }
    }
    if errors.has_errors() {
        errors.sort();
        return Err(errors);
    }
    out.sort_by(|a, b| (&a.date, &a.file).cmp(&(&b.date, &b.file)));
    Ok(out)
}

/// A header field (`date`, `level`, `by`, `link`): its value and offset.
type Fields = Vec<(String, String, usize)>;

/// The header fields and the marks (with each criterion id's offset).
fn read_lines(
    src: &SourceFile,
    errors: &mut Diagnostics,
    warnings: &mut Diagnostics,
) -> (Fields, Vec<(Mark, usize)>) {
    let mut fields: Fields = Vec::new();
    let mut marks: Vec<(Mark, usize)> = Vec::new();
    let mut offset = 0;
    for line in src.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.trim_end();
        let t = text.trim_start();
        let lead = text.len() - t.len();
        let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) else {
            // Headings are for people; a continuation line extends a note;
            // any other text is said to be unread, never dropped quietly.
            if t.is_empty() || (lead == 0 && t.starts_with('#')) {
                continue;
            }
            match marks.last_mut().filter(|(m, _)| lead > 0 && !m.note.is_empty()) {
                Some((m, _)) => {
                    m.note.push(' ');
                    m.note.push_str(t);
                }
                None => warnings.push(
                    Diagnostic::warning(format!("`{t}` is not read"))
                        .at(src, start + lead, t.len())
                        .hint("an assessment reads `- <state>: <criterion-id>` lines, with `- Note: ...` under one for what you want kept; headings are for people"),
                ),
            }
            continue;
        };
        let at = start + lead + 2;
        let Some((key, value)) = item.split_once(':') else {
            errors.push(
                Diagnostic::error(format!("cannot read `{}`", item.trim()))
                    .at(src, at, item.len())
                    .hint(format!(
                        "write `- <state>: <criterion-id>`, where the state is one of: {}",
                        STATES.join(", ")
                    )),
            );
            continue;
        };
        let value_at = at + key.len() + 1 + (value.len() - value.trim_start().len());
        let (key, value) = (key.trim(), value.trim());
        if lead > 0 {
            match (key.eq_ignore_ascii_case("note"), marks.last_mut()) {
                (true, Some((m, _))) => m.note = value.to_string(),
                _ => warnings.push(
                    Diagnostic::warning(format!("`{}` is not read", item.trim()))
                        .at(src, at, item.len())
                        .hint("under a criterion, only `- Note: ...` is read"),
                ),
            }
            continue;
        }
        let lower = key.to_ascii_lowercase();
        if ["date", "level", "by", "link"].contains(&lower.as_str()) {
            fields.push((lower, value.to_string(), value_at));
            continue;
        }
        let Some(state) = State::parse(key) else {
            errors.push(
                Diagnostic::error(format!("unknown state `{key}`"))
                    .at(src, at, key.len())
                    .hint(format!("states are: {}", STATES.join(", "))),
            );
            continue;
        };
        let id = value.split(" — ").next().unwrap_or(value).trim();
        marks.push((
            Mark {
                criterion: id.to_string(),
                state,
                note: String::new(),
            },
            value_at,
        ));
    }
    (fields, marks)
}

/// Reads one snapshot and checks it against the handbook.
pub(crate) fn parse(
    src: &SourceFile,
    hb: &Handbook,
    warnings: &mut Diagnostics,
) -> Result<Snapshot, Diagnostics> {
    let mut errors = Diagnostics::new();
    let (fields, marks) = read_lines(src, &mut errors, warnings);
    let field = |k: &str| fields.iter().rev().find(|f| f.0 == k);
    let required = |k: &str, example: &str| {
        Diagnostic::error(format!("the assessment has no `{k}` line"))
            .at(src, 0, src.text.lines().next().map_or(0, str::len))
            .hint(format!(
                "add `- {k}: {example}` under the title, as the level page writes it"
            ))
    };
    let date = match field("date") {
        None => {
            errors.push(required("Date", "2026-12-02"));
            String::new()
        }
        Some((_, v, at)) => date(v).unwrap_or_else(|| {
            errors.push(
                Diagnostic::error(format!("cannot read the date `{v}`"))
                    .at(src, *at, v.len())
                    .hint("write the day as YYYY-MM-DD, e.g. 2026-12-02"),
            );
            String::new()
        }),
    };
    let level = match field("level") {
        None => {
            errors.push(required("Level", "senior"));
            String::new()
        }
        Some((_, v, at)) => level(hb, v, src, *at).unwrap_or_else(|d| {
            errors.push(d);
            String::new()
        }),
    };
    if errors.has_errors() {
        return Err(errors);
    }
    let marks = marks_of_level(hb, &level, marks, src, warnings);
    Ok(Snapshot {
        file: src.display.clone(),
        date,
        level,
        by: field("by")
            .map(|f| f.1.clone())
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "self".into()),
        marks,
    })
}

/// A level id, renamed ones read as their new id.
fn level(hb: &Handbook, id: &str, src: &SourceFile, at: usize) -> Result<String, Diagnostic> {
    if hb.level(id).is_some() {
        return Ok(id.to_string());
    }
    if let Some(now) = Resolver::new(hb).renamed(false, id) {
        return Ok(now.to_string());
    }
    let levels: Vec<&str> = hb.levels().iter().map(|l| l.id.as_str()).collect();
    let d = Diagnostic::error(format!("unknown level `{id}`")).at(src, at, id.len());
    Err(match did_you_mean(id, levels.iter().copied()) {
        Some(b) => d.hint(format!("did you mean `{b}`?")),
        None => d.hint(format!("levels are: {}", levels.join(", "))),
    })
}

/// The marks on criteria of the level, renamed ones read as their new id;
/// a criterion the level does not ask for (retired since?) is a warning.
fn marks_of_level(
    hb: &Handbook,
    level: &str,
    marks: Vec<(Mark, usize)>,
    src: &SourceFile,
    warnings: &mut Diagnostics,
) -> Vec<Mark> {
    let asked: Vec<String> = criteria::of_level(hb, level)
        .into_iter()
        .flat_map(|d| d.criteria.into_iter().map(|c| c.id))
        .collect();
    let resolver = Resolver::new(hb);
    let mut out = Vec::new();
    for (mut m, at) in marks {
        if !asked.contains(&m.criterion) {
            if let Some(now) = resolver.renamed(true, &m.criterion) {
                m.criterion = now.to_string();
            }
        }
        if asked.contains(&m.criterion) {
            out.push(m);
            continue;
        }
        let d = Diagnostic::warning(format!(
            "`{}` is not a criterion of the level `{level}`; it is left out",
            m.criterion
        ))
        .at(src, at, m.criterion.len());
        warnings.push(match did_you_mean(&m.criterion, asked.iter().map(String::as_str)) {
            Some(b) => d.hint(format!("did you mean `{b}`?")),
            None => d.hint("it may have been retired since the snapshot was taken; snapshots are history, so this is only a warning"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_dates() {
        assert_eq!(State::parse("Not Yet"), Some(State::NotYet));
        assert_eq!(State::parse("N/A"), Some(State::NotApplicable));
        assert_eq!(State::parse("done"), None);
        assert_eq!(date("2026-12-02").as_deref(), Some("2026-12-02"));
        for bad in ["2026-13-01", "2026-1-2", "yesterday", "2026-12-02-1"] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }
}
