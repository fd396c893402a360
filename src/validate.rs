//! The validate stage: checks how the loaded items fit together. Ids are
//! unique and well formed, every level has an expectation for every
//! dimension, tracks name real levels, and every cross-reference resolves.
//! Reports every problem it finds; changes nothing.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::markdown::is_valid_id;
use crate::model::*;
use crate::source::SourceFile;

pub fn validate(hb: &Handbook) -> Diagnostics {
    let mut d = Diagnostics::new();
    framework(hb, &mut d);
    ids(hb, &mut d);
    levels(hb, &mut d);
    let known = Known::new(hb);
    for kind in Kind::ALL {
        for i in 0..hb.count(kind) {
            doc_checks(hb, &known, kind, i, &mut d);
        }
    }
    cross_references(hb, &mut d);
    d.sort();
    d
}

/// Validates one document after an edit that changed nothing other
/// documents can see (its id, title, headings and anchors are as before):
/// only its own checks and references can have changed. Levels feed the
/// framework-wide checks, so a level gets the full validation.
pub fn validate_doc(hb: &Handbook, kind: Kind, i: usize) -> Diagnostics {
    if kind == Kind::Level {
        return validate(hb);
    }
    let mut d = Diagnostics::new();
    doc_checks(hb, &Known::new(hb), kind, i, &mut d);
    let idx = Index::new(hb);
    if let Some(it) = hb.items().into_iter().filter(|it| it.kind == kind).nth(i) {
        for r in it.refs {
            if let Some(diag) = resolve_error(&idx, &it, r) {
                d.push(diag);
            }
        }
    }
    d.sort();
    d
}

/// Ids other documents may name, gathered once per validation.
struct Known<'a> {
    levels: HashSet<&'a str>,
    parts: HashSet<&'a str>,
}

impl<'a> Known<'a> {
    fn new(hb: &'a Handbook) -> Known<'a> {
        Known {
            levels: hb.levels.iter().map(|l| l.id.as_str()).collect(),
            parts: hb
                .guides
                .iter()
                .filter(|g| g.is_part)
                .map(|g| g.id.as_str())
                .collect(),
        }
    }
}

/// The checks that concern one document alone.
fn doc_checks(hb: &Handbook, known: &Known, kind: Kind, i: usize, d: &mut Diagnostics) {
    let level_list = || hb.levels.iter().map(|l| l.id.as_str());
    let check_levels = |d: &mut Diagnostics, src: &SourceFile, refs: &[toml::Spanned<String>]| {
        for r in refs {
            if !known.levels.contains(r.get_ref().as_str()) {
                d.push(unknown("level", r, src, level_list()));
            }
        }
    };
    match kind {
        Kind::Level => {}
        Kind::Question => {
            let q = &hb.questions[i];
            check_levels(d, &q.src, &q.meta.levels);
            if hb.framework.round(q.meta.round.get_ref()).is_none() {
                d.push(
                    unknown(
                        "round",
                        &q.meta.round,
                        &q.src,
                        hb.framework.rounds.iter().map(|r| r.id.get_ref().as_str()),
                    )
                    .hint(round_hint(hb, q.meta.round.get_ref())),
                );
            }
            for a in &q.meta.answers {
                if let Some(l) = &a.level {
                    check_levels(d, &q.src, std::slice::from_ref(l));
                }
            }
        }
        Kind::AntiPattern => {
            let a = &hb.anti_patterns[i];
            check_levels(d, &a.src, &a.meta.levels);
        }
        Kind::Exercise => {
            let e = &hb.exercises[i];
            check_levels(d, &e.src, &e.meta.levels);
            if let Some(r) = &e.meta.rubric {
                rubric(&e.src, r, d);
            }
        }
        Kind::Checklist => {
            let c = &hb.checklists[i];
            for g in &c.meta.groups {
                if g.items.get_ref().is_empty() {
                    let s = g.items.span();
                    d.push(
                        Diagnostic::error(format!("checklist group `{}` has no items", g.name))
                            .at(&c.src, c.src.front_matter_start() + s.start, s.len())
                            .hint("add items = [\"...\"] or remove the group"),
                    );
                }
            }
        }
        Kind::Guide => {
            let g = &hb.guides[i];
            if let Some(part) = &g.part {
                if !known.parts.contains(part.as_str()) {
                    d.push(
                        Diagnostic::error(format!("guide part `{part}/` has no index.md"))
                            .in_file(&g.src.display)
                            .hint(format!("add content/guides/{part}/index.md with a title and summary for the part")),
                    );
                }
            }
        }
    }
}

fn round_hint(hb: &Handbook, _round: &str) -> String {
    if hb.framework.rounds.is_empty() {
        "declare interview rounds in content/framework.toml as [[rounds]] tables".into()
    } else {
        format!(
            "rounds are declared in content/framework.toml: {}",
            hb.framework
                .rounds
                .iter()
                .map(|r| r.id.get_ref().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// A diagnostic for a reference to something that does not exist.
fn unknown<'a>(
    what: &str,
    r: &toml::Spanned<String>,
    src: &SourceFile,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let base = if src.display.ends_with(".toml") {
        0
    } else {
        src.front_matter_start()
    };
    let span = r.span();
    // Point inside the quotes.
    let d = Diagnostic::error(format!("unknown {what} `{}`", r.get_ref())).at(
        src,
        base + span.start + 1,
        span.len().saturating_sub(2),
    );
    let candidates: Vec<&str> = candidates.into_iter().collect();
    match did_you_mean(r.get_ref(), candidates.iter().copied()) {
        Some(best) => d.hint(format!("did you mean `{best}`?")),
        None if candidates.is_empty() => d.hint(format!("no {what} is defined yet")),
        None => d.hint(format!("known {what}s: {}", abbreviated(&candidates))),
    }
}

fn abbreviated(list: &[&str]) -> String {
    if list.len() <= 12 {
        list.join(", ")
    } else {
        format!("{}, ... ({} in all)", list[..12].join(", "), list.len())
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
    dup("round", fw.rounds.iter().map(|x| &x.id).collect(), d);
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
    let level_ids: Vec<&str> = hb.levels.iter().map(|l| l.id.as_str()).collect();
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

fn bad_id(what: &str, id: &str) -> Diagnostic {
    Diagnostic::error(format!("invalid {what} id `{id}`"))
        .hint("ids are used in URLs: lowercase letters, digits, `-` and `_`, not starting with `-`")
}

/// Ids must be well formed and unique within their kind.
fn ids(hb: &Handbook, d: &mut Diagnostics) {
    fn check<F: FrontMatter>(kind: Kind, docs: &[Doc<F>], d: &mut Diagnostics) {
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
        for doc in docs {
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
    check(Kind::Level, &hb.levels, d);
    check(Kind::Question, &hb.questions, d);
    check(Kind::AntiPattern, &hb.anti_patterns, d);
    check(Kind::Exercise, &hb.exercises, d);
    check(Kind::Checklist, &hb.checklists, d);
    check(Kind::Guide, &hb.guides, d);
}

fn levels(hb: &Handbook, d: &mut Diagnostics) {
    let fw = &hb.framework;
    let dim_ids: Vec<&str> = fw
        .dimensions
        .iter()
        .map(|x| x.id.get_ref().as_str())
        .collect();
    let level_ids: Vec<&str> = hb.levels.iter().map(|l| l.id.as_str()).collect();
    // criterion id -> (level id, file, offset)
    let mut criteria: HashMap<&str, (&str, &SourceFile, usize)> = HashMap::new();
    for l in &hb.levels {
        let base = l.src.front_matter_start();
        for (dim, e) in &l.meta.expectations {
            if !dim_ids.contains(&dim.get_ref().as_str()) {
                let s = dim.span();
                let mut diag = Diagnostic::error(format!("unknown dimension `{}`", dim.get_ref()))
                    .at(&l.src, base + s.start, s.len());
                diag = match did_you_mean(dim.get_ref(), dim_ids.iter().copied()) {
                    Some(best) => diag.hint(format!("did you mean `{best}`?")),
                    None => diag.hint(format!(
                        "dimensions are declared in content/framework.toml: {}",
                        dim_ids.join(", ")
                    )),
                };
                d.push(diag);
            }
            if let Some(p) = &e.proficiency {
                proficiency(hb, &l.src, p, d);
            }
            for c in &e.criteria {
                let s = c.id.span();
                let (off, len) = (base + s.start + 1, s.len().saturating_sub(2));
                if !is_valid_id(c.id.get_ref()) {
                    d.push(bad_id("criterion", c.id.get_ref()).at(&l.src, off, len));
                }
                if let Some(&(_, first_src, first_off)) = criteria.get(c.id.get_ref().as_str()) {
                    // The first definition stays in the map so `strengthens`
                    // checks do not cascade from a duplicate.
                    d.push(
                        Diagnostic::error(format!("duplicate criterion id `{}`", c.id.get_ref()))
                            .at(&l.src, off, len)
                            .note("first defined here", first_src, first_off)
                            .hint("criterion ids are unique across the whole framework so they can be cited; rename one"),
                    );
                } else {
                    criteria.insert(c.id.get_ref(), (&l.id, &l.src, off));
                }
            }
        }
        let missing: Vec<&str> = dim_ids
            .iter()
            .copied()
            .filter(|dim| !l.meta.expectations.keys().any(|k| k.get_ref() == dim))
            .collect();
        if !missing.is_empty() {
            d.push(
                Diagnostic::error(format!(
                    "level `{}` has no expectation for {}",
                    l.id,
                    missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                ))
                .at(&l.src, base.saturating_sub(4), 3)
                .hint(format!(
                    "every level states what it expects on every dimension: add [expectations.{}] with a statement",
                    missing[0]
                )),
            );
        }
        let on_track = fw.tracks_of(&l.id).next().is_some();
        if !l.meta.role && !on_track {
            d.push(
                Diagnostic::error(format!("level `{}` is on no track", l.id))
                    .in_file(&l.src.display)
                    .hint(format!(
                        "add \"{}\" to a track's levels in content/framework.toml, or set role = true for a role such as tech lead",
                        l.id
                    )),
            );
        }
        for a in &l.meta.alongside {
            if !level_ids.contains(&a.get_ref().as_str()) {
                d.push(unknown("level", a, &l.src, level_ids.iter().copied()));
            }
        }
    }
    // `strengthens` must name a criterion that exists, at another level.
    for l in &hb.levels {
        let base = l.src.front_matter_start();
        for e in l.meta.expectations.values() {
            for c in &e.criteria {
                let Some(s) = &c.strengthens else { continue };
                let span = s.span();
                match criteria.get(s.get_ref().as_str()) {
                    None => {
                        let mut diag = Diagnostic::error(format!("unknown criterion `{}`", s.get_ref()))
                            .at(&l.src, base + span.start + 1, span.len().saturating_sub(2));
                        if let Some(best) = did_you_mean(s.get_ref(), criteria.keys().copied()) {
                            diag = diag.hint(format!("did you mean `{best}`?"));
                        } else {
                            diag = diag.hint("`strengthens` names the id of a criterion at a lower level");
                        }
                        d.push(diag);
                    }
                    Some((level, _, _)) if *level == l.id => d.push(
                        Diagnostic::error(format!(
                            "criterion `{}` strengthens `{}` at its own level",
                            c.id.get_ref(),
                            s.get_ref()
                        ))
                        .at(&l.src, base + span.start + 1, span.len().saturating_sub(2))
                        .hint("`strengthens` points to the criterion this one grows from at a lower level"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

/// A level's `proficiency` must name a step of the framework's scale.
fn proficiency(hb: &Handbook, src: &SourceFile, p: &toml::Spanned<String>, d: &mut Diagnostics) {
    let scale = &hb.framework.framework.proficiency;
    if scale.is_empty() {
        let s = p.span();
        d.push(
            Diagnostic::error(format!(
                "proficiency `{}` is set, but the framework declares no proficiency scale",
                p.get_ref()
            ))
            .at(src, src.front_matter_start() + s.start + 1, s.len().saturating_sub(2))
            .hint("declare the scale under [framework] in content/framework.toml, lowest first: proficiency = [\"Awareness\", \"Working\", ...]; or remove this field"),
        );
    } else if hb.framework.proficiency_rank(p.get_ref()).is_none() {
        d.push(unknown(
            "proficiency level",
            p,
            src,
            scale.iter().map(|x| x.get_ref().as_str()),
        ));
    }
}

fn rubric(src: &SourceFile, r: &toml::Spanned<Rubric>, d: &mut Diagnostics) {
    let base = src.front_matter_start();
    let rs = r.span();
    let rub = r.get_ref();
    let at = |diag: Diagnostic, span: std::ops::Range<usize>| {
        diag.at(src, base + span.start, span.len().min(40))
    };
    if rub.scores.is_empty() || rub.scores.windows(2).any(|w| w[0] >= w[1]) {
        d.push(
            at(
                Diagnostic::error("rubric scores must be a non-empty ascending list"),
                rs.clone(),
            )
            .hint("for example scores = [1, 3, 5]"),
        );
        return;
    }
    if rub.criteria.is_empty() {
        d.push(
            at(Diagnostic::error("rubric has no criteria"), rs.clone())
                .hint("add [[rubric.criteria]] tables"),
        );
        return;
    }
    let mut seen = HashSet::new();
    for c in &rub.criteria {
        if !seen.insert(c.id.get_ref()) {
            d.push(
                at(
                    Diagnostic::error(format!(
                        "duplicate rubric criterion id `{}`",
                        c.id.get_ref()
                    )),
                    c.id.span(),
                )
                .hint("each criterion of a rubric needs its own id"),
            );
        }
        let n = c.descriptors.get_ref().len();
        if n != rub.scores.len() {
            d.push(
                at(
                    Diagnostic::error(format!(
                        "criterion `{}` has {n} descriptors for {} scores",
                        c.id.get_ref(),
                        rub.scores.len()
                    )),
                    c.descriptors.span(),
                )
                .hint("write one descriptor per score point, in the same order as `scores`"),
            );
        }
    }
    // The ranges must cover every reachable total exactly once.
    let n = rub.criteria.len() as u32;
    let (lo, hi) = (
        rub.scores[0].saturating_mul(n),
        rub.scores[rub.scores.len() - 1].saturating_mul(n),
    );
    let mut ranges: Vec<&toml::Spanned<ScoreRange>> = rub.ranges.iter().collect();
    ranges.sort_by_key(|x| x.get_ref().min);
    let mut next = lo;
    for x in &ranges {
        let v = x.get_ref();
        if v.min > v.max {
            d.push(
                at(
                    Diagnostic::error(format!("score range {}-{} is reversed", v.min, v.max)),
                    x.span(),
                )
                .hint("min must not exceed max"),
            );
            continue;
        }
        if v.min > next {
            d.push(
                at(
                    Diagnostic::error(format!("no score range covers totals {next}-{}", v.min - 1)),
                    x.span(),
                )
                .hint(format!(
                    "totals run from {lo} to {hi}; make the ranges meet with no gap"
                )),
            );
        } else if v.min < next {
            d.push(
                at(
                    Diagnostic::error(format!(
                        "score range {}-{} overlaps the one before it",
                        v.min, v.max
                    )),
                    x.span(),
                )
                .hint("each total belongs to exactly one range"),
            );
        }
        next = next.max(v.max.saturating_add(1));
    }
    if next <= hi {
        let span = ranges.last().map_or(rs.clone(), |x| x.span());
        d.push(
            at(
                Diagnostic::error(format!("no score range covers totals {next}-{hi}")),
                span,
            )
            .hint(format!(
                "with {n} criteria scored {lo}..{hi} in all, the last range should end at {hi}"
            )),
        );
    }
}

/// Every `[[kind:id#anchor]]` must resolve.
fn cross_references(hb: &Handbook, d: &mut Diagnostics) {
    let idx = Index::new(hb);
    let items = hb.items();
    let all = items
        .iter()
        .chain(hb.home_info().iter())
        .copied()
        .collect::<Vec<_>>();
    for it in &all {
        for r in it.refs {
            if let Some(diag) = resolve_error(&idx, it, r) {
                d.push(diag);
            }
        }
    }
}

/// Kinds of target a cross-reference may name.
pub const REF_KINDS: [&str; 8] = [
    "level",
    "question",
    "anti-pattern",
    "exercise",
    "checklist",
    "guide",
    "dimension",
    "criterion",
];

fn resolve_error(idx: &Index, from: &ItemInfo, r: &XRef) -> Option<Diagnostic> {
    let t = RefTarget::parse(&r.target);
    let at = |msg: String| Diagnostic::error(msg).at(from.src, r.offset, r.target.len());
    let Some(kind_name) = t.kind else {
        // Same-page anchor.
        if t.id.is_empty() {
            let anchor = t.anchor.unwrap_or("");
            if !from.has_anchor(anchor) {
                return Some(anchor_error(
                    at(format!("no heading `#{anchor}` on this page")),
                    anchor,
                    from.headings,
                ));
            }
            return None;
        }
        return Some(
            at(format!("cross-reference `{}` names no kind", r.target)).hint(format!(
                "write [[kind:id]], where kind is one of: {}",
                REF_KINDS.join(", ")
            )),
        );
    };
    if kind_name == "dimension" {
        if !idx.dimensions.contains_key(t.id) {
            let best = did_you_mean(t.id, idx.dimensions.keys().copied());
            return Some(ref_hint(
                at(format!("unknown dimension `{}`", t.id)),
                best,
                "dimension",
            ));
        }
        return None;
    }
    if kind_name == "criterion" {
        if !idx.criteria.contains_key(t.id) {
            let best = did_you_mean(t.id, idx.criteria.keys().copied());
            return Some(ref_hint(
                at(format!("unknown criterion `{}`", t.id)),
                best,
                "criterion",
            ));
        }
        return None;
    }
    let Some(kind) = Kind::from_name(kind_name) else {
        let d = at(format!("unknown cross-reference kind `{kind_name}`"));
        return Some(match did_you_mean(kind_name, REF_KINDS) {
            Some(best) => d.hint(format!("did you mean `{best}:`?")),
            None => d.hint(format!("kinds are: {}", REF_KINDS.join(", "))),
        });
    };
    let Some(target) = idx.items.get(&(kind, t.id)) else {
        let best = did_you_mean(t.id, idx.ids(kind));
        return Some(ref_hint(
            at(format!(
                "broken cross-reference: no {} `{}`",
                kind.name(),
                t.id
            )),
            best,
            kind.name(),
        ));
    };
    if let Some(anchor) = t.anchor {
        if !target.has_anchor(anchor) {
            return Some(anchor_error(
                at(format!(
                    "no heading `#{anchor}` in {} `{}`",
                    kind.name(),
                    t.id
                )),
                anchor,
                target.headings,
            ));
        }
    }
    None
}

fn ref_hint(d: Diagnostic, best: Option<&str>, what: &str) -> Diagnostic {
    match best {
        Some(b) => d.hint(format!("did you mean `{b}`?")),
        None => d.hint(format!(
            "check the {what} id; ids are file names without .md unless front matter sets `id`"
        )),
    }
}

fn anchor_error(d: Diagnostic, anchor: &str, headings: &[Heading]) -> Diagnostic {
    match did_you_mean(anchor, headings.iter().map(|h| h.id.as_str())) {
        Some(best) => d.hint(format!("did you mean `#{best}`?")),
        None if headings.is_empty() => {
            d.hint("the target has no headings; link to the page without #anchor")
        }
        None => d.hint(format!(
            "anchors there: {}",
            abbreviated(&headings.iter().map(|h| h.id.as_str()).collect::<Vec<_>>())
        )),
    }
}
