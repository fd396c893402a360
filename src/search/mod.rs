//! Full-text search, built at build time and queried in the browser with no
//! server: this module turns the model into search documents (every item,
//! and every section of a guide or a level's prose) and writes a sharded
//! index that `themes/default/static/search.js` loads piece by piece.
//!
//! It reads only the model, never files, and writes only through a sink.

mod glossary;
pub(crate) mod index;
mod spill;
mod terms;
pub mod tokenize;
pub(crate) mod update;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::kinds::{with_kind, Kind, Stored};
use crate::markdown;
use crate::model::{Doc, DocInfo, FrontMatter, Handbook, Headings, RefTarget, Resolver};

/// One search result target: an item, or a section of one.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchDoc {
    pub kind: Option<Kind>,
    pub title: String,
    /// The page a section belongs to ("" for a whole item).
    pub parent: String,
    /// Site-relative URL, with `#anchor` for a section.
    pub url: String,
    /// Subheadings inside this document, weighted above body text.
    pub headings: Vec<String>,
    pub text: String,
    pub levels: Vec<String>,
    pub tracks: Vec<String>,
    pub round: String,
    pub tags: Vec<String>,
    /// Job families (a facet): the document's own, or its levels'.
    pub families: Vec<String>,
}

/// A stretch of Markdown between H2 headings, as plain text.
#[derive(Debug, Default)]
struct Section {
    heading: Option<(String, String)>,
    subheadings: Vec<String>,
    text: String,
}

/// Plain text of Markdown, split at level-2 headings (a body's level-1
/// heading usually repeats the page title, so it does not split). Anchor ids
/// come from the parse stage (`headings`, in document order) so results link
/// to the ids the page really has.
fn sections(md: &str, headings: &Headings, refs: &Refs) -> Vec<Section> {
    let mut out = vec![Section::default()];
    let mut heading_no = 0;
    let mut in_heading: Option<(u8, String)> = None;
    let mut skip_label = false;
    for ev in Parser::new_ext(md, markdown::options(false)) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some((level as u8, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, text)) = in_heading.take() else {
                    continue;
                };
                let id = headings
                    .get(heading_no)
                    .map(|h| h.id.to_string())
                    .unwrap_or_default();
                heading_no += 1;
                if level == 2 {
                    out.push(Section {
                        heading: Some((id, text.trim().to_string())),
                        ..Section::default()
                    });
                } else if let Some(s) = out.last_mut() {
                    s.subheadings.push(text.trim().to_string());
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                skip_label = !has_pothole;
                if skip_label {
                    let title = refs.title(&dest_url);
                    push_text(&mut out, &mut in_heading, &title);
                }
            }
            Event::End(TagEnd::Link) => skip_label = false,
            Event::Text(t) | Event::Code(t) if !skip_label => {
                push_text(&mut out, &mut in_heading, &t)
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                push_text(&mut out, &mut in_heading, " ")
            }
            _ => {}
        }
    }
    for s in &mut out {
        s.text = squeeze(&s.text);
    }
    out
}

fn push_text(out: &mut [Section], in_heading: &mut Option<(u8, String)>, t: &str) {
    match in_heading {
        Some((_, h)) => h.push_str(t),
        None => {
            if let Some(s) = out.last_mut() {
                s.text.push_str(t);
            }
        }
    }
}

/// Collapses whitespace so stored text is compact.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How references read in search text: as the resolver titles them, from
/// the document they are written in.
struct Refs<'a> {
    resolver: &'a Resolver<'a>,
    here: Option<DocInfo<'a>>,
}

impl Refs<'_> {
    fn title(&self, target: &str) -> String {
        match self.resolver.resolve(target, self.here.as_ref()) {
            Ok(r) => r.title,
            Err(_) => {
                let t = RefTarget::parse(target);
                match t.kind {
                    Some(_) => t.id.to_string(),
                    None => t.anchor.unwrap_or("").to_string(),
                }
            }
        }
    }
}

/// Plain text of a Markdown field.
fn field_text(md: &str, refs: &Refs) -> String {
    sections(md, &Headings::default(), refs)
        .into_iter()
        .map(|s| {
            let mut t = s.heading.map(|(_, h)| h).unwrap_or_default();
            t.push(' ');
            t.push_str(&s.text);
            t
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn join_fields<'a>(parts: impl IntoIterator<Item = &'a str>, refs: &Refs) -> String {
    squeeze(
        &parts
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| field_text(p, refs))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The tracks the levels are on (`family/track` in a handbook of families,
/// where track ids repeat from family to family).
fn tracks_for(hb: &Handbook, levels: &[String]) -> Vec<String> {
    let mut t: Vec<String> = Vec::new();
    for f in &hb.families.list {
        for tr in &f.tracks {
            if tr.levels.iter().any(|l| levels.contains(l.get_ref())) {
                let id = match f.is_declared() {
                    true => format!("{}/{}", f.id, tr.id.get_ref()),
                    false => tr.id.get_ref().clone(),
                };
                if !t.contains(&id) {
                    t.push(id);
                }
            }
        }
    }
    t
}

/// The families of the levels, in family order.
fn families_for(hb: &Handbook, levels: &[String]) -> Vec<String> {
    hb.families
        .list
        .iter()
        .filter(|f| f.is_declared())
        .filter(|f| {
            levels
                .iter()
                .any(|l| hb.families.of(l).is_some_and(|x| x.id == f.id))
        })
        .map(|f| f.id.clone())
        .collect()
}

/// The whole document as one search document, plus one per body section
/// when its kind splits them.
fn item_docs<K: Stored>(
    hb: &Handbook,
    d: &Doc<K::Meta>,
    resolver: &Resolver,
) -> std::io::Result<Vec<SearchDoc>> {
    let kind = K::KIND;
    let refs = Refs {
        resolver,
        here: Some(DocInfo::of(kind, d)),
    };
    let fields = K::search(hb, d);
    let fields_text = format!(
        "{} {}",
        fields.lead,
        join_fields(fields.parts.iter().map(String::as_str), &refs)
    );
    let levels = fields.levels;
    let tracks = tracks_for(hb, &levels);
    let families = match fields.family.is_empty() {
        true => families_for(hb, &levels),
        false => vec![fields.family],
    };
    let round = fields.round;
    let url = kind.url(&d.id);
    let body = d.body().map_err(unreadable)?;
    let secs = sections(&body, &d.headings, &refs);
    let mut docs = Vec::new();
    let mut intro = String::new();
    let mut intro_headings = Vec::new();
    let split = K::INFO.split_sections;
    for (i, s) in secs.into_iter().enumerate() {
        match (&s.heading, split) {
            (Some((id, heading)), true) if i > 0 => docs.push(SearchDoc {
                kind: Some(kind),
                title: heading.clone(),
                parent: d.title().to_string(),
                url: format!("{url}#{id}"),
                headings: s.subheadings,
                text: s.text,
                levels: levels.clone(),
                tracks: tracks.clone(),
                round: round.clone(),
                tags: d.meta.tags().to_vec(),
                families: families.clone(),
            }),
            _ => {
                if let Some((_, h)) = &s.heading {
                    intro_headings.push(h.clone());
                }
                intro_headings.extend(s.subheadings);
                intro.push(' ');
                intro.push_str(&s.text);
            }
        }
    }
    let text = squeeze(&format!("{} {} {}", d.summary(), fields_text, intro));
    docs.insert(
        0,
        SearchDoc {
            kind: Some(kind),
            title: d.title().to_string(),
            parent: String::new(),
            url,
            headings: intro_headings,
            text,
            levels,
            tracks,
            round,
            tags: d.meta.tags().to_vec(),
            families,
        },
    );
    Ok(docs)
}

/// A body that could not be read again, as the error search files give.
fn unreadable(d: crate::diagnostics::Diagnostic) -> std::io::Error {
    std::io::Error::other(format!("{}: {}", d.position(), d.message))
}

/// Items turned into search documents at a time: enough to keep both cores
/// busy, few enough that the text in flight stays a few MB.
const ITEMS_PER_BATCH: usize = 512;

/// One item's search documents, with what names the item.
pub(crate) struct ItemDocs {
    pub kind: Kind,
    /// [`crate::model::deps::key`] of the item's id.
    pub key: u64,
    pub docs: Vec<SearchDoc>,
}

/// Writes one search file to `sink`, its path in the error if it fails (a
/// full disk names the file).
pub(crate) fn put(sink: &dyn crate::output::Sink, path: &str, js: &str) -> std::io::Result<()> {
    sink.write(path, js.as_bytes())
        .map_err(|e| std::io::Error::new(e.kind(), format!("{path}: {e}")))
}

/// Every search document of the handbook, in kind order, handed to `f` a
/// batch of items at a time, so no more than one batch's text is held at
/// once.
pub(crate) fn for_each_batch(
    hb: &Handbook,
    resolver: &Resolver,
    mut f: impl FnMut(Vec<ItemDocs>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for &kind in Kind::ALL {
        with_kind!(kind, |K| {
            for items in K::docs(&hb.items).chunks(ITEMS_PER_BATCH) {
                f(items
                    .par_iter()
                    .map(|d| {
                        Ok(ItemDocs {
                            kind,
                            key: crate::model::deps::key(&d.id),
                            docs: item_docs::<K>(hb, d, resolver)?,
                        })
                    })
                    .collect::<std::io::Result<_>>()?)?;
            }
        });
    }
    Ok(())
}

/// Every item's kind and key, in the order [`for_each_batch`] gives them.
pub(crate) fn item_order(hb: &Handbook) -> Vec<(Kind, u64)> {
    let mut out = Vec::new();
    for &kind in Kind::ALL {
        with_kind!(kind, |K| {
            out.extend(
                K::docs(&hb.items)
                    .iter()
                    .map(|d| (kind, crate::model::deps::key(&d.id))),
            );
        });
    }
    out
}

/// The search documents of the item of `kind` whose id has `key`.
pub(crate) fn docs_of(
    hb: &Handbook,
    resolver: &Resolver,
    kind: Kind,
    key: u64,
) -> std::io::Result<Option<Vec<SearchDoc>>> {
    with_kind!(kind, |K| {
        K::docs(&hb.items)
            .iter()
            .find(|d| crate::model::deps::key(&d.id) == key)
            .map(|d| item_docs::<K>(hb, d, resolver))
            .transpose()
    })
}
