//! Build profiles: content marked internal (a page, a section under a
//! `{.internal}` heading, a criterion's `internal_examples`) never reaches a
//! public build, in any file; a build that keeps it goes to its own folder,
//! marked `noindex`; a public page that links to an internal one is an error.

mod common;
use common::{select, text, Book};

const MARKER: &str = "INTERNAL-ONLY-7f3a";

/// The fixture with internal content of every sort, each carrying MARKER,
/// and a release (a folder) whose internal example differs, so the release
/// pages have an internal change to show or hide.
fn book_with_internal_content() -> Book {
    let book = Book::new();
    book.write("content/guides/pay-bands.md",
        &format!(
            "+++\ntitle = \"Pay bands\"\nsummary = \"Bands per level, {MARKER}.\"\ninternal = true\n+++\n## Bands\n\nSenior is band 5 ({MARKER}-body). See [[guide:glue-work]].\n"
        ),
    );
    book.write("content/checklists/onboarding-laptop.md",
        &format!(
            "+++\ntitle = \"Laptop set-up\"\nsummary = \"For new starters.\"\ninternal = true\n\n[[groups]]\nname = \"Access\"\nitems = [\"Ask IT for {MARKER}-vpn.\"]\n+++\n"
        ),
    );
    let glue = book.read("content/guides/glue-work.md");
    book.write("content/guides/glue-work.md",
        &format!(
            "{glue}\n## Who decides {{.internal}}\n\nAsk the staff group ({MARKER}-section); see [[guide:pay-bands]].\n\n### In detail\n\n{MARKER}-subsection.\n\n## Shared again\n\nEveryone reads this part.\n"
        ),
    );
    book.edit("content/levels/senior.md",
        "examples = [\"Led the billing migration.\"]",
        &format!("examples = [\"Led the billing migration.\"]\ninternal_examples = [\"The {MARKER}-ledger rewrite.\"]"),
    );
    // The release: the ladder as it was, its internal example worded
    // otherwise.
    common::copy_dir(&book.path("content"), &book.path("released/content"));
    std::fs::copy(book.path("book.toml"), book.path("released/book.toml")).unwrap();
    book.edit(
        "released/content/levels/senior.md",
        &format!("The {MARKER}-ledger rewrite."),
        &format!("The {MARKER}-old ledger."),
    );
    let toml = book.read("book.toml");
    book.write(
        "book.toml",
        &format!("{toml}\n[[releases]]\nname = \"2026.1\"\npath = \"released\"\n"),
    );
    book
}

#[test]
fn internal_content_never_reaches_a_public_build() {
    let book = book_with_internal_content();
    let run = book.build();
    run.ok();
    assert!(
        run.stdout.contains("left out 2 internal pages, 1 internal section and 1 internal example (profile `public`"),
        "{}",
        run.stdout
    );
    let site = book.path("site");
    assert!(site.join("releases/2026-1.html").is_file());
    assert!(site.join("framework.csv").is_file());
    assert!(site.join("print.html").is_file());
    assert_eq!(
        common::files_containing(&site, MARKER),
        Vec::<String>::new()
    );
    assert!(!site.join("guides/pay-bands.html").exists());
    // The release differs from today only in an internal example: the
    // public release page has nothing to say.
    let release = std::fs::read_to_string(site.join("releases/2026-1.html")).unwrap();
    assert!(release.contains("nothing has changed"), "{release}");
    assert!(!site.join("checklists/onboarding-laptop.html").exists());
    assert_eq!(
        common::files_containing(&site, "pay-bands"),
        Vec::<String>::new()
    );
    assert_eq!(
        common::files_containing(&site, "onboarding-laptop"),
        Vec::<String>::new()
    );
    // The page with an internal section keeps the rest, headings and all.
    let glue = book.html("guides/glue-work.html");
    let h2: Vec<String> = select(&glue, "main h2").iter().map(text).collect();
    assert!(h2.iter().any(|h| h.contains("Shared again")), "{h2:?}");
    assert!(!h2.iter().any(|h| h.contains("Who decides")), "{h2:?}");
    assert!(text(&select(&glue, "main")[0]).contains("Everyone reads this part."));
    // No page is marked internal or noindex.
    assert!(select(&glue, "meta[name=robots]").is_empty());
    assert!(select(&glue, ".internal-build").is_empty());
}

#[test]
fn the_internal_profile_keeps_everything_in_its_own_noindex_folder() {
    let book = book_with_internal_content();
    book.run(&["build", "book", "--profile", "internal"]).ok();
    let site = book.path("site-internal");
    assert!(
        !book.path("site").exists(),
        "the public folder is left alone"
    );
    let found = common::files_containing(&site, MARKER);
    for expected in [
        "guides/pay-bands.html",
        "checklists/onboarding-laptop.html",
        "guides/glue-work.html",
        "levels/senior.html",
        "print.html",
        "framework.csv",
    ] {
        assert!(
            found.iter().any(|f| f == expected),
            "{expected} not in {found:?}"
        );
    }
    assert!(found.iter().any(|f| f.starts_with("search/")), "{found:?}");
    // The release page counts the internal example that changed.
    let release = std::fs::read_to_string(site.join("releases/2026-1.html")).unwrap();
    assert!(
        release.contains("examples: 1 added, 1 removed"),
        "{release}"
    );
    let read = |rel: &str| {
        scraper::Html::parse_document(&std::fs::read_to_string(site.join(rel)).unwrap())
    };
    for page in ["index.html", "guides/glue-work.html", "levels/senior.html"] {
        let doc = read(page);
        let robots = select(&doc, "meta[name=robots]");
        assert_eq!(robots.len(), 1, "{page}");
        assert!(robots[0]
            .value()
            .attr("content")
            .unwrap()
            .contains("noindex"));
        assert_eq!(select(&doc, ".internal-build").len(), 1, "{page}");
    }
    let glue = read("guides/glue-work.html");
    let marked: Vec<String> = select(&glue, "main h2.internal")
        .iter()
        .map(|h| text(h).trim_end_matches('#').trim().to_string())
        .collect();
    assert_eq!(marked, ["Who decides"]);
    let senior = read("levels/senior.html");
    let internal: Vec<String> = select(&senior, "#senior-scope-system div.internal li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(internal, [format!("The {MARKER}-ledger rewrite.")]);
}

#[test]
fn a_public_page_linking_to_an_internal_one_is_an_error() {
    let book = book_with_internal_content();
    let glue = book.read("content/guides/glue-work.md");
    book.write(
        "content/guides/glue-work.md",
        &format!("{glue}\nSee also [[guide:pay-bands]].\n"),
    );
    let line = glue.lines().count() + 2;
    book.build()
        .error_at(
            &format!("content/guides/glue-work.md:{line}:12"),
            "`guide:pay-bands` is an internal page, and the profile `public` leaves internal pages out",
        )
        .hint("link to it from internal pages or sections only");
    assert!(!book.path("site").exists());
    // The internal build has the page, so the link is fine there.
    book.run(&["build", "book", "--profile", "internal"]).ok();
}

#[test]
fn profiles_are_named_checked_and_kept_apart_from_the_public_site() {
    let book = book_with_internal_content();
    book.run(&["build", "book", "--profile", "staf"])
        .error_at("book.toml", "no profile `staf`");
    // An internal build never goes to the public site's folder.
    book.run(&["build", "book", "--profile", "internal", "-o", "book/site"])
        .error_at(
            "book.toml",
            "refusing to write a build with internal content",
        )
        .hint("leave out -o");
    assert!(!book.path("site").exists());
    // A team's own profile, with its own folder.
    let toml = book.read("book.toml");
    book.write(
        "book.toml",
        &format!("{toml}\n[profiles.staff]\ninternal = true\noutput = \"staff-site\"\n"),
    );
    book.run(&["build", "book", "--profile", "staf"])
        .error_at("book.toml", "no profile `staf`")
        .hint("did you mean `staff`?");
    book.run(&["build", "book", "--profile", "staff"]).ok();
    assert!(!common::files_containing(&book.path("staff-site"), MARKER).is_empty());
    // Levels, families and the home page are in every build.
    book.edit(
        "content/levels/junior.md",
        "title =",
        "internal = true\ntitle =",
    );
    book.build()
        .error_at(
            "content/levels/junior.md:2:12",
            "a level cannot be internal",
        )
        .hint("every build lists it");
}

#[test]
fn the_dev_server_leaves_internal_content_out_too() {
    let book = book_with_internal_content();
    let root = book.root();
    let (_, files, _, _) =
        careerbook::serve::incremental::Session::full(&root, None, None).unwrap();
    assert!(!files.keys().any(|k| k.contains("pay-bands")));
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains(MARKER),
            "{path} holds internal content"
        );
    }
    let (_, files, _, _) =
        careerbook::serve::incremental::Session::full(&root, None, Some("internal")).unwrap();
    assert!(files.keys().any(|k| k == "guides/pay-bands.html"));
}
