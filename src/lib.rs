//! careerbook: a static site generator for engineering career handbooks.
//!
//! The pipeline runs one way: files → [`load`](crate) (front matter into
//! the model, each kind's in `kinds`) → validate → render → output, put
//! together once per run by [`pipeline`]. [`cli`] is a thin layer over the
//! library; [`serve`] keeps a pipeline between saves.
//!
//! The public surface is what the binary, embedders and the integration
//! tests use: the commands' entry points ([`cli`], [`pipeline`], [`serve`],
//! [`import`], [`changes`]), their [`diagnostics`], and the search tokenizer the browser
//! must agree with ([`search::tokenize`]). `fuzzing` is for the fuzz targets
//! in `fuzz/` only. Everything else is `pub(crate)`.
#![warn(unreachable_pub)]

pub(crate) mod cache;
pub mod changes;
pub mod cli;
pub(crate) mod config;
pub mod diagnostics;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod history;
pub(crate) mod html;
pub mod import;
pub(crate) mod kinds;
pub(crate) mod lint;
pub(crate) mod load;
pub(crate) mod markdown;
pub(crate) mod model;
pub(crate) mod output;
pub(crate) mod overlay;
pub(crate) mod parse;
pub mod pipeline;
pub(crate) mod profile;
pub(crate) mod render;
pub(crate) mod revisions;
pub(crate) mod scaffold;
pub mod search;
pub mod serve;
pub(crate) mod source;
pub(crate) mod validate;
