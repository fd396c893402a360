//! The home page: the handbook's own introduction (`content/index.md`),
//! the tracks with their levels, the roles, and a card per section.

use serde::Serialize;

use super::page_view;
use crate::kinds::level::groups;
use crate::kinds::{Kind, View};
use crate::model::Reader;
use crate::render::PagePlan;

#[derive(Serialize)]
struct Section {
    label: String,
    url: String,
    count: usize,
}

pub(crate) fn home(r: &Reader, p: &PagePlan) -> View {
    let home = r.home();
    let (title, summary, body) = match home {
        Some(h) => (h.meta.title.clone(), h.meta.summary.clone(), r.body(h)),
        None => (
            r.config().book.title.clone(),
            r.config().book.description.clone(),
            String::new(),
        ),
    };
    let mut view = View::new("home.html");
    view.put(
        "page",
        &page_view(
            r,
            p,
            &title,
            &summary,
            "home",
            home.map(|h| h.relative_path()),
        ),
    );
    view.put("content", &body);
    view.put("groups", &groups(r));
    let sections: Vec<Section> = Kind::ALL
        .iter()
        .filter(|&&k| k != Kind::Level)
        .filter_map(|&k| {
            let count = r.count(k);
            (count > 0).then(|| Section {
                label: k.plural_label().into(),
                url: k.index_url(),
                count,
            })
        })
        .collect();
    view.put("sections", &sections);
    view
}
