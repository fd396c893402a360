//! The `requires_clauses` cell: a rule's clauses as `framework.csv` writes
//! them (`render::sheets::clause_text`), `all(Advanced, 1); any(Expert, in
//! leadership, partly)`.

use crate::import::Clause;

/// Clauses of `all` and of `any`; on failure, why and the byte offset in
/// the cell.
pub(super) fn read(cell: &str) -> Result<(Vec<Clause>, Vec<Clause>), (String, usize)> {
    let mut all = Vec::new();
    let mut any = Vec::new();
    let mut offset = 0;
    for part in cell.split(';') {
        let at = offset + (part.len() - part.trim_start().len());
        offset += part.len() + 1;
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        let (key, rest) = p
            .split_once('(')
            .ok_or_else(|| (format!("`{p}` is not written as all(...) or any(...)"), at))?;
        let args = rest
            .strip_suffix(')')
            .ok_or_else(|| (format!("`{p}` does not end with `)`"), at))?;
        let target = match key.trim() {
            "all" => &mut all,
            "any" => &mut any,
            k => return Err((format!("`{k}` is neither `all` nor `any`"), at)),
        };
        let args: Vec<&str> = args.split(',').map(str::trim).collect();
        let (tier, what, flags) = match args.as_slice() {
            [tier, what, flags @ ..] if !tier.is_empty() => (*tier, *what, flags),
            _ => return Err((format!("`{p}` needs a tier and a count: all(Tier, 1)"), at)),
        };
        let mut clause = Clause {
            tier: tier.to_string(),
            ..Clause::default()
        };
        if let Some(dim) = what.strip_prefix("in ") {
            clause.dimension = Some(dim.trim().to_string());
            clause.count = Some(1);
        } else if what == "all" {
            clause.count = None;
        } else {
            let n = what.parse::<usize>().map_err(|_| {
                (
                    format!("`{what}` is not a count: a number, `all` or `in <dimension>`"),
                    at,
                )
            })?;
            clause.count = Some(n);
        }
        for f in flags {
            match *f {
                "partly" => clause.partly = true,
                other => {
                    return Err((
                        format!("`{other}` is not a flag careerbook knows (only `partly`)"),
                        at,
                    ))
                }
            }
        }
        target.push(clause);
    }
    Ok((all, any))
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn clauses_read_back_as_written() {
        let (all, any) =
            read("all(Beginner, all, partly); any(Advanced, 1); any(Expert, in leadership)")
                .unwrap_or_default();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].count, None);
        assert!(all[0].partly);
        assert_eq!(any[0].count, Some(1));
        assert_eq!(any[1].dimension.as_deref(), Some("leadership"));
        let (why, at) = read("all(Advanced, 1); some(Expert, 2)")
            .err()
            .unwrap_or_default();
        assert!(why.contains("`some`"), "{why}");
        assert_eq!(at, 18);
        assert!(read("all(Advanced, many)").is_err());
        assert!(read("all(Advanced)").is_err());
    }
}
