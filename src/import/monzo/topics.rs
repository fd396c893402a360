//! Monzo's YAML frameworks: `topics`, each with per-level `criteria` and
//! `exampleCriteria`.

use std::collections::HashSet;

use super::{capitalize, Framework, Topic};
use crate::diagnostics::Diagnostics;
use crate::import::yaml::{self, Doc, Node};
use crate::import::{derived_id, Criterion, Dimension};
use crate::markdown::slugify_id;

pub(super) fn yaml_framework(
    doc: &Doc,
    f: &yaml::Fields,
    name: String,
    prefix: &str,
    taken: &mut HashSet<String>,
    d: &mut Diagnostics,
) -> Option<Framework> {
    let levels_node = f.require(doc, "levels").map_err(|e| d.push(e)).ok()?;
    let levels = match doc
        .string(levels_node, "`levels`")
        .map(|s| s.parse::<usize>())
    {
        Ok(Ok(n)) if (1..=50).contains(&n) => n,
        Ok(_) => {
            d.push(
                doc.error(
                    levels_node,
                    "`levels` should be the number of levels, from 1 to 50",
                )
                .hint("e.g. `levels: 6`"),
            );
            return None;
        }
        Err(e) => {
            d.push(e);
            return None;
        }
    };
    let topics_node = f.require(doc, "topics").map_err(|e| d.push(e)).ok()?;
    let mut topics: Vec<Topic> = Vec::new();
    for t in doc
        .seq(topics_node, "`topics`")
        .map_err(|e| d.push(e))
        .unwrap_or(&[])
    {
        let cx = TopicCx {
            doc,
            levels,
            prefix,
        };
        if let Some(topic) = cx.topic(t, &topics, taken, d) {
            topics.push(topic);
        }
    }
    if topics.is_empty() && !d.has_errors() {
        d.push(
            doc.error(topics_node, "the framework has no topics")
                .hint("list topics under `topics:`, each with a `name` and per-level `content`"),
        );
        return None;
    }
    Some(Framework {
        name,
        levels,
        topics,
    })
}

/// What reading one topic of a YAML framework needs.
struct TopicCx<'a> {
    doc: &'a Doc,
    levels: usize,
    prefix: &'a str,
}

impl TopicCx<'_> {
    /// One topic: its name, title and each level's criteria.
    fn topic(
        &self,
        t: &Node,
        before: &[Topic],
        taken: &mut HashSet<String>,
        d: &mut Diagnostics,
    ) -> Option<Topic> {
        let doc = self.doc;
        let tf = doc.fields(t, "a topic", &["name", "title", "content"], d)?;
        let raw = tf
            .require(doc, "name")
            .and_then(|n| doc.string(n, "the topic's `name`"))
            .map_err(|e| d.push(e))
            .ok()?;
        let (head, description) = match raw.split_once(':') {
            Some((h, rest)) => (h.trim().to_string(), rest.trim().to_string()),
            None => (raw.trim().to_string(), String::new()),
        };
        let id = slugify_id(&head);
        let name_node = tf.get("name").unwrap_or(t);
        if id.is_empty() {
            d.push(
                doc.error(
                    name_node,
                    "the topic's name has no letters or digits to make an id from",
                )
                .hint("name topics with words, e.g. `name: \"communication\"`"),
            );
            return None;
        }
        if before.iter().any(|x| x.dim.id == id) {
            d.push(
                doc.error(name_node, format!("topic `{id}` appears twice"))
                    .hint("merge the two topics, or rename one"),
            );
            return None;
        }
        let title = match tf.get("title").map(|n| &n.value) {
            Some(yaml::Value::Str(s)) if !s.trim().is_empty() => s.trim().to_string(),
            _ => capitalize(&head),
        };
        let mut topic = Topic {
            dim: Dimension {
                id: id.clone(),
                name: title,
                description,
                tiers: Vec::new(),
            },
            levels: vec![(String::new(), Vec::new()); self.levels],
        };
        let content = tf
            .get("content")
            .map(|n| {
                doc.seq(n, "`content`")
                    .map_err(|e| d.push(e))
                    .unwrap_or(&[])
            })
            .unwrap_or(&[]);
        for entry in content {
            self.level_content(entry, &id, &mut topic, taken, d);
        }
        Some(topic)
    }

    /// One `- level: N` entry of a topic's content: its criteria and example
    /// criteria.
    fn level_content(
        &self,
        entry: &Node,
        topic_id: &str,
        topic: &mut Topic,
        taken: &mut HashSet<String>,
        d: &mut Diagnostics,
    ) -> Option<()> {
        let (doc, levels) = (self.doc, self.levels);
        let ef = doc.fields(
            entry,
            "a level's content",
            &["level", "criteria", "exampleCriteria"],
            d,
        )?;
        let level_node = ef.require(doc, "level").map_err(|e| d.push(e)).ok()?;
        let n = match doc
            .string(level_node, "`level`")
            .map(|s| s.parse::<usize>())
        {
            Ok(Ok(n)) if (1..=levels).contains(&n) => n,
            Ok(_) => {
                d.push(
                    doc.error(
                        level_node,
                        format!("level must be a number from 1 to {levels}"),
                    )
                    .hint(format!(
                        "the framework declares `levels: {levels}`; raise it or fix this level"
                    )),
                );
                return None;
            }
            Err(e) => {
                d.push(e);
                return None;
            }
        };
        let id_prefix = if self.prefix.is_empty() {
            format!("l{n}-{topic_id}")
        } else {
            format!("{}-l{n}-{topic_id}", self.prefix)
        };
        let cell = &mut topic.levels[n - 1].1;
        if let Some(list) = ef.get("criteria") {
            for c in doc
                .seq(list, "`criteria`")
                .map_err(|e| d.push(e))
                .unwrap_or(&[])
            {
                if let Some(text) = criterion_text(doc, c, d) {
                    cell.push(Criterion {
                        id: derived_id(&id_prefix, &text, taken),
                        text,
                        examples: Vec::new(),
                    });
                }
            }
        }
        if let Some(list) = ef.get("exampleCriteria") {
            for c in doc
                .seq(list, "`exampleCriteria`")
                .map_err(|e| d.push(e))
                .unwrap_or(&[])
            {
                if let Some((text, examples)) = example_criterion(doc, c, d) {
                    cell.push(Criterion {
                        id: derived_id(&id_prefix, &text, taken),
                        text,
                        examples,
                    });
                }
            }
        }
        Some(())
    }
}

/// An `exampleCriteria` item: its criterion and examples.
fn example_criterion(doc: &Doc, c: &Node, d: &mut Diagnostics) -> Option<(String, Vec<String>)> {
    let cf = doc.fields(c, "an example criterion", &["criteria", "examples"], d)?;
    let text = cf
        .require(doc, "criteria")
        .map_err(|e| d.push(e))
        .ok()
        .and_then(|n| criterion_text(doc, n, d))?;
    let mut examples = Vec::new();
    if let Some(ex) = cf.get("examples") {
        for e in doc
            .seq(ex, "`examples`")
            .map_err(|e| d.push(e))
            .unwrap_or(&[])
        {
            if let Some(s) = criterion_text(doc, e, d) {
                examples.push(s);
            }
        }
    }
    Some((text, examples))
}

fn criterion_text(doc: &Doc, node: &Node, d: &mut Diagnostics) -> Option<String> {
    let s = doc
        .string(node, "a criterion")
        .map_err(|e| d.push(e))
        .ok()?;
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        d.push(
            doc.error(node, "empty criterion")
                .hint("write the criterion's text, or remove the item"),
        );
        return None;
    }
    Some(s)
}
