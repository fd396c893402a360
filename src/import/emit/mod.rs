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

/// A list of imported texts rendered as Markdown (examples).
fn texts(ladder: &Ladder, items: &[String]) -> String {
    let escaped: Vec<String> = items.iter().map(|s| markdown(ladder, s)).collect();
    list(&escaped)
}

/// Imported text as the handbook's Markdown (see [`Ladder::markdown`]).
fn markdown(ladder: &Ladder, s: &str) -> String {
    if ladder.markdown {
        safe_markdown(s)
    } else {
        markdown_text(s)
    }
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
            let _ = writeln!(
                s,
                "description = {}",
                quote(&markdown(ladder, d.description.trim()))
            );
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
                    quote(&markdown(ladder, c.text.trim()))
                );
                if !c.examples.is_empty() {
                    let _ = writeln!(s, "examples = {}", texts(ladder, &c.examples));
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
        let _ = writeln!(
            s,
            "\n[requires]\ntext = {}",
            quote(&markdown(ladder, &one_line(&r.text)))
        );
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
            let _ = writeln!(
                s,
                "statement = {}",
                quote(&markdown(ladder, e.statement.trim()))
            );
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
                quote(&markdown(ladder, c.text.trim()))
            );
            if !c.examples.is_empty() {
                let _ = writeln!(s, "examples = {}", texts(ladder, &c.examples));
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
        s.push_str(&markdown(ladder, ladder.summary.trim()));
        s.push_str("\n\n");
    }
    let _ = writeln!(
        s,
        "This handbook was imported with `careerbook import {}` from {}. It has {} levels described on {} dimensions, with {} criteria.",
        format.name(),
        markdown_text(&ladder.source),
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

pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text read from another tool's ladder, written so that Markdown shows it
/// as the same text: imported ladders are data, not markup. Every character
/// Markdown or HTML could read as syntax is backslash-escaped (tags,
/// entities, links and images, `[[references]]`, emphasis, code, tables),
/// and so is what would open a block at the start of a line (a heading, a
/// list, a quote, a rule).
pub(crate) fn markdown_text(s: &str) -> String {
    by_line(s, |body, out| {
        // A list item's number: "1. " or "1) ".
        let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        for (i, c) in body.char_indices() {
            let opens_block = i == 0 && matches!(c, '-' | '+' | '=')
                || (i == digits && digits > 0 && matches!(c, '.' | ')'));
            if opens_block
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '!' | '#' | '|' | '~'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
    })
}

/// `s` line by line: each line's indentation kept, the rest (`body`)
/// written by `each`.
fn by_line(s: &str, each: impl Fn(&str, &mut String)) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (n, line) in s.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let body = line.trim_start();
        out.push_str(&line[..line.len() - body.len()]);
        each(body, &mut out);
    }
    out
}

/// careerbook Markdown from a sheet, kept as it is except what could run in
/// a browser: raw HTML and autolinks (an unescaped `<` is escaped), and links,
/// images and link definitions whose destination is not a web or mail
/// address or a plain relative path (`javascript:`, `data:`, entities that
/// would decode to a scheme), which are left as text. Idempotent, so a sheet
/// round-trips.
pub(crate) fn safe_markdown(s: &str) -> String {
    by_line(s, |body, out| {
        // A link reference definition: `[label]: destination`.
        let definition = body.starts_with('[')
            && body
                .find("]:")
                .is_some_and(|i| !safe_destination(&body[i + 2..]));
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            if escaped {
                escaped = false;
                out.push(c);
                continue;
            }
            match c {
                '\\' => escaped = true,
                '<' => out.push('\\'),
                '[' if i == 0 && definition => out.push('\\'),
                ']' if body[i + 1..].starts_with('(') && !safe_destination(&body[i + 2..]) => {
                    out.push('\\')
                }
                _ => {}
            }
            out.push(c);
        }
    })
}

/// Whether a link destination (what follows `](` or `]:`) is a web or mail
/// address or a relative path, without an entity or escape.
fn safe_destination(rest: &str) -> bool {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('<').unwrap_or(rest);
    let end = rest
        .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
        .unwrap_or(rest.len());
    let dest = &rest[..end];
    // Entities and escapes are decoded in a destination, and could spell
    // a scheme.
    crate::parse::unsafe_scheme(dest).is_none() && !dest.contains(['&', '\\'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_shows_as_written() {
        assert_eq!(
            markdown_text("<script>alert(1)</script> & [x](javascript:y) ![i](z) [[level:a]]"),
            "\\<script\\>alert(1)\\</script\\> \\& \\[x\\](javascript:y) \\!\\[i\\](z) \\[\\[level:a\\]\\]"
        );
        assert_eq!(markdown_text("# of incidents"), "\\# of incidents");
        assert_eq!(markdown_text("- a\n  2. b\n+ c"), "\\- a\n  2\\. b\n\\+ c");
        assert_eq!(markdown_text("C# in 2024. Fine"), "C\\# in 2024. Fine");
        assert_eq!(markdown_text("plain words, kept"), "plain words, kept");
    }

    #[test]
    fn sheet_markdown_keeps_markdown_and_drops_what_runs() {
        let kept =
            "**Owns** [[level:senior#scope|scope]], [docs](https://example.com) and [a](../x.html)";
        assert_eq!(safe_markdown(kept), kept);
        assert_eq!(
            safe_markdown("<img src=x onerror=alert(2)> a < b"),
            "\\<img src=x onerror=alert(2)> a \\< b"
        );
        assert_eq!(
            safe_markdown("[x](javascript:alert(1)) ![i]( JaVaScRiPt:1) [e](javascript&#58;1)"),
            "[x\\](javascript:alert(1)) ![i\\]( JaVaScRiPt:1) [e\\](javascript&#58;1)"
        );
        assert_eq!(
            safe_markdown("[r]: javascript:alert(1)"),
            "\\[r]: javascript:alert(1)"
        );
        assert_eq!(
            safe_markdown("[r]: https://example.com"),
            "[r]: https://example.com"
        );
        // Idempotent: a sheet exported and imported again is unchanged.
        for s in ["<b> \\<i> [x](data:1)", "a \\\\< b"] {
            let once = safe_markdown(s);
            assert_eq!(safe_markdown(&once), once, "{s}");
        }
    }
}
