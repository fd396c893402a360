//! The content kinds. Everything about one kind lives in one file of this
//! folder, behind [`ItemKind`]: its front matter as written, the checks
//! that concern one document, what search indexes, its page and its list
//! page, its place in the contents, and the file `careerbook new` writes.
//!
//! The list at the bottom of this file is the only place that names every
//! kind. The [`Kind`] enum, the handbook's storage ([`Items`]) and every
//! "for each kind" loop (`with_kind!`) are generated from it, so a kind
//! that misses a hook does not compile, and adding a kind is one new file
//! plus one line here.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{Doc, Framework, FrontMatter, Handbook, Read, Reader};
use crate::source::SourceFile;

/// What the rest of careerbook needs to know about a content kind.
pub(crate) trait ItemKind: Sized + Send + Sync + 'static {
    /// The front matter, as written in files.
    type Meta: FrontMatter + DeserializeOwned + std::fmt::Debug + Send + Sync + 'static;
    /// Names, folder and labels.
    const INFO: KindInfo;

    /// Checks that concern one document (and what it names elsewhere).
    fn check(cx: &Checks, doc: &Doc<Self::Meta>, d: &mut Diagnostics);
    /// Checks across every document of the kind (none by default).
    fn check_all(_hb: &Handbook, _d: &mut Diagnostics) {}
    /// Drops what the front matter marks internal (a level's criteria's
    /// `internal_examples`), for a profile that leaves it out; returns how
    /// many it dropped.
    fn strip_internal(_meta: &mut Self::Meta) -> usize {
        0
    }
    /// What search indexes from the front matter, and the facets.
    fn search(hb: &Handbook, doc: &Doc<Self::Meta>) -> SearchFields;
    /// The document's own page.
    fn page(r: &Reader, doc: &Doc<Self::Meta>) -> View;
    /// A page of the kind's list: the entries at positions `page` of the
    /// list's order (all of them unless the list is split into pages).
    fn list(r: &Reader, page: std::ops::Range<usize>) -> View;
    /// The kind's section of the contents (the sidebar and the print page),
    /// in reading order; `None` leaves the section out.
    fn contents(r: &Reader) -> Option<Vec<Entry>>;
    /// The file `careerbook new` writes, given the handbook's framework.
    fn scaffold(id: &str, title: &str, fw: &Framework) -> String;
}

/// A kind's names: where its files live and how pages and messages call it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindInfo {
    /// The name in cross-references (`[[level:senior]]`) and `careerbook new`.
    pub name: &'static str,
    /// Folder under `content/`, and under the output.
    pub folder: &'static str,
    pub plural: &'static str,
    /// What `careerbook new --help` says of it.
    pub help: &'static str,
    /// Anchors the page layout owns for this kind: the sections the theme
    /// renders from front matter. A contract with the templates: body
    /// headings never take these ids, and cross-references may target them
    /// (`[[question:x#how-to-answer]]`).
    pub layout_anchors: &'static [&'static str],
    /// Search splits the body at its H2 headings, so a result lands on the
    /// section (long prose); otherwise the body belongs to the item.
    pub split_sections: bool,
    /// What a subfolder of the kind's folder means.
    pub subfolders: Subfolders,
}

/// What a subfolder of a kind's folder (`content/guides/<name>/`) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subfolders {
    /// Nothing: documents are sorted into folders for the writers' sake.
    Ignored,
    /// A part of the kind's reading order, introduced by its `index.md`.
    Parts,
    /// The job family the documents belong to.
    Families,
}

/// A page's template and its own variables (the renderer adds `root`,
/// `page` and the globals).
pub(crate) struct View {
    pub template: &'static str,
    pub vars: tera::Context,
}

impl View {
    pub(crate) fn new(template: &'static str) -> View {
        View {
            template,
            vars: tera::Context::new(),
        }
    }

    /// Sets a template variable.
    pub(crate) fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.vars.insert(key, value);
    }
}

/// What search indexes of a document besides its title, summary and body.
#[derive(Debug, Default)]
pub(crate) struct SearchFields {
    /// Plain text put before the fields (a level's years).
    pub lead: String,
    /// Markdown fields, in the order they are indexed.
    pub parts: Vec<String>,
    /// Level ids the document is for (a facet; tracks derive from them).
    pub levels: Vec<String>,
    /// The interview round (a facet).
    pub round: String,
    /// The job family (a facet); for documents about levels, derived from
    /// their levels when left empty.
    pub family: String,
}

/// One line of the contents.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub title: String,
    pub url: String,
    /// 1 for a guide inside a part.
    pub depth: usize,
}

/// A link to a page, as views show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub id: String,
    pub title: String,
    /// Site-relative URL; templates prefix it with `root`.
    pub url: String,
    pub summary: String,
}

impl Link {
    pub(crate) fn to<K: Stored>(doc: &Read<K>) -> Link {
        Link {
            id: doc.id().to_string(),
            title: doc.title().to_string(),
            url: K::url(doc.id()),
            summary: doc.summary().to_string(),
        }
    }
}

/// Kind-level helpers every kind has, from its [`KindInfo`].
pub(crate) trait KindExt: ItemKind {
    fn url(id: &str) -> String {
        format!("{}/{}.html", Self::INFO.folder, id)
    }
}
impl<K: ItemKind> KindExt for K {}

impl Kind {
    pub(crate) fn info(self) -> KindInfo {
        with_kind!(self, |K| K::INFO)
    }
    pub(crate) fn folder(self) -> &'static str {
        self.info().folder
    }
    pub(crate) fn name(self) -> &'static str {
        self.info().name
    }
    pub(crate) fn plural_label(self) -> &'static str {
        self.info().plural
    }
    /// Site-relative URL of an item's page.
    pub(crate) fn url(self, id: &str) -> String {
        format!("{}/{}.html", self.folder(), id)
    }
    pub(crate) fn index_url(self) -> String {
        format!("{}/index.html", self.folder())
    }
    pub(crate) fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.folder() == folder)
    }
    pub(crate) fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }
    /// Position in [`Kind::ALL`].
    pub(crate) fn ordinal(self) -> usize {
        self as usize
    }
}

/// Documents of one kind sorted by weight, then title (case-insensitive),
/// then file order: how lists and the contents order them.
pub(crate) fn by_weight<'r, K: Stored>(r: &'r Reader<'_>) -> Vec<Read<'r, K>> {
    let mut v: Vec<Read<K>> = r.all::<K>().collect();
    v.sort_by_cached_key(|d| (d.weight(), d.title().to_lowercase()));
    v
}

/// A plain contents entry for a document.
pub(crate) fn entry<K: Stored>(doc: &Read<K>) -> Entry {
    Entry {
        title: doc.title().to_string(),
        url: K::url(doc.id()),
        depth: 0,
    }
}

/// What checks look up: any document by kind and id, in constant time.
pub(crate) struct Checks<'a> {
    pub hb: &'a Handbook,
    index: std::borrow::Cow<'a, DocIndex<'a>>,
}

/// Every document's position in its kind's list, by kind and id (the
/// first, when ids repeat).
pub(crate) type DocIndex<'a> = rustc_hash::FxHashMap<(Kind, &'a str), usize>;

/// Builds a [`DocIndex`].
pub(crate) fn doc_index(hb: &Handbook) -> DocIndex<'_> {
    let mut index = DocIndex::default();
    index.reserve(hb.items_len());
    for &kind in Kind::ALL {
        with_kind!(kind, |K| {
            for (i, d) in K::docs(&hb.items).iter().enumerate() {
                index.entry((kind, d.id.as_str())).or_insert(i);
            }
        });
    }
    index
}

impl<'a> Checks<'a> {
    pub(crate) fn new(hb: &'a Handbook) -> Checks<'a> {
        Checks {
            hb,
            index: std::borrow::Cow::Owned(doc_index(hb)),
        }
    }

    /// With an index already built (the dev server's, per update).
    pub(crate) fn with_index(hb: &'a Handbook, index: &'a DocIndex<'a>) -> Checks<'a> {
        Checks {
            hb,
            index: std::borrow::Cow::Borrowed(index),
        }
    }

    /// The first document of kind `K` with this id.
    pub(crate) fn find<K: Stored>(&self, id: &str) -> Option<&'a Doc<K::Meta>> {
        let i = *self.index.get(&(K::KIND, id))?;
        K::docs(&self.hb.items).get(i).map(|d| &**d)
    }

    /// Checks that every level a document names exists.
    pub(crate) fn levels(
        &self,
        src: &SourceFile,
        refs: &[toml::Spanned<String>],
        d: &mut Diagnostics,
    ) {
        for r in refs {
            if self.find::<level::Level>(r.get_ref()).is_none() {
                let known = self.hb.levels().iter().map(|l| l.id.as_str());
                d.push(unknown("level", r, src, known));
            }
        }
    }
}

/// A diagnostic for a reference to something that does not exist, pointing
/// inside the quotes of the value in the front matter (or in a `.toml`
/// file), with a "did you mean" or the known values.
pub(crate) fn unknown<'a>(
    what: &str,
    r: &toml::Spanned<String>,
    src: &SourceFile,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let base = if src.display.ends_with(".toml") {
        0
    } else {
        src.front_matter_start()
    };
    let span = r.span();
    let d = Diagnostic::error(format!("unknown {what} `{}`", r.get_ref())).at(
        src,
        base + span.start + 1,
        span.len().saturating_sub(2),
    );
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match did_you_mean(r.get_ref(), candidates.iter().copied()) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None if candidates.is_empty() => d.hint(format!("no {what} is defined yet")),
        None => d.hint(format!("known {what}s: {}", abbreviated(&candidates))),
    }
}

/// A list for a hint, cut after a dozen.
pub(crate) fn abbreviated(list: &[&str]) -> String {
    if list.len() <= 12 {
        list.join(", ")
    } else {
        format!("{}, ... ({} in all)", list[..12].join(", "), list.len())
    }
}

/// Generates, from the one list of kinds: each kind's module, the [`Kind`] enum and
/// `Kind::ALL`, the handbook's storage ([`Items`], a `Vec` per kind), the
/// [`Stored`] access each kind gets, and `with_kind!`, which runs code
/// generic over a kind for a `Kind` value (`with_kind!(k, |K| K::INFO)`).
macro_rules! kinds {
    ($d:tt $($variant:ident => $module:ident :: $ty:ident,)*) => {
        $(pub(crate) mod $module;)*

        /// The kinds of content, in the order the site lists them.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        pub(crate) enum Kind { $($variant),* }

        impl Kind {
            pub(crate) const ALL: &'static [Kind] = &[$(Kind::$variant),*];
        }

        /// Every document of the handbook, by kind, in file order.
        #[derive(Debug, Default, Clone)]
        pub(crate) struct Items {
            $(pub(crate) $module: Vec<Arc<Doc<<$module::$ty as ItemKind>::Meta>>>,)*
        }

        $(impl Stored for $module::$ty {
            const KIND: Kind = Kind::$variant;
            fn docs(items: &Items) -> &[Arc<Doc<Self::Meta>>] {
                &items.$module
            }
            fn docs_mut(items: &mut Items) -> &mut Vec<Arc<Doc<Self::Meta>>> {
                &mut items.$module
            }
        })*

        /// Runs `body` with `K` standing for the kind type of `kind`.
        macro_rules! with_kind {
            ($d kind:expr, |$d k:ident| $d body:expr) => {
                match $d kind {
                    $($crate::kinds::Kind::$variant => {
                        #[allow(unused_imports)]
                        use $crate::kinds::{ItemKind as _, Stored as _};
                        #[allow(unused)]
                        type $d k = $crate::kinds::$module::$ty;
                        $d body
                    })*
                }
            };
        }
        pub(crate) use with_kind;
    };
}

/// Where each kind's documents are stored in the handbook; generated for
/// every kind of the list.
pub(crate) trait Stored: ItemKind {
    const KIND: Kind;
    fn docs(items: &Items) -> &[Arc<Doc<Self::Meta>>];
    fn docs_mut(items: &mut Items) -> &mut Vec<Arc<Doc<Self::Meta>>>;
}

kinds! { $
    Family => family::Family,
    Level => level::Level,
    Question => question::Question,
    AntiPattern => anti_pattern::AntiPattern,
    Exercise => exercise::Exercise,
    Checklist => checklist::Checklist,
    Guide => guide::Guide,
}

/// The error for an id that cannot be used in a URL.
pub(crate) fn bad_id(what: &str, id: &str) -> Diagnostic {
    Diagnostic::error(format!("invalid {what} id `{id}`"))
        .hint("ids are used in URLs: lowercase letters, digits, `-` and `_`, not starting with `-`")
}

/// A string as a TOML basic string (quoted, escaped), for scaffolds.
pub(crate) fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The first track's level ids, for scaffolds' comments.
pub(crate) fn level_list(fw: &Framework) -> String {
    fw.tracks
        .first()
        .map(|t| {
            t.levels
                .iter()
                .map(|l| l.get_ref().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// One card of a list page (`cards.html`).
#[derive(Serialize)]
pub(crate) struct Card {
    pub link: Link,
    pub levels: Vec<Link>,
    /// A short note beside the title (a timebox, a count of items).
    pub extra: String,
}

/// A list page of cards, sorted by weight and title.
pub(crate) fn cards<K: Stored>(
    r: &Reader,
    page: std::ops::Range<usize>,
    card: impl Fn(&Read<K>) -> Card,
) -> View {
    let all = by_weight::<K>(r);
    let cards: Vec<Card> = all.get(page).unwrap_or_default().iter().map(card).collect();
    let mut view = View::new("cards.html");
    view.put("kind", K::INFO.plural);
    view.put("cards", &cards);
    view
}

/// The contents of a kind whose list is sorted by weight and title; `None`
/// when it has no documents.
pub(crate) fn sorted_contents<K: Stored>(r: &Reader) -> Option<Vec<Entry>> {
    let v: Vec<Entry> = by_weight::<K>(r).iter().map(entry).collect();
    (!v.is_empty()).then_some(v)
}

#[cfg(test)]
mod tests;
