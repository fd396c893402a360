//! Reading TOML with located errors: serde's first error becomes a
//! diagnostic at its line and column, with a hint (an unknown field gets a
//! "did you mean"). Also reads `book.toml`.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::{shown_dir, CONFIG_FILE};
use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::source::SourceFile;

/// Reads and parses `book.toml` of the handbook at `root`.
pub(crate) fn load_config(root: &Path) -> Result<(Config, Arc<SourceFile>), Diagnostic> {
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

/// Deserializes TOML from `range` of `src`, turning serde's first error into a
/// located diagnostic with a hint.
pub(crate) fn parse_toml<T: DeserializeOwned>(
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
