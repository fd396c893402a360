//! Imported ladders are data, not markup: hostile text in each reader's
//! source (script tags, event attributes, `javascript:` links, Markdown link
//! and image injection, `[[...]]` references) shows on the built pages as
//! the text it is, and nothing of it runs.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, run_in, select};

/// No double quotes: it goes inside YAML and CSV strings as it is.
const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3)) ![pix](https://evil.example/p.png) <a href=javascript:alert(4)>a</a> [[level:nope]] *stars*";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Imports `source` with `format` into `dir/book`, builds it into
/// `dir/site` and returns the site.
fn import_and_build(dir: &Path, format: &str, source: &Path) -> PathBuf {
    run_in(
        dir,
        &["import", format, source.to_str().unwrap(), "-o", "book"],
    )
    .ok();
    run_in(dir, &["build", "book", "-o", "site"]).ok();
    dir.join("site")
}

/// Every HTML page of the site, parsed, with its path.
fn pages(site: &Path) -> Vec<(String, scraper::Html)> {
    walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().strip_prefix(site).unwrap().display().to_string(),
                scraper::Html::parse_document(&std::fs::read_to_string(e.path()).unwrap()),
            )
        })
        .collect()
}

/// Nothing on any page can run: no script of the payload, no event
/// attribute, no `javascript:` address, no image from the payload.
#[track_caller]
fn assert_inert(site: &Path, images_allowed: bool) {
    let pages = pages(site);
    assert!(pages.len() > 3, "{} pages", pages.len());
    for (name, doc) in &pages {
        // Scripts may carry the text as data (a JSON string); a payload that
        // broke out would be a script of its own.
        for s in select(doc, "script") {
            let body: String = s.text().collect();
            assert!(
                !body.trim_start().starts_with("alert("),
                "{name}: a script of the payload"
            );
        }
        for el in doc.tree.nodes().filter_map(scraper::ElementRef::wrap) {
            for (attr, value) in el.value().attrs() {
                assert!(
                    !attr.to_ascii_lowercase().starts_with("on"),
                    "{name}: <{} {attr}={value:?}>",
                    el.value().name()
                );
                if !matches!(attr, "href" | "src" | "srcset" | "action" | "formaction") {
                    continue;
                }
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !v.starts_with("javascript:"),
                    "{name}: <{} {attr}={value:?}>",
                    el.value().name()
                );
                if !images_allowed {
                    assert!(!v.contains("evil.example"), "{name}: {attr}={value:?}");
                }
            }
        }
    }
}

/// The payload shows as text on `page`: tags, link syntax and reference
/// brackets included.
#[track_caller]
fn assert_shown_as_text(site: &Path, page: &str) {
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(site.join(page)).unwrap());
    let text: String = select(&doc, "main")[0].text().collect();
    for piece in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "[click](javascript:alert(3))",
        "![pix](https://evil.example/p.png)",
        "[[level:nope]]",
        "*stars*",
    ] {
        assert!(text.contains(piece), "{page} shows {piece:?}");
    }
}

#[test]
fn ft_text_and_links_are_data() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("platform.yml");
    std::fs::copy(fixtures().join("ft/platform.yml"), &src).unwrap();
    // A competency, an example, a theme's summary and a supporting link.
    replace_in(
        &src,
        "Ships small, reviewed changes to a service, following the team's",
        &format!("{HOSTILE} Ships small changes, following the team's"),
    );
    replace_in(
        &src,
        "- Added a health check endpoint and rolled it out behind a flag",
        &format!("- \"{HOSTILE}\""),
    );
    replace_in(
        &src,
        "summary: Keeps services healthy once they are live.",
        &format!("summary: \"{HOSTILE}\""),
    );
    replace_in(
        &src,
        "label: How we review code\n        url: https://example.com/reviews",
        "label: \"<b onclick=alert(5)>[x](javascript:alert(6))</b>\"\n        url: \"https://example.com/a?<img src=x onerror=alert(7)>\"",
    );
    let site = import_and_build(tmp.path(), "ft", &src);
    assert_inert(&site, false);
    assert_shown_as_text(&site, "matrix.html");
    assert_shown_as_text(&site, "levels/associate.html");
    // The supporting link keeps its address; its label is text.
    let level = std::fs::read_to_string(site.join("levels/associate.html")).unwrap();
    let doc = scraper::Html::parse_document(&level);
    let link = select(&doc, "main a[href^='https://example.com/a']");
    assert_eq!(link.len(), 1, "{level}");
    assert_eq!(
        link[0].text().collect::<String>(),
        "<b onclick=alert(5)>[x](javascript:alert(6))</b>"
    );
    let print = std::fs::read_to_string(site.join("print.html")).unwrap();
    assert!(!print.contains("<script>alert"), "print page");
}

#[test]
fn monzo_criteria_statements_and_examples_are_data() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("monzo");
    copy_dir(&fixtures().join("monzo"), &src);
    let backend = src.join("engineering/backend.md");
    replace_in(
        &backend,
        "\"Writes pull request descriptions that say what changed and why\"",
        &format!("\"{HOSTILE}\""),
    );
    replace_in(
        &backend,
        "\"A one-page note on moving the ledger reads to a replica\"",
        &format!("\"{HOSTILE}\""),
    );
    let site = import_and_build(tmp.path(), "monzo", &src);
    assert_inert(&site, false);
    assert_shown_as_text(&site, "families/backend.html");
    assert_shown_as_text(&site, "levels/backend-level-1.html");
}

#[test]
fn etsy_expectations_track_records_and_competencies_are_data() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("etsy");
    copy_dir(&fixtures().join("etsy"), &src);
    replace_in(
        &src.join("index.md"),
        "- You finish small, well-described tasks with a teammate nearby.",
        &format!("- {HOSTILE}"),
    );
    replace_in(
        &src.join("index.md"),
        "You have shipped a feature that customers use every week.",
        HOSTILE,
    );
    // In the competencies' HTML table the payload arrives as entities.
    let escaped = HOSTILE
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    replace_in(
        &src.join("competencies.md"),
        "<li>You test your change before asking for review.</li>",
        &format!("<li>{escaped}</li>"),
    );
    let site = import_and_build(tmp.path(), "etsy", &src);
    assert_inert(&site, false);
    assert_shown_as_text(&site, "levels/engineer-i.html");
    assert_shown_as_text(&site, "matrix.html");
}

/// A sheet's cells are careerbook Markdown (framework.csv round-trips), so
/// emphasis, links to the web and references are kept; raw HTML and links
/// that would run are shown as text.
#[test]
fn csv_cells_keep_markdown_but_nothing_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let sheet = tmp.path().join("names.csv");
    std::fs::copy(fixtures().join("csv/names.csv"), &sheet).unwrap();
    replace_in(
        &sheet,
        "Writes code that passes review with small changes",
        "<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3)) <a href=javascript:alert(4)>a</a> [ok](https://example.com/ok) **kept**",
    );
    let site = import_and_build(tmp.path(), "csv", &sheet);
    assert_inert(&site, true);
    let doc =
        scraper::Html::parse_document(&std::fs::read_to_string(site.join("matrix.html")).unwrap());
    let text: String = select(&doc, "main")[0].text().collect();
    for piece in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "[click](javascript:alert(3))",
    ] {
        assert!(text.contains(piece), "shows {piece:?}");
    }
    assert!(!select(&doc, "main a[href='https://example.com/ok']").is_empty());
    assert!(select(&doc, "main strong")
        .iter()
        .any(|s| s.text().collect::<String>() == "kept"));
    // A reference to nothing is a located error, not text.
    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    let sheet = bad.join("names.csv");
    std::fs::copy(fixtures().join("csv/names.csv"), &sheet).unwrap();
    replace_in(
        &sheet,
        "Writes code that passes review with small changes",
        "See [[level:nope]]",
    );
    let r = run_in(&bad, &["import", "csv", "names.csv", "-o", "book"]);
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
    assert!(!bad.join("book").exists(), "a failed import leaves nothing");
}
