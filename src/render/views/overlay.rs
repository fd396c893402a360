//! The overlay's pages (the private "Me" section): the brag document as a
//! timeline, the evidence map and coaching hints, and the packet.

use serde::Serialize;

use super::page_view;
use crate::kinds::level::level_link;
use crate::kinds::Link;
use crate::markdown::slugify;
use crate::model::Reader;
use crate::overlay::{self, Overlay};
use crate::render::{PageKind, PagePlan};

#[derive(Serialize)]
struct EntryView {
    anchor: String,
    title: String,
    description: String,
    section: String,
    when: String,
    quarter: String,
    dimensions: Vec<String>,
    level: String,
    story: String,
    fields: Vec<(String, String)>,
    quantified: bool,
    criteria: Vec<CriterionLink>,
}

/// A cited criterion, linked to its place on its level's page.
#[derive(Serialize, Clone)]
pub(super) struct CriterionLink {
    id: String,
    url: String,
    title: String,
}

/// A criterion of a level with the entries (anchor, title) citing it.
#[derive(Serialize)]
struct CriterionRow {
    #[serde(flatten)]
    evidence: overlay::CriterionEvidence,
    entries: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Map {
    level: Link,
    rows: Vec<overlay::DimensionEvidence>,
    gaps: usize,
    criteria: Vec<CriterionRow>,
    /// How many of the criteria have at least one citing entry.
    evidenced: usize,
}

#[derive(Serialize)]
struct HintView {
    kind: &'static str,
    message: String,
    guide_url: String,
    guide_title: String,
    entries: Vec<(String, String)>,
}

/// The overlay's pages: `(path, template, variables)`. They are rendered
/// again on every update, so they read the handbook without recording.
pub(crate) fn pages(r: &Reader, o: &Overlay) -> Vec<(String, &'static str, tera::Context)> {
    let base = |path: &str, title: &str| {
        let mut ctx = tera::Context::new();
        let p = PagePlan {
            path: path.to_string(),
            kind: PageKind::NotFound,
        };
        ctx.insert("root", "../");
        ctx.insert("page", &page_view(r, &p, title, "", "me", None));
        ctx
    };
    let entries = entries(r, o);
    let mut quarters: Vec<String> = entries.iter().map(|v| v.quarter.clone()).collect();
    quarters.dedup();
    let dims: Vec<(String, String)> = r
        .untracked()
        .framework
        .dimensions
        .iter()
        .map(|d| (d.id.get_ref().clone(), d.name.clone()))
        .collect();
    let level = |which: Option<&(String, usize)>| which.map(|(id, _)| level_link(r, id));
    let packet = o.packet.as_ref().map(|(p, _)| p);
    let target = packet.and_then(|p| p.target.as_ref());
    let current = packet.and_then(|p| p.current.as_ref());

    let mut me = base("me/index.html", "Me");
    me.insert("heading", &o.brag.heading);
    me.insert("maps", &maps(r, o, target.map(|t| t.0.as_str())));
    me.insert("hints", &hints(r, o));
    me.insert("current", &level(current));
    me.insert("target", &level(target));
    me.insert("entry_count", &entries.len());
    me.insert("goals", &o.brag.goals);
    me.insert("snapshots", &o.assessments.len());
    let progress = overlay::progress(&o.assessments, r.untracked());
    let progress_levels: Vec<Link> = progress.iter().map(|p| level_link(r, &p.level)).collect();
    me.insert("progress_levels", &progress_levels);
    me.insert("assessments_folder", overlay::assessments::FOLDER);

    let mut prog = base("me/progress.html", "Progress");
    let levels: Vec<(Link, &overlay::LevelProgress)> = progress
        .iter()
        .map(|p| (level_link(r, &p.level), p))
        .collect();
    prog.insert("levels", &levels);
    prog.insert("assessments_folder", overlay::assessments::FOLDER);

    let mut brag = base("me/brag.html", "Brag document");
    brag.insert("heading", &o.brag.heading);
    brag.insert("entries", &entries);
    brag.insert("quarters", &quarters);
    brag.insert("dimensions", &dims);
    // Text written outside entries, shown under its section's name.
    // (before the first section: at the top, as the document's introduction).
    let (intro, notes): (Vec<_>, Vec<_>) = o
        .brag
        .notes
        .iter()
        .map(|n| {
            (
                n.section.clone(),
                r.markdown(&cite_entries(o, &n.text), None),
            )
        })
        .partition(|(section, _)| section.is_empty());
    brag.insert("intro", &intro.into_iter().map(|n| n.1).collect::<String>());
    brag.insert("notes", &notes);

    let mut pages = vec![
        ("me/index.html".to_string(), "me.html", me),
        ("me/brag.html".to_string(), "me_brag.html", brag),
        ("me/progress.html".to_string(), "me_progress.html", prog),
    ];
    if let Some(p) = packet {
        let mut packet = base("me/packet.html", "Promotion packet");
        packet.insert("heading", &p.heading);
        packet.insert("current", &level(current));
        packet.insert("target", &level(target));
        super::packet::fill(r, o, p, &mut packet);
        pages.push(("me/packet.html".to_string(), "me_packet.html", packet));
    }
    pages
}

/// The brag page's anchor of the entry titled `title` (a title nobody
/// wrote still gets the anchor it would have; `check` has warned).
fn anchor(o: &Overlay, title: &str) -> String {
    o.brag
        .anchor(title)
        .map_or_else(|| slugify(title), str::to_string)
}

/// `[[brag:Title]]` in the brag document's own notes: a link to the entry.
fn cite_entries(o: &Overlay, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[[brag:") {
        let from = i + 7;
        let Some(end) = rest[from..].find("]]") else {
            break;
        };
        let title = rest[from..from + end].trim();
        out.push_str(&rest[..i]);
        out.push_str(&format!("[{title}](#{})", anchor(o, title)));
        rest = &rest[from + end + 2..];
    }
    out.push_str(rest);
    out
}

/// The criteria an entry cites, linked to their levels' pages.
pub(super) fn criterion_links(r: &Reader, e: &overlay::Entry) -> Vec<CriterionLink> {
    e.criteria
        .iter()
        .map(|(id, _)| {
            let (url, title) =
                crate::render::markdown::resolve(r, &format!("criterion:{id}")).unwrap_or_default();
            CriterionLink {
                id: id.clone(),
                url,
                title,
            }
        })
        .collect()
}

/// The brag entries, newest first.
fn entries(r: &Reader, o: &Overlay) -> Vec<EntryView> {
    let mut entries: Vec<&overlay::Entry> = o.brag.entries.iter().collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.when));
    entries
        .iter()
        .map(|e| EntryView {
            anchor: e.anchor.clone(),
            title: e.title.clone(),
            description: e.description.clone(),
            section: e.section.clone(),
            when: e.field("when").unwrap_or("").to_string(),
            quarter: e
                .when
                .map(|w| w.quarter_label())
                .unwrap_or_else(|| "undated".into()),
            dimensions: e.dimensions.clone(),
            level: e.level.clone().unwrap_or_default(),
            story: e.story.clone().unwrap_or_default(),
            fields: e
                .fields
                .iter()
                .filter(|f| {
                    !matches!(
                        f.key.to_ascii_lowercase().as_str(),
                        "when"
                            | "date"
                            | "dimensions"
                            | "dimension"
                            | "level"
                            | "story"
                            | "criteria"
                            | "criterion"
                    )
                })
                .map(|f| (f.key.clone(), f.value.clone()))
                .collect(),
            quantified: e.field("impact").is_some_and(overlay::quantified),
            criteria: criterion_links(r, e),
        })
        .collect()
}

/// The evidence map for the packet's target level and the levels after it
/// on its tracks.
fn maps(r: &Reader, o: &Overlay, target: Option<&str>) -> Vec<Map> {
    let Some(t) = target else {
        return Vec::new();
    };
    let hb = r.untracked();
    let mut levels = vec![t.to_string()];
    if let Some(family) = hb.families.of(t) {
        levels.extend(
            family
                .next_levels(t)
                .into_iter()
                .map(|(_, l)| l.to_string()),
        );
    }
    levels.dedup();
    levels
        .iter()
        .map(|l| {
            let rows = overlay::evidence_map(o, hb, l);
            let gaps = rows
                .iter()
                .filter(|x| x.strength == overlay::Strength::Gap)
                .count();
            let criteria: Vec<CriterionRow> = overlay::criteria_map(o, hb, l)
                .into_iter()
                .map(|evidence| CriterionRow {
                    entries: evidence
                        .entries
                        .iter()
                        .map(|t| (anchor(o, t), t.clone()))
                        .collect(),
                    evidence,
                })
                .collect();
            Map {
                level: level_link(r, l),
                rows,
                gaps,
                evidenced: criteria.iter().filter(|c| !c.entries.is_empty()).count(),
                criteria,
            }
        })
        .collect()
}

/// The coaching hints, each linked to the guide that explains it.
fn hints(r: &Reader, o: &Overlay) -> Vec<HintView> {
    overlay::hints(o)
        .into_iter()
        .map(|h| {
            let resolved = crate::render::markdown::resolve(r, &h.guide);
            HintView {
                kind: h.kind,
                message: h.message,
                guide_url: resolved.as_ref().map(|x| x.0.clone()).unwrap_or_default(),
                guide_title: resolved.map(|x| x.1).unwrap_or_default(),
                entries: h
                    .entries
                    .iter()
                    .map(|t| (anchor(o, t), t.clone()))
                    .collect(),
            }
        })
        .collect()
}
