//! Reading the overlay's two plain-Markdown files. They are written for
//! people first, so the parser reads the shape the brag-document template
//! already has instead of asking for front matter:
//!
//! ```text
//! # Brag Document — Sam Rivera — 2026
//! ## Projects                              <- a section
//! - Checkout retries: one-line description <- an entry: "Title: text"
//!   - When: 2025-Q2                         <- fields, one per nested item
//!   - Dimensions: scope, failure-impact
//!   - Level: senior
//!   - Story: technical challenge
//!   - My role: ...
//!   - Impact: ...
//! ```
//!
//! Any nested `Key: value` is kept; `When`, `Dimensions`, `Level` and
//! `Story` are understood. The packet names `Current level:` and `Target
//! level:` and cites entries as `[[brag:Title]]`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

/// A point in time an entry is dated to, as precise as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct When {
    pub year: u16,
    pub quarter: u8,
    /// 0 when only the quarter is known.
    pub month: u8,
    pub day: u8,
}

impl When {
    /// `2025-Q2`, `Q2 2025`, `2025-08`, `2026-03-14`.
    pub(crate) fn parse(s: &str) -> Option<When> {
        let s = s.trim();
        let up = s.to_ascii_uppercase();
        let (y, q) = if let Some((y, q)) = up.split_once("-Q") {
            (y.to_string(), q.to_string())
        } else if let Some(rest) = up.strip_prefix('Q') {
            let (q, y) = rest.split_once(' ')?;
            (y.trim().to_string(), q.to_string())
        } else {
            let parts: Vec<&str> = s.split('-').collect();
            let year: u16 = parts.first()?.parse().ok()?;
            let month: u8 = parts.get(1)?.parse().ok()?;
            let day: u8 = match parts.get(2) {
                Some(d) => d.parse().ok()?,
                None => 0,
            };
            if parts.len() > 3
                || !(1..=12).contains(&month)
                || day > 31
                || !(1900..=2200).contains(&year)
            {
                return None;
            }
            return Some(When {
                year,
                quarter: (month - 1) / 3 + 1,
                month,
                day,
            });
        };
        let year: u16 = y.trim().parse().ok()?;
        let quarter: u8 = q.trim().parse().ok()?;
        if !(1..=4).contains(&quarter) || !(1900..=2200).contains(&year) {
            return None;
        }
        Some(When {
            year,
            quarter,
            month: 0,
            day: 0,
        })
    }

    pub(crate) fn quarter_label(&self) -> String {
        format!("{}-Q{}", self.year, self.quarter)
    }

    /// Quarters since year 0, for gaps and recency.
    pub(crate) fn quarter_index(&self) -> i32 {
        i32::from(self.year) * 4 + i32::from(self.quarter) - 1
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub key: String,
    pub value: String,
    /// Byte offset of the value in the file, for diagnostics.
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub title: String,
    pub description: String,
    pub section: String,
    pub fields: Vec<Field>,
    pub when: Option<When>,
    pub dimensions: Vec<String>,
    pub level: Option<String>,
    pub story: Option<String>,
    /// Criteria it cites (`Criteria: id, id`), with each id's offset.
    pub criteria: Vec<(String, usize)>,
    /// Its id on the brag page, unique among the entries.
    pub anchor: String,
    /// Where its title starts in the file.
    pub offset: usize,
}

impl Brag {
    /// The anchor of the (first) entry titled `title`.
    pub(crate) fn anchor(&self, title: &str) -> Option<&str> {
        let title = title.trim();
        self.entries
            .iter()
            .find(|e| e.title == title)
            .map(|e| e.anchor.as_str())
    }
}

impl Entry {
    /// An entry with its title line read, its fields still to come.
    fn new(title: String, description: String, section: &str, offset: usize) -> Entry {
        Entry {
            title,
            description,
            section: section.to_string(),
            fields: Vec::new(),
            when: None,
            dimensions: Vec::new(),
            level: None,
            story: None,
            criteria: Vec::new(),
            anchor: String::new(),
            offset,
        }
    }

    pub(crate) fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.key.eq_ignore_ascii_case(key))
            .map(|f| f.value.as_str())
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Brag {
    pub heading: String,
    pub entries: Vec<Entry>,
    /// Items of sections without dates (the "what next" goals).
    pub goals: Vec<String>,
    /// Text outside entries: shown under its section's name on the timeline.
    pub notes: Vec<Note>,
    /// What was written but is not shown (headings careerbook does not read).
    pub warnings: Diagnostics,
}

/// Text written outside entries, in one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    /// The section it is in ("" before the first).
    pub section: String,
    /// Its lines, as Markdown.
    pub text: String,
    /// Where it starts in the file.
    pub offset: usize,
}

impl Brag {
    /// Adds a line of text outside entries to its section's notes.
    fn note(&mut self, section: &str, line: &str, after_blank: bool, offset: usize) {
        match self.notes.last_mut() {
            Some(n) if n.section == section => {
                n.text.push_str(if after_blank { "\n\n" } else { "\n" });
                n.text.push_str(line);
            }
            _ => self.notes.push(Note {
                section: section.to_string(),
                text: line.to_string(),
                offset,
            }),
        }
    }
}

/// The ids of a `Criteria:` value, each with its offset in the file.
fn criterion_ids(value: &str, offset: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for part in value.split(',') {
        let id = part.trim();
        if !id.is_empty() {
            let lead = part.len() - part.trim_start().len();
            out.push((id.to_string(), offset + at + lead));
        }
        at += part.len() + 1;
    }
    out
}

/// The level of a Markdown heading line (`## x` is 2), if it is one.
fn heading_level(line: &str) -> Option<usize> {
    let n = line.chars().take_while(|&c| c == '#').count();
    let rest = line.get(n..).unwrap_or("");
    ((1..=6).contains(&n) && (rest.is_empty() || rest.starts_with(' '))).then_some(n)
}

/// Splits `Key: value` when the key is short and plain.
fn key_value(text: &str) -> Option<(&str, &str)> {
    let (k, v) = text.split_once(':')?;
    let k = k.trim().trim_matches('*').trim();
    (!k.is_empty() && k.len() <= 40 && !k.contains('[') && !k.contains('('))
        .then_some((k, v.trim()))
}

/// The text with HTML comments blanked out (newlines kept), so byte
/// offsets still point into the original file.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find("-->").map_or(after.len(), |e| e + 3);
        for c in after[..end].chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                // As many spaces as the character has bytes.
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Reads a brag document. Structural problems (a date or field that cannot
/// be read) are located errors; what it means against the framework is
/// checked by the caller. Nothing written is dropped: text outside entries
/// becomes a section's notes, and what cannot be shown is a warning.
pub(crate) fn brag(src: &SourceFile) -> Result<Brag, Diagnostics> {
    let mut out = Brag::default();
    let mut diags = Diagnostics::new();
    let mut section = String::new();
    // Whether the section has an entry yet (nested lines belong to it).
    let mut has_entry = false;
    let mut blank = false;
    let mut offset = 0;
    let text = without_comments(&src.text);
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.trim_end();
        let trimmed = text.trim_start();
        let after_blank = std::mem::replace(&mut blank, trimmed.is_empty());
        if trimmed.is_empty() {
            continue;
        }
        let lead = text.len() - trimmed.len();
        let next = section.to_ascii_lowercase().contains("next");
        if let Some(level) = heading_level(trimmed).filter(|_| lead < 4) {
            let h = trimmed[level..].trim();
            match level {
                1 if out.heading.is_empty() && !h.is_empty() => out.heading = h.to_string(),
                2 if !h.is_empty() => {
                    section = h.to_string();
                    has_entry = false;
                }
                _ => {
                    out.warnings
                        .push(heading_warning(src, start + lead, trimmed, level, &section))
                }
            }
            continue;
        }
        let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        else {
            match (lead > 0, next, has_entry) {
                // A continuation line belongs to the last goal...
                (true, true, _) if !out.goals.is_empty() => {
                    if let Some(g) = out.goals.last_mut() {
                        g.push(' ');
                        g.push_str(trimmed);
                    }
                }
                // ...or to the last field or description.
                (true, false, true) => {
                    if let Some(e) = out.entries.last_mut() {
                        continue_entry(e, trimmed, start + lead);
                    }
                }
                _ => out.note(&section, trimmed, after_blank, start + lead),
            }
            continue;
        };
        let item_offset = start + lead + 2;
        if lead == 0 && next {
            out.goals.push(item.trim().to_string());
            continue;
        }
        if lead == 0 {
            let (title, description) = match key_value(item) {
                Some((t, d)) => (t.to_string(), d.to_string()),
                None => (item.trim().to_string(), String::new()),
            };
            out.entries
                .push(Entry::new(title, description, &section, item_offset));
            has_entry = true;
            continue;
        }
        let entry = match (next, out.entries.last_mut()) {
            (false, Some(e)) if has_entry => e,
            _ => {
                match out.goals.last_mut().filter(|_| next) {
                    Some(g) => {
                        g.push_str(" — ");
                        g.push_str(item.trim());
                    }
                    None => out.note(&section, trimmed, after_blank, start + lead),
                }
                continue;
            }
        };
        let Some((key, value)) = key_value(item) else {
            entry.description.push(' ');
            entry.description.push_str(item.trim());
            continue;
        };
        let value_offset = item_offset + item.find(value).unwrap_or(0);
        if let Err(d) = field(entry, key, value, value_offset, src) {
            diags.push(d);
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    name_entries(&mut out, src);
    Ok(out)
}

/// Gives each entry its anchor (unique, even where two slugs or titles are
/// the same), and says where a title is used twice: a citation of it names
/// the first.
fn name_entries(out: &mut Brag, src: &SourceFile) {
    let mut slugger = crate::markdown::Slugger::default();
    let mut seen = std::collections::HashSet::new();
    for e in &mut out.entries {
        e.anchor = slugger.unique(crate::markdown::slugify(&e.title));
        if !seen.insert(e.title.clone()) {
            out.warnings.push(
                Diagnostic::warning(format!("a second entry is titled `{}`", e.title))
                    .at(src, e.offset, e.title.len())
                    .hint(format!(
                        "`[[brag:{}]]` cites the first one; give each entry a title of its own",
                        e.title
                    )),
            );
        }
    }
}

/// A heading the brag document's shape has no place for.
fn heading_warning(
    src: &SourceFile,
    offset: usize,
    line: &str,
    level: usize,
    section: &str,
) -> Diagnostic {
    if line.trim_start_matches('#').trim().is_empty() {
        return Diagnostic::warning("an empty heading is not shown")
            .at(src, offset, line.len())
            .hint("give it a name (`## Projects`) or remove it");
    }
    let d = Diagnostic::warning(match level {
        1 => "a second `# ` title is not shown".to_string(),
        n => format!("a level-{n} heading is not shown"),
    })
    .at(src, offset, line.len());
    let under = match section {
        "" => String::new(),
        s => format!("; the entries after it belong to the section `{s}`"),
    };
    d.hint(format!(
        "the brag document reads `# ` as its title and `## ` as sections{under}; make it a `## ` section, or a sentence in the section"
    ))
}

/// A line continuing the last entry: its last field, or its description.
fn continue_entry(e: &mut Entry, text: &str, offset: usize) {
    match e.fields.last_mut() {
        Some(f) => {
            f.value.push(' ');
            f.value.push_str(text);
            if f.key.to_ascii_lowercase().starts_with("criteri") {
                e.criteria.extend(criterion_ids(text, offset));
            }
        }
        None => {
            e.description.push(' ');
            e.description.push_str(text);
        }
    }
}

/// Reads one `Key: value` field of an entry.
fn field(
    entry: &mut Entry,
    key: &str,
    value: &str,
    value_offset: usize,
    src: &SourceFile,
) -> Result<(), Diagnostic> {
    let mut result = Ok(());
    match key.to_ascii_lowercase().as_str() {
        "when" | "date" => match When::parse(value) {
            Some(w) => entry.when = Some(w),
            None => {
                result = Err(Diagnostic::error(format!("cannot read the date `{value}`"))
                    .at(src, value_offset, value.len())
                    .hint("write a quarter (2026-Q1), a month (2026-03) or a day (2026-03-14)"))
            }
        },
        "dimensions" | "dimension" => {
            entry.dimensions = value
                .split(',')
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .collect();
        }
        "criteria" | "criterion" => entry.criteria.extend(criterion_ids(value, value_offset)),
        "level" => entry.level = Some(value.to_string()),
        "story" => entry.story = Some(value.to_ascii_lowercase()),
        _ => {}
    }
    entry.fields.push(Field {
        key: key.to_string(),
        value: value.to_string(),
        offset: value_offset,
    });
    result
}

#[derive(Debug, Clone)]
pub(crate) struct Citation {
    pub title: String,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Packet {
    pub heading: String,
    pub current: Option<(String, usize)>,
    pub target: Option<(String, usize)>,
    /// The Markdown after the level lines, citations and all.
    pub body: String,
    pub citations: Vec<Citation>,
    /// A level line written twice: the last one counts.
    pub warnings: Diagnostics,
}

/// Reads a promotion packet.
pub(crate) fn packet(src: &SourceFile) -> Packet {
    let mut p = Packet::default();
    let mut offset = 0;
    let mut body = String::new();
    let text = without_comments(&src.text);
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if let Some(h) = t.strip_prefix("# ") {
            if p.heading.is_empty() {
                p.heading = h.trim().to_string();
                continue;
            }
        }
        let item = t.trim_start_matches(['-', '*']).trim();
        if let Some((k, v)) = key_value(item) {
            let at = start + line.find(v).unwrap_or(0);
            let slot = match k.to_ascii_lowercase().as_str() {
                "current level" => Some(&mut p.current),
                "target level" => Some(&mut p.target),
                _ => None,
            };
            if let Some(slot) = slot {
                if let Some((before, _)) = slot.replace((v.to_string(), at)) {
                    p.warnings.push(
                        Diagnostic::warning(format!("a second `{k}` line replaces `{before}`"))
                            .at(src, at, v.len())
                            .hint("the packet names each level once; remove one of the lines"),
                    );
                }
                continue;
            }
        }
        let mut rest = line;
        let mut base = start;
        while let Some(i) = rest.find("[[brag:") {
            let from = i + 7;
            let Some(end) = rest[from..].find("]]") else {
                break;
            };
            p.citations.push(Citation {
                title: rest[from..from + end].trim().to_string(),
                offset: base + from,
            });
            base += from + end + 2;
            rest = &rest[from + end + 2..];
        }
        body.push_str(line);
    }
    p.body = body;
    p
}

#[cfg(test)]
mod tests;
