//! The built site: pages exist for every kind, links resolve relatively,
//! Markdown features render, and the output folder is handled safely.

mod common;
use common::{select, text, Book};

fn attr(el: &scraper::ElementRef, name: &str) -> String {
    el.value().attr(name).unwrap_or("").to_string()
}

#[test]
fn builds_every_kind_of_page() {
    let b = Book::new();
    let r = b.build();
    r.ok();
    // 25, and a hiring profile per level (5) with their list.
    assert!(r.stdout.contains("built 31 pages"), "{}", r.stdout);
    for page in [
        "index.html",
        "matrix.html",
        "404.html",
        "levels/index.html",
        "levels/senior.html",
        "levels/tech-lead.html",
        "questions/index.html",
        "questions/disagree.html",
        "anti-patterns/index.html",
        "anti-patterns/hiding-behind-we.html",
        "exercises/story-bank.html",
        "checklists/pre-deploy.html",
        "guides/index.html",
        "guides/glue-work.html",
        "guides/deep-dives.html",
        "guides/deep-dive-one.html",
        "assets/style.css",
        "assets/careerbook.js",
        "assets/highlight.css",
        "sitemap.xml",
        "search.html",
        "compare.html",
        "calibrate.html",
        "search/manifest.js",
        "search/facets.js",
        "assets/search.js",
        "robots.txt",
    ] {
        assert!(b.path(&format!("site/{page}")).is_file(), "missing {page}");
    }
    assert!(b.path("site/.careerbook-output").is_file());
}

#[test]
fn level_page_shows_expectations_criteria_and_neighbours() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("levels/senior.html");
    assert_eq!(text(&select(&doc, "h1")[0]), "Senior Engineer");
    let sections = select(&doc, "section.expectation");
    let ids: Vec<String> = sections.iter().map(|s| attr(s, "id")).collect();
    assert_eq!(
        ids,
        ["scope", "impact"],
        "one section per dimension, in framework order"
    );
    let crit = select(&doc, "li#senior-scope-system");
    assert_eq!(crit.len(), 1, "criterion has a stable anchor");
    assert!(text(&crit[0]).contains("Owns the design and operation of a system."));
    let grows = select(
        &doc,
        "li#senior-scope-system a[href='../levels/junior.html#junior-scope-tasks']",
    );
    assert_eq!(grows.len(), 1, "strengthens links to the lower criterion");
    // Next level on each track: the IC and the management forks.
    let facts = text(&select(&doc, ".facts")[0]);
    assert!(facts.contains("next: Staff Engineer"), "{facts}");
    assert!(facts.contains("next: Engineering Manager"), "{facts}");
    // A body heading that collides with a dimension anchor gets a suffix.
    let body_h2: Vec<String> = select(&doc, ".prose h2")
        .iter()
        .map(|h| attr(h, "id"))
        .collect();
    assert_eq!(body_h2, ["what-changes-at-this-level", "scope-1"]);
}

#[test]
fn cross_references_resolve_to_relative_links_with_titles() {
    let b = Book::new();
    b.build().ok();
    let home = b.html("index.html");
    let links: Vec<(String, String)> = select(&home, "article a")
        .iter()
        .filter(|a| !attr(a, "class").contains("anchor"))
        .map(|a| (attr(a, "href"), text(a)))
        .collect();
    assert!(
        links.contains(&("levels/junior.html".into(), "Junior Engineer".into())),
        "{links:?}"
    );
    assert!(
        links.contains(&("guides/glue-work.html".into(), "about glue work".into())),
        "{links:?}"
    );

    let guide = b.html("guides/glue-work.html");
    let hrefs: Vec<(String, String)> = select(&guide, ".prose a")
        .iter()
        .map(|a| (attr(a, "href"), text(a)))
        .collect();
    assert!(
        // A same-page reference without text shows the heading it names.
        hrefs.contains(&("#make-it-visible".into(), "Make it visible!".into())),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&(
            "../guides/deep-dive-one.html#details".into(),
            "Deep dive one § Details".into()
        )),
        "{hrefs:?}"
    );
    let level = b.html("levels/senior.html");
    let hrefs: Vec<String> = select(&level, ".prose a")
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert!(
        hrefs.contains(&"../levels/senior.html#senior-scope-system".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../matrix.html#dim-scope".to_string()),
        "{hrefs:?}"
    );
    // Inside a front matter field too.
    let q = b.html("questions/disagree.html");
    let a = select(&q, "a[href='../levels/senior.html#scope']");
    assert_eq!(a.len(), 1);
    assert_eq!(text(&a[0]), "Senior Engineer: Scope");
}

#[test]
fn markdown_features_render() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("guides/glue-work.html");
    let h2 = &select(&doc, ".prose h2")[0];
    assert_eq!(attr(h2, "id"), "make-it-visible");
    assert_eq!(
        select(&doc, ".prose h2 a.anchor[href='#make-it-visible']").len(),
        1
    );
    assert_eq!(
        select(&doc, ".prose .table-wrap table th").len(),
        2,
        "GFM table, wrapped to scroll"
    );
    assert_eq!(
        select(&doc, ".prose input[type=checkbox][checked]").len(),
        1,
        "task list"
    );
    assert_eq!(
        select(&doc, ".prose .footnote-definition").len(),
        1,
        "footnote"
    );
    let p = text(&select(&doc, ".prose p")[0]);
    assert!(
        p.contains("\u{201c}quotes\u{201d}") && p.contains('\u{2013}'),
        "smart punctuation: {p}"
    );
    // Highlighting with classes, including TOML and TypeScript.
    let toml = select(&doc, "pre.hl code.language-toml span");
    assert!(!toml.is_empty(), "toml highlighted");
    let ts = select(&doc, "pre.hl code.language-typescript span");
    assert!(
        ts.iter().any(|s| attr(s, "class").contains("hl-")),
        "typescript highlighted"
    );
    // Unknown language: escaped, not executed.
    let raw = b.read("site/guides/glue-work.html");
    assert!(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!raw.contains("<script>alert(1)"));
    let css = b.read("site/assets/highlight.css");
    assert!(css.contains("prefers-color-scheme: dark") && css.contains(".hl-"));
}

#[test]
fn titles_are_escaped() {
    let b = Book::new();
    b.edit(
        "content/guides/glue-work.md",
        "title = \"Glue work\"",
        "title = \"<script>alert('x')</script> & glue\"",
    );
    b.build().ok();
    let raw = b.read("site/guides/glue-work.html");
    assert!(!raw.contains("<script>alert('x')"), "title must be escaped");
    assert!(raw.contains("&lt;script&gt;"));
}

#[test]
fn question_page_shows_answers_side_by_side() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("questions/disagree.html");
    let answers: Vec<String> = select(&doc, ".answers .answer h3")
        .iter()
        .map(text)
        .collect();
    assert_eq!(answers, ["Weak", "Senior · Senior Engineer"]);
    assert_eq!(select(&doc, "#common-mistakes + ul li").len(), 2);
    let list = b.html("questions/index.html");
    let items = select(&list, "li[data-round=behavioral]");
    assert_eq!(items.len(), 1);
    assert_eq!(attr(&items[0], "data-levels"), "senior staff");
}

#[test]
fn matrix_has_a_row_per_level_and_a_cell_per_dimension() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("matrix.html");
    let ic = select(&doc, "#track-ic tbody tr");
    assert_eq!(ic.len(), 3);
    let cells: Vec<String> = select(&doc, "#track-ic tbody tr:first-child td")
        .iter()
        .map(text)
        .collect();
    assert_eq!(cells, ["Delivers well-defined tasks.", "Their work ships."]);
    assert_eq!(
        select(&doc, "#track-roles tbody tr").len(),
        1,
        "roles get their own table"
    );
    assert_eq!(select(&doc, "dt#dim-scope").len(), 1);
}

#[test]
fn exercise_rubric_and_checklist_render() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("exercises/story-bank.html");
    assert_eq!(select(&doc, ".rubric tbody tr").len(), 2);
    assert_eq!(select(&doc, ".rubric thead th").len(), 4);
    let ranges: Vec<String> = select(&doc, ".ranges dt").iter().map(text).collect();
    assert_eq!(
        ranges,
        ["2–4: Not yet", "5–7: Getting there", "8–10: Ready"]
    );
    let cl = b.html("checklists/pre-deploy.html");
    let boxes: Vec<String> = select(&cl, "input[data-check]")
        .iter()
        .map(|i| attr(i, "data-check"))
        .collect();
    assert_eq!(boxes, ["pre-deploy-1-1", "pre-deploy-1-2"]);
}

#[test]
fn guides_have_parts_and_previous_next() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("guides/deep-dives.html");
    assert_eq!(
        select(&doc, "a[rel=prev][href='../guides/glue-work.html']").len(),
        1
    );
    assert_eq!(
        select(&doc, "a[rel=next][href='../guides/deep-dive-one.html']").len(),
        1
    );
    let child = b.html("guides/deep-dive-one.html");
    assert_eq!(text(&select(&child, ".kind a")[0]), "Deep dives");
}

#[test]
fn canonical_edit_link_and_sitemap_come_from_book_toml() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("levels/senior.html");
    let canon = select(&doc, "link[rel=canonical]");
    assert_eq!(
        attr(&canon[0], "href"),
        "https://example.com/handbook/levels/senior.html"
    );
    let edit = select(&doc, "footer a");
    assert_eq!(
        attr(&edit[0], "href"),
        "https://github.com/acme/ladder/edit/main/content/levels/senior.md"
    );
    let sitemap = b.read("site/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.com/handbook/questions/disagree.html</loc>"));
    assert!(!sitemap.contains("404.html"));
    // A host shows the 404 page at any depth: its links start from the
    // base URL's path instead of being relative.
    let nf = b.html("404.html");
    assert_eq!(
        attr(&select(&nf, "link[rel=stylesheet]")[0], "href"),
        "/handbook/assets/style.css"
    );
    assert_eq!(
        attr(&select(&nf, "a.brand")[0], "href"),
        "/handbook/index.html"
    );
    assert_eq!(attr(&select(&nf, "html")[0], "data-root"), "/handbook/");
}

#[test]
fn theme_files_can_be_overridden_one_by_one() {
    let b = Book::new();
    b.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">Lost?</p>{% endblock %}",
    );
    b.write("themes/default/static/extra.css", "body{}");
    b.build().ok();
    let doc = b.html("404.html");
    assert_eq!(text(&select(&doc, "#custom")[0]), "Lost?");
    // Other templates still come from the built-in theme.
    assert_eq!(
        select(&b.html("levels/senior.html"), "section.expectation").len(),
        2
    );
    assert!(b.path("site/assets/extra.css").is_file());
}

/// The code block that follows `<!-- example: PATH -->` in a docs page.
fn docs_example(doc: &str) -> (String, String) {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(doc))
        .unwrap();
    let start = text.find("<!-- example: ").expect("an example marker");
    let rest = &text[start + "<!-- example: ".len()..];
    let (path, rest) = rest.split_once(" -->").unwrap();
    let code = rest.split_once("```html\n").unwrap().1;
    let code = code.split_once("```").unwrap().0;
    (path.to_string(), code.to_string())
}

#[test]
fn the_documented_template_override_works() {
    let (path, template) = docs_example("docs/templates.md");
    assert_eq!(path, "themes/default/templates/level.html");
    let b = Book::new();
    b.write(&path, &template);
    b.build().ok();
    let doc = b.html("levels/senior.html");
    assert_eq!(
        text(&select(&doc, "article.one-table h1")[0]),
        "Senior Engineer"
    );
    let rows: Vec<String> = select(&doc, "table.expectations-table tbody tr")
        .iter()
        .map(|r| attr(r, "id"))
        .collect();
    assert_eq!(rows, ["scope", "impact"]);
    // The ids cross-references point at are still there.
    assert_eq!(select(&doc, "li#senior-scope-system").len(), 1);
    let next: Vec<String> = select(&doc, "p.next").iter().map(text).collect();
    assert_eq!(
        next,
        [
            "Next on Individual contributor: Staff Engineer",
            "Next on Management: Engineering Manager"
        ]
    );
    assert!(!select(&doc, ".prose h2").is_empty(), "the body");
    // Every other page keeps the built-in templates.
    assert_eq!(select(&b.html("matrix.html"), "table.matrix").len(), 3);
}

#[test]
fn every_template_is_documented() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/templates.md")).unwrap();
    for e in std::fs::read_dir(root.join("themes/default/templates")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            docs.lines()
                .any(|l| l.starts_with("### ") && l.contains(&format!("`{name}`"))),
            "docs/templates.md has no section for {name}"
        );
    }
    assert!(
        std::fs::read_to_string(root.join("README.md"))
            .unwrap()
            .contains("(docs/templates.md)"),
        "README links the templates page"
    );
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn failed_build_leaves_the_previous_site_intact() {
    let b = Book::new();
    b.build().ok();
    let before = snapshot(&b.path("site"));
    assert!(before.len() > 20);
    b.edit(
        "content/guides/glue-work.md",
        "[[#make-it-visible]]",
        "[[guide:missing]]",
    );
    let r = b.build();
    assert_eq!(r.code, 1);
    assert_eq!(
        snapshot(&b.path("site")),
        before,
        "site/ must be byte-for-byte unchanged"
    );
    // No staging folder is left behind (the build cache stays, by design).
    let leftovers: Vec<_> = std::fs::read_dir(b.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.contains("careerbook") && name != ".careerbook-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rebuild_replaces_the_site_and_drops_stale_pages() {
    let b = Book::new();
    b.build().ok();
    assert!(b.path("site/questions/rate-limiter.html").is_file());
    b.remove("content/questions/rate-limiter.md");
    b.build().ok();
    assert!(!b.path("site/questions/rate-limiter.html").exists());
}

#[test]
fn refuses_an_output_folder_it_did_not_create() {
    let b = Book::new();
    b.write("precious/notes.txt", "do not delete");
    let r = b.run(&["build", "book", "-o", "book/precious"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("was not created by careerbook"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    assert_eq!(b.read("precious/notes.txt"), "do not delete");
    assert_eq!(std::fs::read_dir(b.path("precious")).unwrap().count(), 1);
}

#[test]
fn refuses_to_write_over_the_handbook_itself() {
    let b = Book::new();
    for out in ["book", "book/content", "book/content/guides"] {
        let r = b.run(&["build", "book", "-o", out]);
        assert_eq!(r.code, 1, "{out}: {}", r.stderr);
        assert!(b.path("content/guides/glue-work.md").is_file());
    }
}

#[test]
fn output_flag_and_config_choose_the_folder() {
    let b = Book::new();
    b.run(&["build", "book", "-o", "elsewhere"]).ok();
    assert!(b.tmp.path().join("elsewhere/index.html").is_file());
    b.edit(
        "book.toml",
        "[repository]",
        "[build]\noutput = \"public\"\n\n[repository]",
    );
    b.build().ok();
    assert!(b.path("public/index.html").is_file());
}

#[test]
fn bundled_handbook_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = common::run_in(repo, &["check", "."]);
    r.ok();
    let out = tmp.path().join("site");
    common::run_in(repo, &["build", ".", "-o", out.to_str().unwrap()]).ok();
    let doc =
        scraper::Html::parse_document(&std::fs::read_to_string(out.join("matrix.html")).unwrap());
    assert!(select(&doc, "table.matrix tbody tr").len() >= 7);
    // A role is drawn against the lowest level it sits alongside.
    let doc = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("levels/tech-lead.html")).unwrap(),
    );
    let head: Vec<String> = select(&doc, "table.radar-values thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(head, ["Dimension", "Tech Lead", "Senior Engineer"]);
    assert_eq!(select(&doc, "svg.radar polygon.radar-previous").len(), 1);
}

#[test]
fn layout_sections_are_link_targets_and_never_duplicated() {
    let b = Book::new();
    b.edit(
        "content/guides/deep-dives/deep-dive-one.md",
        "Back to [[guide:glue-work]].",
        "See [[question:disagree#how-to-answer]] and [[anti-pattern:hiding-behind-we#signs]].",
    );
    b.write(
        "content/anti-patterns/hiding-behind-we.md",
        &b.read("content/anti-patterns/hiding-behind-we.md").replace(
            "The pattern, described.",
            "## Signs\n\nA body heading named like a layout section.",
        ),
    );
    b.build().ok();
    let doc = b.html("guides/deep-dive-one.html");
    assert_eq!(
        select(&doc, "a[href='../questions/disagree.html#how-to-answer']").len(),
        1
    );
    let ap = b.html("anti-patterns/hiding-behind-we.html");
    let ids: Vec<String> = select(&ap, "[id]").iter().map(|e| attr(e, "id")).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "duplicate ids on the page: {ids:?}"
    );
    assert!(ids.contains(&"signs-1".to_string()), "{ids:?}");
}

#[test]
fn a_static_file_may_not_replace_a_page() {
    let b = Book::new();
    b.write("static/index.html", "<p>mine</p>");
    let r = b.build();
    r.error_at(
        "static/index.html",
        "would replace a page careerbook generates",
    );
    b.remove("static/index.html");
    b.write("static/img/logo.svg", "<svg/>");
    b.build().ok();
    assert_eq!(b.read("site/img/logo.svg"), "<svg/>");
}

#[test]
fn the_site_references_nothing_outside_itself() {
    // Without base_url and [repository] there is no reason for any absolute
    // URL: no CDN, no web font, no analytics.
    let b = Book::new();
    b.edit(
        "book.toml",
        "base_url = \"https://example.com/handbook/\"",
        "",
    );
    b.edit(
        "book.toml",
        "[repository]\nurl = \"https://github.com/acme/ladder\"",
        "",
    );
    b.build().ok();
    for (path, bytes) in snapshot(&b.path("site")) {
        // XML namespaces name a vocabulary; nothing is fetched from them.
        // So does JSON-LD's context (hiring profiles).
        let text = String::from_utf8_lossy(&bytes)
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
            .replace("\"@context\":\"https://schema.org\"", "")
            .replace("\"@context\": \"https://schema.org\"", "");
        for scheme in ["http://", "https://", "//cdn", "@import"] {
            assert!(!text.contains(scheme), "{path} contains {scheme}");
        }
    }
}

#[test]
fn pages_carry_opengraph_a_favicon_and_citations() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("levels/senior.html");
    let meta = |prop: &str| {
        select(&doc, &format!("meta[property='{prop}']"))
            .first()
            .map(|m| attr(m, "content"))
    };
    assert_eq!(meta("og:title").as_deref(), Some("Senior Engineer"));
    assert_eq!(
        meta("og:url").as_deref(),
        Some("https://example.com/handbook/levels/senior.html")
    );
    assert_eq!(meta("og:site_name").as_deref(), Some("Fixture Handbook"));
    assert_eq!(
        attr(&select(&doc, "link[rel=icon]")[0], "href"),
        "../assets/favicon.svg"
    );
    assert!(b.path("site/assets/favicon.svg").is_file());
    let li = &select(&doc, "li#senior-scope-system")[0];
    assert_eq!(
        attr(li, "data-cite"),
        "Senior Engineer, Scope: Owns the design and operation of a system. [senior-scope-system]"
    );
}

#[test]
fn pages_show_when_their_source_last_changed_in_git() {
    let b = Book::new();
    b.build().ok();
    assert!(
        select(&b.html("guides/glue-work.html"), "footer time").is_empty(),
        "no git, no date"
    );
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(b.root())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_DATE", "2024-05-06T12:00:00Z")
            .env("GIT_AUTHOR_DATE", "2024-05-06T12:00:00Z")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    };
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no git");
        return;
    }
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "handbook"]);
    b.build().ok();
    let doc = b.html("guides/glue-work.html");
    let t = &select(&doc, "footer time")[0];
    assert_eq!(
        (attr(t, "datetime"), text(t)),
        ("2024-05-06".to_string(), "2024-05-06".to_string())
    );
}

#[test]
fn proficiency_shows_on_the_level_page_and_in_the_matrix() {
    let b = Book::new();
    b.edit(
        "content/framework.toml",
        "[framework]\nname = \"Fixture framework\"\n",
        "[framework]\nname = \"Fixture framework\"\nproficiency = [\"Awareness\", \"Working\", \"Practitioner\", \"<Expert>\"]\n",
    );
    b.edit(
        "content/levels/staff.md",
        "statement = \"Owns a problem space across systems.\"\n",
        "statement = \"Owns a problem space across systems.\"\nproficiency = \"<Expert>\"\n",
    );
    b.build().ok();
    let doc = b.html("levels/staff.html");
    let p: Vec<String> = select(&doc, "#scope .proficiency")
        .iter()
        .map(text)
        .collect();
    assert_eq!(p, ["Proficiency: <Expert> (4 of 4)"]);
    assert!(
        select(&doc, "#impact .proficiency").is_empty(),
        "only where set"
    );
    let m = b.html("matrix.html");
    let cell: Vec<String> = select(
        &m,
        "#track-ic td[data-dimension=scope][data-level=staff] .proficiency",
    )
    .iter()
    .map(text)
    .collect();
    assert_eq!(cell, ["<Expert>"]);
    assert_eq!(select(&m, "td .proficiency").len(), 1);
    assert!(b.read("site/matrix.html").contains("&lt;Expert&gt;"));
}

#[test]
fn new_level_offers_proficiency_only_with_a_scale() {
    let b = Book::new();
    b.run(&["new", "level", "Principal", "--dir", "book"]).ok();
    assert!(!b
        .read("content/levels/principal.md")
        .contains("proficiency"));
    b.edit(
        "content/framework.toml",
        "[framework]\nname = \"Fixture framework\"\n",
        "[framework]\nname = \"Fixture framework\"\nproficiency = [\"Aware\", \"Fluent\"]\n",
    );
    b.run(&["new", "level", "Distinguished", "--dir", "book"])
        .ok();
    let text = b.read("content/levels/distinguished.md");
    assert!(
        text.contains("# proficiency = \"Aware\"   # one of: \"Aware\", \"Fluent\"\n"),
        "{text}"
    );
    // Uncommented, it is valid as it stands.
    b.write(
        "content/levels/distinguished.md",
        &text.replacen("# proficiency = \"Aware\"", "proficiency = \"Aware\"", 1),
    );
    b.check().ok();
}

#[test]
fn print_page_holds_every_page_in_reading_order_with_links_inside_it() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("print.html");
    // Every page a reader reads, in the sidebar's order; not search,
    // compare or 404.
    let sections: Vec<String> = select(&doc, "main > div.print-page")
        .iter()
        .map(|s| attr(s, "id"))
        .collect();
    assert_eq!(
        sections,
        [
            "index",
            "matrix",
            "levels.index",
            "levels.junior",
            "levels.senior",
            "levels.staff",
            "levels.manager",
            "levels.tech-lead",
            "questions.index",
            "questions.disagree",
            "questions.rate-limiter",
            "anti-patterns.index",
            "anti-patterns.hiding-behind-we",
            "exercises.index",
            "exercises.story-bank",
            "checklists.index",
            "checklists.pre-deploy",
            "guides.index",
            "guides.glue-work",
            "guides.deep-dives",
            "guides.deep-dive-one",
        ]
    );
    // The contents at the top list each section once, in the same order.
    let toc: Vec<String> = select(&doc, "nav.print-contents a")
        .iter()
        .map(|a| attr(a, "href").trim_start_matches('#').to_string())
        .collect();
    assert_eq!(toc, sections);
    // Ids stay unique although every page brought its own.
    let ids: Vec<String> = select(&doc, "[id]").iter().map(|e| attr(e, "id")).collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids");
    assert!(ids.len() > 60, "{}", ids.len());
    // Every in-page link and id reference lands on something.
    for a in select(&doc, "a[href^='#']") {
        let target = attr(&a, "href")[1..].to_string();
        assert!(unique.contains(&target), "dangling #{target}");
    }
    for el in select(&doc, "[aria-labelledby], [aria-describedby], label[for]") {
        for key in ["aria-labelledby", "aria-describedby", "for"] {
            for id in attr(&el, key).split_whitespace() {
                assert!(unique.contains(&id.to_string()), "{key}={id}");
            }
        }
    }
    // Cross-references between pages now point inside the print page.
    let glue = "div[id='guides.glue-work']";
    let hrefs: Vec<String> = select(&doc, &format!("{glue} .prose a"))
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert!(
        hrefs.contains(&"#guides.glue-work.make-it-visible".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"#guides.deep-dive-one.details".to_string()),
        "{hrefs:?}"
    );
    assert_eq!(
        select(
            &doc,
            &format!("{glue} h3[id='guides.glue-work.make-it-visible']")
        )
        .len(),
        1
    );
    let senior = "div[id='levels.senior']";
    assert!(!select(&doc, &format!("{senior} a[href='#matrix.dim-scope']")).is_empty());
    // A page the print page does not hold stays a link to the site.
    assert!(!select(&doc, &format!("{senior} a[href^='compare.html?a=senior']")).is_empty());
    // The bodies are the rendered pages': highlighted code, criteria.
    assert!(!select(&doc, &format!("{glue} pre.hl code.language-toml span")).is_empty());
    assert_eq!(
        select(
            &doc,
            &format!("{senior} li[id='levels.senior.senior-scope-system']")
        )
        .len(),
        1
    );
    // A document to print: no scripts in the body, not for search engines,
    // and every page links to it.
    assert!(select(&doc, "main script").is_empty());
    assert!(
        select(&doc, "div.print-page nav").is_empty(),
        "one navigation landmark for the contents, not one per page"
    );
    assert_eq!(
        attr(&select(&doc, "meta[name=robots]")[0], "content"),
        "noindex"
    );
    let page = b.html("levels/senior.html");
    let footer = select(&page, "footer a[href='../print.html']");
    assert_eq!(text(&footer[0]), "Print / PDF");
    assert!(!b.read("site/sitemap.xml").contains("print.html"));
}

#[test]
fn print_page_can_be_turned_off() {
    let b = Book::new();
    b.edit(
        "book.toml",
        "[repository]",
        "[build]\nprint = false\n\n[repository]",
    );
    b.build().ok();
    assert!(!b.path("site/print.html").exists());
    assert!(select(&b.html("index.html"), "footer a[href='print.html']").is_empty());
    // And a static file may then take the name.
    b.write("static/print.html", "<p>ours</p>");
    b.build().ok();
    assert_eq!(b.read("site/print.html"), "<p>ours</p>");
}
