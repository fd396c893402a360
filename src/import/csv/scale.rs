//! The proficiency scale a sheet implies: the names its `proficiency`
//! column uses, ordered by `proficiency_rank` where given.

use super::Row;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::sheets::Column;
use crate::source::SourceFile;

/// The proficiency names the sheet uses, with their ranks where given.
#[derive(Default)]
pub(super) struct Scale {
    names: Vec<(String, Option<usize>, usize)>,
}

impl Scale {
    pub(super) fn take(&mut self, src: &SourceFile, r: &Row, d: &mut Diagnostics) {
        let name = r.get(Column::Proficiency);
        if name.is_empty() {
            return;
        }
        let rank_cell = r.cell(Column::ProficiencyRank);
        let rank = match r.get(Column::ProficiencyRank) {
            "" => None,
            s => match s.parse::<usize>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    d.push(
                        Diagnostic::error(format!(
                            "`proficiency_rank` is `{s}`, not a whole number from 1"
                        ))
                        .at(src, rank_cell.at, rank_cell.len)
                        .hint("1 is the lowest step of the scale, 2 the next, and so on"),
                    );
                    None
                }
            },
        };
        match self.names.iter_mut().find(|(n, _, _)| n == name) {
            Some((_, known, first)) => match (*known, rank) {
                (None, Some(_)) => *known = rank,
                (Some(a), Some(b)) if a != b => d.push(
                    Diagnostic::warning(format!(
                        "`{name}` has rank {b} here and {a} on row {first}"
                    ))
                    .at(src, rank_cell.at, rank_cell.len)
                    .hint("a step of the scale has one rank; careerbook keeps the first"),
                ),
                _ => {}
            },
            None => self.names.push((name.to_string(), rank, r.rec.row)),
        }
    }

    /// The scale, lowest first: by rank, then unranked names as they came.
    pub(super) fn order(&self) -> Vec<String> {
        let mut v: Vec<&(String, Option<usize>, usize)> = self.names.iter().collect();
        v.sort_by_key(|(_, rank, first)| (rank.unwrap_or(usize::MAX), *first));
        v.into_iter().map(|(n, _, _)| n.clone()).collect()
    }
}
