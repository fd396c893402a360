//! The floor of a build: the work no static site generator can skip on the
//! benchmark corpus, to measure careerbook (and its peers) against. It reads
//! every Markdown file under INPUT_DIR, parses it with pulldown-cmark (the
//! options careerbook uses, `src/markdown.rs`), highlights fenced code with
//! syntect to CSS classes as `src/render/highlight.rs` does (syntect's
//! grammars first, two-face's as fallback) and writes one HTML file per page
//! into OUTPUT_DIR, mirroring the input's folders, in parallel on all cores.
//! No front matter parsing beyond splitting it off, no templates, no search,
//! no link resolution.
//!
//! Usage: cargo run --release --example floor -- INPUT_DIR OUTPUT_DIR
//! (bench/peers.sh times it next to careerbook and Hugo.)

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use pulldown_cmark::{html, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// careerbook's parser options (`markdown::options`), with smart
/// punctuation on as in its default `book.toml`.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_SMART_PUNCTUATION
}

fn core_syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

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

/// HTML escaping as careerbook's `html::escape`.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn code_block(code: &str, lang: &str) -> String {
    let plain = || {
        format!(
            "<pre class=\"code\"><code class=\"language-{}\">{}</code></pre>\n",
            escape(lang),
            escape(code)
        )
    };
    let Some((ss, syntax)) = (!lang.is_empty()).then(|| find(lang)).flatten() else {
        return plain();
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return plain();
        }
    }
    format!(
        "<pre class=\"code hl\"><code class=\"language-{}\">{}</code></pre>\n",
        escape(lang),
        gen.finalize()
    )
}

/// The body of a page: what follows its `+++` front matter, if any.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return text;
    };
    match rest.find("\n+++\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

fn render(markdown: &str) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut code: Option<(String, String)> = None;
    for ev in Parser::new_ext(markdown, options()) {
        if let Some((lang, buf)) = code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Event::Html(code_block(buf, lang).into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

fn page(input: &Path, output: &Path, file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let html = render(body(&text));
    let rel = file.strip_prefix(input).map_err(|e| e.to_string())?;
    let dest = output.join(rel).with_extension("html");
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&dest, html).map_err(|e| format!("{}: {e}", dest.display()))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(output), None) = (args.next(), args.next(), args.next()) else {
        return Err("usage: floor INPUT_DIR OUTPUT_DIR".into());
    };
    let (input, output) = (PathBuf::from(input), PathBuf::from(output));
    let start = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&input)
        .sort_by_file_name()
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|e| e.file_type().is_file() && e.path().extension() == Some("md".as_ref()))
        .map(|e| e.into_path())
        .collect();
    // Load the grammars once before the threads start, as careerbook does.
    let _ = core_syntaxes();
    files
        .par_iter()
        .try_for_each(|f| page(&input, &output, f))?;
    println!(
        "floor: {} pages in {:.2} s",
        files.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
