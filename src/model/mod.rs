//! The content model: a handbook as plain data, independent of how it is
//! rendered. `load` fills it, `parse` adds what it learns from the Markdown
//! (headings, cross-references), `validate` checks it, `render` reads it
//! through a recording [`Reader`]. Nothing here does I/O or produces HTML
//! itself. Each kind's front matter and behaviour live in `crate::kinds`;
//! this module holds what all kinds share.

pub(crate) mod deps;
pub(crate) mod diff;
mod doc;
pub(crate) mod families;
pub(crate) mod framework;
mod read;
pub(crate) mod resolve;
pub(crate) mod shape;
pub(crate) mod snapshot;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::kinds::level::LevelMeta;
use crate::kinds::{with_kind, Items, Kind, Stored};
use crate::source::SourceFile;

pub(crate) use doc::common_front_matter;
pub(crate) use doc::{Doc, FrontMatter, Headings, HomeMeta, StaticFile, XRef, PAGE_ANCHORS};
pub(crate) use families::{Families, Family};
pub(crate) use framework::{Dimension, Framework, Track};
pub(crate) use read::{Derived, Markup, Read, Reader};
pub(crate) use resolve::{RefTarget, Resolver, Target};

/// A whole handbook, loaded. Documents are shared (`Arc`), so a copy of the
/// handbook copies pointers, not documents.
#[derive(Debug, Clone)]
pub(crate) struct Handbook {
    pub root: PathBuf,
    /// Last commit date of each file (display path -> YYYY-MM-DD), from
    /// git when the handbook is in a repository.
    pub updated: HashMap<String, String>,
    pub statics: Vec<StaticFile>,
    pub config: Config,
    pub framework: Framework,
    pub framework_src: Arc<SourceFile>,
    pub home: Option<Arc<Doc<HomeMeta>>>,
    pub items: Items,
    /// The job families and which family each level belongs to, derived
    /// from the framework and the documents (see [`Families::new`]).
    pub families: Families,
    /// book.toml's released versions of the ladder, oldest first, loaded by
    /// the pipeline (empty until then, and for `check`).
    pub releases: Vec<snapshot::Release>,
    /// What this build's profile left out (internal pages, sections and
    /// examples), to report it and to explain a reference to such a page.
    pub left_out: crate::profile::LeftOut,
    /// The build profile this handbook was loaded under.
    pub profile: crate::profile::Profile,
}

/// What any stage needs to know about a document without caring about its
/// kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocInfo<'a> {
    pub kind: Kind,
    pub id: &'a str,
    pub title: &'a str,
    pub headings: &'a Headings,
    pub anchors: &'a [String],
    pub refs: &'a [XRef],
    pub src: &'a SourceFile,
}

impl<'a> DocInfo<'a> {
    pub(crate) fn of<F: FrontMatter>(kind: Kind, d: &'a Doc<F>) -> DocInfo<'a> {
        DocInfo {
            kind,
            id: &d.id,
            title: d.meta.title(),
            headings: &d.headings,
            anchors: &d.anchors,
            refs: &d.refs,
            src: &d.src,
        }
    }

    /// Whether `#anchor` exists on this document's page.
    pub(crate) fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.find(anchor).is_some() || self.anchors.iter().any(|a| a == anchor)
    }
}

impl Handbook {
    /// Lets go of every document's cross-references: a build needs them
    /// only to validate (pages read their links from the bodies again). On
    /// the benchmark handbook that frees about 1 KB of heap a page, which
    /// the render reuses; the peak barely moves (docs/performance.md).
    /// Documents shared elsewhere keep theirs.
    pub(crate) fn forget_references(&mut self) {
        fn forget<F>(doc: &mut Arc<Doc<F>>) {
            if let Some(d) = Arc::get_mut(doc) {
                d.refs = Vec::new();
            }
        }
        for &kind in Kind::ALL {
            with_kind!(kind, |K| K::docs_mut(&mut self.items)
                .iter_mut()
                .for_each(forget));
        }
        if let Some(home) = &mut self.home {
            forget(home);
        }
    }

    /// The documents of one kind, in file order.
    pub(crate) fn docs<K: Stored>(&self) -> &[Arc<Doc<K::Meta>>] {
        K::docs(&self.items)
    }

    pub(crate) fn levels(&self) -> &[Arc<Doc<LevelMeta>>] {
        &self.items.level
    }

    pub(crate) fn level(&self, id: &str) -> Option<&Doc<LevelMeta>> {
        self.items.level.iter().find(|l| l.id == id).map(|l| &**l)
    }

    /// How many documents there are, of every kind.
    pub(crate) fn items_len(&self) -> usize {
        Kind::ALL.iter().map(|&k| self.count(k)).sum()
    }

    pub(crate) fn count(&self, kind: Kind) -> usize {
        with_kind!(kind, |K| K::docs(&self.items).len())
    }

    /// Every document of every kind, in kind order then file order.
    pub(crate) fn doc_infos(&self) -> Vec<DocInfo<'_>> {
        let mut v = Vec::new();
        for &kind in Kind::ALL {
            with_kind!(kind, |K| v
                .extend(K::docs(&self.items).iter().map(|d| DocInfo::of(kind, d))));
        }
        v
    }

    /// The home page's document as a [`DocInfo`] (its references are checked
    /// like any other).
    pub(crate) fn home_info(&self) -> Option<DocInfo<'_>> {
        self.home.as_ref().map(|d| DocInfo {
            id: "index",
            ..DocInfo::of(Kind::Guide, d)
        })
    }

    /// Levels as the ladders order them, as indices: each track's levels in
    /// turn (a shared level once), then levels on no track (roles).
    pub(crate) fn ladder_indices(&self) -> Vec<usize> {
        let levels = &self.items.level;
        let mut out: Vec<usize> = Vec::new();
        for family in &self.families.list {
            let ids = family
                .tracks
                .iter()
                .flat_map(|t| t.levels.iter().map(|l| l.get_ref().as_str()));
            let own = family.levels.iter().map(|&i| levels[i].id.as_str());
            for id in ids.chain(own) {
                if let Some(i) = levels.iter().position(|l| l.id == id) {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
        }
        out
    }

    /// Levels in ladder order.
    pub(crate) fn levels_in_ladder_order(&self) -> Vec<&Doc<LevelMeta>> {
        self.ladder_indices()
            .into_iter()
            .map(|i| &*self.items.level[i])
            .collect()
    }
}
