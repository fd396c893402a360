//! Levels defined by a rule over proficiency tiers rather than by cells.
//!
//! Some ladders (Etsy's) give each dimension a list of criteria per step of
//! the proficiency scale (Beginner ... Leading Expert) and define a level
//! by how many dimensions reach a step: "Advanced in at least one", "not a
//! Beginner in any", "Expert in several, including Leadership". A level's
//! `requires` holds that rule: its words, as the ladder says them, and its
//! clauses, which every view reads the same way.
//!
//! A person's standing on a dimension is counted in half steps: reaching a
//! step is worth two per step, showing *some* of a step's skills one less.
//! A clause holds when enough dimensions stand at or above its threshold.

use serde::{Deserialize, Deserializer, Serialize};
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds::unknown;
use crate::model::{Dimension, Framework};
use crate::source::SourceFile;

/// A level's rule: every clause of `all` and, when `any` is not empty, one
/// of its clauses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rule {
    /// The rule in the ladder's own words, shown verbatim.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub all: Vec<Clause>,
    #[serde(default)]
    pub any: Vec<Clause>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Clause {
    /// A step of the framework's proficiency scale.
    pub tier: Spanned<String>,
    /// How many dimensions must reach it: a number, or "all".
    #[serde(default)]
    pub count: Count,
    /// One named dimension instead of a count ("including Leadership").
    pub dimension: Option<Spanned<String>>,
    /// Some of the step's skills rather than the whole step ("working
    /// towards", "some Advanced skills across competencies").
    #[serde(default)]
    pub partly: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    AtLeast(usize),
    All,
}

impl Default for Count {
    fn default() -> Count {
        Count::AtLeast(1)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of dimensions (1 or more) or \"all\"")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Count, E> {
                match usize::try_from(n) {
                    Ok(n) if n >= 1 => Ok(Count::AtLeast(n)),
                    _ => Err(E::custom(format!(
                        "count {n} is not a number of dimensions: use 1 or more, or \"all\""
                    ))),
                }
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Count, E> {
                match s {
                    "all" => Ok(Count::All),
                    _ => Err(E::custom(format!(
                        "count \"{s}\" is not a number of dimensions: use 1 or more, or \"all\""
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl Rule {
    pub(crate) fn clauses(&self) -> impl Iterator<Item = &Clause> {
        self.all.iter().chain(&self.any)
    }

    /// Whether the rule holds for a standing per dimension (in half steps):
    /// the semantics the matrix page's self-assessment script implements.
    #[cfg(test)]
    pub(crate) fn holds(&self, fw: &Framework, dims: &[&str], standing: &dyn Fn(&str) -> usize) -> bool {
        self.all.iter().all(|c| c.holds(fw, dims, standing))
            && (self.any.is_empty() || self.any.iter().any(|c| c.holds(fw, dims, standing)))
    }

    /// Whether `c` holds whenever this rule does (so a next level's clause
    /// asks nothing new).
    pub(crate) fn implies(&self, fw: &Framework, n: usize, c: &Clause) -> bool {
        self.all.iter().any(|a| a.implies(fw, n, c))
            || (!self.any.is_empty() && self.any.iter().all(|a| a.implies(fw, n, c)))
    }
}

impl Clause {
    /// The standing (in half steps) a dimension needs for this clause.
    pub(crate) fn threshold(&self, fw: &Framework) -> usize {
        let rank = fw.proficiency_rank(self.tier.get_ref()).unwrap_or(0);
        2 * rank + if self.partly { 1 } else { 2 }
    }

    #[cfg(test)]
    fn holds(&self, fw: &Framework, dims: &[&str], standing: &dyn Fn(&str) -> usize) -> bool {
        let at = self.threshold(fw);
        if let Some(d) = &self.dimension {
            return standing(d.get_ref()) >= at;
        }
        let reached = dims.iter().filter(|d| standing(d) >= at).count();
        reached >= self.needed(dims.len())
    }

    /// How many of `n` dimensions must reach the threshold.
    pub(crate) fn needed(&self, n: usize) -> usize {
        match (&self.dimension, self.count) {
            (Some(_), _) => 1,
            (None, Count::All) => n,
            (None, Count::AtLeast(k)) => k,
        }
    }

    fn implies(&self, fw: &Framework, n: usize, c: &Clause) -> bool {
        if self.threshold(fw) < c.threshold(fw) {
            return false;
        }
        match (&c.dimension, &self.dimension) {
            (Some(x), Some(y)) => x.get_ref() == y.get_ref(),
            (Some(_), None) => self.count == Count::All,
            (None, Some(_)) => c.needed(n) <= 1,
            (None, None) => self.needed(n) >= c.needed(n),
        }
    }

    /// The clause in words: "Advanced in at least 2 of 5", "some Expert
    /// skills in all 5", "Expert in Leadership".
    pub(crate) fn describe(&self, fw: &Framework, n: usize) -> String {
        let tier = self.tier.get_ref();
        let what = if self.partly {
            format!("some {tier} skills")
        } else {
            tier.clone()
        };
        match (&self.dimension, self.count) {
            (Some(d), _) => {
                let name = fw
                    .dimensions
                    .iter()
                    .find(|x| x.id.get_ref() == d.get_ref())
                    .map_or(d.get_ref().as_str(), |x| x.name.as_str());
                format!("{what} in {name}")
            }
            (None, Count::All) => format!("{what} in all {n}"),
            (None, Count::AtLeast(k)) if k >= n => format!("{what} in all {n}"),
            (None, Count::AtLeast(k)) => format!("{what} in at least {k} of {n}"),
        }
    }

    /// The clause for the page's script: `threshold,needed,dimension`.
    fn encode(&self, fw: &Framework, n: usize) -> String {
        format!(
            "{},{},{}",
            self.threshold(fw),
            self.needed(n),
            self.dimension.as_ref().map_or("", |d| d.get_ref().as_str())
        )
    }
}

/// A rule as the views show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RuleView {
    /// The ladder's own words (inline HTML).
    pub text: String,
    pub all: Vec<ClauseView>,
    pub any: Vec<ClauseView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClauseView {
    pub text: String,
    pub tier: String,
    /// For the self-assessment script: `threshold,needed,dimension`.
    pub code: String,
    /// Not implied by the level below's rule (only set on next-level views).
    pub new: bool,
    /// The criteria the clause asks for, per dimension it can be met on.
    pub asks: Vec<Asks>,
}

/// A dimension's criteria at the tier a clause names.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Asks {
    pub dimension: String,
    pub name: String,
    /// (criterion id, text HTML)
    pub criteria: Vec<(String, String)>,
}

/// The view of `rule` over `dims`; `below`, when given, marks the clauses
/// it does not already imply as new. `inline` renders the ladder's words.
pub(crate) fn view(
    fw: &Framework,
    rule: &Rule,
    dims: &[&Dimension],
    below: Option<&Rule>,
    inline: &dyn Fn(&str) -> String,
) -> RuleView {
    let n = dims.len();
    let clause = |c: &Clause| ClauseView {
        text: c.describe(fw, n),
        tier: c.tier.get_ref().clone(),
        code: c.encode(fw, n),
        new: below.is_some_and(|b| !b.implies(fw, n, c)),
        asks: dims
            .iter()
            .filter(|d| c.dimension.as_ref().is_none_or(|x| x.get_ref() == d.id.get_ref()))
            .filter_map(|d| {
                let tier = d.tiers.iter().find(|t| t.proficiency.get_ref() == c.tier.get_ref())?;
                Some(Asks {
                    dimension: d.id.get_ref().clone(),
                    name: d.name.clone(),
                    criteria: tier
                        .criteria
                        .iter()
                        .map(|x| (x.id.get_ref().clone(), inline(&x.text)))
                        .collect(),
                })
            })
            .collect(),
    };
    RuleView {
        text: inline(&rule.text),
        all: rule.all.iter().map(clause).collect(),
        any: rule.any.iter().map(clause).collect(),
    }
}

/// A rule's tiers on the scale, its dimensions in the family, its counts
/// within the family's dimensions; located in the level's file.
pub(crate) fn check(
    fw: &Framework,
    dims: &[&str],
    rule: &Rule,
    src: &SourceFile,
    d: &mut Diagnostics,
) {
    let base = src.front_matter_start();
    let scale = &fw.framework.proficiency;
    if rule.all.is_empty() && rule.any.is_empty() && rule.text.trim().is_empty() {
        d.push(
            Diagnostic::error("`requires` states no rule")
                .in_file(&src.display)
                .hint("give the rule's words as text = \"...\" and its clauses as all = [...] or any = [...], e.g. all = [{ tier = \"Advanced\", count = 1 }]"),
        );
    }
    for c in rule.clauses() {
        if scale.is_empty() {
            let s = c.tier.span();
            d.push(
                Diagnostic::error(format!(
                    "tier `{}` is named, but the framework declares no proficiency scale",
                    c.tier.get_ref()
                ))
                .at(src, base + s.start + 1, s.len().saturating_sub(2))
                .hint("declare the scale under [framework] in content/framework.toml, lowest first: proficiency = [\"Beginner\", \"Intermediate\", ...]"),
            );
        } else if fw.proficiency_rank(c.tier.get_ref()).is_none() {
            d.push(unknown(
                "proficiency level",
                &c.tier,
                src,
                scale.iter().map(|x| x.get_ref().as_str()),
            ));
        }
        if let Some(dim) = &c.dimension {
            if !dims.contains(&dim.get_ref().as_str()) {
                d.push(
                    unknown("dimension", dim, src, dims.iter().copied())
                        .hint(format!("a rule names one of its family's dimensions: {}", dims.join(", "))),
                );
            }
        } else if let Count::AtLeast(k) = c.count {
            if k > dims.len() {
                let s = c.tier.span();
                d.push(
                    Diagnostic::error(format!(
                        "the rule asks for {k} dimensions at `{}`, but there are only {}",
                        c.tier.get_ref(),
                        dims.len()
                    ))
                    .at(src, base + s.start + 1, s.len().saturating_sub(2))
                    .hint("lower the count, or write count = \"all\""),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fw() -> Framework {
        toml::from_str(
            r#"
[framework]
proficiency = ["Beginner", "Intermediate", "Advanced", "Expert"]
[[dimensions]]
id = "a"
name = "A"
[[dimensions]]
id = "b"
name = "B"
[[dimensions]]
id = "c"
name = "Craft"
"#,
        )
        .unwrap()
    }

    fn rule(s: &str) -> Rule {
        toml::from_str(s).unwrap()
    }

    #[test]
    fn clauses_count_dimensions_at_or_above_their_step() {
        let fw = fw();
        let dims = ["a", "b", "c"];
        // "Advanced in at least one, and not a Beginner in any"
        let r = rule(
            r#"all = [{ tier = "Advanced" }, { tier = "Intermediate", count = "all" }]"#,
        );
        let at = |a, b, c| {
            move |d: &str| match d {
                "a" => a,
                "b" => b,
                _ => c,
            }
        };
        assert!(r.holds(&fw, &dims, &at(6, 4, 4)));
        assert!(!r.holds(&fw, &dims, &at(6, 4, 3)), "some Intermediate is not Intermediate");
        assert!(!r.holds(&fw, &dims, &at(5, 4, 4)), "some Advanced is not Advanced");
        let any = rule(
            r#"any = [{ tier = "Expert" }, { tier = "Advanced", count = "all", partly = true }]"#,
        );
        assert!(any.holds(&fw, &dims, &at(8, 0, 0)));
        assert!(any.holds(&fw, &dims, &at(5, 5, 5)));
        assert!(!any.holds(&fw, &dims, &at(6, 6, 4)));
        let named = rule(r#"all = [{ tier = "Expert", count = 2 }, { tier = "Expert", dimension = "c" }]"#);
        assert!(!named.holds(&fw, &dims, &at(8, 8, 6)));
        assert!(named.holds(&fw, &dims, &at(8, 2, 8)));
    }

    #[test]
    fn a_clause_is_new_only_when_the_rule_below_does_not_imply_it() {
        let fw = fw();
        let below = rule(r#"all = [{ tier = "Advanced", count = 2 }, { tier = "Intermediate", count = "all" }]"#);
        let next = rule(
            r#"all = [{ tier = "Advanced", count = 1 }, { tier = "Intermediate", dimension = "c" }, { tier = "Expert" }, { tier = "Advanced", count = "all" }]"#,
        );
        let new: Vec<bool> = next.all.iter().map(|c| !below.implies(&fw, 3, c)).collect();
        assert_eq!(new, [false, false, true, true]);
        let alternatives = rule(r#"any = [{ tier = "Expert" }, { tier = "Advanced", count = "all" }]"#);
        assert!(alternatives.implies(&fw, 3, &next.all[0]), "both alternatives give one Advanced");
        assert!(!alternatives.implies(&fw, 3, &next.all[2]));
    }

    #[test]
    fn clauses_read_as_words() {
        let fw = fw();
        let r = rule(
            r#"all = [{ tier = "Advanced", count = 2 }, { tier = "Intermediate", count = "all", partly = true }, { tier = "Expert", dimension = "c" }]"#,
        );
        let words: Vec<String> = r.all.iter().map(|c| c.describe(&fw, 3)).collect();
        assert_eq!(
            words,
            [
                "Advanced in at least 2 of 3",
                "some Intermediate skills in all 3",
                "Expert in Craft"
            ]
        );
    }

    #[test]
    fn counts_are_numbers_or_all() {
        assert!(toml::from_str::<Rule>(r#"all = [{ tier = "A", count = 0 }]"#).is_err());
        assert!(toml::from_str::<Rule>(r#"all = [{ tier = "A", count = "most" }]"#).is_err());
        assert_eq!(rule(r#"all = [{ tier = "A", count = "all" }]"#).all[0].count, Count::All);
    }
}
