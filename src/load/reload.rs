//! `reload`: the dev server's way to apply saved files to a loaded handbook
//! without loading it all again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{
    classify, display_path, load_file, Loaded, Reading, Slot, Texts, CONTENT_DIR, FRAMEWORK_FILE,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds::{with_kind, Kind};
use crate::model::Handbook;

/// What [`reload`] changed: the documents it read again, added or removed,
/// by kind and id, and whether the framework or the home page changed.
#[derive(Debug, Default)]
pub(crate) struct Reloaded {
    pub docs: Vec<(Kind, String)>,
}

/// Applies edits to files under `content/` to a loaded handbook: each path
/// that exists is read again (or added), each that does not is dropped.
/// `None` when a path is not something this can apply (book.toml, the
/// theme, `static/`): only a full load will do. On error the handbook is
/// left as it was.
pub(crate) fn reload(
    hb: &mut Handbook,
    changed: &[PathBuf],
) -> Option<Result<Reloaded, Diagnostics>> {
    let root = hb.root.clone();
    let content = std::fs::canonicalize(root.join(CONTENT_DIR)).ok()?;
    let examples_left_out = std::sync::atomic::AtomicUsize::new(0);
    let reading = Reading {
        smart: hb.config.markdown.smart_punctuation,
        keep_internal: hb.profile.internal,
        texts: Texts::Keep,
        examples_left_out: &examples_left_out,
    };
    let mut loads = Vec::new();
    let mut removed = Vec::new();
    for p in changed {
        let abs = absolute(p);
        let rel = abs.strip_prefix(&content).ok()?;
        // Hidden and editor files are never part of a handbook.
        if rel
            .iter()
            .any(|c| c.to_str().is_none_or(crate::source::is_ignored))
        {
            continue;
        }
        let path = root.join(CONTENT_DIR).join(rel);
        if path.is_file() {
            loads.push(path);
        } else if path.is_dir() {
            return None;
        } else {
            removed.push(path);
        }
    }
    let mut diags = Diagnostics::new();
    let mut loaded = Vec::new();
    for path in loads {
        let slot = match classify(&root.join(CONTENT_DIR), &path) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d.in_file(&display_path(&path, &root)));
                continue;
            }
        };
        match load_file(&root, path.clone(), slot.clone(), reading) {
            Ok(l) => loaded.push((path, slot, l)),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Some(Err(diags));
    }
    let mut out = Reloaded::default();
    remove(hb, &removed, &mut out);
    for (path, slot, l) in loaded {
        // A file may have moved between kinds' folders only by a rename,
        // which arrives as a removal and an addition.
        if let Slot::Item(kind, _) = &slot {
            with_kind!(*kind, |K| {
                if let Some(old) = K::docs(&hb.items).iter().find(|d| d.src.path == path) {
                    out.docs.push((*kind, old.id.clone()));
                }
            });
        }
        match l {
            Loaded::Framework(f, s) => {
                hb.framework = f;
                hb.framework_src = s;
            }
            Loaded::Home(d) => hb.home = Some(Arc::new(*d)),
            Loaded::Item(put) => put(&mut hb.items),
            Loaded::LeftOut(kind, id) => {
                // Marked internal since it was loaded: it goes.
                with_kind!(kind, |K| K::docs_mut(&mut hb.items)
                    .retain(|d| d.src.path != path));
                hb.left_out
                    .pages
                    .retain(|(k, i)| (*k, i.as_str()) != (kind, id.as_str()));
                hb.left_out.pages.push((kind, id));
            }
        }
        if let Slot::Item(kind, _) = &slot {
            with_kind!(*kind, |K| {
                if let Some(new) = K::docs(&hb.items).iter().find(|d| d.src.path == path) {
                    out.docs.push((*kind, new.id.clone()));
                    // No longer internal, if it was.
                    hb.left_out.pages.retain(|(k, i)| (k, i) != (kind, &new.id));
                }
            });
        }
    }
    if removed.iter().any(|p| p.ends_with(FRAMEWORK_FILE)) {
        return Some(Err(Diagnostic::error(format!(
            "no {CONTENT_DIR}/{FRAMEWORK_FILE}"
        ))
        .in_file(&format!("{CONTENT_DIR}/{FRAMEWORK_FILE}"))
        .hint("the framework file declares the dimensions, tracks and levels")
        .into()));
    }
    hb.families = crate::model::Families::new(&hb.framework, &hb.items);
    Some(Ok(out))
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    // A deleted file: canonicalize its folder.
    match (
        p.parent().and_then(|d| std::fs::canonicalize(d).ok()),
        p.file_name(),
    ) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => p.to_path_buf(),
    }
}

/// Drops the documents of files (and folders) that are gone.
fn remove(hb: &mut Handbook, removed: &[PathBuf], out: &mut Reloaded) {
    for path in removed {
        for &kind in Kind::ALL {
            with_kind!(kind, |K| {
                // A removed folder takes every file under it along.
                let docs = K::docs_mut(&mut hb.items);
                while let Some(i) = docs.iter().position(|d| d.src.path.starts_with(path)) {
                    out.docs.push((kind, docs.remove(i).id.clone()));
                }
            });
        }
        if hb.home.as_ref().is_some_and(|h| &h.src.path == path) {
            hb.home = None;
        }
    }
}
