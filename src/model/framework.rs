//! The framework file: dimensions, tracks (ordered levels) and interview rounds.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::kinds::level::Criterion;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Framework {
    #[serde(default)]
    pub framework: FrameworkInfo,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub tracks: Vec<Track>,
    #[serde(default)]
    pub rounds: Vec<Round>,
    /// Criteria and levels removed on purpose, with the reason readers are
    /// given (`[[retired]]`): `careerbook changes` and the release pages
    /// show it, and a reference to a retired id says why it is gone.
    #[serde(default)]
    pub retired: Vec<Retired>,
    /// Abbreviations and synonyms (`[[glossary]]`): search expands a term
    /// to its meanings and back, and never corrects it as a typo.
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
}

/// One glossary entry: a term (a word, an abbreviation or a phrase), what
/// it means (one or more synonyms) and an optional short definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GlossaryEntry {
    pub term: Spanned<String>,
    #[serde(default)]
    pub means: Vec<Spanned<String>>,
    /// Markdown, a sentence or two.
    #[serde(default)]
    pub definition: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Retired {
    pub id: Spanned<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrameworkInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// An optional ordered proficiency scale, lowest first ("Awareness",
    /// "Working", ...), that a level's expectation may name. Names, not
    /// numbers: ladders imported from elsewhere (Etsy, FT) speak in words.
    #[serde(default)]
    pub proficiency: Vec<Spanned<String>>,
    /// Whether assessing yourself against a level takes the criteria of
    /// the levels below it as met (`"assumed"`, the default) or asks about
    /// them too (`"assessed"`).
    #[serde(default)]
    pub lower_levels: LowerLevels,
}

/// How an assessment against a level treats the criteria of lower levels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LowerLevels {
    #[default]
    Assumed,
    Assessed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Dimension {
    pub id: Spanned<String>,
    pub name: String,
    /// The question this dimension answers ("How big is the problem you own?").
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub description: String,
    /// For ladders whose criteria belong to a step of the proficiency scale
    /// rather than to a level (Etsy's competencies): what each step asks
    /// on this dimension, lowest first. Levels then state a rule over the
    /// steps ([`crate::kinds::level::rule::Rule`]) instead of cells.
    #[serde(default)]
    pub tiers: Vec<Tier>,
}

/// One step of the proficiency scale on one dimension, with its criteria.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tier {
    /// A name from the framework's proficiency scale.
    pub proficiency: Spanned<String>,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Track {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Level ids, lowest first. Tracks may share their lower levels.
    pub levels: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Round {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The dimensions the round assesses: a level's hiring profile scores
    /// the round against the level's criteria on them.
    #[serde(default)]
    pub dimensions: Vec<Spanned<String>>,
    /// Whether interviewers score the round. `false` for the candidate's
    /// own questions: hiring profiles list them as what to be ready for.
    #[serde(default = "scored")]
    pub scored: bool,
}

fn scored() -> bool {
    true
}

impl Framework {
    pub(crate) fn round(&self, id: &str) -> Option<&Round> {
        self.rounds.iter().find(|r| r.id.get_ref() == id)
    }

    /// Every tier criterion: (dimension, tier, criterion).
    pub(crate) fn tier_criteria(&self) -> impl Iterator<Item = (&Dimension, &Tier, &Criterion)> {
        self.dimensions.iter().flat_map(|d| {
            d.tiers
                .iter()
                .flat_map(move |t| t.criteria.iter().map(move |c| (d, t, c)))
        })
    }

    /// Every tier criterion, to change.
    pub(crate) fn tier_criteria_mut(&mut self) -> impl Iterator<Item = &mut Criterion> {
        self.dimensions
            .iter_mut()
            .flat_map(|d| d.tiers.iter_mut().flat_map(|t| t.criteria.iter_mut()))
    }

    /// A dimension's tier at a step of the scale.
    pub(crate) fn tier(&self, dimension: &str, proficiency: &str) -> Option<&Tier> {
        self.dimensions
            .iter()
            .find(|d| d.id.get_ref() == dimension)?
            .tiers
            .iter()
            .find(|t| t.proficiency.get_ref() == proficiency)
    }

    /// The 0-based position of a proficiency name on the scale.
    pub(crate) fn proficiency_rank(&self, name: &str) -> Option<usize> {
        self.framework
            .proficiency
            .iter()
            .position(|p| p.get_ref() == name)
    }
}
