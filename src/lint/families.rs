//! Across job families: a family that leaves out a dimension its levels'
//! library levels expect (their criteria there would never show), and a
//! level that restates word for word a criterion it inherits (the copy
//! shows twice and drifts from its source).

use super::{words, Finding, Kind};
use crate::diagnostics::Diagnostic;
use crate::kinds::family::Family;
use crate::kinds::level::inherit;
use crate::model::Handbook;

pub(super) fn leaves_out(hb: &Handbook, out: &mut Vec<Finding>) {
    let fw = &hb.framework;
    for family in hb.families.list.iter().filter(|f| f.is_declared()) {
        let Some(doc) = hb.docs::<Family>().iter().find(|d| d.id == family.id) else {
            continue;
        };
        for (di, dim) in fw.dimensions.iter().enumerate() {
            if family.dimensions.contains(&di) {
                continue;
            }
            let dim_id = dim.id.get_ref();
            let lost: usize = family
                .levels
                .iter()
                .filter_map(|&i| hb.levels().get(i))
                .map(|l| inherit::criteria(hb, &l.meta, dim_id).len())
                .sum();
            if lost == 0 {
                continue;
            }
            let at = doc
                .meta
                .dimensions
                .first()
                .map(|d| doc.src.front_matter_start() + d.span().start);
            let diag = Diagnostic::warning(format!(
                "family `{}` leaves out `{dim_id}`, where the levels it inherits from expect {lost} criteria",
                family.id
            ));
            let diag = match at {
                Some(offset) => diag.at(&doc.src, offset, 1),
                None => diag.in_file(&doc.src.display),
            };
            out.push(Finding {
                kind: Kind::FamilyLeavesOut,
                diagnostic: diag.hint(format!(
                    "add \"{dim_id}\" to the family's `dimensions` so its levels show those criteria, or stop inheriting them"
                )),
            });
        }
    }
}

pub(super) fn restated(hb: &Handbook, out: &mut Vec<Finding>) {
    for level in hb.levels() {
        if level.meta.inherits.is_none() {
            continue;
        }
        let base = level.src.front_matter_start();
        for (dim, e) in &level.meta.expectations {
            let inherited = inherit::criteria(hb, &level.meta, dim.get_ref());
            for c in &e.criteria {
                let mine = words(&c.text);
                let Some((from, same)) = inherited.iter().find(|(_, x)| words(&x.text) == mine)
                else {
                    continue;
                };
                let s = c.id.span();
                out.push(Finding {
                    kind: Kind::InheritedRestated,
                    diagnostic: Diagnostic::warning(format!(
                        "criterion `{}` restates `{}`, which `{}` inherits from `{}`",
                        c.id.get_ref(),
                        same.id.get_ref(),
                        level.id,
                        from.id
                    ))
                    .at(&level.src, base + s.start + 1, s.len().saturating_sub(2))
                    .hint("inherited criteria already show on this level: remove the copy, or say what this level adds"),
                });
            }
        }
    }
}
