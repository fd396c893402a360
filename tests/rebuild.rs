//! Builds that reuse the previous build: only the pages that read something
//! an edit changed are rendered again, and the site is byte for byte what a
//! full build without the cache writes, after every kind of edit, after the
//! previous site was tampered with, and when the record is damaged.

mod common;
use common::{run_in, tree};
use std::path::Path;

use common::default_handbook as handbook;

/// Builds into ../site with the cache; returns (pages rendered, pages
/// reused), all rendered when the build reused nothing.
fn rebuild(root: &Path) -> (usize, usize) {
    let run = run_in(root, &["build", "-v", "-o", "../site"]);
    run.ok();
    let total: usize = run
        .stdout
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let Some(line) = run.stdout.lines().find(|l| l.contains("pages: ")) else {
        return (total, 0);
    };
    let n: Vec<usize> = line
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(',').parse().ok())
        .collect();
    assert_eq!(n.len(), 2, "{line}");
    assert_eq!(n[0] + n[1], total, "{}", run.stdout);
    (n[0], n[1])
}

/// The site in ../site is what a build without the cache writes.
fn same_as_full(root: &Path, what: &str) {
    let _ = std::fs::remove_dir_all(root.join("../full"));
    run_in(root, &["build", "-q", "--no-cache", "-o", "../full"]).ok();
    let (site, full) = (tree(&root.join("../site")), tree(&root.join("../full")));
    let differ: Vec<&String> = full
        .keys()
        .chain(site.keys())
        .filter(|k| site.get(*k) != full.get(*k))
        .collect();
    assert!(differ.is_empty(), "after {what}, these differ: {differ:?}");
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, f(text)).unwrap_or_default();
}

#[test]
fn a_rebuild_renders_only_what_an_edit_changed_and_matches_a_full_build() {
    let (_tmp, root) = handbook();
    let (all, none) = rebuild(&root);
    assert!(all > 50 && none == 0, "{all} {none}");
    let before = tree(&root.join("../site"));
    // Nothing changed: nothing rendered, the same bytes.
    assert_eq!(rebuild(&root), (0, all));
    assert!(tree(&root.join("../site")) == before);
    // A paragraph added to a guide: its page, not the rest.
    edit(&root, "content/guides/glue-work.md", |t| {
        t + "\nA paragraph added since the last build.\n"
    });
    let (rendered, _) = rebuild(&root);
    assert!((1..=3).contains(&rendered), "{rendered} pages rendered");
    let page = std::fs::read_to_string(root.join("../site/guides/glue-work.html"));
    assert!(page.is_ok_and(|p| p.contains("added since the last build")));
    same_as_full(&root, "a body edit");
    // A level renamed: every page that shows its name, still not all.
    edit(&root, "content/levels/senior.md", |t| {
        t.replacen(
            "title = \"Senior Engineer\"",
            "title = \"Senior Software Engineer\"",
            1,
        )
    });
    let (rendered, reused) = rebuild(&root);
    assert!(rendered > 3 && reused > 0, "{rendered} {reused}");
    same_as_full(&root, "a title edit");
    // The framework, a page added, a page removed, book.toml.
    edit(&root, "content/framework.toml", |t| t + "\n# a comment\n");
    rebuild(&root);
    same_as_full(&root, "a framework edit");
    let new = root.join("content/guides/a-new-guide.md");
    std::fs::write(&new, "+++\ntitle = \"A new guide\"\nsummary = \"New.\"\n+++\n\nIt links to [[guide:glue-work]].\n")
        .unwrap_or_default();
    rebuild(&root);
    same_as_full(&root, "a page added");
    std::fs::remove_file(&new).unwrap_or_default();
    rebuild(&root);
    same_as_full(&root, "a page removed");
    edit(&root, "book.toml", |t| {
        t.replacen("title = ", "title = \"Renamed\" #", 1)
    });
    let (_, reused) = rebuild(&root);
    assert_eq!(reused, 0, "book.toml changes every page");
    same_as_full(&root, "a book.toml edit");
}

#[test]
fn a_tampered_previous_site_or_a_damaged_record_is_never_reused() {
    let (_tmp, root) = handbook();
    let (all, _) = rebuild(&root);
    let site = root.join("../site");
    // A page changed by hand is written again; the others are reused.
    std::fs::write(site.join("guides/glue-work.html"), "<p>edited by hand</p>").unwrap_or_default();
    std::fs::remove_file(site.join("levels/senior.html")).unwrap_or_default();
    assert_eq!(rebuild(&root), (2, all - 2));
    same_as_full(&root, "pages edited and removed by hand");
    // A search shard changed by hand: the index is made again.
    let shard = walkdir::WalkDir::new(site.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file())
        .map(|e| e.into_path());
    let shard = shard.expect("the site has a search index");
    std::fs::write(shard, "junk").unwrap_or_default();
    rebuild(&root);
    same_as_full(&root, "a search shard edited by hand");
    // The print page is copied from: without it, everything is rendered.
    std::fs::remove_file(site.join("print.html")).unwrap_or_default();
    assert_eq!(rebuild(&root), (all, 0));
    same_as_full(&root, "the print page removed");
    // A damaged record is not read.
    let records: Vec<_> = walkdir::WalkDir::new(root.join(".careerbook-cache/site"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert_eq!(records.len(), 1, "one record per output folder");
    let mut bytes = std::fs::read(&records[0]).unwrap_or_default();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(&records[0], bytes).unwrap_or_default();
    assert_eq!(rebuild(&root), (all, 0));
    same_as_full(&root, "a damaged record");
    // Two builds of the same folder at once, then one more: still whole.
    edit(&root, "content/guides/glue-work.md", |t| {
        t + "\nOne more line.\n"
    });
    let spawn = || {
        std::process::Command::new(common::bin())
            .args(["build", "-q", "-o", "../site"])
            .current_dir(&root)
            .spawn()
    };
    let (mut a, mut b) = (spawn().expect("spawn a"), spawn().expect("spawn b"));
    let (a, b) = (a.wait(), b.wait());
    assert!(a.is_ok_and(|s| s.success()) && b.is_ok_and(|s| s.success()));
    same_as_full(&root, "two builds at once");
    rebuild(&root);
    same_as_full(&root, "a build after two at once");
}

/// What `build -v` says became of the search index.
fn search_after(root: &Path) -> String {
    let run = run_in(root, &["build", "-v", "-o", "../site"]);
    run.ok();
    run.stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("search index: "))
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_search_index_is_updated_for_edits_to_pages_and_built_again_when_ids_would_move() {
    let (_tmp, root) = handbook();
    search_after(&root);
    let updated = "updated for the edited pages";
    // Words added to a guide, and words taken out: only its documents'
    // postings change, the rest of the index is read back and linked.
    edit(&root, "content/guides/glue-work.md", |t| {
        t + "\nZanzibarish quokkas are a word nobody else uses.\n"
    });
    assert_eq!(search_after(&root), updated);
    same_as_full(&root, "words added to a guide");
    edit(&root, "content/guides/glue-work.md", |t| {
        t.replace("Zanzibarish quokkas", "Other")
            .replace("onboarding new people", "welcoming people")
    });
    assert_eq!(search_after(&root), updated);
    same_as_full(&root, "words taken out of a guide");
    // A question's front matter, in two items at once.
    edit(&root, "content/questions/ai-assisted-tools.md", |t| {
        t.replacen("Judgment about a new tool", "Judgement about a new tool", 1)
    });
    edit(&root, "content/questions/ambiguous-problem.md", |t| {
        t + "\nAppended.\n"
    });
    assert_eq!(search_after(&root), updated);
    same_as_full(&root, "two questions edited");
    // A new section moves every later id; new tags change the facets; a
    // title is quoted by other documents: each builds the index again.
    edit(&root, "content/guides/glue-work.md", |t| {
        t + "\n## A section added since\n\nIts text.\n"
    });
    assert_eq!(search_after(&root), "built");
    same_as_full(&root, "a section added");
    edit(&root, "content/guides/glue-work.md", |t| {
        t.replacen(
            "tags = [\"visibility\"",
            "tags = [\"glue\", \"visibility\"",
            1,
        )
    });
    assert_eq!(search_after(&root), "built");
    same_as_full(&root, "a tag added");
    edit(&root, "content/guides/glue-work.md", |t| {
        t.replacen("title = \"Glue work\"", "title = \"Glue work, named\"", 1)
    });
    assert_eq!(search_after(&root), "built");
    same_as_full(&root, "a title edit");
    // Nothing changed: the index is linked as it is.
    assert_eq!(search_after(&root), "unchanged since the last build");
}
