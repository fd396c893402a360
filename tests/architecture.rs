//! The code keeps the shape ARCHITECTURE.md draws: every top-level module
//! sits in a layer of its "Layers" table and uses only the layers below it
//! (and, where a row says so, the other modules of its row); no source file
//! grows past about 500 lines, and no function past about 100.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The most lines a source file and a function may have before the test
/// asks for them to be split (the aim is about 500 and 100).
const MAX_FILE: usize = 550;
const MAX_FN: usize = 110;

struct Layers {
    /// Module -> its row's number.
    of: BTreeMap<String, usize>,
    /// Rows whose modules may use each other.
    mutual: Vec<usize>,
}

fn layers() -> Layers {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md");
    let section = text
        .split("\n## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a `## Layers` section");
    let mut of = BTreeMap::new();
    let mut mutual = Vec::new();
    for line in section.lines().take_while(|l| !l.starts_with("## ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(n) = cells.get(1).and_then(|c| c.parse::<usize>().ok()) else {
            continue;
        };
        for module in cells[2].split('`').skip(1).step_by(2) {
            of.insert(module.to_string(), n);
        }
        if cells.get(3).is_some_and(|c| c.contains("each other")) {
            mutual.push(n);
        }
    }
    assert!(!of.is_empty(), "the Layers table lists no modules");
    Layers { of, mutual }
}

/// Every Rust source file under src/, with its text up to its test module.
fn sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let e = e.unwrap();
        let p = e.path();
        if p.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        out.push((p.strip_prefix(&src).unwrap().to_path_buf(), text));
    }
    out
}

/// The top-level module a file belongs to (`render` for src/render/x.rs).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.iter().next()?.to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    }
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let layers = layers();
    let mut problems = Vec::new();
    for (rel, text) in sources() {
        let Some(module) = module_of(&rel) else {
            continue;
        };
        if rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let Some(&mine) = layers.of.get(&module) else {
            problems.push(format!(
                "src/{} is in module `{module}`, which the Layers table does not list",
                rel.display()
            ));
            continue;
        };
        let code = without_tests(&text);
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let used: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if used.is_empty() || used == module {
                continue;
            }
            let Some(&theirs) = layers.of.get(&used) else {
                problems.push(format!(
                    "src/{} uses `{used}`, which the Layers table does not list",
                    rel.display()
                ));
                continue;
            };
            let ok = theirs < mine || (theirs == mine && layers.mutual.contains(&mine));
            if !ok {
                problems.push(format!(
                    "src/{} (`{module}`, layer {mine}) uses `{used}` (layer {theirs})",
                    rel.display()
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_module_of_the_crate_is_in_the_table() {
    let layers = layers();
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        let Some(name) = line
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub ")
            .strip_prefix("mod ")
        else {
            continue;
        };
        let name = name.trim_end_matches(';');
        assert!(
            layers.of.contains_key(name),
            "module `{name}` is not in ARCHITECTURE.md's Layers table"
        );
    }
}

#[test]
fn files_and_functions_stay_small() {
    let mut problems = Vec::new();
    for (rel, text) in sources() {
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() > MAX_FILE {
            problems.push(format!("src/{} has {} lines", rel.display(), lines.len()));
        }
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
            ]
            .iter()
            .any(|p| trimmed.starts_with(p));
            if !is_fn || trimmed.ends_with(';') {
                continue;
            }
            let close = format!("{indent}}}");
            if let Some(end) = lines[i + 1..].iter().position(|l| *l == close) {
                if end + 2 > MAX_FN {
                    let name: String = trimmed
                        .split("fn ")
                        .nth(1)
                        .unwrap_or("")
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    problems.push(format!(
                        "src/{}: fn {name} has {} lines",
                        rel.display(),
                        end + 2
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "split these:\n{}", problems.join("\n"));
}
