//! Long lists split into pages (`[build] list_page_size`): every entry on
//! exactly one page in the list's order, the pager's links, the print page
//! holding only the first page, and a document at a list page's address.

mod common;

use common::{default_handbook, run_in, select, text};
use std::collections::BTreeSet;
use std::path::Path;

fn set_page_size(root: &Path, size: usize) {
    let path = root.join("book.toml");
    let toml = std::fs::read_to_string(&path).expect("book.toml");
    let toml = toml.replacen("[build]", &format!("[build]\nlist_page_size = {size}"), 1);
    assert!(toml.contains("list_page_size"), "book.toml has no [build]");
    std::fs::write(path, toml).expect("write book.toml");
}

fn page(site: &Path, path: &str) -> scraper::Html {
    let html = std::fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    scraper::Html::parse_document(&html)
}

/// The guide links of a guides list page, in order.
fn guide_links(doc: &scraper::Html) -> Vec<String> {
    select(doc, "ul.guides li a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_long_list_is_split_into_pages_that_hold_every_entry_once() {
    let (_tmp, root) = default_handbook();
    // The whole list on one page first: the order every split must keep.
    run_in(&root, &["build", "-q"]).ok();
    let site = root.join("site");
    let whole = guide_links(&page(&site, "guides/index.html"));
    assert!(whole.len() > 10, "the handbook has {} guides", whole.len());
    assert!(!site.join("guides/index-2.html").exists());
    assert!(select(&page(&site, "guides/index.html"), "nav.list-pager").is_empty());

    set_page_size(&root, 4);
    // A base URL, so that the sitemap is written.
    let toml = std::fs::read_to_string(root.join("book.toml")).expect("book.toml");
    let toml = toml.replacen(
        "base_url = \"\"",
        "base_url = \"https://example.com/handbook/\"",
        1,
    );
    assert!(
        toml.contains("https://example.com/handbook/"),
        "book.toml has no base_url"
    );
    std::fs::write(root.join("book.toml"), toml).expect("write book.toml");
    run_in(&root, &["build", "-q"]).ok();
    let pages = whole.len().div_ceil(4);
    let mut split = Vec::new();
    for n in 1..=pages {
        let path = match n {
            1 => "guides/index.html".to_string(),
            n => format!("guides/index-{n}.html"),
        };
        let doc = page(&site, &path);
        let links = guide_links(&doc);
        assert!(!links.is_empty() && links.len() <= 4, "{path}: {links:?}");
        split.extend(links);
        let title = text(&select(&doc, "title")[0]);
        match n {
            1 => assert!(title.starts_with("Guides ·"), "{title}"),
            n => assert!(
                title.starts_with(&format!("Guides, page {n} of {pages}")),
                "{title}"
            ),
        }
        let nav = select(&doc, "nav.list-pager");
        assert_eq!(nav.len(), 1, "{path} has no pager");
        assert!(text(&nav[0]).contains(&format!("Page {n} of {pages}")));
        let current = select(&doc, "nav.list-pager a[aria-current=page]");
        assert_eq!(current.len(), 1);
        assert_eq!(text(&current[0]), n.to_string());
        let rel = |r: &str| {
            select(&doc, &format!("nav.list-pager a[rel={r}]"))
                .first()
                .and_then(|a| a.value().attr("href"))
                .map(str::to_string)
        };
        let named = |k: usize| match k {
            1 => "../guides/index.html".to_string(),
            k => format!("../guides/index-{k}.html"),
        };
        assert_eq!(rel("prev"), (n > 1).then(|| named(n - 1)), "{path}");
        assert_eq!(rel("next"), (n < pages).then(|| named(n + 1)), "{path}");
        // Every page number link leads to a page that exists.
        for a in select(&doc, "nav.list-pager a") {
            let href = a.value().attr("href").unwrap_or("");
            assert!(site.join("guides").join(href).exists(), "{path}: {href}");
        }
    }
    assert!(!site
        .join(format!("guides/index-{}.html", pages + 1))
        .exists());
    assert_eq!(split, whole, "the pages together are the list, in order");

    // The sitemap lists every page of the list; the print page holds the
    // first only (its contents link every guide anyway).
    let print = std::fs::read_to_string(site.join("print.html")).expect("print.html");
    assert!(print.contains("id=\"guides.index\""));
    assert!(!print.contains("id=\"guides.index-2\""));
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).expect("sitemap.xml");
    for n in 2..=pages {
        let url = format!("https://example.com/handbook/guides/index-{n}.html");
        assert!(sitemap.contains(&url), "{url} not in the sitemap");
    }
}

#[test]
fn questions_split_into_pages_keep_their_rounds_and_every_question() {
    let (_tmp, root) = default_handbook();
    run_in(&root, &["build", "-q"]).ok();
    let site = root.join("site");
    let questions = |doc: &scraper::Html| -> Vec<(String, String)> {
        select(doc, "ul.questions li")
            .iter()
            .map(|li| {
                let round = li.value().attr("data-round").unwrap_or("").to_string();
                let href = select_in(li, "a");
                (round, href)
            })
            .collect()
    };
    let whole = questions(&page(&site, "questions/index.html"));
    assert!(whole.len() > 6);

    set_page_size(&root, 5);
    run_in(&root, &["build", "-q"]).ok();
    let mut split = Vec::new();
    for n in 1..=whole.len().div_ceil(5) {
        let path = match n {
            1 => "questions/index.html".to_string(),
            n => format!("questions/index-{n}.html"),
        };
        let doc = page(&site, &path);
        let qs = questions(&doc);
        assert!(!qs.is_empty() && qs.len() <= 5, "{path}");
        // A round's section appears only on pages holding its questions.
        let rounds: BTreeSet<String> = qs.iter().map(|(r, _)| r.clone()).collect();
        let sections: BTreeSet<String> = select(&doc, "section[id]")
            .iter()
            .filter_map(|s| s.value().attr("id").map(str::to_string))
            .collect();
        assert_eq!(rounds, sections, "{path}");
        split.extend(qs);
    }
    assert_eq!(split, whole);
}

fn select_in(el: &scraper::ElementRef, css: &str) -> String {
    let sel = scraper::Selector::parse(css).expect("selector");
    el.select(&sel)
        .next()
        .and_then(|a| a.value().attr("href"))
        .unwrap_or("")
        .to_string()
}

#[test]
fn a_document_at_a_list_page_address_is_an_error() {
    let (_tmp, root) = default_handbook();
    let original = std::fs::read_to_string(root.join("book.toml")).expect("book.toml");
    set_page_size(&root, 4);
    std::fs::write(
        root.join("content/guides/index-2.md"),
        "+++\ntitle = \"Two\"\nsummary = \"A guide named like a list page.\"\n+++\n\nText.\n",
    )
    .expect("write");
    let run = run_in(&root, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: two pages would be written to `guides/index-2.html`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/guides/index-2.md"),
        "{}",
        run.stderr
    );
    run.hint("page 2 of the guide list has this address too; set another id in this guide's front matter");
    assert!(!root.join("site").exists(), "a failed build wrote a site");

    // With every guide on one page, the address is free.
    std::fs::write(root.join("book.toml"), original).expect("write");
    set_page_size(&root, 0);
    run_in(&root, &["build", "-q"]).ok();
    assert!(root.join("site/guides/index-2.html").exists());
    let doc = page(&root.join("site"), "guides/index-2.html");
    assert_eq!(text(&select(&doc, "h1")[0]), "Two");
}
