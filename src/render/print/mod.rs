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
use std::io::{self, Write};

use super::{PageKind, PagePlan};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::escape;
use crate::output::Sink;

mod rewrite;
pub(crate) use rewrite::rewrite;

/// Where the print page is written.
pub(crate) const PATH: &str = "print.html";

/// Where the print page's template places the pages' bodies.
pub(crate) const BODY: &str = "<!--careerbook:print-body-->";

/// Where the print page's template places the contents' list items (made
/// by careerbook, not the template: one template value per page of a large
/// handbook would cost more memory than the rest of the page).
pub(crate) const CONTENTS: &str = "<!--careerbook:print-contents-->";

/// The print page around its bodies, rendered from the handbook, so that
/// splicing the bodies in ([`PrintFrame::write`]) needs no handbook (the dev
/// server does that part in the background).
pub(crate) struct PrintFrame {
    head: String,
    tail: String,
    /// Page paths in reading order.
    order: Vec<String>,
}

impl PrintFrame {
    /// From the rendered print page, split where [`BODY`] is, with
    /// `contents` where [`CONTENTS`] is.
    pub(crate) fn new(html: &str, contents: &str, order: Vec<String>) -> PrintFrame {
        let (head, tail) = html.split_once(BODY).unwrap_or((html, ""));
        let head = match head.split_once(CONTENTS) {
            Some((before, after)) => [before, contents, after].concat(),
            None => head.to_string(),
        };
        PrintFrame {
            head,
            tail: tail.to_string(),
            order,
        }
    }

    /// A fingerprint of the page around the bodies: two frames with the same
    /// print put the same bytes around the same bodies.
    pub(crate) fn print(&self) -> u64 {
        crate::model::deps::hash(&(&self.head, &self.tail, &self.order))
    }

    /// Writes `print.html` with each page's kept body in reading order.
    pub(crate) fn write(&self, sink: &dyn Sink, chunks: &Chunks) -> Result<(), Diagnostics> {
        self.write_from(sink, &mut |path, out| match chunks.get(path) {
            Some(c) => out.write_all(c.as_bytes()),
            None => Ok(()),
        })
        .map(|_| ())
    }

    /// Writes `print.html`, streaming: `body(path, out)` writes a page's
    /// chunk. Returns where each page's chunk lies in the file (what a later
    /// build copies from it instead of rendering the page again).
    pub(crate) fn write_from(
        &self,
        sink: &dyn Sink,
        body: &mut dyn FnMut(&str, &mut dyn Write) -> io::Result<()>,
    ) -> Result<Vec<Placed>, Diagnostics> {
        let mut placed = Vec::with_capacity(self.order.len());
        sink.write_with(PATH, &mut |out| {
            placed.clear();
            let mut out = Counted { inner: out, at: 0 };
            out.write_all(self.head.as_bytes())?;
            for path in &self.order {
                write!(
                    out,
                    "<div class=\"print-page\" id=\"{}\">",
                    escape(&anchor(path))
                )?;
                let start = out.at;
                body(path, &mut out)?;
                placed.push(Placed {
                    path: path.clone(),
                    start,
                    len: out.at - start,
                });
                out.write_all(b"</div>\n")?;
            }
            out.write_all(self.tail.as_bytes())
        })
        .map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(format!("cannot write {PATH}: {e}"))
                    .hint("check free disk space and permissions of the output folder"),
            )
        })?;
        Ok(placed)
    }
}

/// Where a page's chunk lies in `print.html`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Placed {
    pub path: String,
    pub start: u64,
    pub len: u64,
}

/// A writer that counts what went through it.
struct Counted<'a> {
    inner: &'a mut dyn Write,
    at: u64,
}

impl Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Chunks by page path. Shared strings, so the dev server can hand a
/// snapshot to its background worker without copying the bodies.
pub(crate) type Chunks = HashMap<String, std::sync::Arc<str>>;

/// Whether a page of the plan belongs on the print page: everything a
/// reader reads; not the search page, the compare view (it needs script) or
/// the 404 page; of a list split into pages, the first (the contents link
/// every page of the list anyway).
pub(crate) fn includes(kind: &PageKind) -> bool {
    matches!(
        kind,
        PageKind::Home | PageKind::Matrix | PageKind::List(_, 0) | PageKind::Item(..)
    )
}

/// The id of a page's section on the print page, and the prefix of every id
/// inside it: the page's path without `.html`, with `.` for `/`
/// (`levels.senior`). Item ids, heading anchors and the layout's ids never
/// contain `.`, so a prefixed id cannot collide with another page's; and
/// unlike `/`, `.` keeps ids valid XML names, which the SVG inside needs.
pub(crate) fn anchor(path: &str) -> String {
    path.strip_suffix(".html").unwrap_or(path).replace('/', ".")
}

/// The pages the print page holds, to tell a link into it from a link out;
/// and, in a build, the file their bodies are kept in meanwhile.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    paths: HashSet<String>,
    pub spill: Option<Spill>,
}

/// Page bodies kept on disk while a build renders, so that memory does not
/// grow with the handbook: the print page is put together from this file.
#[derive(Debug)]
pub(crate) struct Spill {
    out: std::sync::Mutex<(io::BufWriter<std::fs::File>, u64)>,
    path: std::path::PathBuf,
}

impl Spill {
    /// A new, empty file at `path` (removed by [`Spill::finish`]).
    pub(crate) fn create(path: &std::path::Path) -> io::Result<Spill> {
        let file = std::fs::File::create(path)?;
        Ok(Spill {
            out: std::sync::Mutex::new((io::BufWriter::with_capacity(1 << 20, file), 0)),
            path: path.to_path_buf(),
        })
    }

    /// Where the bodies are kept, for messages.
    pub(crate) fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Appends a page's body; where it lies.
    pub(crate) fn put(&self, page: &str, chunk: &str) -> io::Result<Placed> {
        let mut out = self
            .out
            .lock()
            .map_err(|_| io::Error::other("print spill poisoned"))?;
        out.0.write_all(chunk.as_bytes())?;
        let start = out.1;
        out.1 += chunk.len() as u64;
        Ok(Placed {
            path: page.to_string(),
            start,
            len: chunk.len() as u64,
        })
    }

    /// The file, written out and open for reading, and already unlinked
    /// (it goes when the handle does).
    pub(crate) fn finish(self) -> io::Result<std::fs::File> {
        let (out, _) = self
            .out
            .into_inner()
            .map_err(|_| io::Error::other("print spill poisoned"))?;
        out.into_inner().map_err(|e| e.into_error())?;
        let file = std::fs::File::open(&self.path)?;
        std::fs::remove_file(&self.path)?;
        Ok(file)
    }
}

impl Scope {
    pub(crate) fn new(pages: &[PagePlan]) -> Scope {
        Scope {
            paths: pages
                .iter()
                .filter(|p| includes(&p.kind))
                .map(|p| p.path.clone())
                .collect(),
            spill: None,
        }
    }

    pub(crate) fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
    }
}

/// The chunk of a rendered page: its `<main>` element's content,
/// rewritten. `None` when the theme's layout has no `<main>`.
pub(crate) fn chunk(html: &str, page: &str, scope: &Scope) -> Option<String> {
    let open = html.find("<main")?;
    let start = open + html[open..].find('>')? + 1;
    // The layout's </main> is the last one: a page body cannot end it early
    // without also breaking the page itself.
    let end = html.rfind("</main>")?;
    let body = html.get(start..end)?;
    Some(rewrite(body, page, scope))
}

#[cfg(test)]
mod tests {
    use super::rewrite::retarget;
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
            page("levels/index.html", PageKind::List(Kind::Level, 0)),
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
