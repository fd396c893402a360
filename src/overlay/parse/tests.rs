//! The brag document and packet parsers on the shapes people write.

use super::*;
use std::path::PathBuf;

#[test]
fn dates_in_the_forms_people_write() {
    assert_eq!(
        When::parse("2025-Q2").map(|w| w.quarter_label()),
        Some("2025-Q2".into())
    );
    assert_eq!(
        When::parse("Q3 2026").map(|w| w.quarter_label()),
        Some("2026-Q3".into())
    );
    assert_eq!(
        When::parse("2026-03-14").map(|w| (w.quarter, w.month, w.day)),
        Some((1, 3, 14))
    );
    assert_eq!(When::parse("2025-08").map(|w| w.quarter), Some(3));
    for bad in ["2025-Q5", "2025-13", "soon", "2025-02-40", "Q2"] {
        assert_eq!(When::parse(bad), None, "{bad}");
    }
}

#[test]
fn reads_the_template_shape() {
    let text = "# Brag Document — Ana — 2026\n\n## Projects\n- Billing: moved it\n  - When: 2026-Q1\n  - Dimensions: scope, influence\n  - Impact: cut cost by 30%\n    and more\n\n## What I Want to Do Next\n- Lead a migration\n";
    let src = SourceFile::new(PathBuf::from("b.md"), "b.md".into(), text.into());
    let b = brag(&src).unwrap();
    assert_eq!(b.entries.len(), 1);
    let e = &b.entries[0];
    assert_eq!(
        (e.title.as_str(), e.section.as_str()),
        ("Billing", "Projects")
    );
    assert_eq!(e.dimensions, ["scope", "influence"]);
    assert_eq!(e.field("impact"), Some("cut cost by 30% and more"));
    assert_eq!(b.goals, ["Lead a migration"]);
}

#[test]
fn comments_are_ignored_and_offsets_kept() {
    let text = "<!-- see [[brag:Nope]] — é -->\n## Projects\n- X: y\n  - When: 2026-Q5\n";
    let src = SourceFile::new(PathBuf::from("b.md"), "brag.md".into(), text.into());
    assert_eq!(without_comments(text).len(), text.len());
    let d = brag(&src).unwrap_err();
    assert_eq!(d.iter().next().unwrap().position(), "brag.md:4:11");
    let p = packet(&src);
    assert!(p.citations.is_empty());
}

#[test]
fn a_bad_date_is_located() {
    let text = "## Projects\n- X: y\n  - When: someday\n";
    let src = SourceFile::new(PathBuf::from("b.md"), "brag.md".into(), text.into());
    let d = brag(&src).unwrap_err();
    assert_eq!(d.iter().next().unwrap().position(), "brag.md:3:11");
}

#[test]
fn text_outside_entries_is_kept_or_warned() {
    let text = "# B\nIntro line.\n##\n\n## Projects\nWhy these.\n- X: y\n  - Criteria: a-b,  c-d\n    e-f\n### Sub\n## What next\n- Goal\n  more\n  - detail\nLast words.\n# Again\n";
    let src = SourceFile::new(PathBuf::from("b.md"), "brag.md".into(), text.into());
    let b = brag(&src).unwrap();
    let notes: Vec<(&str, &str)> = b
        .notes
        .iter()
        .map(|n| (n.section.as_str(), n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("", "Intro line."),
            ("Projects", "Why these."),
            ("What next", "Last words."),
        ]
    );
    for n in &b.notes {
        assert!(text[n.offset..].starts_with(&n.text), "{n:?}");
    }
    let ids: Vec<&str> = b.entries[0].criteria.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(ids, ["a-b", "c-d", "e-f"]);
    let at = |i: usize| &text[b.entries[0].criteria[i].1..];
    assert!(at(1).starts_with("c-d") && at(2).starts_with("e-f"));
    assert_eq!(b.goals, ["Goal more — detail"]);
    let w: Vec<String> = b.warnings.iter().map(|d| d.position()).collect();
    assert_eq!(w, ["brag.md:3:1", "brag.md:10:1", "brag.md:16:1"]);
}
