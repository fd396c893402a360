//! `careerbook changes`: what changed in the ladder since a git ref (a
//! tag, a branch, a commit) or a snapshot folder, by stable id rather than
//! as a text diff. Both sides are loaded and validated as `check` would;
//! [`crate::revisions`] compares them and writes plain text, Markdown or
//! JSON.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

use crate::model::snapshot;
pub use crate::revisions::Format;
use crate::revisions::{diff, git, report};

/// What `changes` found.
pub struct ChangesReport {
    /// The rendered report.
    pub text: String,
    /// How many changes.
    pub count: usize,
}

/// Compares the handbook at `dir` with the same handbook at `since` (a
/// folder holding a handbook, or a git ref of the repository `dir` is in).
pub fn changes(dir: &Path, since: &str, format: Format) -> Result<ChangesReport, Diagnostics> {
    let now = crate::load::load(dir)?;
    let errors = crate::validate::validate(&now);
    if errors.has_errors() {
        return Err(errors);
    }
    let as_folder = Path::new(since);
    let (then, label) = if as_folder.join("book.toml").is_file() {
        (load_side(as_folder, since)?, since.to_string())
    } else {
        let snap = git::Checkout::at(dir, since)?;
        let label = format!("{since} ({})", snap.short);
        (load_side(&snap.dir, &label)?, label)
    };
    let old = snapshot::Snapshot::of(&then);
    let new = snapshot::Snapshot::of(&now);
    let list = diff::changes(&old, &new);
    Ok(ChangesReport {
        text: report::render(format, &label, &old, &new, &list),
        count: list.len(),
    })
}

/// The earlier side, loaded and validated; its errors say which side.
fn load_side(dir: &Path, label: &str) -> Result<crate::model::Handbook, Diagnostics> {
    let side = |d: Diagnostics| -> Diagnostics {
        let mut out = Diagnostics::new();
        out.push(
            Diagnostic::error(format!("the ladder at {label} does not load"))
                .hint("compare against a release that builds; its own errors follow"),
        );
        out.extend(d);
        out
    };
    let hb = crate::load::load(dir).map_err(side)?;
    let errors = crate::validate::validate(&hb);
    if errors.has_errors() {
        return Err(side(errors));
    }
    Ok(hb)
}
