//! `[markdown] html`: the handbook's own raw HTML is rendered as written by
//! default, cleaned to an allow-list with `"sanitize"`, and refused with a
//! located error with `"reject"`.

mod common;
use common::{select, Book};

const GUIDE: &str = "+++\ntitle = \"Wiki page\"\nsummary = \"Edited by many.\"\n+++\n## Setup\n\nA <b>bold</b> word.\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\">\n\n[run](javascript:alert(3)) and [site](https://example.com) and [[level:senior]].\n\n<iframe src=\"https://evil.example\"></iframe>\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n```rust\nfn main() {}\n```\n";

fn wiki(mode: Option<&str>) -> Book {
    let b = Book::new();
    if let Some(mode) = mode {
        let toml = b.read("book.toml");
        b.write(
            "book.toml",
            &format!("{toml}\n[markdown]\nhtml = \"{mode}\"\n"),
        );
    }
    b.write("content/guides/wiki.md", GUIDE);
    b.edit(
        "content/levels/senior.md",
        "text = \"Owns the design and operation of a system.\"",
        "text = \"Owns the <img src=y onerror=alert(4)> design and operation of a system.\"",
    );
    b
}

/// No page runs anything: no script but the theme's, no event attribute,
/// no `javascript:` address, no frame.
#[track_caller]
fn assert_inert(doc: &scraper::Html, page: &str) {
    for s in select(doc, "script") {
        let body: String = s.text().collect();
        assert!(!body.contains("alert(1)"), "{page}: {body}");
    }
    for el in doc.tree.nodes().filter_map(scraper::ElementRef::wrap) {
        for (attr, value) in el.value().attrs() {
            assert!(!attr.starts_with("on"), "{page}: {attr}={value}");
            assert!(
                !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                "{page}: {attr}={value}"
            );
        }
    }
    assert!(select(doc, "iframe").is_empty(), "{page}");
}

#[test]
fn by_default_raw_html_is_rendered_as_written() {
    let b = wiki(None);
    b.build().ok();
    let doc = b.html("guides/wiki.html");
    assert_eq!(select(&doc, "main b").len(), 1);
    assert_eq!(select(&doc, "main iframe").len(), 1, "the team's own HTML");
}

#[test]
fn sanitize_keeps_markdown_and_safe_html_and_drops_what_runs() {
    let b = wiki(Some("sanitize"));
    b.build().ok();
    let doc = b.html("guides/wiki.html");
    assert_inert(&doc, "guide");
    // What is safe stays: the tag, the web and internal links, the image,
    // the heading's anchor, the wrapped table with its alignment, the
    // highlighted code.
    assert_eq!(select(&doc, "main b").len(), 1);
    assert_eq!(select(&doc, "main a[href='https://example.com']").len(), 1);
    assert_eq!(
        select(&doc, "main a[href='../levels/senior.html']").len(),
        1
    );
    assert_eq!(select(&doc, "main img[src='x.png']").len(), 1);
    assert_eq!(
        select(&doc, "main h2#setup a.anchor[href='#setup']").len(),
        1
    );
    assert_eq!(
        select(&doc, "main .table-wrap table th[style='text-align:center']").len(),
        1
    );
    assert!(!select(&doc, "main pre.code.hl code.language-rust span").is_empty());
    // The link that would run keeps its text.
    let text: String = select(&doc, "main")[0].text().collect();
    assert!(text.contains("run and site"), "{text}");
    // Front matter Markdown (a criterion) is cleaned on every page showing it.
    for page in ["levels/senior.html", "print.html"] {
        let doc = b.html(page);
        assert_inert(&doc, page);
        assert!(
            b.read(&format!("site/{page}"))
                .contains("Owns the <img src=\""),
            "{page}"
        );
    }
}

#[test]
fn reject_locates_each_piece_of_raw_html_and_each_unsafe_link() {
    let b = wiki(Some("reject"));
    let r = b.build();
    r.error_at(
        "content/guides/wiki.md:7:3",
        "raw HTML is not allowed in this handbook",
    )
    .error_at(
        "content/guides/wiki.md:9:1",
        "raw HTML is not allowed in this handbook",
    )
    .error_at(
        "content/guides/wiki.md:13:1",
        "a link to `javascript:` is not allowed in this handbook",
    )
    .error_at(
        "content/levels/senior.md:10:18",
        "raw HTML is not allowed in this handbook",
    )
    .hint("book.toml sets [markdown] html = \"reject\": write it in Markdown, or set html = \"sanitize\" to keep what is safe");
    assert!(!b.path("site").exists(), "nothing published");
    // Markdown without raw HTML passes.
    b.write(
        "content/guides/wiki.md",
        "+++\ntitle = \"Wiki page\"\nsummary = \"x\"\n+++\nA **bold** word, `<b>` in code, [site](https://example.com).\n",
    );
    b.edit(
        "content/levels/senior.md",
        "<img src=y onerror=alert(4)> ",
        "",
    );
    b.build().ok();
}

/// Sanitizing touches only Markdown with raw HTML or a link to another
/// scheme: a page without either is byte-identical to the default build's.
#[test]
fn sanitize_leaves_pages_without_raw_html_as_they_were() {
    let keep = Book::new();
    keep.build().ok();
    let clean = Book::new();
    let toml = clean.read("book.toml");
    clean.write(
        "book.toml",
        &format!("{toml}\n[markdown]\nhtml = \"sanitize\"\n"),
    );
    clean.build().ok();
    for page in ["guides/glue-work.html", "levels/senior.html", "matrix.html"] {
        assert_eq!(
            keep.read(&format!("site/{page}")),
            clean.read(&format!("site/{page}")),
            "{page}"
        );
    }
}
