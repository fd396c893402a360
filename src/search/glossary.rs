//! The framework's glossary as the browser's search reads it: part of
//! `search/manifest.js`, so it costs no request of its own, as
//! `[[term, [meaning, ...], definition], ...]` with the definition as plain
//! text. `search.js` folds and splits terms and meanings as it does
//! queries, expands a query's glossary terms to their meanings (and
//! meanings back to their terms) and never corrects a glossary term as a
//! typo.

use pulldown_cmark::{Event, Parser, TagEnd};

use crate::html::push_js_string;
use crate::markdown;
use crate::model::framework::GlossaryEntry;

/// The glossary as a JavaScript array.
pub(super) fn js(glossary: &[GlossaryEntry]) -> String {
    let mut js = String::from("[");
    for (i, g) in glossary.iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        js.push('[');
        push_js_string(&mut js, g.term.get_ref().trim());
        js.push_str(",[");
        for (j, m) in g.means.iter().enumerate() {
            if j > 0 {
                js.push(',');
            }
            push_js_string(&mut js, m.get_ref().trim());
        }
        js.push_str("],");
        push_js_string(&mut js, &plain_text(&g.definition));
        js.push(']');
    }
    js.push(']');
    js
}

/// Markdown as the words a reader sees, on one line.
fn plain_text(md: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(md, markdown::options(false)) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_is_a_safe_js_array_with_plain_definitions() {
        let fw: crate::model::Framework = toml::from_str(
            "[[glossary]]\nterm = \" EM \"\nmeans = [\"engineering manager\", \"people manager\"]\ndefinition = \"Runs **one** team.\\n`</script>` <b>raw</b>\"\n\n[[glossary]]\nterm = \"IC\"\nmeans = [\"individual contributor\"]\n",
        )
        .expect("toml");
        assert_eq!(
            js(&fw.glossary),
            "[[\"EM\",[\"engineering manager\",\"people manager\"],\"Runs one team. \\u003c/script> raw\"],[\"IC\",[\"individual contributor\"],\"\"]]"
        );
    }
}
