//! The level matrix page: for a handbook of one family, every level against
//! every dimension; for several, each family's ladder side by side by rank
//! (each family's own matrix is on its page).

use super::page_view;
use crate::kinds::level::matrix::matrix as family_matrix;
use crate::kinds::level::tiers::{has_cells, tier_matrix};
use crate::kinds::View;
use crate::model::Reader;
use crate::render::PagePlan;

pub(crate) fn matrix(r: &Reader, p: &PagePlan) -> View {
    let mut view = View::new("matrix.html");
    view.put(
        "page",
        &page_view(
            r,
            p,
            "Level matrix",
            "Every level against every dimension.",
            "matrix",
            None,
        ),
    );
    let families = r.families();
    let overview = families.declared().then(|| super::families::overview(r));
    view.put("families", &overview);
    match families.list.first().filter(|f| !f.is_declared()) {
        Some(f) => {
            let (dims, tables) = family_matrix(r, f);
            let tiers = tier_matrix(r, f);
            view.put("dimensions", &dims);
            let cells = has_cells(r, f, tiers.as_ref());
            view.put("tables", &if cells { tables } else { Vec::new() });
            view.put("aliases", &crate::kinds::level::aliases(r));
            view.put("tiers", &tiers);
        }
        None => {
            // Every dimension, so `[[dimension:x]]` lands here.
            let all = crate::model::Family {
                dimensions: (0..r.framework().dimensions.len()).collect(),
                ..Default::default()
            };
            let (dims, _) = family_matrix(r, &all);
            view.put("dimensions", &dims);
            view.put("tables", &Vec::<()>::new());
            // Every tier criterion, so `[[criterion:x]]` lands here; each
            // family's page has its levels' rules.
            view.put("tiers", &tier_matrix(r, &all));
        }
    }
    view
}
