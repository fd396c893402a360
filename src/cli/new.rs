//! `careerbook new KIND "Title"`

use std::path::Path;

use super::{Ui, EXIT_CONTENT, EXIT_OK, EXIT_USAGE};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds::{with_kind, Kind};
use crate::load::{load_config, parse_toml, CONTENT_DIR, FRAMEWORK_FILE};
use crate::markdown::{is_valid_id, slugify_id};
use crate::model::Framework;
use crate::source::SourceFile;

/// What `careerbook new` can add: a document of any kind, or an entry in
/// the overlay's brag document.
#[derive(Clone, Copy, Debug)]
pub(crate) enum NewKind {
    Item(Kind),
    BragEntry,
}

impl NewKind {
    /// The content kind, or `None` for a brag entry (which goes to the overlay).
    fn kind(self) -> Option<Kind> {
        match self {
            NewKind::Item(k) => Some(k),
            NewKind::BragEntry => None,
        }
    }
}

/// Every kind, then the brag entry: made from the kinds' list, so a new
/// kind can be created as soon as it exists.
static VARIANTS: std::sync::LazyLock<Vec<NewKind>> = std::sync::LazyLock::new(|| {
    Kind::ALL
        .iter()
        .map(|&k| NewKind::Item(k))
        .chain([NewKind::BragEntry])
        .collect()
});

impl clap::ValueEnum for NewKind {
    fn value_variants<'a>() -> &'a [Self] {
        &VARIANTS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(match self {
            NewKind::Item(k) => clap::builder::PossibleValue::new(k.name()).help(k.info().help),
            NewKind::BragEntry => clap::builder::PossibleValue::new("brag-entry")
                .help("An entry in your overlay's brag document"),
        })
    }
}

fn load_framework(dir: &Path) -> Result<(Framework, SourceFile), Diagnostic> {
    load_config(dir)?;
    let path = dir.join(CONTENT_DIR).join(FRAMEWORK_FILE);
    let display = format!("{CONTENT_DIR}/{FRAMEWORK_FILE}");
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(format!("cannot read {display}: {e}"))
            .in_file(&display)
            .hint("`careerbook new` fills templates from the framework; run it in a handbook folder or pass --dir")
    })?;
    let src = SourceFile::from_bytes(path, display, bytes)?;
    let fw: Framework = parse_toml(&src, 0..src.text.len())?;
    Ok((fw, src))
}

/// Where a new document goes, the file whose first track a new level joins,
/// and the framework to fill its template from (a family's dimensions).
/// A level of a handbook with job families goes into its family's folder.
fn place(
    dir: &Path,
    kind: Kind,
    family: Option<&str>,
    mut fw: Framework,
    fw_src: SourceFile,
) -> Result<(std::path::PathBuf, SourceFile, Framework), (Diagnostic, i32)> {
    let folder = dir.join(CONTENT_DIR).join(kind.folder());
    let families_dir = dir.join(CONTENT_DIR).join(Kind::Family.folder());
    let mut families: Vec<String> = std::fs::read_dir(&families_dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.file_name()
                        .to_str()?
                        .strip_suffix(".md")
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    families.sort();
    match (kind, family) {
        (Kind::Level, None) if !families.is_empty() => Err((
            Diagnostic::error("this handbook has job families: say which the level belongs to")
                .hint(format!("pass --family, one of: {}", families.join(", "))),
            EXIT_USAGE,
        )),
        (Kind::Level, Some(f)) => {
            if !families.iter().any(|x| x == f) {
                let d = Diagnostic::error(format!("no job family `{f}`"));
                return Err((
                    match crate::diagnostics::did_you_mean(f, families.iter().map(String::as_str)) {
                        Some(b) => d.hint(format!("did you mean `{b}`?")),
                        None if families.is_empty() => {
                            d.hint("the handbook declares no families; leave out --family")
                        }
                        None => d.hint(format!("families: {}", families.join(", "))),
                    },
                    EXIT_USAGE,
                ));
            }
            let doc_path = families_dir.join(format!("{f}.md"));
            let display = format!("{CONTENT_DIR}/{}/{f}.md", Kind::Family.folder());
            let bytes = std::fs::read(&doc_path).map_err(|e| {
                (
                    Diagnostic::error(format!("cannot read {display}: {e}")).in_file(&display),
                    EXIT_CONTENT,
                )
            })?;
            let src =
                SourceFile::from_bytes(doc_path, display, bytes).map_err(|d| (d, EXIT_CONTENT))?;
            // The family's dimensions, for the template.
            if let Ok(split) = src.split_front_matter() {
                let meta: Result<crate::kinds::family::FamilyMeta, _> =
                    parse_toml(&src, split.front_matter);
                if let Ok(meta) = meta.map(|m| m.dimensions) {
                    if !meta.is_empty() {
                        fw.dimensions
                            .retain(|d| meta.iter().any(|m| m.get_ref() == d.id.get_ref()));
                    }
                }
            }
            Ok((folder.join(f), src, fw))
        }
        (_, Some(_)) => Err((
            Diagnostic::error("--family is for levels")
                .hint("other documents belong to the whole handbook; leave out --family"),
            EXIT_USAGE,
        )),
        _ => Ok((folder, fw_src, fw)),
    }
}

pub(super) fn run(
    ui: &Ui,
    kind: NewKind,
    title: &str,
    dir: &Path,
    id: Option<&str>,
    family: Option<&str>,
    overlay: Option<&Path>,
) -> i32 {
    if matches!(kind, NewKind::BragEntry) {
        let Some(o) = overlay else {
            ui.diagnostics(&Diagnostics::from(
                Diagnostic::error("no overlay folder to add the entry to")
                    .hint("pass --overlay DIR or set CAREERBOOK_OVERLAY; `careerbook init --overlay DIR` creates one"),
            ));
            return EXIT_USAGE;
        };
        let fw = crate::scaffold::framework_for(dir);
        return match crate::scaffold::add_brag_entry(o, title, &fw) {
            Ok(p) => {
                ui.info(&format!("added \"{title}\" to {}", p.display()));
                EXIT_OK
            }
            Err(d) => {
                ui.diagnostics(&Diagnostics::from(d));
                EXIT_CONTENT
            }
        };
    }
    let Some(kind) = kind.kind() else {
        return EXIT_USAGE;
    };
    let id = id.map(str::to_string).unwrap_or_else(|| slugify_id(title));
    if !is_valid_id(&id) {
        ui.diagnostics(&Diagnostics::from(
            Diagnostic::error(format!("cannot make an id from \"{title}\""))
                .hint("pass one with --id, using lowercase letters, digits and -"),
        ));
        return EXIT_USAGE;
    }
    let (fw, fw_src) = match load_framework(dir) {
        Ok(x) => x,
        Err(d) => {
            ui.diagnostics(&Diagnostics::from(d));
            return EXIT_CONTENT;
        }
    };
    let (folder, track_src, fw) = match place(dir, kind, family, fw, fw_src) {
        Ok(x) => x,
        Err((d, code)) => {
            ui.diagnostics(&Diagnostics::from(d));
            return code;
        }
    };
    let path = folder.join(format!("{id}.md"));
    if path.exists() {
        ui.diagnostics(&Diagnostics::from(
            Diagnostic::error(format!("{} already exists", path.display()))
                .hint("careerbook never overwrites content; choose another title or pass --id"),
        ));
        return EXIT_CONTENT;
    }
    let text = with_kind!(kind, |K| K::scaffold(&id, title, &fw));
    if let Err(e) = std::fs::create_dir_all(&folder).and_then(|_| std::fs::write(&path, text)) {
        ui.diagnostics(&Diagnostics::from(
            Diagnostic::error(format!("cannot write {}: {e}", path.display()))
                .hint("check that the folder is writable"),
        ));
        return EXIT_CONTENT;
    }
    ui.info(&format!("created {}", path.display()));
    if kind == Kind::Level {
        let fw_src = track_src;
        match crate::scaffold::add_level_to_first_track(&fw_src, &id) {
            Ok(Some(track)) => ui.info(&format!(
                "added `{id}` at the top of track `{track}` in {}; move it where it belongs",
                fw_src.display
            )),
            Ok(None) => ui.info(&format!(
                "add `{id}` to a track's levels in {} (or set role = true)",
                fw_src.display
            )),
            Err(d) => ui.diagnostics(&Diagnostics::from(d)),
        }
    }
    EXIT_OK
}
