//! The Financial Times engineering-progression job family format: one YAML
//! file with `levels`, `themes` and `competencies` (see its JSON Schema,
//! `test/schema/job-family.json` in Financial-Times/engineering-progression).
//!
//! Levels map to levels, themes to dimensions, each competency to a criterion
//! keeping its UUID, legacy `examples` to the criterion's examples. The
//! schema's `proficiency` enum becomes the framework's proficiency scale.
//! Levels named `*-ic` / `*-pm` fork the ladder into an individual
//! contributor and a people manager track that share the levels below.

use std::collections::HashMap;
use std::path::Path;

use super::emit::{markdown_text, one_line};
use super::yaml::{self, Doc, Node};
use super::{Criterion, Dimension, Expectation, Ladder, Level, Track};
use crate::diagnostics::{did_you_mean, Diagnostics};

/// The schema's proficiency enum, lowest first.
pub(crate) const PROFICIENCY: [&str; 5] = [
    "Awareness",
    "Foundational",
    "Working knowledge",
    "Practitioner",
    "Expert",
];

const FAMILY_FIELDS: [&str; 7] = [
    "name",
    "summary",
    "googleSheetId",
    "isLegacy",
    "levels",
    "themes",
    "competencies",
];
const COMPETENCY_FIELDS: [&str; 7] = [
    "id",
    "summary",
    "examples",
    "supportingUrls",
    "level",
    "theme",
    "proficiency",
];

/// Fork suffixes and the tracks they make.
const FORKS: [(&str, &str, &str); 2] = [
    ("-ic", "ic", "Individual contributor"),
    ("-pm", "pm", "People manager"),
];

pub(crate) fn read(source: &Path) -> Result<(Vec<Ladder>, Diagnostics), Diagnostics> {
    let src = super::read_source(source, source.parent().unwrap_or(Path::new("")))?;
    let doc = yaml::parse(src.clone(), 0, src.text.len())?;
    let mut d = Diagnostics::new();
    d.extend(yaml::tab_warnings(&src, 0, src.text.len()));
    let ladder = family(&doc, source, &mut d);
    match ladder {
        Some(l) if !d.has_errors() => Ok((vec![l], d)),
        _ => Err(d),
    }
}

fn family(doc: &Doc, source: &Path, d: &mut Diagnostics) -> Option<Ladder> {
    let f = doc.fields(&doc.root, "a job family", &FAMILY_FIELDS, d)?;
    let name = req_string(doc, &f, "name", "the job family's `name`", d);
    let summary = f
        .get("summary")
        .and_then(|n| doc.string(n, "`summary`").ok())
        .unwrap_or_default();
    let mut ladder = Ladder {
        name: name.unwrap_or_default(),
        summary,
        source: format!(
            "the Financial Times job family `{}`",
            source
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ),
        proficiency: PROFICIENCY.iter().map(|s| s.to_string()).collect(),
        ..Ladder::default()
    };
    read_levels(doc, &f, &mut ladder, d);
    read_themes(doc, &f, &mut ladder, d);
    for l in &mut ladder.levels {
        l.expectations = ladder
            .dimensions
            .iter()
            .map(|dim| Expectation {
                dimension: dim.id.clone(),
                ..Expectation::default()
            })
            .collect();
    }
    let mut read = Competencies::default();
    if let Some(n) = req(doc, &f, "competencies", d) {
        for item in seq(doc, n, "`competencies`", d) {
            read_competency(doc, item, &mut ladder, &mut read, d);
        }
    }
    read.finish(&mut ladder);
    ladder.tracks = tracks(&ladder);
    if d.has_errors() {
        None
    } else {
        Some(ladder)
    }
}

/// The family's levels, in source order.
fn read_levels(doc: &Doc, f: &yaml::Fields, ladder: &mut Ladder, d: &mut Diagnostics) {
    let Some(n) = req(doc, f, "levels", d) else {
        return;
    };
    let mut seen: Vec<String> = Vec::new();
    for item in seq(doc, n, "`levels`", d) {
        let Some(lf) = doc.fields(item, "a level", &["id", "name"], d) else {
            continue;
        };
        let (Some(id), Some(title)) = (
            req_id(doc, &lf, "the level's `id`", d),
            req_string(doc, &lf, "name", "the level's `name`", d),
        ) else {
            continue;
        };
        if seen.contains(&id) {
            d.push(
                doc.error(item, format!("level `{id}` is defined twice"))
                    .hint("level ids are unique in a job family"),
            );
            continue;
        }
        seen.push(id.clone());
        ladder.levels.push(Level {
            id,
            summary: format!("{title} in the {} job family.", ladder.name),
            title,
            ..Level::default()
        });
    }
    if ladder.levels.is_empty() {
        d.push(
            doc.error(n, "the job family defines no levels")
                .hint("list the levels under `levels:`, each with an `id` and a `name`"),
        );
    }
}

/// The family's themes (dimensions), in source order.
fn read_themes(doc: &Doc, f: &yaml::Fields, ladder: &mut Ladder, d: &mut Diagnostics) {
    let Some(n) = req(doc, f, "themes", d) else {
        return;
    };
    for item in seq(doc, n, "`themes`", d) {
        let Some(tf) = doc.fields(item, "a theme", &["id", "name", "summary"], d) else {
            continue;
        };
        let (Some(id), Some(name)) = (
            req_id(doc, &tf, "the theme's `id`", d),
            req_string(doc, &tf, "name", "the theme's `name`", d),
        ) else {
            continue;
        };
        if ladder.dimensions.iter().any(|x| x.id == id) {
            d.push(
                doc.error(item, format!("theme `{id}` is defined twice"))
                    .hint("theme ids are unique in a job family"),
            );
            continue;
        }
        let description = tf
            .get("summary")
            .and_then(|n| doc.string(n, "`summary`").ok())
            .unwrap_or_default();
        ladder.dimensions.push(Dimension {
            id,
            name,
            description: description.split_whitespace().collect::<Vec<_>>().join(" "),
            tiers: Vec::new(),
        });
    }
    if ladder.dimensions.is_empty() {
        d.push(
            doc.error(n, "the job family defines no themes")
                .hint("list the themes under `themes:`, each with an `id` and a `name`"),
        );
    }
}

/// What reading the competencies gathers besides criteria.
#[derive(Default)]
struct Competencies {
    /// Competency id -> offset of its first definition.
    seen: HashMap<String, usize>,
    /// (level, theme) -> proficiency ranks of its competencies.
    cells: HashMap<(usize, usize), Vec<usize>>,
    /// (level, competency id, label, url): kept on the level page.
    links: Vec<(usize, String, String, String)>,
}

impl Competencies {
    /// One proficiency per cell: the highest its competencies ask for (mixed
    /// cells, in legacy families, say so), and the supporting links as a
    /// list on each level's page.
    fn finish(self, ladder: &mut Ladder) {
        for ((li, ti), ranks) in &self.cells {
            let (Some(&low), Some(&high)) = (ranks.iter().min(), ranks.iter().max()) else {
                continue;
            };
            let cell = &mut ladder.levels[*li].expectations[*ti];
            cell.proficiency = Some(PROFICIENCY[high].to_string());
            if low != high {
                cell.statement = format!(
                    "Competencies here range from {} to {}.",
                    PROFICIENCY[low], PROFICIENCY[high]
                );
            }
        }
        for (li, id, label, url) in self.links {
            let body = &mut ladder.levels[li].body;
            if body.is_empty() {
                body.push_str("## Supporting links\n\n");
            }
            // The reader accepts only web addresses; the label is text.
            body.push_str(&format!(
                "- [{}](<{}>) (for [[#{id}|{}]])\n",
                markdown_text(&one_line(&label)),
                url.replace(['<', '>', ' '], ""),
                id.get(..8).unwrap_or(&id)
            ));
        }
    }
}

/// One competency, into its level and theme as a criterion.
fn read_competency(
    doc: &Doc,
    item: &Node,
    ladder: &mut Ladder,
    read: &mut Competencies,
    d: &mut Diagnostics,
) -> Option<()> {
    let cf = doc.fields(item, "a competency", &COMPETENCY_FIELDS, d)?;
    let id = req_string(doc, &cf, "id", "the competency's `id`", d);
    let text = req_string(doc, &cf, "summary", "the competency's `summary`", d);
    let level = cf.require(doc, "level").map_err(|e| d.push(e)).ok();
    let theme = cf.require(doc, "theme").map_err(|e| d.push(e)).ok();
    let prof = cf.require(doc, "proficiency").map_err(|e| d.push(e)).ok();
    let (id, text, level, theme, prof) = (id?, text?, level?, theme?, prof?);
    let id = id.to_ascii_lowercase();
    if !crate::markdown::is_valid_id(&id) {
        d.push(
            doc.error(
                cf.get("id").unwrap_or(item),
                format!("competency id `{id}` is not a usable id"),
            )
            .hint("ids are letters, digits and dashes, e.g. a UUID"),
        );
        return None;
    }
    let id_node = cf.get("id").unwrap_or(item);
    if let Some(&first) = read.seen.get(&id) {
        d.push(
            doc.error(id_node, format!("competency `{id}` appears twice"))
                .note("first here", &doc.src, first)
                .hint("each competency has its own UUID; generate a new one for the copy"),
        );
        return None;
    }
    read.seen.insert(id.clone(), id_node.offset);
    let levels = ladder.levels.iter().map(|l| l.id.as_str());
    let li = lookup(doc, level, "level", levels, d)?;
    let themes = ladder.dimensions.iter().map(|t| t.id.as_str());
    let ti = lookup(doc, theme, "theme", themes, d)?;
    let p = doc
        .string(prof, "`proficiency`")
        .map_err(|e| d.push(e))
        .ok()?;
    if !PROFICIENCY.contains(&p.as_str()) {
        let diag = doc.error(prof, format!("unknown proficiency `{p}`"));
        d.push(match did_you_mean(&p, PROFICIENCY) {
            Some(best) => diag.hint(format!("did you mean `{best}`?")),
            None => diag.hint(format!("the schema allows {}", PROFICIENCY.join(", "))),
        });
        return None;
    }
    let mut examples = Vec::new();
    if let Some(ex) = cf.get("examples") {
        for e in seq(doc, ex, "`examples`", d) {
            if let Ok(s) = doc.string(e, "an example").map_err(|e| d.push(e)) {
                examples.push(s.trim().to_string());
            }
        }
    }
    if let Some(urls) = cf.get("supportingUrls") {
        for u in seq(doc, urls, "`supportingUrls`", d) {
            if let Some((label, url)) = supporting_url(doc, u, d) {
                read.links.push((li, id.clone(), label, url));
            }
        }
    }
    let rank = PROFICIENCY.iter().position(|x| *x == p).unwrap_or(0);
    read.cells.entry((li, ti)).or_default().push(rank);
    ladder.levels[li].expectations[ti].criteria.push(Criterion {
        id,
        text: normalize(&text),
        examples,
    });
    Some(())
}

/// A competency's supporting URL: its label and web address.
fn supporting_url(doc: &Doc, u: &Node, d: &mut Diagnostics) -> Option<(String, String)> {
    let uf = doc.fields(u, "a supporting URL", &["label", "url"], d)?;
    let label = req_string(doc, &uf, "label", "the URL's `label`", d);
    let url = req_string(doc, &uf, "url", "the `url`", d);
    let (label, url) = (label?, url?);
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        d.push(
            doc.error(
                uf.get("url").unwrap_or(u),
                format!("`{url}` is not a web address"),
            )
            .hint("supporting URLs start with https://"),
        );
        return None;
    }
    Some((label, url))
}

/// FT's competency summaries are block scalars: keep paragraphs, drop the
/// line wrapping.
fn normalize(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Levels ending in a fork suffix start a track of their own; the levels
/// before the first fork, and any level without a suffix, are on every track.
fn tracks(ladder: &Ladder) -> Vec<Track> {
    let forked: Vec<(&str, &str, &str)> = FORKS
        .iter()
        .copied()
        .filter(|(suffix, _, _)| ladder.levels.iter().any(|l| l.id.ends_with(suffix)))
        .collect();
    if forked.len() < 2 {
        return vec![Track {
            id: "ladder".into(),
            name: ladder.name.clone(),
            levels: ladder.levels.iter().map(|l| l.id.clone()).collect(),
        }];
    }
    forked
        .iter()
        .map(|(suffix, id, name)| Track {
            id: (*id).to_string(),
            name: (*name).to_string(),
            levels: ladder
                .levels
                .iter()
                .filter(|l| {
                    l.id.ends_with(suffix) || !FORKS.iter().any(|(s, _, _)| l.id.ends_with(s))
                })
                .map(|l| l.id.clone())
                .collect(),
        })
        .collect()
}

fn req<'n>(
    doc: &Doc,
    f: &super::yaml::Fields<'n>,
    name: &str,
    d: &mut Diagnostics,
) -> Option<&'n Node> {
    f.require(doc, name).map_err(|e| d.push(e)).ok()
}

fn req_string(
    doc: &Doc,
    f: &super::yaml::Fields,
    name: &str,
    what: &str,
    d: &mut Diagnostics,
) -> Option<String> {
    let n = req(doc, f, name, d)?;
    doc.string(n, what).map_err(|e| d.push(e)).ok()
}

fn req_id(doc: &Doc, f: &super::yaml::Fields, what: &str, d: &mut Diagnostics) -> Option<String> {
    let s = req_string(doc, f, "id", what, d)?;
    if crate::markdown::is_valid_id(&s) {
        Some(s)
    } else {
        d.push(
            doc.error(f.get("id")?, format!("`{s}` is not a usable id"))
                .hint(format!(
                    "use lowercase letters, digits and dashes, e.g. `{}`",
                    crate::markdown::slugify_id(&s)
                )),
        );
        None
    }
}

fn seq<'n>(doc: &Doc, n: &'n Node, what: &str, d: &mut Diagnostics) -> &'n [Node] {
    doc.seq(n, what).map_err(|e| d.push(e)).unwrap_or(&[])
}

/// The index of the level or theme a competency names.
fn lookup<'a>(
    doc: &Doc,
    node: &Node,
    what: &str,
    known: impl Iterator<Item = &'a str>,
    d: &mut Diagnostics,
) -> Option<usize> {
    let name = doc.string(node, what).map_err(|e| d.push(e)).ok()?;
    let known: Vec<&str> = known.collect();
    if let Some(i) = known.iter().position(|k| *k == name) {
        return Some(i);
    }
    let diag = doc.error(node, format!("unknown {what} `{name}`"));
    d.push(match did_you_mean(&name, known.iter().copied()) {
        Some(best) => diag.hint(format!("did you mean `{best}`?")),
        None => diag.hint(format!("the job family's {what}s are {}", known.join(", "))),
    });
    None
}
