//! Spreadsheets in and out: `framework.csv` and the levels' tracking sheets
//! that every build publishes, `careerbook import csv`, and the round trip
//! (a ladder exported and imported again builds to the same site) on our
//! own sheets and on the real ladders of ../shared/corpora (skipped with a
//! message where that folder is absent).
//!
//! Sheets are read back with the csv crate, as any program would read
//! them, never by matching the text careerbook wrote.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use common::{run_in, select, text, tree, Book};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/csv")
}

use common::corpora;

/// A sheet's rows as column -> value, read as a spreadsheet program would:
/// the byte-order mark and CRLF are checked, then dropped.
fn sheet(path: &Path) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf"),
        "{}: UTF-8 byte-order mark",
        path.display()
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n"), "{}: CRLF rows", path.display());
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), header.len(), "every row has every column");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn criteria_rows(rows: &[BTreeMap<String, String>]) -> Vec<&BTreeMap<String, String>> {
    rows.iter().filter(|r| !r["criterion"].is_empty()).collect()
}

fn import(cwd: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["import", "csv"];
    all.extend_from_slice(args);
    run_in(cwd, &all)
}

#[track_caller]
fn assert_same_site(a: &Path, b: &Path) {
    let (fa, fb) = (tree(a), tree(b));
    let names_a: Vec<&String> = fa.keys().collect();
    let names_b: Vec<&String> = fb.keys().collect();
    assert_eq!(names_a, names_b, "the same files");
    let differ: Vec<&String> = fa.keys().filter(|k| fa[*k] != fb[*k]).collect();
    assert!(differ.is_empty(), "files differ: {differ:?}");
}

/// Imports `sheet` (named `name` in a folder of its own), builds it, and
/// returns the handbook and site folders.
fn import_and_build(tmp: &Path, sheet: &Path, tag: &str) -> (PathBuf, PathBuf) {
    let dir = tmp.join(tag);
    std::fs::create_dir_all(&dir).unwrap();
    let name = sheet.file_name().unwrap();
    std::fs::copy(sheet, dir.join(name)).unwrap();
    import(&dir, &[name.to_str().unwrap(), "-o", "handbook"]).ok();
    run_in(&dir, &["build", "handbook", "-o", "site"]).ok();
    (dir.join("handbook"), dir.join("site"))
}

/// The round trip: a sheet imported and built, its framework.csv imported
/// again under the same name and built, gives the same site, byte for byte
/// (framework.csv itself included).
fn round_trip(tmp: &Path, sheet: &Path) -> PathBuf {
    let (_, first) = import_and_build(tmp, sheet, "first");
    let exported = tmp.join("exported").join(sheet.file_name().unwrap());
    std::fs::create_dir_all(exported.parent().unwrap()).unwrap();
    std::fs::copy(first.join("framework.csv"), &exported).unwrap();
    let (_, second) = import_and_build(tmp, &exported, "second");
    assert_same_site(&first, &second);
    first
}

#[test]
fn the_default_handbook_publishes_its_framework_and_a_tracking_sheet_per_level() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tmp.path().join("site");
    run_in(root, &["build", "-o", site.to_str().unwrap()]).ok();
    let rows = sheet(&site.join("framework.csv"));
    let crit = criteria_rows(&rows);
    // Every criterion of the level pages is a row, once.
    let mut on_pages: Vec<String> = Vec::new();
    for e in std::fs::read_dir(site.join("levels")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "html") && !p.ends_with("index.html") {
            let html = scraper::Html::parse_document(&std::fs::read_to_string(&p).unwrap());
            on_pages.extend(
                select(&html, "li[data-cite][id]")
                    .iter()
                    .map(|li| li.value().attr("id").unwrap().to_string()),
            );
        }
    }
    on_pages.sort();
    let mut in_sheet: Vec<String> = crit.iter().map(|r| r["criterion"].clone()).collect();
    in_sheet.sort();
    assert!(in_sheet.len() > 100, "{} criteria", in_sheet.len());
    assert_eq!(
        in_sheet, on_pages,
        "the sheet's criteria are the level pages' criteria, once each"
    );
    let senior: Vec<_> = crit.iter().filter(|r| r["level"] == "senior").collect();
    assert!(senior
        .iter()
        .all(|r| r["level_title"] == "Senior Engineer" && !r["track"].is_empty()));
    assert!(
        senior.iter().any(|r| r["examples"].contains('\n')),
        "examples one per line"
    );
    let dims: Vec<_> = rows.iter().filter(|r| r["level"].is_empty()).collect();
    assert_eq!(dims.len(), 8, "one row per dimension");
    assert!(dims.iter().all(|r| !r["dimension_description"].is_empty()));

    // The tracking sheet has every criterion of the level, and empty
    // columns to fill in.
    let track = sheet(&site.join("levels/senior.csv"));
    assert_eq!(track.len(), senior.len());
    for (t, s) in track.iter().zip(&senior) {
        assert_eq!(t["criterion"], s["criterion"]);
        assert_eq!(t["text"], s["text"]);
        assert_eq!(t["stated_on"], "Senior Engineer");
        assert!(t["self"].is_empty() && t["manager"].is_empty() && t["notes"].is_empty());
    }
    // The level page and the matrix link the sheets.
    let page = scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("levels/senior.html")).unwrap(),
    );
    let links: Vec<String> = select(&page, "a[download]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["../levels/senior.csv"]);
    let matrix =
        scraper::Html::parse_document(&std::fs::read_to_string(site.join("matrix.html")).unwrap());
    assert_eq!(
        select(&matrix, "a[download]")[0].value().attr("href"),
        Some("framework.csv")
    );
    // Sheets are files, not pages: not in the sitemap, not counted.
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap_or_default();
    assert!(!sitemap.contains(".csv"));
}

#[test]
fn a_cell_a_spreadsheet_would_run_is_written_behind_an_apostrophe_and_comes_back() {
    let book = Book::new();
    book.edit(
        "content/levels/senior.md",
        "text = \"Owns",
        "text = \"=HYPERLINK(\\\"http://example.com\\\") Owns",
    );
    book.build().ok();
    let raw = book.read("site/framework.csv");
    assert!(raw.contains("\"'=HYPERLINK("), "guarded in the file");
    assert!(!raw.contains(",=HYPERLINK") && !raw.contains(",\"=HYPERLINK"));
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("ladder.csv");
    std::fs::copy(book.path("site/framework.csv"), &copy).unwrap();
    import(tmp.path(), &["ladder.csv", "-o", "back"]).ok();
    let level = std::fs::read_to_string(tmp.path().join("back/content/levels/senior.md")).unwrap();
    assert!(
        level.contains("text = \"=HYPERLINK(\\\"http://example.com\\\") Owns"),
        "{level}"
    );
}

#[test]
fn a_sheet_of_families_imports_as_one_handbook_and_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let site = round_trip(tmp.path(), &fixtures().join("families.csv"));
    let hb = tmp.path().join("first/handbook");
    // Families, with the library's criteria inherited, not copied.
    let fams: Vec<String> = std::fs::read_dir(hb.join("content/families"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(fams.len(), 3, "{fams:?}");
    let p2 = std::fs::read_to_string(hb.join("content/levels/platform/platform-2.md")).unwrap();
    assert!(p2.contains("inherits = \"s2\""), "{p2}");
    assert!(
        p2.contains("examples = [\"=Replaced \\\"restart it\\\""),
        "{p2}"
    );
    let rows = sheet(&site.join("framework.csv"));
    let crit = criteria_rows(&rows);
    assert_eq!(crit.len(), 11, "every criterion of the sheet, once");
    let by_id: HashMap<&str, _> = crit.iter().map(|r| (r["criterion"].as_str(), *r)).collect();
    // An id the sheet left empty is made from the text.
    assert!(
        by_id
            .keys()
            .any(|k| k.starts_with("data-2-modelling-designs-a-model")),
        "{:?}",
        by_id.keys()
    );
    assert_eq!(by_id["platform-2-ops-capacity"]["track"], "ic; lead");
    assert_eq!(
        by_id["platform-2-ops-capacity"]["track_name"],
        "Individual contributor; Technical lead"
    );
    // The inheriting level's tracking sheet holds what it inherits.
    let p2_sheet = sheet(&site.join("levels/platform-2.csv"));
    let stated: Vec<(&str, &str)> = p2_sheet
        .iter()
        .map(|r| (r["criterion"].as_str(), r["stated_on"].as_str()))
        .collect();
    assert!(stated.contains(&("platform-2-ops-runbooks", "Platform engineer II")));
    assert!(
        stated.contains(&("s2-collab-reviews", "Shared: second rung")),
        "{stated:?}"
    );
    // Families appear on the site.
    let home =
        scraper::Html::parse_document(&std::fs::read_to_string(site.join("index.html")).unwrap());
    assert!(text(&select(&home, "main")[0]).contains("Platform engineering"));
}

#[test]
fn a_tier_sheet_imports_rules_and_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let site = round_trip(tmp.path(), &fixtures().join("tiers.csv"));
    let hb = tmp.path().join("first/handbook");
    let fw: toml::Table =
        toml::from_str(&std::fs::read_to_string(hb.join("content/framework.toml")).unwrap())
            .unwrap();
    let scale: Vec<&str> = fw["framework"]["proficiency"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(scale, ["Novice", "Capable", "Leading"]);
    let third = std::fs::read_to_string(hb.join("content/levels/third.md")).unwrap();
    let front: toml::Table = toml::from_str(third.split("+++").nth(1).unwrap()).unwrap();
    let any = front["requires"]["any"].as_array().unwrap();
    assert_eq!(any.len(), 2);
    assert_eq!(any[0]["dimension"].as_str(), Some("people"));
    assert_eq!(any[1]["partly"].as_bool(), Some(true));
    let rows = sheet(&site.join("framework.csv"));
    assert_eq!(criteria_rows(&rows).len(), 6, "each tier criterion once");
    let third_rows: Vec<_> = rows.iter().filter(|r| r["level"] == "third").collect();
    assert_eq!(third_rows.len(), 1);
    assert_eq!(
        third_rows[0]["requires_clauses"],
        "any(Leading, in people); any(Capable, all, partly)"
    );
    // The tracking sheet of a rule-defined level lists the criteria of the
    // tiers its rule names.
    let t = sheet(&site.join("levels/third.csv"));
    let got: Vec<(&str, &str)> = t
        .iter()
        .map(|r| (r["criterion"].as_str(), r["proficiency"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("craft-capable-design", "Capable"),
            ("people-capable-mentor", "Capable"),
            ("people-leading-growth", "Leading"),
        ]
    );
}

#[test]
fn a_plain_spreadsheet_with_names_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let (hb, site) = import_and_build(tmp.path(), &fixtures().join("names.csv"), "plain");
    let fw = std::fs::read_to_string(hb.join("content/framework.toml")).unwrap();
    assert!(fw.contains("name = \"Names\""), "{fw}");
    assert!(
        fw.contains("id = \"code-quality\"\nname = \"Code quality\""),
        "{fw}"
    );
    assert!(
        fw.contains("levels = [\"junior-engineer\", \"senior-engineer\"]"),
        "{fw}"
    );
    let senior = std::fs::read_to_string(hb.join("content/levels/senior-engineer.md")).unwrap();
    assert!(senior.contains("title = \"Senior engineer\""));
    assert!(senior.contains("text = \"@mentions the owners"), "{senior}");
    let rows = sheet(&site.join("framework.csv"));
    assert_eq!(criteria_rows(&rows).len(), 4);
    assert!(rows
        .iter()
        .any(|r| r["examples"] == "Fixed a flaky test, then wrote up why it flaked"));
}

/// Writes `body` as `ladder.csv`, imports it, and asserts the error and
/// that nothing was written.
#[track_caller]
fn refused(body: &str, position: &str, message: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("ladder.csv"), body).unwrap();
    let r = import(tmp.path(), &["ladder.csv", "-o", "out"]);
    r.error_at(position, message);
    assert!(!tmp.path().join("out").exists(), "nothing written");
    r.stderr.clone()
}

const HEAD: &str = "level,dimension,criterion,text\n";

#[test]
fn malformed_sheets_are_located_errors() {
    refused(
        &format!("{HEAD}one,craft,c1,\"Writes tests\nand more\none,craft,c2,x\n"),
        "ladder.csv:2:14",
        "never closes",
    );
    refused(
        &format!("{HEAD}one,craft,c1,Writes tests, and docs\n"),
        "ladder.csv:2:27",
        "row 2 has 5 cells; the header names 4 columns",
    );
    refused(
        "level,dimension,criterion\none,craft,c1\n",
        "ladder.csv:1:1",
        "no `text` column",
    );
    refused(
        "level,dimension,text,Dimension\n",
        "ladder.csv:1:22",
        "appears twice",
    );
    refused(
        &format!("{HEAD}one,craft,c1,x\ntwo,craft,c1,y\n"),
        "ladder.csv:3:11",
        "criterion id `c1` is also on row 2",
    );
    refused(
        "level,dimension,proficiency,proficiency_rank,text\none,craft,High,first,x\n",
        "ladder.csv:2:16",
        "not a whole number",
    );
    refused(
        "level,requires,requires_clauses,dimension,text\none,Rule,\"all(High, 1); most(High, 2)\",craft,\n",
        "ladder.csv:2:25",
        "`most` is neither `all` nor `any`",
    );
    refused(
        "family,level,dimension,text\nweb,one,craft,x\n,two,craft,y\n",
        "ladder.csv:3:1",
        "row 3 names no family, while row 2 does",
    );
    refused(
        "level,inherits,dimension,text\none,zero,craft,x\n",
        "ladder.csv:2:5",
        "inherits `zero`, which no row defines",
    );
    refused(
        ",,craft,Stray criterion\n",
        "ladder.csv:1:1",
        "no `text` column",
    );
    refused(
        &format!("{HEAD},craft,c1,A criterion of no level\n"),
        "ladder.csv:2:11",
        "no level, and no proficiency tier either",
    );
    refused("", "ladder.csv:1:1", "empty");
}

#[test]
fn what_a_sheet_says_twice_differently_or_in_unknown_columns_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("ladder.csv"),
        "level,level_title,dimension,text,Owner\none,First,craft,Writes tests,Ana\none,Primero,craft,Reviews code,Ana\n",
    )
    .unwrap();
    let r = import(tmp.path(), &["ladder.csv", "-o", "out"]);
    r.ok();
    r.warning_at("ladder.csv:1:34", "does not know the column `Owner`");
    r.warning_at("ladder.csv:3:5", "the level's title differs from row 2");
    let level = std::fs::read_to_string(tmp.path().join("out/content/levels/one.md")).unwrap();
    assert!(level.contains("title = \"First\""));
}

/// A real ladder: imported from its source, built; its framework.csv
/// imported and built; that site's framework.csv is the first one, byte for
/// byte, and importing it once more gives the same site.
fn real_round_trip(format: &str, sources: &[PathBuf]) -> Vec<BTreeMap<String, String>> {
    let tmp = tempfile::tempdir().unwrap();
    let mut args: Vec<&str> = vec!["import", format];
    args.extend(sources.iter().map(|s| s.to_str().unwrap()));
    args.extend(["-o", "source"]);
    run_in(tmp.path(), &args).ok();
    run_in(tmp.path(), &["build", "source", "-o", "source-site"]).ok();
    let exported = tmp.path().join("ladder.csv");
    std::fs::copy(tmp.path().join("source-site/framework.csv"), &exported).unwrap();
    let first = round_trip(tmp.path(), &exported);
    assert_eq!(
        std::fs::read(first.join("framework.csv")).unwrap(),
        std::fs::read(&exported).unwrap(),
        "the ladder survives the spreadsheet"
    );
    sheet(&exported)
}

#[test]
fn real_ladders_round_trip_through_a_spreadsheet() {
    let Some(c) = corpora() else { return };
    let ft = c.join("ft-engineering-progression");
    let rows = real_round_trip(
        "ft",
        &[ft.join("engineering.yml"), ft.join("operations.yml")],
    );
    let families: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["family"].as_str()).collect();
    assert_eq!(families.len(), 2);
    let rows = real_round_trip("monzo", &[c.join("monzo-progression-framework")]);
    assert_eq!(
        criteria_rows(&rows).len(),
        786,
        "Monzo's criteria, each once"
    );
    let rows = real_round_trip("etsy", &[c.join("etsy-career-ladder")]);
    assert_eq!(
        criteria_rows(&rows).len(),
        125,
        "Etsy's criteria, each once"
    );
    assert_eq!(
        rows.iter()
            .filter(|r| !r["requires_clauses"].is_empty())
            .map(|r| &r["level"])
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        8,
        "every rule with its clauses"
    );
}
