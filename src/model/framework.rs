//! The framework file: dimensions, tracks (ordered levels) and interview rounds.

use serde::{Deserialize, Serialize};
use toml::Spanned;

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
}

impl Framework {
    pub(crate) fn round(&self, id: &str) -> Option<&Round> {
        self.rounds.iter().find(|r| r.id.get_ref() == id)
    }

    /// The 0-based position of a proficiency name on the scale.
    pub(crate) fn proficiency_rank(&self, name: &str) -> Option<usize> {
        self.framework
            .proficiency
            .iter()
            .position(|p| p.get_ref() == name)
    }
}
