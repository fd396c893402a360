//! Monzo's prose frameworks (`yaml: false`): `## Level N` sections with a
//! `### Topic` paragraph each.

use super::{Framework, Topic};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::import::Dimension;
use crate::markdown::slugify_id;
use crate::source::SourceFile;

/// Prose frameworks: `## Level N` sections, each with `### Topic` paragraphs.
pub(super) fn prose_framework(
    src: &SourceFile,
    body_start: usize,
    name: String,
    d: &mut Diagnostics,
) -> Option<Framework> {
    let mut topics: Vec<Topic> = Vec::new();
    let mut level: Option<usize> = None;
    let mut topic: Option<usize> = None;
    let mut offset = body_start;
    let mut max_level = 0;
    for line in src
        .text
        .get(body_start..)
        .unwrap_or("")
        .split_inclusive('\n')
    {
        let here = offset;
        offset += line.len();
        let t = line.trim();
        if let Some(h) = t.strip_prefix("## ") {
            let n = h
                .trim()
                .strip_prefix("Level ")
                .and_then(|n| n.trim().parse::<usize>().ok());
            match n {
                Some(n) if n == max_level + 1 => {
                    level = Some(n);
                    max_level = n;
                    topic = None;
                }
                _ => {
                    d.push(
                        Diagnostic::error(format!("expected `## Level {}`", max_level + 1))
                            .at(src, here, t.len())
                            .hint("prose frameworks list their levels in order as `## Level 1`, `## Level 2`, ..."),
                    );
                    return None;
                }
            }
        } else if let Some(h) = t.strip_prefix("### ") {
            let Some(n) = level else {
                d.push(
                    Diagnostic::error("a topic before the first `## Level` heading")
                        .at(src, here, t.len())
                        .hint("start with `## Level 1`"),
                );
                return None;
            };
            let id = slugify_id(h);
            let i = match topics.iter().position(|x| x.dim.id == id) {
                Some(i) => i,
                None => {
                    topics.push(Topic {
                        dim: Dimension {
                            id,
                            name: h.trim().to_string(),
                            description: String::new(),
                            tiers: Vec::new(),
                        },
                        levels: Vec::new(),
                    });
                    topics.len() - 1
                }
            };
            let want = n.max(topics[i].levels.len());
            topics[i].levels.resize(want, (String::new(), Vec::new()));
            topic = Some(i);
        } else if t == "---" || t.is_empty() {
            if let (Some(i), Some(n)) = (topic, level) {
                let cell = &mut topics[i].levels[n - 1].0;
                if !cell.is_empty() && !cell.ends_with("\n\n") && t.is_empty() {
                    cell.push_str("\n\n");
                }
            }
        } else if let (Some(i), Some(n)) = (topic, level) {
            let cell = &mut topics[i].levels[n - 1].0;
            if !cell.is_empty() && !cell.ends_with("\n\n") {
                cell.push(' ');
            }
            cell.push_str(t);
        } else if !t.is_empty() {
            d.push(
                Diagnostic::warning("text outside a `### Topic` section is not imported")
                    .at(src, here, t.len())
                    .hint("put it under a topic heading"),
            );
        }
    }
    for t in &mut topics {
        for (statement, _) in &mut t.levels {
            *statement = statement.trim().to_string();
        }
    }
    Some(Framework {
        name,
        levels: max_level,
        topics,
    })
}
