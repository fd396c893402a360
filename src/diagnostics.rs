//! Diagnostics: every problem careerbook reports about a user's handbook.
//!
//! A diagnostic names the file, line and column, quotes the offending line and
//! carries a hint saying what to do next. Stages collect them into
//! [`Diagnostics`] instead of stopping at the first, so one run shows every
//! mistake. This module knows nothing about the content model; it only knows
//! how to point at text.

use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a diagnostic points: a file, and optionally a position in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path as shown to the user (relative to the handbook folder when possible).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Number of characters to underline (at least 1 when a line is shown).
    pub width: usize,
    /// The text of the line, for the excerpt.
    pub line_text: Option<String>,
}

/// Text a diagnostic can point into (a source file): turns a byte range
/// into a line, a column and the quoted line.
pub trait Locate {
    fn locate(&self, offset: usize, len: usize) -> Location;
}

impl<T: Locate + ?Sized> Locate for std::sync::Arc<T> {
    fn locate(&self, offset: usize, len: usize) -> Location {
        (**self).locate(offset, len)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Box<Location>>,
    pub hint: Option<String>,
    /// Secondary places worth looking at ("first defined here").
    pub notes: Vec<(String, Location)>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            hint: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points at `len` bytes starting at byte `offset` of `src`.
    pub fn at(mut self, src: &(impl Locate + ?Sized), offset: usize, len: usize) -> Self {
        self.location = Some(Box::new(src.locate(offset, len)));
        self
    }

    /// Points at a whole file, without a position (for I/O problems).
    pub fn in_file(mut self, file: &str) -> Self {
        self.location = Some(Box::new(Location {
            file: file.to_string(),
            line: 0,
            column: 0,
            width: 0,
            line_text: None,
        }));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn note(
        mut self,
        label: impl Into<String>,
        src: &(impl Locate + ?Sized),
        offset: usize,
    ) -> Self {
        self.notes.push((label.into(), src.locate(offset, 1)));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or just the file, or nothing.
    pub fn position(&self) -> String {
        match &self.location {
            Some(l) if l.line > 0 => format!("{}:{}:{}", l.file, l.line, l.column),
            Some(l) => l.file.clone(),
            None => String::new(),
        }
    }

    /// Renders in the style of rustc: message, arrow to the position, the
    /// line with a caret underline, then the hint.
    pub fn render(&self, color: bool) -> String {
        let paint = |style: anstyle::Style, text: &str| -> String {
            if color {
                format!("{}{}{}", style.render(), text, style.render_reset())
            } else {
                text.to_string()
            }
        };
        let bold = anstyle::Style::new().bold();
        let (label, label_style) = match self.severity {
            Severity::Error => (
                "error",
                anstyle::Style::new()
                    .bold()
                    .fg_color(Some(anstyle::AnsiColor::Red.into())),
            ),
            Severity::Warning => (
                "warning",
                anstyle::Style::new()
                    .bold()
                    .fg_color(Some(anstyle::AnsiColor::Yellow.into())),
            ),
        };
        let blue = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Blue.into()));

        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{}",
            paint(label_style, label),
            paint(bold, &format!(": {}", self.message))
        );
        if let Some(loc) = &self.location {
            render_location(&mut out, loc, &paint, blue, label_style, "-->");
        }
        for (label, loc) in &self.notes {
            let _ = writeln!(out, "   {} {}", paint(blue, "="), label);
            render_location(&mut out, loc, &paint, blue, blue, ":::");
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "   {} hint: {}", paint(blue, "="), hint);
        }
        out
    }
}

fn render_location(
    out: &mut String,
    loc: &Location,
    paint: &dyn Fn(anstyle::Style, &str) -> String,
    gutter: anstyle::Style,
    underline: anstyle::Style,
    arrow: &str,
) {
    if loc.line == 0 {
        let _ = writeln!(out, "  {} {}", paint(gutter, arrow), loc.file);
        return;
    }
    let num = loc.line.to_string();
    let pad = " ".repeat(num.len());
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        paint(gutter, arrow),
        loc.file,
        loc.line,
        loc.column
    );
    if let Some(text) = &loc.line_text {
        let shown: String = text.replace('\t', "    ");
        let lead: String = text
            .chars()
            .take(loc.column.saturating_sub(1))
            .map(|c| if c == '\t' { "    " } else { " " })
            .collect();
        let _ = writeln!(out, "{pad} {}", paint(gutter, "|"));
        let _ = writeln!(
            out,
            "{} {} {}",
            paint(gutter, &num),
            paint(gutter, "|"),
            shown
        );
        let _ = writeln!(
            out,
            "{pad} {} {}{}",
            paint(gutter, "|"),
            lead,
            paint(underline, &"^".repeat(loc.width.max(1)))
        );
    }
}

/// All diagnostics of one run, in the order they should be shown.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Files in path order, then by position, so output is stable across
    /// parallel runs.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let ka = a
                .location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column));
            let kb = b
                .location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column));
            ka.cmp(&kb).then_with(|| a.message.cmp(&b.message))
        });
    }

    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render(color));
            out.push('\n');
        }
        out
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A path shown relative to `base` when it lies inside it.
pub(crate) fn display_path(path: &Path, base: &Path) -> String {
    let shown = path.strip_prefix(base).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}
