//! Hiring profiles: per level, what it is hired for (an advert's summary and
//! what the job involves, derived from the level and editable in its
//! `[hiring]` table), its interview loop (rounds, the questions calibrated
//! for the level, and the rubric an interviewer scores with), and the same
//! as schema.org structured data, in the page and in a file of its own for
//! a careers page to reuse. Plus the list of profiles.

use serde::Serialize;

use super::page_view;
use crate::kinds::level::{level_link, Level, LevelMeta};
use crate::kinds::question::{Answer, Question};
use crate::kinds::{by_weight, Link, View};
use crate::model::framework::Round;
use crate::model::{Read, Reader};
use crate::render::markdown::plain;
use crate::render::PagePlan;

pub(crate) use crate::kinds::level::{
    hiring_data_url as data_url, hiring_url as url, HIRING_INDEX as INDEX,
};

/// What the level is hired for, as HTML for the page and as plain text.
#[derive(Serialize)]
struct Advert {
    summary: String,
    responsibilities: Vec<String>,
    years: String,
    /// The whole advert as plain text, to paste into a job board.
    text: String,
    /// The opening and the responsibilities as plain text, for the
    /// structured data.
    #[serde(skip)]
    description: String,
    #[serde(skip)]
    plain_responsibilities: Vec<String>,
}

#[derive(Serialize)]
struct AnswerView {
    label: String,
    level: Option<Link>,
    text: String,
}

/// One question of the loop and how to score its answers.
#[derive(Serialize)]
struct QuestionView {
    link: Link,
    /// What the question tests: what to listen for.
    tests: String,
    /// Its common mistakes: red flags.
    red_flags: Vec<String>,
    /// The calibrated answers of the levels below, of this level, and of
    /// the levels above.
    below: Vec<AnswerView>,
    at: Vec<AnswerView>,
    above: Vec<AnswerView>,
}

/// A criterion of the level a round scores.
#[derive(Serialize)]
struct CriterionRow {
    id: String,
    dimension: String,
    text: String,
}

#[derive(Serialize)]
struct RoundView {
    id: String,
    name: String,
    description: String,
    scored: bool,
    criteria: Vec<CriterionRow>,
    questions: Vec<QuestionView>,
}

/// The levels a profile's scale is drawn against.
#[derive(Serialize)]
struct Scale {
    below: Option<Link>,
    above: Vec<Link>,
}

/// A level's hiring profile page.
pub(crate) fn profile(r: &Reader, p: &PagePlan, i: usize) -> View {
    let mut view = View::new("hiring.html");
    let Some(l) = r.level_at(i) else {
        return view;
    };
    let title = format!("Hiring: {}", l.title());
    let description = format!(
        "What a {} is hired for, the interview loop and its rubric.",
        l.title()
    );
    let page = page_view(r, p, &title, &description, "hiring", None);
    let advert = advert(r, l);
    let family = r.family_of(l.id()).cloned().unwrap_or_default();
    let scale = Scale {
        below: r.previous_level(l.id()).map(|id| level_link(r, id)),
        above: family
            .next_levels(l.id())
            .into_iter()
            .map(|(_, id)| level_link(r, id))
            .collect(),
    };
    let rounds = rounds(r, l, &scale);
    let (scored, candidate): (Vec<RoundView>, Vec<RoundView>) =
        rounds.into_iter().partition(|x| x.scored);
    view.put(
        "json_ld",
        &crate::html::script_json(&structured(r, &page.canonical, l, &advert)),
    );
    view.put("page", &page);
    view.put("level", &Link::to(&l));
    view.put("data_url", &data_url(l.id()));
    view.put("advert", &advert);
    view.put("scale", &scale);
    view.put("rounds", &scored);
    view.put("candidate_rounds", &candidate);
    view
}

/// A level's profile as schema.org JSON-LD, in a file of its own.
pub(crate) fn data(r: &Reader, i: usize) -> String {
    let Some(l) = r.level_at(i) else {
        return String::new();
    };
    let p = PagePlan {
        path: url(l.id()),
        kind: crate::render::PageKind::Hiring(i),
    };
    let canonical = page_view(r, &p, "", "", "hiring", None).canonical;
    let advert = advert(r, l);
    let mut text =
        serde_json::to_string_pretty(&structured(r, &canonical, l, &advert)).unwrap_or_default();
    text.push('\n');
    text
}

/// The list of hiring profiles, in the ladders' order.
pub(crate) fn index(r: &Reader, p: &PagePlan) -> View {
    #[derive(Serialize)]
    struct Entry {
        link: Link,
        level: Link,
        summary: String,
        years: String,
        family: String,
    }
    let mut view = View::new("hiring_index.html");
    view.put(
        "page",
        &page_view(
            r,
            p,
            "Hiring profiles",
            "What each level is hired for and how it is interviewed.",
            "hiring",
            None,
        ),
    );
    let entries: Vec<Entry> = r
        .ladder()
        .into_iter()
        .map(|l| {
            let family = r.family_of(l.id()).filter(|f| f.is_declared());
            Entry {
                link: Link {
                    id: l.id().to_string(),
                    title: l.title().to_string(),
                    url: url(l.id()),
                    summary: String::new(),
                },
                level: Link::to(&l),
                summary: summary_html(r, l.meta(), false),
                years: l.meta().years.clone(),
                family: family.map(|f| f.name.clone()).unwrap_or_default(),
            }
        })
        .collect();
    view.put("entries", &entries);
    view
}

/// The level's own `[hiring] summary` (Markdown), when it has one.
fn own_summary(m: &LevelMeta) -> Option<&str> {
    m.hiring
        .as_ref()
        .map(|h| h.summary.as_str())
        .filter(|s| !s.trim().is_empty())
}

/// The advert's opening as HTML: the `[hiring] summary` rendered, or the
/// level's summary, which is plain text (as on the level page) and escaped.
fn summary_html(r: &Reader, m: &LevelMeta, block: bool) -> String {
    match own_summary(m) {
        Some(md) if block => r.markdown(md, None),
        Some(md) => r.inline(md),
        None if block => format!("<p>{}</p>\n", crate::html::escape(&m.summary)),
        None => crate::html::escape(&m.summary),
    }
}

/// The advert's opening as plain text.
fn summary_text(r: &Reader, m: &LevelMeta) -> String {
    own_summary(m).map_or_else(|| m.summary.clone(), |md| plain(md, r))
}

/// What the job involves: the level's own words when it has them, else
/// its expectation statements in its family's order of dimensions.
fn responsibilities<'r>(r: &Reader, l: Read<'r, Level>) -> Vec<&'r str> {
    let m = l.meta();
    if let Some(h) = m.hiring.as_ref().filter(|h| !h.responsibilities.is_empty()) {
        return h.responsibilities.iter().map(String::as_str).collect();
    }
    let family = r.family_of(l.id()).cloned().unwrap_or_default();
    family
        .dimensions(r.framework())
        .into_iter()
        .filter_map(|d| m.expectation(d.id.get_ref()))
        .map(|e| e.statement.as_str())
        .filter(|s| !s.trim().is_empty())
        .collect()
}

fn advert(r: &Reader, l: Read<'_, Level>) -> Advert {
    let resp = responsibilities(r, l);
    let plain_responsibilities: Vec<String> = resp.iter().map(|x| plain(x, r)).collect();
    let years = l.meta().years.clone();
    let description = summary_text(r, l.meta());
    let mut text = format!("{}\n\n{description}\n", l.title());
    if !plain_responsibilities.is_empty() {
        text.push_str("\nWhat the job involves:\n");
        for x in &plain_responsibilities {
            text.push_str(&format!("- {x}\n"));
        }
    }
    if !years.is_empty() {
        text.push_str(&format!("\nTypical experience: {years} years.\n"));
    }
    Advert {
        summary: summary_html(r, l.meta(), true),
        responsibilities: resp.iter().map(|x| r.inline(x)).collect(),
        years,
        text,
        description,
        plain_responsibilities,
    }
}

/// The loop's rounds: the level's `[hiring] rounds` in its order, or every
/// round with questions for the level in the framework's.
fn rounds(r: &Reader, l: Read<'_, Level>, scale: &Scale) -> Vec<RoundView> {
    let fw = r.framework();
    let questions: Vec<Read<'_, Question>> = by_weight::<Question>(r)
        .into_iter()
        .filter(|q| q.meta().levels.iter().any(|x| x.get_ref() == l.id()))
        .collect();
    let chosen: Vec<&Round> = match l.meta().hiring.as_ref().filter(|h| !h.rounds.is_empty()) {
        Some(h) => h
            .rounds
            .iter()
            .filter_map(|id| fw.round(id.get_ref()))
            .collect(),
        None => fw
            .rounds
            .iter()
            .filter(|round| {
                questions
                    .iter()
                    .any(|q| q.meta().round.get_ref() == round.id.get_ref())
            })
            .collect(),
    };
    chosen
        .into_iter()
        .map(|round| RoundView {
            id: round.id.get_ref().clone(),
            name: round.name.clone(),
            description: r.markdown(&round.description, None),
            scored: round.scored,
            criteria: if round.scored {
                criteria(r, l, round)
            } else {
                Vec::new()
            },
            questions: questions
                .iter()
                .filter(|q| q.meta().round.get_ref() == round.id.get_ref())
                .map(|q| question(r, *q, l.id(), scale))
                .collect(),
        })
        .collect()
}

/// The level's criteria on the dimensions a round assesses (a dimension
/// the level states no criteria for scores against its statement).
fn criteria(r: &Reader, l: Read<'_, Level>, round: &Round) -> Vec<CriterionRow> {
    let fw = r.framework();
    let mut rows = Vec::new();
    for dim in &round.dimensions {
        let (Some(d), Some(e)) = (
            fw.dimensions
                .iter()
                .find(|x| x.id.get_ref() == dim.get_ref()),
            l.meta().expectation(dim.get_ref()),
        ) else {
            continue;
        };
        if e.criteria.is_empty() && !e.statement.trim().is_empty() {
            rows.push(CriterionRow {
                id: d.id.get_ref().clone(),
                dimension: d.name.clone(),
                text: r.inline(&e.statement),
            });
        }
        rows.extend(e.criteria.iter().map(|c| CriterionRow {
            id: c.id.get_ref().clone(),
            dimension: d.name.clone(),
            text: r.inline(&c.text),
        }));
    }
    rows
}

fn question(r: &Reader, q: Read<'_, Question>, level: &str, scale: &Scale) -> QuestionView {
    let m = q.meta();
    let view = |a: &Answer| AnswerView {
        label: a.label.clone(),
        level: a.level.as_ref().map(|x| level_link(r, x.get_ref())),
        text: r.markdown(&a.text, None),
    };
    fn of(a: &Answer) -> Option<&str> {
        a.level.as_ref().map(|x| x.get_ref().as_str())
    }
    let below_id = scale.below.as_ref().map(|x| x.id.as_str());
    QuestionView {
        link: Link::to(&q),
        tests: r.markdown(&m.tests, None),
        red_flags: r.inline_all(&m.mistakes),
        // An answer labelled for no level ("Weak") is below every bar.
        below: m
            .answers
            .iter()
            .filter(|a| of(a).is_none() || of(a) == below_id)
            .map(view)
            .collect(),
        at: m
            .answers
            .iter()
            .filter(|a| of(a) == Some(level))
            .map(view)
            .collect(),
        above: m
            .answers
            .iter()
            .filter(|a| of(a).is_some_and(|x| scale.above.iter().any(|n| n.id == x)))
            .map(view)
            .collect(),
    }
}

/// schema.org's `Occupation`: what careers pages and job boards read.
/// `canonical`: the profile page's address from `base_url`, or `""`.
fn structured(
    r: &Reader,
    canonical: &str,
    l: Read<'_, Level>,
    advert: &Advert,
) -> serde_json::Value {
    let m = l.meta();
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": l.title(),
        "description": advert.description,
    });
    if !advert.plain_responsibilities.is_empty() {
        v["responsibilities"] = serde_json::json!(advert.plain_responsibilities);
    }
    let qualifications: Vec<String> = m
        .expectations
        .values()
        .flat_map(|e| &e.criteria)
        .map(|c| plain(&c.text, r))
        .collect();
    if !qualifications.is_empty() {
        v["qualifications"] = serde_json::json!(qualifications);
    }
    if let Some(months) = months_of(&advert.years) {
        v["experienceRequirements"] = serde_json::json!({
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": months,
        });
    }
    if let Some(f) = r.family_of(l.id()).filter(|f| f.is_declared()) {
        v["occupationalCategory"] = serde_json::json!(f.name);
    }
    if !canonical.is_empty() {
        v["url"] = serde_json::json!(canonical);
    }
    v
}

/// The least experience a level's `years` names, in months: "5-8" and
/// "5+" are 60; text without a leading number is none.
fn months_of(years: &str) -> Option<u32> {
    let digits: String = years
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<u32>().ok().map(|y| y.saturating_mul(12))
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_come_from_the_lower_bound() {
        assert_eq!(super::months_of("5-8"), Some(60));
        assert_eq!(super::months_of(" 8+"), Some(96));
        assert_eq!(super::months_of("0-2"), Some(0));
        assert_eq!(super::months_of("several"), None);
        assert_eq!(super::months_of(""), None);
    }
}
