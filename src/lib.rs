//! careerbook: a static site generator for engineering career handbooks.
//!
//! The pipeline runs one way: files → [`load`] (front matter into the
//! [`model`], with [`parse`] reading each Markdown body once for headings and
//! cross-references) → [`validate`] → [`render`] → [`output`]. [`site`]
//! orchestrates it; [`cli`] is a thin layer over [`site`].

pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod history;
pub mod html;
pub mod import;
pub mod kinds;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod overlay;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod validate;
