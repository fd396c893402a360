//! `[markdown] html = "sanitize"`: rendered Markdown cleaned to an
//! allow-list with ammonia, for wikis with many editors. What careerbook
//! itself writes into a body (heading anchors, highlighted code's classes,
//! table wrappers, task-list boxes, table alignment) passes; scripts, event
//! attributes, styles other than table alignment, frames, forms and links to
//! anything but web, mail and relative addresses do not.

use std::collections::HashSet;
use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            // Code blocks scroll sideways: keyboard users reach them.
            .add_tag_attributes("pre", ["tabindex"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .add_generic_attributes(["class", "id", "aria-label", "aria-hidden"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(None);
        b
    })
}

/// `html` with everything outside the allow-list removed.
pub(crate) fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn keeps_what_careerbook_writes() {
        for html in [
            "<h2 id=\"scope\">Scope<a class=\"anchor\" href=\"#scope\" aria-label=\"Link to this section\">#</a></h2>",
            "<pre class=\"code hl\" tabindex=\"0\"><code class=\"language-rust\"><span class=\"source rust\">fn</span></code></pre>",
            "<ul><li><input disabled=\"\" type=\"checkbox\"> task</li></ul>",
            "<p><a href=\"../levels/senior.html#scope\">Senior</a> and <a href=\"https://example.com\">a site</a></p>",
        ] {
            assert_eq!(clean(html), html);
        }
        // Table alignment is kept (written without the space).
        assert_eq!(
            clean("<table><thead><tr><th style=\"text-align: center\">a</th></tr></thead></table>"),
            "<table><thead><tr><th style=\"text-align:center\">a</th></tr></thead></table>"
        );
    }

    #[test]
    fn drops_what_could_run() {
        let dirty = "<p>a<script>alert(1)</script><img src=\"x\" onerror=\"alert(2)\"><a href=\"javascript:alert(3)\">b</a><iframe src=\"https://e.example\"></iframe><span style=\"position:fixed\">c</span></p>";
        assert_eq!(
            clean(dirty),
            "<p>a<img src=\"x\"><a>b</a><span>c</span></p>"
        );
    }
}
