//! `careerbook changes`: a git repository made by the test (commits, a tag
//! and a branch of its own) with every kind of change between the tag and
//! the working tree; a release kept as a folder without git history; the
//! Financial Times' two published revisions of its engineering ladder.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{run_in, Book};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git_out(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Takes the junior level's one scope criterion out; returns its table.
fn remove_junior_criterion(b: &Book) -> String {
    let j = b.read("content/levels/junior.md");
    let start = j.find("[[expectations.scope.criteria]]").unwrap();
    let end = start + j[start..].find("\n[expectations.").unwrap() + 1;
    b.write(
        "content/levels/junior.md",
        &format!("{}{}", &j[..start], &j[end..]),
    );
    j[start..end].to_string()
}

/// The JSON report's changes by kind.
fn by_kind(json: &str) -> BTreeMap<String, Vec<serde_json::Value>> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let mut out: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for c in v["changes"].as_array().unwrap() {
        out.entry(c["kind"].as_str().unwrap().to_string())
            .or_default()
            .push(c.clone());
    }
    out
}

/// The fixture handbook in a git repository (in a subfolder, as a handbook
/// often is), tagged v1, then edited with one change of every kind.
fn repo() -> (Book, PathBuf) {
    let b = Book::new();
    let repo = b.tmp.path().to_path_buf();
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join(".gitignore"), "book/site/\n").unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "first release"]);
    git(&repo, &["tag", "v1"]);
    git(&repo, &["branch", "release-1"]);
    // Criteria: reworded, moved, renamed (formerly), added, removed with
    // nothing citing it, merged (formerly with two ids), examples changed.
    b.edit(
        "content/levels/junior.md",
        "text = \"Finishes tasks of a few days with help.\"",
        "text = \"Finishes tasks of a few days with some help.\"",
    );
    b.edit(
        "content/levels/junior.md",
        "examples = [\"Shipped the settings page fix.\"]",
        "examples = [\"Shipped the settings page fix.\", \"Fixed the flaky login test.\"]",
    );
    b.edit(
        "content/levels/senior.md",
        "[[expectations.scope.criteria]]\nid = \"senior-scope-system\"",
        "[[expectations.scope.criteria]]\nid = \"senior-scope-ownership\"\nformerly = [\"senior-scope-system\"]",
    );
    b.edit(
        "content/levels/senior.md",
        "[[criterion:senior-scope-system]]",
        "[[criterion:senior-scope-ownership]]",
    );
    b.edit(
        "content/levels/senior.md",
        "[expectations.impact]\nstatement = \"Changes how the team works.\"",
        "[expectations.impact]\nstatement = \"Changes how the team works.\"\n[[expectations.impact.criteria]]\nid = \"senior-impact-practices\"\ntext = \"Changes a practice the whole team follows, such as how incidents are reviewed.\"",
    );
    // A level renamed, the manager track reordered... by a new level.
    b.edit(
        "content/levels/staff.md",
        "title = \"Staff Engineer\"",
        "title = \"Staff Engineer I\"",
    );
    // A dimension renamed and one added.
    b.edit(
        "content/framework.toml",
        "name = \"Impact\"",
        "name = \"Impact on others\"",
    );
    b.edit(
        "content/framework.toml",
        "[[tracks]]\nid = \"ic\"",
        "[[dimensions]]\nid = \"craft\"\nname = \"Craft\"\nquestion = \"How well is it built?\"\n\n[[tracks]]\nid = \"ic\"",
    );
    for level in ["junior", "senior", "staff", "manager", "tech-lead"] {
        let rel = format!("content/levels/{level}.md");
        let text = b.read(&rel);
        let end = text[3..].find("+++").unwrap() + 3;
        let with = format!(
            "{}\n[expectations.craft]\nstatement = \"Builds with care.\"\n{}",
            &text[..end].trim_end(),
            &text[end..]
        );
        b.write(&rel, &with);
    }
    // A track forked from the IC track after senior.
    b.edit(
        "content/framework.toml",
        "[[rounds]]\nid = \"behavioral\"",
        "[[tracks]]\nid = \"architect\"\nname = \"Architecture\"\nlevels = [\"junior\", \"senior\", \"tech-lead\"]\n\n[[rounds]]\nid = \"behavioral\"",
    );
    (b, repo)
}

#[test]
fn changes_since_a_tag_a_branch_and_a_folder_by_stable_id() {
    let (b, repo) = repo();
    let status_before = git_out(&repo, &["status", "--porcelain"]);
    let r = b.run(&["changes", "book", "--since", "v1", "--format", "json"]);
    r.ok();
    let k = by_kind(&r.stdout);
    assert_eq!(k["criterion_reworded"].len(), 1, "{}", r.stdout);
    let reworded = &k["criterion_reworded"][0];
    assert_eq!(reworded["id"], "junior-scope-tasks");
    assert_eq!(
        reworded["words"][1],
        serde_json::json!({"op": "added", "text": "some"})
    );
    assert_eq!(
        k["criterion_examples"][0]["added"][0],
        "Fixed the flaky login test."
    );
    let renamed = &k["criterion_renamed"][0];
    assert_eq!(
        (
            renamed["from"].as_str(),
            renamed["to"].as_str(),
            renamed["inferred"].as_bool()
        ),
        (
            Some("senior-scope-system"),
            Some("senior-scope-ownership"),
            Some(false)
        )
    );
    assert_eq!(k["criterion_added"][0]["id"], "senior-impact-practices");
    assert_eq!(k["level_renamed"][0]["to"], "Staff Engineer I");
    assert_eq!(k["dimension_renamed"][0]["to"], "Impact on others");
    assert_eq!(k["dimension_added"][0]["id"], "craft");
    let fork = &k["track_forked"][0];
    assert_eq!(fork["id"], "architect");
    assert_eq!(fork["shared"], serde_json::json!(["junior", "senior"]));
    let removed: usize = k.get("criterion_removed").map_or(0, Vec::len);
    assert_eq!(removed, 0, "a declared rename is not a removal");
    // Git was only read: the working tree and the index are as they were.
    assert_eq!(git_out(&repo, &["status", "--porcelain"]), status_before);
    assert!(git_out(&repo, &["stash", "list"]).is_empty());

    // A branch gives the same answer; text and Markdown say the same.
    let branch = b.run(&[
        "changes",
        "book",
        "--since",
        "release-1",
        "--format",
        "json",
    ]);
    assert_eq!(by_kind(&branch.stdout).len(), k.len());
    let text = b.run(&["changes", "book", "--since", "v1"]);
    text.ok();
    assert!(text.stdout.contains("junior-scope-tasks reworded (Junior Engineer · Scope): Finishes tasks of a few days with {+some+} help."), "{}", text.stdout);
    assert!(
        text.stdout
            .contains("senior-scope-system is now senior-scope-ownership"),
        "{}",
        text.stdout
    );
    let md = b.run(&["changes", "book", "--since", "v1", "--format", "markdown"]);
    assert!(
        md.stdout.starts_with("### Ladder changes since v1 ("),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("- `junior-scope-tasks` reworded (Junior Engineer · Scope): Finishes tasks of a few days with **some** help."), "{}", md.stdout);

    // A release kept as a folder, without git history.
    let old = b.tmp.path().join("release-1");
    git(
        &repo,
        &["worktree", "add", "-q", old.to_str().unwrap(), "v1"],
    );
    let folder = b.run(&[
        "changes",
        "book",
        "--since",
        old.join("book").to_str().unwrap(),
        "--format",
        "json",
    ]);
    folder.ok();
    assert_eq!(by_kind(&folder.stdout).len(), k.len());
}

#[test]
fn merges_splits_and_inferred_renames() {
    let (b, _repo) = repo();
    // Rewording a criterion under a new id without `formerly` is inferred.
    let junior = b.read("content/levels/junior.md");
    b.write(
        "content/levels/junior.md",
        &junior.replace(
            "id = \"junior-scope-tasks\"",
            "id = \"junior-scope-small-tasks\"",
        ),
    );
    b.edit(
        "content/levels/senior.md",
        "strengthens = \"junior-scope-tasks\"",
        "strengthens = \"junior-scope-small-tasks\"",
    );
    let r = b.run(&["changes", "book", "--since", "v1", "--format", "json"]);
    r.ok();
    let k = by_kind(&r.stdout);
    let inferred: Vec<_> = k["criterion_renamed"]
        .iter()
        .filter(|c| c["inferred"] == true)
        .collect();
    assert_eq!(inferred.len(), 1, "{}", r.stdout);
    assert_eq!(inferred[0]["from"], "junior-scope-tasks");
    // Split: two criteria claim the same old id.
    let senior = b.read("content/levels/senior.md");
    b.write(
        "content/levels/senior.md",
        &senior.replace(
            "[[expectations.impact.criteria]]\nid = \"senior-impact-practices\"",
            "[[expectations.impact.criteria]]\nid = \"senior-impact-operation\"\nformerly = [\"senior-scope-system\"]\ntext = \"Runs the system it designed.\"\n[[expectations.impact.criteria]]\nid = \"senior-impact-practices\"",
        ),
    );
    let r = b.run(&["changes", "book", "--since", "v1", "--format", "json"]);
    r.ok();
    let k = by_kind(&r.stdout);
    let split = &k["criterion_split"][0];
    assert_eq!(split["from"], "senior-scope-system");
    assert_eq!(split["into"].as_array().unwrap().len(), 2);
    // Merge: one criterion takes two old ids.
    let senior = b.read("content/levels/senior.md");
    b.write(
        "content/levels/senior.md",
        &senior
            .replace("id = \"senior-impact-operation\"\nformerly = [\"senior-scope-system\"]\ntext = \"Runs the system it designed.\"\n[[expectations.impact.criteria]]\n", "")
            .replace("formerly = [\"senior-scope-system\"]", "formerly = [\"senior-scope-system\", \"junior-scope-tasks\"]")
            .replace("strengthens = \"junior-scope-small-tasks\"\n", ""),
    );
    remove_junior_criterion(&b);
    let r = b.run(&["changes", "book", "--since", "v1", "--format", "json"]);
    let k = by_kind(&r.stdout);
    let merged = &k["criteria_merged"][0];
    assert_eq!(merged["into"], "senior-scope-ownership", "{}", r.stdout);
    assert_eq!(merged["from"].as_array().unwrap().len(), 2);
}

#[test]
fn old_ids_keep_resolving_and_a_cited_removed_id_says_how_to_keep_it() {
    let b = Book::new();
    // Renamed with `formerly`: the old id still resolves in references.
    b.edit(
        "content/levels/senior.md",
        "[[expectations.scope.criteria]]\nid = \"senior-scope-system\"",
        "[[expectations.scope.criteria]]\nid = \"senior-scope-ownership\"\nformerly = [\"senior-scope-system\"]",
    );
    b.build().ok();
    let html = b.html("levels/senior.html");
    let link = common::select(&html, "main a[href='#senior-scope-ownership'], main a[href$='senior.html#senior-scope-ownership']");
    assert!(
        !link.is_empty(),
        "the old id's link points at the new anchor"
    );
    // Without `formerly`, the citation is an error at the citing line.
    b.edit(
        "content/levels/senior.md",
        "formerly = [\"senior-scope-system\"]\n",
        "",
    );
    let r = b.check();
    r.error_at(
        "content/levels/senior.md:19:7",
        "unknown criterion `senior-scope-system`",
    );
    assert!(
        r.stderr
            .contains("declare `formerly = [\"senior-scope-system\"]`"),
        "{}",
        r.stderr
    );
}

use common::corpora;

/// The Financial Times' engineering ladder, v1 and today's, imported as two
/// releases of one ladder: the counts of each kind of change are pinned.
#[test]
fn the_financial_times_revision_counted_by_kind() {
    let Some(c) = corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let ft = c.join("ft-engineering-progression");
    for (name, file) in [("v1", "engineering-v1.yml"), ("now", "engineering.yml")] {
        run_in(
            tmp.path(),
            &["import", "ft", ft.join(file).to_str().unwrap(), "-o", name],
        )
        .ok();
    }
    let r = run_in(
        tmp.path(),
        &["changes", "now", "--since", "v1", "--format", "json"],
    );
    r.ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let counts: BTreeMap<String, u64> = v["counts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
        .collect();
    let expect: BTreeMap<String, u64> = [
        ("criterion added", 67),
        ("criterion removed", 96),
        ("criterion renamed", 5),
        ("dimension added", 6),
        ("dimension removed", 1),
        ("dimension renamed", 1),
        ("dimensions reordered", 1),
        ("level added", 5),
        ("level removed", 1),
        ("track forked", 2),
        ("track removed", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(counts, expect, "{}", r.stdout);
    assert_eq!(v["before"]["criteria"], 101);
    assert_eq!(v["after"]["criteria"], 72);
}

#[test]
fn a_ref_that_is_not_there_is_a_clear_error() {
    let (b, _repo) = repo();
    let r = b.run(&["changes", "book", "--since", "v9"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("`v9` is neither a handbook folder nor a git ref"),
        "{}",
        r.stderr
    );
    let outside = tempfile::tempdir().unwrap();
    let copy = outside.path().join("book");
    common::copy_dir(&b.path(""), &copy);
    let r = run_in(outside.path(), &["changes", "book", "--since", "v1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("git ref"), "{}", r.stderr);
}

#[test]
fn a_renamed_level_keeps_its_old_address_and_references() {
    let b = Book::new();
    // staff -> principal, with the old id declared.
    let staff = b.read("content/levels/staff.md");
    b.remove("content/levels/staff.md");
    b.write(
        "content/levels/principal.md",
        &staff.replacen("+++\n", "+++\nformerly = [\"staff\"]\n", 1),
    );
    let fw = b.read("content/framework.toml");
    b.write(
        "content/framework.toml",
        &fw.replace("\"staff\"", "\"principal\""),
    );
    // Front-matter lists of levels name the current id (old ids resolve in
    // cross-references and addresses).
    b.edit(
        "content/levels/tech-lead.md",
        "\"staff\"]",
        "\"principal\"]",
    );
    b.edit(
        "content/questions/disagree.md",
        "\"staff\"]",
        "\"principal\"]",
    );
    b.write(
        "content/guides/promotion.md",
        "+++\ntitle = \"Promotion\"\nsummary = \"Where the ladder leads.\"\n+++\nThe top of the IC track is [[level:staff]].\n",
    );
    b.build().ok();
    let old = b.read("site/levels/staff.html");
    assert!(
        old.contains("<meta http-equiv=\"refresh\" content=\"0; url=principal.html\">"),
        "{old}"
    );
    assert!(old.contains("<a href=\"principal.html\">"), "{old}");
    let guide = b.html("guides/promotion.html");
    let hrefs: Vec<&str> = common::select(&guide, "main .prose a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"../levels/principal.html"), "{hrefs:?}");
    let sitemap = b.read("site/sitemap.xml");
    assert!(
        !sitemap.contains("levels/staff.html"),
        "old addresses are not pages"
    );
    // An old id that is still in use is an error where it is declared.
    b.edit(
        "content/levels/principal.md",
        "formerly = [\"staff\"]",
        "formerly = [\"senior\"]",
    );
    let r = b.check();
    r.error_at(
        "content/levels/principal.md:2:13",
        "`senior` is still the id of a level",
    );
}

/// A handbook with two releases: one kept as a git tag, one as a folder.
fn released() -> (Book, PathBuf) {
    let (b, repo) = repo();
    // The folder release: the ladder as it was at v1, copied out.
    let old = b.tmp.path().join("release-folder");
    git(
        &repo,
        &["worktree", "add", "-q", old.to_str().unwrap(), "v1"],
    );
    let toml = b.read("book.toml");
    b.write(
        "book.toml",
        &format!(
            "{toml}\n[[releases]]\nname = \"2025.1\"\ndate = 2025-01-15\npath = {:?}\n\n[[releases]]\nname = \"2025.2\"\ndate = 2025-07-01\nref = \"v1\"\n",
            old.join("book").to_str().unwrap()
        ),
    );
    (b, repo)
}

#[test]
fn releases_get_pages_and_levels_say_what_changed_since_the_latest() {
    let (b, _repo) = released();
    b.build().ok();
    let index = b.html("releases/index.html");
    let items: Vec<String> = common::select(&index, "ul.releases li")
        .iter()
        .map(common::text)
        .collect();
    assert_eq!(items.len(), 2);
    assert!(
        items[0].starts_with("Release 2025.2"),
        "newest first: {items:?}"
    );
    let page = b.html("releases/2025-2.html");
    let in_it = common::text(&common::select(&page, "#in-release")[0]);
    assert!(in_it.contains("0 changes"), "{in_it}");
    let since: Vec<String> = common::select(&page, "#since li")
        .iter()
        .map(common::text)
        .collect();
    assert!(since.iter().any(|l| l == "junior-scope-tasks reworded (Junior Engineer · Scope): Finishes tasks of a few days with some help."), "{since:?}");
    assert!(
        since
            .iter()
            .any(|l| l.starts_with("senior-scope-system is now senior-scope-ownership")),
        "{since:?}"
    );
    let ins = common::select(&page, "#since ins");
    assert_eq!(common::text(&ins[0]), "some");
    let options: Vec<String> = common::select(&page, "#release-compare option")
        .iter()
        .map(|o| o.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(
        options,
        [
            "../releases/2025-1.html#since",
            "../releases/2025-2.html#since"
        ]
    );
    // Each level page lists its own changes since the latest release.
    let junior = b.html("levels/junior.html");
    let changed: Vec<String> = common::select(&junior, "#changed-since li")
        .iter()
        .map(common::text)
        .collect();
    assert!(
        changed
            .iter()
            .any(|l| l.starts_with("junior-scope-tasks reworded")),
        "{changed:?}"
    );
    assert!(
        changed.iter().all(|l| !l.contains("senior-scope")),
        "{changed:?}"
    );
    let nav: Vec<String> = common::select(&junior, "nav a")
        .iter()
        .map(common::text)
        .collect();
    assert!(nav.iter().any(|n| n.starts_with("Releases")), "{nav:?}");
}

#[test]
fn a_release_that_cannot_be_read_is_an_error() {
    let (b, _repo) = repo();
    let toml = b.read("book.toml");
    b.write(
        "book.toml",
        &format!("{toml}\n[[releases]]\nname = \"old\"\nref = \"v0\"\n"),
    );
    let r = b.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("`v0` is neither a handbook folder nor a git ref"),
        "{}",
        r.stderr
    );
    b.write(
        "book.toml",
        &format!("{toml}\n[[releases]]\nname = \"old\"\n"),
    );
    let r = b.build();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("release `old` needs either `ref`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_criterion_retired_with_a_reason_is_reported_with_it() {
    let (b, _repo) = repo();
    remove_junior_criterion(&b);
    let fw = b.read("content/framework.toml");
    b.write(
        "content/framework.toml",
        &format!("{fw}\n[[retired]]\nid = \"junior-scope-tasks\"\nreason = \"Task size is no longer how we judge scope at this level.\"\n"),
    );
    // Still cited: the error gives the reason.
    let r = b.check();
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("criterion `junior-scope-tasks` was retired: Task size is no longer how we judge scope at this level."), "{}", r.stderr);
    b.edit(
        "content/levels/senior.md",
        "strengthens = \"junior-scope-tasks\"\n",
        "",
    );
    let r = b.run(&["changes", "book", "--since", "v1"]);
    r.ok();
    assert!(
        r.stdout.contains("junior-scope-tasks removed from Junior Engineer · Scope: Finishes tasks of a few days with help. (retired: Task size is no longer how we judge scope at this level.)"),
        "{}",
        r.stdout
    );
    // A retired id still in use is an error in framework.toml.
    b.write(
        "content/framework.toml",
        &format!("{fw}\n[[retired]]\nid = \"senior-impact-practices\"\nreason = \"x\"\n"),
    );
    let r = b.check();
    assert!(
        r.stderr
            .contains("`senior-impact-practices` is retired but still in use"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_criterion_moved_to_another_level_and_levels_reordered() {
    let (b, _repo) = repo();
    // The junior criterion moves up to senior, keeping its id.
    let block = remove_junior_criterion(&b);
    b.edit(
        "content/levels/senior.md",
        "strengthens = \"junior-scope-tasks\"\n",
        "",
    );
    b.edit(
        "content/levels/senior.md",
        "[expectations.impact]\n",
        &format!("{block}\n[expectations.impact]\n").replace(
            "[[expectations.scope.criteria]]",
            "[[expectations.impact.criteria]]",
        ),
    );
    // The management track lists manager before senior.
    b.edit(
        "content/framework.toml",
        "levels = [\"junior\", \"senior\", \"manager\"]",
        "levels = [\"junior\", \"manager\", \"senior\"]",
    );
    let r = b.run(&["changes", "book", "--since", "v1", "--format", "json"]);
    r.ok();
    let k = by_kind(&r.stdout);
    let moved = &k["criterion_moved"][0];
    assert_eq!(moved["id"], "junior-scope-tasks");
    assert_eq!(
        (
            moved["from"]["level"].as_str(),
            moved["to"]["level"].as_str()
        ),
        (Some("junior"), Some("senior"))
    );
    assert_eq!(
        (
            moved["from"]["dimension"].as_str(),
            moved["to"]["dimension"].as_str()
        ),
        (Some("scope"), Some("impact"))
    );
    let reordered = &k["levels_reordered"][0];
    assert_eq!(
        reordered["to"],
        serde_json::json!(["junior", "manager", "senior"])
    );
}
