//! YAML as a tree that remembers where every node came from.
//!
//! Importers need positions for every mistake they report (an unknown field,
//! a level that does not exist), not only for syntax errors, so the tree is
//! built from yaml-rust2's marked events instead of its untyped `Yaml` value.
//! Only what ladders use is supported: mappings, sequences and scalars;
//! anchors and aliases are refused with a located error.

use std::sync::Arc;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::source::SourceFile;

/// A node and the byte offset of its first character in the source file.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub value: Value,
    pub offset: usize,
    /// Length in bytes to underline (scalars only; 1 for collections).
    pub len: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Value {
    Null,
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A YAML document in a source file: the tree plus the file, so any node can
/// be turned into a located diagnostic.
pub(crate) struct Doc {
    pub src: Arc<SourceFile>,
    pub root: Node,
}

/// Parses the YAML in `src.text[start..end]` (all of a .yml file, or the
/// front matter of a Markdown file). Positions are reported in the file.
pub(crate) fn parse(src: Arc<SourceFile>, start: usize, end: usize) -> Result<Doc, Diagnostic> {
    let text = src.text.get(start..end).unwrap_or("");
    let (base_line, _) = src.line_col(start);
    let mut builder = Builder {
        src: &src,
        base_line,
        stack: Vec::new(),
        root: None,
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, false) {
        let m = e.marker();
        let line = base_line + m.line() - 1;
        let mut offset = src.offset_at(line, m.col());
        // The scanner reports where the indentation ends; the TAB the
        // message is about is earlier on the line.
        if e.info().contains("tab") {
            let from = src.offset_at(line, 0);
            let near = src.text.get(from..).unwrap_or("");
            let window = near
                .split_inclusive('\n')
                .take(3)
                .map(str::len)
                .sum::<usize>();
            if let Some(i) = near.get(..window).and_then(|w| w.find('\t')) {
                offset = from + i;
            }
        }
        return Err(
            Diagnostic::error(format!("YAML syntax error: {}", e.info()))
                .at(&src, offset, 1)
                .hint(syntax_hint(e.info())),
        );
    }
    if let Some(e) = builder.error {
        return Err(e);
    }
    let root = builder.root.unwrap_or(Node {
        value: Value::Null,
        offset: start,
        len: 1,
    });
    Ok(Doc { src, root })
}

fn syntax_hint(info: &str) -> String {
    if info.contains("tab") {
        "YAML indents with spaces only: replace the TAB with spaces".into()
    } else if info.contains("mapping values") {
        "a value containing `: ` needs quotes, e.g. summary: \"Owns: the roadmap\"".into()
    } else {
        "check the indentation and quoting around this position".into()
    }
}

struct Builder<'a> {
    src: &'a SourceFile,
    base_line: usize,
    /// Open collections; a mapping keeps a pending key until its value ends.
    stack: Vec<(Node, Option<Node>)>,
    root: Option<Node>,
    error: Option<Diagnostic>,
}

impl Builder<'_> {
    fn offset(&self, m: &Marker) -> usize {
        self.src.offset_at(self.base_line + m.line() - 1, m.col())
    }

    fn finish(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some((parent, pending)) => match &mut parent.value {
                Value::Seq(items) => items.push(node),
                Value::Map(pairs) => match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => pairs.push((key, node)),
                },
                _ => {}
            },
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let offset = self.offset(&mark);
        match ev {
            Event::Scalar(s, style, _, _) => {
                let null = style == TScalarStyle::Plain && matches!(s.as_str(), "" | "~" | "null");
                let len = self
                    .src
                    .text
                    .get(offset..)
                    .and_then(|t| t.lines().next())
                    .map_or(1, |l| l.trim_end().len().max(1));
                let value = if null { Value::Null } else { Value::Str(s) };
                self.finish(Node { value, offset, len });
            }
            Event::SequenceStart(..) => self.stack.push((
                Node {
                    value: Value::Seq(Vec::new()),
                    offset,
                    len: 1,
                },
                None,
            )),
            Event::MappingStart(..) => self.stack.push((
                Node {
                    value: Value::Map(Vec::new()),
                    offset,
                    len: 1,
                },
                None,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((mut node, _)) = self.stack.pop() {
                    // A block mapping's event comes after its first key;
                    // point at the key so "has no `x`" shows the mapping's start.
                    if let Value::Map(pairs) = &node.value {
                        if let Some((k, _)) = pairs.first() {
                            node.offset = node.offset.min(k.offset);
                        }
                    }
                    self.finish(node);
                }
            }
            Event::Alias(_) => {
                self.error = Some(
                    Diagnostic::error("YAML aliases (`*name`) are not supported here")
                        .at(self.src, offset, 1)
                        .hint("write the value out in full instead of referring to an anchor"),
                );
            }
            _ => {}
        }
    }
}

impl Doc {
    pub(crate) fn error(&self, node: &Node, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&self.src, node.offset, node.len)
    }

    /// The fields of a mapping, with every key not in `allowed` reported.
    pub(crate) fn fields<'n>(
        &self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
        d: &mut Diagnostics,
    ) -> Option<Fields<'n>> {
        let Value::Map(pairs) = &node.value else {
            d.push(
                self.error(node, format!("expected {what} (a mapping of `key: value`)"))
                    .hint(format!("{what} has the fields {}", allowed.join(", "))),
            );
            return None;
        };
        let mut fields = Vec::new();
        for (k, v) in pairs {
            let Value::Str(name) = &k.value else {
                d.push(self.error(k, "expected a field name"));
                continue;
            };
            if !allowed.contains(&name.as_str()) {
                let diag = self.error(k, format!("unknown field `{name}` in {what}"));
                d.push(match did_you_mean(name, allowed.iter().copied()) {
                    Some(best) => diag.hint(format!("did you mean `{best}`?")),
                    None => diag.hint(format!("{what} has the fields {}", allowed.join(", "))),
                });
                continue;
            }
            fields.push((name.as_str(), k, v));
        }
        Some(Fields {
            node,
            what: what.to_string(),
            fields,
        })
    }

    /// A scalar as text (numbers and booleans too, as written).
    pub(crate) fn string(&self, node: &Node, what: &str) -> Result<String, Diagnostic> {
        match &node.value {
            Value::Str(s) => Ok(s.clone()),
            Value::Null => Err(self
                .error(node, format!("{what} is empty"))
                .hint(format!("give {what} a value"))),
            _ => Err(self
                .error(
                    node,
                    format!("{what} should be text, not a list or mapping"),
                )
                .hint("quote the value if it contains `:` or starts with `-`")),
        }
    }

    /// The items of a sequence; null counts as empty.
    pub(crate) fn seq<'n>(&self, node: &'n Node, what: &str) -> Result<&'n [Node], Diagnostic> {
        match &node.value {
            Value::Seq(items) => Ok(items),
            Value::Null => Ok(&[]),
            _ => Err(self
                .error(node, format!("{what} should be a list"))
                .hint("start each item on its own line with `- `")),
        }
    }
}

/// The known fields of one mapping.
pub(crate) struct Fields<'n> {
    node: &'n Node,
    what: String,
    fields: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    pub(crate) fn get(&self, name: &str) -> Option<&'n Node> {
        self.fields
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, v)| *v)
    }

    /// A field that must be there; missing, it is reported at the mapping.
    pub(crate) fn require(&self, doc: &Doc, name: &str) -> Result<&'n Node, Diagnostic> {
        self.get(name).ok_or_else(|| {
            doc.error(self.node, format!("{} has no `{name}`", self.what))
                .hint(format!("add `{name}:` to {}", self.what))
        })
    }
}

/// Warnings for TAB characters used as separators (`-<TAB>"text"`): valid
/// YAML 1.2, which careerbook reads, but rejected by libyaml-based tools
/// (PyYAML, Ruby), so worth fixing at the source.
pub(crate) fn tab_warnings(src: &SourceFile, start: usize, end: usize) -> Vec<Diagnostic> {
    let text = src.text.get(start..end).unwrap_or("");
    let mut out = Vec::new();
    let mut line_start = start;
    for line in text.split_inclusive('\n') {
        if let Some(i) = line.find('\t') {
            let before = line[..i].trim_end_matches(' ');
            if before.ends_with('-') || before.ends_with(':') {
                out.push(
                    Diagnostic::warning("TAB used as a separator in YAML")
                        .at(src, line_start + i, 1)
                        .hint("careerbook reads it (YAML 1.2 allows it), but PyYAML and other libyaml-based tools reject it: use a space"),
                );
            }
        }
        line_start += line.len();
    }
    out
}
