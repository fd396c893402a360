//! Full-text search, built at build time and queried in the browser with no
//! server: this module turns the model into search documents (every item,
//! and every section of a guide or a level's prose) and writes a sharded
//! index that `themes/default/static/search.js` loads piece by piece.
//!
//! It reads only the model, never files, and writes only through a sink.

pub mod index;
pub mod tokenize;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::markdown;
use crate::model::*;

/// One search result target: an item, or a section of one.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
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
fn sections(md: &str, headings: &[Heading], idx: &Index) -> Vec<Section> {
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
                    .map(|h| h.id.clone())
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
                    let title = ref_title(idx, &dest_url);
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

fn ref_title(idx: &Index, target: &str) -> String {
    let t = RefTarget::parse(target);
    match t.kind {
        Some("dimension") => idx
            .dimensions
            .get(t.id)
            .map_or_else(|| t.id.to_string(), |d| d.name.clone()),
        Some(k) => Kind::from_name(k)
            .and_then(|k| idx.items.get(&(k, t.id)))
            .map_or_else(|| t.id.to_string(), |i| i.title.to_string()),
        None => t.anchor.unwrap_or("").replace('-', " "),
    }
}

/// Plain text of a Markdown field.
fn field_text(md: &str, idx: &Index) -> String {
    sections(md, &[], idx)
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

fn join_fields<'a>(parts: impl IntoIterator<Item = &'a str>, idx: &Index) -> String {
    squeeze(
        &parts
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| field_text(p, idx))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn ids(v: &[toml::Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| s.get_ref().clone()).collect()
}

fn tracks_for(hb: &Handbook, levels: &[String]) -> Vec<String> {
    let mut t: Vec<String> = hb
        .framework
        .tracks
        .iter()
        .filter(|tr| tr.levels.iter().any(|l| levels.contains(l.get_ref())))
        .map(|tr| tr.id.get_ref().clone())
        .collect();
    t.dedup();
    t
}

/// The whole item as one document, plus one per body section.
fn item_docs<F: FrontMatter>(
    kind: Kind,
    d: &Doc<F>,
    fields_text: String,
    facets: (Vec<String>, Vec<String>, String),
    idx: &Index,
) -> Vec<SearchDoc> {
    let (levels, tracks, round) = facets;
    let url = kind.url(&d.id);
    let secs = sections(d.body(), &d.headings, idx);
    let mut docs = Vec::new();
    let mut intro = String::new();
    let mut intro_headings = Vec::new();
    // Items other than guides and levels are short: their body belongs to
    // the item. Guides and level prose are split so results land on the
    // exact section.
    let split = matches!(kind, Kind::Guide | Kind::Level);
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
        },
    );
    docs
}

/// Every search document of the handbook, in kind order.
pub fn documents(hb: &Handbook, idx: &Index) -> Vec<SearchDoc> {
    let fw = &hb.framework;
    let mut out: Vec<Vec<SearchDoc>> = Vec::new();
    out.par_extend(hb.levels.par_iter().map(|l| {
        let mut parts = Vec::new();
        for d in &fw.dimensions {
            if let Some(e) = l.meta.expectation(d.id.get_ref()) {
                parts.push(format!("{}: {}", d.name, e.statement));
                for c in &e.criteria {
                    parts.push(c.text.clone());
                    parts.extend(c.examples.iter().cloned());
                }
            }
        }
        let text = join_fields(parts.iter().map(String::as_str), idx);
        let levels = vec![l.id.clone()];
        let tracks = tracks_for(hb, &levels);
        item_docs(
            Kind::Level,
            l,
            format!("{} {text}", l.meta.years),
            (levels, tracks, String::new()),
            idx,
        )
    }));
    out.par_extend(hb.questions.par_iter().map(|q| {
        let m = &q.meta;
        let mut parts: Vec<&str> = vec![&m.tests, &m.how_to_answer, &m.framing];
        parts.extend(m.mistakes.iter().map(String::as_str));
        let answers: Vec<String> = m
            .answers
            .iter()
            .map(|a| format!("{}: {}", a.label, a.text))
            .collect();
        parts.extend(answers.iter().map(String::as_str));
        let levels = ids(&m.levels);
        let tracks = tracks_for(hb, &levels);
        item_docs(
            Kind::Question,
            q,
            join_fields(parts, idx),
            (levels, tracks, m.round.get_ref().clone()),
            idx,
        )
    }));
    out.par_extend(hb.anti_patterns.par_iter().map(|a| {
        let m = &a.meta;
        let mut parts: Vec<&str> = vec![&m.why_it_hurts];
        parts.extend(m.signs.iter().map(String::as_str));
        parts.extend(m.how_to_avoid.iter().map(String::as_str));
        let levels = ids(&m.levels);
        let tracks = tracks_for(hb, &levels);
        item_docs(
            Kind::AntiPattern,
            a,
            join_fields(parts, idx),
            (levels, tracks, String::new()),
            idx,
        )
    }));
    out.par_extend(hb.exercises.par_iter().map(|e| {
        let m = &e.meta;
        let mut parts: Vec<&str> = vec![&m.timebox];
        parts.extend(m.steps.iter().map(String::as_str));
        parts.extend(m.produce.iter().map(String::as_str));
        if let Some(r) = &m.rubric {
            for c in &r.get_ref().criteria {
                parts.push(&c.name);
                parts.extend(c.descriptors.get_ref().iter().map(String::as_str));
            }
        }
        let levels = ids(&m.levels);
        let tracks = tracks_for(hb, &levels);
        item_docs(
            Kind::Exercise,
            e,
            join_fields(parts, idx),
            (levels, tracks, String::new()),
            idx,
        )
    }));
    out.par_extend(hb.checklists.par_iter().map(|c| {
        let mut parts: Vec<&str> = Vec::new();
        for g in &c.meta.groups {
            parts.push(&g.name);
            parts.extend(g.items.get_ref().iter().map(String::as_str));
        }
        item_docs(
            Kind::Checklist,
            c,
            join_fields(parts, idx),
            (Vec::new(), Vec::new(), String::new()),
            idx,
        )
    }));
    out.par_extend(hb.guides.par_iter().map(|g| {
        item_docs(
            Kind::Guide,
            g,
            String::new(),
            (Vec::new(), Vec::new(), String::new()),
            idx,
        )
    }));
    out.into_iter().flatten().collect()
}
