//! A word-level diff of two texts (longest common subsequence over words),
//! for reworded criteria: what a reader needs is which words changed.

use serde::Serialize;

/// A run of words the two texts share, or that one of them has alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub(crate) enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// The pieces that turn `old` into `new`.
pub(crate) fn diff(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..]. Criteria
    // are a sentence or two, so the table stays small.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    let mut push = |p: Piece| {
        let merged = match (out.last_mut(), &p) {
            (Some(Piece::Same(x)), Piece::Same(y))
            | (Some(Piece::Removed(x)), Piece::Removed(y))
            | (Some(Piece::Added(x)), Piece::Added(y)) => {
                x.push(' ');
                x.push_str(y);
                true
            }
            _ => false,
        };
        if !merged {
            out.push(p);
        }
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(Piece::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removed words before added ones, as `git diff --word-diff`.
            push(Piece::Removed(a[i].to_string()));
            i += 1;
        } else {
            push(Piece::Added(b[j].to_string()));
            j += 1;
        }
    }
    out
}

/// The diff as text: `[-removed-]` and `{+added+}`, as `git diff
/// --word-diff` writes it.
pub(crate) fn plain(pieces: &[Piece]) -> String {
    let words: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            Piece::Same(s) => s.clone(),
            Piece::Removed(s) => format!("[-{s}-]"),
            Piece::Added(s) => format!("{{+{s}+}}"),
        })
        .collect();
    words.join(" ")
}

/// The diff as Markdown: ~~removed~~ and **added**.
pub(crate) fn markdown(pieces: &[Piece]) -> String {
    let words: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            Piece::Same(s) => super::report::md_escape(s),
            Piece::Removed(s) => format!("~~{}~~", super::report::md_escape(s)),
            Piece::Added(s) => format!("**{}**", super::report::md_escape(s)),
        })
        .collect();
    words.join(" ")
}

/// Lowercase words of three letters or more: what two criteria share.
pub(crate) fn content_words(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{diff, plain};

    #[test]
    fn words_changed_are_marked_and_runs_are_joined() {
        let d = diff(
            "Owns the design of a system",
            "Owns the design and operation of two systems",
        );
        assert_eq!(
            plain(&d),
            "Owns the design {+and operation+} of [-a system-] {+two systems+}"
        );
        assert_eq!(plain(&diff("same words", "same words")), "same words");
        assert_eq!(plain(&diff("", "new")), "{+new+}");
    }
}
