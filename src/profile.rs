//! Build profiles: whether a build shows the content marked internal.
//!
//! Three things can be internal: a page (`internal = true` in its front
//! matter), a section of a page (a heading written `## Pay bands {.internal}`
//! and everything under it, up to the next heading of its level or above),
//! and a criterion's `internal_examples`. A profile that leaves internal
//! content out (`public`, the default) drops all of it while loading, before
//! anything is validated, indexed or rendered, so no later stage (a page, the
//! search index, the sitemap, the print page, a CSV export, a release page)
//! can show it. `internal` keeps it and marks every page `noindex`. book.toml
//! may define its own (`[profiles.staff]`, with `internal` and `output`).

use std::ops::Range;

use serde::Serialize;

use crate::config::{Config, ProfileSection};
use crate::diagnostics::Diagnostic;
use crate::kinds::level::Criterion;
use crate::kinds::{with_kind, Kind};
use crate::model::{Doc, FrontMatter, Handbook};

/// The profile a build uses when none is named.
pub(crate) const DEFAULT: &str = "public";

/// The class that marks a heading's section internal.
pub(crate) const CLASS: &str = "internal";

/// The profile a build runs under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Profile {
    pub name: String,
    /// Internal content is kept (and every page marked `noindex`).
    pub internal: bool,
    /// book.toml's `[build] output`: the public site's folder, which a
    /// build that keeps internal content never writes to.
    pub public_output: String,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            name: DEFAULT.into(),
            internal: false,
            public_output: String::new(),
        }
    }
}

/// The built-in profiles, which book.toml's `[profiles.NAME]` may redefine.
fn builtin(name: &str) -> Option<ProfileSection> {
    match name {
        "public" => Some(ProfileSection::default()),
        "internal" => Some(ProfileSection {
            internal: true,
            output: None,
        }),
        _ => None,
    }
}

/// The profile named `name` (or the default), as `config` defines it; its
/// output folder becomes `config`'s default one.
pub(crate) fn apply(config: &mut Config, name: Option<&str>) -> Result<Profile, Diagnostic> {
    let name = name.unwrap_or(DEFAULT);
    let Some(section) = config.profiles.get(name).cloned().or_else(|| builtin(name)) else {
        let mut known: Vec<&str> = vec!["public", "internal"];
        known.extend(config.profiles.keys().map(String::as_str));
        known.sort_unstable();
        known.dedup();
        let hint = match crate::diagnostics::did_you_mean(name, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "profiles: {}; book.toml may add its own as [profiles.NAME]",
                known.join(", ")
            ),
        };
        return Err(Diagnostic::error(format!("no profile `{name}`"))
            .in_file("book.toml")
            .hint(hint));
    };
    let public_output = config.build.output.clone();
    match section.output {
        Some(out) => config.build.output = out,
        // Kept apart from the public site unless told otherwise.
        None if section.internal => config.build.output = format!("{public_output}-{name}"),
        None => {}
    }
    Ok(Profile {
        name: name.to_string(),
        internal: section.internal,
        public_output,
    })
}

/// What a profile left out of the handbook.
#[derive(Debug, Clone, Default)]
pub(crate) struct LeftOut {
    /// Internal pages, by kind and id.
    pub pages: Vec<(Kind, String)>,
    /// Internal criteria examples.
    pub examples: usize,
}

/// Whether a build under a profile that keeps internal content or not
/// (`keep`) leaves out the page `d`; an error for the pages every build
/// needs (the home page, levels and job families, which tracks, the matrix
/// and assessments list).
pub(crate) fn page_left_out<F: FrontMatter>(
    d: &Doc<F>,
    kind: Option<Kind>,
    keep: bool,
) -> Result<bool, Diagnostic> {
    let Some(flag) = d.meta.internal() else {
        return Ok(false);
    };
    if !*flag.get_ref() {
        return Ok(false);
    }
    let what = match kind {
        None => Some("the home page"),
        Some(Kind::Level) => Some("a level"),
        Some(Kind::Family) => Some("a job family"),
        Some(_) => None,
    };
    if let Some(what) = what {
        let span = flag.span();
        return Err(Diagnostic::error(format!("{what} cannot be internal"))
            .at(&d.src, d.front_matter.start + span.start, span.len())
            .hint("every build lists it (tracks, the matrix, assessments); mark a section internal instead (`## Pay bands {.internal}`), or a criterion's `internal_examples`"));
    }
    Ok(!keep)
}

/// What the build's profile left out, in a sentence ("" when nothing).
pub(crate) fn summary(hb: &Handbook) -> String {
    let mut sections = hb.home.as_ref().map_or(0, |h| h.left_out.len());
    for &kind in Kind::ALL {
        sections += with_kind!(kind, |K| K::docs(&hb.items)
            .iter()
            .map(|d| d.left_out.len())
            .sum::<usize>());
    }
    let left = &hb.left_out;
    let mut parts = Vec::new();
    let mut count = |n: usize, one: &str, many: &str| match n {
        0 => {}
        1 => parts.push(format!("1 {one}")),
        n => parts.push(format!("{n} {many}")),
    };
    count(left.pages.len(), "internal page", "internal pages");
    count(sections, "internal section", "internal sections");
    count(left.examples, "internal example", "internal examples");
    if parts.is_empty() {
        return String::new();
    }
    let last = parts.pop().unwrap_or_default();
    let list = match parts.is_empty() {
        true => last,
        false => format!("{} and {last}", parts.join(", ")),
    };
    format!(
        "left out {list} (profile `{}`; `--profile internal` keeps them)",
        hb.profile.name
    )
}

/// Empties each criterion's `internal_examples`; returns how many there were.
pub(crate) fn strip_examples<'a>(criteria: impl Iterator<Item = &'a mut Criterion>) -> usize {
    let mut n = 0;
    for c in criteria {
        n += c.internal_examples.len();
        c.internal_examples = Vec::new();
    }
    n
}

/// Byte ranges of `body` a build leaves out: the sections under headings
/// with the `internal` class, each from its heading up to the next heading
/// of its level or above. Only headings outside lists, quotes and footnotes
/// start or end a section, so blanking a section never breaks the structure
/// around it.
pub(crate) struct Sections {
    keep: bool,
    depth: usize,
    open: Option<(u8, usize)>,
    pub cut: Vec<Range<usize>>,
}

impl Sections {
    /// `keep`: the profile shows internal content (nothing is cut).
    pub(crate) fn new(keep: bool) -> Sections {
        Sections {
            keep,
            depth: 0,
            open: None,
            cut: Vec::new(),
        }
    }

    /// Told of each event's start; true while inside a section left out
    /// (the event is then not the build's).
    pub(crate) fn skips(&mut self, ev: &pulldown_cmark::Event, at: usize) -> bool {
        use pulldown_cmark::{Event, Tag, TagEnd};
        match ev {
            Event::Start(
                Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
            ) => self.depth += 1,
            Event::End(
                TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition,
            ) => self.depth = self.depth.saturating_sub(1),
            Event::Start(Tag::Heading { level, classes, .. }) if self.depth == 0 && !self.keep => {
                let level = *level as u8;
                if let Some((open, start)) = self.open {
                    if level <= open {
                        self.cut.push(start..at);
                        self.open = None;
                    }
                }
                if self.open.is_none() && classes.iter().any(|c| c.as_ref() == CLASS) {
                    self.open = Some((level, at));
                }
            }
            _ => {}
        }
        self.open.is_some()
    }

    /// The ranges to leave out, once the body (`len` bytes) is read.
    pub(crate) fn finish(mut self, len: usize) -> Vec<Range<usize>> {
        if let Some((_, start)) = self.open.take() {
            self.cut.push(start..len);
        }
        self.cut.shrink_to_fit();
        self.cut
    }
}

/// `text` with the byte ranges in `cut` blanked: every byte but line ends
/// becomes a space, so what is left keeps its offsets and line numbers (for
/// diagnostics) and the blanked lines are blank lines to Markdown.
pub(crate) fn blank(text: &str, cut: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for r in cut {
        let end = r.end.min(bytes.len());
        for b in bytes.get_mut(r.start.min(end)..end).into_iter().flatten() {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Only whole UTF-8 sequences became spaces: the ranges start and end at
    // event boundaries, which are character boundaries.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(md: &str, keep: bool) -> String {
        let mut s = Sections::new(keep);
        let opts = crate::markdown::options(false);
        for (ev, range) in pulldown_cmark::Parser::new_ext(md, opts).into_offset_iter() {
            s.skips(&ev, range.start);
        }
        let ranges = s.finish(md.len());
        blank(md, &ranges)
    }

    #[test]
    fn an_internal_section_ends_at_the_next_heading_of_its_level() {
        let md = "# T\n\nopen\n\n## Pay {.internal}\n\nbands\n\n### Detail\n\nmore\n\n## Next\n\nshown\n";
        let out = cut(md, false);
        assert_eq!(out.len(), md.len());
        assert!(!out.contains("Pay") && !out.contains("bands") && !out.contains("Detail"));
        assert!(out.contains("open") && out.contains("## Next") && out.contains("shown"));
        assert_eq!(out.lines().count(), md.lines().count());
        assert_eq!(cut(md, true), md);
    }

    #[test]
    fn a_section_runs_to_the_end_and_quoted_headings_do_not_count() {
        let md = "## A {.internal}\n\n> ## Quoted {.internal}\n\n- ## Listed\n\nsecret é\n";
        let out = cut(md, false);
        assert_eq!(out.trim(), "");
        let md = "> ## Quoted {.internal}\n\nshown\n";
        assert_eq!(cut(md, false), md);
    }
}
