//! Etsy's engineering career ladder: `competencies.md` gives each
//! competency an HTML table with a column per proficiency tier (Beginner
//! ... Leading Expert) of criteria; `index.md` gives the levels, each with
//! its expectations, track record and a sentence over the tiers ("Advanced
//! in at least one competency ..."). Competencies become dimensions with
//! tiers, the sentence a level's rule ([`rule`] reads its clauses) and the
//! rest the level's page.
//!
//! Both files are read line by line, as they are written: headings, bullet
//! lists and one `<li>` per line. Anything else that carries text is
//! reported, never dropped silently.

mod rule;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::emit::markdown_text;
use super::{derived_id, read_source, Dimension, Ladder, Level, Tier, Track};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::slugify_id;
use crate::source::SourceFile;

/// Reads the folder holding `index.md` and `competencies.md` (or either file).
pub(crate) fn read(source: &Path) -> Result<(Vec<Ladder>, Diagnostics), Diagnostics> {
    let dir = if source.is_dir() {
        source
    } else {
        source.parent().unwrap_or(Path::new("."))
    };
    let base = dir.parent().unwrap_or(Path::new(""));
    let mut d = Diagnostics::new();
    let comp = read_source(&dir.join("competencies.md"), base)?;
    let index = read_source(&dir.join("index.md"), base)?;
    let (proficiency, dimensions, intro) = competencies(&comp, &mut d);
    let (name, mut levels) = levels(&index, &mut d);
    if d.has_errors() {
        return Err(d);
    }
    let dims: Vec<(String, String)> = dimensions
        .iter()
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect();
    for l in &mut levels {
        let Some(words) = l.rule_words.take() else {
            d.push(
                Diagnostic::warning(format!(
                    "level `{}` has no Competencies paragraph: it gets no rule over the tiers",
                    l.level.title
                ))
                .at(&index, l.at, l.level.title.len())
                .hint("add the level's rule as [requires] in its page after the import"),
            );
            continue;
        };
        let rule = rule::read(&words.0, &proficiency, &dims);
        if let Err(why) = &rule.1 {
            d.push(
                Diagnostic::warning(format!(
                    "cannot read the rule of `{}` as clauses: {why}",
                    l.level.title
                ))
                .at(&index, words.1, words.0.len())
                .hint("the level keeps the rule's words; write its clauses as requires.all / requires.any in its page"),
            );
        }
        l.level.requires = Some(rule.0);
    }
    let levels: Vec<Level> = levels.into_iter().map(|l| l.level).collect();
    let ladder = Ladder {
        slug: String::new(),
        library: false,
        keep_ids: false,
        markdown: false,
        name: if name.is_empty() {
            "Career ladder".into()
        } else {
            name
        },
        summary: intro,
        source: "Etsy's engineering career ladder (index.md and competencies.md)".into(),
        proficiency,
        dimensions,
        tracks: vec![Track {
            id: "engineering".into(),
            name: "Engineering".into(),
            levels: levels.iter().map(|l| l.id.clone()).collect(),
        }],
        levels,
    };
    Ok((vec![ladder], d))
}

/// A line's text with its HTML tags removed and entities decoded.
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(out.trim())
}

fn decode(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&rsquo;", "\u{2019}")
        .replace("&amp;", "&")
}

/// Lines (offset, text) of a file.
fn lines(src: &SourceFile) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    src.text.split_inclusive('\n').map(move |l| {
        let start = at;
        at += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

/// The site's own navigation (links to the other page and to the PDF),
/// which is not part of the ladder.
fn navigation(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with('[') || t.starts_with("\\(["))
        && (t.contains("(index.md)") || t.contains("(competencies.md)") || t.contains(".pdf)"))
}

/// `at` is the offset of the trimmed `text`.
fn unread(src: &SourceFile, at: usize, text: &str) -> Diagnostic {
    Diagnostic::warning("text the importer does not read is left out")
        .at(src, at, text.trim().len().max(1))
        .hint("careerbook reads headings, `**Example Skills:**`, the tier tables and their <li> items; add this text to the handbook by hand")
}

/// The competencies: the scale (the first table's header), the dimensions
/// with their tiers, and the introduction.
fn competencies(
    src: &Arc<SourceFile>,
    d: &mut Diagnostics,
) -> (Vec<String>, Vec<Dimension>, String) {
    let mut dims: Vec<Dimension> = Vec::new();
    let mut intro = Vec::new();
    let mut table = Table::default();
    let mut in_table = false;
    for (start, line) in lines(src) {
        let t = line.trim();
        let at = start + (line.len() - line.trim_start().len());
        if t.is_empty() || navigation(t) || t.starts_with("# ") || t == "## Competencies" {
            continue;
        }
        if let Some(name) = t.strip_prefix("### ") {
            let name = plain(name);
            let id = slugify_id(&name);
            if dims.iter().any(|x| x.id == id) {
                d.push(
                    Diagnostic::error(format!("competency `{name}` appears twice"))
                        .at(src, at + 4, name.len().max(1))
                        .hint("each competency has one section; merge them"),
                );
            }
            dims.push(Dimension {
                id,
                name,
                ..Dimension::default()
            });
            continue;
        }
        if let Some(skills) = t.strip_prefix("**Example Skills:**") {
            match dims.last_mut() {
                Some(dim) => dim.description = format!("Example skills: {}", decode(skills.trim())),
                None => d.push(unread(src, at, t)),
            }
            continue;
        }
        if t.starts_with("<table") {
            in_table = true;
            table.header.clear();
            table.column = None;
            if dims.is_empty() {
                d.push(
                    Diagnostic::error("a tier table before any competency heading")
                        .at(src, at, t.len())
                        .hint("each table follows the `### Competency` heading it belongs to"),
                );
            }
            continue;
        }
        if t.starts_with("</table") {
            in_table = false;
            if let Some(dim) = dims.last() {
                if dim.tiers.is_empty() {
                    d.push(
                        Diagnostic::error(format!(
                            "competency `{}` has a table without tiers",
                            dim.name
                        ))
                        .at(src, at, t.len())
                        .hint("the table's <thead> names the tiers, one <th> each"),
                    );
                }
            }
            continue;
        }
        if !in_table {
            if dims.is_empty() {
                intro.push(decode(t));
            } else {
                d.push(unread(src, at, t));
            }
            continue;
        }
        table.line(&mut dims, src, at, t, d);
    }
    if dims.is_empty() {
        d.push(
            Diagnostic::error("no competencies found")
                .in_file(&src.display)
                .hint("competencies.md has a `### Name` heading and a tier table per competency"),
        );
    }
    (table.scale, dims, intro.join(" "))
}

/// The tier tables as they are read: the scale (the first table's header),
/// the current table's header and the column of the cell being read.
#[derive(Default)]
struct Table {
    scale: Vec<String>,
    header: Vec<String>,
    column: Option<usize>,
    taken: HashSet<String>,
}

impl Table {
    /// One line inside a `<table>` of the last competency in `dims`.
    fn line(
        &mut self,
        dims: &mut [Dimension],
        src: &SourceFile,
        at: usize,
        t: &str,
        d: &mut Diagnostics,
    ) {
        let (scale, header, column) = (&mut self.scale, &mut self.header, &mut self.column);
        if t.starts_with("<th ") || t.starts_with("<th>") {
            let name = plain(t);
            header.push(name.clone());
            if let Some(dim) = dims.last_mut() {
                dim.tiers.push(Tier {
                    proficiency: name.clone(),
                    criteria: Vec::new(),
                });
            }
            if scale.len() < header.len() {
                scale.push(name);
            } else if scale[header.len() - 1] != name {
                d.push(
                    Diagnostic::error(format!(
                        "tier `{name}` where the first table has `{}`",
                        scale[header.len() - 1]
                    ))
                    .at(src, at, t.len())
                    .hint("every competency's table uses the same tiers in the same order"),
                );
            }
            return;
        }
        if t.starts_with("<tr ") || t.starts_with("<tr>") {
            *column = None;
            return;
        }
        if t.starts_with("<td ") || t.starts_with("<td>") {
            let next = column.map_or(0, |c| c + 1);
            if next >= header.len() {
                d.push(
                    Diagnostic::error(format!("a cell beyond the table's {} tiers", header.len()))
                        .at(src, at, t.len())
                        .hint("each row has one <td> per <th> of the header"),
                );
            }
            *column = Some(next);
            return;
        }
        if t.starts_with("<li ") || t.starts_with("<li>") {
            let text = plain(t);
            let dim_id = dims.last().map(|x| x.id.clone()).unwrap_or_default();
            match column.and_then(|c| dims.last_mut()?.tiers.get_mut(c)) {
                Some(tier) => {
                    if !text.is_empty() {
                        let prefix = format!("{dim_id}-{}", slugify_id(&tier.proficiency));
                        tier.criteria.push(super::Criterion {
                            id: derived_id(&prefix, &text, &mut self.taken),
                            text,
                            examples: Vec::new(),
                        });
                    }
                }
                None => d.push(
                    Diagnostic::error("a criterion outside any tier's cell")
                        .at(src, at, t.len())
                        .hint("criteria are <li> items inside a <td> of a competency's table"),
                ),
            }
            return;
        }
        // Structure without text (<thead>, <ul>, closing tags).
        if !plain(t).is_empty() {
            d.push(unread(src, at, t));
        }
    }
}

/// A level being read, with where its title is and its rule's words.
struct Reading {
    level: Level,
    at: usize,
    rule_words: Option<(String, usize)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    None,
    Expectations,
    TrackRecord,
    Competencies,
}

/// The levels of index.md, lowest first, and the ladder's name.
fn levels(src: &Arc<SourceFile>, d: &mut Diagnostics) -> (String, Vec<Reading>) {
    let mut name = String::new();
    let mut out: Vec<Reading> = Vec::new();
    // The current `###` group: its title, expectations and whether it
    // includes `####` levels.
    let mut group = String::new();
    let mut group_expectations: Vec<String> = Vec::new();
    let mut group_first: Option<(String, String)> = None;
    let mut group_size = 0usize;
    let mut part = Part::None;
    let mut track_record: Vec<String> = Vec::new();
    for (start, line) in lines(src) {
        let t = line.trim();
        let at = start + (line.len() - line.trim_start().len());
        if t.is_empty() || navigation(t) || t == "## Level Progression" {
            continue;
        }
        if let Some(n) = t.strip_prefix("# ") {
            name = plain(n);
            continue;
        }
        if let Some(g) = t.strip_prefix("### ") {
            flush_track_record(&mut out, &mut track_record);
            group = plain(g);
            group_expectations.clear();
            group_first = None;
            group_size = 0;
            part = Part::None;
            out.push(new_level(&group, at + 4));
            continue;
        }
        if let Some(sub) = t.strip_prefix("#### ") {
            flush_track_record(&mut out, &mut track_record);
            let title = plain(sub);
            // The group heading was a placeholder until its first sub-level.
            if group_size == 0 && out.last().is_some_and(|l| l.level.title == group) {
                out.pop();
            }
            group_size += 1;
            let mut r = new_level(&title, at + 5);
            let first = group_first.as_ref().map(|(i, t)| (i.as_str(), t.as_str()));
            r.level.body = body_expectations(&group, &group_expectations, first, &title);
            if group_first.is_none() {
                group_first = Some((r.level.id.clone(), title.clone()));
            }
            r.level.summary = summary(&group_expectations, &group, group_size);
            out.push(r);
            part = Part::None;
            continue;
        }
        if let Some(h) = t.strip_prefix("##### ") {
            flush_track_record(&mut out, &mut track_record);
            part = match plain(h).to_lowercase().as_str() {
                "expectations" => Part::Expectations,
                "track record" => Part::TrackRecord,
                "competencies" => Part::Competencies,
                _ => {
                    d.push(unread(src, at, t));
                    Part::None
                }
            };
            continue;
        }
        if t.starts_with("**Includes:**") {
            continue;
        }
        let Some(cur) = out.last_mut() else {
            d.push(unread(src, at, t));
            continue;
        };
        match part {
            Part::Expectations => match t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
                Some(item) => {
                    group_expectations.push(item.trim().to_string());
                    if group_size == 0 {
                        cur.level.body =
                            body_expectations(&group, &group_expectations, None, &group);
                        cur.level.summary = summary(&group_expectations, &group, 0);
                    }
                }
                None => d.push(unread(src, at, t)),
            },
            Part::TrackRecord => track_record.push(t.to_string()),
            Part::Competencies => {
                let words = match cur.rule_words.take() {
                    Some((w, o)) => (format!("{w} {t}"), o),
                    None => (t.to_string(), at),
                };
                cur.rule_words = Some(words);
            }
            Part::None => d.push(unread(src, at, t)),
        }
    }
    flush_track_record(&mut out, &mut track_record);
    if out.is_empty() {
        d.push(
            Diagnostic::error("no levels found")
                .in_file(&src.display)
                .hint("index.md has a `### Level` heading per level (with `####` headings for the steps it includes)"),
        );
    }
    // A group heading with steps but no `####` of its own stays a level.
    (name, out)
}

fn new_level(title: &str, at: usize) -> Reading {
    Reading {
        level: Level {
            id: slugify_id(title),
            title: title.to_string(),
            ..Level::default()
        },
        at,
        rule_words: None,
    }
}

fn flush_track_record(out: &mut [Reading], track_record: &mut Vec<String>) {
    if track_record.is_empty() {
        return;
    }
    if let Some(cur) = out.last_mut() {
        cur.level.body.push_str("\n\n## Track record\n\n");
        cur.level
            .body
            .push_str(&markdown_text(&track_record.join(" ")));
        cur.level.body = cur.level.body.trim().to_string();
    }
    track_record.clear();
}

/// The expectations, on the first level of a group; later steps of the
/// group point to them.
fn body_expectations(
    group: &str,
    items: &[String],
    first: Option<(&str, &str)>,
    title: &str,
) -> String {
    if items.is_empty() {
        return String::new();
    }
    match first {
        Some((id, first_title)) => format!(
            "## Expectations at this level\n\n{} shares the expectations of {} with [[level:{id}#expectations-at-this-level|{}]].",
            markdown_text(title),
            markdown_text(group),
            markdown_text(first_title)
        ),
        None => {
            let list: Vec<String> = items
                .iter()
                .map(|i| format!("- {}", markdown_text(i)))
                .collect();
            format!("## Expectations at this level\n\n{}", list.join("\n"))
        }
    }
}

fn summary(items: &[String], group: &str, step: usize) -> String {
    let first = items.first().map_or("", |s| s.as_str());
    match step {
        0 | 1 if first.is_empty() => group.to_string(),
        0 => first.to_string(),
        n => format!("Step {n} of {group}. {first}"),
    }
}
