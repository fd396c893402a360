//! Template contexts: what each kind of page shows, as plain serializable
//! views. Markdown fields are rendered to HTML here, with links relative to
//! the page being built. URLs in views are site-relative; templates prefix
//! them with `root`.

use serde::Serialize;

use super::markdown::{render, render_inline, MdContext};
use super::{Link, PageKind, PagePlan};
use crate::model::*;

#[derive(Serialize)]
pub struct BookView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
}

#[derive(Serialize)]
pub struct NavItem {
    pub label: String,
    pub url: String,
    pub count: Option<usize>,
    /// Matches `page.section` to mark where the reader is.
    pub section: String,
}

pub struct Globals {
    pub book: BookView,
    pub nav: Vec<NavItem>,
    pub generator: String,
}

impl Globals {
    pub fn new(hb: &Handbook, private: bool) -> Globals {
        let b = &hb.config.book;
        let mut nav = vec![NavItem {
            label: "Level matrix".into(),
            url: "matrix.html".into(),
            count: None,
            section: "matrix".into(),
        }];
        for k in Kind::ALL {
            if hb.count(k) > 0 {
                nav.push(NavItem {
                    label: k.plural_label().into(),
                    url: k.index_url(),
                    count: Some(hb.count(k)),
                    section: k.folder().into(),
                });
            }
        }
        if private {
            nav.push(NavItem {
                label: "Me".into(),
                url: "me/index.html".into(),
                count: None,
                section: "me".into(),
            });
        }
        Globals {
            book: BookView {
                title: b.title.clone(),
                description: b.description.clone(),
                language: b.language.clone(),
                base_url: b.base_url.clone(),
            },
            nav,
            generator: format!("careerbook {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

#[derive(Serialize)]
struct PageView {
    title: String,
    description: String,
    url: String,
    root: String,
    /// Which navigation section the page belongs to.
    section: String,
    canonical: String,
    edit_url: String,
    /// Date of the last commit touching the page's source, when known.
    updated: String,
}

/// One part of the print page's contents: a section of the handbook (its
/// list page) and its pages.
#[derive(Serialize)]
pub struct PrintPart {
    pub title: String,
    /// The section's id on the print page.
    pub anchor: String,
    pub pages: Vec<PrintEntry>,
}

#[derive(Serialize)]
pub struct PrintEntry {
    pub title: String,
    pub anchor: String,
    /// 1 for a guide inside a part.
    pub depth: usize,
}

/// The print page's context: its contents and, as `body`, the marker the
/// pages' bodies replace.
pub fn print_context(hb: &Handbook, contents: &[PrintPart], body: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("root", "");
    ctx.insert(
        "page",
        &PageView {
            title: "The whole handbook".into(),
            description: hb.config.book.description.clone(),
            url: super::print::PATH.into(),
            root: String::new(),
            section: "print".into(),
            canonical: String::new(),
            edit_url: String::new(),
            updated: String::new(),
        },
    );
    ctx.insert("contents", contents);
    ctx.insert("body", body);
    ctx
}

/// Guides in reading order: parts (with their guides) and loose guides by
/// weight then title.
pub fn guide_order(hb: &Handbook) -> Vec<usize> {
    let key = |i: &usize| {
        let g = &hb.guides[*i];
        (g.meta.weight, g.meta.title.to_lowercase())
    };
    let mut top: Vec<usize> = (0..hb.guides.len())
        .filter(|&i| hb.guides[i].part.is_none())
        .collect();
    top.sort_by_key(key);
    let mut order = Vec::new();
    for i in top {
        order.push(i);
        if hb.guides[i].is_part {
            let mut children: Vec<usize> = (0..hb.guides.len())
                .filter(|&j| hb.guides[j].part.as_deref() == Some(hb.guides[i].id.as_str()))
                .collect();
            children.sort_by_key(key);
            order.extend(children);
        }
    }
    order
}

pub struct Builder<'a> {
    pub hb: &'a Handbook,
    pub index: &'a Index<'a>,
    pub highlight: bool,
    pub guide_order: Vec<usize>,
    pub shapes: crate::model::shape::Shapes,
    /// `root` of the 404 page: "" or the path of `base_url`.
    pub not_found_root: String,
}

fn sorted<F: FrontMatter>(docs: &[Doc<F>]) -> Vec<&Doc<F>> {
    let mut v: Vec<&Doc<F>> = docs.iter().collect();
    v.sort_by(|a, b| {
        (a.meta.weight(), a.meta.title().to_lowercase())
            .cmp(&(b.meta.weight(), b.meta.title().to_lowercase()))
    });
    v
}

fn link<F: FrontMatter>(kind: Kind, d: &Doc<F>) -> Link {
    Link {
        id: d.id.clone(),
        title: d.meta.title().to_string(),
        url: kind.url(&d.id),
        summary: d.meta.summary().to_string(),
    }
}

#[derive(Serialize)]
struct Criterion {
    id: String,
    text: String,
    /// The text as written, for citations.
    plain: String,
    examples: Vec<String>,
    strengthens: Option<Link>,
}

#[derive(Serialize)]
struct ExpectationView {
    dimension: String,
    name: String,
    question: String,
    statement: String,
    /// The step of the framework's proficiency scale, when the level names one.
    proficiency: Option<Proficiency>,
    criteria: Vec<Criterion>,
}

#[derive(Serialize)]
struct Proficiency {
    name: String,
    /// 1-based position on the scale, and the scale's length.
    rank: usize,
    of: usize,
}

fn proficiency(fw: &Framework, e: &Expectation) -> Option<Proficiency> {
    let name = e.proficiency.as_ref()?.get_ref();
    Some(Proficiency {
        name: name.clone(),
        rank: fw.proficiency_rank(name)? + 1,
        of: fw.framework.proficiency.len(),
    })
}

/// A level's radar chart and its text alternative.
#[derive(Serialize)]
struct RadarView {
    /// The drawing, or "" when the framework has too few dimensions for a
    /// shape (the table still says everything).
    svg: String,
    /// The level drawn dashed for contrast.
    previous: Option<Link>,
    /// Whether some value comes from the proficiency scale, and whether
    /// some comes from the count of criteria: the caption explains each.
    scale: bool,
    breadth: bool,
    rows: Vec<RadarRow>,
}

#[derive(Serialize)]
struct RadarRow {
    dimension: String,
    name: String,
    /// "60%": the value as a share of the rim.
    value: String,
    /// What the value is made of: "6 of 10 criteria", "Working (2 of 4)".
    detail: String,
    previous: String,
    previous_detail: String,
}

fn percent(v: f64) -> String {
    format!("{}%", (v * 100.0).round())
}

fn basis_text(b: &crate::model::shape::Basis) -> String {
    use crate::model::shape::Basis;
    match b {
        Basis::Scale { name, rank, of } => format!("{name} ({rank} of {of})"),
        Basis::Breadth { count, max } => {
            format!(
                "{count} of {max} {}",
                if *max == 1 { "criterion" } else { "criteria" }
            )
        }
    }
}

#[derive(Serialize)]
struct TrackPosition {
    track: String,
    name: String,
    rank: usize,
    of: usize,
    next: Option<Link>,
    previous: Option<Link>,
}

impl<'a> Builder<'a> {
    fn md(&self, root: &'a str) -> MdContext<'a> {
        MdContext {
            hb: self.hb,
            index: self.index,
            root,
            smart: self.hb.config.markdown.smart_punctuation,
            highlight: self.highlight,
        }
    }

    /// The radar of level `id`: the full chart with its table, or a small
    /// multiple (no labels, no ids, no contrast) for lists.
    fn radar(&self, id: &str, small: bool) -> Option<RadarView> {
        use super::radar;
        use crate::model::shape;
        let axes = self.shapes.of(id)?;
        let title = self.hb.level(id).map_or(id, |l| l.title());
        let prev_id = if small {
            None
        } else {
            shape::previous(self.hb, id)
        };
        let prev_axes = prev_id.and_then(|p| self.shapes.of(p));
        let names: Vec<String> = axes.iter().map(|a| a.name.clone()).collect();
        let values: Vec<f64> = axes.iter().map(|a| a.value).collect();
        let prev_values: Option<Vec<f64>> = prev_axes.map(|p| p.iter().map(|a| a.value).collect());
        let mut description = axes
            .iter()
            .map(|a| format!("{} {}", a.name, percent(a.value)))
            .collect::<Vec<_>>()
            .join(", ");
        let previous = prev_id.map(|p| self.level_link(p));
        if let Some(p) = &previous {
            description.push_str(&format!(". Dashed: {}.", p.title));
        }
        let chart = radar::Chart {
            id: if small { None } else { Some("radar") },
            title: &format!("Shape of {title} across {} dimensions", axes.len()),
            description: &description,
            axes: &names,
            current: &values,
            previous: prev_values.as_deref(),
        };
        let size = if small { radar::SMALL } else { radar::FULL };
        let rows = axes
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let p = prev_axes.and_then(|p| p.get(i));
                RadarRow {
                    dimension: a.dimension.clone(),
                    name: a.name.clone(),
                    value: percent(a.value),
                    detail: basis_text(&a.basis),
                    previous: p.map(|p| percent(p.value)).unwrap_or_default(),
                    previous_detail: p.map(|p| basis_text(&p.basis)).unwrap_or_default(),
                }
            })
            .collect();
        let uses = |scale: bool| {
            axes.iter()
                .chain(prev_axes.into_iter().flatten())
                .any(|a| matches!(a.basis, shape::Basis::Scale { .. }) == scale)
        };
        Some(RadarView {
            svg: radar::svg(&chart, &size).unwrap_or_default(),
            previous,
            scale: uses(true),
            breadth: uses(false),
            rows,
        })
    }

    fn level_link(&self, id: &str) -> Link {
        match self.hb.level(id) {
            Some(l) => link(Kind::Level, l),
            None => Link {
                id: id.into(),
                title: id.into(),
                url: Kind::Level.url(id),
                summary: String::new(),
            },
        }
    }

    fn page(
        &self,
        p: &PagePlan,
        title: &str,
        description: &str,
        section: &str,
        edit: Option<&str>,
    ) -> PageView {
        let base = &self.hb.config.book.base_url;
        let canonical = if base.is_empty() {
            String::new()
        } else {
            let path = if p.path == "index.html" {
                ""
            } else {
                p.path.as_str()
            };
            format!("{}/{}", base.trim_end_matches('/'), path)
        };
        let edit_url = match (&self.hb.config.repository, edit) {
            (Some(r), Some(rel)) => r.edit_url(rel),
            _ => String::new(),
        };
        let updated = edit
            .and_then(|rel| self.hb.updated.get(rel))
            .cloned()
            .unwrap_or_default();
        PageView {
            updated,
            title: title.to_string(),
            description: description.to_string(),
            url: p.path.clone(),
            root: p.root().to_string(),
            section: section.to_string(),
            canonical,
            edit_url,
        }
    }

    /// The template and context for one page.
    pub fn context(&self, p: &PagePlan) -> (&'static str, tera::Context) {
        let root = p.root();
        let md = self.md(root);
        let mut ctx = tera::Context::new();
        ctx.insert("root", root);
        let template = match &p.kind {
            PageKind::Home => {
                let (title, summary, body) = match &self.hb.home {
                    Some(h) => (
                        h.meta.title.clone(),
                        h.meta.summary.clone(),
                        render(h.body(), &md, Some(&h.headings)),
                    ),
                    None => (
                        self.hb.config.book.title.clone(),
                        self.hb.config.book.description.clone(),
                        String::new(),
                    ),
                };
                ctx.insert(
                    "page",
                    &self.page(
                        p,
                        &title,
                        &summary,
                        "home",
                        self.hb.home.as_ref().map(|h| h.relative_path()),
                    ),
                );
                ctx.insert("content", &body);
                ctx.insert("tracks", &self.tracks_view());
                ctx.insert("roles", &self.roles());
                let sections: Vec<serde_json_like::Section> = Kind::ALL
                    .iter()
                    .filter(|k| **k != Kind::Level && self.hb.count(**k) > 0)
                    .map(|k| serde_json_like::Section {
                        label: k.plural_label().into(),
                        url: k.index_url(),
                        count: self.hb.count(*k),
                    })
                    .collect();
                ctx.insert("sections", &sections);
                "home.html"
            }
            PageKind::NotFound => {
                let mut page = self.page(p, "Page not found", "", "", None);
                page.root = self.not_found_root.clone();
                ctx.insert("root", &page.root);
                ctx.insert("page", &page);
                "404.html"
            }
            PageKind::Compare => {
                ctx.insert(
                    "page",
                    &self.page(
                        p,
                        "Compare levels",
                        "Any two levels side by side.",
                        "levels",
                        None,
                    ),
                );
                ctx.insert("data", &self.compare_data(&md));
                ctx.insert("radar", &self.compare_radar());
                "compare.html"
            }
            PageKind::Search => {
                ctx.insert(
                    "page",
                    &self.page(p, "Search", "Search the handbook.", "search", None),
                );
                "search.html"
            }
            PageKind::Matrix => {
                ctx.insert(
                    "page",
                    &self.page(
                        p,
                        "Level matrix",
                        "Every level against every dimension.",
                        "matrix",
                        None,
                    ),
                );
                self.matrix(&mut ctx, &md);
                "matrix.html"
            }
            PageKind::List(kind) => {
                let title = kind.plural_label();
                ctx.insert("page", &self.page(p, title, "", kind.folder(), None));
                self.list(*kind, &mut ctx, &md)
            }
            PageKind::Item(kind, i) => self.item(p, *kind, *i, &mut ctx, &md),
        };
        (template, ctx)
    }

    /// Every level's expectations as JSON for the compare page (escaped so
    /// it cannot end its <script> element).
    fn compare_data(&self, md: &MdContext) -> String {
        use crate::search::index::js_string;
        let fw = &self.hb.framework;
        let dims: Vec<String> = fw
            .dimensions
            .iter()
            .map(|d| {
                format!(
                    "{{\"id\":{},\"name\":{}}}",
                    js_string(d.id.get_ref()),
                    js_string(&d.name)
                )
            })
            .collect();
        let levels: Vec<String> = self
            .hb
            .levels_in_ladder_order()
            .into_iter()
            .map(|l| {
                let per_dim: Vec<String> = fw
                    .dimensions
                    .iter()
                    .map(|d| {
                        let e = l.meta.expectation(d.id.get_ref());
                        let criteria: Vec<String> = e
                            .map(|e| {
                                e.criteria
                                    .iter()
                                    .map(|c| {
                                        format!(
                                            "{{\"id\":{},\"html\":{},\"strengthens\":{}}}",
                                            js_string(c.id.get_ref()),
                                            js_string(&render_inline(&c.text, md)),
                                            js_string(
                                                c.strengthens
                                                    .as_ref()
                                                    .map_or("", |s| s.get_ref().as_str())
                                            )
                                        )
                                    })
                                    .collect()
                            })
                            .unwrap_or_default();
                        format!(
                            "{}:{{\"statement\":{},\"criteria\":[{}]}}",
                            js_string(d.id.get_ref()),
                            js_string(
                                &e.map(|e| render_inline(&e.statement, md))
                                    .unwrap_or_default()
                            ),
                            criteria.join(",")
                        )
                    })
                    .collect();
                format!(
                    "{{\"id\":{},\"title\":{},\"url\":{},\"dims\":{{{}}},\"shape\":{}}}",
                    js_string(&l.id),
                    js_string(l.title()),
                    js_string(&Kind::Level.url(&l.id)),
                    per_dim.join(","),
                    self.shape_json(&l.id)
                )
            })
            .collect();
        format!(
            "{{\"dimensions\":[{}],\"levels\":[{}]}}",
            dims.join(","),
            levels.join(",")
        )
    }

    /// A level's radar for the compare view, whose script only moves the
    /// polygons: the vertices on the full-size chart and, per dimension, the
    /// value and what it is made of.
    fn shape_json(&self, id: &str) -> String {
        use crate::search::index::js_string;
        let Some(axes) = self.shapes.of(id) else {
            return "null".into();
        };
        let values: Vec<f64> = axes.iter().map(|a| a.value).collect();
        let points =
            super::radar::points_attr(&super::radar::polygon(&values, &super::radar::FULL));
        let rows: Vec<String> = axes
            .iter()
            .map(|a| {
                format!(
                    "[{},{}]",
                    js_string(&percent(a.value)),
                    js_string(&basis_text(&a.basis))
                )
            })
            .collect();
        format!(
            "{{\"points\":{},\"values\":[{}]}}",
            js_string(&points),
            rows.join(",")
        )
    }

    /// The compare view's chart before its script picks two levels: the
    /// grid, the labels and two polygons folded into the centre.
    fn compare_radar(&self) -> String {
        let fw = &self.hb.framework;
        let names: Vec<String> = fw.dimensions.iter().map(|d| d.name.clone()).collect();
        let zeros = vec![0.0; names.len()];
        let chart = super::radar::Chart {
            id: Some("compare-radar"),
            title: "Shapes of the two levels compared",
            description: "",
            axes: &names,
            current: &zeros,
            previous: Some(&zeros),
        };
        super::radar::svg(&chart, &super::radar::FULL).unwrap_or_default()
    }

    fn tracks_view(&self) -> Vec<serde_json_like::TrackView> {
        self.hb
            .framework
            .tracks
            .iter()
            .map(|t| serde_json_like::TrackView {
                id: t.id.get_ref().clone(),
                name: t.name.clone(),
                levels: t
                    .levels
                    .iter()
                    .map(|l| self.level_link(l.get_ref()))
                    .collect(),
            })
            .collect()
    }

    fn roles(&self) -> Vec<Link> {
        sorted(&self.hb.levels)
            .into_iter()
            .filter(|l| l.meta.role)
            .map(|l| link(Kind::Level, l))
            .collect()
    }

    fn matrix(&self, ctx: &mut tera::Context, md: &MdContext) {
        #[derive(Serialize)]
        struct Dim {
            id: String,
            name: String,
            question: String,
            description: String,
        }
        #[derive(Serialize)]
        struct Row {
            level: Link,
            years: String,
            /// (dimension id, statement HTML, proficiency name or ""), in
            /// framework order.
            cells: Vec<(String, String, String)>,
        }
        #[derive(Serialize)]
        struct Table {
            id: String,
            name: String,
            description: String,
            rows: Vec<Row>,
        }
        let fw = &self.hb.framework;
        let dims: Vec<Dim> = fw
            .dimensions
            .iter()
            .map(|d| Dim {
                id: d.id.get_ref().clone(),
                name: d.name.clone(),
                question: d.question.clone(),
                description: render(&d.description, md, None),
            })
            .collect();
        let row = |l: &Doc<LevelMeta>| Row {
            level: link(Kind::Level, l),
            years: l.meta.years.clone(),
            cells: fw
                .dimensions
                .iter()
                .map(|d| {
                    let e = l.meta.expectation(d.id.get_ref());
                    let html = e.map(|e| cell_html(e, md)).unwrap_or_default();
                    let level = e
                        .and_then(|e| proficiency(fw, e))
                        .map(|p| p.name)
                        .unwrap_or_default();
                    (d.id.get_ref().clone(), html, level)
                })
                .collect(),
        };
        let mut tables: Vec<Table> = fw
            .tracks
            .iter()
            .map(|t| Table {
                id: t.id.get_ref().clone(),
                name: t.name.clone(),
                description: render(&t.description, md, None),
                rows: t
                    .levels
                    .iter()
                    .filter_map(|l| self.hb.level(l.get_ref()))
                    .map(row)
                    .collect(),
            })
            .collect();
        let roles: Vec<Row> = sorted(&self.hb.levels)
            .into_iter()
            .filter(|l| l.meta.role)
            .map(row)
            .collect();
        if !roles.is_empty() {
            tables.push(Table {
                id: "roles".into(),
                name: "Roles".into(),
                description: String::new(),
                rows: roles,
            });
        }
        ctx.insert("dimensions", &dims);
        ctx.insert("tables", &tables);
    }

    fn list(&self, kind: Kind, ctx: &mut tera::Context, md: &MdContext) -> &'static str {
        match kind {
            Kind::Level => {
                ctx.insert("tracks", &self.tracks_view());
                ctx.insert("roles", &self.roles());
                let all: Vec<Link> = sorted(&self.hb.levels)
                    .into_iter()
                    .map(|l| link(kind, l))
                    .collect();
                ctx.insert("items", &all);
                // Small multiples, by level id; "" with too few dimensions.
                let radars: std::collections::HashMap<&str, String> = self
                    .hb
                    .levels
                    .iter()
                    .map(|l| {
                        let svg = self.radar(&l.id, true).map(|r| r.svg);
                        (l.id.as_str(), svg.unwrap_or_default())
                    })
                    .collect();
                ctx.insert("radars", &radars);
                ctx.insert(
                    "dimensions",
                    &self
                        .hb
                        .framework
                        .dimensions
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>(),
                );
                "levels.html"
            }
            Kind::Question => {
                #[derive(Serialize)]
                struct Q {
                    link: Link,
                    levels: Vec<String>,
                    tags: Vec<String>,
                    has_answers: bool,
                }
                #[derive(Serialize)]
                struct Group {
                    id: String,
                    name: String,
                    description: String,
                    questions: Vec<Q>,
                }
                let groups: Vec<Group> = self
                    .hb
                    .framework
                    .rounds
                    .iter()
                    .map(|r| Group {
                        id: r.id.get_ref().clone(),
                        name: r.name.clone(),
                        description: render(&r.description, md, None),
                        questions: sorted(&self.hb.questions)
                            .into_iter()
                            .filter(|q| q.meta.round.get_ref() == r.id.get_ref())
                            .map(|q| Q {
                                link: link(kind, q),
                                levels: q.meta.levels.iter().map(|l| l.get_ref().clone()).collect(),
                                tags: q.meta.tags.clone(),
                                has_answers: !q.meta.answers.is_empty(),
                            })
                            .collect(),
                    })
                    .filter(|g| !g.questions.is_empty())
                    .collect();
                ctx.insert("groups", &groups);
                ctx.insert(
                    "levels",
                    &sorted(&self.hb.levels)
                        .into_iter()
                        .map(|l| link(Kind::Level, l))
                        .collect::<Vec<_>>(),
                );
                "questions.html"
            }
            Kind::Guide => {
                #[derive(Serialize)]
                struct Entry {
                    link: Link,
                    is_part: bool,
                    in_part: bool,
                }
                let entries: Vec<Entry> = self
                    .guide_order
                    .iter()
                    .map(|&i| {
                        let g = &self.hb.guides[i];
                        Entry {
                            link: link(kind, g),
                            is_part: g.is_part,
                            in_part: g.part.is_some(),
                        }
                    })
                    .collect();
                ctx.insert("entries", &entries);
                "guides.html"
            }
            _ => {
                #[derive(Serialize)]
                struct Card {
                    link: Link,
                    levels: Vec<Link>,
                    extra: String,
                }
                let levels_of = |v: &[toml::Spanned<String>]| -> Vec<Link> {
                    v.iter().map(|l| self.level_link(l.get_ref())).collect()
                };
                let cards: Vec<Card> = match kind {
                    Kind::AntiPattern => sorted(&self.hb.anti_patterns)
                        .into_iter()
                        .map(|d| Card {
                            link: link(kind, d),
                            levels: levels_of(&d.meta.levels),
                            extra: String::new(),
                        })
                        .collect(),
                    Kind::Exercise => sorted(&self.hb.exercises)
                        .into_iter()
                        .map(|d| Card {
                            link: link(kind, d),
                            levels: levels_of(&d.meta.levels),
                            extra: d.meta.timebox.clone(),
                        })
                        .collect(),
                    _ => sorted(&self.hb.checklists)
                        .into_iter()
                        .map(|d| Card {
                            link: link(kind, d),
                            levels: Vec::new(),
                            extra: format!(
                                "{} items",
                                d.meta
                                    .groups
                                    .iter()
                                    .map(|g| g.items.get_ref().len())
                                    .sum::<usize>()
                            ),
                        })
                        .collect(),
                };
                ctx.insert("kind", kind.plural_label());
                ctx.insert("cards", &cards);
                "cards.html"
            }
        }
    }

    fn item(
        &self,
        p: &PagePlan,
        kind: Kind,
        i: usize,
        ctx: &mut tera::Context,
        md: &MdContext,
    ) -> &'static str {
        let inline_all =
            |v: &[String]| -> Vec<String> { v.iter().map(|s| render_inline(s, md)).collect() };
        let levels_of = |v: &[toml::Spanned<String>]| -> Vec<Link> {
            v.iter().map(|l| self.level_link(l.get_ref())).collect()
        };
        match kind {
            Kind::Level => {
                let l = &self.hb.levels[i];
                ctx.insert(
                    "page",
                    &self.page(p, l.title(), l.summary(), "levels", Some(l.relative_path())),
                );
                ctx.insert("content", &render(l.body(), md, Some(&l.headings)));
                let fw = &self.hb.framework;
                let expectations: Vec<ExpectationView> = fw
                    .dimensions
                    .iter()
                    .filter_map(|d| {
                        let e = l.meta.expectation(d.id.get_ref())?;
                        Some(ExpectationView {
                            dimension: d.id.get_ref().clone(),
                            name: d.name.clone(),
                            question: d.question.clone(),
                            statement: render_inline(&e.statement, md),
                            proficiency: proficiency(fw, e),
                            criteria: e
                                .criteria
                                .iter()
                                .map(|c| Criterion {
                                    id: c.id.get_ref().clone(),
                                    text: render_inline(&c.text, md),
                                    plain: c.text.clone(),
                                    examples: inline_all(&c.examples),
                                    strengthens: c.strengthens.as_ref().and_then(|s| {
                                        let (lvl, _) =
                                            self.index.criteria.get(s.get_ref().as_str())?;
                                        Some(Link {
                                            id: s.get_ref().clone(),
                                            title: self
                                                .hb
                                                .level(lvl)
                                                .map_or(String::new(), |x| x.title().to_string()),
                                            url: format!(
                                                "{}#{}",
                                                Kind::Level.url(lvl),
                                                s.get_ref()
                                            ),
                                            summary: String::new(),
                                        })
                                    }),
                                })
                                .collect(),
                        })
                    })
                    .collect();
                let positions: Vec<TrackPosition> = fw
                    .tracks_of(&l.id)
                    .map(|(t, pos)| TrackPosition {
                        track: t.id.get_ref().clone(),
                        name: t.name.clone(),
                        rank: pos + 1,
                        of: t.levels.len(),
                        next: t.levels.get(pos + 1).map(|n| self.level_link(n.get_ref())),
                        previous: pos
                            .checked_sub(1)
                            .map(|n| self.level_link(t.levels[n].get_ref())),
                    })
                    .collect();
                ctx.insert(
                    "level",
                    &serde_json_like::LevelView {
                        id: l.id.clone(),
                        title: l.meta.title.clone(),
                        summary: l.meta.summary.clone(),
                        years: l.meta.years.clone(),
                        role: l.meta.role,
                        alongside: levels_of(&l.meta.alongside),
                    },
                );
                ctx.insert("expectations", &expectations);
                ctx.insert("positions", &positions);
                ctx.insert("radar", &self.radar(&l.id, false));
                // What changes at the next level, per track (tracks fork).
                #[derive(Serialize)]
                struct ChangeView {
                    change: crate::model::diff::Change,
                    id: String,
                    text: String,
                    from_text: String,
                }
                #[derive(Serialize)]
                struct DimView {
                    dimension: String,
                    name: String,
                    from: String,
                    to: String,
                    changes: Vec<ChangeView>,
                }
                #[derive(Serialize)]
                struct NextView {
                    track: String,
                    level: Link,
                    dimensions: Vec<DimView>,
                }
                let mut next: Vec<NextView> = Vec::new();
                for (track, to) in fw.next_levels(&l.id) {
                    if let Some(existing) = next.iter_mut().find(|n| n.level.id == to) {
                        existing.track = format!("{}, {}", existing.track, track.name);
                        continue;
                    }
                    let dims = crate::model::diff::level_diff(self.hb, &l.id, to)
                        .into_iter()
                        .map(|d| DimView {
                            dimension: d.dimension,
                            name: d.name,
                            from: render_inline(&d.from, md),
                            to: render_inline(&d.to, md),
                            changes: d
                                .criteria
                                .into_iter()
                                .map(|c| ChangeView {
                                    change: c.change,
                                    id: c.id,
                                    text: render_inline(&c.text, md),
                                    from_text: render_inline(&c.from_text, md),
                                })
                                .collect(),
                        })
                        .collect();
                    next.push(NextView {
                        track: track.name.clone(),
                        level: self.level_link(to),
                        dimensions: dims,
                    });
                }
                ctx.insert("next", &next);
                "level.html"
            }
            Kind::Question => {
                let q = &self.hb.questions[i];
                ctx.insert(
                    "page",
                    &self.page(
                        p,
                        q.title(),
                        q.summary(),
                        "questions",
                        Some(q.relative_path()),
                    ),
                );
                #[derive(Serialize)]
                struct AnswerView {
                    label: String,
                    level: Option<Link>,
                    text: String,
                }
                let round = self.hb.framework.round(q.meta.round.get_ref());
                ctx.insert(
                    "question",
                    &serde_json_like::QuestionView {
                        id: q.id.clone(),
                        title: q.meta.title.clone(),
                        round: q.meta.round.get_ref().clone(),
                        round_name: round
                            .map_or_else(|| q.meta.round.get_ref().clone(), |r| r.name.clone()),
                        levels: levels_of(&q.meta.levels),
                        tags: q.meta.tags.clone(),
                        tests: render(&q.meta.tests, md, None),
                        how_to_answer: render(&q.meta.how_to_answer, md, None),
                        mistakes: inline_all(&q.meta.mistakes),
                        framing: render(&q.meta.framing, md, None),
                    },
                );
                let answers: Vec<AnswerView> = q
                    .meta
                    .answers
                    .iter()
                    .map(|a| AnswerView {
                        label: a.label.clone(),
                        level: a.level.as_ref().map(|l| self.level_link(l.get_ref())),
                        text: render(&a.text, md, None),
                    })
                    .collect();
                ctx.insert("answers", &answers);
                ctx.insert("content", &render(q.body(), md, Some(&q.headings)));
                "question.html"
            }
            Kind::AntiPattern => {
                let a = &self.hb.anti_patterns[i];
                ctx.insert(
                    "page",
                    &self.page(
                        p,
                        a.title(),
                        a.summary(),
                        "anti-patterns",
                        Some(a.relative_path()),
                    ),
                );
                ctx.insert("levels", &levels_of(&a.meta.levels));
                ctx.insert("signs", &inline_all(&a.meta.signs));
                ctx.insert("why_it_hurts", &render(&a.meta.why_it_hurts, md, None));
                ctx.insert("how_to_avoid", &inline_all(&a.meta.how_to_avoid));
                ctx.insert("content", &render(a.body(), md, Some(&a.headings)));
                "anti_pattern.html"
            }
            Kind::Exercise => {
                let e = &self.hb.exercises[i];
                ctx.insert(
                    "page",
                    &self.page(
                        p,
                        e.title(),
                        e.summary(),
                        "exercises",
                        Some(e.relative_path()),
                    ),
                );
                ctx.insert("timebox", &e.meta.timebox);
                ctx.insert("levels", &levels_of(&e.meta.levels));
                ctx.insert("steps", &inline_all(&e.meta.steps));
                ctx.insert("produce", &inline_all(&e.meta.produce));
                ctx.insert("content", &render(e.body(), md, Some(&e.headings)));
                #[derive(Serialize)]
                struct RubricCrit {
                    id: String,
                    name: String,
                    descriptors: Vec<String>,
                }
                #[derive(Serialize)]
                struct RangeView {
                    min: u32,
                    max: u32,
                    label: String,
                    meaning: String,
                }
                #[derive(Serialize)]
                struct RubricView {
                    scores: Vec<u32>,
                    criteria: Vec<RubricCrit>,
                    ranges: Vec<RangeView>,
                }
                let rubric = e.meta.rubric.as_ref().map(|r| {
                    let r = r.get_ref();
                    RubricView {
                        scores: r.scores.clone(),
                        criteria: r
                            .criteria
                            .iter()
                            .map(|c| RubricCrit {
                                id: c.id.get_ref().clone(),
                                name: c.name.clone(),
                                descriptors: inline_all(c.descriptors.get_ref()),
                            })
                            .collect(),
                        ranges: r
                            .ranges
                            .iter()
                            .map(|x| {
                                let x = x.get_ref();
                                RangeView {
                                    min: x.min,
                                    max: x.max,
                                    label: x.label.clone(),
                                    meaning: render_inline(&x.meaning, md),
                                }
                            })
                            .collect(),
                    }
                });
                ctx.insert("rubric", &rubric);
                "exercise.html"
            }
            Kind::Checklist => {
                let c = &self.hb.checklists[i];
                ctx.insert(
                    "page",
                    &self.page(
                        p,
                        c.title(),
                        c.summary(),
                        "checklists",
                        Some(c.relative_path()),
                    ),
                );
                #[derive(Serialize)]
                struct Item {
                    id: String,
                    text: String,
                }
                #[derive(Serialize)]
                struct Group {
                    name: String,
                    items: Vec<Item>,
                }
                let groups: Vec<Group> = c
                    .meta
                    .groups
                    .iter()
                    .enumerate()
                    .map(|(gi, g)| Group {
                        name: g.name.clone(),
                        items: g
                            .items
                            .get_ref()
                            .iter()
                            .enumerate()
                            .map(|(ii, t)| Item {
                                id: format!("{}-{}-{}", c.id, gi + 1, ii + 1),
                                text: render_inline(t, md),
                            })
                            .collect(),
                    })
                    .collect();
                ctx.insert("groups", &groups);
                ctx.insert("content", &render(c.body(), md, Some(&c.headings)));
                "checklist.html"
            }
            Kind::Guide => {
                let g = &self.hb.guides[i];
                ctx.insert(
                    "page",
                    &self.page(p, g.title(), g.summary(), "guides", Some(g.relative_path())),
                );
                ctx.insert("content", &render(g.body(), md, Some(&g.headings)));
                #[derive(Serialize)]
                struct Toc {
                    id: String,
                    text: String,
                    level: u8,
                }
                let toc: Vec<Toc> = g
                    .headings
                    .iter()
                    .filter(|h| h.level == 2 || h.level == 3)
                    .map(|h| Toc {
                        id: h.id.clone(),
                        text: h.text.clone(),
                        level: h.level,
                    })
                    .collect();
                ctx.insert("toc", &toc);
                let pos = self.guide_order.iter().position(|&x| x == i);
                let prev = pos
                    .and_then(|p| p.checked_sub(1))
                    .map(|p| link(Kind::Guide, &self.hb.guides[self.guide_order[p]]));
                let next = pos
                    .and_then(|p| self.guide_order.get(p + 1))
                    .map(|&n| link(Kind::Guide, &self.hb.guides[n]));
                ctx.insert("previous", &prev);
                ctx.insert("next", &next);
                let children: Vec<Link> = if g.is_part {
                    self.guide_order
                        .iter()
                        .map(|&j| &self.hb.guides[j])
                        .filter(|c| c.part.as_deref() == Some(g.id.as_str()))
                        .map(|c| link(Kind::Guide, c))
                        .collect()
                } else {
                    Vec::new()
                };
                ctx.insert("children", &children);
                let part = g
                    .part
                    .as_ref()
                    .and_then(|pid| self.hb.guides.iter().find(|x| x.is_part && &x.id == pid))
                    .map(|x| link(Kind::Guide, x));
                ctx.insert("part", &part);
                "guide.html"
            }
        }
    }
}

impl Builder<'_> {
    /// The overlay's pages: `(path, template, context)`.
    pub fn overlay_pages(
        &self,
        o: &crate::overlay::Overlay,
    ) -> Vec<(String, &'static str, tera::Context)> {
        use crate::overlay;
        let md = self.md("../");
        let slug = |t: &str| crate::markdown::slugify(t);
        let base = |path: &str, title: &str| {
            let mut ctx = tera::Context::new();
            let p = PagePlan {
                path: path.to_string(),
                kind: PageKind::NotFound,
            };
            ctx.insert("root", "../");
            ctx.insert("page", &self.page(&p, title, "", "me", None));
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
        let dims: Vec<(String, String)> = self
            .hb
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
                self.hb
                    .framework
                    .next_levels(t)
                    .into_iter()
                    .map(|(_, l)| l.to_string()),
            );
            levels.dedup();
            for l in levels {
                let rows = overlay::evidence_map(o, self.hb, &l);
                let gaps = rows
                    .iter()
                    .filter(|r| r.strength == overlay::Strength::Gap)
                    .count();
                maps.push(Map {
                    level: self.level_link(&l),
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
                let resolved = super::markdown::resolve(&md, &h.guide);
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
        me.insert("current", &current.as_deref().map(|c| self.level_link(c)));
        me.insert("target", &target.as_deref().map(|t| self.level_link(t)));
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
            packet.insert("current", &current.as_deref().map(|c| self.level_link(c)));
            packet.insert("target", &target.as_deref().map(|t| self.level_link(t)));
            packet.insert("content", &render(&body, &md, None));
            pages.push(("me/packet.html".to_string(), "me_packet.html", packet));
        }
        pages
    }
}

/// View structs shared by several pages.
mod serde_json_like {
    use super::Link;
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Section {
        pub label: String,
        pub url: String,
        pub count: usize,
    }

    #[derive(Serialize)]
    pub struct TrackView {
        pub id: String,
        pub name: String,
        pub levels: Vec<Link>,
    }

    #[derive(Serialize)]
    pub struct LevelView {
        pub id: String,
        pub title: String,
        pub summary: String,
        pub years: String,
        pub role: bool,
        pub alongside: Vec<Link>,
    }

    #[derive(Serialize)]
    pub struct QuestionView {
        pub id: String,
        pub title: String,
        pub round: String,
        pub round_name: String,
        pub levels: Vec<Link>,
        pub tags: Vec<String>,
        pub tests: String,
        pub how_to_answer: String,
        pub mistakes: Vec<String>,
        pub framing: String,
    }
}

/// A matrix cell: the statement, or, for ladders that state a level only
/// through its criteria (most imported ones), the criteria themselves.
fn cell_html(e: &crate::model::Expectation, md: &MdContext) -> String {
    if !e.statement.trim().is_empty() {
        return render_inline(&e.statement, md);
    }
    if e.criteria.is_empty() {
        return "<span class=\"muted\">Not described at this level</span>".into();
    }
    let items: Vec<String> = e
        .criteria
        .iter()
        .map(|c| format!("<li>{}</li>", render_inline(&c.text, md)))
        .collect();
    format!("<ul class=\"cell-criteria\">{}</ul>", items.concat())
}
