//! The parse stage: reads each document's Markdown once for what validation
//! and navigation need (headings with their anchors, cross-references with
//! their positions), without producing HTML.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::markdown::{self, Slugger};
use crate::model::{Heading, XRef};
use crate::source::SourceFile;

/// Headings and cross-references of a body starting at byte `base` of `src`.
/// `reserved` are anchors the page template already uses.
pub(crate) fn scan_body(
    base: usize,
    body: &str,
    smart: bool,
    reserved: &[String],
) -> (Vec<Heading>, Vec<XRef>) {
    let mut slugger = Slugger::default();
    for r in reserved {
        slugger.reserve(r);
    }
    let mut headings = Vec::new();
    let mut refs = Vec::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    for (ev, range) in Parser::new_ext(body, markdown::options(smart)).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((level as u8, id.map(|s| s.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = current.take() {
                    let id = match explicit {
                        Some(id) => {
                            slugger.reserve(&id);
                            id
                        }
                        None => slugger.unique(markdown::slugify(&text)),
                    };
                    headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        id,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                let at = body[range.clone()]
                    .find(dest_url.as_ref())
                    .map_or(range.start, |i| range.start + i);
                refs.push(XRef {
                    target: dest_url.to_string(),
                    offset: base + at,
                });
            }
            _ => {}
        }
    }
    (headings, refs)
}

/// Cross-references inside a Markdown front matter field. TOML strings do
/// not map byte-for-byte to the file (escapes), so each reference is located
/// by searching for its text in the front matter; `cursor` remembers where
/// the last search for each target ended, so a repeated reference points at
/// its own occurrence.
pub(crate) fn scan_field(
    src: &SourceFile,
    front_matter: Range<usize>,
    text: &str,
    cursor: &mut HashMap<String, usize>,
    out: &mut Vec<XRef>,
) {
    if !text.contains("[[") {
        return;
    }
    let fm = src.text.get(front_matter.clone()).unwrap_or("");
    for ev in Parser::new_ext(text, markdown::options(false)) {
        if let Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { .. },
            dest_url,
            ..
        }) = ev
        {
            let needle = format!("[[{dest_url}");
            let from = cursor.get(dest_url.as_ref()).copied().unwrap_or(0);
            let found = fm
                .get(from..)
                .and_then(|rest| rest.find(&needle))
                .map(|i| from + i);
            let offset = match found {
                Some(i) => {
                    cursor.insert(dest_url.to_string(), i + needle.len());
                    front_matter.start + i + 2
                }
                None => front_matter.start,
            };
            out.push(XRef {
                target: dest_url.to_string(),
                offset,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn finds_headings_and_refs() {
        let text = "# Intro\n\nSee [[level:senior#scope|Senior]] and [[guide:x]].\n\n## Intro\n\n```\n[[not:aref]]\n```\n";
        let src = SourceFile::new(PathBuf::from("a.md"), "a.md".into(), text.into());
        let (h, r) = scan_body(0, text, true, &[]);
        assert_eq!(
            h.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["intro", "intro-1"]
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].target, "level:senior#scope");
        assert_eq!(src.line_col(r[0].offset), (3, 7));
    }
}
