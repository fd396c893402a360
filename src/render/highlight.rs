//! Syntax highlighting of fenced code with syntect, emitting CSS classes
//! rather than inline colors so one page works under a light and a dark
//! stylesheet. syntect's own grammars are tried first (they are faster);
//! bat's larger set (via two-face) covers what they lack, such as TOML and
//! TypeScript, which a handbook for engineers needs.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme};
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
            "<pre class=\"code\" tabindex=\"0\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
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
                "<pre class=\"code\" tabindex=\"0\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
                crate::html::escape(code)
            );
        }
    }
    format!(
        "<pre class=\"code hl\" tabindex=\"0\"><code class=\"language-{lang_attr}\">{}</code></pre>\n",
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

/// The backgrounds code sits on in the default theme's style.css
/// (`--code-bg`, light and dark); a highlighting theme's own background
/// counts too, in case a theme of the handbook's uses it.
const CODE_BG_LIGHT: Color = Color {
    r: 0xf6,
    g: 0xf8,
    b: 0xfa,
    a: 0xff,
};
const CODE_BG_DARK: Color = Color {
    r: 0x1a,
    g: 0x1f,
    b: 0x26,
    a: 0xff,
};

/// The contrast WCAG asks of body text (AA).
const MIN_CONTRAST: f64 = 4.5;

/// `theme` with every text colour moved toward black (on light backgrounds)
/// or white (on dark ones) just far enough to read at 4.5:1 on `code_bg`
/// and on the theme's own background. Several bundled themes colour
/// comments and Markdown or HTML scopes at 2.8:1 or less.
fn legible(theme: &Theme, code_bg: Color) -> Theme {
    let mut t = theme.clone();
    let base = t.settings.background.map_or(code_bg, |b| over(b, code_bg));
    if let Some(fg) = t.settings.foreground {
        t.settings.foreground = Some(readable(fg, &[base, code_bg]));
    }
    for item in &mut t.scopes {
        let Some(fg) = item.style.foreground else {
            continue;
        };
        let bgs = match item.style.background {
            Some(bg) => vec![over(bg, base), over(bg, code_bg)],
            None => vec![base, code_bg],
        };
        item.style.foreground = Some(readable(fg, &bgs));
    }
    t
}

/// `c` drawn over the opaque `under`.
fn over(c: Color, under: Color) -> Color {
    let a = f64::from(c.a) / 255.0;
    let mix = |top: u8, low: u8| (f64::from(top) * a + f64::from(low) * (1.0 - a)).round() as u8;
    Color {
        r: mix(c.r, under.r),
        g: mix(c.g, under.g),
        b: mix(c.b, under.b),
        a: 0xff,
    }
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let ch = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `fg` as it shows on `bgs[0]`, moved toward black or white in small steps
/// until it reads at [`MIN_CONTRAST`] on every background of `bgs`.
fn readable(fg: Color, bgs: &[Color]) -> Color {
    let shown = over(fg, bgs.first().copied().unwrap_or(CODE_BG_LIGHT));
    let worst = |c: Color| bgs.iter().map(|b| contrast(c, *b)).fold(f64::MAX, f64::min);
    if worst(shown) >= MIN_CONTRAST {
        return fg;
    }
    let dark = bgs.iter().map(|b| luminance(*b)).sum::<f64>() / (bgs.len() as f64) < 0.18;
    let to = if dark { 255.0 } else { 0.0 };
    (1..=40)
        .map(|step| {
            let k = f64::from(step) / 40.0;
            let mix = |v: u8| (f64::from(v) + (to - f64::from(v)) * k).round() as u8;
            Color {
                r: mix(shown.r),
                g: mix(shown.g),
                b: mix(shown.b),
                a: 0xff,
            }
        })
        .find(|c| worst(*c) >= MIN_CONTRAST)
        .unwrap_or(Color {
            r: to as u8,
            g: to as u8,
            b: to as u8,
            a: 0xff,
        })
}

/// The highlighting stylesheet: the light theme by default, the dark one
/// under the system preference and under an explicit `data-theme="dark"`.
pub(crate) fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
    let themes = two_face::theme::extra();
    let css = |name: &str, code_bg: Color| -> Result<String, String> {
        let t = theme_by_name(name).ok_or_else(|| name.to_string())?;
        syntect::html::css_for_theme_with_class_style(&legible(themes.get(t), code_bg), CLASS_STYLE)
            .map_err(|e| e.to_string())
    };
    let light_css = css(light, CODE_BG_LIGHT)?;
    let dark_css = css(dark, CODE_BG_DARK)?;
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
    fn every_highlighting_colour_reads_at_aa_contrast_on_the_code_background() {
        let themes = two_face::theme::extra();
        for (name, bg) in [
            ("InspiredGitHub", CODE_BG_LIGHT),
            ("base16-ocean.dark", CODE_BG_DARK),
        ] {
            let Some(t) = theme_by_name(name) else {
                panic!("no theme {name}");
            };
            let original = themes.get(t);
            let low = original
                .scopes
                .iter()
                .filter_map(|i| i.style.foreground)
                .filter(|c| contrast(over(*c, bg), bg) < MIN_CONTRAST)
                .count();
            let fixed = legible(original, bg);
            for item in &fixed.scopes {
                if let Some(c) = item.style.foreground {
                    // On the scope's own background where it has one.
                    let under = item.style.background.map_or(bg, |b| over(b, bg));
                    let ratio = contrast(over(c, under), under);
                    assert!(ratio >= MIN_CONTRAST, "{name}: {c:?} at {ratio:.2}");
                }
            }
            // Colours that already read well are left as the theme has them.
            for (a, b) in original.scopes.iter().zip(&fixed.scopes) {
                let Some(c) = a.style.foreground else {
                    continue;
                };
                let plain = a.style.background.is_none()
                    && original.settings.background.is_none_or(|t| {
                        contrast(over(c, over(t, bg)), over(t, bg)) >= MIN_CONTRAST
                    });
                if plain && contrast(over(c, bg), bg) >= MIN_CONTRAST {
                    assert_eq!(a.style.foreground, b.style.foreground, "{name}");
                }
            }
            if name == "InspiredGitHub" {
                assert!(low > 0, "the light theme's comments were at 2.8:1");
            }
        }
    }

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
