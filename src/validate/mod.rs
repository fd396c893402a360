//! The validate stage: checks how the loaded documents fit together. Ids
//! are unique and well formed, the framework is sound, each kind's own
//! checks pass (see `ItemKind::check`), and every cross-reference
//! resolves. Reports every problem it finds; changes nothing, reads no
//! file and renders nothing.

mod glossary;
mod markup;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds::{bad_id, unknown, with_kind, Checks, Kind, Stored};
use crate::markdown::is_valid_id;
use crate::model::{Derived, Doc, DocInfo, Framework, FrontMatter, Handbook, Resolver, XRef};
use crate::source::SourceFile;

/// Validates the whole handbook.
pub(crate) fn validate(hb: &Handbook) -> Diagnostics {
    let mut d = Diagnostics::new();
    framework(hb, &mut d);
    ids(hb, &mut d);
    for &kind in Kind::ALL {
        with_kind!(kind, |K| K::check_all(hb, &mut d));
    }
    let cx = Checks::new(hb);
    for &kind in Kind::ALL {
        with_kind!(kind, |K| for doc in K::docs(&hb.items) {
            K::check(&cx, doc, &mut d);
        });
    }
    cross_references(hb, &mut d);
    markup::check(hb, &mut d);
    d.sort();
    d
}

/// Validates one document after an edit that changed nothing other
/// documents can see (its id, title, headings and anchors are as before,
/// and it is not a level, whose criteria others cite): only its own checks
/// and references can have changed.
pub(crate) fn validate_doc<K: Stored>(
    hb: &Handbook,
    derived: &Derived,
    doc: &Doc<K::Meta>,
) -> Diagnostics {
    let mut d = Diagnostics::new();
    K::check(&Checks::with_index(hb, &derived.index), doc, &mut d);
    markup::check_doc(hb, doc, &mut d);
    let info = DocInfo::of(K::KIND, doc);
    for r in info.refs {
        if let Some(diag) = resolve_error(&derived.resolver, &info, r) {
            d.push(diag);
        }
    }
    d.sort();
    d
}

/// Each dimension's tiers name steps of the scale, once each.
fn tiers(fw: &Framework, src: &SourceFile, d: &mut Diagnostics) {
    let scale = &fw.framework.proficiency;
    for dim in &fw.dimensions {
        let mut seen = HashSet::new();
        for t in &dim.tiers {
            let p = &t.proficiency;
            let s = p.span();
            if scale.is_empty() {
                d.push(
                    Diagnostic::error(format!(
                        "tier `{}` of `{}`, but the framework declares no proficiency scale",
                        p.get_ref(),
                        dim.id.get_ref()
                    ))
                    .at(src, s.start + 1, s.len().saturating_sub(2))
                    .hint("declare the scale under [framework], lowest first: proficiency = [\"Beginner\", \"Intermediate\", ...]"),
                );
            } else if fw.proficiency_rank(p.get_ref()).is_none() {
                d.push(unknown(
                    "proficiency level",
                    p,
                    src,
                    scale.iter().map(|x| x.get_ref().as_str()),
                ));
            } else if !seen.insert(p.get_ref()) {
                d.push(
                    Diagnostic::error(format!(
                        "dimension `{}` has two `{}` tiers",
                        dim.id.get_ref(),
                        p.get_ref()
                    ))
                    .at(src, s.start + 1, s.len().saturating_sub(2))
                    .hint("merge their criteria into one [[dimensions.tiers]] table"),
                );
            }
        }
    }
}

fn framework(hb: &Handbook, d: &mut Diagnostics) {
    let src = &hb.framework_src;
    let fw = &hb.framework;
    let dup = |what: &str, ids: Vec<&toml::Spanned<String>>, d: &mut Diagnostics| {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for id in ids {
            let s = id.span();
            if !is_valid_id(id.get_ref()) {
                d.push(bad_id(what, id.get_ref()).at(src, s.start + 1, s.len().saturating_sub(2)));
            }
            if let Some(first) = seen.insert(id.get_ref(), s.start) {
                d.push(
                    Diagnostic::error(format!("duplicate {what} id `{}`", id.get_ref()))
                        .at(src, s.start + 1, s.len().saturating_sub(2))
                        .note("first defined here", src, first + 1)
                        .hint(format!("each {what} needs its own id")),
                );
            }
        }
    };
    dup(
        "dimension",
        fw.dimensions.iter().map(|x| &x.id).collect(),
        d,
    );
    dup("track", fw.tracks.iter().map(|x| &x.id).collect(), d);
    dup(
        "criterion",
        fw.tier_criteria().map(|(_, _, c)| &c.id).collect(),
        d,
    );
    tiers(fw, src, d);
    dup("round", fw.rounds.iter().map(|x| &x.id).collect(), d);
    let dims = || fw.dimensions.iter().map(|x| x.id.get_ref().as_str());
    for dim in fw.rounds.iter().flat_map(|r| &r.dimensions) {
        if !dims().any(|x| x == dim.get_ref()) {
            d.push(unknown("dimension", dim, src, dims()));
        }
    }
    glossary::check(&fw.glossary, src, d);
    let mut scale: HashMap<&str, usize> = HashMap::new();
    for p in &fw.framework.proficiency {
        let s = p.span();
        let name = p.get_ref().trim();
        if name.is_empty() {
            d.push(
                Diagnostic::error("empty name in the proficiency scale")
                    .at(src, s.start, s.len())
                    .hint("give every step of the scale a name, lowest first, e.g. proficiency = [\"Awareness\", \"Working\", \"Practitioner\", \"Expert\"]"),
            );
        } else if let Some(first) = scale.insert(p.get_ref(), s.start) {
            d.push(
                Diagnostic::error(format!("`{}` appears twice in the proficiency scale", p.get_ref()))
                    .at(src, s.start + 1, s.len().saturating_sub(2))
                    .note("first listed here", src, first + 1)
                    .hint("each step of the scale has its own name; the order of the list is the order of the scale"),
            );
        }
    }
    if fw.dimensions.is_empty() {
        d.push(
            Diagnostic::error("the framework declares no dimensions")
                .in_file(&src.display)
                .hint("add at least one [[dimensions]] table with id, name and question"),
        );
    }
    let level_ids: Vec<&str> = hb.levels().iter().map(|l| l.id.as_str()).collect();
    for t in &fw.tracks {
        if t.levels.is_empty() {
            let s = t.id.span();
            d.push(
                Diagnostic::error(format!("track `{}` lists no levels", t.id.get_ref()))
                    .at(src, s.start, s.len())
                    .hint("add levels = [\"...\"], lowest first"),
            );
        }
        let mut seen = HashSet::new();
        for l in &t.levels {
            if !level_ids.contains(&l.get_ref().as_str()) {
                d.push(
                    unknown("level", l, src, level_ids.iter().copied()).hint(format!(
                        "each level needs a file content/levels/{}.md (or fix the id)",
                        l.get_ref()
                    )),
                );
            }
            if !seen.insert(l.get_ref()) {
                let s = l.span();
                d.push(
                    Diagnostic::error(format!(
                        "level `{}` appears twice in track `{}`",
                        l.get_ref(),
                        t.id.get_ref()
                    ))
                    .at(src, s.start + 1, s.len().saturating_sub(2))
                    .hint("a track lists each level once, lowest first"),
                );
            }
        }
    }
}

/// Ids must be well formed and unique within their kind.
fn ids(hb: &Handbook, d: &mut Diagnostics) {
    fn check<F: FrontMatter>(kind: Kind, docs: &[Arc<Doc<F>>], d: &mut Diagnostics) {
        // Where to point for a doc's id: the `id` field if set, else the file.
        let at = |doc: &Doc<F>, diag: Diagnostic| match doc.meta.explicit_id() {
            Some(id) => diag.at(
                &doc.src,
                doc.src.front_matter_start() + id.span().start + 1,
                id.span().len().saturating_sub(2),
            ),
            None => diag.in_file(&doc.src.display),
        };
        let mut seen: HashMap<&str, &Doc<F>> = HashMap::new();
        for doc in docs.iter().map(|d| &**d) {
            if !is_valid_id(&doc.id) {
                d.push(at(doc, bad_id(kind.name(), &doc.id)).hint(
                    "rename the file, or set id = \"...\" in the front matter: lowercase letters, digits, `-` and `_`",
                ));
            }
            if let Some(first) = seen.insert(&doc.id, doc) {
                // Blame the file that set a colliding id on purpose, if one did.
                let (dup, first) =
                    if doc.meta.explicit_id().is_none() && first.meta.explicit_id().is_some() {
                        (first, doc)
                    } else {
                        (doc, first)
                    };
                let mut diag = at(
                    dup,
                    Diagnostic::error(format!("duplicate {} id `{}`", kind.name(), doc.id)),
                )
                .hint(format!(
                    "{} ids must be unique; rename one file or set a different id",
                    kind.name()
                ));
                diag.notes.push((
                    "first defined here".into(),
                    crate::diagnostics::Location {
                        file: first.src.display.clone(),
                        line: 0,
                        column: 0,
                        width: 0,
                        line_text: None,
                    },
                ));
                d.push(diag);
            }
        }
    }
    for &kind in Kind::ALL {
        with_kind!(kind, |K| check(kind, K::docs(&hb.items), d));
    }
}

/// Every `[[kind:id#anchor]]` must resolve.
fn cross_references(hb: &Handbook, d: &mut Diagnostics) {
    let resolver = Resolver::new(hb);
    let infos = hb.doc_infos();
    for it in infos.iter().chain(hb.home_info().iter()) {
        for r in it.refs {
            if let Some(diag) = resolve_error(&resolver, it, r) {
                d.push(diag);
            }
        }
    }
}

fn resolve_error(resolver: &Resolver, from: &DocInfo, r: &XRef) -> Option<Diagnostic> {
    let e = resolver.resolve(&r.target, Some(from)).err()?;
    Some(
        Diagnostic::error(e.message)
            .at(from.src, r.offset, r.target.len())
            .hint(e.hint),
    )
}
