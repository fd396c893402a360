//! The load stage: finds a handbook's files, reads them in parallel, splits
//! front matter from Markdown and deserializes it into the model, turning
//! every problem into a located diagnostic. It does not check how
//! documents relate to each other; `validate` does.
//!
//! [`reload`] applies edits to a loaded handbook (the dev server): changed
//! files are read again, new ones put in file order, deleted ones dropped,
//! so the result is what a fresh [`load`] of the same files gives.

mod reload;
mod toml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{did_you_mean, display_path, Diagnostic, Diagnostics};
use crate::kinds::{with_kind, Items, Kind, Stored, Subfolders};
use crate::model::{Doc, Framework, FrontMatter, Handbook, HomeMeta, StaticFile, PAGE_ANCHORS};
use crate::parse;
use crate::source::SourceFile;

pub(crate) use self::reload::reload;
pub(crate) use self::toml::{load_config, parse_toml};

pub(crate) const CONFIG_FILE: &str = "book.toml";
pub(crate) const CONTENT_DIR: &str = "content";
pub(crate) const FRAMEWORK_FILE: &str = "framework.toml";

fn shown_dir(root: &Path) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        "the current folder".into()
    } else {
        format!("`{}`", root.display())
    }
}

/// What a file under `content/` is, by where it sits.
#[derive(Debug, Clone)]
enum Slot {
    Framework,
    Home,
    Item(Kind, Option<String>),
}

/// A file read and parsed, not yet put in the handbook.
enum Loaded {
    Framework(Framework, Arc<SourceFile>),
    Home(Box<Doc<HomeMeta>>),
    /// Puts the document in its kind's list (replacing one from the same
    /// file), in file order.
    Item(Box<dyn FnOnce(&mut Items) + Send>),
    /// An internal page the profile leaves out.
    LeftOut(Kind, String),
}

/// How files are read: settings that apply to every file.
#[derive(Clone, Copy)]
struct Reading<'a> {
    smart: bool,
    /// The profile keeps internal content.
    keep_internal: bool,
    texts: Texts,
    /// Internal examples left out, counted across threads.
    examples_left_out: &'a std::sync::atomic::AtomicUsize,
}

/// Whether loaded documents keep their text in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Texts {
    /// Kept: for the dev server, which renders pages again as their
    /// neighbours change while their own files may be mid-save.
    Keep,
    /// Let go once each file is parsed, read again when its page is
    /// rendered (and checked unchanged): a build's memory then holds the
    /// model, not the handbook's text.
    Release,
}

/// Loads the whole handbook under the default profile. On failure returns
/// every diagnostic found.
pub(crate) fn load(root: &Path) -> Result<Handbook, Diagnostics> {
    load_with(root, Texts::Keep, None)
}

/// [`load`], saying whether documents keep their text and which profile
/// (by name; the default when `None`) the build uses.
pub(crate) fn load_with(
    root: &Path,
    texts: Texts,
    profile: Option<&str>,
) -> Result<Handbook, Diagnostics> {
    let (mut config, _config_src) = load_config(root).map_err(Diagnostics::from)?;
    let profile = crate::profile::apply(&mut config, profile).map_err(Diagnostics::from)?;
    load_content(root, config, profile, texts)
}

/// A release's handbook, loaded under this build's profile (`profile`,
/// which the release's own book.toml may not define).
pub(crate) fn load_release(
    root: &Path,
    profile: &crate::profile::Profile,
) -> Result<Handbook, Diagnostics> {
    let (config, _config_src) = load_config(root).map_err(Diagnostics::from)?;
    load_content(root, config, profile.clone(), Texts::Keep)
}

fn load_content(
    root: &Path,
    config: crate::config::Config,
    profile: crate::profile::Profile,
    texts: Texts,
) -> Result<Handbook, Diagnostics> {
    let mut diags = Diagnostics::new();
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
    let examples_left_out = std::sync::atomic::AtomicUsize::new(0);
    let reading = Reading {
        smart: config.markdown.smart_punctuation,
        keep_internal: profile.internal,
        texts,
        examples_left_out: &examples_left_out,
    };
    let loaded: Vec<Result<Loaded, Diagnostic>> = files
        .into_par_iter()
        .map(|(path, slot)| load_file(root, path, slot, reading))
        .collect();
    let mut left_out = crate::profile::LeftOut::default();

    let mut framework: Option<(Framework, Arc<SourceFile>)> = None;
    let mut home = None;
    let mut items = Items::default();
    for r in loaded {
        match r {
            Err(d) => diags.push(d),
            Ok(Loaded::Framework(f, s)) => framework = Some((f, s)),
            Ok(Loaded::Home(d)) => home = Some(Arc::new(*d)),
            Ok(Loaded::Item(put)) => put(&mut items),
            Ok(Loaded::LeftOut(kind, id)) => left_out.pages.push((kind, id)),
        }
    }
    left_out.examples = examples_left_out.into_inner();
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
        families: crate::model::Families::new(&framework, &items),
        config,
        framework,
        framework_src,
        home,
        items,
        releases: Vec::new(),
        profile,
        left_out,
    })
}

/// Puts a document in its kind's list: in place of the one loaded from the
/// same file, or where file order puts it (how [`load`]'s walk orders).
fn put<K: Stored>(items: &mut Items, doc: Doc<K::Meta>) {
    let docs = K::docs_mut(items);
    match docs.binary_search_by(|d| d.src.path.as_path().cmp(&doc.src.path)) {
        Ok(i) => docs[i] = Arc::new(doc),
        Err(i) => docs.insert(i, Arc::new(doc)),
    }
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
    // Guides may be grouped into parts (guides/<part>/*.md), levels into
    // job families (levels/<family>/*.md).
    let part = if kind.info().subfolders != Subfolders::Ignored && parts.len() > 2 {
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

fn read_source(root: &Path, path: PathBuf) -> Result<SourceFile, Diagnostic> {
    let display = display_path(&path, root);
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(format!("cannot read file: {e}"))
            .in_file(&display)
            .hint("check that the file is readable (`chmod u+r`) and not a dangling link")
    })?;
    SourceFile::from_bytes(path, display, bytes)
}

fn load_file(
    root: &Path,
    path: PathBuf,
    slot: Slot,
    reading: Reading,
) -> Result<Loaded, Diagnostic> {
    let release = |src: &mut Arc<SourceFile>| {
        if let (Texts::Release, Some(src)) = (reading.texts, Arc::get_mut(src)) {
            src.release();
        }
    };
    let src = read_source(root, path)?;
    match slot {
        Slot::Framework => {
            if src.text.trim().is_empty() {
                return Err(Diagnostic::error("framework file is empty")
                    .in_file(&src.display)
                    .hint("declare [[dimensions]], [[tracks]] and [[rounds]]; see docs/content-format.md"));
            }
            let len = src.text.len();
            let mut f: Framework = parse_toml(&src, 0..len)?;
            if !reading.keep_internal {
                let n = crate::profile::strip_examples(f.tier_criteria_mut());
                reading
                    .examples_left_out
                    .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(Loaded::Framework(f, Arc::new(src)))
        }
        Slot::Home => {
            let mut d = doc(src, &[], None, false, reading)?;
            crate::profile::page_left_out(&d, None, reading.keep_internal)?;
            release(&mut d.src);
            Ok(Loaded::Home(Box::new(d)))
        }
        Slot::Item(kind, part) => with_kind!(kind, |K| {
            let mut d = doc::<<K as crate::kinds::ItemKind>::Meta>(
                src,
                K::INFO.layout_anchors,
                part,
                K::INFO.subfolders == Subfolders::Parts,
                reading,
            )?;
            if crate::profile::page_left_out(&d, Some(kind), reading.keep_internal)? {
                return Ok(Loaded::LeftOut(kind, d.id));
            }
            if !reading.keep_internal {
                let n = K::strip_internal(&mut d.meta);
                reading
                    .examples_left_out
                    .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            }
            release(&mut d.src);
            Ok(Loaded::Item(Box::new(move |items: &mut Items| {
                put::<K>(items, d)
            })))
        }),
    }
}

/// Reads one document as a build under the default profile would (the
/// fuzz targets' way in).
pub(crate) fn read_doc<F: FrontMatter + DeserializeOwned>(
    src: SourceFile,
    layout_anchors: &[&str],
    parts_have_index: bool,
    smart: bool,
) -> Result<Doc<F>, Diagnostic> {
    let counter = std::sync::atomic::AtomicUsize::new(0);
    let reading = Reading {
        smart,
        keep_internal: false,
        texts: Texts::Keep,
        examples_left_out: &counter,
    };
    doc(src, layout_anchors, None, parts_have_index, reading)
}

fn doc<F: FrontMatter + DeserializeOwned>(
    src: SourceFile,
    layout_anchors: &[&str],
    part: Option<String>,
    parts_have_index: bool,
    reading: Reading,
) -> Result<Doc<F>, Diagnostic> {
    let split = src.split_front_matter()?;
    let meta: F = parse_toml(&src, split.front_matter.clone())?;
    let stem = src
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let is_part = parts_have_index && part.is_some() && stem == "index";
    let id = match meta.explicit_id() {
        Some(id) => id.get_ref().clone(),
        None if is_part => part.clone().unwrap_or_default(),
        None => stem,
    };
    // Anchors the page owns are reserved before body headings take theirs.
    let mut anchors: Vec<String> = PAGE_ANCHORS
        .iter()
        .chain(layout_anchors)
        .map(|a| a.to_string())
        .collect();
    anchors.extend(meta.own_anchors());
    let body_text = src.text.get(split.body.clone()).unwrap_or("");
    let parse::Scanned {
        headings,
        mut refs,
        left_out,
    } = parse::scan_body(
        split.body.start,
        body_text,
        reading.smart,
        &anchors,
        reading.keep_internal,
    );
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
    let hash = crate::model::deps::hash::<str>;
    let prints = [
        hash(src.text.get(split.front_matter.clone()).unwrap_or("")),
        hash(body_text),
    ];
    Ok(Doc {
        prints,
        id,
        meta,
        front_matter: split.front_matter,
        body: split.body,
        headings,
        refs,
        left_out,
        anchors,
        part: if is_part { None } else { part },
        is_part,
        src: Arc::new(src),
    })
}
