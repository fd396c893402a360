//! The overlay's pages (the private "Me" section): the brag document as a
//! timeline, the evidence map and coaching hints, and the packet.

use serde::Serialize;

use super::page_view;
use crate::kinds::level::level_link;
use crate::kinds::Link;
use crate::model::Reader;
use crate::overlay::{self, Overlay};
use crate::render::{PageKind, PagePlan};

/// The overlay's pages: `(path, template, variables)`. They are rendered
/// again on every update, so they read the handbook without recording.
pub fn pages(r: &Reader, o: &Overlay) -> Vec<(String, &'static str, tera::Context)> {
    let hb = r.untracked();
    let slug = |t: &str| crate::markdown::slugify(t);
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
    }
    let mut entries: Vec<&overlay::Entry> = o.brag.entries.iter().collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.when));
    let views: Vec<EntryView> = entries
        .iter()
        .map(|e| EntryView {
            anchor: slug(&e.title),
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
                        "when" | "date" | "dimensions" | "dimension" | "level" | "story"
                    )
                })
                .map(|f| (f.key.clone(), f.value.clone()))
                .collect(),
            quantified: e.field("impact").is_some_and(overlay::quantified),
        })
        .collect();
    let mut quarters: Vec<String> = views.iter().map(|v| v.quarter.clone()).collect();
    quarters.dedup();
    let dims: Vec<(String, String)> = hb
        .framework
        .dimensions
        .iter()
        .map(|d| (d.id.get_ref().clone(), d.name.clone()))
        .collect();

    // Target level from the packet, and the one after it on its tracks.
    let target = o
        .packet
        .as_ref()
        .and_then(|(p, _)| p.target.as_ref().map(|t| t.0.clone()));
    let current = o
        .packet
        .as_ref()
        .and_then(|(p, _)| p.current.as_ref().map(|t| t.0.clone()));
    #[derive(Serialize)]
    struct Map {
        level: Link,
        rows: Vec<overlay::DimensionEvidence>,
        gaps: usize,
    }
    let mut maps = Vec::new();
    if let Some(t) = &target {
        let mut levels = vec![t.clone()];
        levels.extend(
            hb.framework
                .next_levels(t)
                .into_iter()
                .map(|(_, l)| l.to_string()),
        );
        levels.dedup();
        for l in levels {
            let rows = overlay::evidence_map(o, hb, &l);
            let gaps = rows
                .iter()
                .filter(|r| r.strength == overlay::Strength::Gap)
                .count();
            maps.push(Map {
                level: level_link(r, &l),
                rows,
                gaps,
            });
        }
    }
    #[derive(Serialize)]
    struct HintView {
        kind: &'static str,
        message: String,
        guide_url: String,
        guide_title: String,
        entries: Vec<(String, String)>,
    }
    let hints: Vec<HintView> = overlay::hints(o)
        .into_iter()
        .map(|h| {
            let resolved = crate::render::markdown::resolve(r, &h.guide);
            HintView {
                kind: h.kind,
                message: h.message,
                guide_url: resolved.as_ref().map(|r| r.0.clone()).unwrap_or_default(),
                guide_title: resolved.map(|r| r.1).unwrap_or_default(),
                entries: h.entries.iter().map(|t| (slug(t), t.clone())).collect(),
            }
        })
        .collect();

    let mut me = base("me/index.html", "Me");
    me.insert("heading", &o.brag.heading);
    me.insert("maps", &maps);
    me.insert("hints", &hints);
    me.insert("current", &current.as_deref().map(|c| level_link(r, c)));
    me.insert("target", &target.as_deref().map(|t| level_link(r, t)));
    me.insert("entry_count", &views.len());
    me.insert("goals", &o.brag.goals);

    let mut brag = base("me/brag.html", "Brag document");
    brag.insert("heading", &o.brag.heading);
    brag.insert("entries", &views);
    brag.insert("quarters", &quarters);
    brag.insert("dimensions", &dims);

    let mut pages = vec![
        ("me/index.html".to_string(), "me.html", me),
        ("me/brag.html".to_string(), "me_brag.html", brag),
    ];
    if let Some((p, _)) = &o.packet {
        // Citations become links to the timeline.
        let mut body = p.body.clone();
        for c in &p.citations {
            body = body.replace(
                &format!("[[brag:{}]]", c.title),
                &format!("[↗ {}](brag.html#{})", c.title, slug(&c.title)),
            );
        }
        let mut packet = base("me/packet.html", "Promotion packet");
        packet.insert("heading", &p.heading);
        packet.insert("current", &current.as_deref().map(|c| level_link(r, c)));
        packet.insert("target", &target.as_deref().map(|t| level_link(r, t)));
        packet.insert("content", &r.markdown(&body, None));
        pages.push(("me/packet.html".to_string(), "me_packet.html", packet));
    }
    pages
}
