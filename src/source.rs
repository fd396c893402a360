//! Source files as read from disk: their text, how to turn a byte offset into
//! a line and column, and how to split TOML front matter from the Markdown body.
//!
//! Knows nothing about what the front matter means; `load` does that.

use std::borrow::Cow;
use std::hash::Hasher;
use std::ops::Range;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Locate, Location};

/// Hidden files, editor swap and backup files: never part of a handbook.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub path: PathBuf,
    /// The path as shown in messages: relative to the handbook folder.
    pub display: String,
    /// The text as read; empty once [`SourceFile::release`]d.
    pub text: String,
    line_starts: Vec<usize>,
    /// Set when the text was let go to save memory: what it was, so that
    /// reading it again can tell the file changed since.
    released: Option<Released>,
}

/// What a released text was: enough to check that the file still holds it
/// and to answer what the split front matter answered.
#[derive(Debug, Clone, Copy)]
struct Released {
    len: usize,
    hash: u64,
    front_matter_start: usize,
}

/// Front matter and body of a Markdown file, as byte ranges into its text.
#[derive(Debug, Clone)]
pub(crate) struct Split {
    pub front_matter: Range<usize>,
    pub body: Range<usize>,
}

impl SourceFile {
    pub(crate) fn new(path: PathBuf, display: String, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path,
            display,
            text,
            line_starts,
            released: None,
        }
    }

    /// Lets go of the text (and its line table), keeping what is needed to
    /// read it again and check it is unchanged: a build holds one page's
    /// text at a time instead of the whole handbook's.
    pub(crate) fn release(&mut self) {
        if self.released.is_some() {
            return;
        }
        self.released = Some(Released {
            len: self.text.len(),
            hash: text_hash(&self.text),
            front_matter_start: self.front_matter_start(),
        });
        self.text = String::new();
        self.line_starts = Vec::new();
    }

    /// The text in `range`: borrowed while the text is held, read again
    /// from disk once released, and an error naming the file when the file
    /// no longer holds the text that was loaded.
    pub(crate) fn slice(&self, range: Range<usize>) -> Result<Cow<'_, str>, Diagnostic> {
        let Some(was) = self.released else {
            return Ok(Cow::Borrowed(self.text.get(range).unwrap_or("")));
        };
        let mut text = self.read_again(was)?;
        if text.get(range.clone()).is_none() {
            return Ok(Cow::Borrowed(""));
        }
        text.truncate(range.end);
        text.drain(..range.start);
        Ok(Cow::Owned(text))
    }

    fn read_again(&self, was: Released) -> Result<String, Diagnostic> {
        let changed = || {
            Diagnostic::error("this file changed while careerbook was building")
                .in_file(&self.display)
                .hint("build again: careerbook reads a page twice, once to check the handbook and once to render it, and the two must agree")
        };
        let bytes = std::fs::read(&self.path).map_err(|e| {
            Diagnostic::error(format!("cannot read this file again: {e}"))
                .in_file(&self.display)
                .hint("build again; a file removed or made unreadable during a build cannot be rendered")
        })?;
        match String::from_utf8(bytes) {
            Ok(text) if text.len() == was.len && text_hash(&text) == was.hash => Ok(text),
            _ => Err(changed()),
        }
    }

    /// A copy holding its text, read again from disk when it was released
    /// (empty when that fails: for locating a problem, the best there is).
    pub(crate) fn held(&self) -> Cow<'_, SourceFile> {
        match self.released {
            None => Cow::Borrowed(self),
            Some(was) => Cow::Owned(SourceFile::new(
                self.path.clone(),
                self.display.clone(),
                self.read_again(was).unwrap_or_default(),
            )),
        }
    }

    /// Decodes bytes read from disk, reporting invalid UTF-8 at the exact
    /// line and column of the first bad byte.
    pub(crate) fn from_bytes(
        path: PathBuf,
        display: String,
        bytes: Vec<u8>,
    ) -> Result<Self, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(path, display, text)),
            Err(e) => {
                let good = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
                let line = prefix.matches('\n').count() + 1;
                let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
                let column = prefix[line_start..].chars().count() + 1;
                let rest_end = bytes[good..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| good + i);
                let line_text = String::from_utf8_lossy(&bytes[line_start..rest_end]).into_owned();
                Err(Diagnostic {
                    location: Some(Box::new(Location {
                        file: display,
                        line,
                        column,
                        width: 1,
                        line_text: Some(line_text),
                    })),
                    ..Diagnostic::error(format!(
                        "file is not valid UTF-8 (byte 0x{:02x})",
                        bytes.get(good).copied().unwrap_or(0)
                    ))
                    .hint("save the file as UTF-8; most editors have an \"encoding\" option when saving")
                })
            }
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line_idx + 1, col + 1)
    }

    /// Byte offset of a 1-based line and a 0-based column in characters
    /// (how YAML parsers report positions), clamped to the text.
    pub(crate) fn offset_at(&self, line: usize, col_chars: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = self.text.get(start..).unwrap_or("");
        start
            + rest
                .char_indices()
                .take_while(|&(_, c)| c != '\n')
                .nth(col_chars)
                .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(i, _)| i)
    }

    pub(crate) fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\r')
    }

    pub(crate) fn location(&self, offset: usize, len: usize) -> Location {
        let (line, column) = self.line_col(offset);
        let text = self.line_text(line);
        let end = (offset + len).min(self.text.len());
        let width = self
            .text
            .get(offset.min(end)..end)
            .map_or(1, |s| s.split('\n').next().unwrap_or("").chars().count())
            .max(1)
            .min(text.chars().count().saturating_sub(column - 1).max(1));
        Location {
            file: self.display.clone(),
            line,
            column,
            width,
            line_text: Some(text.to_string()),
        }
    }

    /// Byte offset where the front matter TOML starts: the spans serde
    /// reports are relative to it.
    pub(crate) fn front_matter_start(&self) -> usize {
        if let Some(was) = self.released {
            return was.front_matter_start;
        }
        self.split_front_matter()
            .map_or(0, |s| s.front_matter.start)
    }

    /// Splits `+++` TOML front matter from the Markdown body.
    pub(crate) fn split_front_matter(&self) -> Result<Split, Diagnostic> {
        let text = &self.text;
        if text.trim().is_empty() {
            return Err(Diagnostic::error("file is empty")
                .in_file(&self.display)
                .hint("start the file with front matter between `+++` lines, e.g. +++\\ntitle = \"...\"\\n+++ (or delete the file)"));
        }
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let first_line_end = text[bom..].find('\n').map_or(text.len(), |i| bom + i);
        let first = text[bom..first_line_end].trim_end();
        if first != "+++" {
            let hint = if first == "---" {
                "careerbook front matter is TOML between `+++` lines; YAML between `---` is not supported"
            } else {
                "start the file with a `+++` line, then TOML fields such as title = \"...\", then a closing `+++` line"
            };
            return Err(Diagnostic::error("missing front matter")
                .at(self, bom, first_line_end - bom)
                .hint(hint));
        }
        let fm_start = (first_line_end + 1).min(text.len());
        let mut pos = fm_start;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            if text[pos..end].trim_end() == "+++" {
                let body_start = (end + 1).min(text.len());
                return Ok(Split {
                    front_matter: fm_start..pos,
                    body: body_start..text.len(),
                });
            }
            pos = end + 1;
        }
        Err(Diagnostic::error("front matter is never closed")
            .at(self, bom, 3)
            .hint("add a line containing only `+++` after the last front matter field"))
    }
}

/// The fingerprint a released text is checked against when read again.
fn text_hash(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

impl Locate for SourceFile {
    fn locate(&self, offset: usize, len: usize) -> Location {
        self.held().location(offset, len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("x.md"), "x.md".into(), text.into())
    }

    #[test]
    fn line_col_counts_chars() {
        let s = src("ab\nçd\nef");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(3), (2, 1));
        assert_eq!(s.line_col(5), (2, 2));
        assert_eq!(s.line_col(7), (3, 1));
        assert_eq!(s.line_text(2), "çd");
    }

    #[test]
    fn splits_front_matter() {
        let s = src("+++\ntitle = \"a\"\n+++\nbody\n");
        let sp = s.split_front_matter().unwrap();
        assert_eq!(&s.text[sp.front_matter], "title = \"a\"\n");
        assert_eq!(&s.text[sp.body], "body\n");
    }

    #[test]
    fn unterminated_front_matter_is_located() {
        let s = src("+++\ntitle = \"a\"\nbody\n");
        let e = s.split_front_matter().unwrap_err();
        assert_eq!(e.position(), "x.md:1:1");
    }

    #[test]
    fn a_released_text_is_read_again_and_checked() {
        let dir = std::env::temp_dir().join(format!("careerbook-release-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.md");
        let text = "+++\ntitle = \"a\"\n+++\nline one\nline two\n";
        std::fs::write(&path, text).unwrap();
        let mut s = SourceFile::new(path.clone(), "x.md".into(), text.into());
        let body = s.split_front_matter().unwrap().body;
        s.release();
        assert!(s.text.is_empty());
        assert_eq!(s.front_matter_start(), 4);
        assert_eq!(s.slice(body.clone()).unwrap(), "line one\nline two\n");
        // Problems are still located, on the line as it was loaded.
        assert_eq!(
            s.locate(body.start + 9, 4).line_text.as_deref(),
            Some("line two")
        );
        // Same length, other bytes: the file changed since it was loaded.
        std::fs::write(&path, text.replace("one", "two")).unwrap();
        let e = s.slice(body.clone()).unwrap_err();
        assert_eq!(e.position(), "x.md");
        assert!(
            e.message.contains("changed while careerbook was building"),
            "{}",
            e.message
        );
        std::fs::remove_file(&path).unwrap();
        assert!(s
            .slice(body)
            .unwrap_err()
            .message
            .contains("cannot read this file again"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let e = SourceFile::from_bytes("x".into(), "x.md".into(), b"ok\nab\xffc\n".to_vec())
            .unwrap_err();
        assert_eq!(e.position(), "x.md:2:3");
    }
}
