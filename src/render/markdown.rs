//! Markdown to HTML: pulldown-cmark's events, with cross-references resolved
//! to relative links, heading anchors matching the parse stage's, code
//! highlighted, and tables wrapped so they scroll on a phone.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::html::escape;
use crate::markdown::{self, Slugger};
use crate::model::{Headings, Markup, Reader, Target};

/// How pages' Markdown becomes HTML: the options that do not change per
/// page. References resolve through the page's [`Reader`], which records
/// what they name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Html<'a> {
    pub smart: bool,
    pub highlight: bool,
    /// Where highlighted code is kept between runs, if anywhere.
    pub cache: Option<&'a crate::cache::Cache>,
    /// Clean the HTML to an allow-list (`[markdown] html = "sanitize"`).
    pub sanitize: bool,
}

impl<'a> Html<'a> {
    /// The options `config` sets, highlighting only when `highlight` too.
    pub(crate) fn of(
        config: &crate::config::Config,
        highlight: bool,
        cache: Option<&'a crate::cache::Cache>,
    ) -> Self {
        Html {
            smart: config.markdown.smart_punctuation,
            highlight: highlight && config.markdown.highlight,
            cache,
            sanitize: config.markdown.html == crate::config::RawHtml::Sanitize,
        }
    }
}

impl Markup for Html<'_> {
    fn block(&self, r: &Reader, text: &str, headings: Option<&Headings>) -> String {
        render(text, r, *self, headings)
    }
    fn inline(&self, r: &Reader, text: &str) -> String {
        render_inline(text, r, *self)
    }
}

/// A reference's URL relative to the page, and the title a link without
/// text shows; `None` when it does not resolve.
pub(crate) fn resolve(r: &Reader, target: &str) -> Option<(String, String)> {
    let res = r.resolve(target).ok()?;
    let url = match res.target {
        Target::Here => res.url,
        _ => format!("{}{}", r.root(), res.url),
    };
    Some((url, res.title))
}

/// Renders a Markdown document. `headings` are the anchors the parse stage
/// assigned, used in order so links checked at parse time land exactly.
pub(crate) fn render(text: &str, r: &Reader, o: Html, headings: Option<&Headings>) -> String {
    let parser = Parser::new_ext(text, markdown::options(o.smart));
    let mut out: Vec<Event> = Vec::new();
    let mut slugger = Slugger::default();
    let mut heading_no = 0usize;
    let mut in_heading: Option<(usize, Vec<Event>)> = None;
    let mut code: Option<(String, String)> = None;
    // Inside an un-piped wiki link, the label text is replaced by the title.
    let mut skip_label = false;

    // Only Markdown with raw HTML or a link to another scheme needs cleaning:
    // everything else pulldown-cmark writes is escaped already.
    let mut dirty = false;
    for ev in parser {
        dirty = dirty || (o.sanitize && crate::parse::is_unsafe(&ev));
        if let Some((lang, buf)) = code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = super::highlight::cached_code_block(buf, lang, o.highlight, o.cache);
                    out.push(Event::Html(html.into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let ev = match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => {
                let (url, target_title) =
                    resolve(r, &dest_url).unwrap_or_else(|| (String::new(), dest_url.to_string()));
                skip_label = !has_pothole;
                let start = Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: url.into(),
                    title,
                    id,
                });
                if skip_label {
                    push(&mut out, &mut in_heading, start);
                    push(&mut out, &mut in_heading, Event::Text(target_title.into()));
                    continue;
                }
                start
            }
            Event::End(TagEnd::Link) => {
                skip_label = false;
                Event::End(TagEnd::Link)
            }
            Event::Text(_) | Event::Code(_) if skip_label => continue,
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                in_heading = Some((out.len(), Vec::new()));
                // Placeholder; the id is known once the heading's text is.
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((pos, inner)) = in_heading.take() {
                    let assigned = headings
                        .and_then(|h| h.get(heading_no))
                        .map(|h| h.id.to_string());
                    heading_no += 1;
                    close_heading(&mut out, pos, inner, assigned, &mut slugger);
                }
                Event::End(TagEnd::Heading(level))
            }
            other => markup(other, &mut out),
        };
        push(&mut out, &mut in_heading, ev);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if dirty {
        return super::sanitize::clean(&html);
    }
    html
}

/// Events written otherwise than pulldown-cmark would: tables in a
/// scrolling wrapper (what comes before goes to `out`), task-list boxes with
/// a name (axe) and without the self-closing slash HTML does not have (the
/// Nu checker warns).
fn markup<'a>(ev: Event<'a>, out: &mut Vec<Event<'a>>) -> Event<'a> {
    match ev {
        Event::TaskListMarker(checked) => Event::InlineHtml(
            match checked {
                true => "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\">",
                false => "<input disabled=\"\" type=\"checkbox\" aria-label=\"Not done\">",
            }
            .into(),
        ),
        Event::Start(Tag::Table(a)) => {
            out.push(Event::Html("<div class=\"table-wrap\">".into()));
            Event::Start(Tag::Table(a))
        }
        Event::End(TagEnd::Table) => {
            out.push(Event::End(TagEnd::Table));
            Event::Html("</div>\n".into())
        }
        other => other,
    }
}

/// Ends a heading whose events were held back: gives its start the anchor
/// (the one the parse stage assigned, an explicit `{#id}`, or a new slug)
/// and appends its text and a "#" link to it.
fn close_heading<'a>(
    out: &mut Vec<Event<'a>>,
    pos: usize,
    inner: Vec<Event<'a>>,
    assigned: Option<String>,
    slugger: &mut Slugger,
) {
    let text: String = inner
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let explicit = match &out[pos] {
        Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
        _ => None,
    };
    let anchor = assigned
        .or(explicit)
        .unwrap_or_else(|| slugger.unique(markdown::slugify(&text)));
    if let Event::Start(Tag::Heading { id, .. }) = &mut out[pos] {
        *id = Some(CowStr::from(anchor.clone()));
    }
    out.extend(inner);
    out.push(Event::InlineHtml(
        format!(
            "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a>",
            escape(&anchor)
        )
        .into(),
    ));
}

fn push<'a>(
    out: &mut Vec<Event<'a>>,
    in_heading: &mut Option<(usize, Vec<Event<'a>>)>,
    ev: Event<'a>,
) {
    match in_heading {
        Some((_, inner)) if !matches!(ev, Event::Start(Tag::Heading { .. })) => inner.push(ev),
        _ => out.push(ev),
    }
}

/// Renders a short field (a criterion, a list item) without the wrapping
/// paragraph, so it can sit inside an `<li>` or a table cell.
pub(crate) fn render_inline(text: &str, r: &Reader, o: Html) -> String {
    let html = render(text, r, o, None);
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        if !inner.contains("<p>") {
            return inner.to_string();
        }
    }
    html
}

/// Markdown as plain text on one line: what it says, with references
/// written as their targets' titles and markup dropped (for structured
/// data and text to paste into a job advert).
pub(crate) fn plain(text: &str, r: &Reader) -> String {
    let mut out = String::new();
    let mut skip_label = false;
    for ev in Parser::new_ext(
        text,
        markdown::options(r.config().markdown.smart_punctuation),
    ) {
        match ev {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                skip_label = !has_pothole;
                if skip_label {
                    let title = r
                        .resolve(&dest_url)
                        .map_or_else(|_| dest_url.to_string(), |x| x.title);
                    out.push_str(&title);
                }
            }
            Event::End(TagEnd::Link) => skip_label = false,
            Event::Text(t) | Event::Code(t) if !skip_label => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
