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

pub(super) fn run(
    ui: &Ui,
    kind: NewKind,
    title: &str,
    dir: &Path,
    id: Option<&str>,
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
    let folder = dir.join(CONTENT_DIR).join(kind.folder());
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
