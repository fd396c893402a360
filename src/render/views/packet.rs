//! The promotion packet as a committee reads it: citations of brag entries
//! become numbered notes, the notes an "Evidence" list, and an appendix
//! states what the target level expects.

use serde::Serialize;

use super::overlay::{criterion_links, CriterionLink};
use crate::model::Reader;
use crate::overlay::{criteria, Overlay, Packet};

/// One endnote: the cited entry, with what a reader needs to weigh it.
#[derive(Serialize)]
struct Note {
    number: usize,
    title: String,
    anchor: String,
    when: String,
    impact: String,
    criteria: Vec<CriterionLink>,
}

/// The packet's body with each `[[brag:Title]]` replaced by a numbered
/// note, and the titles in order of first citation: the same entry cited
/// twice keeps its number.
pub(crate) fn number_citations(body: &str) -> (String, Vec<String>) {
    let mut order: Vec<String> = Vec::new();
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("[[brag:") {
        let from = i + 7;
        let Some(end) = rest[from..].find("]]") else {
            break;
        };
        let title = rest[from..from + end].trim().to_string();
        let n = match order.iter().position(|t| *t == title) {
            Some(k) => k + 1,
            None => {
                order.push(title);
                order.len()
            }
        };
        out.push_str(&rest[..i]);
        out.push_str(&format!(
            "<sup class=\"note-ref\"><a href=\"#packet-note-{n}\">[{n}]</a></sup>"
        ));
        rest = &rest[from + end + 2..];
    }
    out.push_str(rest);
    (out, order)
}

/// Adds the packet's body, its evidence notes and its appendix.
pub(crate) fn fill(r: &Reader, o: &Overlay, p: &Packet, ctx: &mut tera::Context) {
    let (body, order) = number_citations(&p.body);
    let notes: Vec<Note> = order
        .iter()
        .enumerate()
        .filter_map(|(i, title)| {
            let e = o.brag.entries.iter().find(|e| e.title == *title)?;
            Some(Note {
                number: i + 1,
                title: title.clone(),
                anchor: e.anchor.clone(),
                when: e
                    .field("when")
                    .or_else(|| e.field("date"))
                    .unwrap_or("undated")
                    .to_string(),
                impact: e.field("impact").unwrap_or("").to_string(),
                criteria: criterion_links(r, e),
            })
        })
        .collect();
    ctx.insert("content", &r.markdown(&body, None));
    ctx.insert("notes", &notes);
    let target = p.target.as_ref().map(|t| t.0.as_str()).unwrap_or("");
    ctx.insert("appendix", &criteria::of_level(r.untracked(), target));
}

#[cfg(test)]
mod tests {
    use super::number_citations;

    #[test]
    fn notes_are_numbered_by_first_citation() {
        let (body, order) =
            number_citations("a [[brag:B]] b [[brag: A ]] c [[brag:B]] d [[brag:open");
        assert_eq!(order, ["B", "A"]);
        assert_eq!(body.matches("href=\"#packet-note-1\">[1]").count(), 2);
        assert_eq!(body.matches("href=\"#packet-note-2\">[2]").count(), 1);
        assert!(body.ends_with("d [[brag:open"));
    }
}
