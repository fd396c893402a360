//! The changes as plain text (a terminal), Markdown (a pull-request
//! comment) or JSON (other tools).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::diff::Change;
use super::words::{markdown as md_words, plain as plain_words, Piece};
use crate::model::snapshot::Snapshot;

/// How `changes` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// Markdown's special characters in text from the ladder.
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How many of each kind, in the order kinds first appear.
fn counts(list: &[Change]) -> Vec<(&'static str, usize)> {
    let mut v: Vec<(&'static str, usize)> = Vec::new();
    for c in list {
        match v.iter_mut().find(|(n, _)| *n == c.name()) {
            Some((_, k)) => *k += 1,
            None => v.push((c.name(), 1)),
        }
    }
    v
}

fn sizes(s: &Snapshot) -> String {
    format!(
        "{} levels, {} dimensions, {} criteria",
        s.levels.len(),
        s.dimensions.len(),
        s.criteria.len()
    )
}

/// How words from the ladder are written: plain, as Markdown or as HTML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Plain,
    Markdown,
    Html,
}

struct Style {
    mode: Mode,
}

impl Style {
    fn code(&self, s: &str) -> String {
        match self.mode {
            Mode::Plain => s.to_string(),
            Mode::Markdown => format!("`{s}`"),
            Mode::Html => format!("<code>{}</code>", crate::html::escape(s)),
        }
    }
    /// Text from the ladder, on one line.
    fn text(&self, s: &str) -> String {
        let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
        match self.mode {
            Mode::Plain => one,
            Mode::Markdown => md_escape(&one),
            Mode::Html => crate::html::escape(&one),
        }
    }
    fn words(&self, w: &[Piece]) -> String {
        match self.mode {
            Mode::Plain => plain_words(w),
            Mode::Markdown => md_words(w),
            Mode::Html => html_words(w),
        }
    }
    fn ids(&self, v: &[String]) -> String {
        v.iter()
            .map(|s| self.code(s))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// " (retired: why)" for an id removed on purpose.
fn retired(st: &Style, reason: Option<&str>) -> String {
    reason.map_or_else(String::new, |r| format!(" (retired: {})", st.text(r)))
}

fn guess(inferred: bool) -> &'static str {
    if inferred {
        " (inferred from shared words; declare `formerly` to make it certain)"
    } else {
        ""
    }
}

/// One change as a line; `md` for Markdown.
fn line(c: &Change, md: bool) -> String {
    let st = Style {
        mode: if md { Mode::Markdown } else { Mode::Plain },
    };
    line_in(c, &st)
}

/// One change as inline HTML, for the site's pages.
pub(crate) fn html_line(c: &Change) -> String {
    line_in(c, &Style { mode: Mode::Html })
}

/// A word diff as HTML: `<del>` and `<ins>`.
fn html_words(pieces: &[Piece]) -> String {
    let words: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            Piece::Same(s) => crate::html::escape(s),
            Piece::Removed(s) => format!("<del>{}</del>", crate::html::escape(s)),
            Piece::Added(s) => format!("<ins>{}</ins>", crate::html::escape(s)),
        })
        .collect();
    words.join(" ")
}

fn line_in(c: &Change, st: &Style) -> String {
    criterion_line(c, st).unwrap_or_else(|| ladder_line(c, st))
}

fn criterion_line(c: &Change, st: &Style) -> Option<String> {
    Some(match c {
        Change::CriterionAdded { id, place, text } => {
            format!(
                "{} added to {}: {}",
                st.code(id),
                st.text(&place.describe()),
                st.text(text)
            )
        }
        Change::CriterionRemoved {
            id,
            place,
            text,
            reason,
        } => {
            format!(
                "{} removed from {}: {}{}",
                st.code(id),
                st.text(&place.describe()),
                st.text(text),
                retired(st, reason.as_deref())
            )
        }
        Change::CriterionReworded {
            id, place, words, ..
        } => {
            format!(
                "{} reworded ({}): {}",
                st.code(id),
                st.text(&place.describe()),
                st.words(words)
            )
        }
        Change::CriterionMoved { id, from, to, .. } => {
            format!(
                "{} moved from {} to {}",
                st.code(id),
                st.text(&from.describe()),
                st.text(&to.describe())
            )
        }
        Change::CriterionExamples {
            id, added, removed, ..
        } => format!(
            "{} examples: {} added, {} removed",
            st.code(id),
            added.len(),
            removed.len()
        ),
        Change::CriterionRenamed {
            from,
            to,
            place,
            inferred,
            words,
        } => {
            let same = words.iter().all(|p| matches!(p, Piece::Same(_)));
            let wording = match same {
                true => String::new(),
                false => format!(", reworded: {}", st.words(words)),
            };
            format!(
                "{} is now {} ({}){wording}{}",
                st.code(from),
                st.code(to),
                st.text(&place.describe()),
                guess(*inferred)
            )
        }
        Change::CriteriaMerged {
            from,
            into,
            place,
            inferred,
        } => format!(
            "{} merged into {} ({}){}",
            st.ids(from),
            st.code(into),
            st.text(&place.describe()),
            guess(*inferred)
        ),
        Change::CriterionSplit {
            from,
            into,
            inferred,
        } => {
            format!(
                "{} split into {}{}",
                st.code(from),
                st.ids(into),
                guess(*inferred)
            )
        }
        _ => return None,
    })
}

fn ladder_line(c: &Change, st: &Style) -> String {
    let (code, text) = (|s: &str| st.code(s), |s: &str| st.text(s));
    match c {
        Change::LevelAdded { id, title } => format!("level {} added: {}", code(id), text(title)),
        Change::LevelRemoved { id, title, reason } => format!(
            "level {} removed: {}{}",
            code(id),
            text(title),
            retired(st, reason.as_deref())
        ),
        Change::LevelRenamed { id, from, to } => {
            format!(
                "level {} renamed from {} to {}",
                code(id),
                text(from),
                text(to)
            )
        }
        Change::LevelIdChanged { from, to, title } => {
            format!("level {} is now {} ({})", code(from), code(to), text(title))
        }
        Change::LevelsReordered { track, from, to } => {
            format!(
                "{} reordered: {} (was {})",
                text(track),
                st.ids(to),
                st.ids(from)
            )
        }
        Change::DimensionAdded { id, name } => {
            format!("dimension {} added: {}", code(id), text(name))
        }
        Change::DimensionRemoved { id, name } => {
            format!("dimension {} removed: {}", code(id), text(name))
        }
        Change::DimensionRenamed { id, from, to } => {
            format!(
                "dimension {} renamed from {} to {}",
                code(id),
                text(from),
                text(to)
            )
        }
        Change::DimensionsReordered { from, to } => {
            format!(
                "dimensions reordered: {} (was {})",
                st.ids(to),
                st.ids(from)
            )
        }
        Change::TrackAdded { id, name, levels } => {
            format!(
                "track {} added: {} ({})",
                code(id),
                text(name),
                st.ids(levels)
            )
        }
        Change::TrackForked {
            id,
            name,
            from,
            shared,
        } => format!(
            "track {} ({}) forked from {} after {}",
            code(id),
            text(name),
            text(from),
            st.ids(shared)
        ),
        Change::TrackRemoved { id, name } => format!("track {} removed: {}", code(id), text(name)),
        other => other.name().to_string(),
    }
}

/// The group a change is listed under.
pub(crate) fn group(c: &Change) -> &'static str {
    match c {
        Change::LevelAdded { .. }
        | Change::LevelRemoved { .. }
        | Change::LevelRenamed { .. }
        | Change::LevelIdChanged { .. }
        | Change::LevelsReordered { .. }
        | Change::TrackAdded { .. }
        | Change::TrackForked { .. }
        | Change::TrackRemoved { .. } => "Levels and tracks",
        Change::DimensionAdded { .. }
        | Change::DimensionRemoved { .. }
        | Change::DimensionRenamed { .. }
        | Change::DimensionsReordered { .. } => "Dimensions",
        _ => "Criteria",
    }
}

#[derive(Serialize)]
struct Json<'a> {
    since: &'a str,
    before: Side,
    after: Side,
    counts: BTreeMap<&'static str, usize>,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Side {
    levels: usize,
    dimensions: usize,
    criteria: usize,
}

fn side(s: &Snapshot) -> Side {
    Side {
        levels: s.levels.len(),
        dimensions: s.dimensions.len(),
        criteria: s.criteria.len(),
    }
}

pub(crate) fn render(
    format: Format,
    since: &str,
    old: &Snapshot,
    new: &Snapshot,
    list: &[Change],
) -> String {
    if format == Format::Json {
        let j = Json {
            since,
            before: side(old),
            after: side(new),
            counts: counts(list).into_iter().collect(),
            changes: list,
        };
        return serde_json::to_string_pretty(&j).unwrap_or_default() + "\n";
    }
    let md = format == Format::Markdown;
    let mut s = String::new();
    let summary = match list.len() {
        0 => "no changes".to_string(),
        _ => counts(list)
            .iter()
            .map(|(n, k)| format!("{n}: {k}"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    if md {
        let _ = writeln!(s, "### Ladder changes since {}\n", md_escape(since));
        let _ = writeln!(s, "{}: then {}, now {}.\n", summary, sizes(old), sizes(new));
    } else {
        let _ = writeln!(
            s,
            "Changes since {since}: then {}, now {}",
            sizes(old),
            sizes(new)
        );
    }
    for g in ["Levels and tracks", "Dimensions", "Criteria"] {
        let items: Vec<&Change> = list.iter().filter(|c| group(c) == g).collect();
        if items.is_empty() {
            continue;
        }
        let _ = if md {
            writeln!(s, "#### {g}\n")
        } else {
            writeln!(s, "\n{g}")
        };
        for c in items {
            let _ = if md {
                writeln!(s, "- {}", line(c, true))
            } else {
                writeln!(s, "  {}", line(c, false))
            };
        }
        if md {
            s.push('\n');
        }
    }
    if !md {
        let _ = writeln!(s, "\n{summary}");
    }
    s
}
