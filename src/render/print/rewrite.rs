//! Rewriting a page's body for the print page, with a small tag scanner:
//! ids prefixed with the page's anchor, links into the print page turned
//! into links to its sections, other relative links made relative to the
//! root, scripts dropped. It reads only the markup the build produced and
//! the raw HTML authors put in Markdown: enough to find tags, attributes
//! and raw-text elements, not a full HTML parser.

use super::{anchor, Scope};

/// Attributes holding one id.
const ID_ATTRS: [&str; 1] = ["id"];
/// Attributes holding a space-separated list of ids.
const IDREF_ATTRS: [&str; 12] = [
    "for",
    "form",
    "list",
    "headers",
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "aria-labelledby",
    "aria-owns",
];
/// Attributes holding a URL.
const URL_ATTRS: [&str; 4] = ["href", "src", "xlink:href", "poster"];

/// Rewrites the body of the page at `page` (a site path) for the print
/// page, which sits at the site root.
pub(crate) fn rewrite(body: &str, page: &str, scope: &Scope) -> String {
    let prefix = &anchor(page);
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let len = after.find("-->").map_or(rest.len(), |e| 4 + e + 3);
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        let name = tag.name.to_ascii_lowercase();
        if !tag.closing && (name == "script" || name == "style") {
            // Raw text: no tags inside. Scripts are dropped (the print page
            // is a document); styles are kept as written.
            let close = find_ci(rest, &format!("</{name}"));
            let content = &rest[..close];
            let after = &rest[close..];
            let end_len = after.find('>').map_or(after.len(), |i| i + 1);
            if name == "style" {
                out.push_str(&tag.rewritten(prefix, page, scope));
                out.push_str(content);
                out.push_str(&after[..end_len]);
            }
            rest = &after[end_len..];
            continue;
        }
        out.push_str(&tag.rewritten(prefix, page, scope));
    }
    out.push_str(rest);
    out
}

/// Byte offset of the first case-insensitive match of `needle` (ASCII), or
/// the end of `hay`.
fn find_ci(hay: &str, needle: &str) -> usize {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1))
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
        .unwrap_or(hay.len())
}

/// One start or end tag as written.
struct Tag<'a> {
    /// The whole tag, `<` to `>`.
    text: &'a str,
    len: usize,
    name: &'a str,
    closing: bool,
    attrs: Vec<Attr<'a>>,
}

/// An attribute: its name, its value without quotes, and where that value
/// is in the tag's text.
struct Attr<'a> {
    name: &'a str,
    value: &'a str,
    range: std::ops::Range<usize>,
}

impl<'a> Tag<'a> {
    /// Parses the tag at the start of `s` (which starts with `<`); `None`
    /// when it is not a tag (a lone `<` in text).
    fn parse(s: &'a str) -> Option<Tag<'a>> {
        let b = s.as_bytes();
        let mut i = 1;
        let closing = b.get(1) == Some(&b'/');
        if closing {
            i += 1;
        }
        if !b.get(i)?.is_ascii_alphabetic() {
            return None;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = &s[name_start..i];
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                // Unterminated: treat the rest as the tag.
                return Some(Tag {
                    text: s,
                    len: s.len(),
                    name,
                    closing,
                    attrs,
                });
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            let an_start = i;
            while i < b.len()
                && !b[i].is_ascii_whitespace()
                && b[i] != b'='
                && b[i] != b'>'
                && b[i] != b'/'
            {
                i += 1;
            }
            let an = &s[an_start..i];
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                if an.is_empty() {
                    i += 1; // a stray character; step over it
                }
                continue;
            }
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (v_start, v_end) = match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let start = i + 1;
                    let end = s[start..].find(q as char).map_or(s.len(), |e| start + e);
                    i = (end + 1).min(s.len());
                    (start, end)
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    (start, i)
                }
            };
            attrs.push(Attr {
                name: an,
                value: &s[v_start..v_end],
                range: v_start..v_end,
            });
        }
        Some(Tag {
            text: &s[..i],
            len: i,
            name,
            closing,
            attrs,
        })
    }

    /// The tag with ids prefixed, links retargeted and headings one level
    /// down; untouched attributes stay byte for byte as written. A page's
    /// `<nav>` (a
    /// guide's contents, its previous/next) becomes a `<div>` without its
    /// label: on one long page, dozens of navigation landmarks with the same
    /// names would bury the print page's own contents.
    fn rewritten(&self, prefix: &str, page: &str, scope: &Scope) -> String {
        let mut out = String::with_capacity(self.text.len() + 32);
        let nav = self.name.eq_ignore_ascii_case("nav");
        // Each page's headings go one level down under the print page's
        // own <h1>, so the document has one top-level heading.
        let heading = match self.name.as_bytes() {
            [b'h' | b'H', d @ b'1'..=b'5'] => Some(format!("h{}", d - b'0' + 1)),
            _ => None,
        };
        let renamed = if nav {
            Some("div".to_string())
        } else {
            heading
        };
        let mut last = 0;
        if let Some(new_name) = renamed {
            out.push_str(if self.closing { "</" } else { "<" });
            out.push_str(&new_name);
            last = self.text.find(self.name).map_or(0, |i| i + self.name.len());
        }
        for a in &self.attrs {
            let name = a.name.to_ascii_lowercase();
            let new = if nav && (name == "aria-label" || name == "aria-labelledby") {
                // Drop the whole attribute, name and value.
                let start = self.text[..a.range.start]
                    .rfind(a.name)
                    .unwrap_or(a.range.start);
                let end = match self.text.as_bytes().get(a.range.end) {
                    Some(b'"') | Some(b'\'') => a.range.end + 1,
                    _ => a.range.end,
                };
                out.push_str(self.text[last..start].trim_end());
                last = end;
                continue;
            } else if ID_ATTRS.contains(&name.as_str()) {
                Some(format!("{prefix}.{}", a.value))
            } else if IDREF_ATTRS.contains(&name.as_str()) {
                Some(
                    a.value
                        .split_ascii_whitespace()
                        .map(|id| format!("{prefix}.{id}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            } else if URL_ATTRS.contains(&name.as_str()) {
                retarget(a.value, page, scope)
            } else {
                None
            };
            if let Some(v) = new {
                out.push_str(&self.text[last..a.range.start]);
                out.push_str(&v);
                last = a.range.end;
            }
        }
        out.push_str(&self.text[last..]);
        out
    }
}

/// A URL of the page at `page` as seen from the print page: a link to a
/// page it holds becomes `#section` or `#section.anchor`; another relative
/// URL is made relative to the site root; absolute URLs stay.
pub(crate) fn retarget(url: &str, page: &str, scope: &Scope) -> Option<String> {
    if let Some(frag) = url.strip_prefix('#') {
        let a = anchor(page);
        return Some(if frag.is_empty() {
            format!("#{a}")
        } else {
            format!("#{a}.{frag}")
        });
    }
    let first_delim = url.find(['/', '?', '#']).unwrap_or(url.len());
    if url.starts_with('/') || url[..first_delim].contains(':') {
        return None;
    }
    let (path_q, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let (path, query) = match path_q.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_q, None),
    };
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    if path.is_empty() {
        parts.push(page.rsplit('/').next().unwrap_or(page));
    } else {
        for seg in path.split('/') {
            match seg {
                "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
    }
    let mut target = parts.join("/");
    if target.is_empty() || target.ends_with('/') || path.ends_with('/') {
        if !target.is_empty() && !target.ends_with('/') {
            target.push('/');
        }
        target.push_str("index.html");
    }
    if query.is_none() && scope.contains(&target) {
        let a = anchor(&target);
        return Some(match frag {
            Some(f) if !f.is_empty() => format!("#{a}.{f}"),
            _ => format!("#{a}"),
        });
    }
    let mut out = target;
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}
