//! One document of the handbook as loaded: its id, its front matter, its
//! source, and what the parse stage found in its Markdown (headings and
//! cross-references). Every kind's front matter implements [`FrontMatter`]
//! so the stages can treat documents alike.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

/// What every kind's front matter shares.
pub(crate) trait FrontMatter {
    fn explicit_id(&self) -> Option<&Spanned<String>>;
    fn title(&self) -> &str;
    fn summary(&self) -> &str;
    fn tags(&self) -> &[String];
    fn weight(&self) -> i64;
    /// Who keeps the page current ("" when nobody is named).
    fn owner(&self) -> &str;
    /// When the page was last reviewed.
    fn reviewed(&self) -> Option<&Spanned<toml::value::Datetime>>;
    /// `internal = true`, where it is written.
    fn internal(&self) -> Option<&Spanned<bool>>;
    /// Every Markdown-bearing field, so cross-references in them are checked.
    fn markdown_fields(&self) -> Vec<&str>;
    /// Anchors this document's page owns beyond its headings and its kind's
    /// layout anchors (a level's dimensions and criteria).
    fn own_anchors(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Implements [`FrontMatter`] for a struct with the common fields (`id`,
/// `title`, `summary`, `tags`, `weight`, `owner`, `reviewed`), given its Markdown fields and,
/// optionally, the anchors its page owns.
macro_rules! common_front_matter {
    ($ty:ty, |$s:ident| $fields:expr) => {
        common_front_matter!($ty, |$s| $fields, anchors | _x | Vec::new());
    };
    ($ty:ty, |$s:ident| $fields:expr, anchors |$a:ident| $anchors:expr) => {
        impl $crate::model::FrontMatter for $ty {
            fn explicit_id(&self) -> Option<&toml::Spanned<String>> {
                self.id.as_ref()
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn summary(&self) -> &str {
                &self.summary
            }
            fn tags(&self) -> &[String] {
                &self.tags
            }
            fn weight(&self) -> i64 {
                self.weight
            }
            fn owner(&self) -> &str {
                &self.owner
            }
            fn reviewed(&self) -> Option<&toml::Spanned<toml::value::Datetime>> {
                self.reviewed.as_ref()
            }
            fn internal(&self) -> Option<&toml::Spanned<bool>> {
                self.internal.as_ref()
            }
            fn markdown_fields(&self) -> Vec<&str> {
                let $s = self;
                $fields
            }
            fn own_anchors(&self) -> Vec<String> {
                let $a = self;
                $anchors
            }
        }
    };
}
pub(crate) use common_front_matter;

/// Ids every page's layout uses (the skip link's target).
pub(crate) const PAGE_ANCHORS: [&str; 1] = ["main"];

/// One heading of a body: its level, its text and its anchor id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Heading<'a> {
    pub level: u8,
    pub text: &'a str,
    pub id: &'a str,
}

/// A body's headings in document order, kept in one string: every document
/// holds a dozen or so for the whole build, and two `String`s a heading cost
/// about a kilobyte a document (`docs/performance.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Headings {
    /// Every heading's text then its id, one after another.
    text: String,
    /// Per heading: its level and where its text and its id end in `text`.
    ends: Vec<(u8, u32, u32)>,
}

impl Headings {
    /// Adds a heading. A body whose headings hold more than 4 GB of text
    /// cannot be read into memory here in the first place; past that the
    /// heading is kept without text rather than wrapping around.
    pub(crate) fn push(&mut self, level: u8, text: &str, id: &str) {
        let at = |s: &String| u32::try_from(s.len()).unwrap_or(u32::MAX);
        if at(&self.text) as usize + text.len() + id.len() < u32::MAX as usize {
            self.text.push_str(text);
            let text_end = at(&self.text);
            self.text.push_str(id);
            self.ends.push((level, text_end, at(&self.text)));
        } else {
            let end = at(&self.text);
            self.ends.push((level, end, end));
        }
    }
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// The `i`th heading.
    pub(crate) fn get(&self, i: usize) -> Option<Heading<'_>> {
        let &(level, text_end, id_end) = self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1].2 as usize,
        };
        Some(Heading {
            level,
            text: self.text.get(start..text_end as usize).unwrap_or_default(),
            id: self
                .text
                .get(text_end as usize..id_end as usize)
                .unwrap_or_default(),
        })
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = Heading<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
    /// The heading whose anchor is `id`.
    pub(crate) fn find(&self, id: &str) -> Option<Heading<'_>> {
        self.iter().find(|h| h.id == id)
    }
    /// Drops spare capacity: the headings are kept for the whole build.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// A cross-reference as written: `[[kind:id#anchor|text]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XRef {
    /// The target as written (`level:senior#scope`).
    pub target: String,
    /// Byte offset of the target text in the source file, for diagnostics.
    pub offset: usize,
}

/// One Markdown file: its front matter `F`, body and what the parse stage
/// found in its Markdown.
#[derive(Debug)]
pub(crate) struct Doc<F> {
    pub id: String,
    pub meta: F,
    pub src: Arc<SourceFile>,
    /// Byte range of the front matter TOML in `src.text`.
    pub front_matter: Range<usize>,
    /// Byte range of the Markdown body in `src.text`.
    pub body: Range<usize>,
    /// Headings of the body, with their anchor ids (filled by `parse`).
    pub headings: Headings,
    /// Cross-references in the body and in Markdown front matter fields.
    pub refs: Vec<XRef>,
    /// Anchors the page owns besides its headings (layout sections, a
    /// level's dimensions and criteria).
    pub anchors: Vec<String>,
    /// Guides only: the part (subfolder) this guide belongs to.
    pub part: Option<String>,
    /// Guides only: this file is a part's `index.md`.
    pub is_part: bool,
    /// Sections under headings marked `{.internal}` that this build leaves
    /// out, as byte ranges of the body (empty when the profile keeps them).
    pub left_out: Vec<Range<usize>>,
    /// Fingerprints of the front matter and body as written (taken at load,
    /// so they hold when the source's text has been released).
    pub prints: [u64; 2],
}

impl<F: FrontMatter> Doc<F> {
    /// The Markdown body: read from disk again when the source was
    /// released, and an error when the file changed since it was loaded.
    /// Internal sections the build leaves out are blanked (offsets and
    /// lines stay as written).
    pub(crate) fn body(&self) -> Result<Cow<'_, str>, Diagnostic> {
        let body = self.src.slice(self.body.clone())?;
        Ok(match self.left_out.is_empty() {
            true => body,
            false => Cow::Owned(crate::profile::blank(&body, &self.left_out)),
        })
    }
    pub(crate) fn title(&self) -> &str {
        self.meta.title()
    }
    pub(crate) fn summary(&self) -> &str {
        self.meta.summary()
    }
    /// Path relative to the handbook folder, for "edit this page" links.
    pub(crate) fn relative_path(&self) -> &str {
        &self.src.display
    }
}

/// The home page's front matter (`content/index.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HomeMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    /// Who keeps this page current (shown in its footer).
    #[serde(default)]
    pub owner: String,
    /// When it was last reviewed, a TOML date (`reviewed = 2026-03-01`);
    /// `check` warns when it is older than book.toml's `review_after`.
    pub reviewed: Option<toml::Spanned<toml::value::Datetime>>,
    /// Internal to the team: left out of builds whose profile leaves
    /// internal content out (`public`, the default).
    #[serde(default)]
    pub internal: Option<Spanned<bool>>,
}

common_front_matter!(HomeMeta, |_s| Vec::new());

/// A file of the handbook's `static/` folder, copied to the site unchanged.
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// Path inside `static/`, which is also its path in the site.
    pub rel: String,
    pub path: PathBuf,
}
