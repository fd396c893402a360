//! Scaffolding for `init` and `new`: a starter handbook and item templates,
//! embedded in the binary so they work from any folder. Never overwrites a
//! file that exists.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diagnostics::Diagnostic;
use crate::kinds::{level_list, toml_string};
use crate::model::Framework;
use crate::source::SourceFile;

/// The default handbook, shipped as the starter content of `careerbook init`.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

pub(crate) fn book_toml(title: &str) -> String {
    format!(
        r#"# Settings for this handbook; see `careerbook --help` and docs/content-format.md.
[book]
title = {}
description = "Levels, interview questions, anti-patterns, exercises, checklists and guides."
language = "en"
# The public URL, for canonical links and the sitemap. Pages link relatively,
# so the site also works from a sub-path or straight from disk.
base_url = ""

[build]
output = "site"

# [repository]
# url = "https://github.com/your-org/your-handbook"   # enables "edit this page" links
# branch = "main"
"#,
        toml_string(title)
    )
}

/// Creates a new handbook in `dir`. Returns the files written.
pub(crate) fn init(dir: &Path, title: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    for existing in ["book.toml", "content"] {
        if dir.join(existing).exists() {
            return Err(Diagnostic::error(format!(
                "`{}` already holds a handbook ({existing} exists)",
                dir.display()
            ))
            .hint("careerbook init never overwrites files; pick an empty or new folder"));
        }
    }
    let io = |e: std::io::Error, p: &Path| {
        Diagnostic::error(format!("cannot write `{}`: {e}", p.display()))
            .hint("check that the folder is writable")
    };
    std::fs::create_dir_all(dir).map_err(|e| io(e, dir))?;
    let mut written = Vec::new();
    let mut put = |rel: &Path, bytes: &[u8]| -> Result<(), Diagnostic> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
        }
        std::fs::write(&p, bytes).map_err(|e| io(e, &p))?;
        written.push(p);
        Ok(())
    };
    put(Path::new("book.toml"), book_toml(title).as_bytes())?;
    put(
        Path::new(".gitignore"),
        b"/site/\n/site-private/\n/.careerbook-cache/\n",
    )?;
    fn walk(d: &Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
        for f in d.files() {
            out.push((f.path().to_path_buf(), f.contents()));
        }
        for sub in d.dirs() {
            walk(sub, out);
        }
    }
    let mut files = Vec::new();
    walk(&STARTER, &mut files);
    for (rel, bytes) in files {
        put(&Path::new("content").join(rel), bytes)?;
    }
    Ok(written)
}

/// Appends a new level to the top of the first track in framework.toml,
/// keeping the file's comments and formatting. Returns the track's id, or
/// `None` when the framework declares no track to add it to.
pub(crate) fn add_level_to_first_track(
    src: &SourceFile,
    id: &str,
) -> Result<Option<String>, Diagnostic> {
    // A family's document keeps its tracks in its front matter.
    let range = match src.display.ends_with(".md") {
        true => src.split_front_matter()?.front_matter,
        false => 0..src.text.len(),
    };
    let toml = src.text.get(range.clone()).unwrap_or("");
    let mut doc: toml_edit::DocumentMut = toml.parse().map_err(|e| {
        Diagnostic::error(format!("cannot edit {}: {e}", src.display))
            .in_file(&src.display)
            .hint("fix the TOML syntax first (`careerbook check` locates it), then run `careerbook new level` again")
    })?;
    let Some(tracks) = doc
        .get_mut("tracks")
        .and_then(|t| t.as_array_of_tables_mut())
    else {
        return Ok(None);
    };
    let Some(track) = tracks.iter_mut().next() else {
        return Ok(None);
    };
    let name = track
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    if let Some(levels) = track.get_mut("levels").and_then(|v| v.as_array_mut()) {
        levels.push(id);
        let mut text = src.text.clone();
        text.replace_range(range, &doc.to_string());
        std::fs::write(&src.path, text).map_err(|e| {
            Diagnostic::error(format!("cannot write {}: {e}", src.display))
                .in_file(&src.display)
                .hint("check that the framework file is writable")
        })?;
        return Ok(Some(name));
    }
    Ok(None)
}

/// The framework of the handbook in `dir`, or of the starter handbook when
/// there is none, to fill overlay templates with real dimension ids.
pub(crate) fn framework_for(dir: &Path) -> Framework {
    let from_disk = std::fs::read_to_string(dir.join("content/framework.toml")).ok();
    let text = from_disk.or_else(|| {
        STARTER
            .get_file("framework.toml")
            .and_then(|f| f.contents_utf8())
            .map(str::to_string)
    });
    text.and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// The current quarter, `2026-Q4`, from the system clock (UTC).
pub(crate) fn current_quarter() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year}-Q{}", (month - 1) / 3 + 1)
}

fn first_dimension(fw: &Framework) -> &str {
    fw.dimensions
        .first()
        .map_or("scope", |d| d.id.get_ref().as_str())
}

/// One brag entry, as `careerbook new brag-entry` writes it.
pub(crate) fn brag_entry(title: &str, fw: &Framework) -> String {
    format!(
        "- {title}: one sentence on what it was\n  - When: {}\n  - Dimensions: {}\n  <!-- - Criteria: the criteria it evidences, by id (a criterion's link on a level page ends in #its-id), comma-separated -->\n  - My role: what you did yourself, with the verbs that are true (suggested, recommended, decided, owned)\n  - Impact: the measurable outcome (a number, a percentage, a before and after)\n  - Skills demonstrated: ...\n",
        current_quarter(),
        first_dimension(fw)
    )
}

/// The brag document and packet of `careerbook init --overlay`.
pub(crate) fn overlay_templates(fw: &Framework) -> (String, String) {
    let dims = fw
        .dimensions
        .iter()
        .map(|d| d.id.get_ref().as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let levels = level_list(fw);
    let q = current_quarter();
    let year = q.split('-').next().unwrap_or("").to_string();
    let first = first_dimension(fw);
    let brag = format!(
        "# Brag Document — Your Name — {year}

<!--
Your brag document: update it every Friday, quantify every outcome, include
the invisible work. It stays on your machine: careerbook reads it only with
`--overlay` (or CAREERBOOK_OVERLAY for `serve`) and never publishes it.

Each entry is a list item \"- Title: one sentence\", with nested fields:
  When:        a quarter (2026-Q1), a month (2026-03) or a day (2026-03-14)
  Dimensions:  the dimensions it evidences: {dims}
  Criteria:    optional, the criteria it evidences, by id, comma-separated
               (a criterion's link on a level page ends in #its-id); the
               Me page counts which criteria of your target level have
               evidence
  Level:       optional, the level it evidences: {levels}
  Story:       optional, for your story bank: technical challenge,
               collaboration, leadership, failure, impact
  My role, Impact, Skills demonstrated, or any \"Key: value\" you like.
Text outside entries is shown as notes under its section.

Assessments: mark each criterion on a level's page, download the
assessment and save it into assessments/ beside this file; the Me page
shows how the picture changes from one snapshot to the next.
-->

## Projects

- Example project: one sentence on what it was and why it mattered
  - When: {q}
  - Dimensions: {first}
  - Story: technical challenge
  - My role: what you did yourself
  - Impact: the measurable outcome, e.g. cut p99 latency from 800 ms to 200 ms
  - Skills demonstrated: ...

## Design and Architecture

## Mentoring and Team Building

## Operational Excellence

## Learning and Growth

## What I Want to Do Next

- A goal for next quarter
"
    );
    let track = fw.tracks.first();
    let current = track
        .and_then(|t| t.levels.first())
        .map_or("mid", |l| l.get_ref().as_str());
    let target = track
        .and_then(|t| t.levels.get(1))
        .map_or(current, |l| l.get_ref().as_str());
    let packet = format!(
        "# Promotion packet — Your Name

- Current level: {current}
- Target level: {target}

<!-- Level ids: {levels}. Cite brag entries as [[brag:Entry title]]. -->

## Summary

## Projects at target scope

- What you did at the target level's scope. [[brag:Example project]]

## Influence beyond the team

## Mentoring and multiplier effects

## Growth areas
"
    );
    (brag, packet)
}

/// Creates an overlay folder with a commented brag document and packet.
pub(crate) fn init_overlay(dir: &Path, fw: &Framework) -> Result<Vec<PathBuf>, Diagnostic> {
    let (brag, packet) = overlay_templates(fw);
    let files = [
        (crate::overlay::BRAG_FILE, brag),
        (crate::overlay::PACKET_FILE, packet),
    ];
    for (name, _) in &files {
        if dir.join(name).exists() {
            return Err(
                Diagnostic::error(format!("{} already exists", dir.join(name).display()))
                    .hint("careerbook never overwrites your overlay; pick another folder"),
            );
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!("cannot create `{}`: {e}", dir.display()))
            .hint("check that the folder is writable")
    })?;
    let mut written = Vec::new();
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| {
            Diagnostic::error(format!("cannot write `{}`: {e}", p.display()))
                .hint("check that the folder is writable")
        })?;
        written.push(p);
    }
    Ok(written)
}

/// Adds an entry to the overlay's brag document, at the end of its first
/// section (or of the file when it has none).
pub(crate) fn add_brag_entry(
    dir: &Path,
    title: &str,
    fw: &Framework,
) -> Result<PathBuf, Diagnostic> {
    let path = dir.join(crate::overlay::BRAG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(format!("cannot read `{}`: {e}", path.display())).hint(
            "create the overlay first with `careerbook init --overlay DIR`, or pass --overlay",
        )
    })?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let first = lines.iter().position(|l| l.starts_with("## "));
    let mut at = match first {
        Some(i) => lines
            .iter()
            .enumerate()
            .skip(i + 1)
            .find(|(_, l)| l.starts_with("## "))
            .map_or(lines.len(), |(j, _)| j),
        None => lines.len(),
    };
    // Trailing blank lines of the section go after the new entry.
    while at > 0 && lines[at - 1].trim().is_empty() {
        at -= 1;
    }
    let mut block: Vec<String> = vec![String::new()];
    block.extend(brag_entry(title, fw).lines().map(str::to_string));
    lines.splice(at..at, block);
    let mut out = lines.join("\n");
    out.push('\n');
    std::fs::write(&path, out).map_err(|e| {
        Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
            .hint("check that the file is writable")
    })?;
    Ok(path)
}
