//! Hiring profiles: a page per level with what it is hired for (derived
//! from the level, or in its own words), its interview loop with the
//! questions calibrated for it and the rubric to score them, and the same
//! profile as schema.org JSON-LD in the page and in a file of its own.

mod common;
use common::{select, text, Book};

/// The fixture with a scored system-design round (on scope), calibrated
/// answers around senior on the behavioral question, and a round the
/// candidate asks in.
fn book() -> Book {
    let book = Book::new();
    book.edit(
        "content/framework.toml",
        "id = \"system-design\"\nname = \"System design\"",
        "id = \"system-design\"\nname = \"System design\"\ndimensions = [\"scope\"]\n\n[[rounds]]\nid = \"ask\"\nname = \"Ask us\"\nscored = false",
    );
    let q = book.read("content/questions/disagree.md");
    book.write(
        "content/questions/disagree.md",
        &q.replacen(
            "[[answers]]\nlabel = \"Senior\"",
            "[[answers]]\nlabel = \"Junior\"\nlevel = \"junior\"\ntext = \"I told my lead and did it their way.\"\n\n[[answers]]\nlabel = \"Staff\"\nlevel = \"staff\"\ntext = \"I changed how the org decides such things.\"\n\n[[answers]]\nlabel = \"Senior\"",
            1,
        ),
    );
    book.write(
        "content/questions/ask-on-call.md",
        "+++\ntitle = \"How does on-call work here?\"\nround = \"ask\"\nlevels = [\"senior\"]\ntests = \"Whether the team is honest.\"\nhow_to_answer = \"Ask for numbers.\"\nmistakes = [\"Not asking.\"]\n+++\n",
    );
    book
}

fn ld_json(page: &scraper::Html) -> serde_json::Value {
    let scripts = select(page, "script[type=\"application/ld+json\"]");
    assert_eq!(scripts.len(), 1, "one JSON-LD block");
    let raw: String = scripts[0].text().collect();
    serde_json::from_str(&raw).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{raw}"))
}

fn texts(page: &scraper::Html, css: &str) -> Vec<String> {
    select(page, css).iter().map(text).collect()
}

#[test]
fn a_level_s_profile_derives_its_advert_loop_and_rubric() {
    let book = book();
    book.build().ok();
    let page = book.html("hiring/senior.html");
    assert_eq!(texts(&page, "h1"), ["Senior Engineer"]);
    // The advert: the level's summary and expectation statements.
    assert_eq!(
        texts(&page, "#advert .prose p"),
        ["Owns a system end to end."]
    );
    assert_eq!(
        texts(&page, "#advert > ul li"),
        ["Owns a system.", "Changes how the team works."]
    );
    let advert = texts(&page, "#advert-text").join("");
    assert!(
        advert.contains(
            "Senior Engineer Owns a system end to end. What the job involves: - Owns a system."
        ) && advert.contains("Typical experience: 5-8 years."),
        "{advert}"
    );
    // The loop: the scored rounds with questions for the level, in the
    // framework's order; the candidate's round apart.
    let rounds: Vec<String> = select(&page, "ol.rounds > li.round")
        .iter()
        .map(|r| r.value().attr("id").unwrap_or("").to_string())
        .collect();
    assert_eq!(rounds, ["round-behavioral", "round-system-design"]);
    assert_eq!(
        texts(&page, "#round-ask h2"),
        ["Ask us: what candidates ask"]
    );
    assert_eq!(
        texts(&page, "#round-ask li"),
        ["How does on-call work here?"]
    );
    // The rubric: system design scores the level's scope criterion.
    assert_eq!(
        select(&page, "#round-system-design table.rubric tbody tr").len(),
        1
    );
    assert_eq!(
        texts(&page, "#round-system-design table.rubric tbody td"),
        [
            "Scope",
            "Owns the design and operation of a system.",
            "Below · At · Above"
        ]
    );
    let link = select(&page, "#round-system-design table.rubric a");
    assert_eq!(
        link[0].value().attr("href"),
        Some("../levels/senior.html#senior-scope-system")
    );
    assert!(
        select(&page, "#round-behavioral table.rubric").is_empty(),
        "behavioral names no dimensions"
    );
    // The question: what to listen for, red flags, calibrated answers
    // against the levels below, at and above.
    let q = &select(&page, "#round-behavioral .loop-question")[0];
    let q = scraper::Html::parse_fragment(&q.html());
    assert_eq!(
        texts(&q, "h5"),
        ["Tell me about a time you disagreed with a decision."]
    );
    assert!(texts(&q, ".listen")
        .join(" ")
        .contains("Whether you separate substance from ego"));
    assert_eq!(texts(&q, ".red-flags li").len(), 2);
    assert_eq!(
        texts(&q, "details.calibrated summary"),
        [
            "Below the bar: Weak",
            "Below the bar: Junior (Junior Engineer)",
            "At the bar: Senior (Senior Engineer)",
            "Above the bar: Staff (Staff Engineer)",
        ]
    );
    let scale = texts(&page, "#scale dd");
    assert!(scale[0].contains("Junior Engineer"), "{scale:?}");
    assert!(
        scale[2].contains("Staff Engineer") && scale[2].contains("Engineering Manager"),
        "{scale:?}"
    );

    // Structured data: in the page and in its own file, the same.
    let ld = ld_json(&page);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Occupation");
    assert_eq!(ld["name"], "Senior Engineer");
    assert_eq!(ld["description"], "Owns a system end to end.");
    assert_eq!(ld["experienceRequirements"]["monthsOfExperience"], 60);
    assert_eq!(
        ld["responsibilities"],
        serde_json::json!(["Owns a system.", "Changes how the team works."])
    );
    assert_eq!(
        ld["qualifications"],
        serde_json::json!(["Owns the design and operation of a system."])
    );
    let file: serde_json::Value =
        serde_json::from_str(&book.read("site/hiring/senior.json")).unwrap();
    assert_eq!(file, ld);

    // A level with no calibrated questions says so; the level page and the
    // navigation lead to the profiles; the list has every level.
    let junior = book.html("hiring/junior.html");
    assert!(text(&select(&junior, "#loop")[0])
        .contains("No question in the bank is calibrated for this level yet"));
    let level = book.html("levels/senior.html");
    assert!(select(&level, "a[href=\"../hiring/senior.html\"]").len() == 1);
    assert_eq!(
        texts(
            &level,
            "nav[aria-label=Sections] a[href=\"../hiring/index.html\"]"
        ),
        ["Hiring"]
    );
    let index = book.html("hiring/index.html");
    assert_eq!(select(&index, "ul.cards > li").len(), 5);
    // Not pages: the JSON files stay out of the sitemap-worthy count.
    assert!(book.path("site/hiring/tech-lead.json").is_file());
}

#[test]
fn a_level_can_word_its_own_profile_and_choose_its_rounds() {
    let book = book();
    book.edit(
        "content/levels/senior.md",
        "title = \"Senior Engineer\"",
        "title = \"Senior </script><script>alert(1)</script>\"",
    );
    book.edit(
        "content/levels/senior.md",
        "years = \"5-8\"",
        "years = \"5-8\"\n\n[hiring]\nsummary = \"Join us to own **billing**; see [[guide:glue-work]].\"\nresponsibilities = [\"Run the <b>billing</b> ledger.\"]\nrounds = [\"system-design\", \"behavioral\"]",
    );
    book.build().ok();
    let page = book.html("hiring/senior.html");
    assert_eq!(
        texts(&page, "#advert .prose p"),
        ["Join us to own billing; see Glue work."]
    );
    assert_eq!(
        select(&page, "#advert .prose a[href=\"../guides/glue-work.html\"]").len(),
        1
    );
    let rounds: Vec<String> = select(&page, "ol.rounds > li.round")
        .iter()
        .map(|r| r.value().attr("id").unwrap_or("").to_string())
        .collect();
    assert_eq!(rounds, ["round-system-design", "round-behavioral"]);
    // Plain text in the structured data (Markdown and HTML markup
    // dropped), and a title that tries to close the script it sits in
    // stays inside it as text.
    let ld = ld_json(&page);
    assert_eq!(ld["name"], "Senior </script><script>alert(1)</script>");
    assert_eq!(ld["description"], "Join us to own billing; see Glue work.");
    assert_eq!(
        ld["responsibilities"],
        serde_json::json!(["Run the billing ledger."])
    );
    // A level's summary is plain text, as on its page: markup in it shows
    // as text, on the profile and in the list.
    book.edit(
        "content/levels/junior.md",
        "summary = \"Learns the craft on well-defined tasks.\"",
        "summary = \"Learns <img src=x onerror=alert(2)> the craft.\"",
    );
    book.build().ok();
    let junior = book.html("hiring/junior.html");
    assert_eq!(
        texts(&junior, "#advert .prose p"),
        ["Learns <img src=x onerror=alert(2)> the craft."]
    );
    assert!(select(&junior, "#advert img").is_empty());
    let index = book.html("hiring/index.html");
    assert!(select(&index, "ul.cards img").is_empty());
    assert_eq!(
        ld_json(&junior)["description"],
        "Learns <img src=x onerror=alert(2)> the craft."
    );
    let html = book.read("site/hiring/senior.html");
    assert_eq!(
        html.matches("<script>alert(1)").count(),
        0,
        "a script tag got out"
    );
}

/// `file:line:column` of the first `needle` in a file of the book.
fn position(book: &Book, file: &str, needle: &str) -> String {
    let text = book.read(file);
    let at = text.find(needle).expect("needle in file");
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{file}:{line}:{column}")
}

#[test]
fn unknown_rounds_and_dimensions_are_located_errors() {
    let book = book();
    book.edit(
        "content/levels/senior.md",
        "years = \"5-8\"",
        "years = \"5-8\"\n\n[hiring]\nrounds = [\"sytem-design\"]",
    );
    book.edit(
        "content/framework.toml",
        "dimensions = [\"scope\"]",
        "dimensions = [\"scop\"]",
    );
    let run = book.check();
    run.error_at(
        &position(&book, "content/levels/senior.md", "sytem-design"),
        "unknown round `sytem-design`",
    )
    .hint("did you mean `system-design`?");
    run.error_at(
        &position(&book, "content/framework.toml", "scop\""),
        "unknown dimension `scop`",
    )
    .hint("did you mean `scope`?");
}

#[test]
fn book_toml_turns_the_profiles_off_or_keeps_them_internal() {
    let book = book();
    let toml = book.read("book.toml");
    book.write("book.toml", &format!("{toml}\n[hiring]\nenabled = false\n"));
    book.build().ok();
    assert!(!book.path("site/hiring").exists());
    assert!(common::files_containing(&book.path("site"), "hiring/").is_empty());

    book.write("book.toml", &format!("{toml}\n[hiring]\ninternal = true\n"));
    book.build().ok();
    assert!(
        !book.path("site/hiring").exists(),
        "internal profiles in a public build"
    );
    assert!(common::files_containing(&book.path("site"), "hiring/").is_empty());
    book.run(&["build", "book", "--profile", "internal"]).ok();
    assert!(book.path("site-internal/hiring/senior.html").is_file());
    let level = scraper::Html::parse_document(&book.read("site-internal/levels/senior.html"));
    assert_eq!(select(&level, "a[href=\"../hiring/senior.html\"]").len(), 1);
}
