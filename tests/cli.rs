//! The command line: exit codes, help, init and new.

mod common;
use common::{run_in, Book};

#[test]
fn help_and_version_exit_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(tmp.path(), &["--help"]);
    r.ok();
    for word in ["build", "check", "init", "new", "Exit codes"] {
        assert!(r.stdout.contains(word), "help lacks {word}: {}", r.stdout);
    }
    let r = run_in(tmp.path(), &["new", "--help"]);
    r.ok();
    assert!(r.stdout.contains("anti-pattern"), "{}", r.stdout);
    run_in(tmp.path(), &["--version"]).ok();
}

#[test]
fn usage_errors_exit_two() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["frobnicate"][..],
        &["new", "lvel", "X"],
        &["new", "level"],
        &["build", "--nope"],
        &[],
    ] {
        let r = run_in(tmp.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.is_empty());
    }
}

#[test]
fn content_errors_exit_one_and_success_zero() {
    let b = Book::new();
    b.check().ok();
    assert!(b.check().stdout.contains("ok: 31 pages check out"));
    b.edit("content/index.md", "[[level:junior]]", "[[level:nope]]");
    assert_eq!(b.check().code, 1);
    assert_eq!(b.build().code, 1);
}

#[test]
fn check_writes_nothing() {
    let b = Book::new();
    b.check().ok();
    assert!(!b.path("site").exists());
}

#[test]
fn quiet_prints_nothing_on_success() {
    let b = Book::new();
    let r = b.run(&["-q", "build", "book"]);
    r.ok();
    assert_eq!(r.stdout, "");
    let r = b.run(&["-v", "build", "book"]);
    assert!(r.stdout.contains("render + write"), "{}", r.stdout);
}

#[test]
fn init_creates_a_handbook_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(
        tmp.path(),
        &["init", "team-ladder", "--title", "Acme \"Ladder\""],
    );
    r.ok();
    let dir = tmp.path().join("team-ladder");
    let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    let parsed: toml::Table = toml.parse().unwrap();
    assert_eq!(
        parsed["book"]["title"].as_str(),
        Some("Acme \"Ladder\""),
        "{toml}"
    );
    assert!(dir.join("content/framework.toml").is_file());
    run_in(tmp.path(), &["check", "team-ladder"]).ok();
    run_in(tmp.path(), &["build", "team-ladder"]).ok();
    assert!(dir.join("site/levels/senior.html").is_file());
    // Never over an existing handbook.
    let before = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    let r = run_in(tmp.path(), &["init", "team-ladder"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("already holds a handbook"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("book.toml")).unwrap(),
        before
    );
}

#[test]
fn new_items_pass_check() {
    let b = Book::new();
    for (kind, title, file) in [
        (
            "question",
            "Walk me through your last incident",
            "content/questions/walk-me-through-your-last-incident.md",
        ),
        (
            "anti-pattern",
            "The Lone Wolf",
            "content/anti-patterns/the-lone-wolf.md",
        ),
        (
            "exercise",
            "Write a one-pager",
            "content/exercises/write-a-one-pager.md",
        ),
        (
            "checklist",
            "On-call handover",
            "content/checklists/on-call-handover.md",
        ),
        (
            "guide",
            "Working with product",
            "content/guides/working-with-product.md",
        ),
    ] {
        let r = b.run(&["new", kind, title, "--dir", "book"]);
        r.ok();
        assert!(b.path(file).is_file(), "{kind}: {}", r.stdout);
    }
    b.check().ok();
}

#[test]
fn new_level_fills_every_dimension_and_joins_a_track() {
    let b = Book::new();
    let r = b.run(&["new", "level", "Principal Engineer", "--dir", "book"]);
    r.ok();
    assert!(r.stdout.contains("track `ic`"), "{}", r.stdout);
    let text = b.read("content/levels/principal-engineer.md");
    assert!(text.contains("[expectations.scope]") && text.contains("[expectations.impact]"));
    let fw = b.read("content/framework.toml");
    assert!(
        fw.contains(r#"levels = ["junior", "senior", "staff", "principal-engineer"]"#),
        "{fw}"
    );
    assert!(
        fw.contains("[[rounds]]\nid = \"behavioral\"\nname = \"Behavioral\""),
        "formatting kept: {fw}"
    );
    b.check().ok();
}

#[test]
fn new_never_overwrites() {
    let b = Book::new();
    let r = b.run(&["new", "guide", "Glue work", "--dir", "book"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    assert!(b
        .read("content/guides/glue-work.md")
        .contains("Make it visible"));
}

#[test]
fn new_needs_an_id_for_titles_without_latin_letters() {
    let b = Book::new();
    let r = b.run(&["new", "guide", "面接の準備", "--dir", "book"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--id"), "{}", r.stderr);
    b.run(&[
        "new",
        "guide",
        "面接の準備",
        "--dir",
        "book",
        "--id",
        "interview-prep",
    ])
    .ok();
    b.check().ok();
}

#[test]
fn errors_are_colored_only_when_asked() {
    let b = Book::new();
    b.edit("content/index.md", "[[level:junior]]", "[[level:nope]]");
    // Not a terminal: no escape codes even without NO_COLOR.
    let out = std::process::Command::new(common::bin())
        .args(["check", "book"])
        .current_dir(b.tmp.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
    let out = std::process::Command::new(common::bin())
        .args(["check", "book"])
        .current_dir(b.tmp.path())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains('\u{1b}'),
        "forced colors"
    );
}

/// Runs `careerbook build` on a pseudo-terminal (util-linux `script`), with
/// the progress bar's delay at `delay_ms`, and returns what the terminal
/// showed; `None` without `script`.
fn build_on_a_terminal(dir: &std::path::Path, extra: &str, delay_ms: u32) -> Option<String> {
    let log = dir.join("terminal.log");
    let cmd = format!(
        "{} build {} -o {} {extra}",
        common::bin(),
        dir.join("book").display(),
        dir.join("out").display()
    );
    let status = std::process::Command::new("script")
        .args(["-qec", &cmd])
        .arg(&log)
        .env("CAREERBOOK_PROGRESS_DELAY_MS", delay_ms.to_string())
        .env_remove("CI")
        .stdout(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) => assert!(s.success(), "{cmd}"),
        Err(_) => {
            eprintln!("no `script` command: progress bar test skipped");
            return None;
        }
    }
    let bytes = std::fs::read(&log).expect("terminal log");
    Some(String::from_utf8_lossy(&bytes).replace('\r', "\n"))
}

#[test]
fn a_long_build_shows_progress_on_a_terminal_only() {
    let (tmp, _) = common::default_handbook();
    // Shown from the start (delay 0): pages written out of all.
    let Some(shown) = build_on_a_terminal(tmp.path(), "", 0) else {
        return;
    };
    let counted = shown
        .lines()
        .filter(|l| l.contains("] ") && l.contains(" pages"))
        .count();
    assert!(counted > 0, "{shown}");
    assert!(
        shown.contains("reading and checking the handbook"),
        "{shown}"
    );
    assert!(
        shown.contains("\nbuilt 175 pages (") || shown.contains("built 175 pages ("),
        "{shown}"
    );
    // With -q, or a build shorter than the delay: nothing but the result.
    let quiet = build_on_a_terminal(tmp.path(), "-q", 0).unwrap_or_default();
    assert!(
        !quiet.contains("pages") && !quiet.contains("reading"),
        "{quiet}"
    );
    let short = build_on_a_terminal(tmp.path(), "", 60_000).unwrap_or_default();
    assert!(
        !short.contains("] ") && !short.contains("reading and checking"),
        "{short}"
    );
    // On a pipe (as every other test runs it): no bar either.
    let piped = run_in(&tmp.path().join("book"), &["build"]);
    piped.ok();
    assert!(
        !piped.stderr.contains("] ") && !piped.stdout.contains("] "),
        "{}",
        piped.stderr
    );
}
