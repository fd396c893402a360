//! Monzo's progression-framework format: Markdown files whose YAML front
//! matter holds `topics`, each with per-level `criteria` and
//! `exampleCriteria` (a criterion with examples). Files with `yaml: false`
//! are prose instead: `## Level N` sections with a `### Topic` paragraph each.
//!
//! Levels 1..N map to levels, topics to dimensions (the id is the part of the
//! topic name before any `:`, the rest its description), criteria to
//! criteria. Monzo has no criterion ids, so ids derive from level, topic and
//! the first words of the text. Importing a folder makes one handbook per
//! framework, and every framework inherits `generic.md`'s criteria: merged
//! into the topic of the same id, or added as a dimension of its own.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::yaml;
use super::{read_source, Criterion, Dimension, Expectation, Ladder, Level, Track};
use crate::diagnostics::{Diagnostic, Diagnostics};

mod prose;
mod topics;
use crate::markdown::slugify_id;
use crate::source::SourceFile;
use prose::prose_framework;
use topics::yaml_framework;

const FIELDS: [&str; 8] = [
    "path",
    "title",
    "sidebarTitle",
    "sidebarGroup",
    "yaml",
    "levels",
    "homepage",
    "topics",
];

/// A framework as the file states it, before inheritance.
#[derive(Debug, Clone)]
pub(super) struct Framework {
    name: String,
    levels: usize,
    topics: Vec<Topic>,
}

#[derive(Debug, Clone)]
pub(super) struct Topic {
    dim: Dimension,
    /// Per level (index 0 is level 1): the statement (prose files) and criteria.
    levels: Vec<(String, Vec<Criterion>)>,
}

pub(crate) fn read(source: &Path) -> Result<(Vec<Ladder>, Diagnostics), Diagnostics> {
    let mut d = Diagnostics::new();
    if source.is_dir() {
        return read_folder(source, d);
    }
    let src = read_source(source, source.parent().unwrap_or(Path::new("")))?;
    let mut taken = HashSet::new();
    let fw = framework(&src, "", &mut taken, &mut d).ok_or_else(|| d.clone())?;
    if d.has_errors() {
        return Err(d);
    }
    let ladder = ladder(fw, String::new(), source);
    Ok((vec![ladder], d))
}

fn read_folder(dir: &Path, mut d: Diagnostics) -> Result<(Vec<Ladder>, Diagnostics), Diagnostics> {
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !crate::source::is_ignored(&n.to_string_lossy()))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::error(format!("`{}` holds no framework files (*.md)", dir.display()))
            .hint("point at a Monzo framework file, or at the folder holding generic.md and the frameworks")
            .into());
    }
    let generic_path = dir.join("generic.md");
    let mut parsed = Vec::new();
    for path in &files {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let name = slugify_id(&stem.unwrap_or_default());
        let src = match read_source(path, dir.parent().unwrap_or(Path::new(""))) {
            Ok(s) => s,
            Err(e) => {
                d.extend(e);
                continue;
            }
        };
        // Each framework's criteria keep a prefix of their own, so ids never
        // collide across the families of the handbook.
        let prefix = if *path == generic_path {
            "generic"
        } else {
            name.as_str()
        };
        let mut taken = HashSet::new();
        if let Some(fw) = framework(&src, prefix, &mut taken, &mut d) {
            parsed.push((path.clone(), name, fw));
        }
    }
    if d.has_errors() {
        return Err(d);
    }
    let generic = parsed
        .iter()
        .find(|(p, _, _)| *p == generic_path)
        .map(|(_, _, fw)| fw.levels);
    let mut ladders = Vec::new();
    for (path, name, fw) in parsed {
        let is_generic = path == generic_path;
        let mut l = ladder(fw, name, &path);
        l.library = is_generic;
        if let (Some(g), false) = (generic, is_generic) {
            inherit(&mut l, g, &path, &mut d);
        }
        ladders.push(l);
    }
    // The library first: the others build on it.
    ladders.sort_by_key(|l| !l.library);
    if let Some(lib) = ladders.iter().find(|l| l.library).cloned() {
        for l in ladders.iter_mut().filter(|l| !l.library) {
            for dim in &lib.dimensions {
                if !l.dimensions.iter().any(|x| x.id == dim.id) {
                    l.dimensions.push(dim.clone());
                }
                // A level that inherits nothing still says, on each shared
                // dimension, that the source is silent.
                for level in l.levels.iter_mut().filter(|x| x.inherits.is_none()) {
                    if !level.expectations.iter().any(|e| e.dimension == dim.id) {
                        level.expectations.push(Expectation {
                            dimension: dim.id.clone(),
                            ..Expectation::default()
                        });
                    }
                }
            }
        }
    }
    Ok((ladders, d))
}

/// The front matter's byte range: between the first two `---` lines.
fn front_matter(src: &SourceFile) -> Result<(usize, usize), Diagnostic> {
    let text = &src.text;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = text.get(bom..).and_then(|t| t.lines().next()).unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error("a Monzo framework file starts with YAML front matter")
            .at(src, bom, first.len().max(1))
            .hint("the first line is `---`, then the framework's YAML (title, levels, topics), then `---`"));
    }
    let start = bom + first.len() + 1;
    let mut pos = start;
    for line in text.get(start..).unwrap_or("").split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok((start, pos));
        }
        pos += line.len();
    }
    Err(Diagnostic::error("the front matter is never closed")
        .at(src, bom, 3)
        .hint("end the YAML with a line holding only `---`"))
}

fn framework(
    src: &Arc<SourceFile>,
    prefix: &str,
    taken: &mut HashSet<String>,
    d: &mut Diagnostics,
) -> Option<Framework> {
    let (start, end) = match front_matter(src) {
        Ok(r) => r,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    d.extend(yaml::tab_warnings(src, start, end));
    let doc = match yaml::parse(src.clone(), start, end) {
        Ok(doc) => doc,
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let f = doc.fields(&doc.root, "a framework's front matter", &FIELDS, d)?;
    let name = match f.get("title").map(|n| doc.string(n, "`title`")) {
        Some(Ok(t)) => t.trim().to_string(),
        Some(Err(e)) => {
            d.push(e);
            return None;
        }
        None => {
            d.push(
                doc.error(&doc.root, "the framework has no `title`")
                    .hint("add `title: \"Backend Engineering\"`"),
            );
            return None;
        }
    };
    let is_yaml = match f.get("yaml").map(|n| &n.value) {
        Some(yaml::Value::Str(s)) => s == "true",
        _ => f.get("topics").is_some(),
    };
    let body = src.text.get(end..).unwrap_or("");
    let body_start = end + body.find('\n').map_or(body.len(), |i| i + 1);
    let mut fw = if is_yaml {
        yaml_framework(&doc, &f, name, prefix, taken, d)?
    } else {
        prose_framework(src, body_start, name, d)?
    };
    if fw.levels == 0 {
        d.push(
            doc.error(
                f.get("levels").unwrap_or(&doc.root),
                "the framework has no levels",
            )
            .hint("set `levels:` to the number of levels, e.g. `levels: 6`"),
        );
        return None;
    }
    for t in &mut fw.topics {
        t.levels.resize(fw.levels, (String::new(), Vec::new()));
    }
    Some(fw)
}

/// Adds generic.md's criteria to a framework: into the topic of the same id,
/// before the framework's own, or as a dimension of its own.
/// Each level of a framework inherits generic.md's level of the same
/// number; a framework with more levels than generic.md has some that
/// inherit nothing, which is said.
fn inherit(l: &mut Ladder, generic_levels: usize, path: &Path, d: &mut Diagnostics) {
    for (n, level) in l.levels.iter_mut().enumerate() {
        if n < generic_levels {
            level.inherits = Some(format!("level-{}", n + 1));
        } else {
            d.push(
                Diagnostic::warning(format!(
                    "level {} of `{}` inherits nothing: generic.md has {generic_levels} levels",
                    n + 1,
                    path.display()
                ))
                .in_file(&path.display().to_string())
                .hint("give generic.md as many levels, or state this level's shared criteria in the framework itself"),
            );
        }
    }
}

fn ladder(fw: Framework, slug_name: String, path: &Path) -> Ladder {
    let levels: Vec<Level> = (1..=fw.levels)
        .map(|n| Level {
            id: format!("level-{n}"),
            title: format!("Level {n}"),
            summary: format!("Level {n} of {}.", fw.name),
            body: String::new(),
            inherits: None,
            requires: None,
            role: false,
            expectations: fw
                .topics
                .iter()
                .map(|t| {
                    let (statement, criteria) = t.levels.get(n - 1).cloned().unwrap_or_default();
                    Expectation {
                        dimension: t.dim.id.clone(),
                        statement,
                        proficiency: None,
                        criteria,
                    }
                })
                .collect(),
        })
        .collect();
    Ladder {
        slug: slug_name,
        library: false,
        keep_ids: false,
        markdown: false,
        summary: format!("The {} from Monzo's progression framework.", fw.name),
        source: format!(
            "the Monzo progression framework file {}",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ),
        proficiency: Vec::new(),
        dimensions: fw.topics.iter().map(|t| t.dim.clone()).collect(),
        tracks: vec![Track {
            id: "ladder".into(),
            name: fw.name.clone(),
            levels: levels.iter().map(|l| l.id.clone()).collect(),
        }],
        levels,
        name: fw.name,
    }
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
