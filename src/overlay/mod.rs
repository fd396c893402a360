//! The personal overlay: a reader's brag document and promotion packet,
//! read from a folder outside the handbook and set against its levels.
//!
//! Privacy is the point of this module's shape: it is reached only from an
//! explicit path (`--overlay`, or `CAREERBOOK_OVERLAY` for `serve`), never
//! from book.toml, and a build without that path never calls it. What it
//! produces is rendered only into an overlay build's own output.

pub(crate) mod assessments;
pub(crate) mod criteria;
mod evidence;
mod hints;
pub(crate) mod parse;
mod progress;
pub(crate) use evidence::{
    criteria_map, evidence_map, CriterionEvidence, DimensionEvidence, Strength,
};
pub(crate) use hints::{hints, quantified};
pub(crate) use progress::{progress, LevelProgress};

use std::path::Path;

use crate::diagnostics::{did_you_mean, display_path, Diagnostic, Diagnostics};
use crate::model::Handbook;
use crate::source::SourceFile;
pub(crate) use parse::{Brag, Entry, Packet};

pub(crate) const BRAG_FILE: &str = "brag.md";
pub(crate) const PACKET_FILE: &str = "packet.md";

/// Story bank categories (the STAR+ guide): an interview loop asks for each.
pub(crate) const STORY_CATEGORIES: [&str; 5] = [
    "technical challenge",
    "collaboration",
    "leadership",
    "failure",
    "impact",
];

#[derive(Debug)]
pub(crate) struct Overlay {
    pub brag: Brag,
    pub brag_src: SourceFile,
    pub packet: Option<(Packet, SourceFile)>,
    /// Assessment snapshots (`assessments/*.md`), oldest first.
    pub assessments: Vec<assessments::Snapshot>,
    /// What was written but is not shown, and files that are not read.
    pub warnings: Diagnostics,
}

/// Files in the overlay folder that careerbook does not read (hidden files
/// aside): each is a warning, so nothing is silently ignored.
fn stray_files(dir: &Path) -> Diagnostics {
    let mut d = Diagnostics::new();
    let Ok(list) = std::fs::read_dir(dir) else {
        return d;
    };
    let mut names: Vec<String> = list
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .filter(|n| ![BRAG_FILE, PACKET_FILE, assessments::FOLDER].contains(&n.as_str()))
        .collect();
    names.sort();
    for n in names {
        let shown = display_path(&dir.join(&n), Path::new(""));
        d.push(
            Diagnostic::warning(format!("`{n}` in the overlay folder is not read"))
                .in_file(&shown)
                .hint("the overlay reads brag.md, packet.md and assessments/*.md; move other files out of the folder"),
        );
    }
    d
}

fn read(dir: &Path, name: &str) -> Result<Option<SourceFile>, Diagnostic> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(format!("cannot read the overlay file: {e}"))
            .in_file(&path.display().to_string())
            .hint("check the file's permissions")
    })?;
    let shown = display_path(&path, Path::new(""));
    SourceFile::from_bytes(path, shown, bytes).map(Some)
}

/// Reads the overlay folder and checks it against the handbook.
pub(crate) fn load(dir: &Path, hb: &Handbook) -> Result<Overlay, Diagnostics> {
    if !dir.is_dir() {
        return Err(Diagnostic::error(format!("overlay folder `{}` not found", dir.display()))
            .hint("pass the folder holding brag.md (and optionally packet.md); `careerbook init --overlay DIR` creates one")
            .into());
    }
    let brag_src = read(dir, BRAG_FILE)?.ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::error(format!(
                "no {BRAG_FILE} in the overlay folder `{}`",
                dir.display()
            ))
            .hint("the overlay's brag document is brag.md; see examples/overlay/ for one to copy"),
        )
    })?;
    let mut brag = parse::brag(&brag_src)?;
    let mut packet = read(dir, PACKET_FILE)?.map(|src| (parse::packet(&src), src));
    let mut warnings = stray_files(dir);
    warnings.extend(std::mem::take(&mut brag.warnings).into_vec());
    if let Some((p, _)) = &mut packet {
        warnings.extend(std::mem::take(&mut p.warnings).into_vec());
    }
    let resolver = crate::model::Resolver::new(hb);
    let known = criteria::all_ids(hb);
    // A criterion renamed since (`formerly`) reads as its new id.
    let criterion = |id: &str| -> Option<String> {
        (!known.contains(&id))
            .then(|| resolver.renamed(true, id))
            .flatten()
            .map(str::to_string)
    };
    // A level renamed since the overlay was written (`formerly`): its old
    // id reads as the new one.
    let renamed = |id: &str| -> Option<String> {
        hb.levels()
            .iter()
            .find(|l| l.meta.formerly.iter().any(|f| f.get_ref() == id))
            .map(|l| l.id.clone())
    };
    for e in &mut brag.entries {
        for (id, _) in &mut e.criteria {
            if let Some(now) = criterion(id) {
                *id = now;
            }
        }
        if let Some(now) = e.level.as_deref().and_then(renamed) {
            e.level = Some(now);
        }
        for f in e
            .fields
            .iter_mut()
            .filter(|f| f.key.eq_ignore_ascii_case("level"))
        {
            if let Some(now) = renamed(&f.value) {
                f.value = now;
            }
        }
    }
    if let Some((p, _)) = &mut packet {
        for (level, _) in [&mut p.current, &mut p.target].into_iter().flatten() {
            if let Some(now) = renamed(level) {
                *level = now;
            }
        }
    }
    let assessments = assessments::load(&dir.join(assessments::FOLDER), hb, &mut warnings)?;
    let mut overlay = Overlay {
        brag,
        brag_src,
        packet,
        assessments,
        warnings: Diagnostics::new(),
    };
    let d = check(&overlay, hb);
    if d.has_errors() {
        return Err(d);
    }
    warnings.extend(d.into_vec());
    warnings.sort();
    overlay.warnings = warnings;
    Ok(overlay)
}

/// Cross-references in the brag document's notes: shown as links, so one
/// that does not resolve is a warning where it is written.
fn note_references(o: &Overlay, hb: &Handbook) -> Diagnostics {
    let mut d = Diagnostics::new();
    let resolver = crate::model::Resolver::new(hb);
    let titles: Vec<&str> = o.brag.entries.iter().map(|e| e.title.as_str()).collect();
    for n in &o.brag.notes {
        let mut rest = n.text.as_str();
        while let Some(i) = rest.find("[[") {
            let Some(end) = rest[i + 2..].find("]]") else {
                break;
            };
            let inner = &rest[i + 2..i + 2 + end];
            rest = &rest[i + 2 + end + 2..];
            let target = inner.split('|').next().unwrap_or(inner).trim();
            let problem = match target.strip_prefix("brag:") {
                Some(t) if titles.contains(&t.trim()) => None,
                Some(t) => Some((
                    format!("unknown brag entry `{}`", t.trim()),
                    did_you_mean(t.trim(), titles.iter().copied())
                        .map_or("cite an entry by its title".into(), |b| {
                            format!("did you mean `{b}`?")
                        }),
                )),
                None => resolver
                    .resolve(target, None)
                    .err()
                    .map(|u| (u.message, u.hint)),
            };
            if let Some((message, hint)) = problem {
                let from = o.brag_src.text.get(n.offset..).and_then(|t| t.find(inner));
                d.push(
                    Diagnostic::warning(message)
                        .at(&o.brag_src, n.offset + from.unwrap_or(0), inner.len())
                        .hint(hint),
                );
            }
        }
    }
    d
}

/// The overlay's references to the handbook must resolve, like any
/// cross-reference: dimensions, levels, story categories and citations.
pub(crate) fn check(o: &Overlay, hb: &Handbook) -> Diagnostics {
    let mut d = Diagnostics::new();
    let dims: Vec<&str> = hb
        .framework
        .dimensions
        .iter()
        .map(|x| x.id.get_ref().as_str())
        .collect();
    let levels: Vec<&str> = hb.levels().iter().map(|l| l.id.as_str()).collect();
    let at = |src: &SourceFile, offset: usize, needle: &str| {
        src.text
            .get(offset..)
            .and_then(|t| t.find(needle))
            .map_or(offset, |i| offset + i)
    };
    let unknown = |what: &str, value: &str, known: &[&str], src: &SourceFile, offset: usize| {
        let diag =
            Diagnostic::error(format!("unknown {what} `{value}`")).at(src, offset, value.len());
        match did_you_mean(value, known.iter().copied()) {
            Some(b) => diag.hint(format!("did you mean `{b}`?")),
            None => {
                let plural = what
                    .strip_suffix('y')
                    .map_or_else(|| format!("{what}s"), |w| format!("{w}ies"));
                diag.hint(format!("{plural} are: {}", known.join(", ")))
            }
        }
    };
    let criteria = criteria::all_ids(hb);
    for e in &o.brag.entries {
        for (id, offset) in &e.criteria {
            if !criteria.contains(&id.as_str()) {
                let diag = unknown("criterion", id, &[], &o.brag_src, *offset);
                d.push(match did_you_mean(id, criteria.iter().copied()) {
                    Some(b) => diag.hint(format!("did you mean `{b}`?")),
                    None => diag.hint("cite criteria by id, as a level's page shows them (a criterion's link ends in #its-id), separated by commas"),
                });
            }
        }
        for f in &e.fields {
            let key = f.key.to_ascii_lowercase();
            if key.starts_with("dimension") {
                for dim in &e.dimensions {
                    if !dims.contains(&dim.as_str()) {
                        d.push(unknown(
                            "dimension",
                            dim,
                            &dims,
                            &o.brag_src,
                            at(&o.brag_src, f.offset, dim),
                        ));
                    }
                }
            }
            if key == "level" && !levels.contains(&f.value.as_str()) {
                d.push(unknown("level", &f.value, &levels, &o.brag_src, f.offset));
            }
            if key == "story" && !STORY_CATEGORIES.contains(&f.value.to_ascii_lowercase().as_str())
            {
                d.push(unknown(
                    "story category",
                    &f.value,
                    &STORY_CATEGORIES,
                    &o.brag_src,
                    f.offset,
                ));
            }
        }
    }
    d.extend(note_references(o, hb).into_vec());
    if let Some((p, src)) = &o.packet {
        for (what, v) in [("current", &p.current), ("target", &p.target)] {
            if let Some((level, offset)) = v {
                if !levels.contains(&level.as_str()) {
                    d.push(
                        unknown("level", level, &levels, src, *offset)
                            .hint(format!("the {what} level names a level id")),
                    );
                }
            }
        }
        if p.target.is_none() {
            d.push(
                Diagnostic::error("the packet names no target level")
                    .in_file(&src.display)
                    .hint("add a line `- Target level: senior` (a level id) near the top"),
            );
        }
        let titles: Vec<&str> = o.brag.entries.iter().map(|e| e.title.as_str()).collect();
        for c in &p.citations {
            if !titles.contains(&c.title.as_str()) {
                d.push(unknown("brag entry", &c.title, &titles, src, c.offset));
            }
        }
    }
    d.sort();
    d
}
