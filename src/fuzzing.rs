//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz): each reader
//! alone, and the whole load → validate → render path writing nothing.
//! They return nothing and swallow diagnostics: a fuzz target fails only
//! by panicking, hanging or growing without bound. Not a supported API.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::kinds::{with_kind, Kind, Subfolders};
use crate::model::{Derived, Handbook, Reader};
use crate::output::NullSink;
use crate::render::{RenderOptions, Renderer, Theme};
use crate::source::SourceFile;

/// The default theme, compiled once for every run of a target.
fn default_renderer() -> Option<&'static Renderer> {
    static R: OnceLock<Option<Renderer>> = OnceLock::new();
    R.get_or_init(|| {
        let theme = Theme::load(Path::new(""), crate::config::DEFAULT_THEME).ok()?;
        Renderer::new(theme).ok()
    })
    .as_ref()
}

/// Builds the handbook at `root` as `build` would, overlay (`overlay/`
/// beside book.toml, when there) and releases included, into nothing.
pub fn handbook(root: &Path) {
    // `Pipeline::prepare`, but with the default theme compiled once.
    let Ok((hb, _)) = crate::load::load(root).and_then(crate::pipeline::validated) else {
        return;
    };
    let own;
    let renderer = if hb.config.build.theme == crate::config::DEFAULT_THEME {
        match default_renderer() {
            Some(r) => r,
            None => return,
        }
    } else {
        match Theme::load(root, &hb.config.build.theme).and_then(Renderer::new) {
            Ok(r) => {
                own = r;
                &own
            }
            Err(_) => return,
        }
    };
    let opts = RenderOptions {
        highlight: true,
        search: true,
        private: false,
        rooted_404: true,
        record: false,
    };
    if renderer.render_site(&hb, &NullSink, opts).is_err() {
        return;
    }
    let _ = crate::lint::findings(&hb);
    let dir = root.join("overlay");
    if dir.is_dir() {
        if let Ok(o) = crate::overlay::load(&dir, &hb) {
            let _ = crate::overlay::check(&o, &hb);
            let derived = Derived::new(&hb);
            let _ = renderer.render_overlay(&hb, &derived, &NullSink, &o);
        }
    }
}

/// Loads and validates the handbook at `root`, releases included: what an
/// importer's output must pass. The error is the diagnostics' text.
pub fn validates(root: &Path) -> Result<(), String> {
    crate::load::load(root)
        .and_then(crate::pipeline::validated)
        .map(drop)
        .map_err(|d| d.render(false))
}

/// A handbook loaded once, against which [`document`] renders.
pub struct Context {
    hb: Handbook,
}

impl Context {
    /// Loads the handbook at `root`; `None` when it does not load.
    pub fn new(root: &Path) -> Option<Context> {
        let hb = crate::load::load(root).ok()?;
        Some(Context { hb })
    }
}

/// Reads `text` as a document of the `kind`-th kind would be read (front
/// matter, body headings and references), then renders its body and
/// summary against `cx`'s handbook.
pub fn document(cx: &Context, kind: usize, text: &str) {
    let kind = Kind::ALL[kind % Kind::ALL.len()];
    let path = PathBuf::from(format!("content/{}/fuzz.md", kind.folder()));
    let src = SourceFile::new(path.clone(), path.display().to_string(), text.to_string());
    let smart = cx.hb.config.markdown.smart_punctuation;
    let parsed = with_kind!(kind, |K| {
        crate::load::read_doc::<<K as crate::kinds::ItemKind>::Meta>(
            src,
            K::INFO.layout_anchors,
            K::INFO.subfolders == Subfolders::Parts,
            smart,
        )
        .ok()
        .map(|d| {
            use crate::model::FrontMatter as _;
            let body = d.body().map(|b| b.into_owned()).unwrap_or_default();
            (body, d.meta.summary().to_string(), d.headings.clone())
        })
    });
    let Some((body, summary, headings)) = parsed else {
        return;
    };
    let derived = Derived::new(&cx.hb);
    let html = crate::render::markdown::Html::of(&cx.hb.config, true, None);
    let reader = Reader::new(&cx.hb, &derived, &html, "../", false);
    let _ = crate::render::markdown::render(&body, &reader, html, Some(&headings));
    let _ = crate::render::markdown::render_inline(&summary, &reader, html);
    let _ = crate::parse::unsafe_markup(&body);
}

/// Reads `text` as the overlay's brag document.
pub fn brag(text: &str) {
    let _ = crate::overlay::parse::brag(&overlay_file("brag.md", text));
}

/// Reads `text` as the overlay's promotion packet.
pub fn packet(text: &str) {
    let _ = crate::overlay::parse::packet(&overlay_file("packet.md", text));
}

/// Reads `text` as an assessment against `cx`'s handbook.
pub fn assessment(cx: &Context, text: &str) {
    let mut warnings = crate::diagnostics::Diagnostics::new();
    let src = overlay_file("assessments/2026-01-01-self.md", text);
    let _ = crate::overlay::assessments::parse(&src, &cx.hb, &mut warnings);
}

fn overlay_file(name: &str, text: &str) -> SourceFile {
    let path = PathBuf::from("overlay").join(name);
    SourceFile::new(path.clone(), path.display().to_string(), text.to_string())
}
