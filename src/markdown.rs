//! Markdown conventions shared by the parse and render stages: the parser
//! options and how heading anchors are made, so that an anchor checked at
//! parse time is exactly the one the renderer emits.

use std::collections::HashMap;

use pulldown_cmark::Options;

pub(crate) fn options(smart_punctuation: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Anchor text for a heading: lower case, letters and digits of any script
/// kept, every other run of characters turned into a single `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// An id suitable for a file name and URL: ASCII letters, digits and `-`.
/// Accents are dropped rather than treated as separators (`Rôle` is `role`).
pub(crate) fn slugify_id(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Hands out unique anchors within one page: a repeated heading gets `-1`,
/// `-2`, ... Ids the page template uses itself are reserved up front.
#[derive(Debug, Default, Clone)]
pub(crate) struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    pub(crate) fn reserve(&mut self, id: &str) {
        self.seen.entry(id.to_string()).or_insert(0);
    }

    pub(crate) fn unique(&mut self, base: String) -> String {
        let Some(&start) = self.seen.get(&base) else {
            self.seen.insert(base.clone(), 0);
            return base;
        };
        let mut n = start;
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(base, n);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Make it visible!"), "make-it-visible");
        assert_eq!(
            slugify("  What changes -- at this level? "),
            "what-changes-at-this-level"
        );
        assert_eq!(slugify("Résumé tips"), "résumé-tips");
        assert_eq!(slugify("面接の準備"), "面接の準備");
        assert_eq!(slugify("!!!"), "section");
        assert_eq!(slugify_id("The 10x Hero!"), "the-10x-hero");
        assert_eq!(slugify_id("Résumé rôle"), "resume-role");
    }

    #[test]
    fn slugger_dedupes() {
        let mut s = Slugger::default();
        s.reserve("scope");
        assert_eq!(s.unique("scope".into()), "scope-1");
        assert_eq!(s.unique("notes".into()), "notes");
        assert_eq!(s.unique("notes".into()), "notes-1");
    }
}
