//! The theme: Tera templates and static assets. The default theme is
//! embedded in the binary so `careerbook build` works from any folder; a
//! handbook overrides it file by file from `themes/<name>/` (templates/ and
//! static/), so a team changes one template without copying the rest.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::source::SourceFile;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One theme file and where it came from, for error messages.
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    pub origin: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    pub templates: BTreeMap<String, ThemeFile>,
    pub statics: BTreeMap<String, ThemeFile>,
}

fn collect_embedded(dir: &Dir<'static>, prefix: &str, out: &mut BTreeMap<String, ThemeFile>) {
    for f in dir.files() {
        let rel = f.path().strip_prefix(prefix).unwrap_or(f.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        out.insert(
            rel.clone(),
            ThemeFile {
                origin: format!("themes/default/{prefix}/{rel} (built in)"),
                bytes: f.contents().to_vec(),
            },
        );
    }
    for d in dir.dirs() {
        collect_embedded(d, prefix, out);
    }
}

impl Theme {
    /// The built-in theme with the handbook's overrides applied.
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::default();
        if let Some(d) = DEFAULT_THEME.get_dir("templates") {
            collect_embedded(d, "templates", &mut theme.templates);
        }
        if let Some(d) = DEFAULT_THEME.get_dir("static") {
            collect_embedded(d, "static", &mut theme.statics);
        }
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name == crate::config::DEFAULT_THEME {
                return Ok(theme);
            }
            return Err(Diagnostic::error(format!("theme `{name}` not found: no folder themes/{name}/"))
                .in_file("book.toml")
                .hint("create themes/<name>/templates/ with the templates to override, or remove `theme` from [build]")
                .into());
        }
        let mut diags = Diagnostics::new();
        for (sub, map) in [
            ("templates", &mut theme.templates),
            ("static", &mut theme.statics),
        ] {
            let base = dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&base)
                .follow_links(true)
                .sort_by_file_name()
            {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(
                            Diagnostic::error(format!("cannot read theme file: {e}"))
                                .in_file(
                                    &e.path().map(|p| display_path(p, root)).unwrap_or_default(),
                                )
                                .hint("check permissions and symbolic links under themes/"),
                        );
                        continue;
                    }
                };
                if !entry.file_type().is_file()
                    || crate::source::is_ignored(&entry.file_name().to_string_lossy())
                {
                    continue;
                }
                let rel = entry
                    .path()
                    .strip_prefix(&base)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        map.insert(
                            rel,
                            ThemeFile {
                                origin: display_path(entry.path(), root),
                                bytes,
                            },
                        );
                    }
                    Err(e) => diags.push(
                        Diagnostic::error(format!("cannot read theme file: {e}"))
                            .in_file(&display_path(entry.path(), root))
                            .hint("check the file's permissions"),
                    ),
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(theme)
    }

    /// Compiles the templates. Every syntax error is reported with the
    /// template file, line and column.
    pub(crate) fn tera(&self) -> Result<tera::Tera, Diagnostics> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let mut diags = Diagnostics::new();
        let mut sources = Vec::new();
        for (name, file) in &self.templates {
            match std::str::from_utf8(&file.bytes) {
                Ok(s) => sources.push((name.as_str(), s)),
                Err(_) => diags.push(
                    Diagnostic::error("template is not valid UTF-8")
                        .in_file(&file.origin)
                        .hint("save the template as UTF-8"),
                ),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if let Err(bulk) = tera.add_raw_templates(sources.clone()) {
            // Tera stops at the first broken template; compile each alone to
            // report every syntax error, not just the first.
            for (name, text) in &sources {
                let mut probe = tera::Tera::new();
                if let Err(e) = probe.add_raw_template(name, text) {
                    if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                        diags.push(self.template_error(&e));
                    }
                }
            }
            if !diags.has_errors() {
                diags.push(self.template_error(&bulk));
            }
            return Err(diags);
        }
        Ok(tera)
    }

    /// A Tera error as a diagnostic located in the template that caused it.
    pub(crate) fn template_error(&self, e: &tera::Error) -> Diagnostic {
        let report = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let Some(r) = report else {
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            return Diagnostic::error(format!("template error: {msg}"))
                .hint("check the theme's templates (themes/<name>/templates/ overrides the built-in ones)");
        };
        let file = self.templates.get(r.filename());
        let origin = file.map_or_else(|| r.filename().to_string(), |f| f.origin.clone());
        let span = r.span();
        let mut d = Diagnostic::error(format!("template error: {}", r.message()));
        if let Some(f) = file {
            let text = String::from_utf8_lossy(&f.bytes).into_owned();
            let src = SourceFile::new(origin.clone().into(), origin.clone(), text);
            let line_text = src.line_text(span.start_line).to_string();
            d.location = Some(Box::new(Location {
                file: origin,
                line: span.start_line,
                column: span.start_col + 1,
                width: if span.end_line == span.start_line {
                    span.end_col.saturating_sub(span.start_col).max(1)
                } else {
                    1
                },
                line_text: Some(line_text),
            }));
        } else {
            d = d.in_file(&origin);
        }
        let hint = if r.message().contains("is not defined") {
            "this page's template has no such variable; guard it with `{% if x is defined %}` or fix the name"
        } else {
            "fix the template at this position; `careerbook check` re-runs every template"
        };
        d.hint(hint)
    }
}
