//! The print page: the whole handbook on one page (`print.html`), for paper
//! or a PDF. It is made of the pages the build already rendered, not
//! rendered again: when a page is rendered, the content of its `<main>` is
//! kept as a *chunk*, with every id prefixed by the page's path (so ids
//! stay unique on the long page), every link to a page the print page holds
//! turned into a link to its section, other relative links made relative to
//! the site root, and scripts dropped. Highlighted code and resolved
//! cross-references are reused as they are; nothing is highlighted twice.
//!
//! The rewriting reads only the markup the build itself produced and the
//! raw HTML authors put in Markdown, with a small tag scanner: enough to
//! find tags, attributes and raw-text elements, not a full HTML parser.

use std::collections::{HashMap, HashSet};

use super::{PageKind, PagePlan};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::escape;
use crate::output::Sink;

/// Where the print page is written.
pub const PATH: &str = "print.html";

/// Where the print page's template places the pages' bodies.
pub const BODY: &str = "<!--careerbook:print-body-->";

/// The print page around its bodies, rendered from the handbook, so that
/// splicing the bodies in ([`PrintFrame::write`]) needs no handbook (the dev
/// server does that part in the background).
pub struct PrintFrame {
    head: String,
    tail: String,
    /// Page paths in reading order.
    order: Vec<String>,
}

impl PrintFrame {
    /// From the rendered print page, split where [`BODY`] is.
    pub fn new(html: &str, order: Vec<String>) -> PrintFrame {
        let (head, tail) = html.split_once(BODY).unwrap_or((html, ""));
        PrintFrame {
            head: head.to_string(),
            tail: tail.to_string(),
            order,
        }
    }

    /// Writes `print.html` with each page's kept body in reading order.
    pub fn write(&self, sink: &dyn Sink, chunks: &Chunks) -> Result<(), Diagnostics> {
        let openers: Vec<String> = self
            .order
            .iter()
            .map(|path| {
                format!(
                    "<div class=\"print-page\" id=\"{}\">",
                    escape(&anchor(path))
                )
            })
            .collect();
        let mut bodies: Vec<&[u8]> = Vec::with_capacity(self.order.len() * 3 + 2);
        bodies.push(self.head.as_bytes());
        for (path, opener) in self.order.iter().zip(&openers) {
            bodies.push(opener.as_bytes());
            bodies.push(chunks.get(path).map_or(&[][..], |c| c.as_bytes()));
            bodies.push(b"</div>\n");
        }
        bodies.push(self.tail.as_bytes());
        sink.write_parts(PATH, &bodies).map_err(|e| {
            Diagnostic::error(format!("cannot write {PATH}: {e}"))
                .hint("check free disk space and permissions of the output folder")
                .into()
        })
    }
}

/// Chunks by page path. Shared strings, so the dev server can hand a
/// snapshot to its background worker without copying the bodies.
pub type Chunks = HashMap<String, std::sync::Arc<str>>;

/// Whether a page of the plan belongs on the print page: everything a
/// reader reads; not the search page, the compare view (it needs script) or
/// the 404 page.
pub fn includes(kind: &PageKind) -> bool {
    matches!(
        kind,
        PageKind::Home | PageKind::Matrix | PageKind::List(_) | PageKind::Item(..)
    )
}

/// The id of a page's section on the print page, and the prefix of every id
/// inside it: the page's path without `.html`, with `.` for `/`
/// (`levels.senior`). Item ids, heading anchors and the layout's ids never
/// contain `.`, so a prefixed id cannot collide with another page's; and
/// unlike `/`, `.` keeps ids valid XML names, which the SVG inside needs.
pub fn anchor(path: &str) -> String {
    path.strip_suffix(".html").unwrap_or(path).replace('/', ".")
}

/// The pages the print page holds, to tell a link into it from a link out.
#[derive(Debug, Default)]
pub struct Scope {
    paths: HashSet<String>,
}

impl Scope {
    pub fn new(pages: &[PagePlan]) -> Scope {
        Scope {
            paths: pages
                .iter()
                .filter(|p| includes(&p.kind))
                .map(|p| p.path.clone())
                .collect(),
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
    }
}

/// The chunk of a rendered page: its `<main>` element's content,
/// rewritten. `None` when the theme's layout has no `<main>`.
pub fn chunk(html: &str, page: &str, scope: &Scope) -> Option<String> {
    let open = html.find("<main")?;
    let start = open + html[open..].find('>')? + 1;
    // The layout's </main> is the last one: a page body cannot end it early
    // without also breaking the page itself.
    let end = html.rfind("</main>")?;
    let body = html.get(start..end)?;
    Some(rewrite(body, page, scope))
}

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
pub fn rewrite(body: &str, page: &str, scope: &Scope) -> String {
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
pub fn retarget(url: &str, page: &str, scope: &Scope) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Kind;

    fn scope() -> Scope {
        let page = |path: &str, kind: PageKind| PagePlan {
            path: path.into(),
            kind,
        };
        Scope::new(&[
            page("index.html", PageKind::Home),
            page("matrix.html", PageKind::Matrix),
            page("search.html", PageKind::Search),
            page("levels/index.html", PageKind::List(Kind::Level)),
            page("levels/senior.html", PageKind::Item(Kind::Level, 0)),
            page("guides/glue.html", PageKind::Item(Kind::Guide, 0)),
        ])
    }

    #[test]
    fn links_into_the_print_page_become_section_anchors() {
        let s = scope();
        let r = |u: &str| retarget(u, "guides/glue.html", &s);
        assert_eq!(
            r("../levels/senior.html").as_deref(),
            Some("#levels.senior")
        );
        assert_eq!(
            r("../levels/senior.html#scope").as_deref(),
            Some("#levels.senior.scope")
        );
        assert_eq!(
            r("#make-it-visible").as_deref(),
            Some("#guides.glue.make-it-visible")
        );
        assert_eq!(r("#").as_deref(), Some("#guides.glue"));
        assert_eq!(r("glue.html#x").as_deref(), Some("#guides.glue.x"));
        assert_eq!(r("../index.html").as_deref(), Some("#index"));
        assert_eq!(r("../levels/").as_deref(), Some("#levels.index"));
        assert_eq!(
            r("../matrix.html#dim-scope").as_deref(),
            Some("#matrix.dim-scope")
        );
        // From a page at the root.
        assert_eq!(
            retarget("levels/senior.html", "index.html", &s).as_deref(),
            Some("#levels.senior")
        );
    }

    #[test]
    fn other_links_are_made_relative_to_the_root_or_left_alone() {
        let s = scope();
        let r = |u: &str| retarget(u, "levels/senior.html", &s);
        assert_eq!(
            r("../compare.html?a=mid&amp;b=senior").as_deref(),
            Some("compare.html?a=mid&amp;b=senior")
        );
        assert_eq!(r("../search.html?q=x").as_deref(), Some("search.html?q=x"));
        assert_eq!(r("../img/logo.svg").as_deref(), Some("img/logo.svg"));
        assert_eq!(r("../search.html").as_deref(), Some("search.html"));
        for absolute in [
            "https://example.com/x.html",
            "mailto:a@example.com",
            "/abs/path.html",
            "//cdn.example.com/x.js",
        ] {
            assert_eq!(r(absolute), None, "{absolute}");
        }
    }

    #[test]
    fn ids_and_references_to_them_are_prefixed() {
        let s = scope();
        let html = "<h2 id=\"scope\">Scope <a class=\"anchor\" href=\"#scope\">#</a></h2>\
                    <label for='q'>Q</label><input id=q hidden>\
                    <svg role=\"img\" aria-labelledby=\"radar-title radar-desc\"><title id=\"radar-title\">T</title></svg>\
                    <td headers=\"a b\">x</td>";
        let out = rewrite(html, "levels/senior.html", &s);
        assert!(out.contains("<h3 id=\"levels.senior.scope\">"), "{out}");
        assert!(out.contains("href=\"#levels.senior.scope\""), "{out}");
        assert!(out.contains("<label for='levels.senior.q'>"), "{out}");
        assert!(out.contains("<input id=levels.senior.q hidden>"), "{out}");
        assert!(
            out.contains("aria-labelledby=\"levels.senior.radar-title levels.senior.radar-desc\""),
            "{out}"
        );
        assert!(
            out.contains("<td headers=\"levels.senior.a levels.senior.b\">"),
            "{out}"
        );
        // Navigation landmarks of the pages become plain blocks.
        let nav = rewrite(
            "<nav class=\"toc\" aria-label=\"On this page\"><a href=\"#x\">x</a></nav><NAV aria-labelledby='h'>y</NAV>",
            "guides/glue.html",
            &s,
        );
        assert_eq!(
            nav,
            "<div class=\"toc\"><a href=\"#guides.glue.x\">x</a></div><div>y</div>"
        );
        // Text and other attributes are untouched.
        assert!(out.contains("class=\"anchor\"") && out.contains(">T</title>"));
    }

    #[test]
    fn scripts_are_dropped_and_text_is_left_alone() {
        let s = scope();
        let html = "<p>a < b and id=\"x\" in text</p><script>if (a<b) { document.getElementById(\"x\") }</script>\
                    <SCRIPT src=\"../x.js\"></SCRIPT><!-- <a id=\"c\"> --><style>.a>b{}</style>\
                    <pre><code>&lt;div id=\"y\"&gt;</code></pre>";
        let out = rewrite(html, "levels/senior.html", &s);
        assert_eq!(
            out,
            "<p>a < b and id=\"x\" in text</p><!-- <a id=\"c\"> --><style>.a>b{}</style>\
             <pre><code>&lt;div id=\"y\"&gt;</code></pre>"
        );
    }

    #[test]
    fn the_chunk_is_the_main_element_content() {
        let s = scope();
        let page = "<html><body><header><a href=\"index.html\">x</a></header><main id=\"main\">\n<h1 id=\"t\">T</h1>\n</main><footer></footer></body></html>";
        assert_eq!(
            chunk(page, "matrix.html", &s).as_deref(),
            Some("\n<h2 id=\"matrix.t\">T</h2>\n")
        );
        assert_eq!(chunk("<body>no main</body>", "matrix.html", &s), None);
        // Broken markup never panics.
        for bad in [
            "<main",
            "<main>",
            "</main><main>",
            "<main><a href=\"",
            "<main><a b=c d='</main>",
        ] {
            let _ = chunk(bad, "matrix.html", &s);
        }
        let _ = rewrite("<a href='x", "matrix.html", &s);
        let _ = rewrite("<script>never closed", "matrix.html", &s);
        let _ = rewrite("<", "matrix.html", &s);
    }
}
