//! The load stage: finds a handbook's files, reads them in parallel, splits
//! front matter from Markdown and deserializes it into the model, turning
//! every problem into a located diagnostic. It does not check how items
//! relate to each other; `validate` does.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::diagnostics::{did_you_mean, display_path, Diagnostic, Diagnostics};
use crate::model::*;
use crate::parse;
use crate::source::SourceFile;

pub const CONFIG_FILE: &str = "book.toml";
pub const CONTENT_DIR: &str = "content";
pub const FRAMEWORK_FILE: &str = "framework.toml";

/// Reads and parses `book.toml` of the handbook at `root`.
pub fn load_config(root: &Path) -> Result<(Config, Arc<SourceFile>), Diagnostic> {
    let path = root.join(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Diagnostic::error(format!("no {CONFIG_FILE} in {}", shown_dir(root)))
                .hint("run `careerbook init` to start a handbook here, or pass the handbook folder: `careerbook build path/to/handbook`")
        } else {
            Diagnostic::error(format!("cannot read {CONFIG_FILE}: {e}"))
                .in_file(CONFIG_FILE)
                .hint("check the file's permissions")
        }
    })?;
    let src = SourceFile::from_bytes(path, CONFIG_FILE.into(), bytes)?;
    let len = src.text.len();
    let config: Config = parse_toml(&src, 0..len)?;
    Ok((config, Arc::new(src)))
}

fn shown_dir(root: &Path) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        "the current folder".into()
    } else {
        format!("`{}`", root.display())
    }
}

/// Deserializes TOML from `range` of `src`, turning serde's first error into a
/// located diagnostic with a hint.
pub fn parse_toml<T: DeserializeOwned>(
    src: &SourceFile,
    range: Range<usize>,
) -> Result<T, Diagnostic> {
    let text = src.text.get(range.clone()).unwrap_or("");
    toml::from_str::<T>(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        let (offset, len) = if span.start == 0 && span.end == 0 {
            // Whole-document problems (a missing top-level field) point at the
            // opening `+++` line when there is one.
            (range.start.saturating_sub(4), 3)
        } else {
            (
                range.start + span.start,
                span.end.saturating_sub(span.start).max(1),
            )
        };
        let d = Diagnostic::error(message.clone()).at(src, offset, len);
        d.hint(toml_hint(&message))
    })
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

fn toml_hint(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let words = backticked(rest);
        if let Some((field, expected)) = words.split_first() {
            if let Some(best) = did_you_mean(field, expected.iter().copied()) {
                return format!("did you mean `{best}`?");
            }
            return format!("known fields here: {}", expected.join(", "));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        if let Some(field) = backticked(rest).first() {
            return format!(
                "add `{field} = ...` here; see docs/content-format.md for what it holds"
            );
        }
    }
    if message.contains("duplicate key") {
        return "each key may appear once in a table; remove or rename one of them".into();
    }
    if message.contains("invalid type") {
        return "check the value's type: text needs quotes, lists need [ ], tables need [name] headers".into();
    }
    "check the TOML syntax at this position: strings need quotes, one `key = value` per line, tables as [name]".into()
}

/// What a file under `content/` is, by where it sits.
enum Slot {
    Framework,
    Home,
    Item(Kind, Option<String>),
}

/// Loads the whole handbook. On failure returns every diagnostic found.
pub fn load(root: &Path) -> Result<Handbook, Diagnostics> {
    let mut diags = Diagnostics::new();
    let (config, _config_src) = load_config(root).map_err(Diagnostics::from)?;
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Diagnostic::error(format!("no {CONTENT_DIR}/ folder in {}", shown_dir(root)))
            .in_file(CONFIG_FILE)
            .hint("put the handbook's Markdown in content/ next to book.toml; `careerbook init` creates a starter one")
            .into());
    }

    let mut files: Vec<(PathBuf, Slot)> = Vec::new();
    for path in walk_files(root, &content, &mut diags) {
        match classify(&content, &path) {
            Ok(slot) => files.push((path, slot)),
            Err(d) => diags.push(d.in_file(&display_path(&path, root))),
        }
    }

    let loaded: Vec<Result<Loaded, Diagnostic>> = files
        .into_par_iter()
        .map(|(path, slot)| load_file(root, path, slot, config.markdown.smart_punctuation))
        .collect();

    let mut framework: Option<(Framework, Arc<SourceFile>)> = None;
    let mut hb_home = None;
    let (mut levels, mut questions, mut anti, mut exercises, mut checklists, mut guides) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for r in loaded {
        match r {
            Err(d) => diags.push(d),
            Ok(Loaded::Framework(f, s)) => framework = Some((f, s)),
            Ok(Loaded::Home(d)) => hb_home = Some(d),
            Ok(Loaded::Level(d)) => levels.push(d),
            Ok(Loaded::Question(d)) => questions.push(d),
            Ok(Loaded::AntiPattern(d)) => anti.push(d),
            Ok(Loaded::Exercise(d)) => exercises.push(d),
            Ok(Loaded::Checklist(d)) => checklists.push(d),
            Ok(Loaded::Guide(d)) => guides.push(d),
        }
    }

    let Some((framework, framework_src)) = framework else {
        diags.push(
            Diagnostic::error(format!("no {CONTENT_DIR}/{FRAMEWORK_FILE}"))
                .in_file(&format!("{CONTENT_DIR}/{FRAMEWORK_FILE}"))
                .hint("the framework file declares the dimensions, tracks and levels; `careerbook init` writes an example"),
        );
        return Err(diags);
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let statics = load_statics(root).map_err(|mut d| {
        d.extend(diags);
        d
    })?;
    Ok(Handbook {
        updated: crate::history::last_updated(root),
        root: root.to_path_buf(),
        statics,
        config,
        framework,
        framework_src,
        home: hb_home,
        levels,
        questions,
        anti_patterns: anti,
        exercises,
        checklists,
        guides,
    })
}

/// Re-reads one document of a loaded handbook (the dev server's
/// incremental path) and puts it in place of the old one. On error the old
/// document stays.
pub fn reload_doc(hb: &mut Handbook, kind: Kind, idx: usize) -> Result<(), Diagnostic> {
    let root = hb.root.clone();
    let smart = hb.config.markdown.smart_punctuation;
    let path = match kind {
        Kind::Level => hb.levels.get(idx).map(|d| d.src.path.clone()),
        Kind::Question => hb.questions.get(idx).map(|d| d.src.path.clone()),
        Kind::AntiPattern => hb.anti_patterns.get(idx).map(|d| d.src.path.clone()),
        Kind::Exercise => hb.exercises.get(idx).map(|d| d.src.path.clone()),
        Kind::Checklist => hb.checklists.get(idx).map(|d| d.src.path.clone()),
        Kind::Guide => hb.guides.get(idx).map(|d| d.src.path.clone()),
    }
    .ok_or_else(|| {
        Diagnostic::error("internal error: no such document to reload")
            .hint("this is a careerbook bug; restart `careerbook serve` and please report it")
    })?;
    let slot = classify(&root.join(CONTENT_DIR), &path)
        .map_err(|d| d.in_file(&display_path(&path, &root)))?;
    let put = |slot_ok: bool| {
        if slot_ok {
            Ok(())
        } else {
            Err(Diagnostic::error("internal error: a document changed kind")
                .hint("this is a careerbook bug; restart `careerbook serve` and please report it")
                .in_file(&display_path(&path, &root)))
        }
    };
    match load_file(&root, path.clone(), slot, smart)? {
        Loaded::Level(d) if kind == Kind::Level => hb.levels[idx] = d,
        Loaded::Question(d) if kind == Kind::Question => hb.questions[idx] = d,
        Loaded::AntiPattern(d) if kind == Kind::AntiPattern => hb.anti_patterns[idx] = d,
        Loaded::Exercise(d) if kind == Kind::Exercise => hb.exercises[idx] = d,
        Loaded::Checklist(d) if kind == Kind::Checklist => hb.checklists[idx] = d,
        Loaded::Guide(d) if kind == Kind::Guide => hb.guides[idx] = d,
        _ => return put(false),
    }
    put(true)
}

/// Lists `static/`, whose files are copied to the site as they are.
fn load_statics(root: &Path) -> Result<Vec<StaticFile>, Diagnostics> {
    let dir = root.join("static");
    let mut diags = Diagnostics::new();
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let files = walk_files(root, &dir, &mut diags)
        .into_iter()
        .map(|path| StaticFile {
            rel: path
                .strip_prefix(&dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/"),
            path,
        })
        .collect();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

/// The files under `dir` in name order, following links, skipping hidden
/// and editor files; unreadable paths and link loops become diagnostics.
fn walk_files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::source::is_ignored(e.file_name().to_str().unwrap_or(""))
        });
    let mut files = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) if !e.file_type().is_dir() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => diags.push(walk_error(root, &e)),
        }
    }
    files
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let shown = e
        .path()
        .map(|p| display_path(p, root))
        .unwrap_or_else(|| CONTENT_DIR.to_string());
    if let Some(ancestor) = e.loop_ancestor() {
        return Diagnostic::error(format!(
            "symbolic link loop: this link points back to `{}`",
            display_path(ancestor, root)
        ))
        .in_file(&shown)
        .hint("remove the link or point it outside the handbook; careerbook follows links into folders");
    }
    let detail = e
        .io_error()
        .map(|io| io.to_string())
        .unwrap_or_else(|| e.to_string());
    Diagnostic::error(format!("cannot read this path: {detail}"))
        .in_file(&shown)
        .hint(
            "check the file's permissions, or that a symbolic link points to something that exists",
        )
}

fn classify(content: &Path, path: &Path) -> Result<Slot, Diagnostic> {
    let rel = path.strip_prefix(content).unwrap_or(path);
    let parts: Vec<&str> = rel.iter().filter_map(|s| s.to_str()).collect();
    let name = parts.last().copied().unwrap_or("");
    let is_md = name.ends_with(".md");
    match parts.as_slice() {
        [FRAMEWORK_FILE] => return Ok(Slot::Framework),
        ["index.md"] => return Ok(Slot::Home),
        [_] if is_md => {
            return Err(
                Diagnostic::error("Markdown file outside a kind folder").hint(format!(
                    "move it into one of content/{{{}}}/ (a free-form chapter belongs in guides/)",
                    folder_list()
                )),
            )
        }
        _ => {}
    }
    if !is_md {
        return Err(Diagnostic::error("not a Markdown file: content/ holds only .md files and framework.toml")
            .hint("put images and downloads in static/ next to book.toml; they are copied to the site as they are"));
    }
    let folder = parts.first().copied().unwrap_or("");
    let Some(kind) = Kind::from_folder(folder) else {
        let hint = match did_you_mean(folder, Kind::ALL.iter().map(|k| k.folder())) {
            Some(best) => format!("did you mean `{best}/`?"),
            None => format!("content folders are: {}", folder_list()),
        };
        return Err(Diagnostic::error(format!("unknown content folder `{folder}/`")).hint(hint));
    };
    // Guides may be grouped into parts: guides/<part>/*.md.
    let part = if kind == Kind::Guide && parts.len() > 2 {
        Some(parts[1].to_string())
    } else {
        None
    };
    Ok(Slot::Item(kind, part))
}

fn folder_list() -> String {
    Kind::ALL
        .iter()
        .map(|k| k.folder())
        .collect::<Vec<_>>()
        .join(", ")
}

enum Loaded {
    Framework(Framework, Arc<SourceFile>),
    Home(Doc<HomeMeta>),
    Level(Doc<LevelMeta>),
    Question(Doc<QuestionMeta>),
    AntiPattern(Doc<AntiPatternMeta>),
    Exercise(Doc<ExerciseMeta>),
    Checklist(Doc<ChecklistMeta>),
    Guide(Doc<GuideMeta>),
}

fn read_source(root: &Path, path: PathBuf) -> Result<SourceFile, Diagnostic> {
    let display = display_path(&path, root);
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(format!("cannot read file: {e}"))
            .in_file(&display)
            .hint("check that the file is readable (`chmod u+r`) and not a dangling link")
    })?;
    SourceFile::from_bytes(path, display, bytes)
}

fn load_file(root: &Path, path: PathBuf, slot: Slot, smart: bool) -> Result<Loaded, Diagnostic> {
    let src = read_source(root, path)?;
    match slot {
        Slot::Framework => {
            if src.text.trim().is_empty() {
                return Err(Diagnostic::error("framework file is empty")
                    .in_file(&src.display)
                    .hint("declare [[dimensions]], [[tracks]] and [[rounds]]; see docs/content-format.md"));
            }
            let len = src.text.len();
            let f: Framework = parse_toml(&src, 0..len)?;
            Ok(Loaded::Framework(f, Arc::new(src)))
        }
        Slot::Home => Ok(Loaded::Home(doc(src, Kind::Guide, None, smart)?)),
        Slot::Item(kind, part) => Ok(match kind {
            Kind::Level => Loaded::Level(doc(src, kind, None, smart)?),
            Kind::Question => Loaded::Question(doc(src, kind, None, smart)?),
            Kind::AntiPattern => Loaded::AntiPattern(doc(src, kind, None, smart)?),
            Kind::Exercise => Loaded::Exercise(doc(src, kind, None, smart)?),
            Kind::Checklist => Loaded::Checklist(doc(src, kind, None, smart)?),
            Kind::Guide => Loaded::Guide(doc(src, kind, part, smart)?),
        }),
    }
}

fn doc<F: FrontMatter + DeserializeOwned>(
    src: SourceFile,
    kind: Kind,
    part: Option<String>,
    smart: bool,
) -> Result<Doc<F>, Diagnostic> {
    let split = src.split_front_matter()?;
    let meta: F = parse_toml(&src, split.front_matter.clone())?;
    let stem = src
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let is_part = part.is_some() && stem == "index";
    let id = match meta.explicit_id() {
        Some(id) => id.get_ref().clone(),
        None if is_part => part.clone().unwrap_or_default(),
        None => stem,
    };
    // Anchors the page owns are reserved before body headings take theirs.
    let mut anchors: Vec<String> = PAGE_ANCHORS
        .iter()
        .chain(kind.layout_anchors())
        .map(|a| a.to_string())
        .collect();
    anchors.extend(meta.own_anchors());
    let body_text = src.text.get(split.body.clone()).unwrap_or("");
    let (headings, mut refs) = parse::scan_body(split.body.start, body_text, smart, &anchors);
    let mut cursor = std::collections::HashMap::new();
    for field in meta.markdown_fields() {
        parse::scan_field(
            &src,
            split.front_matter.clone(),
            field,
            &mut cursor,
            &mut refs,
        );
    }
    Ok(Doc {
        id,
        meta,
        body: split.body,
        headings,
        refs,
        anchors,
        part: if is_part { None } else { part },
        is_part,
        src: Arc::new(src),
    })
}
