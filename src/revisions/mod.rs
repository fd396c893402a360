//! Revisions of a ladder: what changed between two snapshots of it
//! ([`crate::model::snapshot`]), by stable id ([`diff`], with [`infer`] for
//! pairings nobody declared and [`words`] for rewordings), written as text,
//! Markdown or JSON ([`report`]); and the handbook as it was at a git ref
//! ([`git`]). `careerbook changes` and the release pages use them.

pub(crate) mod diff;
pub(crate) mod git;
mod infer;
pub(crate) mod report;
pub(crate) mod words;

pub use report::Format;
