//! The checks of the levels as a whole: dimensions named, expectations for
//! every dimension, proficiency steps on the scale, criterion ids unique
//! across the framework, `strengthens` naming a lower criterion, every
//! level on a track or a role, `alongside` naming levels.

use std::collections::HashMap;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::kinds::{bad_id, unknown};
use crate::markdown::is_valid_id;
use crate::kinds::level::LevelMeta;
use crate::model::{Doc, Handbook};
use crate::source::SourceFile;

pub(super) fn levels(hb: &Handbook, d: &mut Diagnostics) {
    let fw = &hb.framework;
    let dim_ids: Vec<&str> = fw
        .dimensions
        .iter()
        .map(|x| x.id.get_ref().as_str())
        .collect();
    let level_ids: Vec<&str> = hb.levels().iter().map(|l| l.id.as_str()).collect();
    // criterion id -> (level id, file, offset)
    let mut criteria: HashMap<&str, (&str, &SourceFile, usize)> = HashMap::new();
    for (_, _, c) in fw.tier_criteria() {
        let s = c.id.span();
        criteria
            .entry(c.id.get_ref())
            .or_insert(("", &hb.framework_src, s.start + 1));
    }
    for l in hb.levels() {
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
            criterion_ids(l, &e.criteria, &mut criteria, d);
        }
        let family = hb.families.of(&l.id).cloned().unwrap_or_default();
        let family_dims: Vec<&str> = family
            .dimensions(fw)
            .iter()
            .map(|x| x.id.get_ref().as_str())
            .collect();
        if family.is_declared() {
            outside_family(l, &family.id, &dim_ids, &family_dims, d);
        }
        inherits(hb, l, d);
        if let Some(rule) = &l.meta.requires {
            super::rule::check(fw, &family_dims, rule, &l.src, d);
        }
        // A level defined by a rule over tiers needs no cells.
        let missing: Vec<&str> = family_dims
            .iter()
            .copied()
            .filter(|dim| l.meta.requires.is_none() && !super::inherit::covers(hb, &l.meta, dim))
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
        let on_track = family.tracks_of(&l.id).next().is_some();
        if !l.meta.role && !on_track {
            let file = match family.is_declared() {
                true => format!("content/families/{}.md", family.id),
                false => "content/framework.toml".to_string(),
            };
            d.push(
                Diagnostic::error(format!("level `{}` is on no track", l.id))
                    .in_file(&l.src.display)
                    .hint(format!(
                        "add \"{}\" to a track's levels in {file}, or set role = true for a role such as tech lead",
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
    strengthens(hb, &criteria, d);
    formerly(hb, &level_ids, &criteria, d);
}

/// `formerly` names ids that are gone: an id still in use would make a
/// reference ambiguous (and, for a level, put two pages at one address).
/// Two levels cannot both have been the same level.
fn formerly(
    hb: &Handbook,
    level_ids: &[&str],
    criteria: &HashMap<&str, (&str, &SourceFile, usize)>,
    d: &mut Diagnostics,
) {
    let still = |what: &str, id: &str| {
        Diagnostic::error(format!("`{id}` is still the id of a {what}"))
            .hint("`formerly` lists ids from earlier releases that no longer exist; remove it, or rename the other one first")
    };
    for r in &hb.framework.retired {
        let id = r.id.get_ref().as_str();
        if level_ids.contains(&id) || criteria.contains_key(id) {
            let s = r.id.span();
            d.push(
                Diagnostic::error(format!("`{id}` is retired but still in use"))
                    .at(&hb.framework_src, s.start, s.len())
                    .hint("retire an id once the criterion or level is gone; remove it from [[retired]] while it is still used"),
            );
        }
    }
    let mut claimed: HashMap<&str, &str> = HashMap::new();
    for l in hb.levels() {
        let base = l.src.front_matter_start();
        for f in &l.meta.formerly {
            let s = f.span();
            if level_ids.contains(&f.get_ref().as_str()) {
                d.push(still("level", f.get_ref()).at(&l.src, base + s.start, s.len()));
            } else if let Some(other) = claimed.insert(f.get_ref(), &l.id) {
                d.push(
                    Diagnostic::error(format!("levels `{other}` and `{}` both say they were `{}`", l.id, f.get_ref()))
                        .at(&l.src, base + s.start, s.len())
                        .hint("an old level address can lead to one level only; keep `formerly` on the level that took its place"),
                );
            }
        }
        for e in l.meta.expectations.values() {
            for c in &e.criteria {
                for f in &c.formerly {
                    if criteria.contains_key(f.get_ref().as_str()) {
                        let s = f.span();
                        d.push(still("criterion", f.get_ref()).at(&l.src, base + s.start, s.len()));
                    }
                }
            }
        }
    }
}

/// A level's criterion ids are valid and unique across the framework
/// (`criteria` holds the ids seen so far).
fn criterion_ids<'a>(
    l: &'a Doc<LevelMeta>,
    list: &'a [crate::kinds::level::Criterion],
    criteria: &mut HashMap<&'a str, (&'a str, &'a SourceFile, usize)>,
    d: &mut Diagnostics,
) {
    let base = l.src.front_matter_start();
    for c in list {
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

/// `inherits` names another level, and no chain of them comes back.
fn inherits(hb: &Handbook, l: &Doc<LevelMeta>, d: &mut Diagnostics) {
    let Some(from) = &l.meta.inherits else {
        return;
    };
    let base = l.src.front_matter_start();
    let s = from.span();
    let at = |diag: Diagnostic| diag.at(&l.src, base + s.start + 1, s.len().saturating_sub(2));
    if hb.level(from.get_ref()).is_none() {
        let ids = hb.levels().iter().map(|x| x.id.as_str());
        d.push(unknown("level", from, &l.src, ids).hint(
            "`inherits` names the level (usually of a shared library family) whose criteria this one takes on",
        ));
        return;
    }
    let chain = super::inherit::sources(hb, &l.meta);
    if from.get_ref() == &l.id || chain.iter().any(|x| x.id == l.id) {
        d.push(
            at(Diagnostic::error(format!(
                "level `{}` inherits from itself through `{}`",
                l.id,
                chain.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join("` → `")
            )))
            .hint("inheritance runs one way, from a library level to the levels built on it: remove one `inherits`"),
        );
    }
}

/// An expectation on a dimension the level's family does not use.
fn outside_family(
    l: &Doc<LevelMeta>,
    family: &str,
    dim_ids: &[&str],
    family_dims: &[&str],
    d: &mut Diagnostics,
) {
    let base = l.src.front_matter_start();
    for dim in l.meta.expectations.keys() {
        let id = dim.get_ref().as_str();
        if dim_ids.contains(&id) && !family_dims.contains(&id) {
            let s = dim.span();
            d.push(
                Diagnostic::error(format!("dimension `{id}` is not one of family `{family}`'s"))
                    .at(&l.src, base + s.start, s.len())
                    .hint(format!(
                        "add it to `dimensions` in content/families/{family}.md, or remove this expectation"
                    )),
            );
        }
    }
}

/// `strengthens` must name a criterion that exists, at another level.
fn strengthens(
    hb: &Handbook,
    criteria: &HashMap<&str, (&str, &SourceFile, usize)>,
    d: &mut Diagnostics,
) {
    for l in hb.levels() {
        let base = l.src.front_matter_start();
        for e in l.meta.expectations.values() {
            for c in &e.criteria {
                let Some(s) = &c.strengthens else { continue };
                let span = s.span();
                match criteria.get(s.get_ref().as_str()) {
                    None => {
                        let retired = hb.framework.retired.iter().find(|r| r.id.get_ref() == s.get_ref());
                        let message = match retired {
                            Some(r) => format!("criterion `{}` was retired: {}", s.get_ref(), r.reason),
                            None => format!("unknown criterion `{}`", s.get_ref()),
                        };
                        let mut diag = Diagnostic::error(message)
                            .at(&l.src, base + span.start + 1, span.len().saturating_sub(2));
                        if retired.is_some() {
                            diag = diag.hint("remove `strengthens`, or name the criterion it grows from now");
                        } else if let Some(best) = did_you_mean(s.get_ref(), criteria.keys().copied()) {
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
