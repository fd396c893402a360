//! Markdown to HTML: pulldown-cmark's events, with cross-references resolved
//! to relative links, heading anchors matching the parse stage's, code
//! highlighted, and tables wrapped so they scroll on a phone.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::markdown::{self, Slugger};
use crate::model::{Handbook, Heading, Index, Kind, RefTarget};
use crate::render::escape;

/// What rendering one page's Markdown needs to know.
#[derive(Clone, Copy)]
pub struct MdContext<'a> {
    pub hb: &'a Handbook,
    pub index: &'a Index<'a>,
    /// Relative path from the page to the site root ("" or "../").
    pub root: &'a str,
    pub smart: bool,
    pub highlight: bool,
}

/// A resolved cross-reference: relative URL and a title to show.
pub fn resolve(cx: &MdContext, target: &str) -> Option<(String, String)> {
    let t = RefTarget::parse(target);
    let anchor = t.anchor.map(|a| format!("#{a}")).unwrap_or_default();
    let Some(kind_name) = t.kind else {
        return Some((anchor, t.anchor.unwrap_or("").to_string()));
    };
    match kind_name {
        "dimension" => {
            let d = cx.index.dimensions.get(t.id)?;
            Some((
                format!("{}matrix.html#dim-{}", cx.root, t.id),
                d.name.clone(),
            ))
        }
        "criterion" => {
            let (level, _) = cx.index.criteria.get(t.id)?;
            let title = cx.hb.level(level).map_or("", |l| l.title());
            Some((
                format!("{}{}#{}", cx.root, Kind::Level.url(level), t.id),
                format!("{title}: {}", t.id),
            ))
        }
        _ => {
            let kind = Kind::from_name(kind_name)?;
            let item = cx.index.items.get(&(kind, t.id))?;
            let mut title = item.title.to_string();
            if let Some(a) = t.anchor {
                if let Some(h) = item.headings.iter().find(|h| h.id == a) {
                    title = format!("{title} § {}", h.text);
                } else if let Some(d) = cx.index.dimensions.get(a) {
                    title = format!("{title}: {}", d.name);
                }
            }
            Some((format!("{}{}{}", cx.root, kind.url(t.id), anchor), title))
        }
    }
}

/// Renders a Markdown document. `headings` are the anchors the parse stage
/// assigned, used in order so links checked at parse time land exactly.
pub fn render(text: &str, cx: &MdContext, headings: Option<&[Heading]>) -> String {
    let parser = Parser::new_ext(text, markdown::options(cx.smart));
    let mut out: Vec<Event> = Vec::new();
    let mut slugger = Slugger::default();
    let mut heading_no = 0usize;
    let mut in_heading: Option<(usize, Vec<Event>)> = None;
    let mut code: Option<(String, String)> = None;
    // Inside an un-piped wiki link, the label text is replaced by the title.
    let mut skip_label = false;

    for ev in parser {
        if let Some((lang, buf)) = code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = crate::render::highlight::code_block(buf, lang, cx.highlight);
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
                    resolve(cx, &dest_url).unwrap_or_else(|| (String::new(), dest_url.to_string()));
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
                    let text: String = inner
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let assigned = headings
                        .and_then(|h| h.get(heading_no))
                        .map(|h| h.id.clone());
                    heading_no += 1;
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
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Table(a)) => {
                out.push(Event::Html("<div class=\"table-wrap\">".into()));
                Event::Start(Tag::Table(a))
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                Event::Html("</div>\n".into())
            }
            other => other,
        };
        push(&mut out, &mut in_heading, ev);
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    html
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
pub fn render_inline(text: &str, cx: &MdContext) -> String {
    let html = render(text, cx, None);
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
