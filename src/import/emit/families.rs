//! Writing an import of several ladders: a job family each, the
//! dimensions of all of them declared once in framework.toml, level ids
//! prefixed with their family's so they stay unique, and the library's
//! criteria inherited rather than copied.

use std::fmt::Write as _;

use super::{markdown_text, one_line, quote};
use crate::import::{Format, Ladder};

/// A level's id in the handbook: its family's id, then its own.
pub(super) fn level_id(ladder: &Ladder, id: &str) -> String {
    match ladder.keep_ids {
        true => id.to_string(),
        false => format!("{}-{id}", ladder.slug),
    }
}

/// What framework.toml and book.toml hold for the whole import: every
/// ladder's dimensions (a dimension id shared by several ladders once, as
/// the first declares it, with the first description any of them gives), the proficiency scale, no tracks.
pub(super) fn combined(ladders: &[Ladder]) -> Ladder {
    let mut all = Ladder {
        name: "Career ladders".into(),
        summary: format!(
            "{} job families: {}.",
            ladders.len(),
            ladders
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        source: format!(
            "{} ladders, each named in its family's document in content/families/",
            ladders.len()
        ),
        markdown: ladders.iter().all(|l| l.markdown),
        ..Ladder::default()
    };
    for l in ladders {
        if all.proficiency.is_empty() {
            all.proficiency = l.proficiency.clone();
        }
        for d in &l.dimensions {
            match all.dimensions.iter_mut().find(|x| x.id == d.id) {
                Some(known) if known.description.trim().is_empty() => {
                    known.description.clone_from(&d.description);
                }
                Some(_) => {}
                None => all.dimensions.push(d.clone()),
            }
        }
    }
    all
}

/// A family's document: its name, dimensions and tracks.
pub(super) fn family_md(ladder: &Ladder, format: Format) -> String {
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", quote(&ladder.name));
    let _ = writeln!(s, "summary = {}", quote(&one_line(&ladder.summary)));
    let dims: Vec<String> = ladder.dimensions.iter().map(|d| quote(&d.id)).collect();
    let _ = writeln!(s, "dimensions = [{}]", dims.join(", "));
    for t in &ladder.tracks {
        let levels: Vec<String> = t
            .levels
            .iter()
            .map(|l| quote(&level_id(ladder, l)))
            .collect();
        let _ = writeln!(
            s,
            "\n[[tracks]]\nid = {}\nname = {}\nlevels = [{}]",
            quote(&t.id),
            quote(&t.name),
            levels.join(", ")
        );
    }
    s.push_str("+++\n\n");
    let _ = writeln!(
        s,
        "Imported with `careerbook import {}` from {}. {} levels on {} dimensions, with {} criteria{}.",
        format.name(),
        markdown_text(&ladder.source),
        ladder.levels.len(),
        ladder.dimensions.len(),
        ladder.criteria_count(),
        if ladder.library {
            "; the other families' levels inherit them"
        } else {
            ""
        }
    );
    s
}

/// The home page of a many-family import.
pub(super) fn home_md(ladders: &[Ladder], format: Format) -> String {
    let mut s = String::from("+++\ntitle = \"Career ladders\"\n");
    let _ = writeln!(
        s,
        "summary = {}",
        quote(&format!(
            "{} job families, imported with careerbook import {}.",
            ladders.len(),
            format.name()
        ))
    );
    s.push_str("+++\n\nThe job families of this handbook:\n\n");
    for l in ladders {
        let _ = writeln!(
            s,
            "- [[family:{}]]: {} levels, {} criteria{}",
            l.slug,
            l.levels.len(),
            l.criteria_count(),
            if l.library {
                " (shared by the others)"
            } else {
                ""
            }
        );
    }
    s
}
