//! Incremental rebuilds for `serve`: the model stays in memory between
//! saves; a saved document is re-read alone, the handbook re-validated, and
//! only the pages that show something of it are rendered again.
//!
//! What counts as "showing something of it": its own page always; when its
//! list-visible surface changed (title, summary, headings, levels...), also
//! its kind's list, the home page, pages that cross-reference it and, for a
//! guide, its neighbours (previous/next) and its part. A level also re-renders
//! the matrix, the home page and the level list, which show its
//! expectations. Anything else (book.toml, templates, static files, the
//! framework, a file added, removed or renamed, a changed id) is a full
//! rebuild.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::model::{Doc, FrontMatter, Handbook, Kind, RefTarget};
use crate::output::MemorySink;
use crate::render::{self, RenderOptions, Theme};

/// A served handbook: its model and theme, kept between rebuilds.
pub struct Session {
    /// Shared with the background search build; copied on write.
    pub hb: std::sync::Arc<Handbook>,
    pub theme: std::sync::Arc<Theme>,
    /// Canonical path of each document -> (kind, index in its list).
    docs: HashMap<PathBuf, (Kind, usize)>,
    options: RenderOptions,
    /// The reader's overlay, when serving with one; its pages are rendered
    /// again on every update since they quote the levels and guides.
    overlay: Option<crate::overlay::Overlay>,
    /// Every page's body for the print page, so an edit re-renders only its
    /// pages; the print page itself is put together again in the
    /// background (see [`Session::print_job`]), as it is most of a large
    /// handbook's bytes.
    print: std::sync::Arc<render::print::Chunks>,
}

/// What the background worker needs to put the print page together.
pub struct PrintJob {
    pub theme: std::sync::Arc<Theme>,
    pub options: RenderOptions,
    pub chunks: std::sync::Arc<render::print::Chunks>,
}

/// The print page's frame, rendered from the handbook (quick), so the
/// handbook can be let go before the bodies are spliced in.
pub fn print_frame(
    hb: &Handbook,
    job: &PrintJob,
) -> Result<Option<render::PrintFrame>, Diagnostics> {
    render::print_frame(hb, &job.theme, job.options, &job.chunks)
}

/// The print page, from its frame and the kept page bodies.
pub fn print_files(frame: &render::PrintFrame, job: &PrintJob) -> Result<Files, Diagnostics> {
    let sink = MemorySink::default();
    frame.write(&sink, &job.chunks)?;
    Ok(take(sink))
}

/// The search index of a handbook, built in memory.
pub fn search_files(hb: &Handbook) -> Result<Files, Diagnostics> {
    let sink = MemorySink::default();
    render::write_search(hb, &sink)?;
    Ok(take(sink))
}

/// Files produced by a (partial) build: site path -> bytes.
pub type Files = std::collections::BTreeMap<String, Vec<u8>>;

fn take(sink: MemorySink) -> Files {
    sink.files.into_inner().unwrap_or_default()
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Session {
    /// Loads, validates and renders everything.
    pub fn full(
        root: &Path,
        overlay: Option<&Path>,
    ) -> Result<(Session, Files, usize, Diagnostics), Diagnostics> {
        let (hb, warnings) = crate::site::load_valid(root)?;
        let overlay = match overlay {
            Some(dir) => Some(crate::overlay::load(dir, &hb)?),
            None => None,
        };
        let theme = Theme::load(root, &hb.config.build.theme)?;
        let options = RenderOptions {
            highlight: true,
            search: true,
            private: overlay.is_some(),
            rooted_404: false,
        };
        let sink = MemorySink::default();
        let rendered = render::render_site(&hb, &theme, &sink, options)?;
        if let Some(o) = &overlay {
            render::render_overlay(&hb, &theme, &sink, o)?;
        }
        let mut docs = HashMap::new();
        for kind in Kind::ALL {
            for (i, (_, path)) in docs_of(&hb, kind).into_iter().enumerate() {
                docs.insert(canonical(&path), (kind, i));
            }
        }
        Ok((
            Session {
                hb: std::sync::Arc::new(hb),
                theme: std::sync::Arc::new(theme),
                docs,
                options,
                overlay,
                print: std::sync::Arc::new(rendered.print),
            },
            take(sink),
            rendered.pages,
            warnings,
        ))
    }

    /// A snapshot for putting the print page together off the save path.
    pub fn print_job(&self) -> PrintJob {
        PrintJob {
            theme: std::sync::Arc::clone(&self.theme),
            options: self.options,
            chunks: std::sync::Arc::clone(&self.print),
        }
    }

    /// Rebuilds what `changed` affects. `None` when only a full rebuild
    /// will do.
    pub fn update(&mut self, changed: &[PathBuf]) -> Option<Result<(Files, usize), Diagnostics>> {
        let mut targets = Vec::new();
        for p in changed {
            if p.extension().is_none_or(|e| e != "md") || !p.is_file() {
                return None;
            }
            targets.push(*self.docs.get(&canonical(p))?);
        }
        let mut pages: BTreeSet<String> = BTreeSet::new();
        let mut any_surface_changed = false;
        for &(kind, idx) in &targets {
            let before = surface(&self.hb, kind, idx);
            if let Err(d) =
                crate::load::reload_doc(std::sync::Arc::make_mut(&mut self.hb), kind, idx)
            {
                return Some(Err(d.into()));
            }
            let after = surface(&self.hb, kind, idx);
            if before.0 != after.0 {
                // A new id moves the page: the old one must go, so rebuild all.
                return None;
            }
            any_surface_changed |= before != after;
            pages.extend(self.dependents(kind, idx, before != after));
        }
        // When nothing others can see changed, only the edited documents
        // can have become invalid.
        let diags = match targets.as_slice() {
            [(kind, idx)] if !any_surface_changed => {
                crate::validate::validate_doc(&self.hb, *kind, *idx)
            }
            _ => crate::validate::validate(&self.hb),
        };
        if diags.has_errors() {
            return Some(Err(diags));
        }
        let plan: Vec<_> = render::plan(&self.hb)
            .into_iter()
            .filter(|p| pages.contains(&p.path))
            .collect();
        let sink = MemorySink::default();
        if any_surface_changed {
            // Titles in the sidebar's tree may have changed.
            let toc = render::toc_js(&self.hb);
            if let Err(e) = crate::output::Sink::write(&sink, render::TOC_PATH, toc.as_bytes()) {
                return Some(Err(crate::diagnostics::Diagnostic::error(format!(
                    "cannot store the contents: {e}"
                ))
                .hint("this is a careerbook bug; restart `careerbook serve`")
                .into()));
            }
        }
        let rendered = render::render_pages(&self.hb, &self.theme, &sink, &plan, self.options)
            .and_then(|r| {
                // Copies the map (not the bodies) only while the worker
                // still holds the previous one.
                std::sync::Arc::make_mut(&mut self.print).extend(r.print);
                let extra = match &self.overlay {
                    Some(o) => render::render_overlay(&self.hb, &self.theme, &sink, o)?,
                    None => 0,
                };
                Ok(r.pages + extra)
            });
        Some(rendered.map(|n| (take(sink), n)))
    }

    /// Site paths of the pages that show something of document `idx`.
    fn dependents(&self, kind: Kind, idx: usize, surface_changed: bool) -> Vec<String> {
        let hb = &self.hb;
        let id = docs_of(hb, kind)
            .into_iter()
            .nth(idx)
            .map(|(id, _)| id)
            .unwrap_or_default();
        let mut out = vec![kind.url(&id)];
        if kind == Kind::Level {
            out.extend([
                "matrix.html".to_string(),
                "index.html".to_string(),
                Kind::Level.index_url(),
            ]);
            if surface_changed {
                // Neighbouring levels name it as "next" or "below".
                out.extend(hb.levels.iter().map(|l| Kind::Level.url(&l.id)));
            }
        }
        if !surface_changed {
            return out;
        }
        out.push(kind.index_url());
        out.push("index.html".into());
        // Pages that cross-reference it show its title.
        for it in hb.items() {
            let cites = it.refs.iter().any(|r| {
                let t = RefTarget::parse(&r.target);
                t.kind == Some(kind.name()) && t.id == id
            });
            if cites {
                out.push(it.kind.url(it.id));
            }
        }
        if let Some(home) = &hb.home {
            if home
                .refs
                .iter()
                .any(|r| RefTarget::parse(&r.target).id == id)
            {
                out.push("index.html".into());
            }
        }
        if kind == Kind::Guide {
            let order = crate::render::guide_order(hb);
            if let Some(pos) = order.iter().position(|&g| g == idx) {
                for n in [pos.checked_sub(1), Some(pos + 1)].into_iter().flatten() {
                    if let Some(&g) = order.get(n) {
                        out.push(Kind::Guide.url(&hb.guides[g].id));
                    }
                }
            }
            if let Some(part) = &hb.guides[idx].part {
                out.push(Kind::Guide.url(part));
            }
            if hb.guides[idx].is_part {
                out.extend(
                    hb.guides
                        .iter()
                        .filter(|g| g.part.as_deref() == Some(id.as_str()))
                        .map(|g| Kind::Guide.url(&g.id)),
                );
            }
        }
        out
    }
}

/// Id and source path of every document of a kind, in model order.
fn docs_of(hb: &Handbook, kind: Kind) -> Vec<(String, PathBuf)> {
    fn of<F>(d: &[Doc<F>]) -> Vec<(String, PathBuf)> {
        d.iter()
            .map(|x| (x.id.clone(), x.src.path.clone()))
            .collect()
    }
    match kind {
        Kind::Level => of(&hb.levels),
        Kind::Question => of(&hb.questions),
        Kind::AntiPattern => of(&hb.anti_patterns),
        Kind::Exercise => of(&hb.exercises),
        Kind::Checklist => of(&hb.checklists),
        Kind::Guide => of(&hb.guides),
    }
}

/// What other pages show of a document: (id, everything else).
fn surface(hb: &Handbook, kind: Kind, idx: usize) -> (String, String) {
    fn common<F: FrontMatter>(d: &Doc<F>, extra: String) -> (String, String) {
        let headings: Vec<(&str, &str)> = d
            .headings
            .iter()
            .map(|h| (h.id.as_str(), h.text.as_str()))
            .collect();
        (
            d.id.clone(),
            format!(
                "{}|{}|{}|{:?}|{:?}|{:?}|{extra}",
                d.meta.title(),
                d.meta.summary(),
                d.meta.weight(),
                d.meta.tags(),
                headings,
                d.anchors
            ),
        )
    }
    let lv = |v: &[toml::Spanned<String>]| {
        v.iter()
            .map(|l| l.get_ref().as_str())
            .collect::<Vec<_>>()
            .join(",")
    };
    match kind {
        Kind::Level => hb.levels.get(idx).map(|d| {
            common(
                d,
                format!("{}|{}|{}", d.meta.years, d.meta.role, lv(&d.meta.alongside)),
            )
        }),
        Kind::Question => hb.questions.get(idx).map(|d| {
            common(
                d,
                format!(
                    "{}|{}|{}",
                    d.meta.round.get_ref(),
                    lv(&d.meta.levels),
                    d.meta.answers.is_empty()
                ),
            )
        }),
        Kind::AntiPattern => hb
            .anti_patterns
            .get(idx)
            .map(|d| common(d, lv(&d.meta.levels))),
        Kind::Exercise => hb
            .exercises
            .get(idx)
            .map(|d| common(d, format!("{}|{}", lv(&d.meta.levels), d.meta.timebox))),
        Kind::Checklist => hb.checklists.get(idx).map(|d| {
            common(
                d,
                d.meta
                    .groups
                    .iter()
                    .map(|g| g.items.get_ref().len())
                    .sum::<usize>()
                    .to_string(),
            )
        }),
        Kind::Guide => hb
            .guides
            .get(idx)
            .map(|d| common(d, format!("{:?}|{}", d.part, d.is_part))),
    }
    .unwrap_or_default()
}
