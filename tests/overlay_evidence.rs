//! The overlay's evidence (issue 15): criteria cited by brag entries, the
//! evidence map per criterion, assessment snapshots, nothing written
//! dropped, and the packet as a committee reads it.

mod common;
use common::overlay::{edit, page, setup};
use common::{run_in, select, text};

#[test]
fn cited_criteria_link_to_their_level_and_fill_the_map() {
    let (tmp, book, _) = setup();
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    r.ok();
    // The example overlay is a model: it builds without a warning.
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let brag = page(&book, "me/brag.html");
    let cited: Vec<String> = select(&brag, "#saved-cards-migration .cited-criteria a")
        .iter()
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect();
    assert_eq!(
        cited,
        [
            "../levels/senior.html#senior-scope-system-owner",
            "../levels/senior.html#senior-autonomy-plans-for-team",
            "../levels/senior.html#senior-failure-impact-designs-for-failure",
        ]
    );
    // The criteria field is shown as links, not again as a plain field.
    assert!(!text(&select(&brag, "#saved-cards-migration dl")[0]).contains("Criteria"));
    let me = page(&book, "me/index.html");
    assert_eq!(
        text(&select(&me, "#map-senior .criteria-count")[0]),
        "12 of 19 criteria have evidence. Cite a criterion from a brag entry with - Criteria: id, id."
    );
    assert_eq!(select(&me, "#map-senior tr[data-criterion]").len(), 19);
    let row = |id: &str| text(&select(&me, &format!("#map-senior tr[data-criterion='{id}']"))[0]);
    assert!(row("senior-autonomy-sets-direction").contains("No evidence yet"));
    let influence = row("senior-influence-adjacent-teams");
    assert!(influence.contains("Order-status webhooks"), "{influence}");
    assert!(influence.contains("Idempotency keys RFC"), "{influence}");
    assert_eq!(
        select(
            &me,
            "#map-senior tr[data-criterion='senior-scope-system-owner'] a[href='brag.html#saved-cards-migration']"
        )
        .len(),
        1
    );
    // The dimension rows are still there.
    assert_eq!(select(&me, "#map-senior tr[data-dimension]").len(), 8);
}

#[test]
fn an_unknown_criterion_is_located_and_a_renamed_one_reads_as_its_new_id() {
    let (tmp, book, overlay) = setup();
    let brag = overlay.join("brag.md");
    edit(
        &brag,
        "Criteria: senior-influence-adjacent-teams\n",
        "Criteria: senior-influence-adjacent-team\n",
    );
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("unknown criterion `senior-influence-adjacent-team`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("me/brag.md:28:15"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("did you mean `senior-influence-adjacent-teams`?"),
        "{}",
        r.stderr
    );
    // Renamed in the handbook since: the old id still reads, as the new one.
    edit(
        &brag,
        "senior-influence-adjacent-team\n",
        "senior-influence-neighbours\n",
    );
    edit(
        &book.join("content/levels/senior.md"),
        "id = \"senior-influence-adjacent-teams\"\n",
        "id = \"senior-influence-adjacent-teams\"\nformerly = [\"senior-influence-neighbours\"]\n",
    );
    run_in(tmp.path(), &["build", "book", "--overlay", "me"]).ok();
    let b = page(&book, "me/brag.html");
    assert_eq!(
        select(
            &b,
            "#order-status-webhooks .cited-criteria a[href='../levels/senior.html#senior-influence-adjacent-teams']"
        )
        .len(),
        1
    );
}

#[test]
fn the_progress_page_compares_the_snapshots() {
    let (tmp, book, _) = setup();
    run_in(tmp.path(), &["build", "book", "--overlay", "me"]).ok();
    let me = page(&book, "me/index.html");
    assert!(
        text(&select(&me, ".assessments")[0]).contains("3 assessment snapshots of Senior Engineer"),
        "{}",
        text(&select(&me, ".assessments")[0])
    );
    let p = page(&book, "me/progress.html");
    let heads: Vec<String> = select(&p, "#progress-senior .progress-dimensions thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        heads,
        [
            "Dimension",
            "2026-03-02 by self",
            "2026-06-15 by manager (Marta Silva)",
            "2026-11-20 by self"
        ]
    );
    let scope: Vec<String> = select(&p, ".progress-dimensions tr[data-dimension=scope] td")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        scope,
        [
            "0 met · 1 partly · 1 not yet",
            "0 met · 2 partly · 0 not yet",
            "2 met · 0 partly · 0 not yet"
        ]
    );
    let owner: Vec<String> = select(
        &p,
        ".progress-criteria tr[data-criterion=senior-scope-system-owner] td",
    )
    .iter()
    .map(text)
    .collect();
    assert_eq!(
        owner[0],
        "partly saved-cards migration, but Priya held the go/no-go"
    );
    assert!(owner[2].starts_with("met"), "{owner:?}");
    assert_eq!(
        text(&select(&p, "#progress-senior h3")[0]),
        "Since 2026-06-15"
    );
    let changes: Vec<String> = select(&p, ".changes li").iter().map(text).collect();
    assert!(
        changes
            .iter()
            .any(|c| c.contains("senior-failure-impact-security-posture: n/a → not yet")),
        "{changes:?}"
    );
    assert!(
        !changes
            .iter()
            .any(|c| c.contains("senior-influence-multiplier")),
        "unchanged criteria are not listed: {changes:?}"
    );
}

#[test]
fn without_snapshots_the_page_says_how_to_make_one() {
    let (tmp, book, overlay) = setup();
    std::fs::remove_dir_all(overlay.join("assessments")).unwrap();
    run_in(tmp.path(), &["build", "book", "--overlay", "me"]).ok();
    let p = page(&book, "me/progress.html");
    assert!(select(&p, "table").is_empty());
    let body = text(&select(&p, "article")[0]);
    assert!(body.contains("No assessment snapshots yet"), "{body}");
    assert!(body.contains("save the file into assessments/"), "{body}");
    let me = page(&book, "me/index.html");
    assert!(text(&select(&me, ".assessments")[0]).contains("download the assessment"));
}

#[test]
fn assessment_mistakes_are_located() {
    let (tmp, book, overlay) = setup();
    let dir = overlay.join("assessments");
    let early = dir.join("2026-03-02-self.md");
    edit(&early, "- Date: 2026-03-02\n", "");
    edit(
        &early,
        "- partly: senior-scope-system-owner",
        "- done: senior-scope-system-owner",
    );
    let manager = dir.join("2026-06-15-manager.md");
    edit(&manager, "- Date: 2026-06-15", "- Date: 15 June");
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for needle in [
        "me/assessments/2026-03-02-self.md:1:",
        "the assessment has no `Date` line",
        "unknown state `done`",
        "states are: met, partly, not yet, n/a",
        "me/assessments/2026-06-15-manager.md:3:9",
        "cannot read the date `15 June`",
    ] {
        assert!(r.stderr.contains(needle), "{needle}: {}", r.stderr);
    }
    // A criterion retired since is a warning; a renamed level reads as its new id.
    edit(&early, "- done:", "- partly:");
    edit(
        &early,
        "- Level: senior",
        "- Date: 2026-03-02\n- Level: senior-ic",
    );
    edit(&manager, "15 June", "2026-06-15");
    // Text that is neither an item nor a heading is said to be unread.
    edit(
        &manager,
        "## Scope\n",
        "## Scope\nI think the scope row is nearly there.\n",
    );
    edit(
        &manager,
        "- met: senior-influence-multiplier",
        "- met: senior-influence-multiplyer",
    );
    edit(
        &book.join("content/levels/senior.md"),
        "+++\n",
        "+++\nformerly = [\"senior-ic\"]\n",
    );
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    r.ok();
    assert!(
        r.stderr
            .contains("`senior-influence-multiplyer` is not a criterion of the level `senior`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("did you mean `senior-influence-multiplier`?"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("2026-06-15-manager.md:20:8"),
        "{}",
        r.stderr
    );
    let unread = "`I think the scope row is nearly there.` is not read";
    assert!(r.stderr.contains(unread), "{}", r.stderr);
    let line = std::fs::read_to_string(&manager)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("I think"))
        .unwrap()
        + 1;
    assert!(
        r.stderr
            .contains(&format!("2026-06-15-manager.md:{line}:1")),
        "{}",
        r.stderr
    );
    let p = page(&book, "me/progress.html");
    assert_eq!(select(&p, ".progress-dimensions thead th").len(), 4);
}

#[test]
fn nothing_written_vanishes() {
    let (tmp, book, overlay) = setup();
    let brag = overlay.join("brag.md");
    let text0 = std::fs::read_to_string(&brag).unwrap();
    // A paragraph before the first section, one appended at the end, one
    // in a section, a sub-heading, a second title, a stray file.
    let text1 = text0
        .replacen(
            "## Projects\n",
            "Written for my promotion case, updated on Fridays.\n\n## Projects\n",
            1,
        )
        .replacen(
            "## Mentoring and Team Building\n",
            "## Mentoring and Team Building\n\nMentoring is where I grew most this year.\n\n### Juniors\n",
            1,
        );
    std::fs::write(
        &brag,
        format!("{text1}\nThe last paragraph, appended after the goals.\nSee [[brag:Mentoring Leo]], not [[level:senor]].\n\n# Another title\n"),
    )
    .unwrap();
    edit(
        &overlay.join("packet.md"),
        "## Summary\n",
        "## Summary\n\n- Target level: senior\n",
    );
    std::fs::write(overlay.join("notes.txt"), "scratch").unwrap();
    std::fs::write(overlay.join(".DS_Store"), "").unwrap();
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    r.ok();
    let b = page(&book, "me/brag.html");
    let notes = text(&select(&b, ".brag-notes")[0]);
    assert_eq!(
        text(&select(&b, "h1 + .brag-intro")[0]),
        "Written for my promotion case, updated on Fridays."
    );
    for shown in [
        "Mentoring and Team Building Mentoring is where I grew most this year.",
        "What I Want to Do Next The last paragraph, appended after the goals.",
    ] {
        assert!(notes.contains(shown), "{shown}: {notes}");
    }
    let lines: Vec<&str> = text1.lines().collect();
    let juniors = lines.iter().position(|l| *l == "### Juniors").unwrap() + 1;
    for warned in [
        format!("me/brag.md:{juniors}:1"),
        "a level-3 heading is not shown".to_string(),
        "a second `# ` title is not shown".to_string(),
        "`notes.txt` in the overlay folder is not read".to_string(),
        "a second `Target level` line replaces `senior`".to_string(),
    ] {
        assert!(r.stderr.contains(&warned), "{warned}: {}", r.stderr);
    }
    assert!(!r.stderr.contains(".DS_Store"), "{}", r.stderr);
    // A citation in a note links to its entry; a broken reference is located.
    assert_eq!(select(&b, ".brag-notes a[href='#mentoring-leo']").len(), 1);
    let see = text1.lines().count() + 3;
    assert!(r.stderr.contains("level `senor`"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("me/brag.md:{see}:")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    // Still 17 entries: the notes are not entries.
    assert_eq!(select(&b, ".brag-entry").len(), 17);
}

#[test]
fn the_packet_numbers_its_evidence_and_states_the_level() {
    let (tmp, book, _) = setup();
    run_in(tmp.path(), &["build", "book", "--overlay", "me"]).ok();
    let p = page(&book, "me/packet.html");
    let refs: Vec<String> = select(&p, ".prose sup.note-ref a")
        .iter()
        .map(|a| format!("{} {}", text(a), a.value().attr("href").unwrap_or("")))
        .collect();
    // In order of first citation; Saved-cards and the RFC are cited twice.
    assert_eq!(refs[0], "[1] #packet-note-1");
    assert_eq!(refs[1], "[2] #packet-note-2");
    assert_eq!(
        refs.iter().filter(|r| *r == "[2] #packet-note-2").count(),
        2
    );
    assert_eq!(refs.len(), 14);
    let notes = select(&p, ".endnotes li");
    assert_eq!(notes.len(), 12);
    let second = &notes[1];
    assert_eq!(second.value().attr("id"), Some("packet-note-2"));
    let s = text(second);
    assert!(
        s.starts_with("Saved-cards migration · 2025-Q3. Zero customer-visible"),
        "{s}"
    );
    assert!(s.contains("senior-scope-system-owner"), "{s}");
    assert_eq!(
        select(
            &p,
            "#packet-note-2 a[href='brag.html#saved-cards-migration']"
        )
        .len(),
        1
    );
    assert_eq!(
        select(
            &p,
            "#packet-note-2 a[href='../levels/senior.html#senior-scope-system-owner']"
        )
        .len(),
        1
    );
    // The appendix: the target level's statements and criteria, with ids.
    assert_eq!(
        text(&select(&p, ".packet-appendix h2")[0]),
        "Expectations of Senior Engineer"
    );
    assert_eq!(select(&p, ".packet-appendix h3").len(), 8);
    let appendix = text(&select(&p, ".packet-appendix")[0]);
    assert!(appendix.contains("Owns a system, service or multi-month project end to end"));
    assert_eq!(select(&p, ".packet-appendix li code").len(), 19);
    // It prints as a document: the appendix starts a sheet.
    let css = std::fs::read_to_string(book.join("site-private/assets/style.css")).unwrap();
    let print = &css[css.find("@media print").unwrap()..];
    assert!(print.contains(".packet-appendix { break-before: page; }"));
}

#[test]
fn the_map_lists_inherited_criteria_linked_where_they_are_stated() {
    // Job families: backend-2 inherits shared-2's criterion on communication.
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/families"
        )),
        &tmp.path().join("book"),
    );
    let me = tmp.path().join("me");
    std::fs::create_dir_all(&me).unwrap();
    std::fs::write(
        me.join("brag.md"),
        "# Brag\n\n## Projects\n- Design notes: wrote the team's design notes\n  - When: 2026-Q1\n  - Dimensions: communication\n  - Criteria: shared-2-writes\n  - Impact: 12 notes, read by 3 teams\n",
    )
    .unwrap();
    std::fs::write(
        me.join("packet.md"),
        "# Packet\n\n- Target level: backend-2\n",
    )
    .unwrap();
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    r.ok();
    let book = tmp.path().join("book");
    let p = page(&book, "me/index.html");
    let rows: Vec<String> = select(&p, "#map-backend-2 tr[data-criterion]")
        .iter()
        .map(|tr| tr.value().attr("data-criterion").unwrap_or("").to_string())
        .collect();
    assert_eq!(
        rows,
        ["shared-2-writes", "backend-2-plans", "backend-2-designs"]
    );
    let inherited = &select(&p, "#map-backend-2 tr[data-criterion=shared-2-writes]")[0];
    assert!(
        text(inherited).contains("(from Shared level 2)"),
        "{}",
        text(inherited)
    );
    assert!(
        text(inherited).contains("Design notes"),
        "{}",
        text(inherited)
    );
    let href = select(&p, "#map-backend-2 tr[data-criterion=shared-2-writes] th a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    let (file, anchor) = href.trim_start_matches("../").split_once('#').unwrap();
    let target = std::fs::read_to_string(book.join("site-private").join(file)).unwrap();
    assert!(target.contains(&format!("id=\"{anchor}\"")), "{href}");
    assert_eq!(
        text(&select(&p, "#map-backend-2 .criteria-count")[0])
            .split('.')
            .next(),
        Some("1 of 3 criteria have evidence")
    );
}

#[test]
fn a_rule_based_level_lists_the_criteria_its_rule_names() {
    // The Etsy shape: a level is a rule over tiers; its criteria are those
    // of the highest tier the rule names, stated on the matrix.
    let tmp = tempfile::tempdir().unwrap();
    let etsy = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/etsy");
    run_in(tmp.path(), &["import", "etsy", etsy, "-q", "-o", "book"]).ok();
    let me = tmp.path().join("me");
    std::fs::create_dir_all(&me).unwrap();
    std::fs::write(
        me.join("brag.md"),
        "# Brag\n\n## Projects\n- Quarter plan: planned the quarter\n  - When: 2026-Q1\n  - Dimensions: shipping\n  - Criteria: shipping-strong-you-plan-a-quarter-of-work\n  - Impact: 9 of 10 goals met\n",
    )
    .unwrap();
    std::fs::write(
        me.join("packet.md"),
        "# Packet\n\n- Target level: senior-engineer-i\n",
    )
    .unwrap();
    run_in(tmp.path(), &["build", "book", "--overlay", "me"]).ok();
    let book = tmp.path().join("book");
    let p = page(&book, "me/index.html");
    assert_eq!(
        text(&select(&p, "#map-senior-engineer-i .criteria-count")[0]),
        "1 of 4 criteria have evidence. Cite a criterion from a brag entry with - Criteria: id, id."
    );
    let row =
        "#map-senior-engineer-i tr[data-criterion=shipping-strong-you-plan-a-quarter-of-work]";
    assert!(text(&select(&p, row)[0]).contains("Quarter plan"));
    let href = select(&p, &format!("{row} th a"))[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(
        href,
        "../matrix.html#shipping-strong-you-plan-a-quarter-of-work"
    );
    let matrix = std::fs::read_to_string(book.join("site-private/matrix.html")).unwrap();
    assert!(matrix.contains("id=\"shipping-strong-you-plan-a-quarter-of-work\""));
}
