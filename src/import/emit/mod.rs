//! Writes a [`Ladder`] as a careerbook handbook: book.toml,
//! content/framework.toml, a home page and one page per level.
//!
//! The files are written as a person would write them (one table per
//! dimension, criteria in order, comments where the source was silent), since
//! after the import they belong to the team that edits them.

use std::fmt::Write as _;
use std::path::Path;

mod families;

use super::{Format, Ladder};
use crate::diagnostics::Diagnostic;

/// A TOML basic string.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

pub(crate) fn book_toml(ladder: &Ladder) -> String {
    format!(
        "[book]\ntitle = {}\ndescription = {}\n",
        quote(&ladder.name),
        quote(&one_line(&ladder.summary))
    )
}

pub(crate) fn framework_toml(ladder: &Ladder, format: Format) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Imported by `careerbook import {}` from {}.\n# From here on this is your handbook's framework: edit it freely.\n",
        format.name(),
        ladder.source
    );
    let _ = writeln!(s, "[framework]\nname = {}", quote(&ladder.name));
    let _ = writeln!(s, "description = {}", quote(ladder.summary.trim()));
    if !ladder.proficiency.is_empty() {
        let _ = writeln!(s, "proficiency = {}", list(&ladder.proficiency));
    }
    for d in &ladder.dimensions {
        let _ = writeln!(
            s,
            "\n[[dimensions]]\nid = {}\nname = {}",
            quote(&d.id),
            quote(&d.name)
        );
        if !d.description.trim().is_empty() {
            let _ = writeln!(s, "description = {}", quote(d.description.trim()));
        }
        for t in &d.tiers {
            let _ = writeln!(
                s,
                "\n[[dimensions.tiers]]\nproficiency = {}",
                quote(&t.proficiency)
            );
            for c in &t.criteria {
                let _ = writeln!(
                    s,
                    "[[dimensions.tiers.criteria]]\nid = {}\ntext = {}",
                    quote(&c.id),
                    quote(c.text.trim())
                );
                if !c.examples.is_empty() {
                    let _ = writeln!(s, "examples = {}", list(&c.examples));
                }
            }
        }
    }
    for t in &ladder.tracks {
        let _ = writeln!(
            s,
            "\n[[tracks]]\nid = {}\nname = {}\nlevels = {}",
            quote(&t.id),
            quote(&t.name),
            list(&t.levels)
        );
    }
    s
}

pub(crate) fn level_md(ladder: &Ladder, level: &super::Level, _family: &str) -> String {
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", quote(&level.title));
    let _ = writeln!(s, "summary = {}", quote(&one_line(&level.summary)));
    if level.role {
        s.push_str("role = true\n");
    }
    if let Some(from) = &level.inherits {
        let _ = writeln!(s, "inherits = {}", quote(from));
    }
    if let Some(r) = &level.requires {
        let _ = writeln!(s, "\n[requires]\ntext = {}", quote(&one_line(&r.text)));
        if r.all.is_empty() && r.any.is_empty() {
            s.push_str("# The importer could not read these words as clauses: add all = [...] or any = [...].\n");
        }
        for (key, clauses) in [("all", &r.all), ("any", &r.any)] {
            if !clauses.is_empty() {
                let list: Vec<String> = clauses.iter().map(clause).collect();
                let _ = writeln!(s, "{key} = [\n  {},\n]", list.join(",\n  "));
            }
        }
    }
    for e in &level.expectations {
        let dim = ladder
            .dimensions
            .iter()
            .find(|d| d.id == e.dimension)
            .map_or(e.dimension.as_str(), |d| d.name.as_str());
        let _ = writeln!(s, "\n[expectations.{}]", e.dimension);
        if e.statement.trim().is_empty() && e.criteria.is_empty() && e.proficiency.is_none() {
            let _ = writeln!(
                s,
                "# The source says nothing about {} at this level.",
                one_line(dim)
            );
        }
        if !e.statement.trim().is_empty() {
            let _ = writeln!(s, "statement = {}", quote(e.statement.trim()));
        }
        if let Some(p) = &e.proficiency {
            let _ = writeln!(s, "proficiency = {}", quote(p));
        }
        for c in &e.criteria {
            let _ = writeln!(
                s,
                "[[expectations.{}.criteria]]\nid = {}\ntext = {}",
                e.dimension,
                quote(&c.id),
                quote(c.text.trim())
            );
            if !c.examples.is_empty() {
                let _ = writeln!(s, "examples = {}", list(&c.examples));
            }
        }
    }
    s.push_str("+++\n");
    if !level.body.trim().is_empty() {
        s.push('\n');
        s.push_str(level.body.trim());
        s.push('\n');
    }
    s
}

/// A clause of a level's rule as an inline table.
fn clause(c: &super::Clause) -> String {
    let mut s = format!("{{ tier = {}", quote(&c.tier));
    match (&c.dimension, c.count) {
        (Some(d), _) => {
            let _ = write!(s, ", dimension = {}", quote(d));
        }
        (None, None) => s.push_str(", count = \"all\""),
        (None, Some(n)) => {
            let _ = write!(s, ", count = {n}");
        }
    }
    if c.partly {
        s.push_str(", partly = true");
    }
    s.push_str(" }");
    s
}

pub(crate) fn home_md(ladder: &Ladder, format: Format) -> String {
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", quote(&ladder.name));
    let _ = writeln!(s, "summary = {}", quote(&one_line(&ladder.summary)));
    s.push_str("+++\n\n");
    if !ladder.summary.trim().is_empty() {
        s.push_str(ladder.summary.trim());
        s.push_str("\n\n");
    }
    let _ = writeln!(
        s,
        "This handbook was imported with `careerbook import {}` from {}. It has {} levels described on {} dimensions, with {} criteria.",
        format.name(),
        escape_md(&ladder.source),
        ladder.levels.len(),
        ladder.dimensions.len(),
        ladder.criteria_count()
    );
    s
}

/// Writes the import into `dir` (created): one ladder as a handbook of
/// one family, several as a handbook with a family each.
pub(crate) fn write(ladders: &[Ladder], format: Format, dir: &Path) -> Result<(), Diagnostic> {
    let io = |e: std::io::Error| {
        Diagnostic::error(format!(
            "cannot write the import into `{}`: {e}",
            dir.display()
        ))
        .hint("check that the destination's parent folder is writable and has space")
    };
    let put = |rel: &str, text: String| -> Result<(), Diagnostic> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(path, text).map_err(io)
    };
    if let [ladder] = ladders {
        put("book.toml", book_toml(ladder))?;
        put("content/framework.toml", framework_toml(ladder, format))?;
        put("content/index.md", home_md(ladder, format))?;
        for l in &ladder.levels {
            put(
                &format!("content/levels/{}.md", l.id),
                level_md(ladder, l, ""),
            )?;
        }
        return Ok(());
    }
    let all = families::combined(ladders);
    put("book.toml", book_toml(&all))?;
    put("content/framework.toml", framework_toml(&all, format))?;
    put("content/index.md", families::home_md(ladders, format))?;
    let library = ladders
        .iter()
        .find(|l| l.library)
        .map_or("", |l| l.slug.as_str());
    for ladder in ladders {
        put(
            &format!("content/families/{}.md", ladder.slug),
            families::family_md(ladder, format),
        )?;
        for l in &ladder.levels {
            let mut level = l.clone();
            if !ladder.keep_ids {
                level.id = families::level_id(ladder, &l.id);
                level.inherits = l.inherits.as_ref().map(|i| format!("{library}-{i}"));
            }
            // Two families' "Level 3" would read alike in lists and search.
            let clash = ladders
                .iter()
                .any(|o| o.slug != ladder.slug && o.levels.iter().any(|x| x.title == l.title));
            if clash {
                level.title = format!("{}: {}", ladder.name, l.title);
            }
            put(
                &format!("content/levels/{}/{}.md", ladder.slug, level.id),
                level_md(ladder, &level, ""),
            )?;
        }
    }
    Ok(())
}

pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Source names are paths and titles: keep Markdown from reading them.
pub(super) fn escape_md(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
