//! Assessing yourself, or someone, against a level criterion by criterion:
//! which criteria an assessment of a level covers, and the short, stable
//! key each travels under in a shared link.
//!
//! A link carries marks as `key + state`, where the key is four base-36
//! characters hashed from the criterion's id (so a link of 40 marks fits a
//! chat message). Ids outlive renames (`formerly`), so keys do too: a page
//! lists, beside each criterion's key, the keys of its old ids, and a link
//! made before a rename still reads. Where two criteria of one assessment
//! would share a key, both travel under their full ids instead.
//!
//! The link format itself lives in the theme's script; it is documented in
//! docs/content-format.md ("Assessments").

use std::collections::HashMap;

use super::{Criterion, Level};
use crate::model::framework::LowerLevels;
use crate::model::{Read, Reader};

/// The four-character key of a criterion id: FNV-1a over its bytes, in
/// base 36.
pub(crate) fn hash_key(id: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    let mut n = h % (36 * 36 * 36 * 36);
    let mut out = [b'0'; 4];
    for slot in out.iter_mut().rev() {
        let d = (n % 36) as u8;
        *slot = if d < 10 { b'0' + d } else { b'a' + d - 10 };
        n /= 36;
    }
    out.iter().map(|&b| char::from(b)).collect()
}

/// The criteria an assessment of a level covers, and what lies under them.
pub(crate) struct Scope<'r> {
    /// Criterion id -> the key it travels under in a link.
    pub keys: HashMap<String, String>,
    /// The levels below, whose criteria count as met (`assumed`) or are
    /// assessed on the level's page (`assessed`).
    pub below: Vec<Read<'r, Level>>,
    /// How many criteria the levels below hold.
    pub below_count: usize,
    pub lower: LowerLevels,
}

impl<'r> Scope<'r> {
    /// The levels below whose criteria are assessed with the level's own
    /// (none when the framework takes them as met).
    pub(crate) fn assessed_below(&self) -> &[Read<'r, Level>] {
        match self.lower {
            LowerLevels::Assumed => &[],
            LowerLevels::Assessed => &self.below,
        }
    }

    /// The key of a criterion, and the keys and ids of its old ids, which
    /// a link made before a rename may use.
    pub(crate) fn key(&self, c: &Criterion) -> (String, String) {
        let id = c.id.get_ref();
        let key = self.keys.get(id).cloned().unwrap_or_else(|| id.clone());
        let mut also = vec![id.clone()];
        for f in &c.formerly {
            also.push(f.get_ref().clone());
            also.push(hash_key(f.get_ref()));
        }
        (key, also.join(" "))
    }
}

/// Every criterion of a level on its family's dimensions: its own, those it
/// inherits, and, when the framework asks for them to be assessed, those
/// of the levels below.
pub(crate) fn scope<'r>(r: &'r Reader, level: &Read<'_, Level>) -> Scope<'r> {
    let fw = r.framework();
    let lower = fw.framework.lower_levels;
    let below: Vec<Read<'r, Level>> = r
        .foundation(level.id())
        .into_iter()
        .filter_map(|id| r.level(id))
        .collect();
    let dims: Vec<String> = r
        .family_of(level.id())
        .map(|f| f.dimensions(fw))
        .unwrap_or_else(|| fw.dimensions.iter().collect())
        .iter()
        .map(|d| d.id.get_ref().clone())
        .collect();
    let own_of = |meta: &super::LevelMeta| -> Vec<String> {
        let sources = super::inherit::inherited_from(r, meta);
        dims.iter()
            .flat_map(|d| {
                let mine = meta.expectation(d).map(|e| e.criteria.iter());
                let inherited = sources.iter().filter_map(|s| s.meta().expectation(d));
                mine.into_iter()
                    .flatten()
                    .chain(inherited.flat_map(|e| e.criteria.iter()))
                    .map(|c| c.id.get_ref().clone())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let mut ids = own_of(level.meta());
    let below_ids: Vec<String> = below.iter().flat_map(|b| own_of(b.meta())).collect();
    let below_count = below_ids.len();
    if lower == LowerLevels::Assessed {
        ids.extend(below_ids);
    }
    Scope {
        keys: keys(&ids),
        below,
        below_count,
        lower,
    }
}

/// Each id's key: its hash, or the id itself where the hash would be
/// ambiguous among these ids.
fn keys(ids: &[String]) -> HashMap<String, String> {
    let hashed: Vec<String> = ids.iter().map(|i| hash_key(i)).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for h in hashed.iter().chain(ids.iter()) {
        *seen.entry(h.as_str()).or_default() += 1;
    }
    ids.iter()
        .zip(&hashed)
        .map(|(id, h)| {
            // A hash seen twice (two ids, or an id spelled like the hash)
            // cannot tell them apart.
            let clash = seen.get(h.as_str()).copied().unwrap_or(0) > 1 && h != id;
            (id.clone(), if clash { id.clone() } else { h.clone() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_stable_and_distinct() {
        // Pinned: a link made today must read the same way in every release.
        assert_eq!(hash_key("senior-scope-system-owner"), hash_key("senior-scope-system-owner"));
        assert_eq!(hash_key("senior-scope-system-owner").len(), 4);
        assert_eq!(hash_key(""), "ntfp");
        let ids: Vec<String> = (0..200).map(|i| format!("criterion-{i}")).collect();
        let k = keys(&ids);
        let mut values: Vec<&String> = k.values().collect();
        values.sort();
        values.dedup();
        assert_eq!(values.len(), 200);
    }

    #[test]
    fn a_clash_falls_back_to_full_ids() {
        let a = "a".to_string();
        // An id spelled like another's hash.
        let b = hash_key("a");
        let k = keys(&[a.clone(), b.clone()]);
        assert_eq!(k[&a], "a");
        assert_eq!(k[&b], hash_key(&b));
    }
}
