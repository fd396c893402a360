//! The personal overlay: privacy first (a published build never holds a byte
//! of it), then what it shows: the evidence map and the coaching hints.

mod common;
use common::overlay::{setup, MARKER};
use common::{run_in, select, text};

#[test]
fn the_overlay_never_reaches_a_published_build() {
    let (tmp, book, overlay) = setup();
    assert!(std::fs::read_to_string(overlay.join("brag.md"))
        .unwrap()
        .contains(MARKER));
    // Text outside entries is shown too (as notes), so it must stay private.
    let brag = std::fs::read_to_string(overlay.join("brag.md")).unwrap();
    std::fs::write(
        overlay.join("brag.md"),
        format!(
            "{brag}
A closing thought, {MARKER}-note.
"
        ),
    )
    .unwrap();
    // A release (the ladder as it is, kept as a folder), so the published
    // build has release pages too, which the overlay's level must not reach.
    common::copy_dir(&book.join("content"), &book.join("released/content"));
    std::fs::copy(book.join("book.toml"), book.join("released/book.toml")).unwrap();
    let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
    std::fs::write(
        book.join("book.toml"),
        format!(
            "{toml}\n[[releases]]\nname = \"2026.1\"\ndate = 2026-01-15\npath = \"released\"\n"
        ),
    )
    .unwrap();
    // Without --overlay, even with the environment variable set, nothing is read.
    let out = std::process::Command::new(common::bin())
        .args(["build", "book"])
        .current_dir(tmp.path())
        .env("CAREERBOOK_OVERLAY", &overlay)
        .output()
        .unwrap();
    assert!(out.status.success());
    let published = book.join("site");
    assert!(published.join("index.html").is_file());
    assert!(published.join("releases/2026-1.html").is_file());
    assert_eq!(
        common::files_containing(&published, MARKER),
        Vec::<String>::new()
    );
    assert!(!published.join("me").exists());
    assert!(!book.join("site-private").exists());
    let before: Vec<_> = walkdir::WalkDir::new(&published)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();

    // With it, the output goes to its own folder; site/ is untouched.
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    r.ok();
    let private = book.join("site-private");
    assert!(r.stdout.contains("site-private"), "{}", r.stdout);
    assert!(
        !common::files_containing(&private, MARKER).is_empty(),
        "the overlay is in the private build"
    );
    assert!(
        std::fs::read_to_string(private.join("me/progress.html"))
            .unwrap()
            .contains(MARKER),
        "the assessments are in the private build"
    );
    assert!(
        std::fs::read_to_string(private.join("me/brag.html"))
            .unwrap()
            .contains(&format!("{MARKER}-note")),
        "the brag document's notes are in the private build"
    );
    // ...but in no search index file.
    assert_eq!(
        common::files_containing(&private.join("search"), MARKER),
        Vec::<String>::new()
    );
    for (path, bytes) in &before {
        assert_eq!(
            &std::fs::read(path).unwrap(),
            bytes,
            "{} changed",
            path.display()
        );
    }
    assert_eq!(
        common::files_containing(&published, MARKER),
        Vec::<String>::new()
    );
    // Every page of the private build is noindex, and robots are turned away.
    for e in walkdir::WalkDir::new(&private)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(e.path()).unwrap();
            assert!(
                html.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
                "{}",
                e.path().display()
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(private.join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /\n"
    );
    // And never into the published folder, even when asked.
    let r = run_in(
        tmp.path(),
        &["build", "book", "--overlay", "me", "-o", "book/site"],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("the published output"), "{}", r.stderr);
    assert_eq!(
        common::files_containing(&published, MARKER),
        Vec::<String>::new()
    );
    // Nor when the published output is a link and -o names where it leads.
    let real = tmp.path().join("www");
    std::fs::rename(&published, &real).unwrap();
    std::os::unix::fs::symlink(&real, &published).unwrap();
    for out in ["www", "book/site/"] {
        let r = run_in(tmp.path(), &["build", "book", "--overlay", "me", "-o", out]);
        assert_eq!(r.code, 1, "{out}");
        assert!(
            r.stderr.contains("the published output"),
            "{out}: {}",
            r.stderr
        );
    }
    assert_eq!(
        common::files_containing(&real, MARKER),
        Vec::<String>::new()
    );
}

#[test]
fn the_evidence_map_and_hints_follow_the_handbook() {
    let (tmp, book, _) = setup();
    run_in(tmp.path(), &["build", "book", "--overlay", "me"]).ok();
    let page = |p: &str| {
        scraper::Html::parse_document(
            &std::fs::read_to_string(book.join("site-private").join(p)).unwrap(),
        )
    };
    let me = page("me/index.html");
    // A map for the target (senior) and the road ahead (staff, and the manager fork).
    let maps: Vec<String> = select(&me, ".evidence-map h2").iter().map(text).collect();
    assert_eq!(maps[0], "Evidence for Senior Engineer");
    assert!(
        maps.iter()
            .any(|m| m.starts_with("Evidence for Staff Engineer")),
        "{maps:?}"
    );
    let scope = &select(&me, "#map-senior tr[data-dimension=scope]")[0];
    assert!(
        text(scope).contains("Saved-cards migration"),
        "{}",
        text(scope)
    );
    // Hints drawn from the handbook's advice, each with its guide.
    let hints: Vec<String> = select(&me, ".hints li").iter().map(text).collect();
    let find = |needle: &str| {
        hints
            .iter()
            .find(|h| h.contains(needle))
            .cloned()
            .unwrap_or_else(|| panic!("no hint {needle:?} in {hints:?}"))
    };
    // Only the entries whose impact states no quantity, in digits or words.
    let unmeasured = find("state no measurable outcome");
    assert!(unmeasured.starts_with("3 of 17 entries"), "{unmeasured}");
    for title in [
        "Gift card refunds",
        "Receipts queue ADR",
        "Onboarding guide",
    ] {
        assert!(unmeasured.contains(title), "{unmeasured}");
    }
    for title in ["Mentoring Leo", "Reading group"] {
        assert!(
            !unmeasured.contains(title),
            "numbers in words count: {unmeasured}"
        );
    }
    // Saved-cards names Priya as owner of the go/no-go: not a claim of Sam's.
    assert!(!find("authority audit").contains("Saved-cards migration"));
    let counts: Vec<String> = select(&me, ".evidence-map .strength + .muted")
        .iter()
        .map(text)
        .collect();
    assert!(
        counts.iter().all(|c| !c.starts_with("1 entries")),
        "{counts:?}"
    );
    assert!(
        counts.iter().any(|c| c.starts_with("1 entry,")),
        "{counts:?}"
    );
    assert!(find("failure stories").contains("0 failure"));
    assert!(find("No entries in").contains("2025-Q4"));
    assert!(find("authority audit").contains("OpenTelemetry for checkout"));
    assert!(find("Glue work").contains("Onboarding guide"));
    assert_eq!(
        select(
            &me,
            ".hint-authority a[href='../guides/level-calibration.html#the-authority-audit']"
        )
        .len(),
        1
    );
    // The timeline and the packet with its citations linked.
    let brag = page("me/brag.html");
    assert_eq!(select(&brag, ".brag-entry").len(), 17);
    assert_eq!(select(&brag, "#checkout-retries").len(), 1);
    let packet = page("me/packet.html");
    assert!(!select(
        &packet,
        ".endnotes a[href='brag.html#saved-cards-migration']"
    )
    .is_empty());
    assert!(
        !text(&select(&packet, ".prose")[0]).contains("[[brag:"),
        "every citation became a numbered note"
    );
}

#[test]
fn overlay_mistakes_are_located() {
    let (tmp, _, overlay) = setup();
    let brag = std::fs::read_to_string(overlay.join("brag.md")).unwrap();
    std::fs::write(
        overlay.join("brag.md"),
        brag.replacen(
            "Dimensions: failure-impact, technical-depth, scope",
            "Dimensions: failure-impact, tecnical-depth, scope",
            1,
        )
        .replacen("When: 2025-Q3", "When: summer", 1),
    )
    .unwrap();
    let packet = std::fs::read_to_string(overlay.join("packet.md")).unwrap();
    std::fs::write(
        overlay.join("packet.md"),
        packet.replacen("[[brag:Checkout retries]]", "[[brag:Checkout retry]]", 1),
    )
    .unwrap();
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot read the date `summer`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint: write a quarter (2026-Q1)"),
        "{}",
        r.stderr
    );
    // Dates are checked first; fix that and the rest is reported with positions.
    let brag = std::fs::read_to_string(overlay.join("brag.md")).unwrap();
    std::fs::write(
        overlay.join("brag.md"),
        brag.replacen("When: summer", "When: 2025-Q3", 1),
    )
    .unwrap();
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    assert!(
        r.stderr.contains("unknown dimension `tecnical-depth`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean `technical-depth`?"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("me/brag.md:7:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown brag entry `Checkout retry`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("me/packet.md:"), "{}", r.stderr);
    assert!(!tmp.path().join("book/site-private").exists());
}

#[test]
fn init_overlay_and_new_brag_entry_make_an_overlay_that_builds() {
    let (tmp, _book, _) = setup();
    let r = run_in(tmp.path(), &["init", "book", "--overlay", "mine"]);
    r.ok();
    let brag = std::fs::read_to_string(tmp.path().join("mine/brag.md")).unwrap();
    assert!(
        brag.contains("Dimensions:  the dimensions it evidences: scope, autonomy"),
        "uses the handbook's dimensions"
    );
    assert!(
        brag.contains("Criteria:    optional, the criteria it evidences, by id"),
        "mentions criteria citations"
    );
    run_in(tmp.path(), &["build", "book", "--overlay", "mine"]).ok();
    // A new entry lands at the end of the first section, dated this quarter.
    let out = std::process::Command::new(common::bin())
        .args(["new", "brag-entry", "Billing migration", "--dir", "book"])
        .current_dir(tmp.path())
        .env("CAREERBOOK_OVERLAY", tmp.path().join("mine"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let brag = std::fs::read_to_string(tmp.path().join("mine/brag.md")).unwrap();
    let entry = brag.find("- Billing migration:").expect("entry added");
    assert!(
        brag[entry..].contains("<!-- - Criteria: the criteria it evidences, by id"),
        "the new entry shows how to cite criteria"
    );
    assert!(
        entry < brag.find("## Design and Architecture").unwrap(),
        "in the first section"
    );
    assert!(
        entry > brag.find("- Example project").unwrap(),
        "after the existing entries"
    );
    run_in(tmp.path(), &["build", "book", "--overlay", "mine"]).ok();
    let page = std::fs::read_to_string(tmp.path().join("book/site-private/me/brag.html")).unwrap();
    assert!(page.contains("Billing migration"));
    // Never over an existing overlay; a brag entry needs an overlay.
    assert_eq!(
        run_in(tmp.path(), &["init", "book", "--overlay", "mine"]).code,
        1
    );
    let r = std::process::Command::new(common::bin())
        .args(["new", "brag-entry", "X", "--dir", "book"])
        .current_dir(tmp.path())
        .env_remove("CAREERBOOK_OVERLAY")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
}

#[test]
fn the_timeline_filters_by_dimension_and_quarter() {
    use common::browser::{eval, file_url, open};
    let (tmp, book, _) = setup();
    run_in(tmp.path(), &["build", "book", "--overlay", "me"]).ok();
    let Some(tab) = open(&file_url(&book.join("site-private/me/brag.html"))) else {
        return;
    };
    let visible = "[...document.querySelectorAll('.brag-entry')].filter(li => !li.hidden).length";
    assert_eq!(eval(&tab, visible), "17");
    let set = |name: &str, value: &str| {
        eval(&tab, &format!("(() => {{ const s = document.querySelector('select[name={name}]'); s.value = {value:?}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); }})()"));
    };
    set("dimension", "autonomy");
    assert_eq!(eval(&tab, visible), "2", "two entries evidence autonomy");
    set("quarter", "2026-Q3");
    assert_eq!(eval(&tab, visible), "1");
    assert_eq!(eval(&tab, "[...document.querySelectorAll('.brag-entry')].find(li => !li.hidden).querySelector('h2').textContent"), "\"Terraform for payments\"");
    set("dimension", "");
    set("quarter", "");
    assert_eq!(eval(&tab, visible), "17");
}

#[test]
fn the_brag_template_parses_as_written() {
    // The template's own shape, placeholders and all: a reader who copies
    // it before filling anything in still gets a Me section.
    let (tmp, book, _) = setup();
    let dir = tmp.path().join("template");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("brag.md"),
        "# Brag Document — [Your Name] — [Quarter/Year]\n\n## Projects\n- [Project Name]: [1-sentence description]\n  - My role: [what you specifically did]\n  - Impact: [quantified outcome]\n  - Skills demonstrated: [technical, leadership, etc.]\n\n## Design and Architecture\n- [RFC/Design Doc Title]: [outcome — adopted? by how many teams?]\n- Key decisions I drove: [list]\n\n## Mentoring and Team Building\n- Mentored [Name] on [Topic] — [outcome]\n- Improved onboarding: [specific improvement and result]\n\n## Operational Excellence\n- On-call improvements: [what you changed, impact on MTTR/incident count]\n- Reliability wins: [uptime improvements, toil reduction]\n\n## Learning and Growth\n- Learned [Technology/Skill] — applied in [Project]\n- Conference talk / blog post / internal presentation: [title]\n\n## What I Want to Do Next\n- [Goals for next quarter]\n",
    )
    .unwrap();
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "template"]);
    r.ok();
    let html = std::fs::read_to_string(book.join("site-private/me/brag.html")).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let titles: Vec<String> = select(&doc, ".brag-entry h2").iter().map(text).collect();
    assert_eq!(titles.len(), 9, "{titles:?}");
    assert!(
        titles.contains(&"Key decisions I drove".to_string()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Mentored [Name] on [Topic] — [outcome]".to_string()),
        "{titles:?}"
    );
    let me = std::fs::read_to_string(book.join("site-private/me/index.html")).unwrap();
    assert!(me.contains("[Goals for next quarter]"));
}

/// A level renamed in the handbook (`formerly`) after the overlay was
/// written: the brag entries and the packet that name its old id still
/// read, as the new level.
#[test]
fn an_overlay_written_before_a_level_was_renamed_still_reads() {
    let (tmp, book, overlay) = setup();
    let senior = book.join("content/levels/senior.md");
    let text = std::fs::read_to_string(&senior).unwrap();
    std::fs::write(
        &senior,
        text.replacen("+++\n", "+++\nformerly = [\"senior-ic\"]\n", 1),
    )
    .unwrap();
    for f in ["brag.md", "packet.md"] {
        let p = overlay.join(f);
        let t = std::fs::read_to_string(&p).unwrap();
        let t = t
            .replace("Level: senior\n", "Level: senior-ic\n")
            .replace("Target level: senior\n", "Target level: senior-ic\n");
        std::fs::write(&p, t).unwrap();
    }
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    r.ok();
    let packet = std::fs::read_to_string(book.join("site-private/me/packet.html")).unwrap();
    assert!(
        packet.contains("Senior Engineer"),
        "the target level, by its new id"
    );
    let me = std::fs::read_to_string(book.join("site-private/me/index.html")).unwrap();
    assert!(
        me.contains("levels/senior.html"),
        "links go to the level's page"
    );
}

/// Two entries with one title (or titles with one slug) each keep an id of
/// their own on the brag page; the second title is a located warning, and
/// a citation of it links to the first.
#[test]
fn entries_with_the_same_title_keep_ids_of_their_own() {
    let (tmp, book, overlay) = setup();
    let path = overlay.join("brag.md");
    let brag = std::fs::read_to_string(&path).unwrap();
    let brag = brag
        .replacen("- Order-status webhooks:", "- Checkout retries:", 1)
        .replacen("- Promo code latency:", "- Checkout Retries!:", 1);
    std::fs::write(&path, &brag).unwrap();
    // The packet cites the two entries renamed here; without it the build passes.
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("hint: brag entries are: Checkout retries, "),
        "{}",
        r.stderr
    );
    std::fs::remove_file(overlay.join("packet.md")).unwrap();
    let r = run_in(tmp.path(), &["build", "book", "--overlay", "me"]);
    r.ok();
    let line = brag
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- Checkout retries:"))
        .nth(1)
        .map(|(i, _)| i + 1)
        .unwrap();
    for needle in [
        "warning: a second entry is titled `Checkout retries`".to_string(),
        format!("--> me/brag.md:{line}:3"),
    ] {
        assert!(r.stderr.contains(&needle), "{needle}: {}", r.stderr);
    }
    let page = scraper::Html::parse_document(
        &std::fs::read_to_string(book.join("site-private/me/brag.html")).unwrap(),
    );
    let ids: Vec<String> = select(&page, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "ids are unique: {ids:?}");
    for id in [
        "checkout-retries",
        "checkout-retries-1",
        "checkout-retries-2",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id}: {ids:?}");
    }
}
