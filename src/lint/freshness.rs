//! Pages overdue for review: a page's `reviewed` date older than book.toml's
//! `review_after` ("12 months") on the day `check` runs.

use std::sync::Arc;

use super::{Finding, Kind as LintKind};
use crate::config::Period;
use crate::diagnostics::Diagnostic;
use crate::kinds::{with_kind, Kind};
use crate::model::{Doc, FrontMatter, Handbook};
use crate::source::SourceFile;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Today, as days since 1970-01-01 (UTC).
fn today() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// The day a review done on `(y, m, d)` runs out.
fn due(y: i64, m: u32, d: u32, period: Period) -> i64 {
    match period {
        Period::Days(n) => days_from_civil(y, m, d) + i64::from(n),
        Period::Months(n) => {
            let months = i64::from(m) - 1 + i64::from(n);
            let (y2, m2) = (
                y + months.div_euclid(12),
                (months.rem_euclid(12) + 1) as u32,
            );
            // The 31st of a shorter month is its last day.
            let first = days_from_civil(y2, m2, 1);
            let last = days_from_civil(y2 + i64::from(m2 == 12), m2 % 12 + 1, 1) - 1;
            (first + i64::from(d) - 1).min(last)
        }
    }
}

fn check<F: FrontMatter>(
    doc: &Doc<F>,
    src: &Arc<SourceFile>,
    period: Period,
    now: i64,
    out: &mut Vec<Finding>,
) {
    let Some(reviewed) = doc.meta.reviewed() else {
        return;
    };
    let Some(date) = reviewed.get_ref().date else {
        return;
    };
    let (y, m, d) = (
        i64::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    );
    let due = due(y, m, d, period);
    if due >= now {
        return;
    }
    let span = reviewed.span();
    let base = src.front_matter_start();
    let owner = match doc.meta.owner() {
        "" => "nobody is named as its owner (`owner = \"...\"`)".to_string(),
        o => format!("its owner is {o}"),
    };
    out.push(Finding {
        kind: LintKind::Overdue,
        diagnostic: Diagnostic::warning(format!(
            "last reviewed on {}, {} days past book.toml's review_after of {}",
            reviewed.get_ref(),
            now - due,
            period.describe()
        ))
        .at(&**src, base + span.start, span.len())
        .hint(format!(
            "review the page and set `reviewed` to the day you did; {owner}"
        )),
    });
}

pub(super) fn overdue(hb: &Handbook, out: &mut Vec<Finding>) {
    let Some(period) = hb.config.book.review_after else {
        return;
    };
    let now = today();
    if let Some(home) = &hb.home {
        check(home, &home.src, period, now, out);
    }
    for &kind in Kind::ALL {
        with_kind!(kind, |K| {
            for d in K::docs(&hb.items) {
                check(d, &d.src, period, now, out);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{days_from_civil, due};
    use crate::config::Period;

    #[test]
    fn dates_count_in_days_and_months_end_on_their_last_day() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28),
            2
        );
        assert_eq!(
            due(2026, 1, 31, Period::Months(1)),
            days_from_civil(2026, 2, 28)
        );
        assert_eq!(
            due(2025, 12, 2, Period::Months(12)),
            days_from_civil(2026, 12, 2)
        );
        assert_eq!(
            due(2026, 12, 25, Period::Days(14)),
            days_from_civil(2027, 1, 8)
        );
    }
}
