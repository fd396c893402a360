//! The default handbook's content: written in its own words (no run of
//! twelve words shared with the seed material it was drafted from), and a
//! proficiency scale whose key cells say what the level pages say.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How many consecutive words make a copied run.
const RUN: usize = 12;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Lower-case words made of letters and digits only; everything else splits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    out.sort();
    out
}

fn read_lossy(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

#[test]
fn no_run_of_twelve_words_is_copied_from_a_seed() {
    let seeds = repo().join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!(
            "skipping the seed-copy check: {} is absent",
            seeds.display()
        );
        return;
    }
    // Every run of RUN words in any seed, with the seed it came from.
    let mut runs: HashMap<String, String> = HashMap::new();
    for seed in files_under(&seeds) {
        let w = words(&read_lossy(&seed));
        let name = seed.file_name().unwrap().to_string_lossy().into_owned();
        for window in w.windows(RUN) {
            runs.entry(window.join(" ")).or_insert_with(|| name.clone());
        }
    }
    assert!(
        !runs.is_empty(),
        "the seeds in {} hold no text",
        seeds.display()
    );

    let mut copied = Vec::new();
    let mut checked = 0;
    for dir in ["content", "examples/overlay"] {
        for file in files_under(&repo().join(dir)) {
            checked += 1;
            let w = words(&read_lossy(&file));
            let mut seen = HashSet::new();
            for window in w.windows(RUN) {
                let run = window.join(" ");
                if let Some(seed) = runs.get(&run) {
                    if seen.insert(run.clone()) {
                        let rel = file.strip_prefix(repo()).unwrap_or(&file);
                        copied.push(format!("{}: \"{run}\" (from {seed})", rel.display()));
                    }
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} files checked");
    assert!(
        copied.is_empty(),
        "{} runs of {RUN} words copied from the seeds:\n{}",
        copied.len(),
        copied.join("\n")
    );
}

/// The framework's proficiency scale, lowest first.
fn scale() -> Vec<String> {
    let fw: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join("content/framework.toml")).unwrap())
            .unwrap();
    fw["framework"]["proficiency"]
        .as_array()
        .expect("the default framework declares a proficiency scale")
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn dimensions() -> Vec<String> {
    let fw: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join("content/framework.toml")).unwrap())
            .unwrap();
    fw["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

/// A level's front matter: the TOML between the first two `+++` lines.
fn level(id: &str) -> toml::Table {
    let text = std::fs::read_to_string(repo().join(format!("content/levels/{id}.md"))).unwrap();
    let rest = text
        .strip_prefix("+++\n")
        .expect("front matter opens the file");
    let end = rest.find("\n+++").expect("front matter closes");
    toml::from_str(&rest[..end]).unwrap()
}

/// The 1-based step a level names on a dimension.
fn step(level_id: &str, dim: &str) -> usize {
    let scale = scale();
    let lv = level(level_id);
    let name = lv["expectations"][dim]["proficiency"]
        .as_str()
        .unwrap_or_else(|| panic!("{level_id} names no proficiency step on {dim}"));
    scale
        .iter()
        .position(|s| s == name)
        .unwrap_or_else(|| panic!("{level_id}/{dim}: `{name}` is not on the scale"))
        + 1
}

#[test]
fn every_level_names_a_step_on_every_dimension() {
    let scale = scale();
    assert_eq!(
        scale,
        ["Learning", "Working", "Practitioner", "Advanced", "Expert"]
    );
    let dims = dimensions();
    let mut levels = 0;
    for file in files_under(&repo().join("content/levels")) {
        let id = file.file_stem().unwrap().to_string_lossy().into_owned();
        for dim in &dims {
            step(&id, dim);
        }
        levels += 1;
    }
    assert!(levels >= 9, "{levels} level files");
}

#[test]
fn the_proficiency_steps_say_what_the_level_pages_say() {
    let s = step;
    // The IC ladder climbs one step per rung on scope and technical depth.
    for dim in ["scope", "technical-depth", "influence"] {
        let ladder: Vec<usize> = ["junior", "mid", "senior", "staff", "principal"]
            .iter()
            .map(|l| s(l, dim))
            .collect();
        assert_eq!(ladder, [1, 2, 3, 4, 5], "{dim}");
    }
    assert!(s("staff", "scope") > s("senior", "scope"));
    assert!(s("principal", "altitude") > s("staff", "altitude"));

    // An engineering manager sits beside senior: never above it on technical
    // depth, above it on the people dimensions.
    assert!(s("engineering-manager", "technical-depth") < s("senior", "technical-depth"));
    assert!(s("engineering-manager", "influence") > s("senior", "influence"));
    assert!(s("engineering-manager", "authority") > s("senior", "authority"));
    assert_eq!(s("engineering-manager", "scope"), s("senior", "scope"));

    // The rest of the management track stays modest on technical depth and
    // high on influence.
    for rung in ["senior-engineering-manager", "director"] {
        assert_eq!(
            s(rung, "technical-depth"),
            s("engineering-manager", "technical-depth"),
            "{rung}"
        );
    }
    assert!(s("senior-engineering-manager", "technical-depth") < s("staff", "technical-depth"));
    assert!(s("director", "technical-depth") < s("principal", "technical-depth"));
    assert!(s("senior-engineering-manager", "influence") > s("staff", "influence"));
    assert_eq!(s("director", "influence"), 5);
    assert!(s("senior-engineering-manager", "scope") > s("engineering-manager", "scope"));
    assert!(s("director", "scope") > s("senior-engineering-manager", "scope"));

    // The tech lead role adds influence over a senior engineer, not depth.
    assert_eq!(
        s("tech-lead", "technical-depth"),
        s("senior", "technical-depth")
    );
    assert!(s("tech-lead", "influence") > s("senior", "influence"));
}

#[test]
fn the_management_track_has_three_rungs_beside_the_ic_ones() {
    let fw: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join("content/framework.toml")).unwrap())
            .unwrap();
    let track = |id: &str| -> Vec<String> {
        fw["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"].as_str() == Some(id))
            .unwrap()["levels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect()
    };
    let ic = track("ic");
    let mgmt = track("management");
    assert_eq!(
        mgmt,
        [
            "junior",
            "mid",
            "engineering-manager",
            "senior-engineering-manager",
            "director"
        ]
    );
    // Same rank as the IC rung each one sits beside.
    for (m, i) in [
        ("engineering-manager", "senior"),
        ("senior-engineering-manager", "staff"),
        ("director", "principal"),
    ] {
        let pm = mgmt.iter().position(|l| l == m).unwrap();
        let pi = ic.iter().position(|l| l == i).unwrap();
        assert_eq!(pm, pi, "{m} beside {i}");
    }
}

#[test]
fn the_default_handbook_checks_without_a_single_warning() {
    // Every link reads well, every document is linked from somewhere, no
    // two documents of a kind share a title, and the framework lint is clean.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_careerbook"))
        .args(["check", "--deny-warnings"])
        .arg(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("run careerbook");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
