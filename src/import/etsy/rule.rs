//! Reads a level's sentence over the tiers ("Engineers at this level will
//! generally be Advanced in at least one competency or will display some
//! Advanced level skills across competencies") as clauses.
//!
//! The reading is all or nothing: a sentence it cannot read in full leaves
//! the rule as words only (and the import says so), since half a rule would
//! misstate the level.

use crate::import::{Clause, Rule};

/// The rule for `text`, and why its clauses could not be read, if they
/// could not. `tiers` is the scale, lowest first; `dims` (id, name).
pub(super) fn read(
    text: &str,
    tiers: &[String],
    dims: &[(String, String)],
) -> (Rule, Result<(), String>) {
    let mut rule = Rule {
        text: text.trim().to_string(),
        ..Rule::default()
    };
    match clauses(text, tiers, dims) {
        Ok((all, any)) => {
            rule.all = all;
            rule.any = any;
            (rule, Ok(()))
        }
        Err(why) => (rule, Err(why)),
    }
}

type Clauses = (Vec<Clause>, Vec<Clause>);

fn clauses(text: &str, tiers: &[String], dims: &[(String, String)]) -> Result<Clauses, String> {
    let mut all = Vec::new();
    let mut any = Vec::new();
    for sentence in text.split('.').map(str::trim).filter(|s| !s.is_empty()) {
        let lower = normalize(&sentence.to_lowercase());
        let body = strip_lead(&lower);
        let has_or = body.contains(" or ");
        let has_and = body.contains(" and ");
        if has_or && has_and {
            return Err(format!("\"{sentence}\" mixes `and` with `or`"));
        }
        let pieces: Vec<&str> = body
            .split(if has_or { " or " } else { " and " })
            .map(|p| p.trim().trim_end_matches(',').trim())
            .collect();
        let mut read = Vec::new();
        let mut previous: Option<usize> = None;
        for p in pieces {
            let cs = clause(p, previous, tiers, dims)?;
            previous = cs[0].count;
            if has_or && cs.len() > 1 {
                return Err(format!("\"{p}\" names a competency inside an alternative"));
            }
            read.extend(cs);
        }
        if has_or {
            if !any.is_empty() {
                return Err("two sentences of alternatives".into());
            }
            any = read;
        } else {
            all.extend(read);
        }
    }
    if all.is_empty() && any.is_empty() {
        return Err("it names no tier".into());
    }
    Ok((all, any))
}

/// "one or more" and the like, as counts the splitting on `or` leaves alone.
fn normalize(s: &str) -> String {
    let mut s = s.to_string();
    for (words, n) in [
        ("one or more", "1+"),
        ("two or more", "2+"),
        ("three or more", "3+"),
    ] {
        s = s.replace(words, n);
    }
    s
}

/// The part after "Engineers at this level will generally be" and the like.
fn strip_lead(s: &str) -> &str {
    let marks = [" will generally be ", " will be ", " should ", " will "];
    marks
        .iter()
        .filter_map(|m| s.find(m).map(|i| (i, std::cmp::Reverse(i + m.len()))))
        .min()
        .map_or(s, |(_, std::cmp::Reverse(end))| &s[end..])
}

fn clause(
    piece: &str,
    previous: Option<usize>,
    tiers: &[String],
    dims: &[(String, String)],
) -> Result<Vec<Clause>, String> {
    let (main, including) = match piece
        .split_once(", including ")
        .or_else(|| piece.split_once(" including "))
    {
        Some((m, i)) => (m, Some(i.trim())),
        None => (piece, None),
    };
    let rank = tier_in(main, tiers)?;
    let negated = main.starts_with("not ") || main.contains(" not ");
    let partly = !negated
        && (main.contains("some ")
            || main.contains("a range of")
            || main.contains("working towards"));
    let (rank, count) = if negated {
        // "not be Beginners in any": at least the next step, everywhere.
        if rank + 1 >= tiers.len() {
            return Err(format!("\"{piece}\" rules out the top tier"));
        }
        (rank + 1, None)
    } else {
        (
            rank,
            count(main, previous)
                .ok_or_else(|| format!("cannot tell how many competencies \"{piece}\" means"))?,
        )
    };
    let tier = tiers[rank].clone();
    let mut out = vec![Clause {
        tier: tier.clone(),
        count,
        dimension: None,
        partly,
    }];
    if let Some(name) = including {
        let Some((id, _)) = dims.iter().find(|(_, n)| n.to_lowercase() == name) else {
            return Err(format!("no competency is named \"{name}\""));
        };
        out.push(Clause {
            tier,
            count: None,
            dimension: Some(id.clone()),
            partly,
        });
    }
    Ok(out)
}

/// The one tier a clause names (plural or not), as its rank.
fn tier_in(s: &str, tiers: &[String]) -> Result<usize, String> {
    let mut order: Vec<usize> = (0..tiers.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(tiers[i].len()));
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut found: Vec<usize> = Vec::new();
    for i in order {
        let name = tiers[i].to_lowercase();
        for (at, _) in s.match_indices(&name) {
            let end = at + name.len();
            let before = s[..at].chars().next_back();
            let after = s[end..].trim_start_matches('s').chars().next();
            let word = !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(char::is_alphanumeric);
            if word && !covered.iter().any(|&(a, b)| at < b && end > a) {
                covered.push((at, end));
                if !found.contains(&i) {
                    found.push(i);
                }
            }
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("\"{s}\" names no tier")),
        _ => Err(format!("\"{s}\" names more than one tier")),
    }
}

/// How many competencies a clause asks for: `Some(None)` for all of them.
fn count(s: &str, previous: Option<usize>) -> Option<Option<usize>> {
    let all = s.contains(" all ")
        || s.ends_with(" all")
        || s.contains("across competencies")
        || s.contains(" any ");
    if all {
        return Some(None);
    }
    if s.contains("1+ other") {
        return previous.map(|p| Some(p + 1));
    }
    if let Some(n) = s
        .find('+')
        .and_then(|i| s[..i].rsplit(' ').next()?.parse().ok())
    {
        return Some(Some(n));
    }
    if s.contains("more than one") || s.contains("multiple") || s.contains("several") {
        return Some(Some(2));
    }
    let words = [
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
    ];
    for (w, n) in words {
        if s.contains(&format!(" {w} ")) || s.ends_with(&format!(" {w}")) {
            return Some(Some(n));
        }
    }
    // "generally be beginners": no count, every competency.
    if !s.contains(" in ") && !s.contains("across") {
        return Some(None);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers() -> Vec<String> {
        ["Novice", "Practised", "Strong", "Master", "Leading Master"]
            .map(String::from)
            .to_vec()
    }

    fn dims() -> Vec<(String, String)> {
        vec![
            ("shipping".into(), "Shipping".into()),
            ("mentoring".into(), "Mentoring".into()),
        ]
    }

    fn c(tier: &str, count: Option<usize>, dimension: Option<&str>, partly: bool) -> Clause {
        Clause {
            tier: tier.into(),
            count,
            dimension: dimension.map(String::from),
            partly,
        }
    }

    fn read_ok(s: &str) -> (Vec<Clause>, Vec<Clause>) {
        let (r, ok) = read(s, &tiers(), &dims());
        assert_eq!(ok, Ok(()), "{s}");
        (r.all, r.any)
    }

    #[test]
    fn alternatives_counts_and_partial_skills() {
        let (all, any) = read_ok(
            "People here are expected to be Practised in two or more areas or to show some Practised skills across all areas.",
        );
        assert!(all.is_empty());
        assert_eq!(
            any,
            [
                c("Practised", Some(2), None, false),
                c("Practised", None, None, true)
            ]
        );
        let (_, any) = read_ok("People here will generally be novices, or working towards the Novice tier in all areas.");
        assert_eq!(
            any,
            [
                c("Novice", None, None, false),
                c("Novice", None, None, true)
            ]
        );
    }

    #[test]
    fn sentences_add_up_and_negations_raise_the_floor() {
        let (all, any) = read_ok(
            "People here will generally be Strong in more than one area. People here should not be Novices in any area.",
        );
        assert!(any.is_empty());
        assert_eq!(
            all,
            [
                c("Strong", Some(2), None, false),
                c("Practised", None, None, false)
            ]
        );
    }

    #[test]
    fn longer_tier_names_win_and_others_count_on() {
        let (all, _) = read_ok(
            "People here will generally be Leading Masters in at least one area and Master in one or more others, including Mentoring.",
        );
        assert_eq!(
            all,
            [
                c("Leading Master", Some(1), None, false),
                c("Master", Some(2), None, false),
                c("Master", None, Some("mentoring"), false)
            ]
        );
    }

    #[test]
    fn what_cannot_be_read_keeps_its_words_only() {
        for s in [
            "People here are great.",
            "People here will be Strong in one area and Master in one or Novice in all.",
            "People here will be Strong in many areas, including Cooking.",
        ] {
            let (r, ok) = read(s, &tiers(), &dims());
            assert!(ok.is_err(), "{s}");
            assert!(r.all.is_empty() && r.any.is_empty());
            assert_eq!(r.text, s);
        }
    }
}
