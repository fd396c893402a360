//! `book.toml`: the settings a team shares for its handbook.
//!
//! Plain data with serde defaults; it never names the personal overlay, which
//! is private to one reader and must not be configurable from a shared file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    pub book: BookSection,
    #[serde(default)]
    pub build: BuildSection,
    #[serde(default)]
    pub markdown: MarkdownSection,
    #[serde(default)]
    pub search: SearchSection,
    #[serde(default)]
    pub repository: Option<RepositorySection>,
    /// Released versions of the ladder, oldest first (`[[releases]]`).
    #[serde(default)]
    pub releases: Vec<ReleaseSection>,
    /// Build profiles by name (`[profiles.staff]`), besides the built-in
    /// `public` and `internal` (see `src/profile.rs`).
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileSection>,
    /// The hiring profiles, one per level (`[hiring]`).
    #[serde(default)]
    pub hiring: HiringSection,
}

/// The hiring profile pages (`hiring/`): whether the site has them, and
/// whether only builds that keep internal content do (interview loops and
/// rubrics are often for interviewers only).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HiringSection {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Hiring pages are internal: left out of builds whose profile leaves
    /// internal content out (`public`, the default).
    #[serde(default)]
    pub internal: bool,
}

impl Default for HiringSection {
    fn default() -> Self {
        HiringSection {
            enabled: true,
            internal: false,
        }
    }
}

/// A build profile as book.toml defines it (`[profiles.NAME]`): whether it
/// keeps the content marked internal, and where its builds go. The profile
/// a run uses is `model::Handbook::profile`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileSection {
    /// Keep internal pages, sections and examples (every page is then
    /// marked `noindex`).
    #[serde(default)]
    pub internal: bool,
    /// The output folder for this profile's builds when `-o` is not given,
    /// relative to the handbook folder (in place of `[build] output`).
    #[serde(default)]
    pub output: Option<String>,
}

/// A released version of the ladder: its name, its date and where it is
/// kept (a git ref of the handbook's repository, or a folder holding the
/// handbook as it was).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReleaseSection {
    pub name: String,
    #[serde(default)]
    pub date: Option<toml::value::Datetime>,
    #[serde(default, rename = "ref")]
    pub git_ref: Option<String>,
    /// A folder, relative to the handbook, holding the release's handbook.
    #[serde(default)]
    pub path: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BookSection {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// BCP 47 language tag, for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub authors: Vec<String>,
    /// Absolute URL the site is published at, e.g. `https://example.com/handbook/`.
    /// Used for canonical links and the sitemap; pages link relatively either way.
    #[serde(default)]
    pub base_url: String,
    /// How long a page's `reviewed` date holds ("12 months", "6 weeks"):
    /// `check` warns about pages reviewed longer ago.
    #[serde(default)]
    pub review_after: Option<Period>,
}

/// A length of time as people write it: `N days`, `weeks`, `months` or `years`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    Days(u32),
    Months(u32),
}

impl Period {
    fn parse(s: &str) -> Option<Period> {
        let mut words = s.split_whitespace();
        let n: u32 = words.next()?.parse().ok()?;
        let unit = words.next()?.trim_end_matches('s');
        if words.next().is_some() {
            return None;
        }
        Some(match unit {
            "day" => Period::Days(n),
            "week" => Period::Days(n.checked_mul(7)?),
            "month" => Period::Months(n),
            "year" => Period::Months(n.checked_mul(12)?),
            _ => return None,
        })
    }

    /// As written in book.toml.
    pub(crate) fn describe(self) -> String {
        match self {
            Period::Days(1) => "1 day".into(),
            Period::Days(n) => format!("{n} days"),
            Period::Months(1) => "1 month".into(),
            Period::Months(n) => format!("{n} months"),
        }
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a period: write a number and days, weeks, months or years, such as \"12 months\""
            ))
        })
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.describe())
    }
}

fn default_language() -> String {
    "en".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BuildSection {
    /// Output folder, relative to the handbook folder.
    #[serde(default = "default_output")]
    pub output: String,
    /// Theme folder name under `themes/`; files there override the built-in theme.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Write `print.html`, the whole handbook on one page for printing or
    /// saving as PDF. It holds every page's body until the end of the
    /// build, so a very large handbook may turn it off.
    #[serde(default = "yes")]
    pub print: bool,
    /// The most entries a kind's list page shows; a longer list is split
    /// into pages (`guides/index.html`, `guides/index-2.html`, ...). 0 keeps
    /// every list on one page. The levels' list is never split.
    #[serde(default = "default_list_page_size")]
    pub list_page_size: usize,
}

impl Default for BuildSection {
    fn default() -> Self {
        BuildSection {
            output: default_output(),
            theme: default_theme(),
            print: true,
            list_page_size: default_list_page_size(),
        }
    }
}

fn default_list_page_size() -> usize {
    500
}

fn default_output() -> String {
    "site".into()
}
/// The theme built into the binary.
pub(crate) const DEFAULT_THEME: &str = "default";

fn default_theme() -> String {
    DEFAULT_THEME.into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkdownSection {
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// Syntax-highlight fenced code blocks.
    #[serde(default = "yes")]
    pub highlight: bool,
    /// Highlighting theme for the light color scheme (a syntect theme name).
    #[serde(default = "default_light")]
    pub highlight_theme_light: String,
    /// Highlighting theme for the dark color scheme.
    #[serde(default = "default_dark")]
    pub highlight_theme_dark: String,
    /// What to do with raw HTML (and links to anything but a web, mail or
    /// relative address) in the handbook's Markdown.
    #[serde(default)]
    pub html: RawHtml,
}

/// `[markdown] html`: the handbook's own raw HTML is trusted by default; a
/// wiki with many editors can clean it to a safe allow-list or refuse it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawHtml {
    /// Rendered as written.
    #[default]
    Keep,
    /// Rendered pages are cleaned to an allow-list: no scripts, event
    /// attributes, styles, frames or forms, and only web, mail and relative
    /// links.
    Sanitize,
    /// Raw HTML and unsafe links are errors, located in the source.
    Reject,
}

impl Default for MarkdownSection {
    fn default() -> Self {
        MarkdownSection {
            smart_punctuation: true,
            highlight: true,
            highlight_theme_light: default_light(),
            highlight_theme_dark: default_dark(),
            html: RawHtml::Keep,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_light() -> String {
    "InspiredGitHub".into()
}
fn default_dark() -> String {
    "base16-ocean.dark".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchSection {
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for SearchSection {
    fn default() -> Self {
        SearchSection { enabled: true }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepositorySection {
    /// Web URL of the repository, e.g. `https://github.com/acme/ladder`.
    pub url: String,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// Path of the handbook folder inside the repository.
    #[serde(default)]
    pub path: String,
}

fn default_branch() -> String {
    "main".into()
}

impl RepositorySection {
    /// The "edit this page" URL for a file given relative to the handbook folder.
    pub(crate) fn edit_url(&self, relative: &str) -> String {
        let base = self.url.trim_end_matches('/');
        let prefix = self.path.trim_matches('/');
        if prefix.is_empty() {
            format!("{base}/edit/{}/{relative}", self.branch)
        } else {
            format!("{base}/edit/{}/{prefix}/{relative}", self.branch)
        }
    }
}
