//! The parse stage: reads each document's Markdown once for what validation
//! and navigation need (headings with their anchors, cross-references with
//! their positions), without producing HTML.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::markdown::{self, Slugger};
use crate::model::{Headings, XRef};
use crate::source::SourceFile;

/// Headings and cross-references of a body starting at byte `base` of `src`.
/// `reserved` are anchors the page template already uses. Unless
/// `keep_internal`, sections under a heading marked `{.internal}` are
/// skipped and returned as byte ranges of `body`, for the build to leave out.
pub(crate) fn scan_body(
    base: usize,
    body: &str,
    smart: bool,
    reserved: &[String],
    keep_internal: bool,
) -> Scanned {
    let mut slugger = Slugger::default();
    for r in reserved {
        slugger.reserve(r);
    }
    let mut headings = Headings::default();
    let mut refs = Vec::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    let mut sections = crate::profile::Sections::new(keep_internal);
    for (ev, range) in Parser::new_ext(body, markdown::options(smart)).into_offset_iter() {
        if sections.skips(&ev, range.start) {
            continue;
        }
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
                    headings.push(level, text.trim(), &id);
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
    // Kept for the whole build: no spare capacity.
    headings.shrink_to_fit();
    refs.shrink_to_fit();
    Scanned {
        headings,
        refs,
        left_out: sections.finish(body.len()),
    }
}

/// What [`scan_body`] found in a body.
pub(crate) struct Scanned {
    pub headings: Headings,
    pub refs: Vec<XRef>,
    /// Internal sections the build leaves out, as byte ranges of the body.
    pub left_out: Vec<std::ops::Range<usize>>,
}

/// Raw HTML and links or images to anything but a web, mail or relative
/// address in Markdown, as byte ranges of `text` with what they are, for
/// `[markdown] html = "reject"`.
pub(crate) fn unsafe_markup(text: &str) -> Vec<(Range<usize>, String)> {
    if !text.contains(['<', ':', '&']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (ev, range) in Parser::new_ext(text, markdown::options(false)).into_offset_iter() {
        match ev {
            Event::Html(_) | Event::InlineHtml(_) => out.push((range, "raw HTML".to_string())),
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if let Some(scheme) = unsafe_scheme(&dest_url) {
                    out.push((range, format!("a link to `{scheme}:`")));
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a parser event is raw HTML or a link or image to anything but a
/// web, mail or relative address (wiki links are references, not URLs).
pub(crate) fn is_unsafe(ev: &Event) -> bool {
    match ev {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { .. },
            ..
        }) => false,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            unsafe_scheme(dest_url).is_some()
        }
        _ => false,
    }
}

/// The scheme of a destination that is not http, https or mailto (the one
/// list of the schemes careerbook lets through).
pub(crate) fn unsafe_scheme(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let is_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let safe = ["http", "https", "mailto"]
        .iter()
        .any(|s| scheme.trim().eq_ignore_ascii_case(s));
    // Browsers drop tabs and newlines in a scheme ("java\tscript:").
    let squeezed: String = scheme.chars().filter(|c| !c.is_whitespace()).collect();
    (!safe && (is_scheme || squeezed.chars().all(|c| c.is_ascii_alphanumeric()))).then_some(scheme)
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

    #[test]
    fn unsafe_markup_is_found_where_it_is() {
        let text = "Fine [[level:senior]] and [web](https://x.example) [rel](../a.html).\n\n<div>raw</div>\n\nA <b>tag</b>, [js](javascript:alert(1)) ![i](data:image/png;base64,AA) [e](JaVa&#x09;script:1)\n";
        let found: Vec<(&str, String)> = unsafe_markup(text)
            .into_iter()
            .map(|(r, what)| (&text[r], what))
            .collect();
        let whats: Vec<&str> = found.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(
            whats,
            [
                "raw HTML",
                "raw HTML",
                "raw HTML",
                "a link to `javascript:`",
                "a link to `data:`",
                "a link to `JaVa\tscript:`"
            ],
            "{found:?}"
        );
        assert!(found[0].0.starts_with("<div>raw</div>"));
        assert_eq!(found[1].0, "<b>");
        assert!(unsafe_markup("Plain text, `Vec<u8>` in code, a < b.").is_empty());
    }
    use std::path::PathBuf;

    #[test]
    fn finds_headings_and_refs() {
        let text = "# Intro\n\nSee [[level:senior#scope|Senior]] and [[guide:x]].\n\n## Intro\n\n```\n[[not:aref]]\n```\n";
        let src = SourceFile::new(PathBuf::from("a.md"), "a.md".into(), text.into());
        let Scanned {
            headings: h,
            refs: r,
            ..
        } = scan_body(0, text, true, &[], false);
        assert_eq!(
            h.iter().map(|h| h.id).collect::<Vec<_>>(),
            ["intro", "intro-1"]
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].target, "level:senior#scope");
        assert_eq!(src.line_col(r[0].offset), (3, 7));
    }
}
