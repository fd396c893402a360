//! Reading the handbook while a page renders. Page views reach the
//! handbook only through a [`Reader`], and every accessor records what it
//! read (a [`Dep`]), so the dev server knows which pages an edit makes
//! stale without a hand-kept list. A reader made with `record = false`
//! (builds, `check`) keeps nothing.
//!
//! Values derived from many documents (a level's shape, the guides'
//! reading order, the resolver's lookups) are computed once per pass in
//! [`Derived`], and recorded as the derived value a page used, so an edit
//! that leaves the value alone leaves the page alone.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::deps::{hash, key, Dep, Field};
use super::resolve::{Resolved, Resolver, Target, Unresolved};
use super::shape::{Axis, Shapes};
use super::{
    diff, Doc, DocInfo, Families, Family, Framework, FrontMatter, Handbook, Headings, HomeMeta,
};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::kinds::guide::{self, Guide};
use crate::kinds::level::Level;
use crate::kinds::{doc_index, DocIndex, ItemKind, Kind, Stored};

/// Turns Markdown into HTML for page views; the renderer implements it, so
/// the kinds' views need not know how.
pub(crate) trait Markup: Sync {
    /// A Markdown document. `headings` are the anchors the parse stage
    /// assigned to its headings, in order.
    fn block(&self, r: &Reader, text: &str, headings: Option<&Headings>) -> String;
    /// A short field (a list item, a table cell): no wrapping paragraph.
    fn inline(&self, r: &Reader, text: &str) -> String;
}

/// What is computed once per rendering pass from the whole handbook.
pub(crate) struct Derived<'a> {
    pub resolver: Resolver<'a>,
    pub shapes: Shapes,
    /// Indices of the guides in reading order.
    pub guide_order: Vec<usize>,
    guide_pos: FxHashMap<&'a str, usize>,
    /// Indices of the levels in ladder order.
    pub ladder: Vec<usize>,
    /// Every document's index in its kind's list.
    pub index: DocIndex<'a>,
}

impl<'a> Derived<'a> {
    pub(crate) fn new(hb: &'a Handbook) -> Derived<'a> {
        let guide_order = guide::order(hb);
        let guide_pos = guide_order
            .iter()
            .enumerate()
            .map(|(pos, &i)| (hb.items.guide[i].id.as_str(), pos))
            .collect();
        Derived {
            resolver: Resolver::new(hb),
            shapes: Shapes::new(hb),
            guide_order,
            guide_pos,
            ladder: hb.ladder_indices(),
            index: doc_index(hb),
        }
    }

    /// The index of a document in its kind's list.
    pub(crate) fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        self.index.get(&(kind, id)).copied()
    }

    /// Fingerprints of every derived value, to tell which an edit changed.
    pub(crate) fn prints(&self, hb: &Handbook) -> FxHashMap<Dep, u64> {
        let mut out = FxHashMap::default();
        for l in hb.levels() {
            let shape = self.shapes.of(&l.id).map(|axes| {
                axes.iter()
                    .map(|a| (&a.dimension, a.value.to_bits(), format!("{:?}", a.basis)))
                    .collect::<Vec<_>>()
            });
            let previous = super::shape::previous(hb, &l.id);
            out.insert(Dep::Shape(key(&l.id)), hash(&(shape, previous)));
            for e in l.meta.expectations.iter() {
                for c in &e.1.criteria {
                    let at = self.resolver.criterion(c.id.get_ref());
                    out.insert(Dep::Criterion(key(c.id.get_ref())), hash(&at));
                }
            }
        }
        for (_, _, c) in hb.framework.tier_criteria() {
            let at = self.resolver.criterion(c.id.get_ref());
            out.insert(Dep::Criterion(key(c.id.get_ref())), hash(&at));
        }
        for g in hb.docs::<Guide>() {
            out.insert(Dep::GuideNav(key(&g.id)), hash(&self.guide_nav(hb, &g.id)));
        }
        let ladder: Vec<&str> = self
            .ladder
            .iter()
            .map(|&i| hb.items.level[i].id.as_str())
            .collect();
        out.insert(Dep::Ladder, hash(&ladder));
        let families: Vec<_> = hb
            .families
            .list
            .iter()
            .map(|f| {
                let tracks: Vec<(&str, &str, &str, Vec<&str>)> = f
                    .tracks
                    .iter()
                    .map(|t| {
                        let levels = t.levels.iter().map(|l| l.get_ref().as_str()).collect();
                        (
                            t.id.get_ref().as_str(),
                            t.name.as_str(),
                            t.description.as_str(),
                            levels,
                        )
                    })
                    .collect();
                let levels: Vec<&str> = f
                    .levels
                    .iter()
                    .map(|&i| hb.items.level[i].id.as_str())
                    .collect();
                (&f.id, &f.name, &f.dimensions, tracks, levels)
            })
            .collect();
        out.insert(Dep::Families, hash(&families));
        out
    }

    fn guide_nav<'h>(&self, hb: &'h Handbook, id: &str) -> GuideNav<'h> {
        let guides = &hb.items.guide;
        let pos = self.guide_pos.get(id).copied();
        let at = |p: Option<usize>| {
            p.and_then(|p| self.guide_order.get(p))
                .map(|&i| guides[i].id.as_str())
        };
        let this = pos.map(|p| &guides[self.guide_order[p]]);
        GuideNav {
            previous: at(pos.and_then(|p| p.checked_sub(1))),
            next: at(pos.map(|p| p + 1)),
            part: this.and_then(|g| {
                let pid = g.part.as_ref()?;
                let x = &guides[self.position(Kind::Guide, pid)?];
                x.is_part.then_some(x.id.as_str())
            }),
            children: match this {
                Some(g) if g.is_part => self
                    .guide_order
                    .iter()
                    .map(|&j| &guides[j])
                    .filter(|c| c.part.as_deref() == Some(g.id.as_str()))
                    .map(|c| c.id.as_str())
                    .collect(),
                _ => Vec::new(),
            },
        }
    }
}

/// A guide's place in the reading order.
#[derive(Debug, Hash)]
pub(crate) struct GuideNav<'a> {
    pub previous: Option<&'a str>,
    pub next: Option<&'a str>,
    pub part: Option<&'a str>,
    pub children: Vec<&'a str>,
}

/// The handbook as one page sees it while it renders.
pub(crate) struct Reader<'a> {
    hb: &'a Handbook,
    derived: &'a Derived<'a>,
    markup: &'a dyn Markup,
    /// Relative path from the page to the site root ("" or "../").
    root: &'a str,
    /// The document the page shows, for same-page references.
    here: Option<DocInfo<'a>>,
    deps: Option<RefCell<Vec<Dep>>>,
    /// The first body that could not be read again (its file changed or
    /// went away during the build): the page fails with it.
    failure: RefCell<Option<Diagnostic>>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(
        hb: &'a Handbook,
        derived: &'a Derived<'a>,
        markup: &'a dyn Markup,
        root: &'a str,
        record: bool,
    ) -> Reader<'a> {
        Reader {
            hb,
            derived,
            markup,
            root,
            here: None,
            deps: record.then(|| RefCell::new(Vec::new())),
            failure: RefCell::new(None),
        }
    }

    /// The same reader for the page of `doc`, which it reads whole.
    pub(crate) fn on<K: Stored>(mut self, doc: &'a Doc<K::Meta>) -> Reader<'a> {
        self.note(Dep::Doc(K::KIND, key(&doc.id), Field::Any));
        self.here = Some(DocInfo::of(K::KIND, doc));
        self
    }

    /// What the page read, sorted and without repeats.
    pub(crate) fn into_deps(self) -> Vec<Dep> {
        let mut v = self.deps.map(RefCell::into_inner).unwrap_or_default();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// [`Reader::into_deps`], or the error of a body that could not be
    /// read.
    pub(crate) fn finish(self) -> Result<Vec<Dep>, Diagnostic> {
        match self.failure.take() {
            Some(d) => Err(d),
            None => Ok(self.into_deps()),
        }
    }

    fn note(&self, dep: Dep) {
        if let Some(d) = &self.deps {
            d.borrow_mut().push(dep);
        }
    }

    /// The handbook without recording: only for pages rendered again on
    /// every update (the overlay's), which need no record.
    pub(crate) fn untracked(&self) -> &'a Handbook {
        self.hb
    }

    pub(crate) fn root(&self) -> &'a str {
        self.root
    }

    /// book.toml: a change to it rebuilds everything, so it is not recorded.
    pub(crate) fn config(&self) -> &'a Config {
        &self.hb.config
    }

    /// The last commit date of a file, from git when the server started.
    pub(crate) fn updated(&self, path: &str) -> Option<&'a String> {
        self.hb.updated.get(path)
    }

    pub(crate) fn framework(&self) -> &'a Framework {
        self.note(Dep::Framework);
        &self.hb.framework
    }

    /// Every document of a kind, in file order.
    pub(crate) fn all<K: Stored>(&self) -> impl Iterator<Item = Read<'_, K>> {
        self.note(Dep::Set(K::KIND));
        K::docs(&self.hb.items)
            .iter()
            .map(move |d| Read { doc: d, r: self })
    }

    /// How many documents of a kind there are.
    pub(crate) fn count(&self, kind: Kind) -> usize {
        self.note(Dep::Set(kind));
        self.hb.count(kind)
    }

    /// A document by id.
    pub(crate) fn find<K: Stored>(&self, id: &str) -> Option<Read<'_, K>> {
        self.note(Dep::Doc(K::KIND, key(id), Field::Exists));
        let i = self.derived.position(K::KIND, id)?;
        K::docs(&self.hb.items)
            .get(i)
            .map(|d| Read { doc: d, r: self })
    }

    pub(crate) fn level(&self, id: &str) -> Option<Read<'_, Level>> {
        self.find::<Level>(id)
    }

    /// The job families.
    pub(crate) fn families(&self) -> &'a Families {
        self.note(Dep::Families);
        &self.hb.families
    }

    /// The family a level belongs to.
    pub(crate) fn family_of(&self, level: &str) -> Option<&'a Family> {
        self.families().of(level)
    }

    /// The id of a level's family ("" in a handbook of one family).
    pub(crate) fn family_id_of(&self, level: &str) -> &'a str {
        self.family_of(level).map_or("", |f| f.id.as_str())
    }

    /// The level at a position of the handbook's list (as families hold them).
    pub(crate) fn level_at(&self, i: usize) -> Option<Read<'_, Level>> {
        self.note(Dep::Set(Kind::Level));
        self.hb.items.level.get(i).map(|d| Read { doc: d, r: self })
    }

    /// The levels as the ladders order them (see `Handbook::ladder_indices`).
    pub(crate) fn ladder(&self) -> Vec<Read<'_, Level>> {
        self.note(Dep::Ladder);
        self.derived
            .ladder
            .iter()
            .map(|&i| Read {
                doc: &self.hb.items.level[i],
                r: self,
            })
            .collect()
    }

    /// The guides in reading order.
    pub(crate) fn guide_order(&self) -> Vec<Read<'_, Guide>> {
        self.note(Dep::Set(Kind::Guide));
        for g in &self.hb.items.guide {
            self.note(Dep::GuideNav(key(&g.id)));
        }
        self.derived
            .guide_order
            .iter()
            .map(|&i| Read {
                doc: &self.hb.items.guide[i],
                r: self,
            })
            .collect()
    }

    /// A guide's neighbours in the reading order, its part and children.
    pub(crate) fn guide_nav(&self, id: &str) -> GuideNav<'a> {
        self.note(Dep::GuideNav(key(id)));
        self.derived.guide_nav(self.hb, id)
    }

    /// A level's shape across the dimensions.
    pub(crate) fn shape(&self, level: &str) -> Option<&'a [Axis]> {
        self.note(Dep::Shape(key(level)));
        self.derived.shapes.of(level)
    }

    /// The level a level's shape is contrasted with.
    pub(crate) fn previous_level(&self, level: &str) -> Option<&'a str> {
        self.note(Dep::Shape(key(level)));
        super::shape::previous(self.hb, level)
    }

    /// The levels a level builds on, lowest first (`shape::foundation`).
    pub(crate) fn foundation(&self, level: &str) -> Vec<&'a str> {
        self.note(Dep::Shape(key(level)));
        super::shape::foundation(self.hb, level)
    }

    /// Where a criterion is defined.
    pub(crate) fn criterion(&self, id: &str) -> Option<super::resolve::Home<'a>> {
        self.note(Dep::Criterion(key(id)));
        self.derived.resolver.criterion(id)
    }

    /// What changes from one level to the next (reads both levels).
    pub(crate) fn level_diff(&self, from: &str, to: &str) -> Vec<diff::DimensionDiff> {
        self.note(Dep::Framework);
        for id in [from, to] {
            self.note(Dep::Doc(Kind::Level, key(id), Field::Meta));
            if let Some(l) = self.hb.level(id) {
                for src in crate::kinds::level::inherit::sources(self.hb, &l.meta) {
                    self.note(Dep::Doc(Kind::Level, key(&src.id), Field::Meta));
                }
            }
        }
        diff::level_diff(self.hb, from, to)
    }

    /// The home page's document, read whole.
    pub(crate) fn home(&self) -> Option<&'a Arc<Doc<HomeMeta>>> {
        self.note(Dep::Home(Field::Any));
        self.hb.home.as_ref()
    }

    /// A cross-reference, as written on this page.
    pub(crate) fn resolve(&self, target: &str) -> Result<Resolved<'a>, Unresolved> {
        let resolved = self.derived.resolver.resolve(target, self.here.as_ref());
        match &resolved {
            Ok(r) => match r.target {
                Target::Item(kind, id) => {
                    self.note(Dep::Doc(kind, key(id), Field::Title));
                    if target.contains('#') {
                        self.note(Dep::Doc(kind, key(id), Field::Headings));
                        if kind == Kind::Level {
                            self.note(Dep::Framework);
                        }
                    }
                }
                Target::Dimension(_) => self.note(Dep::Framework),
                Target::Criterion { id, home } => {
                    self.note(Dep::Criterion(key(id)));
                    match home.level() {
                        Some(level) => self.note(Dep::Doc(Kind::Level, key(level), Field::Title)),
                        None => self.note(Dep::Framework),
                    }
                }
                Target::Here => {}
            },
            Err(_) => {
                // It may come to exist: record the name it would have.
                let t = super::RefTarget::parse(target);
                if let Some(kind) = t.kind.and_then(Kind::from_name) {
                    self.note(Dep::Doc(kind, key(t.id), Field::Exists));
                }
                self.note(Dep::Framework);
                for &kind in Kind::ALL {
                    self.note(Dep::Set(kind));
                }
            }
        }
        resolved
    }

    /// Markdown to HTML, with references resolved from this page.
    pub(crate) fn markdown(&self, text: &str, headings: Option<&Headings>) -> String {
        self.markup.block(self, text, headings)
    }

    /// A document's Markdown body as HTML. When its file cannot be read
    /// again, the page renders without it and [`Reader::finish`] fails.
    pub(crate) fn body<F: FrontMatter>(&self, doc: &Doc<F>) -> String {
        match doc.body() {
            Ok(text) => self.markdown(&text, Some(&doc.headings)),
            Err(d) => {
                self.failure.borrow_mut().get_or_insert(d);
                String::new()
            }
        }
    }

    pub(crate) fn inline(&self, text: &str) -> String {
        self.markup.inline(self, text)
    }

    pub(crate) fn inline_all(&self, v: &[String]) -> Vec<String> {
        v.iter().map(|s| self.inline(s)).collect()
    }
}

/// One document seen through a [`Reader`]: each accessor records the field
/// it reads.
pub(crate) struct Read<'r, K: ItemKind> {
    doc: &'r Doc<K::Meta>,
    r: &'r Reader<'r>,
}

impl<K: ItemKind> Clone for Read<'_, K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: ItemKind> Copy for Read<'_, K> {}

impl<'r, K: Stored> Read<'r, K> {
    fn note(&self, f: Field) {
        self.r.note(Dep::Doc(K::KIND, key(&self.doc.id), f));
    }
    pub(crate) fn id(&self) -> &'r str {
        &self.doc.id
    }
    pub(crate) fn title(&self) -> &'r str {
        self.note(Field::Title);
        self.doc.meta.title()
    }
    pub(crate) fn summary(&self) -> &'r str {
        self.note(Field::Summary);
        self.doc.meta.summary()
    }
    pub(crate) fn weight(&self) -> i64 {
        self.note(Field::Weight);
        self.doc.meta.weight()
    }
    /// The front matter as a whole.
    pub(crate) fn meta(&self) -> &'r K::Meta {
        self.note(Field::Meta);
        &self.doc.meta
    }
    /// The guide part it belongs to, and whether it is a part's index.
    pub(crate) fn part(&self) -> (Option<&'r str>, bool) {
        self.note(Field::Path);
        (self.doc.part.as_deref(), self.doc.is_part)
    }
}
