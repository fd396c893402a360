//! How text becomes search terms. The browser runs the same algorithm
//! (`themes/default/static/search.js`, `tokenize`); the two must agree term
//! for term, which a browser test checks on shared samples.
//!
//! 1. NFKD-decompose and drop combining marks, so `résumé` is `resume`;
//!    then lower-case the whole string (final sigma handled as in JS).
//! 2. Runs of letters and digits are words.
//! 3. Han, Hiragana, Katakana and Hangul have no spaces between words: each
//!    character is a term, and so is each pair of neighbours, so a word of
//!    any length is found by its pairs.

use unicode_normalization::char::is_combining_mark;

/// Folds accents and case: the form every term is compared in.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut ascii = true;
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            ascii = false;
            // Only non-ASCII characters can decompose; ASCII text (most of
            // an English handbook) skips normalization entirely.
            unicode_normalization::char::decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            });
        }
    }
    if ascii {
        out.make_ascii_lowercase();
        out
    } else {
        // Whole-string lowering, as JavaScript's toLowerCase does (final sigma).
        out.to_lowercase()
    }
}

/// Scripts written without spaces, indexed by character pairs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // Compatibility Ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0x1100..=0x11FF // Hangul Jamo
        | 0x20000..=0x2FA1F)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Terms of already-folded text, in order, with repeats, as slices of it.
pub fn for_each_term<'a>(folded: &'a str, mut f: impl FnMut(&'a str)) {
    let mut word_start: Option<usize> = None;
    let mut prev_cjk: Option<usize> = None;
    for (i, c) in folded.char_indices() {
        let end = i + c.len_utf8();
        if is_cjk(c) {
            if let Some(s) = word_start.take() {
                f(&folded[s..i]);
            }
            f(&folded[i..end]);
            if let Some(p) = prev_cjk {
                f(&folded[p..end]);
            }
            prev_cjk = Some(i);
            continue;
        }
        prev_cjk = None;
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else if let Some(s) = word_start.take() {
            f(&folded[s..i]);
        }
    }
    if let Some(s) = word_start {
        f(&folded[s..]);
    }
}

/// Terms of already-folded text, in order, with repeats.
pub fn terms_of_folded(folded: &str, out: &mut Vec<String>) {
    for_each_term(folded, |t| out.push(t.to_string()));
}

/// All terms of `text`.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    terms_of_folded(&fold(text), &mut out);
    out
}

/// Words too common to be worth indexing, per language. An empty list for
/// languages we have none for: everything is indexed.
pub fn stop_words(language: &str) -> &'static [&'static str] {
    if language == "en" || language.starts_with("en-") {
        &[
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have",
            "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "so", "that", "the",
            "their", "then", "there", "these", "they", "this", "to", "was", "we", "were", "will",
            "with",
        ]
    } else {
        &[]
    }
}

/// The shard a term lives in: its first two characters, spelled so any
/// file system accepts them (ASCII letters and digits as they are, anything
/// else as `_` and its code point in hex).
pub fn shard_key(term: &str) -> String {
    let mut key = String::new();
    for c in term.chars().take(2) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            key.push(c);
        } else {
            key.push_str(&format!("_{:x}", c as u32));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(terms("Résumé, NAÏVE café"), ["resume", "naive", "cafe"]);
        assert_eq!(terms("Straße ﬁle"), ["straße", "file"]);
    }

    #[test]
    fn splits_on_punctuation() {
        assert_eq!(
            terms("glue-work: don't (10x)"),
            ["glue", "work", "don", "t", "10x"]
        );
    }

    #[test]
    fn cjk_becomes_characters_and_pairs() {
        assert_eq!(
            terms("面接の準備"),
            ["面", "接", "面接", "の", "接の", "準", "の準", "備", "準備"]
        );
        assert_eq!(terms("staff面接"), ["staff", "面", "接", "面接"]);
    }

    #[test]
    fn shard_keys_are_file_safe() {
        assert_eq!(shard_key("negotiation"), "ne");
        assert_eq!(shard_key("x"), "x");
        assert_eq!(shard_key("面接"), "_9762_63a5");
        assert_eq!(shard_key("ça"), "_e7a");
    }
}
