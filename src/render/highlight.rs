//! Syntax highlighting of fenced code with syntect, emitting CSS classes
//! rather than inline colors so one page works under a light and a dark
//! stylesheet. syntect's own grammars are tried first (they are faster);
//! bat's larger set (via two-face) covers what they lack, such as TOML and
//! TypeScript, which a handbook for engineers needs.

use std::sync::OnceLock;

use std::cell::RefCell;
use std::collections::HashMap;

use syntect::html::ClassStyle;
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// syntect's own grammars: faster than bat's for the languages both have
/// (about 30% on Rust and JavaScript), so they are tried first.
fn core_syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// bat's larger set, for what syntect lacks (TOML, TypeScript, ...).
fn extra_syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

fn find(lang: &str) -> Option<(&'static SyntaxSet, &'static SyntaxReference)> {
    let lookup = |ss: &'static SyntaxSet| {
        ss.find_syntax_by_token(lang)
            .or_else(|| ss.find_syntax_by_name(lang))
            .map(|syn| (ss, syn))
    };
    lookup(core_syntaxes()).or_else(|| lookup(extra_syntaxes()))
}

/// Loads the core syntax definitions now rather than on the first code
/// block, so threads of the parallel render do not wait on each other.
pub fn warm_up() {
    let _ = core_syntaxes();
}

/// The `<pre>` for a code block. Unknown languages are shown escaped, unhighlighted.
pub fn code_block(code: &str, lang: &str, highlight: bool) -> String {
    let lang_attr = crate::render::escape(lang);
    let found = if highlight && !lang.is_empty() {
        find(lang)
    } else {
        None
    };
    let Some((ss, syntax)) = found else {
        return format!(
            "<pre class=\"code\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
            crate::render::escape(code)
        );
    };
    match classed_html(code, syntax, ss) {
        Some(html) => format!(
            "<pre class=\"code hl\"><code class=\"language-{lang_attr}\">{html}</code></pre>\n"
        ),
        // A grammar that fails on this input: show the code plainly.
        None => format!(
            "<pre class=\"code\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
            crate::render::escape(code)
        ),
    }
}

thread_local! {
    /// Class attribute text per scope. syntect's own generator looks each
    /// scope up in a global, mutex-guarded repository on every token, which
    /// serializes parallel rendering; scopes repeat endlessly, so cache them.
    static CLASSES: RefCell<HashMap<Scope, Box<str>>> = RefCell::new(HashMap::new());
}

fn push_classes(out: &mut String, scope: Scope) {
    CLASSES.with(|c| {
        let mut cache = c.borrow_mut();
        let classes = cache.entry(scope).or_insert_with(|| {
            let mut s = String::new();
            for (i, atom) in scope.build_string().split('.').enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                s.push_str("hl-");
                s.push_str(atom);
            }
            s.into_boxed_str()
        });
        out.push_str(classes);
    });
}

fn push_escaped(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Highlighted HTML for `code`: nested `<span class="hl-...">`, the same
/// markup syntect's ClassedHTMLGenerator emits, with empty spans dropped.
fn classed_html(code: &str, syntax: &SyntaxReference, ss: &SyntaxSet) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = String::with_capacity(code.len() * 4);
    let mut open = 0usize;
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, ss).ok()?;
        let mut cur = 0;
        let mut span_start = 0;
        let mut span_empty = false;
        for (i, op) in &ops {
            if *i > cur {
                span_empty = false;
                push_escaped(&mut out, &line[cur..*i]);
                cur = *i;
            }
            stack
                .apply_with_hook(op, |basic, _| match basic {
                    BasicScopeStackOp::Push(scope) => {
                        span_start = out.len();
                        span_empty = true;
                        out.push_str("<span class=\"");
                        push_classes(&mut out, scope);
                        out.push_str("\">");
                        open += 1;
                    }
                    BasicScopeStackOp::Pop => {
                        if span_empty {
                            out.truncate(span_start);
                        } else {
                            out.push_str("</span>");
                        }
                        span_empty = false;
                        open = open.saturating_sub(1);
                    }
                })
                .ok()?;
        }
        push_escaped(&mut out, &line[cur..]);
    }
    for _ in 0..open {
        out.push_str("</span>");
    }
    Some(out)
}

pub fn theme_names() -> Vec<&'static str> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|n| n.as_name())
        .collect()
}

fn theme_by_name(name: &str) -> Option<EmbeddedThemeName> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|n| n.as_name() == name)
}

/// The highlighting stylesheet: the light theme by default, the dark one
/// under the system preference and under an explicit `data-theme="dark"`.
pub fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
    let themes = two_face::theme::extra();
    let css = |name: &str| -> Result<String, String> {
        let t = theme_by_name(name).ok_or_else(|| name.to_string())?;
        syntect::html::css_for_theme_with_class_style(themes.get(t), CLASS_STYLE)
            .map_err(|e| e.to_string())
    };
    let light_css = css(light)?;
    let dark_css = css(dark)?;
    let scoped = |css: &str, scope: &str| -> String {
        css.lines()
            .map(|l| {
                let t = l.trim();
                let is_selector = (t.ends_with('{') || t.ends_with(',')) && t.starts_with('.');
                if !is_selector {
                    return l.to_string();
                }
                t.split(',')
                    .map(|sel| {
                        let sel = sel.trim();
                        if sel.is_empty() || sel == "{" {
                            sel.to_string()
                        } else {
                            format!("{scope} {sel}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(format!(
        "/* Generated by careerbook from the syntect themes `{light}` and `{dark}`. */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n{}\n{}\n",
        scoped(&light_css, ":root:not([data-theme=dark])"),
        scoped(&dark_css, ":root:not([data-theme=light])"),
        scoped(&dark_css, ":root[data-theme=dark]"),
        // An explicit light choice wins over a dark system preference.
        scoped(&light_css, ":root[data-theme=light]"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_toml_and_typescript() {
        for (lang, code) in [
            ("toml", "a = \"b\"\n"),
            ("typescript", "const x: number = 1;\n"),
            ("ts", "let y = 2;\n"),
        ] {
            let html = code_block(code, lang, true);
            assert!(html.contains("class=\"code hl\""), "{lang}: {html}");
            assert!(html.contains("hl-"), "{lang}: {html}");
        }
    }

    #[test]
    fn unknown_language_is_escaped() {
        let html = code_block("<b>", "nosuchlang", true);
        assert!(html.contains("&lt;b&gt;"));
        assert!(!html.contains("hl-"));
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark").unwrap();
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains("[data-theme=dark]"));
        assert!(stylesheet("nope", "base16-ocean.dark").is_err());
    }
}
