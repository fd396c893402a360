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

use super::yaml::{self, Doc, Node};
use super::{derived_id, read_source, Criterion, Dimension, Expectation, Ladder, Level, Track};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::slugify_id;
use crate::source::SourceFile;

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
struct Framework {
    name: String,
    levels: usize,
    topics: Vec<Topic>,
}

#[derive(Debug, Clone)]
struct Topic {
    dim: Dimension,
    /// Per level (index 0 is level 1): the statement (prose files) and criteria.
    levels: Vec<(String, Vec<Criterion>)>,
}

pub fn read(source: &Path) -> Result<(Vec<Ladder>, Diagnostics), Diagnostics> {
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
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let stem = rel.with_extension("");
        let name = slugify_id(&stem.to_string_lossy().replace(['/', '\\'], "-"));
        let src = match read_source(path, dir.parent().unwrap_or(Path::new(""))) {
            Ok(s) => s,
            Err(e) => {
                d.extend(e);
                continue;
            }
        };
        // Generic criteria keep a prefix of their own so the ids a framework
        // inherits never collide with its own.
        let prefix = if *path == generic_path { "generic" } else { "" };
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
        .map(|(_, _, fw)| fw.clone());
    let mut ladders = Vec::new();
    for (path, name, mut fw) in parsed {
        if let Some(g) = generic.as_ref().filter(|_| path != generic_path) {
            inherit(&mut fw, g, &path, &mut d);
        }
        ladders.push(ladder(fw, name, &path));
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

fn yaml_framework(
    doc: &Doc,
    f: &yaml::Fields,
    name: String,
    prefix: &str,
    taken: &mut HashSet<String>,
    d: &mut Diagnostics,
) -> Option<Framework> {
    let levels_node = f.require(doc, "levels").map_err(|e| d.push(e)).ok()?;
    let levels = match doc
        .string(levels_node, "`levels`")
        .map(|s| s.parse::<usize>())
    {
        Ok(Ok(n)) if (1..=50).contains(&n) => n,
        Ok(_) => {
            d.push(
                doc.error(
                    levels_node,
                    "`levels` should be the number of levels, from 1 to 50",
                )
                .hint("e.g. `levels: 6`"),
            );
            return None;
        }
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let topics_node = f.require(doc, "topics").map_err(|e| d.push(e)).ok()?;
    let mut topics: Vec<Topic> = Vec::new();
    for t in doc
        .seq(topics_node, "`topics`")
        .map_err(|e| d.push(e))
        .unwrap_or(&[])
    {
        let Some(tf) = doc.fields(t, "a topic", &["name", "title", "content"], d) else {
            continue;
        };
        let Some(raw) = tf
            .require(doc, "name")
            .and_then(|n| doc.string(n, "the topic's `name`"))
            .map_err(|e| d.push(e))
            .ok()
        else {
            continue;
        };
        let (head, description) = match raw.split_once(':') {
            Some((h, rest)) => (h.trim().to_string(), rest.trim().to_string()),
            None => (raw.trim().to_string(), String::new()),
        };
        let id = slugify_id(&head);
        if id.is_empty() {
            d.push(
                doc.error(
                    tf.get("name").unwrap_or(t),
                    "the topic's name has no letters or digits to make an id from",
                )
                .hint("name topics with words, e.g. `name: \"communication\"`"),
            );
            continue;
        }
        if topics.iter().any(|x| x.dim.id == id) {
            d.push(
                doc.error(
                    tf.get("name").unwrap_or(t),
                    format!("topic `{id}` appears twice"),
                )
                .hint("merge the two topics, or rename one"),
            );
            continue;
        }
        let title = match tf.get("title").map(|n| &n.value) {
            Some(yaml::Value::Str(s)) if !s.trim().is_empty() => s.trim().to_string(),
            _ => capitalize(&head),
        };
        let mut topic = Topic {
            dim: Dimension {
                id: id.clone(),
                name: title,
                description,
            },
            levels: vec![(String::new(), Vec::new()); levels],
        };
        let content = tf
            .get("content")
            .map(|n| {
                doc.seq(n, "`content`")
                    .map_err(|e| d.push(e))
                    .unwrap_or(&[])
            })
            .unwrap_or(&[]);
        for entry in content {
            let Some(ef) = doc.fields(
                entry,
                "a level's content",
                &["level", "criteria", "exampleCriteria"],
                d,
            ) else {
                continue;
            };
            let Some(level_node) = ef.require(doc, "level").map_err(|e| d.push(e)).ok() else {
                continue;
            };
            let n = match doc
                .string(level_node, "`level`")
                .map(|s| s.parse::<usize>())
            {
                Ok(Ok(n)) if (1..=levels).contains(&n) => n,
                Ok(_) => {
                    d.push(
                        doc.error(
                            level_node,
                            format!("level must be a number from 1 to {levels}"),
                        )
                        .hint(format!(
                            "the framework declares `levels: {levels}`; raise it or fix this level"
                        )),
                    );
                    continue;
                }
                Err(e) => {
                    d.push(e);
                    continue;
                }
            };
            let id_prefix = if prefix.is_empty() {
                format!("l{n}-{id}")
            } else {
                format!("{prefix}-l{n}-{id}")
            };
            let cell = &mut topic.levels[n - 1].1;
            if let Some(list) = ef.get("criteria") {
                for c in doc
                    .seq(list, "`criteria`")
                    .map_err(|e| d.push(e))
                    .unwrap_or(&[])
                {
                    if let Some(text) = criterion_text(doc, c, d) {
                        cell.push(Criterion {
                            id: derived_id(&id_prefix, &text, taken),
                            text,
                            examples: Vec::new(),
                        });
                    }
                }
            }
            if let Some(list) = ef.get("exampleCriteria") {
                for c in doc
                    .seq(list, "`exampleCriteria`")
                    .map_err(|e| d.push(e))
                    .unwrap_or(&[])
                {
                    let Some(cf) =
                        doc.fields(c, "an example criterion", &["criteria", "examples"], d)
                    else {
                        continue;
                    };
                    let Some(text) = cf
                        .require(doc, "criteria")
                        .map_err(|e| d.push(e))
                        .ok()
                        .and_then(|n| criterion_text(doc, n, d))
                    else {
                        continue;
                    };
                    let mut examples = Vec::new();
                    if let Some(ex) = cf.get("examples") {
                        for e in doc
                            .seq(ex, "`examples`")
                            .map_err(|e| d.push(e))
                            .unwrap_or(&[])
                        {
                            if let Some(s) = criterion_text(doc, e, d) {
                                examples.push(s);
                            }
                        }
                    }
                    cell.push(Criterion {
                        id: derived_id(&id_prefix, &text, taken),
                        text,
                        examples,
                    });
                }
            }
        }
        topics.push(topic);
    }
    if topics.is_empty() && !d.has_errors() {
        d.push(
            doc.error(topics_node, "the framework has no topics")
                .hint("list topics under `topics:`, each with a `name` and per-level `content`"),
        );
        return None;
    }
    Some(Framework {
        name,
        levels,
        topics,
    })
}

fn criterion_text(doc: &Doc, node: &Node, d: &mut Diagnostics) -> Option<String> {
    let s = doc
        .string(node, "a criterion")
        .map_err(|e| d.push(e))
        .ok()?;
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        d.push(
            doc.error(node, "empty criterion")
                .hint("write the criterion's text, or remove the item"),
        );
        return None;
    }
    Some(s)
}

/// Prose frameworks: `## Level N` sections, each with `### Topic` paragraphs.
fn prose_framework(
    src: &SourceFile,
    body_start: usize,
    name: String,
    d: &mut Diagnostics,
) -> Option<Framework> {
    let mut topics: Vec<Topic> = Vec::new();
    let mut level: Option<usize> = None;
    let mut topic: Option<usize> = None;
    let mut offset = body_start;
    let mut max_level = 0;
    for line in src
        .text
        .get(body_start..)
        .unwrap_or("")
        .split_inclusive('\n')
    {
        let here = offset;
        offset += line.len();
        let t = line.trim();
        if let Some(h) = t.strip_prefix("## ") {
            let n = h
                .trim()
                .strip_prefix("Level ")
                .and_then(|n| n.trim().parse::<usize>().ok());
            match n {
                Some(n) if n == max_level + 1 => {
                    level = Some(n);
                    max_level = n;
                    topic = None;
                }
                _ => {
                    d.push(
                        Diagnostic::error(format!("expected `## Level {}`", max_level + 1))
                            .at(src, here, t.len())
                            .hint("prose frameworks list their levels in order as `## Level 1`, `## Level 2`, ..."),
                    );
                    return None;
                }
            }
        } else if let Some(h) = t.strip_prefix("### ") {
            let Some(n) = level else {
                d.push(
                    Diagnostic::error("a topic before the first `## Level` heading")
                        .at(src, here, t.len())
                        .hint("start with `## Level 1`"),
                );
                return None;
            };
            let id = slugify_id(h);
            let i = match topics.iter().position(|x| x.dim.id == id) {
                Some(i) => i,
                None => {
                    topics.push(Topic {
                        dim: Dimension {
                            id,
                            name: h.trim().to_string(),
                            description: String::new(),
                        },
                        levels: Vec::new(),
                    });
                    topics.len() - 1
                }
            };
            let want = n.max(topics[i].levels.len());
            topics[i].levels.resize(want, (String::new(), Vec::new()));
            topic = Some(i);
        } else if t == "---" || t.is_empty() {
            if let (Some(i), Some(n)) = (topic, level) {
                let cell = &mut topics[i].levels[n - 1].0;
                if !cell.is_empty() && !cell.ends_with("\n\n") && t.is_empty() {
                    cell.push_str("\n\n");
                }
            }
        } else if let (Some(i), Some(n)) = (topic, level) {
            let cell = &mut topics[i].levels[n - 1].0;
            if !cell.is_empty() && !cell.ends_with("\n\n") {
                cell.push(' ');
            }
            cell.push_str(t);
        } else if !t.is_empty() {
            d.push(
                Diagnostic::warning("text outside a `### Topic` section is not imported")
                    .at(src, here, t.len())
                    .hint("put it under a topic heading"),
            );
        }
    }
    for t in &mut topics {
        for (statement, _) in &mut t.levels {
            *statement = statement.trim().to_string();
        }
    }
    Some(Framework {
        name,
        levels: max_level,
        topics,
    })
}

/// Adds generic.md's criteria to a framework: into the topic of the same id,
/// before the framework's own, or as a dimension of its own.
fn inherit(fw: &mut Framework, generic: &Framework, path: &Path, d: &mut Diagnostics) {
    for g in &generic.topics {
        let i = match fw.topics.iter().position(|t| t.dim.id == g.dim.id) {
            Some(i) => i,
            None => {
                fw.topics.push(Topic {
                    dim: g.dim.clone(),
                    levels: vec![(String::new(), Vec::new()); fw.levels],
                });
                fw.topics.len() - 1
            }
        };
        for (n, (_, criteria)) in g.levels.iter().enumerate() {
            if n >= fw.levels {
                if !criteria.is_empty() {
                    d.push(Diagnostic::warning(format!(
                        "generic.md's level {} criteria for `{}` are not inherited: `{}` has only {} levels",
                        n + 1,
                        g.dim.id,
                        path.display(),
                        fw.levels
                    )).in_file(&path.display().to_string()).hint("give the framework as many levels as generic.md to inherit them"));
                }
                continue;
            }
            let cell = &mut fw.topics[i].levels[n].1;
            let own = std::mem::take(cell);
            cell.extend(criteria.iter().cloned());
            cell.extend(own);
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
        summary: format!("The {} from Monzo's progression framework.", fw.name),
        source: format!(
            "the Monzo progression framework file `{}`",
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

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
