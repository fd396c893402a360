//! The content model: a handbook as plain data, independent of how it is
//! rendered. `load` fills it, `parse` adds what it learns from the Markdown
//! (headings, cross-references), `validate` checks it, `render` reads it.
//! Nothing here does I/O or produces HTML.

pub mod diff;
pub mod framework;
pub mod items;
pub mod shape;

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::source::SourceFile;

pub use framework::{Dimension, Framework, Round, Track};
pub use items::*;

/// The kinds of content, each with its own folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Level,
    Question,
    AntiPattern,
    Exercise,
    Checklist,
    Guide,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Level,
        Kind::Question,
        Kind::AntiPattern,
        Kind::Exercise,
        Kind::Checklist,
        Kind::Guide,
    ];

    /// Folder under `content/`, and under the output.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Level => "levels",
            Kind::Question => "questions",
            Kind::AntiPattern => "anti-patterns",
            Kind::Exercise => "exercises",
            Kind::Checklist => "checklists",
            Kind::Guide => "guides",
        }
    }

    /// The name used in cross-references (`[[level:senior]]`) and `careerbook new`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Level => "level",
            Kind::Question => "question",
            Kind::AntiPattern => "anti-pattern",
            Kind::Exercise => "exercise",
            Kind::Checklist => "checklist",
            Kind::Guide => "guide",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Level => "Level",
            Kind::Question => "Question",
            Kind::AntiPattern => "Anti-pattern",
            Kind::Exercise => "Exercise",
            Kind::Checklist => "Checklist",
            Kind::Guide => "Guide",
        }
    }

    pub fn plural_label(self) -> &'static str {
        match self {
            Kind::Level => "Levels",
            Kind::Question => "Questions",
            Kind::AntiPattern => "Anti-patterns",
            Kind::Exercise => "Exercises",
            Kind::Checklist => "Checklists",
            Kind::Guide => "Guides",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Site-relative URL of an item's page.
    pub fn url(self, id: &str) -> String {
        format!("{}/{}.html", self.folder(), id)
    }

    pub fn index_url(self) -> String {
        format!("{}/index.html", self.folder())
    }

    /// Anchors the page layout owns for this kind: the sections the theme
    /// renders from front matter. This is a contract with the templates:
    /// body headings never take these ids, and cross-references may target
    /// them (`[[question:x#how-to-answer]]`).
    pub fn layout_anchors(self) -> &'static [&'static str] {
        match self {
            Kind::Level => &["expectations", "radar", "radar-title", "radar-desc"],
            Kind::Question => &[
                "what-it-tests",
                "how-to-answer",
                "common-mistakes",
                "example-framing",
                "example-answers",
            ],
            Kind::AntiPattern => &["signs", "why-it-hurts", "how-to-avoid"],
            Kind::Exercise => &["steps", "what-to-produce", "rubric", "score-ranges"],
            Kind::Checklist | Kind::Guide => &[],
        }
    }
}

/// Ids every page's layout uses (the skip link's target).
pub const PAGE_ANCHORS: [&str; 1] = ["main"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// A cross-reference as written: `[[kind:id#anchor|text]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XRef {
    /// The target as written (`level:senior#scope`).
    pub target: String,
    /// Byte offset of the target text in the source file, for diagnostics.
    pub offset: usize,
}

/// The parsed target of a cross-reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefTarget<'a> {
    /// `None` for a same-page anchor (`[[#heading]]`).
    pub kind: Option<&'a str>,
    pub id: &'a str,
    pub anchor: Option<&'a str>,
}

impl<'a> RefTarget<'a> {
    pub fn parse(target: &'a str) -> RefTarget<'a> {
        let target = target.trim();
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        match path.split_once(':') {
            Some((kind, id)) => RefTarget {
                kind: Some(kind.trim()),
                id: id.trim(),
                anchor,
            },
            None => RefTarget {
                kind: None,
                id: path.trim(),
                anchor,
            },
        }
    }
}

/// One Markdown file of a given kind: its front matter, body and what the
/// parse stage found in its Markdown.
#[derive(Debug, Clone)]
pub struct Doc<F> {
    pub id: String,
    pub meta: F,
    pub src: Arc<SourceFile>,
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
}

impl<F: FrontMatter> Doc<F> {
    pub fn body(&self) -> &str {
        self.src.text.get(self.body.clone()).unwrap_or("")
    }
    pub fn title(&self) -> &str {
        self.meta.title()
    }
    pub fn summary(&self) -> &str {
        self.meta.summary()
    }
    /// Path relative to the handbook folder, for "edit this page" links.
    pub fn relative_path(&self) -> &str {
        &self.src.display
    }
}

/// A file of the handbook's `static/` folder, copied to the site unchanged.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path inside `static/`, which is also its path in the site.
    pub rel: String,
    pub path: PathBuf,
}

/// A whole handbook, loaded. Cloning is a deep copy of the front matter
/// (sources are shared); the dev server does it only when a background
/// search build still holds the previous version.
#[derive(Debug, Clone)]
pub struct Handbook {
    pub root: PathBuf,
    /// Last commit date of each file (display path -> YYYY-MM-DD), from
    /// git when the handbook is in a repository.
    pub updated: HashMap<String, String>,
    pub statics: Vec<StaticFile>,
    pub config: Config,
    pub framework: Framework,
    pub framework_src: Arc<SourceFile>,
    pub home: Option<Doc<HomeMeta>>,
    pub levels: Vec<Doc<LevelMeta>>,
    pub questions: Vec<Doc<QuestionMeta>>,
    pub anti_patterns: Vec<Doc<AntiPatternMeta>>,
    pub exercises: Vec<Doc<ExerciseMeta>>,
    pub checklists: Vec<Doc<ChecklistMeta>>,
    pub guides: Vec<Doc<GuideMeta>>,
}

/// What any stage needs to know about an item without caring about its kind.
#[derive(Debug, Clone, Copy)]
pub struct ItemInfo<'a> {
    pub kind: Kind,
    pub id: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub headings: &'a [Heading],
    pub anchors: &'a [String],
    pub refs: &'a [XRef],
    pub src: &'a SourceFile,
}

impl ItemInfo<'_> {
    /// Whether `#anchor` exists on this item's page.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.headings.iter().any(|h| h.id == anchor) || self.anchors.iter().any(|a| a == anchor)
    }
}

fn info<F: FrontMatter>(kind: Kind, d: &Doc<F>) -> ItemInfo<'_> {
    ItemInfo {
        kind,
        id: &d.id,
        title: d.meta.title(),
        summary: d.meta.summary(),
        headings: &d.headings,
        anchors: &d.anchors,
        refs: &d.refs,
        src: &d.src,
    }
}

impl Handbook {
    /// Every item of every kind, in kind order then file order.
    pub fn items(&self) -> Vec<ItemInfo<'_>> {
        let mut v = Vec::new();
        v.extend(self.levels.iter().map(|d| info(Kind::Level, d)));
        v.extend(self.questions.iter().map(|d| info(Kind::Question, d)));
        v.extend(
            self.anti_patterns
                .iter()
                .map(|d| info(Kind::AntiPattern, d)),
        );
        v.extend(self.exercises.iter().map(|d| info(Kind::Exercise, d)));
        v.extend(self.checklists.iter().map(|d| info(Kind::Checklist, d)));
        v.extend(self.guides.iter().map(|d| info(Kind::Guide, d)));
        v
    }

    pub fn home_info(&self) -> Option<ItemInfo<'_>> {
        self.home.as_ref().map(|d| ItemInfo {
            kind: Kind::Guide,
            id: "index",
            title: d.meta.title(),
            summary: d.meta.summary(),
            headings: &d.headings,
            anchors: &d.anchors,
            refs: &d.refs,
            src: &d.src,
        })
    }

    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Level => self.levels.len(),
            Kind::Question => self.questions.len(),
            Kind::AntiPattern => self.anti_patterns.len(),
            Kind::Exercise => self.exercises.len(),
            Kind::Checklist => self.checklists.len(),
            Kind::Guide => self.guides.len(),
        }
    }

    /// Levels as the ladders order them: each track's levels in turn (a
    /// shared level once), then levels on no track (roles).
    pub fn levels_in_ladder_order(&self) -> Vec<&Doc<LevelMeta>> {
        let mut out: Vec<&Doc<LevelMeta>> = Vec::new();
        let ids = self
            .framework
            .tracks
            .iter()
            .flat_map(|t| t.levels.iter().map(|l| l.get_ref().as_str()));
        for id in ids.chain(self.levels.iter().map(|l| l.id.as_str())) {
            if let Some(l) = self.level(id) {
                if !out.iter().any(|x| x.id == l.id) {
                    out.push(l);
                }
            }
        }
        out
    }

    pub fn level(&self, id: &str) -> Option<&Doc<LevelMeta>> {
        self.levels.iter().find(|l| l.id == id)
    }
}

/// Fast lookups from reference names to items, built once per build.
#[derive(Debug, Default)]
pub struct Index<'a> {
    pub items: HashMap<(Kind, &'a str), ItemInfo<'a>>,
    /// Criterion id -> (level id, dimension id).
    pub criteria: HashMap<&'a str, (&'a str, &'a str)>,
    pub dimensions: HashMap<&'a str, &'a Dimension>,
}

impl<'a> Index<'a> {
    pub fn new(hb: &'a Handbook) -> Index<'a> {
        let mut idx = Index::default();
        for it in hb.items() {
            idx.items.entry((it.kind, it.id)).or_insert(it);
        }
        for l in &hb.levels {
            for (dim, e) in &l.meta.expectations {
                for c in &e.criteria {
                    idx.criteria
                        .entry(c.id.get_ref().as_str())
                        .or_insert((l.id.as_str(), dim.get_ref().as_str()));
                }
            }
        }
        for d in &hb.framework.dimensions {
            idx.dimensions.entry(d.id.get_ref().as_str()).or_insert(d);
        }
        idx
    }

    pub fn ids(&self, kind: Kind) -> impl Iterator<Item = &'a str> + '_ {
        self.items
            .keys()
            .filter(move |(k, _)| *k == kind)
            .map(|(_, id)| *id)
    }
}
