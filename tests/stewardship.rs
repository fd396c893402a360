//! Ownership and freshness: a page's `owner` and `reviewed` date show in
//! its footer, and with book.toml's `review_after` `check` warns about
//! pages reviewed longer ago, at the `reviewed` line.

mod common;

use common::{select, text, Book};

fn book(reviewed: &str) -> Book {
    let b = Book::new();
    b.edit(
        "book.toml",
        "base_url",
        "review_after = \"12 months\"\nbase_url",
    );
    b.edit(
        "content/guides/glue-work.md",
        "weight = 1\n",
        &format!("weight = 1\nowner = \"Platform guild\"\nreviewed = {reviewed}\n"),
    );
    b
}

#[test]
fn an_old_review_is_a_located_warning_and_a_recent_one_is_not() {
    let b = book("2020-01-15");
    let r = b.check();
    r.ok();
    r.warning_at(
        "content/guides/glue-work.md:6:12",
        "last reviewed on 2020-01-15",
    );
    assert!(
        r.stderr.contains("review_after of 12 months"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("its owner is Platform guild"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("     1  page overdue for review"),
        "{}",
        r.stdout
    );
    let denied = b.run(&["check", "book", "--deny-warnings"]);
    assert_eq!(denied.code, 1);

    let fresh = book("2999-01-01");
    let r = fresh.check();
    r.ok();
    assert!(!r.stderr.contains("last reviewed"), "{}", r.stderr);
}

#[test]
fn the_footer_names_the_owner_and_the_last_review() {
    let b = book("2026-11-30");
    b.build().ok();
    let html = b.html("guides/glue-work.html");
    let footer = text(&select(&html, "footer.site-footer")[0]);
    assert!(footer.contains("Owner: Platform guild"), "{footer}");
    assert!(footer.contains("Last reviewed 2026-11-30"), "{footer}");
    let time = select(&html, "footer.site-footer time");
    assert_eq!(time[0].value().attr("datetime"), Some("2026-11-30"));
}

#[test]
fn a_period_that_does_not_read_is_a_located_error() {
    let b = Book::new();
    b.edit(
        "book.toml",
        "base_url",
        "review_after = \"a year\"\nbase_url",
    );
    let r = b.check();
    r.error_at("book.toml:4:16", "`a year` is not a period");
    let b = Book::new();
    b.edit(
        "content/guides/glue-work.md",
        "weight = 1\n",
        "weight = 1\nreviewed = \"last spring\"\n",
    );
    let r = b.check();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/guides/glue-work.md:5"),
        "{}",
        r.stderr
    );
}
