//! Interview questions: a prompt, the levels it calibrates for, its round,
//! what it tests, how to answer, common mistakes, a framing, and optionally
//! calibrated example answers by level. Listed by round on the question
//! bank, filterable by level.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::level::{level_link, level_links, Level};
use super::{Subfolders, by_weight, unknown, Checks, Entry, ItemKind, KindInfo, Link, SearchFields, View};
use super::{level_list, toml_string};
use crate::diagnostics::Diagnostics;
use crate::model::{common_front_matter, Doc, Framework, Handbook, Reader};

pub(crate) struct Question;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuestionMeta {
    pub id: Option<Spanned<String>>,
    /// The prompt, as asked.
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub weight: i64,
    /// Who keeps this page current (shown in its footer).
    #[serde(default)]
    pub owner: String,
    /// When it was last reviewed, a TOML date (`reviewed = 2026-03-01`);
    /// `check` warns when it is older than book.toml's `review_after`.
    pub reviewed: Option<toml::Spanned<toml::value::Datetime>>,
    /// Internal to the team: left out of builds whose profile leaves
    /// internal content out (`public`, the default).
    #[serde(default)]
    pub internal: Option<Spanned<bool>>,
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
pub(crate) struct Answer {
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

#[derive(Serialize)]
struct QuestionView {
    id: String,
    title: String,
    round: String,
    round_name: String,
    levels: Vec<Link>,
    tags: Vec<String>,
    tests: String,
    how_to_answer: String,
    mistakes: Vec<String>,
    framing: String,
}

#[derive(Serialize)]
struct AnswerView {
    label: String,
    level: Option<Link>,
    text: String,
}

impl ItemKind for Question {
    type Meta = QuestionMeta;
    const INFO: KindInfo = KindInfo {
        name: "question",
        folder: "questions",
        plural: "Questions",
        help: "An interview question, with how to answer it",
        layout_anchors: &[
            "what-it-tests",
            "how-to-answer",
            "common-mistakes",
            "example-framing",
            "example-answers",
        ],
        split_sections: false,
        subfolders: Subfolders::Ignored,
    };

    fn check(cx: &Checks, q: &Doc<QuestionMeta>, d: &mut Diagnostics) {
        cx.levels(&q.src, &q.meta.levels, d);
        if cx.hb.framework.round(q.meta.round.get_ref()).is_none() {
            let rounds = cx
                .hb
                .framework
                .rounds
                .iter()
                .map(|r| r.id.get_ref().as_str());
            d.push(unknown("round", &q.meta.round, &q.src, rounds).hint(round_hint(cx.hb)));
        }
        for a in &q.meta.answers {
            if let Some(l) = &a.level {
                cx.levels(&q.src, std::slice::from_ref(l), d);
            }
        }
    }

    fn search(_hb: &Handbook, q: &Doc<QuestionMeta>) -> SearchFields {
        let m = &q.meta;
        let mut parts = vec![m.tests.clone(), m.how_to_answer.clone(), m.framing.clone()];
        parts.extend(m.mistakes.iter().cloned());
        parts.extend(m.answers.iter().map(|a| format!("{}: {}", a.label, a.text)));
        SearchFields {
            lead: String::new(),
            parts,
            levels: m.levels.iter().map(|l| l.get_ref().clone()).collect(),
            round: m.round.get_ref().clone(),
            family: String::new(),
        }
    }

    fn page(r: &Reader, q: &Doc<QuestionMeta>) -> View {
        let m = &q.meta;
        let round = r.framework().round(m.round.get_ref());
        let mut view = View::new("question.html");
        view.put(
            "question",
            &QuestionView {
                id: q.id.clone(),
                title: m.title.clone(),
                round: m.round.get_ref().clone(),
                round_name: round.map_or_else(|| m.round.get_ref().clone(), |x| x.name.clone()),
                levels: level_links(r, &m.levels),
                tags: m.tags.clone(),
                tests: r.markdown(&m.tests, None),
                how_to_answer: r.markdown(&m.how_to_answer, None),
                mistakes: r.inline_all(&m.mistakes),
                framing: r.markdown(&m.framing, None),
            },
        );
        let answers: Vec<AnswerView> = m
            .answers
            .iter()
            .map(|a| AnswerView {
                label: a.label.clone(),
                level: a.level.as_ref().map(|l| level_link(r, l.get_ref())),
                text: r.markdown(&a.text, None),
            })
            .collect();
        view.put("answers", &answers);
        view.put("content", &r.body(q));
        view
    }

    fn list(r: &Reader, page: std::ops::Range<usize>) -> View {
        #[derive(Serialize)]
        struct Q {
            link: Link,
            levels: Vec<String>,
            tags: Vec<String>,
            has_answers: bool,
        }
        #[derive(Serialize)]
        struct Group {
            id: String,
            name: String,
            description: String,
            questions: Vec<Q>,
        }
        let questions = by_weight::<Question>(r);
        // The list's order is by round, then weight: a page shows the
        // rounds its slice of that order falls in.
        let mut at = 0;
        let mut groups: Vec<Group> = Vec::new();
        for round in &r.framework().rounds {
            let of_round = questions
                .iter()
                .filter(|q| q.meta().round.get_ref() == round.id.get_ref());
            let mut shown = Vec::new();
            for q in of_round {
                if page.contains(&at) {
                    shown.push(Q {
                        link: Link::to(q),
                        levels: q
                            .meta()
                            .levels
                            .iter()
                            .map(|l| l.get_ref().clone())
                            .collect(),
                        tags: q.meta().tags.clone(),
                        has_answers: !q.meta().answers.is_empty(),
                    });
                }
                at += 1;
            }
            if !shown.is_empty() {
                groups.push(Group {
                    id: round.id.get_ref().clone(),
                    name: round.name.clone(),
                    description: r.markdown(&round.description, None),
                    questions: shown,
                });
            }
        }
        let mut view = View::new("questions.html");
        view.put("groups", &groups);
        let levels: Vec<Link> = by_weight::<Level>(r).iter().map(Link::to).collect();
        view.put("levels", &levels);
        view
    }

    fn contents(r: &Reader) -> Option<Vec<Entry>> {
        let questions = by_weight::<Question>(r);
        let mut out = Vec::new();
        for round in &r.framework().rounds {
            out.extend(
                questions
                    .iter()
                    .filter(|q| q.meta().round.get_ref() == round.id.get_ref())
                    .map(super::entry),
            );
        }
        (!out.is_empty()).then_some(out)
    }

    fn scaffold(_id: &str, title: &str, fw: &Framework) -> String {
        let t = toml_string(title);
        let round = fw
            .rounds
            .first()
            .map_or("behavioral".to_string(), |r| r.id.get_ref().clone());
        let levels_hint = level_list(fw);
        format!(
            "+++\ntitle = {t}\nround = \"{round}\"\nlevels = []   # level ids it calibrates for: {levels_hint}\ntags = []\ntests = \"What this question is really testing.\"\nhow_to_answer = \"\"\"\nHow to answer it well.\n\"\"\"\nmistakes = [\n  \"A common mistake.\",\n]\nframing = \"\"\"\nAn example framing of a strong answer.\n\"\"\"\n\n# Calibrated example answers (optional): repeat per level.\n# [[answers]]\n# label = \"Senior\"\n# level = \"senior\"\n# text = '''\n# ...\n# '''\n+++\n"
        )
    }
}

fn round_hint(hb: &Handbook) -> String {
    if hb.framework.rounds.is_empty() {
        "declare interview rounds in content/framework.toml as [[rounds]] tables".into()
    } else {
        format!(
            "rounds are declared in content/framework.toml: {}",
            hb.framework
                .rounds
                .iter()
                .map(|r| r.id.get_ref().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}
