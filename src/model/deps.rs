//! Page dependencies: what a page read of the handbook while it rendered,
//! recorded by the [`Reader`](super::Reader) it rendered through, and how to
//! tell which of those reads an edit changed.
//!
//! A read is a [`Dep`]: a field of one document, the set of documents of a
//! kind, the framework, or a value derived from many documents (a level's
//! shape, a guide's neighbours). Each has a fingerprint ([`Prints`]); an
//! edit changes some fingerprints, and exactly the pages that read one of
//! them are stale ([`Graph::stale`]).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::{Doc, FrontMatter, Handbook};
use crate::kinds::{with_kind, Kind, Stored};

/// A part of a document that pages read separately.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Field {
    /// Whether the document exists at all.
    Exists,
    Title,
    Summary,
    Weight,
    /// The front matter as a whole (anything a page takes from it).
    Meta,
    Body,
    Headings,
    /// Where the file is (its "edit" link, a guide's part).
    Path,
    /// Everything: a document's own page reads all of it.
    Any,
}

impl Field {
    const EACH: [Field; 8] = [
        Field::Exists,
        Field::Title,
        Field::Summary,
        Field::Weight,
        Field::Meta,
        Field::Body,
        Field::Headings,
        Field::Path,
    ];
}

/// One thing a page read.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Dep {
    /// A field of a document, by kind and [`key`] of its id.
    Doc(Kind, u64, Field),
    /// A field of the home page's document.
    Home(Field),
    /// Which documents of a kind exist, in file order.
    Set(Kind),
    Framework,
    /// The levels in ladder order.
    Ladder,
    /// The job families: which there are, their dimensions, tracks and levels.
    Families,
    /// A level's shape (its radar) and the level it is contrasted with.
    Shape(u64),
    /// A guide's previous and next guides, its part and its children.
    GuideNav(u64),
    /// The level and dimension a criterion belongs to.
    Criterion(u64),
}

/// A short stable key for an id (a 64-bit hash: no allocation per read).
pub(crate) fn key(id: &str) -> u64 {
    hash(&id)
}

pub(crate) fn hash<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = FxHasher::default();
    v.hash(&mut h);
    h.finish()
}

/// The fingerprint of each field of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DocPrint([u64; 8]);

impl DocPrint {
    pub(crate) fn of<F: FrontMatter>(d: &Doc<F>) -> DocPrint {
        DocPrint([
            1,
            hash(d.title()),
            hash(d.summary()),
            hash(&d.meta.weight()),
            d.prints[0],
            d.prints[1],
            hash(&d.headings),
            hash(&(d.relative_path(), &d.part, d.is_part)),
        ])
    }

    /// [`DocPrint::of`], with the date git gives the document's file (its
    /// page shows it), which only the handbook knows.
    pub(crate) fn in_handbook<F: FrontMatter>(hb: &Handbook, d: &Doc<F>) -> DocPrint {
        let mut p = DocPrint::of(d);
        if let Some(date) = hb.updated.get(d.relative_path()) {
            p.0[7] = hash(&(p.0[7], date));
        }
        p
    }

    /// The fields that differ between two prints (of the same document, or
    /// of a document and its absence).
    pub(crate) fn changed(a: Option<&DocPrint>, b: Option<&DocPrint>) -> Vec<Field> {
        const ABSENT: DocPrint = DocPrint([0; 8]);
        let (a, b) = (a.unwrap_or(&ABSENT), b.unwrap_or(&ABSENT));
        Field::EACH
            .iter()
            .zip(a.0.iter().zip(&b.0))
            .filter(|(_, (x, y))| x != y)
            .map(|(f, _)| *f)
            .collect()
    }
}

/// Fingerprints of everything a page can read. Stable from one run of the
/// same careerbook to the next (FxHash has no random seed), so a build can
/// keep them for the next one.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Prints {
    pub docs: FxHashMap<(Kind, u64), DocPrint>,
    pub home: Option<DocPrint>,
    /// Per kind (in [`Kind::ALL`] order): the ids in file order.
    pub sets: Vec<u64>,
    pub framework: u64,
    /// Derived values (shapes, guide neighbours, criteria, the ladder).
    pub derived: FxHashMap<Dep, u64>,
}

impl Prints {
    /// Fingerprints of every document; `derived` comes from
    /// [`Derived::prints`](super::Derived::prints).
    pub(crate) fn of(hb: &Handbook, derived: FxHashMap<Dep, u64>) -> Prints {
        let mut docs = FxHashMap::default();
        for &kind in Kind::ALL {
            with_kind!(kind, |K| {
                for d in K::docs(&hb.items) {
                    docs.insert((kind, key(&d.id)), DocPrint::in_handbook(hb, d));
                }
            });
        }
        Prints {
            docs,
            derived,
            ..Prints::whole(hb)
        }
    }

    /// The prints that are cheap to take whole: the kinds' sets, the
    /// framework and the home page. Documents are left out.
    pub(crate) fn whole(hb: &Handbook) -> Prints {
        Prints {
            docs: FxHashMap::default(),
            home: hb.home.as_deref().map(|h| DocPrint::in_handbook(hb, h)),
            sets: Kind::ALL
                .iter()
                .map(|&kind| with_kind!(kind, |K| set_print::<K>(hb)))
                .collect(),
            framework: hash(&hb.framework_src.text),
            derived: FxHashMap::default(),
        }
    }

    /// What differs between two handbooks' prints: the reads an edit
    /// changed. Documents are compared where `touched` names them (the
    /// files that were reloaded); the rest is compared whole.
    pub(crate) fn changes(&self, new: &Prints, touched: &[(Kind, u64)]) -> FxHashSet<Dep> {
        let mut out = FxHashSet::default();
        for &(kind, k) in touched {
            for f in DocPrint::changed(self.docs.get(&(kind, k)), new.docs.get(&(kind, k))) {
                out.insert(Dep::Doc(kind, k, f));
            }
        }
        for f in DocPrint::changed(self.home.as_ref(), new.home.as_ref()) {
            out.insert(Dep::Home(f));
        }
        for (i, &kind) in Kind::ALL.iter().enumerate() {
            if self.sets.get(i) != new.sets.get(i) {
                out.insert(Dep::Set(kind));
            }
        }
        if self.framework != new.framework {
            out.insert(Dep::Framework);
        }
        for (dep, print) in &new.derived {
            if self.derived.get(dep) != Some(print) {
                out.insert(*dep);
            }
        }
        for dep in self.derived.keys() {
            if !new.derived.contains_key(dep) {
                out.insert(*dep);
            }
        }
        out
    }
}

fn set_print<K: Stored>(hb: &Handbook) -> u64 {
    let ids: Vec<&str> = K::docs(&hb.items).iter().map(|d| d.id.as_str()).collect();
    hash(&ids)
}

/// What every rendered page read, and the reverse: which pages read each
/// thing. Pages are named by their site path.
#[derive(Debug, Default)]
pub(crate) struct Graph {
    pages: HashMap<String, Vec<Dep>>,
    readers: FxHashMap<Dep, HashSet<String>>,
}

impl Graph {
    /// Records what `page` read, replacing what it read before.
    pub(crate) fn record(&mut self, page: &str, deps: Vec<Dep>) {
        self.forget(page);
        for d in &deps {
            self.readers.entry(*d).or_default().insert(page.to_string());
        }
        self.pages.insert(page.to_string(), deps);
    }

    /// Drops a page that no longer exists.
    pub(crate) fn forget(&mut self, page: &str) {
        if let Some(old) = self.pages.remove(page) {
            for d in old {
                if let Some(set) = self.readers.get_mut(&d) {
                    set.remove(page);
                }
            }
        }
    }

    /// The pages that read something in `changed`.
    pub(crate) fn stale(&self, changed: &FxHashSet<Dep>) -> HashSet<String> {
        let mut out = HashSet::new();
        let mut add = |d: &Dep| {
            if let Some(pages) = self.readers.get(d) {
                out.extend(pages.iter().cloned());
            }
        };
        for d in changed {
            add(d);
            // A page that read a whole document is stale when any part is.
            if let Dep::Doc(kind, k, _) = d {
                add(&Dep::Doc(*kind, *k, Field::Any));
            }
            if let Dep::Home(_) = d {
                add(&Dep::Home(Field::Any));
            }
        }
        out
    }

    /// What a page read, in a stable order (for tests and debugging).
    pub(crate) fn deps(&self, page: &str) -> Vec<Dep> {
        let mut v = self.pages.get(page).cloned().unwrap_or_default();
        v.sort();
        v
    }
}
