//! Cross-references: `[[kind:id#anchor|text]]`. This is the one resolver;
//! validation, rendering and search all ask it, so a reference means the
//! same thing everywhere: the same target, the same URL and, for a link
//! written without text, the same title.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostics::did_you_mean;
use crate::kinds::{abbreviated, Kind};
use crate::model::{DocInfo, Handbook};

/// Kinds of target a cross-reference may name besides the content kinds.
pub(crate) const EXTRA_TARGETS: [&str; 2] = ["dimension", "criterion"];

/// The parsed text of a cross-reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefTarget<'a> {
    /// `None` for a same-page anchor (`[[#heading]]`).
    pub kind: Option<&'a str>,
    pub id: &'a str,
    pub anchor: Option<&'a str>,
}

impl<'a> RefTarget<'a> {
    pub(crate) fn parse(target: &'a str) -> RefTarget<'a> {
        let target = target.trim();
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        match path.split_once(':') {
            Some((kind, id)) => RefTarget {
                kind: Some(kind.trim()),
                id: id.trim(),
                anchor,
            },
            None => RefTarget {
                kind: None,
                id: path.trim(),
                anchor,
            },
        }
    }
}

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target<'a> {
    /// A document's page (with `anchor` on it, if any).
    Item(Kind, &'a str),
    /// A dimension's column of the matrix.
    Dimension(&'a str),
    /// A criterion, on the page that defines it.
    Criterion { id: &'a str, home: Home<'a> },
    /// An anchor on the page the reference is written on.
    Here,
}

/// Where a criterion is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Home<'a> {
    /// In a level's expectation on a dimension (its page).
    Level { level: &'a str, dimension: &'a str },
    /// In a dimension's tier of the framework (the matrix page).
    Tier { dimension: &'a str, tier: &'a str },
}

impl<'a> Home<'a> {
    /// The level that defines the criterion, if a level does.
    pub(crate) fn level(self) -> Option<&'a str> {
        match self {
            Home::Level { level, .. } => Some(level),
            Home::Tier { .. } => None,
        }
    }
}

/// A reference that resolves.
#[derive(Debug, Clone)]
pub(crate) struct Resolved<'a> {
    pub target: Target<'a>,
    /// Site-relative URL with its `#anchor`; for [`Target::Here`] only
    /// `#anchor`, relative to the page itself.
    pub url: String,
    /// What a link written without text shows.
    pub title: String,
}

/// Why a reference does not resolve: the message and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unresolved {
    pub message: String,
    pub hint: String,
}

/// Lookups from reference names to targets, built once per pass.
#[derive(Debug, Default)]
pub(crate) struct Resolver<'a> {
    items: HashMap<(Kind, &'a str), DocInfo<'a>>,
    criteria: HashMap<&'a str, Home<'a>>,
    dimensions: HashMap<&'a str, &'a str>,
    /// Ids a criterion or a level had before (`formerly`), to their
    /// current id: old references keep resolving after a rename.
    formerly: HashMap<(bool, &'a str), &'a str>,
    /// Ids retired on purpose, with the reason (`[[retired]]`).
    retired: HashMap<&'a str, &'a str>,
    /// Internal pages this build's profile left out, and the profile.
    left_out: &'a [(Kind, String)],
    profile: &'a str,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(hb: &'a Handbook) -> Resolver<'a> {
        let mut r = Resolver {
            left_out: &hb.left_out.pages,
            profile: &hb.profile.name,
            ..Resolver::default()
        };
        r.items.reserve(hb.items_len());
        for it in hb.doc_infos() {
            r.items.entry((it.kind, it.id)).or_insert(it);
        }
        for (dim, tier, c) in hb.framework.tier_criteria() {
            r.criteria
                .entry(c.id.get_ref().as_str())
                .or_insert(Home::Tier {
                    dimension: dim.id.get_ref(),
                    tier: tier.proficiency.get_ref(),
                });
        }
        for (_, _, c) in hb.framework.tier_criteria() {
            for f in &c.formerly {
                r.formerly
                    .insert((true, f.get_ref().as_str()), c.id.get_ref().as_str());
            }
        }
        for l in hb.levels() {
            for f in &l.meta.formerly {
                r.formerly
                    .insert((false, f.get_ref().as_str()), l.id.as_str());
            }
            for (dim, e) in &l.meta.expectations {
                for c in &e.criteria {
                    for f in &c.formerly {
                        r.formerly
                            .insert((true, f.get_ref().as_str()), c.id.get_ref().as_str());
                    }
                    r.criteria
                        .entry(c.id.get_ref().as_str())
                        .or_insert(Home::Level {
                            level: l.id.as_str(),
                            dimension: dim.get_ref().as_str(),
                        });
                }
            }
        }
        for x in &hb.framework.retired {
            r.retired.insert(x.id.get_ref().as_str(), x.reason.as_str());
        }
        for d in &hb.framework.dimensions {
            r.dimensions
                .entry(d.id.get_ref().as_str())
                .or_insert(d.name.as_str());
        }
        r
    }

    /// Where a criterion is defined.
    pub(crate) fn criterion(&self, id: &str) -> Option<Home<'a>> {
        self.criteria.get(id).copied()
    }

    /// Resolves `target` as written on the page of `here` (the document a
    /// reference is written in, when known: same-page anchors are checked
    /// against it and take its heading's text).
    pub(crate) fn resolve(
        &self,
        target: &str,
        here: Option<&DocInfo>,
    ) -> Result<Resolved<'a>, Unresolved> {
        let t = RefTarget::parse(target);
        match t.kind {
            None if t.id.is_empty() => Ok(same_page(t.anchor.unwrap_or(""), here)?),
            None => Err(Unresolved {
                message: format!("cross-reference `{target}` names no kind"),
                hint: format!(
                    "write [[kind:id]], where kind is one of: {}",
                    ref_kinds().join(", ")
                ),
            }),
            Some("dimension") => self.dimension(t.id),
            Some("criterion") => self.criterion_ref(t.id),
            Some(kind_name) => self.item(kind_name, t.id, t.anchor),
        }
    }

    fn dimension(&self, id: &str) -> Result<Resolved<'a>, Unresolved> {
        let Some((&id, name)) = self.dimensions.get_key_value(id) else {
            let best = did_you_mean(id, self.dimensions.keys().copied());
            return Err(not_found(
                format!("unknown dimension `{id}`"),
                best,
                "dimension",
            ));
        };
        Ok(Resolved {
            target: Target::Dimension(id),
            url: format!("matrix.html#dim-{id}"),
            title: name.to_string(),
        })
    }

    /// The current id of a criterion (`criterion` true) or level that was
    /// renamed from `old`.
    pub(crate) fn renamed(&self, criterion: bool, old: &str) -> Option<&'a str> {
        self.formerly.get(&(criterion, old)).copied()
    }

    fn criterion_ref(&self, id: &str) -> Result<Resolved<'a>, Unresolved> {
        let id = match self.criteria.contains_key(id) {
            true => id,
            false => self.renamed(true, id).unwrap_or(id),
        };
        let Some((&id, &home)) = self.criteria.get_key_value(id) else {
            if let Some(reason) = self.retired.get(id) {
                return Err(Unresolved {
                    message: format!("criterion `{id}` was retired: {reason}"),
                    hint: "remove this reference, or point it at the criterion that covers it now"
                        .into(),
                });
            }
            let best = did_you_mean(id, self.criteria.keys().copied());
            let mut e = not_found(format!("unknown criterion `{id}`"), best, "criterion");
            e.hint.push_str(&format!(
                "; if it was renamed or merged, declare `formerly = [\"{id}\"]` on the criterion that replaced it, so links to the old id keep working; if it is gone on purpose, retire it with a reason in content/framework.toml ([[retired]] id = \"{id}\", reason = \"...\") and remove this reference"
            ));
            return Err(e);
        };
        let (url, title) = match home {
            Home::Level { level, .. } => {
                let title = self
                    .items
                    .get(&(Kind::Level, level))
                    .map_or("", |l| l.title);
                (
                    format!("{}#{id}", Kind::Level.url(level)),
                    title.to_string(),
                )
            }
            Home::Tier { dimension, tier } => {
                let name = self.dimensions.get(dimension).copied().unwrap_or(dimension);
                (format!("matrix.html#{id}"), format!("{name}, {tier}"))
            }
        };
        Ok(Resolved {
            target: Target::Criterion { id, home },
            url,
            title: format!("{title}: {id}"),
        })
    }

    fn item(
        &self,
        kind_name: &str,
        id: &str,
        anchor: Option<&str>,
    ) -> Result<Resolved<'a>, Unresolved> {
        let Some(kind) = Kind::from_name(kind_name) else {
            let kinds = ref_kinds();
            return Err(Unresolved {
                message: format!("unknown cross-reference kind `{kind_name}`"),
                hint: match did_you_mean(kind_name, kinds.iter().copied()) {
                    Some(best) => format!("did you mean `{best}:`?"),
                    None => format!("kinds are: {}", kinds.join(", ")),
                },
            });
        };
        let id = match (kind, self.items.contains_key(&(kind, id))) {
            (Kind::Level, false) => self.renamed(false, id).unwrap_or(id),
            _ => id,
        };
        let Some(item) = self.items.get(&(kind, id)) else {
            if self.left_out.iter().any(|(k, i)| *k == kind && i == id) {
                return Err(Unresolved {
                    message: format!(
                        "`{}:{id}` is an internal page, and the profile `{}` leaves internal pages out",
                        kind.name(),
                        self.profile
                    ),
                    hint: "link to it from internal pages or sections only (`## Heading {.internal}`), or build with a profile that keeps internal content (`--profile internal`)".into(),
                });
            }
            let ids = self
                .items
                .keys()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| *id);
            let best = did_you_mean(id, ids);
            return Err(not_found(
                format!("broken cross-reference: no {} `{id}`", kind.name()),
                best,
                kind.name(),
            ));
        };
        let mut title = item.title.to_string();
        if let Some(a) = anchor {
            if !item.has_anchor(a) {
                return Err(anchor_error(
                    format!("no heading `#{a}` in {} `{id}`", kind.name()),
                    a,
                    item,
                ));
            }
            if let Some(h) = item.headings.find(a) {
                title = format!("{title} § {}", h.text);
            } else if let Some(d) = self.dimensions.get(a) {
                title = format!("{title}: {d}");
            }
        }
        let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        Ok(Resolved {
            target: Target::Item(kind, item.id),
            url: format!("{}{anchor}", kind.url(id)),
            title,
        })
    }
}

/// `[[#anchor]]`: an anchor on the page the reference is written on.
fn same_page<'a>(a: &str, here: Option<&DocInfo>) -> Result<Resolved<'a>, Unresolved> {
    let title = match here {
        Some(h) => match h.headings.find(a) {
            Some(heading) => heading.text.to_string(),
            None if h.has_anchor(a) => a.to_string(),
            None => {
                return Err(anchor_error(
                    format!("no heading `#{a}` on this page"),
                    a,
                    h,
                ))
            }
        },
        None => a.to_string(),
    };
    Ok(Resolved {
        target: Target::Here,
        url: format!("#{a}"),
        title,
    })
}

/// Every kind of target a cross-reference may name, for hints.
pub(crate) fn ref_kinds() -> Vec<&'static str> {
    Kind::ALL
        .iter()
        .map(|k| k.name())
        .chain(EXTRA_TARGETS)
        .collect()
}

fn not_found(message: String, best: Option<&str>, what: &str) -> Unresolved {
    Unresolved {
        message,
        hint: match best {
            Some(b) => format!("did you mean `{b}`?"),
            None => format!(
                "check the {what} id; ids are file names without .md unless front matter sets `id`"
            ),
        },
    }
}

fn anchor_error(message: String, anchor: &str, on: &DocInfo) -> Unresolved {
    let headings = on.headings;
    Unresolved {
        message,
        hint: match did_you_mean(anchor, headings.iter().map(|h| h.id)) {
            Some(best) => format!("did you mean `#{best}`?"),
            None if headings.is_empty() => {
                "the target has no headings; link to the page without #anchor".into()
            }
            None => format!(
                "anchors there: {}",
                abbreviated(&headings.iter().map(|h| h.id).collect::<Vec<_>>())
            ),
        },
    }
}
