//! `careerbook import`: our own small fixtures in each format, malformed
//! sources, and the real ladders in ../shared/corpora (skipped with a message
//! when that folder is absent, as on a user's clone).
//!
//! Counts are taken from the source with a YAML loader of their own, not with
//! the importer's reader, so a reader that drops or doubles something fails.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{run_in, select, text};
use yaml_rust2::{Yaml, YamlLoader};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

use common::corpora;

/// Every `key = "value"` string of the TOML front matter of all level pages
/// of an imported handbook, by key (`id`, `text`), and every example.
struct Imported {
    ids: Vec<String>,
    texts: Vec<String>,
    examples: Vec<String>,
    statements: Vec<String>,
}

/// What a reader sees of imported text: the importer backslash-escapes
/// Markdown's punctuation (CommonMark: a backslash before ASCII punctuation
/// is that character).
fn md_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

fn imported(dir: &Path) -> Imported {
    imported_levels(&dir.join("content/levels"))
}

/// As [`imported`], for the levels of one job family of a many-family import.
fn imported_family(dir: &Path, family: &str) -> Imported {
    imported_levels(&dir.join("content/levels").join(family))
}

fn imported_levels(levels: &Path) -> Imported {
    let mut out = Imported {
        ids: vec![],
        texts: vec![],
        examples: vec![],
        statements: vec![],
    };
    for e in walkdir::WalkDir::new(levels).sort_by_file_name() {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let s = std::fs::read_to_string(e.path()).unwrap();
        let fm = s.split("+++").nth(1).unwrap();
        let v: toml::Table = toml::from_str(fm).unwrap();
        let Some(exps) = v.get("expectations").and_then(|x| x.as_table()) else {
            continue;
        };
        for exp in exps.values() {
            if let Some(st) = exp.get("statement").and_then(|x| x.as_str()) {
                out.statements.push(md_unescape(st));
            }
            for c in exp
                .get("criteria")
                .and_then(|x| x.as_array())
                .into_iter()
                .flatten()
            {
                out.ids.push(c["id"].as_str().unwrap().to_string());
                out.texts.push(md_unescape(c["text"].as_str().unwrap()));
                for ex in c
                    .get("examples")
                    .and_then(|x| x.as_array())
                    .into_iter()
                    .flatten()
                {
                    out.examples.push(md_unescape(ex.as_str().unwrap()));
                }
            }
        }
    }
    out
}

/// A level document's front matter.
fn level_front(dir: &Path, family: &str, id: &str) -> toml::Table {
    let s = std::fs::read_to_string(
        dir.join("content/levels")
            .join(family)
            .join(format!("{id}.md")),
    )
    .unwrap();
    toml::from_str(s.split("+++").nth(1).unwrap()).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn framework(dir: &Path) -> toml::Table {
    toml::from_str(&std::fs::read_to_string(dir.join("content/framework.toml")).unwrap()).unwrap()
}

fn track_levels(fw: &toml::Table, id: &str) -> Vec<String> {
    fw["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no track {id}"))["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect()
}

/// An FT job family's competencies, read independently: (id, summary, examples).
fn ft_source(path: &Path) -> Vec<(String, String, Vec<String>)> {
    let docs = YamlLoader::load_from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    docs[0]["competencies"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_lowercase(),
                c["summary"].as_str().unwrap().to_string(),
                c["examples"]
                    .as_vec()
                    .map(|v| v.iter().map(|e| e.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// Asserts that every competency appears exactly once, with its examples.
fn assert_ft_faithful(source: &Path, out: &Path) {
    let src = ft_source(source);
    let got = imported(out);
    assert_eq!(got.ids.len(), src.len(), "criteria count");
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for id in &got.ids {
        *counts.entry(id.as_str()).or_default() += 1;
    }
    for (id, summary, examples) in &src {
        assert_eq!(counts.get(id.as_str()), Some(&1), "competency {id}");
        let words = norm(summary);
        assert_eq!(
            got.texts.iter().filter(|t| norm(t) == words).count(),
            src.iter().filter(|s| norm(&s.1) == words).count(),
            "summary of {id}"
        );
        for e in examples {
            assert!(
                got.examples.contains(&e.trim().to_string()),
                "example {e:?}"
            );
        }
    }
    let examples: usize = src.iter().map(|c| c.2.len()).sum();
    assert_eq!(got.examples.len(), examples, "examples count");
}

fn import(args: &[&str], cwd: &Path) -> common::Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    run_in(cwd, &all)
}

#[test]
fn ft_fixture_imports_faithfully_with_forked_tracks_and_lint() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixtures().join("ft/platform.yml");
    let out = tmp.path().join("platform");
    let r = import(&["ft", src.to_str().unwrap(), "-o", "platform"], tmp.path());
    r.ok();
    assert!(
        r.stdout.contains(
            "imported Platform Engineering: 4 levels, 4 dimensions, 12 criteria, 13 examples"
        ),
        "{}",
        r.stdout
    );
    assert_ft_faithful(&src, &out);

    // lead-ic and lead-pm fork the ladder; both tracks share the levels below.
    let fw = framework(&out);
    assert_eq!(
        track_levels(&fw, "ic"),
        ["associate", "engineer", "lead-ic"]
    );
    assert_eq!(
        track_levels(&fw, "pm"),
        ["associate", "engineer", "lead-pm"]
    );
    assert_eq!(
        fw["framework"]["proficiency"].as_array().unwrap().len(),
        5,
        "the schema's proficiency scale"
    );

    // The planted weaknesses, each located in the imported files.
    let c = run_in(&out, &["check"]);
    c.ok();
    let e = &c.stderr;
    for (position, message) in [
        (
            "content/levels/associate.md",
            "says nothing on `architecture`",
        ),
        (
            "content/levels/engineer.md",
            "says nothing on `people`, dropping what `associate`",
        ),
        (
            "content/levels/lead-ic.md",
            "expects `Awareness` on `operations`, less than `Foundational`",
        ),
        (
            "content/levels/engineer.md",
            "repeats `0b6a1a52-41c2-4d5e-9a0c-7d1f10000002` at `associate`",
        ),
        (
            "content/levels/associate.md",
            "criterion `0b6a1a52-41c2-4d5e-9a0c-7d1f10000002` has no examples",
        ),
    ] {
        let found = e
            .split("\n\n")
            .any(|b| b.contains(message) && b.contains(&format!("--> {position}:")));
        assert!(found, "no warning {message:?} in {position}:\n{e}");
    }
    for (kind, n) in [
        ("dimension missing at a level", 3),
        ("level drops what the level below expects", 2),
        ("near-duplicate criteria across levels", 1),
        ("criterion without examples", 1),
    ] {
        assert!(
            c.stdout.contains(&format!("{n:>4}  {kind}")),
            "{kind}: {}",
            c.stdout
        );
    }
    let strict = run_in(&out, &["check", "--deny-warnings"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);

    // Every view of the default theme renders the imported ladder.
    run_in(&out, &["build"]).ok();
    let site = out.join("site");
    let html = |rel: &str| {
        scraper::Html::parse_document(&std::fs::read_to_string(site.join(rel)).unwrap())
    };
    let matrix = html("matrix.html");
    assert!(text(&select(&matrix, "main")[0]).contains("Joins the on-call rota"));
    let engineer = html("levels/engineer.html");
    let panel: Vec<String> = select(&engineer, ".next-level").iter().map(text).collect();
    assert_eq!(panel.len(), 2, "one next-level panel per fork: {panel:?}");
    assert!(panel
        .iter()
        .any(|p| p.contains("Lead Engineer (Individual Contributor)")));
    assert!(panel
        .iter()
        .any(|p| p.contains("Lead Engineer (People Manager)")));
    let associate = html("levels/associate.html");
    let link = select(&associate, "a[href='https://example.com/reviews']");
    assert_eq!(
        link.len(),
        1,
        "the supporting URL is kept on the level page"
    );
    assert!(site.join("compare.html").is_file());
    assert!(site.join("search/manifest.js").is_file());
}

#[test]
fn monzo_folder_imports_one_handbook_with_a_family_per_framework() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixtures().join("monzo");
    let r = import(&["monzo", src.to_str().unwrap(), "-o", "monzo"], tmp.path());
    r.ok();
    // The TAB after `-` in backend.md is valid YAML 1.2: read, with a warning.
    assert!(
        r.stderr.contains("TAB used as a separator")
            && r.stderr.contains("--> monzo/engineering/backend.md:32:12"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("one handbook with 3 job families"),
        "{}",
        r.stdout
    );
    let out = tmp.path().join("monzo");
    assert_eq!(
        names(&out.join("content")),
        ["families", "framework.toml", "index.md", "levels"]
    );
    assert_eq!(
        names(&out.join("content/families")),
        ["backend.md", "generic.md", "product-design.md"]
    );
    assert_eq!(
        names(&out.join("content/levels")),
        ["backend", "generic", "product-design"]
    );

    // Each criterion is written once in the whole handbook: backend's own 7
    // (3 with examples) under backend, generic's 5 under generic only.
    let all = imported(&out);
    assert_eq!(all.ids.len(), 12, "{:?}", all.texts);
    let mut ids = all.ids.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12, "criterion ids are unique");
    let backend = imported_family(&out, "backend");
    assert_eq!(backend.ids.len(), 7, "{:?}", backend.texts);
    assert_eq!(backend.examples.len(), 3);
    assert_eq!(imported_family(&out, "generic").ids.len(), 5);
    for t in [
        "Delivers small tasks with help from a more senior engineer",
        "Writes short design notes before larger changes",
        "Knows where to find the team's documentation",
        "Explains their area's plans to people outside engineering",
    ] {
        assert_eq!(all.texts.iter().filter(|x| *x == t).count(), 1, "{t}");
    }
    // Backend's levels inherit generic's, rung for rung.
    for n in 1..=3 {
        let fm = level_front(&out, "backend", &format!("backend-level-{n}"));
        assert_eq!(
            fm["inherits"].as_str(),
            Some(format!("generic-level-{n}").as_str())
        );
    }
    let fw = framework(&out);
    let dims: Vec<&str> = fw["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    for d in [
        "communication",
        "delivery",
        "knowledge",
        "craft",
        "collaboration",
    ] {
        assert_eq!(
            dims.iter().filter(|x| **x == d).count(),
            1,
            "{d} in {dims:?}"
        );
    }
    let comm = fw["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"].as_str() == Some("communication"))
        .unwrap();
    assert_eq!(comm["description"].as_str(), Some("writing and feedback"));
    let family: toml::Table = toml::from_str(
        std::fs::read_to_string(out.join("content/families/backend.md"))
            .unwrap()
            .split("+++")
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    let fdims: Vec<&str> = family["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(fdims, ["communication", "delivery", "knowledge"]);

    // Prose frameworks keep their paragraphs as statements.
    let design = imported_family(&out, "product-design");
    assert!(design
        .statements
        .contains(&"You design whole flows, including the error states.".to_string()));
    assert_eq!(
        design.ids.len(),
        0,
        "generic's criteria are inherited, not copied"
    );

    run_in(&out, &["build"]).ok();
    let doc = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("site/levels/backend-level-2.html")).unwrap(),
    );
    let page = text(&select(&doc, "main")[0]);
    assert!(
        page.contains("Delivers features of a few weeks on their own"),
        "{page}"
    );
    assert!(
        page.contains("Knows the systems their team owns well enough to explain them"),
        "the inherited criterion is shown on the inheriting level: {page}"
    );
    assert!(out.join("site/families/backend.html").is_file());
}

#[test]
fn single_monzo_file_imports_without_inheritance() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixtures().join("monzo/engineering/backend.md");
    import(&["monzo", src.to_str().unwrap()], tmp.path()).ok();
    let out = tmp.path().join("backend-handbook");
    let got = imported(&out);
    assert_eq!(got.ids.len(), 7);
    assert!(got.ids.iter().all(|i| !i.starts_with("generic-")));
}

/// A malformed source is an error at its position, exit 1, and nothing is
/// written: neither the destination nor a leftover staging folder.
#[track_caller]
fn assert_refused(
    format: &str,
    file: &str,
    body: impl AsRef<[u8]>,
    position: &str,
    message: &str,
) -> String {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(file), body).unwrap();
    let r = import(&[format, file, "-o", "out"], tmp.path());
    r.error_at(position, message);
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [file], "nothing written besides the source");
    r.stderr
}

const FT_HEAD: &str = "name: X\nsummary: x\ngoogleSheetId: x\nlevels:\n  - id: one\n    name: One\n  - id: two\n    name: Two\nthemes:\n  - id: craft\n    name: Craft\ncompetencies:\n";

#[test]
fn malformed_ft_sources_are_located_errors() {
    let comp = |extra: &str| {
        format!("{FT_HEAD}  - id: 0b6a1a52-41c2-4d5e-9a0c-7d1f10000001\n    level: one\n    theme: craft\n    summary: Does things\n    proficiency: Awareness\n{extra}")
    };
    assert_refused(
        "ft",
        "a.yml",
        comp("    sumary: typo\n"),
        "a.yml:18:5",
        "unknown field `sumary` in a competency",
    );
    let e = assert_refused(
        "ft",
        "a.yml",
        comp("").replace("level: one", "level: three"),
        "a.yml:14:12",
        "unknown level `three`",
    );
    assert!(e.contains("the job family's levels are one, two"), "{e}");
    let e = assert_refused(
        "ft",
        "a.yml",
        comp("").replace("proficiency: Awareness", "proficiency: Awarness"),
        "a.yml:17:18",
        "unknown proficiency `Awarness`",
    );
    assert!(e.contains("did you mean `Awareness`?"), "{e}");
    assert_refused(
        "ft",
        "a.yml",
        comp("").replace(
            "levels:\n  - id: one\n    name: One\n  - id: two\n    name: Two\n",
            "",
        ),
        "a.yml:1:1",
        "a job family has no `levels`",
    );
    let e = assert_refused(
        "ft",
        "a.yml",
        comp("").replace("    summary: Does things", "\tsummary: Does things"),
        "a.yml:16:1",
        "YAML syntax error",
    );
    assert!(
        e.contains("replace the TAB with spaces") || e.contains("indentation"),
        "{e}"
    );
    assert_refused(
        "ft",
        "a.yml",
        comp("").replace("summary: Does things", "summary: \"Does things"),
        "a.yml:16:14",
        "YAML syntax error",
    );
    assert_refused(
        "ft",
        "a.yml",
        comp("").replace("name: Craft", "name: [Craft"),
        "a.yml:12:13",
        "YAML syntax error",
    );
    assert_refused(
        "ft",
        "a.yml",
        "- just\n- a list\n",
        "a.yml:1:1",
        "expected a job family",
    );
    assert_refused(
        "ft",
        "a.yml",
        format!("{}{}", comp(""), &comp("")[FT_HEAD.len()..]),
        "a.yml:18:9",
        "competency `0b6a1a52-41c2-4d5e-9a0c-7d1f10000001` appears twice",
    );
    assert_refused(
        "ft",
        "a.yml",
        b"name: X\nsummary: caf\xe9\n",
        "a.yml:2:13",
        "file is not valid UTF-8",
    );
}

#[test]
fn malformed_monzo_sources_are_located_errors() {
    let head = "---\ntitle: \"X\"\nyaml: true\nlevels: 2\ntopics:\n  - name: \"craft\"\n    title:\n    content:\n";
    assert_refused(
        "monzo",
        "x.md",
        format!("{head}      - level: 3\n        criteria:\n          - \"Too high\"\n---\n"),
        "x.md:9:16",
        "level must be a number from 1 to 2",
    );
    assert_refused(
        "monzo",
        "x.md",
        format!("{head}      - level: 1\n        criterias:\n          - \"Typo\"\n---\n"),
        "x.md:10:9",
        "unknown field `criterias`",
    );
    assert_refused(
        "monzo",
        "x.md",
        format!("{head}      - level: 1\n        criteria:\n          - \"Never closed\"\n"),
        "x.md:1:1",
        "the front matter is never closed",
    );
    assert_refused(
        "monzo",
        "x.md",
        "# Just Markdown\n",
        "x.md:1:1",
        "starts with YAML front matter",
    );
    assert_refused(
        "monzo",
        "x.md",
        format!("{head}      - level: 1\n        criteria:\n\t  - \"Tab indented\"\n---\n"),
        "x.md:11:1",
        "YAML syntax error",
    );
    assert_refused(
        "monzo",
        "x.md",
        "---\ntitle: \"X\"\nyaml: false\n---\n## Level 2\n",
        "x.md:5:1",
        "expected `## Level 1`",
    );
}

#[test]
fn import_never_writes_over_an_existing_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.md"), "keep me").unwrap();
    let src = fixtures().join("ft/platform.yml");
    let r = import(&["ft", src.to_str().unwrap(), "-o", "mine"], tmp.path());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("already exists and is not empty"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.md")).unwrap(),
        "keep me"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    // An empty folder is fine: it is filled.
    std::fs::remove_file(out.join("notes.md")).unwrap();
    import(&["ft", src.to_str().unwrap(), "-o", "mine"], tmp.path()).ok();
    assert!(out.join("content/framework.toml").is_file());
}

#[test]
fn real_ft_job_families_import_with_every_competency_once() {
    let Some(corpora) = corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    for (file, competencies) in [
        ("engineering.yml", 72),
        ("engineering-v1.yml", 101),
        ("operations.yml", 48),
    ] {
        let src = corpora.join("ft-engineering-progression").join(file);
        let out = tmp.path().join(file);
        import(&["ft", src.to_str().unwrap(), "-o", file], tmp.path()).ok();
        assert_eq!(ft_source(&src).len(), competencies, "{file} in the source");
        assert_ft_faithful(&src, &out);
        run_in(&out, &["check"]).ok();
        run_in(&out, &["build"]).ok();
    }
    // The IC / people-manager fork: two tracks sharing the three lower levels.
    let fw = framework(&tmp.path().join("engineering.yml"));
    let ic = track_levels(&fw, "ic");
    let pm = track_levels(&fw, "pm");
    assert_eq!(ic[..3], ["junior", "engineer", "senior-1"]);
    assert_eq!(ic[..3], pm[..3]);
    assert!(ic.contains(&"senior-2-ic".to_string()) && !ic.contains(&"senior-2-pm".to_string()));
    assert!(pm.contains(&"senior-2-pm".to_string()) && !pm.contains(&"senior-2-ic".to_string()));
}

#[test]
fn real_ft_families_import_together_as_one_handbook() {
    let Some(corpora) = corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = corpora.join("ft-engineering-progression");
    let eng = dir.join("engineering.yml");
    let ops = dir.join("operations.yml");
    let r = import(
        &[
            "ft",
            eng.to_str().unwrap(),
            ops.to_str().unwrap(),
            "-o",
            "ft",
        ],
        tmp.path(),
    );
    r.ok();
    assert!(
        r.stdout.contains("one handbook with 2 job families"),
        "{}",
        r.stdout
    );
    let out = tmp.path().join("ft");
    let families = names(&out.join("content/levels"));
    assert_eq!(families.len(), 2, "{families:?}");
    let mut total = 0;
    for (family, src, n) in [(&families[0], &eng, 72), (&families[1], &ops, 48)] {
        let got = imported_family(&out, family);
        assert_eq!(got.ids.len(), n, "{family}");
        assert_eq!(ft_source(src).len(), n);
        total += n;
    }
    let mut ids = imported(&out).ids;
    assert_eq!(ids.len(), total);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "ids stay unique across families");
    run_in(&out, &["check"]).ok();
    run_in(&out, &["build"]).ok();
    assert!(out.join("site/matrix.html").is_file());
}

/// A Monzo framework's criteria and examples, read independently.
fn monzo_source(path: &Path) -> (Vec<String>, usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let fm = text
        .split("\n---")
        .next()
        .unwrap()
        .trim_start_matches("---\n");
    let docs = YamlLoader::load_from_str(fm).unwrap();
    let levels = match &docs[0]["levels"] {
        Yaml::Integer(n) => *n as usize,
        _ => 0,
    };
    let mut texts = Vec::new();
    let mut examples = 0;
    for t in docs[0]["topics"].as_vec().into_iter().flatten() {
        for c in t["content"].as_vec().into_iter().flatten() {
            for s in c["criteria"].as_vec().into_iter().flatten() {
                texts.push(norm(s.as_str().unwrap()));
            }
            for e in c["exampleCriteria"].as_vec().into_iter().flatten() {
                texts.push(norm(e["criteria"].as_str().unwrap()));
                examples += e["examples"].as_vec().map_or(0, |v| v.len());
            }
        }
    }
    (texts, examples, levels)
}

#[test]
fn real_monzo_frameworks_import_as_one_handbook_with_generic_inherited() {
    let Some(corpora) = corpora() else { return };
    let root = corpora.join("monzo-progression-framework");
    let tmp = tempfile::tempdir().unwrap();
    let r = import(
        &["monzo", root.to_str().unwrap(), "-o", "monzo"],
        tmp.path(),
    );
    r.ok();
    assert!(
        r.stderr.contains("people.md:205:12"),
        "the TAB is pointed at: {}",
        r.stderr
    );
    let out = tmp.path().join("monzo");
    let (generic, _, _) = monzo_source(&root.join("generic.md"));
    assert_eq!(generic.len(), 72);
    assert_eq!(imported_family(&out, "generic").ids.len(), 72);
    let mut total = generic.len();
    for (file, family, own_criteria, own_examples) in [
        ("engineering/backend.md", "backend", 135, 22),
        ("engineering/data.md", "data", 141, 33),
        ("engineering/mobile.md", "mobile", 127, 23),
        ("engineering/web.md", "web", 165, 16),
        ("people.md", "people", 146, 0),
    ] {
        let (texts, examples, levels) = monzo_source(&root.join(file));
        assert_eq!(
            (texts.len(), examples),
            (own_criteria, own_examples),
            "{file} in the source"
        );
        assert!(levels >= 6);
        total += own_criteria;
        let got = imported_family(&out, family);
        assert_eq!(got.ids.len(), own_criteria, "{file}");
        assert_eq!(got.examples.len(), own_examples, "{file}");
        let got_texts: Vec<String> = got.texts.iter().map(|t| norm(t)).collect();
        for t in &texts {
            let want = texts.iter().filter(|x| *x == t).count();
            assert_eq!(
                got_texts.iter().filter(|x| *x == t).count(),
                want,
                "{file}: {t}"
            );
        }
        let first = level_front(&out, family, &format!("{family}-level-1"));
        assert_eq!(
            first["inherits"].as_str(),
            Some("generic-level-1"),
            "{file}"
        );
    }
    // Generic's 72 are written once for the whole company, not once per family.
    let all = imported(&out);
    assert_eq!(all.ids.len(), total);
    // The prose framework: 6 levels of 3 topics, as statements.
    let design = imported_family(&out, "product-design");
    assert_eq!(design.statements.len(), 18);
    run_in(&out, &["check"]).ok();
    run_in(&out, &["build"]).ok();
    assert_eq!(
        names(&out.join("site/families")),
        [
            "backend.html",
            "data.html",
            "generic.html",
            "index.html",
            "mobile.html",
            "people.html",
            "product-design.html",
            "web.html"
        ]
    );
}

/// Every prefix of a source (cut at many points, as a half-written file is)
/// and every source with one line removed reads as a ladder or as located
/// errors, never a panic.
#[test]
fn damaged_sources_never_panic() {
    let mut sources = vec![
        ("ft", fixtures().join("ft/platform.yml")),
        ("monzo", fixtures().join("monzo/engineering/backend.md")),
        ("monzo", fixtures().join("monzo/design/product-design.md")),
        ("etsy", fixtures().join("etsy/index.md")),
        ("etsy", fixtures().join("etsy/competencies.md")),
    ];
    if let Some(c) = corpora() {
        sources.push((
            "ft",
            c.join("ft-engineering-progression/engineering-v1.yml"),
        ));
        sources.push(("monzo", c.join("monzo-progression-framework/people.md")));
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut tried = 0;
    for (format, path) in sources {
        let format = match format {
            "ft" => careerbook::import::Format::Ft,
            "etsy" => {
                // An Etsy ladder is two files: damage one, keep the other.
                for f in ["index.md", "competencies.md"] {
                    std::fs::copy(path.with_file_name(f), tmp.path().join(f)).unwrap();
                }
                careerbook::import::Format::Etsy
            }
            _ => careerbook::import::Format::Monzo,
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut variants: Vec<String> = (1..60)
            .map(|i| {
                let mut cut = text.len() * i / 60;
                while !text.is_char_boundary(cut) {
                    cut += 1;
                }
                text[..cut].to_string()
            })
            .collect();
        let step = (lines.len() / 60).max(1);
        for skip in (0..lines.len()).step_by(step) {
            variants.push(
                lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, l)| *l)
                    .collect(),
            );
        }
        for v in variants {
            let file = tmp.path().join(path.file_name().unwrap());
            std::fs::write(&file, &v).unwrap();
            match careerbook::import::read(format, std::slice::from_ref(&file)) {
                Ok((ladders, _)) => assert!(!ladders.is_empty()),
                Err(d) => assert!(
                    d.iter().all(|e| e.location.is_some()),
                    "an error without a location: {}",
                    d.render(false)
                ),
            }
            tried += 1;
        }
    }
    assert!(tried > 200, "{tried}");
}

/// An Etsy-format ladder's criteria per (competency, tier), read
/// independently: the `### ` heading, then each `<td` starts the next
/// column and each `<li>` line is one criterion.
fn etsy_source(path: &Path) -> Vec<(String, usize, Vec<String>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: Vec<(String, usize, Vec<String>)> = Vec::new();
    let mut competency = String::new();
    let mut column = 0;
    for line in text.lines().map(str::trim) {
        if let Some(h) = line.strip_prefix("### ") {
            competency = h.to_string();
            column = 0;
        } else if line.starts_with("<td") {
            column += 1;
            out.push((competency.clone(), column - 1, Vec::new()));
        } else if let Some(li) = line.strip_prefix("<li>") {
            let t = li.trim_end_matches("</li>").replace("&amp;", "&");
            out.last_mut().unwrap().2.push(t);
        }
    }
    out
}

/// The tier criteria of an imported handbook: (dimension name, tier, texts).
fn imported_tiers(dir: &Path) -> Vec<(String, String, Vec<String>)> {
    let fw = framework(dir);
    let mut out = Vec::new();
    for d in fw["dimensions"].as_array().unwrap() {
        for t in d
            .get("tiers")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
        {
            let texts = t
                .get("criteria")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
                .map(|c| c["text"].as_str().unwrap().to_string())
                .collect();
            out.push((
                d["name"].as_str().unwrap().to_string(),
                t["proficiency"].as_str().unwrap().to_string(),
                texts,
            ));
        }
    }
    out
}

#[track_caller]
fn assert_etsy_faithful(source: &Path, out: &Path, scale: &[&str]) -> usize {
    let src = etsy_source(&source.join("competencies.md"));
    let got = imported_tiers(out);
    assert_eq!(got.len(), src.len(), "one tier per cell of the source");
    let mut total = 0;
    for ((competency, column, texts), (name, tier, got_texts)) in src.iter().zip(&got) {
        assert_eq!(competency, name);
        assert_eq!(scale[*column], tier, "{competency}");
        assert_eq!(texts, got_texts, "{competency} / {tier}");
        total += texts.len();
    }
    // Each criterion once: no level repeats a tier's criteria.
    assert_eq!(
        imported(out).ids.len(),
        0,
        "levels carry rules, not criteria"
    );
    let fw = std::fs::read_to_string(out.join("content/framework.toml")).unwrap();
    for (_, _, texts) in &src {
        for t in texts {
            let quoted = toml::Value::String(t.clone()).to_string();
            assert_eq!(fw.matches(&quoted).count(), 1, "{t}");
        }
    }
    total
}

fn level_rule(dir: &Path, id: &str) -> toml::Table {
    let s = std::fs::read_to_string(dir.join(format!("content/levels/{id}.md"))).unwrap();
    let fm: toml::Table = toml::from_str(s.split("+++").nth(1).unwrap()).unwrap();
    fm["requires"].as_table().unwrap().clone()
}

#[test]
fn etsy_fixture_imports_tiers_and_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixtures().join("etsy");
    let r = import(&["etsy", src.to_str().unwrap(), "-o", "hb"], tmp.path());
    r.ok();
    assert!(
        r.stdout
            .contains("imported Harbour Engineering Ladder: 5 levels, 3 dimensions, 17 criteria"),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let out = tmp.path().join("hb");
    let total = assert_etsy_faithful(&src, &out, &["Novice", "Practised", "Strong", "Master"]);
    assert_eq!(total, 17);
    let fw = framework(&out);
    assert_eq!(
        fw["framework"]["proficiency"].as_array().unwrap().len(),
        4,
        "the tiers are the scale"
    );
    // The sentences became clauses.
    let clauses = |id: &str, key: &str| -> Vec<String> {
        level_rule(&out, id)
            .get(key)
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .map(|c| c.to_string())
            .collect()
    };
    assert_eq!(
        clauses("engineer-ii", "any"),
        [
            r#"{ count = 2, tier = "Practised" }"#,
            r#"{ count = "all", partly = true, tier = "Practised" }"#
        ]
    );
    assert_eq!(
        clauses("senior-engineer-ii", "all"),
        [
            r#"{ count = 2, tier = "Strong" }"#,
            r#"{ count = "all", tier = "Practised" }"#
        ]
    );
    assert_eq!(
        clauses("staff-engineer", "all"),
        [
            r#"{ count = 1, tier = "Master" }"#,
            r#"{ count = 2, tier = "Strong" }"#,
            r#"{ dimension = "mentoring", tier = "Strong" }"#
        ]
    );
    // "Senior Engineer" includes two levels that share its expectations.
    let senior2 =
        std::fs::read_to_string(out.join("content/levels/senior-engineer-ii.md")).unwrap();
    assert!(senior2
        .contains("[[level:senior-engineer-i#expectations-at-this-level|Senior Engineer I]]"));
    let body = senior2.split("+++").nth(2).unwrap();
    assert!(!body.contains("You lead loosely scoped work"), "{body}");

    run_in(&out, &["build"]).ok();
    let site = out.join("site");
    let matrix =
        scraper::Html::parse_document(&std::fs::read_to_string(site.join("matrix.html")).unwrap());
    assert_eq!(select(&matrix, ".tier-matrix li[id]").len(), 17);
    let heads: Vec<String> = select(&matrix, "#dim-shipping th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(heads, ["Novice", "Practised", "Strong", "Master"]);
    let rules: Vec<String> = select(&matrix, "tr[data-rule] th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        rules,
        [
            "Engineer I",
            "Engineer II",
            "Senior Engineer I",
            "Senior Engineer II",
            "Staff Engineer"
        ]
    );
    // A level page: its rule, what each clause asks, and the next level's
    // rule with what is new.
    let page = scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("levels/senior-engineer-i.html")).unwrap(),
    );
    let own: Vec<String> = select(&page, "#rule .clauses > li")
        .iter()
        .map(|li| text(li))
        .collect();
    assert!(own[0].starts_with("Strong in at least 1 of 3"), "{own:?}");
    assert!(own[1].starts_with("some Strong skills in all 3"), "{own:?}");
    let asks: Vec<String> = select(&page, "#rule .clauses > li:first-child details a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        asks,
        [
            "You plan a quarter of work for a team, risks included.",
            "You design systems that other teams build on.",
            "Your reviews catch problems before they reach users.",
            "You coach an engineer through their first project lead."
        ]
    );
    let next: Vec<(String, String)> = select(&page, ".next-level .changes > li")
        .iter()
        .map(|li| {
            (
                li.value().attr("class").unwrap_or("").to_string(),
                text_in(li, ".change"),
            )
        })
        .collect();
    assert_eq!(
        next,
        [
            ("change-new".into(), "new".into()),
            ("change-new".into(), "new".into())
        ],
        "Strong in 2 and Practised in all are both more than Senior I asks"
    );
    assert!(
        select(&page, ".radar-figure").is_empty(),
        "no cells, no radar"
    );
    assert!(select(&page, "#expectations").is_empty());
}

/// The text of the first element under `el` matching `css`.
fn text_in(el: &scraper::ElementRef, css: &str) -> String {
    let sel = scraper::Selector::parse(css).unwrap();
    text(&el.select(&sel).next().unwrap())
}

#[test]
fn real_etsy_ladder_imports_with_every_criterion_once() {
    let Some(corpora) = corpora() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let src = corpora.join("etsy-career-ladder");
    let r = import(&["etsy", src.to_str().unwrap(), "-o", "etsy"], tmp.path());
    r.ok();
    assert!(
        !r.stderr.contains("warning"),
        "every rule reads as clauses: {}",
        r.stderr
    );
    let out = tmp.path().join("etsy");
    let total = assert_etsy_faithful(
        &src,
        &out,
        &[
            "Beginner",
            "Intermediate",
            "Advanced",
            "Expert",
            "Leading Expert",
        ],
    );
    assert_eq!(total, 125);
    assert_eq!(
        etsy_source(&src.join("competencies.md")).len(),
        25,
        "5 competencies x 5 tiers"
    );
    let levels = names(&out.join("content/levels"));
    assert_eq!(levels.len(), 8, "{levels:?}");
    for l in &levels {
        let rule = level_rule(&out, l.trim_end_matches(".md"));
        let clauses = ["all", "any"]
            .iter()
            .filter_map(|k| rule.get(*k).and_then(|v| v.as_array()))
            .map(|v| v.len())
            .sum::<usize>();
        assert!(clauses >= 1, "{l}: {rule:?}");
    }
    let principal = level_rule(&out, "principal-engineer");
    assert!(principal["all"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c.get("dimension").and_then(|d| d.as_str()) == Some("leadership")));
    run_in(&out, &["check"]).ok();
    run_in(&out, &["build"]).ok();
    let matrix = std::fs::read_to_string(out.join("site/matrix.html")).unwrap();
    let doc = scraper::Html::parse_document(&matrix);
    assert_eq!(select(&doc, ".tier-matrix li[id]").len(), 125);
}

#[test]
fn malformed_etsy_sources_are_located_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixtures().join("etsy");
    let copy = |name: &str, file: &str, from: &str, to: &str| -> PathBuf {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        for f in ["index.md", "competencies.md"] {
            let mut s = std::fs::read_to_string(src.join(f)).unwrap();
            if f == file {
                assert!(s.contains(from), "{from}");
                s = s.replacen(from, to, 1);
            }
            std::fs::write(dir.join(f), s).unwrap();
        }
        dir
    };
    // A criterion outside any cell.
    let d = copy(
        "stray",
        "competencies.md",
        "<tbody>",
        "<tbody>\n<li>Loose criterion</li>",
    );
    import(&["etsy", d.to_str().unwrap(), "-o", "out"], tmp.path()).error_at(
        "stray/competencies.md:17:1",
        "a criterion outside any tier's cell",
    );
    // A table whose tiers differ from the first.
    let d = copy(
        "tiers",
        "competencies.md",
        "<th>Novice</th>\n        <th>Practised</th>\n        <th>Strong</th>\n        <th>Master</th>\n    </thead>\n    <tbody>\n        <tr>\n            <td valign=\"top\">\n                <ul>\n                    <li>You write",
        "<th>Novice</th>\n        <th>Skilled</th>\n        <th>Strong</th>\n        <th>Master</th>\n    </thead>\n    <tbody>\n        <tr>\n            <td valign=\"top\">\n                <ul>\n                    <li>You write",
    );
    import(&["etsy", d.to_str().unwrap(), "-o", "out"], tmp.path()).error_at(
        "tiers/competencies.md:51:9",
        "tier `Skilled` where the first table has `Practised`",
    );
    // A rule the importer cannot read keeps its words, with a warning.
    let d = copy(
        "rule",
        "index.md",
        "will generally be Strong in more than one competency.",
        "will generally be Strong in many competencies.",
    );
    let r = import(&["etsy", d.to_str().unwrap(), "-o", "out"], tmp.path());
    r.ok().warning_at(
        "rule/index.md:44:1",
        "cannot read the rule of `Senior Engineer II` as clauses",
    );
    let rule = level_rule(&tmp.path().join("out"), "senior-engineer-ii");
    assert!(rule.get("all").is_none() && rule.get("any").is_none());
    assert!(rule["text"]
        .as_str()
        .unwrap()
        .contains("Strong in many competencies"));
    // No competencies.md at all.
    let d = tmp.path().join("empty");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("index.md"), "# Ladder\n").unwrap();
    let r = import(&["etsy", d.to_str().unwrap(), "-o", "out2"], tmp.path());
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("competencies.md"), "{}", r.stderr);
}
