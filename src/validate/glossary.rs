//! The framework's glossary (`[[glossary]]`): every term says something
//! searchable, once, and means something other than itself. Terms are
//! compared as search compares them (folded, split into words), so `EM`
//! and `em` are one term and `on-call` and `on call` are too.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::framework::GlossaryEntry;
use crate::search::tokenize;
use crate::source::SourceFile;

/// A glossary phrase as search sees it: its words, folded, space-separated.
fn key(text: &str) -> String {
    tokenize::terms(text).join(" ")
}

/// Points inside a quoted TOML string.
fn inside(d: Diagnostic, src: &SourceFile, s: &toml::Spanned<String>) -> Diagnostic {
    let span = s.span();
    d.at(src, span.start + 1, span.len().saturating_sub(2))
}

/// Checks every entry of the glossary.
pub(super) fn check(glossary: &[GlossaryEntry], src: &SourceFile, d: &mut Diagnostics) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for entry in glossary {
        let term = &entry.term;
        let term_key = key(term.get_ref());
        if term_key.is_empty() {
            d.push(
                inside(
                    Diagnostic::error(format!(
                        "glossary term `{}` has no letters or digits to search for",
                        term.get_ref()
                    )),
                    src,
                    term,
                )
                .hint("a term is a word, an abbreviation or a phrase, e.g. term = \"EM\""),
            );
            continue;
        }
        if let Some(first) = seen.insert(term_key.clone(), term.span().start) {
            d.push(
                inside(
                    Diagnostic::error(format!(
                        "glossary term `{}` is defined twice",
                        term.get_ref()
                    )),
                    src,
                    term,
                )
                .note("first defined here", src, first + 1)
                .hint("merge the two entries: one term, with every meaning in its `means` list"),
            );
        }
        if entry.means.is_empty() {
            d.push(
                inside(
                    Diagnostic::error(format!(
                        "glossary term `{}` means nothing",
                        term.get_ref()
                    )),
                    src,
                    term,
                )
                .hint("add what it stands for, e.g. means = [\"engineering manager\"]; several synonyms are allowed"),
            );
        }
        let mut meanings: HashMap<String, usize> = HashMap::new();
        for m in &entry.means {
            let m_key = key(m.get_ref());
            let problem = if m_key.is_empty() {
                Some((
                    format!("empty meaning for glossary term `{}`", term.get_ref()),
                    "write the words the term stands for, or remove the empty string".to_string(),
                ))
            } else if m_key == term_key {
                Some((
                    format!("glossary term `{}` means itself", term.get_ref()),
                    "list synonyms that are spelled differently; case and accents already match"
                        .to_string(),
                ))
            } else if meanings.insert(m_key, m.span().start).is_some() {
                Some((
                    format!(
                        "glossary term `{}` lists `{}` twice",
                        term.get_ref(),
                        m.get_ref()
                    ),
                    "list each meaning once".to_string(),
                ))
            } else {
                None
            };
            if let Some((message, hint)) = problem {
                d.push(inside(Diagnostic::error(message), src, m).hint(hint));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Framework;

    fn errors(toml_text: &str) -> Vec<String> {
        let fw: Framework = toml::from_str(toml_text).expect("valid TOML");
        let src = SourceFile::new(
            "framework.toml".into(),
            "content/framework.toml".into(),
            toml_text.to_string(),
        );
        let mut d = Diagnostics::new();
        check(&fw.glossary, &src, &mut d);
        d.iter().map(|x| x.render(false)).collect()
    }

    #[test]
    fn a_sound_glossary_passes() {
        let e = errors(
            "[[glossary]]\nterm = \"EM\"\nmeans = [\"engineering manager\"]\ndefinition = \"Runs *one* team.\"\n\n[[glossary]]\nterm = \"design doc\"\nmeans = [\"RFC\", \"technical design\"]\n",
        );
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn glossary_errors_are_located_with_a_hint() {
        let text = "[[glossary]]\nterm = \"EM\"\nmeans = [\"engineering manager\"]\n\n\
                    [[glossary]]\nterm = \"em\"\nmeans = [\"manager\"]\n\n\
                    [[glossary]]\nterm = \"  \"\nmeans = [\"x\"]\n\n\
                    [[glossary]]\nterm = \"IC\"\nmeans = [\"Ic\", \"\", \"individual contributor\", \"Individual Contributor\"]\n\n\
                    [[glossary]]\nterm = \"TL\"\n";
        let e = errors(text);
        let find = |needle: &str| -> &String {
            e.iter()
                .find(|x| x.contains(needle))
                .unwrap_or_else(|| panic!("no error with {needle:?} in {e:#?}"))
        };
        let twice = find("glossary term `em` is defined twice");
        assert!(twice.contains("content/framework.toml:6:9"), "{twice}");
        assert!(twice.contains("term = \"em\""), "the quoted line: {twice}");
        assert!(twice.contains("first defined here"), "{twice}");
        assert!(twice.contains("content/framework.toml:2:9"), "{twice}");
        assert!(twice.contains("merge the two entries"), "{twice}");
        let empty = find("glossary term `  ` has no letters or digits");
        assert!(empty.contains("content/framework.toml:10:9"), "{empty}");
        let itself = find("glossary term `IC` means itself");
        assert!(itself.contains("content/framework.toml:15:11"), "{itself}");
        let blank = find("empty meaning for glossary term `IC`");
        assert!(blank.contains("content/framework.toml:15:17"), "{blank}");
        find("glossary term `IC` lists `Individual Contributor` twice");
        let nothing = find("glossary term `TL` means nothing");
        assert!(nothing.contains("content/framework.toml:18:9"), "{nothing}");
        assert!(
            nothing.contains("means = [\"engineering manager\"]"),
            "{nothing}"
        );
        assert_eq!(e.len(), 6, "{e:#?}");
    }
}
