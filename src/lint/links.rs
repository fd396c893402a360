//! How the handbook's documents link and read: references whose shown text
//! doubles the word beside it ("the checklist checklist") or ends in
//! punctuation the sentence adds again ("...an API?."), documents nothing
//! links to, and documents of a kind that share a title (a file copied
//! under a new name, its title left as it was).

use std::collections::{HashMap, HashSet};

use super::{Finding, Kind as LintKind};
use crate::diagnostics::Diagnostic;
use crate::kinds::{with_kind, Kind};
use crate::model::{DocInfo, FrontMatter, Handbook, Resolver, Target};
use crate::source::SourceFile;

/// A reference as it sits in its sentence.
struct InContext<'a> {
    /// Byte range of the whole `[[...]]` in the file.
    start: usize,
    end: usize,
    /// The text the reference shows: its own, or the target's title.
    shown: String,
    src: &'a SourceFile,
}

/// Finds the `[[` … `]]` around a reference's target, and what it shows.
fn in_context<'a>(src: &'a SourceFile, offset: usize, shown_title: &str) -> Option<InContext<'a>> {
    let text = &src.text;
    let start = text.get(..offset)?.rfind("[[")?;
    let end = offset + text.get(offset..)?.find("]]")? + 2;
    let inner = text.get(start + 2..end - 2)?;
    let shown = match inner.split_once('|') {
        Some((_, label)) => label.trim().to_string(),
        None => shown_title.to_string(),
    };
    Some(InContext {
        start,
        end,
        shown,
        src,
    })
}

/// Points at a document's `title = ...` line (or its file, without one).
fn at_title(d: Diagnostic, src: &SourceFile) -> Diagnostic {
    let fm = src.front_matter_start();
    let held = src.held();
    let text = &held.text;
    let found = text.get(fm..).and_then(|rest| {
        let mut pos = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == "+++" {
                return None;
            }
            if line.starts_with("title") {
                return Some((fm + pos, line.trim_end().len()));
            }
            pos += line.len();
        }
        None
    });
    match found {
        Some((offset, len)) => d.at(src, offset, len),
        None => d.in_file(&src.display),
    }
}

/// The words of a text, lower-cased, letters and digits only.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl InContext<'_> {
    /// The word right before the reference on its line, and right after.
    fn neighbours(&self) -> (Option<String>, Option<String>) {
        let text = &self.src.text;
        let line_start = text[..self.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[self.end..]
            .find('\n')
            .map_or(text.len(), |i| self.end + i);
        let before = &text[line_start..self.start];
        let after = &text[self.end..line_end];
        // Only a word the reference touches (a space apart), not one across
        // a comma or a bracket.
        let touching_before = before.ends_with(' ')
            && !before
                .trim_end()
                .ends_with([',', ';', ':', '(', '—', '.', '?', '!']);
        let touching_after = after.starts_with(' ');
        (
            touching_before.then(|| words(before).pop()).flatten(),
            touching_after
                .then(|| words(after).into_iter().next())
                .flatten(),
        )
    }

    /// The punctuation right after the reference, when it doubles the
    /// shown text's own final mark.
    fn doubled_punctuation(&self) -> Option<(char, char)> {
        let last = self.shown.trim_end().chars().last()?;
        let next = self.src.text[self.end..].chars().next()?;
        let ends = ['.', '?', '!'];
        let follows = ['.', '?', '!', ',', ';', ':'];
        (ends.contains(&last) && follows.contains(&next)).then_some((last, next))
    }

    /// Whether a shown text that ends a sentence (a question's title) sits
    /// in the middle of one: the next word, on the same line, is lower case.
    fn ends_mid_sentence(&self) -> bool {
        let ends_sentence = self.shown.trim_end().ends_with(['.', '?', '!']);
        let rest = &self.src.text[self.end..];
        let next = rest.trim_start_matches(' ').chars().next();
        ends_sentence && rest.starts_with(' ') && next.is_some_and(char::is_lowercase)
    }
}

/// References whose shown text repeats the word next to them or whose final
/// punctuation the sentence doubles.
pub(super) fn reads_badly(hb: &Handbook, out: &mut Vec<Finding>) {
    let resolver = Resolver::new(hb);
    let infos = hb.doc_infos();
    for info in infos.iter().chain(hb.home_info().iter()) {
        if info.refs.is_empty() {
            continue;
        }
        // The text around each reference, read again if it was released.
        let src = info.src.held();
        for r in info.refs {
            let Ok(resolved) = resolver.resolve(&r.target, Some(info)) else {
                continue;
            };
            let Some(cx) = in_context(&src, r.offset, &resolved.title) else {
                continue;
            };
            let shown = words(&cx.shown);
            let (before, after) = cx.neighbours();
            let repeated = match (shown.first(), shown.last()) {
                (Some(first), _) if before.as_ref() == Some(first) => Some(first.clone()),
                (_, Some(last)) if after.as_ref() == Some(last) => Some(last.clone()),
                _ => None,
            };
            let problem = if let Some(word) = repeated {
                Some((
                    format!(" and repeats the word `{word}` beside it"),
                    "give the link its own words, `[[kind:id|text]]`, or drop the repeated word from the sentence",
                ))
            } else if cx.ends_mid_sentence() {
                Some((
                    ", a whole sentence, in the middle of a sentence".to_string(),
                    "give the link its own words, `[[kind:id|text]]`, or let it end the sentence",
                ))
            } else {
                cx.doubled_punctuation().map(|(own, next)| {
                    (
                        format!(", which ends in `{own}`, and the sentence adds `{next}`"),
                        "a title that is a whole sentence reads badly mid-sentence: give the link its own words, `[[kind:id|text]]`",
                    )
                })
            };
            if let Some((what, hint)) = problem {
                out.push(Finding {
                    kind: LintKind::ReadsBadly,
                    diagnostic: Diagnostic::warning(format!(
                        "this reference reads \"{}\"{what}",
                        cx.shown
                    ))
                    .at(cx.src, cx.start, cx.end - cx.start)
                    .hint(hint),
                });
            }
        }
    }
}

/// Documents (other than levels and families, which the ladder itself lists) that no
/// other document links to.
pub(super) fn unlinked(hb: &Handbook, out: &mut Vec<Finding>) {
    let infos = hb.doc_infos();
    let mut linked: HashSet<(Kind, &str)> = HashSet::new();
    let resolver = Resolver::new(hb);
    for info in infos.iter().chain(hb.home_info().iter()) {
        for r in info.refs {
            if let Ok(res) = resolver.resolve(&r.target, Some(info)) {
                if let Target::Item(kind, id) = res.target {
                    if !(kind == info.kind && id == info.id) {
                        linked.insert((kind, id));
                    }
                }
            }
        }
    }
    for info in &infos {
        if matches!(info.kind, Kind::Level | Kind::Family) || linked.contains(&(info.kind, info.id))
        {
            continue;
        }
        out.push(Finding {
            kind: LintKind::Unlinked,
            diagnostic: at_title(
                Diagnostic::warning(format!(
                    "no page links to {} `{}`",
                    info.kind.name(),
                    info.id
                )),
                info.src,
            )
            .hint(format!(
                "link it from a level or guide where it belongs: [[{}:{}]]",
                info.kind.name(),
                info.id
            )),
        });
    }
}

/// Two documents of one kind with the same title show twice in lists and
/// the sidebar, with nothing to tell them apart.
pub(super) fn same_titles(hb: &Handbook, out: &mut Vec<Finding>) {
    for &kind in Kind::ALL {
        with_kind!(kind, |K| {
            let mut seen: HashMap<String, &DocInfo> = HashMap::new();
            let docs = K::docs(&hb.items);
            let infos: Vec<DocInfo> = docs.iter().map(|d| DocInfo::of(kind, d)).collect();
            for (info, d) in infos.iter().zip(docs) {
                let key = words(d.meta.title()).join(" ");
                match seen.get(&key) {
                    Some(first) => out.push(Finding {
                        kind: LintKind::SameTitle,
                        diagnostic: at_title(
                            Diagnostic::warning(format!(
                                "{} `{}`{} has the same title as `{}`{} ({}): \"{}\"",
                                kind.name(),
                                info.id,
                                family_rank(hb, kind, info.id),
                                first.id,
                                family_rank(hb, kind, first.id),
                                first.src.display,
                                d.meta.title()
                            )),
                            info.src,
                        )
                        .note("the other one", first.src, first.src.front_matter_start())
                        .hint("a copied file keeps its title: retitle one, or remove the copy"),
                    }),
                    None => {
                        seen.insert(key, info);
                    }
                }
            }
        });
    }
}

/// For a level of a handbook with families: " (family `x`, rank N)", so two
/// families' levels that share a name say whether they share a rank too.
fn family_rank(hb: &Handbook, kind: Kind, id: &str) -> String {
    if kind != Kind::Level || !hb.families.declared() {
        return String::new();
    }
    let Some(f) = hb.families.of(id) else {
        return String::new();
    };
    match f.tracks_of(id).map(|(_, pos)| pos + 1).min() {
        Some(rank) => format!(" (family `{}`, rank {rank})", f.id),
        None => format!(" (family `{}`)", f.id),
    }
}
