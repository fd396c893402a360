//! Syntax highlighting of fenced code with syntect, emitting CSS classes
//! rather than inline colors so one page works under a light and a dark
//! stylesheet. syntect's own grammars are tried first (they are faster);
//! bat's larger set (via two-face) covers what they lack, such as TOML and
//! TypeScript, which a handbook for engineers needs.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
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
pub(crate) fn warm_up() {
    let _ = core_syntaxes();
}

/// [`code_block`], from the build cache when there is one: highlighting
/// is most of a cold build's time.
pub(crate) fn cached_code_block(
    code: &str,
    lang: &str,
    highlight: bool,
    cache: Option<&crate::cache::Cache>,
) -> String {
    match cache {
        Some(c) if highlight && !lang.is_empty() => {
            c.get_or("highlight", &[lang.as_bytes(), code.as_bytes()], || {
                code_block(code, lang, highlight)
            })
        }
        _ => code_block(code, lang, highlight),
    }
}

/// The `<pre>` for a code block. Unknown languages are shown escaped, unhighlighted.
pub(crate) fn code_block(code: &str, lang: &str, highlight: bool) -> String {
    let lang_attr = crate::html::escape(lang);
    let found = if highlight && !lang.is_empty() {
        find(lang)
    } else {
        None
    };
    let Some((ss, syntax)) = found else {
        return format!(
            "<pre class=\"code\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
            crate::html::escape(code)
        );
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            // A grammar that fails on this input: show the code plainly.
            return format!(
                "<pre class=\"code\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
                crate::html::escape(code)
            );
        }
    }
    format!(
        "<pre class=\"code hl\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
        gen.finalize()
    )
}

pub(crate) fn theme_names() -> Vec<&'static str> {
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
pub(crate) fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
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
