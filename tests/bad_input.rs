//! Bad input: every user mistake is reported at its file, line and column,
//! with the offending line quoted and a hint, and `check` exits with 1.

mod common;
use common::Book;

#[test]
fn broken_toml_front_matter() {
    let b = Book::new();
    b.write(
        "content/guides/broken.md",
        "+++\ntitle = \"Broken\nsummary = \"x\"\n+++\nbody\n",
    );
    b.check()
        .error_at("content/guides/broken.md:2:16", "invalid basic string")
        .hint("check the TOML syntax");
}

#[test]
fn missing_required_field() {
    let b = Book::new();
    b.edit(
        "content/anti-patterns/hiding-behind-we.md",
        "summary = \"Every story says we, so nobody can tell what you did.\"\n",
        "",
    );
    b.check()
        .error_at(
            "content/anti-patterns/hiding-behind-we.md:1:1",
            "missing field `summary`",
        )
        .hint("add `summary = ...`");
}

#[test]
fn misspelled_field_suggests_the_right_one() {
    let b = Book::new();
    b.edit("content/guides/glue-work.md", "summary =", "sumary =");
    b.check()
        .error_at("content/guides/glue-work.md:3:1", "unknown field `sumary`")
        .hint("did you mean `summary`?");
}

#[test]
fn misspelled_field_in_book_toml() {
    let b = Book::new();
    b.edit("book.toml", "title =", "titel =");
    b.check()
        .error_at("book.toml:2:1", "unknown field `titel`")
        .hint("did you mean `title`?");
}

#[test]
fn unknown_dimension() {
    let b = Book::new();
    b.edit(
        "content/levels/staff.md",
        "[expectations.scope]",
        "[expectations.scoep]",
    );
    b.check()
        .error_at("content/levels/staff.md:5:15", "unknown dimension `scoep`")
        .hint("did you mean `scope`?");
}

#[test]
fn level_missing_a_dimension() {
    let b = Book::new();
    b.edit(
        "content/levels/staff.md",
        "[expectations.impact]\nstatement = \"Changes how several teams work.\"\n",
        "",
    );
    b.check()
        .error_at(
            "content/levels/staff.md:1:1",
            "level `staff` has no expectation for `impact`",
        )
        .hint("every level states what it expects on every dimension: add [expectations.impact]");
}

#[test]
fn duplicate_id() {
    let b = Book::new();
    b.write(
        "content/questions/another.md",
        "+++\nid = \"disagree\"\ntitle = \"Another\"\nround = \"behavioral\"\ntests = \"x\"\nhow_to_answer = \"x\"\nmistakes = []\n+++\n",
    );
    b.check()
        .error_at(
            "content/questions/another.md:2:7",
            "duplicate question id `disagree`",
        )
        .hint("question ids must be unique");
}

#[test]
fn duplicate_criterion_id_across_levels() {
    let b = Book::new();
    b.edit(
        "content/levels/senior.md",
        "id = \"senior-scope-system\"",
        "id = \"junior-scope-tasks\"",
    );
    let r = b.check();
    r.error_at(
        "content/levels/senior.md:9:7",
        "duplicate criterion id `junior-scope-tasks`",
    );
    assert!(
        !r.stderr.contains("at its own level"),
        "a duplicate must not cascade: {}",
        r.stderr
    );
    assert!(r.stderr.contains("first defined here"), "{}", r.stderr);
    assert!(
        r.stderr.contains("content/levels/junior.md:9:7"),
        "{}",
        r.stderr
    );
}

#[test]
fn broken_cross_reference() {
    let b = Book::new();
    b.edit(
        "content/guides/deep-dives/deep-dive-one.md",
        "[[guide:glue-work]]",
        "[[guide:glue-wrok]]",
    );
    b.check()
        .error_at(
            "content/guides/deep-dives/deep-dive-one.md:7:25",
            "broken cross-reference: no guide `glue-wrok`",
        )
        .hint("did you mean `glue-work`?");
}

#[test]
fn broken_cross_reference_in_front_matter_field() {
    let b = Book::new();
    b.edit(
        "content/questions/disagree.md",
        "[[anti-pattern:hiding-behind-we]]",
        "[[anti-pattern:hiding-behind-us]]",
    );
    b.check().error_at(
        "content/questions/disagree.md:8:82",
        "broken cross-reference: no anti-pattern `hiding-behind-us`",
    );
}

#[test]
fn broken_heading_anchor() {
    let b = Book::new();
    b.edit(
        "content/guides/glue-work.md",
        "[[guide:deep-dive-one#details]]",
        "[[guide:deep-dive-one#detials]]",
    );
    b.check()
        .error_at(
            "content/guides/glue-work.md:30:37",
            "no heading `#detials` in guide `deep-dive-one`",
        )
        .hint("did you mean `#details`?");
}

#[test]
fn broken_same_page_anchor() {
    let b = Book::new();
    b.edit(
        "content/guides/glue-work.md",
        "[[#make-it-visible]]",
        "[[#make-it-invisible]]",
    );
    b.check().error_at(
        "content/guides/glue-work.md:30:11",
        "no heading `#make-it-invisible` on this page",
    );
}

#[test]
fn unknown_cross_reference_kind() {
    let b = Book::new();
    b.edit("content/index.md", "[[level:junior]]", "[[levl:junior]]");
    b.check()
        .error_at(
            "content/index.md:5:14",
            "unknown cross-reference kind `levl`",
        )
        .hint("did you mean `level:`?");
}

#[test]
fn invalid_utf8() {
    let b = Book::new();
    b.write_bytes(
        "content/guides/latin1.md",
        b"+++\ntitle = \"Caf\xe9\"\nsummary = \"x\"\n+++\n",
    );
    b.check()
        .error_at("content/guides/latin1.md:2:13", "file is not valid UTF-8")
        .hint("save the file as UTF-8");
}

#[test]
fn empty_file() {
    let b = Book::new();
    b.write("content/exercises/empty.md", "");
    b.check()
        .error_at("content/exercises/empty.md", "file is empty");
}

#[test]
fn non_markdown_file_in_content() {
    let b = Book::new();
    b.write_bytes("content/guides/diagram.png", b"\x89PNG\r\n");
    b.check()
        .error_at("content/guides/diagram.png", "not a Markdown file")
        .hint("put images and downloads in static/");
}

#[test]
fn unreadable_file() {
    let b = Book::new();
    // A link to nothing can't be read by anyone, root included.
    std::os::unix::fs::symlink(
        b.path("content/guides/gone.md"),
        b.path("content/guides/dangling.md"),
    )
    .unwrap();
    b.check()
        .error_at("content/guides/dangling.md", "cannot read this path");
}

#[test]
fn unreadable_file_permissions() {
    let b = Book::new();
    b.write(
        "content/guides/secret.md",
        "+++\ntitle = \"S\"\nsummary = \"s\"\n+++\n",
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        b.path("content/guides/secret.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    if std::fs::read(b.path("content/guides/secret.md")).is_ok() {
        eprintln!("skipped: running as a user who can read mode-000 files (root)");
        return;
    }
    b.check()
        .error_at("content/guides/secret.md", "cannot read file")
        .hint("check that the file is readable");
}

#[test]
fn symlink_loop() {
    let b = Book::new();
    std::os::unix::fs::symlink(
        b.path("content/guides"),
        b.path("content/guides/deep-dives/loop"),
    )
    .unwrap();
    b.check()
        .error_at("content/guides/deep-dives/loop", "symbolic link loop");
}

#[test]
fn missing_front_matter() {
    let b = Book::new();
    b.write("content/guides/plain.md", "# Just a heading\n\nText.\n");
    b.check()
        .error_at("content/guides/plain.md:1:1", "missing front matter");
}

#[test]
fn unterminated_front_matter() {
    let b = Book::new();
    b.write(
        "content/guides/open.md",
        "+++\ntitle = \"Open\"\nsummary = \"x\"\n\nBody.\n",
    );
    b.check()
        .error_at("content/guides/open.md:1:1", "front matter is never closed")
        .hint("add a line containing only `+++`");
}

#[test]
fn yaml_front_matter_gets_a_specific_hint() {
    let b = Book::new();
    b.write("content/guides/yaml.md", "---\ntitle: Yaml\n---\nBody\n");
    b.check()
        .error_at("content/guides/yaml.md:1:1", "missing front matter")
        .hint("careerbook front matter is TOML");
}

#[test]
fn unknown_round() {
    let b = Book::new();
    b.edit(
        "content/questions/disagree.md",
        "round = \"behavioral\"",
        "round = \"behavioural\"",
    );
    b.check()
        .error_at(
            "content/questions/disagree.md:3:10",
            "unknown round `behavioural`",
        )
        .hint("rounds are declared in content/framework.toml");
}

#[test]
fn unknown_level_in_question() {
    let b = Book::new();
    b.edit(
        "content/questions/disagree.md",
        "levels = [\"senior\", \"staff\"]",
        "levels = [\"senior\", \"stafff\"]",
    );
    b.check()
        .error_at(
            "content/questions/disagree.md:4:22",
            "unknown level `stafff`",
        )
        .hint("did you mean `staff`?");
}

#[test]
fn track_names_a_missing_level() {
    let b = Book::new();
    b.edit(
        "content/framework.toml",
        "levels = [\"junior\", \"senior\", \"staff\"]",
        "levels = [\"junior\", \"senior\", \"staff\", \"principal\"]",
    );
    b.check()
        .error_at("content/framework.toml:17:41", "unknown level `principal`")
        .hint("each level needs a file content/levels/principal.md");
}

#[test]
fn level_on_no_track() {
    let b = Book::new();
    b.edit(
        "content/framework.toml",
        "levels = [\"junior\", \"senior\", \"manager\"]",
        "levels = [\"junior\", \"senior\"]",
    );
    b.check()
        .error_at(
            "content/levels/manager.md",
            "level `manager` is on no track",
        )
        .hint("add \"manager\" to a track");
}

#[test]
fn strengthens_an_unknown_criterion() {
    let b = Book::new();
    b.edit(
        "content/levels/senior.md",
        "strengthens = \"junior-scope-tasks\"",
        "strengthens = \"junior-scope-task\"",
    );
    b.check()
        .error_at(
            "content/levels/senior.md:12:16",
            "unknown criterion `junior-scope-task`",
        )
        .hint("did you mean `junior-scope-tasks`?");
}

#[test]
fn rubric_ranges_with_a_gap() {
    let b = Book::new();
    b.edit(
        "content/exercises/story-bank.md",
        "min = 5\nmax = 7",
        "min = 6\nmax = 7",
    );
    b.check()
        .error_at(
            "content/exercises/story-bank.md:28:1",
            "no score range covers totals 5-5",
        )
        .hint("totals run from 2 to 10");
}

#[test]
fn rubric_descriptor_count_mismatch() {
    let b = Book::new();
    b.edit(
        "content/exercises/story-bank.md",
        "[\"We.\", \"Mixed.\", \"Clear I.\"]",
        "[\"We.\", \"Clear I.\"]",
    );
    b.check()
        .error_at(
            "content/exercises/story-bank.md:20:15",
            "criterion `owned` has 2 descriptors for 3 scores",
        )
        .hint("write one descriptor per score point");
}

#[test]
fn wrong_value_type() {
    let b = Book::new();
    b.edit(
        "content/guides/glue-work.md",
        "weight = 1",
        "weight = \"first\"",
    );
    b.check().error_at(
        "content/guides/glue-work.md:4:10",
        "invalid type: string \"first\", expected i64",
    );
}

#[test]
fn unknown_content_folder() {
    let b = Book::new();
    b.write("content/question/oops.md", "+++\ntitle = \"x\"\n+++\n");
    b.check()
        .error_at(
            "content/question/oops.md",
            "unknown content folder `question/`",
        )
        .hint("did you mean `questions/`?");
}

#[test]
fn markdown_outside_a_kind_folder() {
    let b = Book::new();
    b.write("content/about.md", "+++\ntitle = \"About\"\n+++\n");
    b.check()
        .error_at("content/about.md", "Markdown file outside a kind folder")
        .hint("move it into one of");
}

#[test]
fn invalid_id_from_file_name() {
    let b = Book::new();
    b.write(
        "content/guides/Bad Name.md",
        "+++\ntitle = \"Bad\"\nsummary = \"x\"\n+++\n",
    );
    b.check()
        .error_at("content/guides/Bad Name.md", "invalid guide id `Bad Name`")
        .hint("rename the file");
}

#[test]
fn missing_book_toml() {
    let b = Book::new();
    b.remove("book.toml");
    let r = b.check();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("error: no book.toml in `book`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint: run `careerbook init`"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_framework() {
    let b = Book::new();
    b.remove("content/framework.toml");
    b.check()
        .error_at("content/framework.toml", "no content/framework.toml");
}

#[test]
fn broken_template_override_is_located() {
    let b = Book::new();
    b.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock %}\n",
    );
    b.check()
        .error_at("themes/default/templates/404.html:3:7", "template error");
}

#[test]
fn undefined_template_variable_is_located() {
    let b = Book::new();
    b.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ nosuch }}{% endblock %}\n",
    );
    b.check()
        .error_at(
            "themes/default/templates/404.html:2:23",
            "Variable `nosuch` is not defined",
        )
        .hint("this page's template has no such variable");
}

#[test]
fn all_errors_are_reported_in_one_run() {
    let b = Book::new();
    b.write(
        "content/guides/one.md",
        "+++\ntitle = 1\nsummary = \"x\"\n+++\n",
    );
    b.write("content/guides/two.md", "+++\ntitle = \"Two\"\n+++\n");
    b.write_bytes("content/guides/three.md", b"\xff");
    let r = b.check();
    r.error_at("content/guides/one.md:2:9", "invalid type");
    r.error_at("content/guides/two.md:1:1", "missing field `summary`");
    r.error_at("content/guides/three.md:1:1", "file is not valid UTF-8");
    assert!(r.stderr.contains("check failed: 3 errors"), "{}", r.stderr);
}

#[test]
fn validation_errors_across_files_in_one_run() {
    let b = Book::new();
    b.edit("content/index.md", "[[level:junior]]", "[[level:nobody]]");
    b.edit(
        "content/questions/rate-limiter.md",
        "levels = [\"senior\"]",
        "levels = [\"seniors\"]",
    );
    let r = b.check();
    r.error_at("content/index.md:5:14", "no level `nobody`");
    r.error_at(
        "content/questions/rate-limiter.md:4:12",
        "unknown level `seniors`",
    );
}

#[test]
fn diagnostics_quote_the_line_and_underline() {
    let b = Book::new();
    b.edit(
        "content/levels/staff.md",
        "[expectations.scope]",
        "[expectations.scoep]",
    );
    let r = b.check();
    assert!(
        r.stderr.contains("5 | [expectations.scoep]\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("  |               ^^^^^\n"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains('\u{1b}'),
        "NO_COLOR must disable colors: {}",
        r.stderr
    );
}

#[test]
fn bad_input_never_panics() {
    // A grab-bag of hostile input: nothing may crash the process.
    let b = Book::new();
    b.write("content/guides/a.md", "+++\n+++\n");
    b.write("content/guides/b.md", "+++\ntitle = \"B\"\nsummary = \"x\"\n+++\n[[]] [[:]] [[#]] [[level:]] [[|x]] [[level:junior#]]\n");
    b.write(
        "content/guides/c.md",
        "\u{feff}+++\r\ntitle = \"C\"\r\nsummary = \"x\"\r\n+++\r\n# Ünïcödé {#custom}\r\n",
    );
    b.write(
        "content/levels/x.md",
        "+++\ntitle = \"X\"\nsummary = \"x\"\nexpectations = 3\n+++\n",
    );
    let r = b.check();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn repeated_reference_in_front_matter_points_at_each_occurrence() {
    let b = Book::new();
    b.edit(
        "content/questions/disagree.md",
        "how_to_answer = \"Name who owned the decision.\"",
        "how_to_answer = \"See [[guide:nope]].\"",
    );
    b.edit(
        "content/questions/disagree.md",
        "mistakes = [\"Being vague about ownership.\"",
        "mistakes = [\"Also [[guide:nope]].\"",
    );
    let r = b.check();
    r.error_at("content/questions/disagree.md:7:24", "no guide `nope`");
    r.error_at("content/questions/disagree.md:8:21", "no guide `nope`");
}

#[test]
fn huge_rubric_scores_do_not_overflow() {
    let b = Book::new();
    b.edit(
        "content/exercises/story-bank.md",
        "scores = [1, 3, 5]",
        "scores = [1, 3, 4294967295]",
    );
    let r = b.check();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

const SCALE: &str = "[framework]\nname = \"Fixture framework\"\nproficiency = [\"Awareness\", \"Working\", \"Practitioner\", \"Expert\"]\n";

#[test]
fn proficiency_not_on_the_scale() {
    let b = Book::new();
    b.edit(
        "content/framework.toml",
        "[framework]\nname = \"Fixture framework\"\n",
        SCALE,
    );
    b.edit(
        "content/levels/staff.md",
        "statement = \"Owns a problem space across systems.\"\n",
        "statement = \"Owns a problem space across systems.\"\nproficiency = \"Practicioner\"\n",
    );
    b.check()
        .error_at(
            "content/levels/staff.md:7:16",
            "unknown proficiency level `Practicioner`",
        )
        .hint("did you mean `Practitioner`?");
}

#[test]
fn proficiency_far_from_any_step_lists_the_scale() {
    let b = Book::new();
    b.edit(
        "content/framework.toml",
        "[framework]\nname = \"Fixture framework\"\n",
        SCALE,
    );
    b.edit(
        "content/levels/staff.md",
        "statement = \"Changes how several teams work.\"\n",
        "statement = \"Changes how several teams work.\"\nproficiency = \"3\"\n",
    );
    b.check()
        .error_at(
            "content/levels/staff.md:10:16",
            "unknown proficiency level `3`",
        )
        .hint("known proficiency levels: Awareness, Working, Practitioner, Expert");
}

#[test]
fn proficiency_without_a_scale() {
    let b = Book::new();
    b.edit(
        "content/levels/staff.md",
        "statement = \"Owns a problem space across systems.\"\n",
        "statement = \"Owns a problem space across systems.\"\nproficiency = \"Expert\"\n",
    );
    b.check()
        .error_at(
            "content/levels/staff.md:7:16",
            "proficiency `Expert` is set, but the framework declares no proficiency scale",
        )
        .hint("declare the scale under [framework] in content/framework.toml");
}

#[test]
fn proficiency_scale_with_a_repeated_step() {
    let b = Book::new();
    b.edit(
        "content/framework.toml",
        "[framework]\nname = \"Fixture framework\"\n",
        "[framework]\nname = \"Fixture framework\"\nproficiency = [\"Working\", \"Expert\", \"Working\"]\n",
    );
    let r = b.check();
    r.error_at(
        "content/framework.toml:3:38",
        "`Working` appears twice in the proficiency scale",
    )
    .hint("each step of the scale has its own name");
    assert!(r.stderr.contains("first listed here"), "{}", r.stderr);
}

#[test]
fn references_that_read_badly_are_warned_about() {
    let b = Book::new();
    b.write(
        "content/guides/links.md",
        "+++\ntitle = \"Links\"\nsummary = \"Links that read well and badly.\"\n+++\n\
Run the [[checklist:pre-deploy]] checklist before you ship.\n\n\
A new [[level:staff]] engineer listens first.\n\n\
Practise [[question:rate-limiter]] before the loop.\n\n\
Try the hardest one: [[question:rate-limiter]].\n\n\
Fine: the [[checklist:pre-deploy|pre-deploy]] checklist, [[level:staff]], and a question that ends a sentence:\n[[question:rate-limiter]]\n\n\
Also fine: [[level:staff|staff]] engineers, and [[question:rate-limiter|a rate limiter]].\n",
    );
    let r = b.check();
    r.ok()
        .warning_at(
            "content/guides/links.md:5:9",
            "repeats the word `checklist`",
        )
        .warning_at("content/guides/links.md:7:7", "repeats the word `engineer`")
        .warning_at(
            "content/guides/links.md:9:10",
            "a whole sentence, in the middle of a sentence",
        )
        .warning_at("content/guides/links.md:11:22", "and the sentence adds `.`")
        .hint("give the link its own words");
    let badly = r
        .stderr
        .split("\n\n")
        .filter(|b| {
            b.contains("this reference reads") && b.contains("--> content/guides/links.md:")
        })
        .count();
    assert_eq!(badly, 4, "only the four bad references:\n{}", r.stderr);
}

#[test]
fn unlinked_documents_and_copied_titles_are_warned_about() {
    let b = Book::new();
    // A copy of a question under a new file name, its title unchanged.
    let original = b.read("content/questions/disagree.md");
    b.write("content/questions/disagree-copy.md", &original);
    let r = b.check();
    r.ok()
        // Both files named: the later one in file order, pointing at the first.
        .warning_at(
            "content/questions/disagree.md:2:1",
            "question `disagree` has the same title as `disagree-copy` (content/questions/disagree-copy.md)",
        )
        .warning_at(
            "content/questions/disagree-copy.md:2:1",
            "no page links to question `disagree-copy`",
        )
        .hint("link it from a level or guide where it belongs: [[question:disagree-copy]]");
    // Linking it clears that warning; the shared title stays until retitled.
    b.edit(
        "content/guides/glue-work.md",
        "Back to [[#make-it-visible]].",
        "Back to [[#make-it-visible]]. Compare [[question:disagree-copy|the copy]].",
    );
    let r = b.check();
    assert!(
        !r.stderr
            .contains("no page links to question `disagree-copy`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("has the same title as `disagree-copy`"),
        "{}",
        r.stderr
    );
    let strict = b.run(&["check", "--deny-warnings"]);
    assert_eq!(strict.code, 1);
}
