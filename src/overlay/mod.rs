//! The personal overlay: a reader's brag document and promotion packet,
//! read from a folder outside the handbook and set against its levels.
//!
//! Privacy is the point of this module's shape: it is reached only from an
//! explicit path (`--overlay`, or `CAREERBOOK_OVERLAY` for `serve`), never
//! from book.toml, and a build without that path never calls it. What it
//! produces is rendered only into an overlay build's own output.

mod hints;
pub(crate) mod parse;
pub(crate) use hints::{hints, quantified};

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
    // A level renamed since the overlay was written (`formerly`): its old
    // id reads as the new one.
    let renamed = |id: &str| -> Option<String> {
        hb.levels()
            .iter()
            .find(|l| l.meta.formerly.iter().any(|f| f.get_ref() == id))
            .map(|l| l.id.clone())
    };
    for e in &mut brag.entries {
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
    let overlay = Overlay {
        brag,
        brag_src,
        packet,
    };
    let d = check(&overlay, hb);
    if d.has_errors() {
        return Err(d);
    }
    Ok(overlay)
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
            None => diag.hint(format!("{what}s are: {}", known.join(", "))),
        }
    };
    for e in &o.brag.entries {
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

/// How well one dimension is evidenced.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Strength {
    Gap,
    Thin,
    Some,
    Strong,
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct DimensionEvidence {
    pub dimension: String,
    pub name: String,
    pub statement: String,
    pub criteria: Vec<String>,
    pub entries: Vec<String>,
    pub count: usize,
    pub quantified: usize,
    pub latest: String,
    pub strength: Strength,
}

/// For a level: each dimension's expectation beside the entries that
/// evidence it. Recency is measured against the newest entry, so the map
/// does not change with the day it is built.
pub(crate) fn evidence_map(o: &Overlay, hb: &Handbook, level: &str) -> Vec<DimensionEvidence> {
    let newest = o.brag.entries.iter().filter_map(|e| e.when).max();
    let Some(lv) = hb.level(level) else {
        return Vec::new();
    };
    let fw = &hb.framework;
    let dims = hb
        .families
        .of(level)
        .map(|f| f.dimensions(fw))
        .unwrap_or_else(|| fw.dimensions.iter().collect());
    dims.iter()
        .map(|dim| {
            let id = dim.id.get_ref();
            let exp = lv.meta.expectation(id);
            let ev: Vec<&Entry> = o
                .brag
                .entries
                .iter()
                .filter(|e| e.dimensions.iter().any(|d| d == id))
                .collect();
            let quantified_n = ev
                .iter()
                .filter(|e| e.field("impact").is_some_and(quantified))
                .count();
            let latest = ev.iter().filter_map(|e| e.when).max();
            let recent = match (latest, newest) {
                (Some(l), Some(n)) => n.quarter_index() - l.quarter_index() <= 2,
                _ => false,
            };
            let strength = match ev.len() {
                0 => Strength::Gap,
                n if n >= 3 && quantified_n >= 2 && recent => Strength::Strong,
                n if n >= 2 && quantified_n >= 1 => Strength::Some,
                _ => Strength::Thin,
            };
            let (statement, criteria) = match &lv.meta.requires {
                Some(rule) => asked_by_rule(fw, rule, dim, dims.len()),
                None => (
                    exp.map(|e| e.statement.clone()).unwrap_or_default(),
                    exp.map(|e| e.criteria.iter().map(|c| c.text.clone()).collect())
                        .unwrap_or_default(),
                ),
            };
            DimensionEvidence {
                dimension: id.clone(),
                name: dim.name.clone(),
                statement,
                criteria,
                entries: ev.iter().map(|e| e.title.clone()).collect(),
                count: ev.len(),
                quantified: quantified_n,
                latest: latest.map(|w| w.quarter_label()).unwrap_or_default(),
                strength,
            }
        })
        .collect()
}

/// For a level defined by a rule over tiers: the clauses a dimension can
/// count towards, and the criteria of the highest tier they name on it.
fn asked_by_rule(
    fw: &crate::model::Framework,
    rule: &crate::kinds::level::rule::Rule,
    dim: &crate::model::Dimension,
    n: usize,
) -> (String, Vec<String>) {
    let applies: Vec<&crate::kinds::level::rule::Clause> = rule
        .clauses()
        .filter(|c| {
            c.dimension
                .as_ref()
                .is_none_or(|d| d.get_ref() == dim.id.get_ref())
        })
        .collect();
    let statement = match applies.is_empty() {
        true => String::new(),
        false => format!(
            "Counts towards: {}.",
            applies
                .iter()
                .map(|c| c.describe(fw, n))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    let top = applies.iter().max_by_key(|c| c.threshold(fw));
    let criteria = top
        .and_then(|c| fw.tier(dim.id.get_ref(), c.tier.get_ref()))
        .map(|t| t.criteria.iter().map(|c| c.text.clone()).collect())
        .unwrap_or_default();
    (statement, criteria)
}
