//! Releases of the ladder: a page per release (what changed in it, against
//! the release before, and what changed since, against today's ladder), the
//! list of releases with a selector, and each level page's "changed since
//! the latest release".

use serde::Serialize;

use super::page_view;
use crate::kinds::View;
use crate::model::snapshot::{Release, Snapshot};
use crate::model::Reader;
use crate::render::PagePlan;
use crate::revisions::diff::{changes, Change};
use crate::revisions::report::{group, html_line};

/// Where the release pages live.
pub(crate) fn url(slug: &str) -> String {
    format!("releases/{slug}.html")
}

pub(crate) const INDEX: &str = "releases/index.html";

#[derive(Serialize)]
struct Group {
    name: &'static str,
    /// Each change as inline HTML.
    lines: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct ReleaseLink {
    name: String,
    date: String,
    url: String,
    /// How many changes since this release.
    since: usize,
}

fn groups(list: &[Change]) -> Vec<Group> {
    ["Levels and tracks", "Dimensions", "Criteria"]
        .into_iter()
        .map(|name| Group {
            name,
            lines: list
                .iter()
                .filter(|c| group(c) == name)
                .map(html_line)
                .collect(),
        })
        .filter(|g| !g.lines.is_empty())
        .collect()
}

fn links(releases: &[Release], now: &Snapshot) -> Vec<ReleaseLink> {
    releases
        .iter()
        .map(|r| ReleaseLink {
            name: r.name.clone(),
            date: r.date.clone(),
            url: url(&r.slug),
            since: changes(&r.snapshot, now).len(),
        })
        .collect()
}

/// One release's page.
pub(crate) fn release(r: &Reader, p: &PagePlan, i: usize) -> View {
    let releases = &r.untracked().releases;
    let mut view = View::new("release.html");
    let Some(rel) = releases.get(i) else {
        return view;
    };
    let now = Snapshot::read(r);
    let previous = i.checked_sub(1).and_then(|j| releases.get(j));
    let in_release = previous.map(|prev| changes(&prev.snapshot, &rel.snapshot));
    let since = changes(&rel.snapshot, &now);
    let title = format!("Release {}", rel.name);
    let summary = format!(
        "What changed in release {} of the ladder, and since.",
        rel.name
    );
    view.put("page", &page_view(r, p, &title, &summary, "releases", None));
    view.put("release", &links(std::slice::from_ref(rel), &now).pop());
    view.put(
        "previous",
        &previous.map(|prev| links(std::slice::from_ref(prev), &now).pop()),
    );
    view.put("in_release", &in_release.as_deref().map(groups));
    view.put("in_count", &in_release.as_ref().map_or(0, Vec::len));
    view.put("since", &groups(&since));
    view.put("since_count", &since.len());
    view.put("releases", &links(releases, &now));
    view
}

/// The list of releases, with the selector.
pub(crate) fn index(r: &Reader, p: &PagePlan) -> View {
    let releases = &r.untracked().releases;
    let now = Snapshot::read(r);
    let mut view = View::new("releases.html");
    view.put(
        "page",
        &page_view(
            r,
            p,
            "Releases",
            "Released versions of the ladder and what changed in each.",
            "releases",
            None,
        ),
    );
    let mut list = links(releases, &now);
    list.reverse();
    view.put("releases", &list);
    view
}

#[derive(Serialize)]
pub(crate) struct LevelChanges {
    release: String,
    url: String,
    lines: Vec<String>,
}

/// What changed on a level since the latest release, for its page; `None`
/// when the handbook declares no release.
pub(crate) fn level(r: &Reader, id: &str) -> Option<LevelChanges> {
    let latest = r.untracked().releases.last()?;
    let now = Snapshot::read(r);
    let formerly: Vec<String> = now
        .levels
        .get(id)
        .map(|l| l.formerly.clone())
        .unwrap_or_default();
    let lines = changes(&latest.snapshot, &now)
        .iter()
        .filter(|c| c.touches_level(id) || formerly.iter().any(|f| c.touches_level(f)))
        .map(html_line)
        .collect();
    Some(LevelChanges {
        release: latest.name.clone(),
        url: url(&latest.slug),
        lines,
    })
}
