//! `[markdown] html = "reject"`: raw HTML and links to anything but a web,
//! mail or relative address are errors in every Markdown text of the
//! handbook (bodies, Markdown front matter fields, the framework's
//! criteria and descriptions), located in the file.

use std::ops::Range;

use crate::config::RawHtml;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds::{with_kind, Kind};
use crate::model::{Doc, FrontMatter, Handbook};
use crate::parse::unsafe_markup;
use crate::source::SourceFile;

/// Every Markdown text of the handbook.
pub(super) fn check(hb: &Handbook, d: &mut Diagnostics) {
    if hb.config.markdown.html != RawHtml::Reject {
        return;
    }
    for &kind in Kind::ALL {
        with_kind!(kind, |K| for doc in K::docs(&hb.items) {
            check_doc(hb, doc, d);
        });
    }
    if let Some(home) = &hb.home {
        check_doc(hb, home, d);
    }
    let fw = &hb.framework;
    let src = &hb.framework_src;
    let whole = 0..src.text.len();
    let mut texts: Vec<&str> = Vec::new();
    for dim in &fw.dimensions {
        texts.push(&dim.description);
        for t in &dim.tiers {
            for c in &t.criteria {
                texts.push(&c.text);
                texts.extend(c.all_examples().map(String::as_str));
            }
        }
    }
    texts.extend(fw.tracks.iter().map(|t| t.description.as_str()));
    texts.extend(fw.rounds.iter().map(|r| r.description.as_str()));
    texts.extend(fw.glossary.iter().map(|g| g.definition.as_str()));
    for text in texts {
        in_field(src, &whole, text, d);
    }
}

/// One document's body and Markdown front matter fields.
pub(super) fn check_doc<F: FrontMatter>(hb: &Handbook, doc: &Doc<F>, d: &mut Diagnostics) {
    if hb.config.markdown.html != RawHtml::Reject {
        return;
    }
    let body = match doc.body() {
        Ok(body) => body,
        Err(e) => {
            d.push(e);
            return;
        }
    };
    for (range, what) in unsafe_markup(&body) {
        let at = doc.body.start + range.start;
        d.push(error(&doc.src, at, first_line(&body, &range), &what));
    }
    for field in doc.meta.markdown_fields() {
        in_field(&doc.src, &doc.front_matter, field, d);
    }
}

/// A TOML string field: its text does not map byte for byte to the file
/// (escapes), so what is found is located by searching for it in `within`.
fn in_field(src: &SourceFile, within: &Range<usize>, text: &str, d: &mut Diagnostics) {
    let held = src.held();
    let area = held.text.get(within.clone()).unwrap_or("");
    for (range, what) in unsafe_markup(text) {
        let piece = text.get(range.clone()).unwrap_or("");
        let needle = piece.lines().next().unwrap_or(piece);
        let (at, width) = match area.find(needle) {
            Some(i) => (within.start + i, needle.len()),
            None => (within.start, 1),
        };
        d.push(error(src, at, width, &what));
    }
}

fn first_line(text: &str, range: &Range<usize>) -> usize {
    let piece = text.get(range.clone()).unwrap_or("");
    piece.lines().next().map_or(1, str::len).max(1)
}

fn error(src: &SourceFile, at: usize, width: usize, what: &str) -> Diagnostic {
    Diagnostic::error(format!("{what} is not allowed in this handbook"))
        .at(src, at, width)
        .hint("book.toml sets [markdown] html = \"reject\": write it in Markdown, or set html = \"sanitize\" to keep what is safe")
}
