//! Front matter of each content kind, exactly as written in files.
//!
//! Every struct denies unknown fields so a misspelled key is an error with a
//! suggestion rather than silently lost data. Ids and references that
//! validation must point at keep their source span (`Spanned`).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// What every kind shares, so stages can treat items generically.
pub trait FrontMatter {
    fn explicit_id(&self) -> Option<&Spanned<String>>;
    fn title(&self) -> &str;
    fn summary(&self) -> &str;
    fn tags(&self) -> &[String];
    fn weight(&self) -> i64;
    /// Every Markdown-bearing field, so cross-references in them are checked.
    fn markdown_fields(&self) -> Vec<&str>;
    /// Anchors this item's page owns beyond its headings and its kind's
    /// layout anchors (a level's dimensions and criteria).
    fn own_anchors(&self) -> Vec<String> {
        Vec::new()
    }
}

macro_rules! common_front_matter {
    ($ty:ty, |$s:ident| $fields:expr) => {
        common_front_matter!($ty, |$s| $fields, anchors | _x | Vec::new());
    };
    ($ty:ty, |$s:ident| $fields:expr, anchors |$a:ident| $anchors:expr) => {
        impl FrontMatter for $ty {
            fn explicit_id(&self) -> Option<&Spanned<String>> {
                self.id.as_ref()
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn summary(&self) -> &str {
                &self.summary
            }
            fn tags(&self) -> &[String] {
                &self.tags
            }
            fn weight(&self) -> i64 {
                self.weight
            }
            fn markdown_fields(&self) -> Vec<&str> {
                let $s = self;
                $fields
            }
            fn own_anchors(&self) -> Vec<String> {
                let $a = self;
                $anchors
            }
        }
    };
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    /// Typical years of experience, free text ("5-8", "8+").
    #[serde(default)]
    pub years: String,
    /// A role (tech lead) rather than a rung of a ladder.
    #[serde(default)]
    pub role: bool,
    /// For roles: the levels it usually sits beside.
    #[serde(default)]
    pub alongside: Vec<Spanned<String>>,
    /// One expectation per dimension id.
    #[serde(default)]
    pub expectations: BTreeMap<Spanned<String>, Expectation>,
}

impl LevelMeta {
    /// This level's expectation on a dimension.
    pub fn expectation(&self, dimension: &str) -> Option<&Expectation> {
        self.expectations
            .iter()
            .find(|(k, _)| k.get_ref() == dimension)
            .map(|(_, e)| e)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// May be empty when the criteria say it all (imported ladders state
    /// their levels only through criteria); empty with no criteria is a lint
    /// warning, not an error, so an import can say "the source is silent".
    #[serde(default)]
    pub statement: String,
    /// A name from the framework's proficiency scale, when it declares one.
    pub proficiency: Option<Spanned<String>>,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: Spanned<String>,
    pub text: String,
    #[serde(default)]
    pub examples: Vec<String>,
    /// The lower-level criterion this one grows from.
    pub strengthens: Option<Spanned<String>>,
}

common_front_matter!(
    LevelMeta,
    |s| {
        let mut v: Vec<&str> = Vec::new();
        for e in s.expectations.values() {
            v.push(&e.statement);
            for c in &e.criteria {
                v.push(&c.text);
                v.extend(c.examples.iter().map(String::as_str));
            }
        }
        v
    },
    anchors | s | {
        let mut v = Vec::new();
        for (dim, e) in &s.expectations {
            v.push(dim.get_ref().clone());
            v.extend(e.criteria.iter().map(|c| c.id.get_ref().clone()));
        }
        v
    }
);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionMeta {
    pub id: Option<Spanned<String>>,
    /// The prompt, as asked.
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    pub round: Spanned<String>,
    #[serde(default)]
    pub levels: Vec<Spanned<String>>,
    /// What the question is really testing.
    pub tests: String,
    pub how_to_answer: String,
    pub mistakes: Vec<String>,
    #[serde(default)]
    pub framing: String,
    #[serde(default)]
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub label: String,
    pub level: Option<Spanned<String>>,
    pub text: String,
}

common_front_matter!(QuestionMeta, |s| {
    let mut v = vec![s.tests.as_str(), &s.how_to_answer, &s.framing];
    v.extend(s.mistakes.iter().map(String::as_str));
    v.extend(s.answers.iter().map(|a| a.text.as_str()));
    v
});

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AntiPatternMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub levels: Vec<Spanned<String>>,
    pub signs: Vec<String>,
    pub why_it_hurts: String,
    pub how_to_avoid: Vec<String>,
}

common_front_matter!(AntiPatternMeta, |s| {
    let mut v = vec![s.why_it_hurts.as_str()];
    v.extend(s.signs.iter().map(String::as_str));
    v.extend(s.how_to_avoid.iter().map(String::as_str));
    v
});

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    pub timebox: String,
    #[serde(default)]
    pub levels: Vec<Spanned<String>>,
    pub steps: Vec<String>,
    pub produce: Vec<String>,
    pub rubric: Option<Spanned<Rubric>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// The score points, ascending (e.g. 1, 3, 5).
    pub scores: Vec<u32>,
    pub criteria: Vec<RubricCriterion>,
    pub ranges: Vec<Spanned<ScoreRange>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricCriterion {
    pub id: Spanned<String>,
    pub name: String,
    pub descriptors: Spanned<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreRange {
    pub min: u32,
    pub max: u32,
    pub label: String,
    pub meaning: String,
}

common_front_matter!(ExerciseMeta, |s| {
    let mut v: Vec<&str> = s.steps.iter().map(String::as_str).collect();
    v.extend(s.produce.iter().map(String::as_str));
    if let Some(r) = &s.rubric {
        for c in &r.get_ref().criteria {
            v.extend(c.descriptors.get_ref().iter().map(String::as_str));
        }
        v.extend(
            r.get_ref()
                .ranges
                .iter()
                .map(|x| x.get_ref().meaning.as_str()),
        );
    }
    v
});

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    pub groups: Vec<ChecklistGroup>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistGroup {
    pub name: String,
    pub items: Spanned<Vec<String>>,
}

common_front_matter!(ChecklistMeta, |s| {
    s.groups
        .iter()
        .flat_map(|g| g.items.get_ref().iter().map(String::as_str))
        .collect()
});

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
}

common_front_matter!(GuideMeta, |_s| Vec::new());

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeMeta {
    pub id: Option<Spanned<String>>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
}

common_front_matter!(HomeMeta, |_s| Vec::new());
