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

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
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
    pub headings: Vec<Heading>,
    /// Cross-references in the body and in Markdown front matter fields.
    pub refs: Vec<XRef>,
    /// Anchors the page owns besides its headings (layout sections, a
    /// level's dimensions and criteria).
    pub anchors: Vec<String>,
    /// Guides only: the part (subfolder) this guide belongs to.
    pub part: Option<String>,
    /// Guides only: this file is a part's `index.md`.
    pub is_part: bool,
    /// Fingerprints of the front matter and body as written (taken at load,
    /// so they hold when the source's text has been released).
    pub prints: [u64; 2],
}

impl<F: FrontMatter> Doc<F> {
    /// The Markdown body: read from disk again when the source was
    /// released, and an error when the file changed since it was loaded.
    pub(crate) fn body(&self) -> Result<Cow<'_, str>, Diagnostic> {
        self.src.slice(self.body.clone())
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
}

common_front_matter!(HomeMeta, |_s| Vec::new());

/// A file of the handbook's `static/` folder, copied to the site unchanged.
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// Path inside `static/`, which is also its path in the site.
    pub rel: String,
    pub path: PathBuf,
}
