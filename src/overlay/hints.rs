//! Coaching hints on a brag document, drawn from the handbook's own advice:
//! outcomes not measured, thin story categories, quiet quarters, authority
//! claimed for a decision the entry gives to someone else, glue work not
//! framed as impact. Each test has cases that must and must not fire.

use super::{Overlay, STORY_CATEGORIES};

/// Words that state a quantity when written out ("three of four people",
/// "halved", "twice as fast").
const NUMBER_WORDS: [&str; 30] = [
    "zero",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "half",
    "halved",
    "doubled",
    "tripled",
    "twice",
    "percent",
    "dozen",
];

/// Whether a sentence states a measurable outcome: a number, a percentage,
/// an amount, written in digits or in words.
pub(crate) fn quantified(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        || text
            .split(|c: char| !c.is_alphabetic())
            .any(|w| NUMBER_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Whether the role line claims a decision or ownership for the writer:
/// "I decided ...", or a clause that starts with the claim ("Owned the
/// rollout; ..."), not one whose subject is someone else ("Priya owned
/// the go/no-go").
fn claims_authority(role: &str) -> bool {
    let role = role.to_lowercase();
    role.split(['.', ';', ':', ',', '('])
        .map(str::trim)
        .any(|clause| {
            AUTHORITY_CLAIMS.iter().any(|c| {
                let verb = c.trim_start_matches("i ");
                clause == verb || clause.starts_with(&format!("{verb} "))
            }) || AUTHORITY_CLAIMS
                .iter()
                .any(|c| c.starts_with("i ") && clause.contains(c))
        })
}

/// A coaching hint, drawn from the handbook's own advice.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Hint {
    pub kind: &'static str,
    pub message: String,
    /// A cross-reference to the guide that explains it.
    pub guide: String,
    pub entries: Vec<String>,
}

const AUTHORITY_CLAIMS: [&str; 6] = [
    "i decided",
    "i owned",
    "owned the",
    "i led",
    "i drove",
    "i made the call",
];
const AUTHORITY_ELSEWHERE: [&str; 7] = [
    "approved",
    "signed off",
    "go/no-go",
    "suggested",
    "proposed",
    "recommended",
    "made the call",
];
const GLUE: [&str; 7] = [
    "onboarding",
    "mentor",
    "documentation",
    "docs",
    "interview",
    "runbook",
    "guide",
];
const OUTCOME_WORDS: [&str; 6] = ["so that", "reduced", "cut", "faster", "fewer", "from "];

/// Everything the handbook's advice says to look at in a brag document.
pub(crate) fn hints(o: &Overlay) -> Vec<Hint> {
    let mut out = Vec::new();
    let entries = &o.brag.entries;
    let unquantified: Vec<String> = entries
        .iter()
        .filter(|e| !e.field("impact").is_some_and(quantified))
        .map(|e| e.title.clone())
        .collect();
    if !unquantified.is_empty() {
        out.push(Hint {
            kind: "quantify",
            message: format!(
                "{} of {} entries state no measurable outcome. Quantify everything: a number, a percentage, an amount, a before and after.",
                unquantified.len(),
                entries.len()
            ),
            guide: "guide:brag-document".into(),
            entries: unquantified,
        });
    }
    for cat in STORY_CATEGORIES {
        let n = entries
            .iter()
            .filter(|e| e.story.as_deref() == Some(cat))
            .count();
        if n < 2 {
            out.push(Hint {
                kind: "story-bank",
                message: format!(
                    "Your story bank has {n} {cat} {}; an interview loop will ask for at least two.",
                    if n == 1 { "story" } else { "stories" }
                ),
                guide: "guide:star-stories".into(),
                entries: Vec::new(),
            });
        }
    }
    let mut quarters: Vec<i32> = entries
        .iter()
        .filter_map(|e| e.when.map(|w| w.quarter_index()))
        .collect();
    quarters.sort_unstable();
    quarters.dedup();
    for pair in quarters.windows(2) {
        if pair[1] - pair[0] > 1 {
            let missing: Vec<String> = (pair[0] + 1..pair[1])
                .map(|q| format!("{}-Q{}", q / 4, q % 4 + 1))
                .collect();
            out.push(Hint {
                kind: "gap",
                message: format!("No entries in {}. A weekly habit keeps quiet quarters from vanishing at review time.", missing.join(", ")),
                guide: "guide:brag-document".into(),
                entries: Vec::new(),
            });
        }
    }
    let claims: Vec<String> = entries
        .iter()
        .filter(|e| {
            let role = e.field("my role").unwrap_or("").to_lowercase();
            let all = format!(
                "{} {} {}",
                e.description,
                role,
                e.field("impact").unwrap_or("")
            )
            .to_lowercase();
            claims_authority(&role) && AUTHORITY_ELSEWHERE.iter().any(|c| all.contains(c))
        })
        .map(|e| e.title.clone())
        .collect();
    if !claims.is_empty() {
        out.push(Hint {
            kind: "authority",
            message: "These entries claim a decision or ownership that the entry itself gives to someone else. Run the authority audit: suggested, recommended, decided or owned?".into(),
            guide: "guide:level-calibration#the-authority-audit".into(),
            entries: claims,
        });
    }
    let glue: Vec<String> = entries
        .iter()
        .filter(|e| {
            let text = format!("{} {} {}", e.title, e.description, e.section).to_lowercase();
            let impact = e.field("impact").unwrap_or("").to_lowercase();
            GLUE.iter().any(|g| text.contains(g))
                && !quantified(&impact)
                && !OUTCOME_WORDS.iter().any(|w| impact.contains(w))
        })
        .map(|e| e.title.clone())
        .collect();
    if !glue.is_empty() {
        out.push(Hint {
            kind: "glue",
            message: "Glue work that is not framed as impact: say what changed for the team (ramp-up time, pages per week, incidents avoided).".into(),
            guide: "guide:glue-work".into(),
            entries: glue,
        });
    }
    out
}

#[cfg(test)]
mod hint_tests {
    use super::{claims_authority, quantified};

    #[test]
    fn outcomes_in_digits_or_words_count_as_measured() {
        for yes in [
            "Checkouts failing fell from 1.9% to 0.4%",
            "Three of four people finished",
            "took his third shift alone, six weeks after starting",
            "Page load time halved",
            "Zero customer-visible failures",
            "twice as many teams use it",
        ] {
            assert!(quantified(yes), "{yes}");
        }
        for no in [
            "Shipped before the spring promotion; the product manager was happy with it.",
            "The guide is up to date now and the setup script works again.",
            "No one complained, and it is one of the better services.",
            "",
        ] {
            assert!(!quantified(no), "{no}");
        }
    }

    #[test]
    fn authority_is_claimed_by_the_writer_not_by_someone_named() {
        for yes in [
            "I decided to cut the scope and told the team.",
            "Owned the rollout plan; the director approved it.",
            "Wrote the plan, led the migration and ran each cutover.",
        ] {
            assert!(claims_authority(yes), "{yes}");
        }
        for no in [
            "Wrote the plan. Priya (tech lead) reviewed the plan and owned the go/no-go calls.",
            "Proposed the design; the architect decided.",
            "",
        ] {
            assert!(!claims_authority(no), "{no}");
        }
    }
}
