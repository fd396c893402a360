//! Updating the previous build's search index in place of building it
//! again, when edits changed only the documents of a few items.
//!
//! A full build leaves a [`Layout`]: which search documents (ids) each
//! item made and a print of its facets. When an edit leaves every item's
//! number of documents and facets as they were, document ids do not move,
//! so the update reads the previous index's posting lists back from its
//! files, swaps the edited items' postings for new ones, writes again only
//! the term shards and stored chunks whose content changed and links the
//! rest. The result is byte for byte what a full build writes (the rebuild
//! tests hold it to that); whenever it cannot be, [`update`] says so and
//! the caller builds the index whole.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::index::{self, Postings, CHUNK, VALUE_BITS};
use super::terms::write_shard;
use super::tokenize::{self, shard_key};
use super::{ItemDocs, SearchDoc};
use crate::kinds::Kind;
use crate::model::deps::{self, Dep, Field};
use crate::model::{Handbook, Resolver};
use crate::output::Sink;

/// Which search documents each item made, in id order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Layout {
    items: Vec<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Span {
    kind: Kind,
    key: u64,
    docs: u32,
    /// [`facets_print`] of its documents.
    facets: u64,
}

impl Layout {
    pub(super) fn add(&mut self, item: &ItemDocs) {
        self.items.push(Span {
            kind: item.kind,
            key: item.key,
            docs: item.docs.len() as u32,
            facets: facets_print(&item.docs),
        });
    }

    /// Each kind's id range, in kind order.
    pub(super) fn kind_ranges(&self) -> Vec<(Kind, u32, u32)> {
        let mut out: Vec<(Kind, u32, u32)> = Vec::new();
        let mut id = 0;
        for s in &self.items {
            let end = id + s.docs;
            match out.last_mut() {
                Some((k, _, e)) if *k == s.kind => *e = end,
                _ if s.docs > 0 => out.push((s.kind, id, end)),
                _ => {}
            }
            id = end;
        }
        out
    }
}

/// The items whose search documents changed since an index was made, or
/// `None` when it must be made again.
pub(crate) type Edits = Option<Vec<(Kind, u64)>>;

/// What `changed` (the reads an edit changed) does to the index: edits
/// that reach nothing but an item's own search documents (its body,
/// summary, front matter or file, not its title or headings, which other
/// documents quote, and not a level's or a family's, which others' search
/// documents are made from) can update it.
pub(crate) fn edits_after(changed: &rustc_hash::FxHashSet<Dep>) -> Edits {
    let mut edits = Vec::new();
    for d in changed {
        match *d {
            Dep::Doc(kind, k, Field::Summary | Field::Meta | Field::Body | Field::Path)
                if !matches!(kind, Kind::Level | Kind::Family) =>
            {
                edits.push((kind, k))
            }
            _ => return None,
        }
    }
    edits.sort_unstable();
    edits.dedup();
    Some(edits)
}

/// Edits since an index was made, then more edits.
pub(crate) fn and_then(a: Edits, b: Edits) -> Edits {
    let mut all = a?;
    all.extend(b?);
    all.sort_unstable();
    all.dedup();
    Some(all)
}

/// What the facets file takes from an item's documents.
fn facets_print(docs: &[SearchDoc]) -> u64 {
    let f: Vec<_> = docs
        .iter()
        .map(|d| (&d.levels, &d.tracks, &d.round, &d.tags, &d.families))
        .collect();
    deps::hash(&f)
}

const DIR: &str = "search";

/// A previous build's index: how it was laid out, its files, and the items
/// edited since.
pub(crate) struct Previous<'a> {
    pub layout: &'a Layout,
    pub files: &'a dyn Earlier,
    pub edited: &'a [(Kind, u64)],
}

/// The files of the index being updated.
pub(crate) trait Earlier: Sync {
    /// Its term shards' keys (`search/t/<key>.js`).
    fn shards(&self) -> io::Result<Vec<String>>;
    /// One of its files, by site path.
    fn read(&self, path: &str) -> io::Result<String>;
    /// Puts one of its files, unchanged, in the new index.
    fn keep(&self, path: &str) -> io::Result<()>;
}

/// The index of a site on disk, kept by linking its files into `sink`.
pub(crate) struct Folder<'a> {
    pub site: &'a Path,
    pub sink: &'a dyn Sink,
}

impl Earlier for Folder<'_> {
    fn shards(&self) -> io::Result<Vec<String>> {
        let mut keys = Vec::new();
        for e in std::fs::read_dir(self.site.join(DIR).join("t"))? {
            let name = e?.file_name();
            match name.to_str().and_then(|n| n.strip_suffix(".js")) {
                Some(key) => keys.push(key.to_string()),
                None => return Err(io::Error::other("not a shard of the search index")),
            }
        }
        Ok(keys)
    }

    fn read(&self, path: &str) -> io::Result<String> {
        std::fs::read_to_string(self.site.join(path))
    }

    fn keep(&self, path: &str) -> io::Result<()> {
        self.sink.reuse(path, &self.site.join(path))
    }
}

/// Each term's postings, by term.
type Terms = BTreeMap<String, Vec<u32>>;

/// Writes the index of `hb` into `sink` from the previous build's index,
/// making again only the documents of the edited items. `Ok(None)` when the edits moved document ids or facets
/// (or the previous index is not what `layout` says): build it whole then.
pub(crate) fn update(
    hb: &Handbook,
    resolver: &Resolver,
    sink: &dyn Sink,
    previous: &Previous,
) -> io::Result<Option<Layout>> {
    let (layout, site, edited) = (previous.layout, previous.files, previous.edited);
    let order = super::item_order(hb);
    if order.len() != layout.items.len()
        || order
            .iter()
            .zip(&layout.items)
            .any(|(&(k, key), s)| (k, key) != (s.kind, s.key))
    {
        return Ok(None);
    }
    // The edited items' new documents, by their first id.
    let mut first = Vec::with_capacity(layout.items.len());
    let mut n_docs = 0u32;
    for s in &layout.items {
        first.push(n_docs);
        n_docs += s.docs;
    }
    let mut fresh: BTreeMap<u32, Vec<SearchDoc>> = BTreeMap::new();
    for (i, s) in layout.items.iter().enumerate() {
        if !edited.contains(&(s.kind, s.key)) {
            continue;
        }
        let Some(docs) = super::docs_of(hb, resolver, s.kind, s.key)? else {
            return Ok(None);
        };
        if docs.len() as u32 != s.docs || facets_print(&docs) != s.facets {
            return Ok(None);
        }
        fresh.insert(first[i], docs);
    }
    // A previous index that cannot be read back is built again.
    let Some(old) = read_postings(site).ok().flatten() else {
        return Ok(None);
    };
    let stop_list = tokenize::stop_words(&hb.config.book.language);
    let stop: HashSet<&str> = stop_list.iter().copied().collect();
    let changed = |id: u32| {
        fresh
            .range(..=id)
            .next_back()
            .is_some_and(|(&f, docs)| id < f + docs.len() as u32)
    };
    let mut added = Postings::default();
    for (&f, docs) in &fresh {
        for (j, d) in docs.iter().enumerate() {
            index::add_doc(&mut added, f + j as u32, d, &stop);
        }
    }
    let shards = updated_shards(old, added, &changed);
    let put = |path: &str, js: &str| super::put(sink, path, js);
    let shard_keys: Vec<String> = shards.keys().cloned().collect();
    shards
        .into_par_iter()
        .try_for_each(|(key, shard)| match shard {
            Shard::Same(files) => files.iter().try_for_each(|f| site.keep(f)),
            Shard::Changed(entries) => write_shard(&key, entries, &put),
        })?;
    // Stored documents: the chunks holding an edited document are made
    // again from their items; the others are linked.
    let n_chunks = (n_docs as usize).div_ceil(CHUNK);
    let stale: std::collections::BTreeSet<usize> = fresh
        .iter()
        .flat_map(|(&f, docs)| (f as usize / CHUNK)..(f as usize + docs.len()).div_ceil(CHUNK))
        .collect();
    (0..n_chunks).into_par_iter().try_for_each(|n| {
        let path = format!("{DIR}/d/{n}.js");
        match stale.contains(&n) {
            true => put(
                &path,
                &index::chunk_js(n, &chunk_docs(hb, resolver, layout, &first, &fresh, n)?),
            ),
            false => site.keep(&path),
        }
    })?;
    site.keep(&format!("{DIR}/facets.js"))?;
    put(
        &format!("{DIR}/manifest.js"),
        &index::manifest(hb, n_docs, &layout.kind_ranges(), stop_list, &shard_keys),
    )?;
    Ok(Some(layout.clone()))
}

/// The documents of chunk `n`, made again from the items they belong to.
fn chunk_docs(
    hb: &Handbook,
    resolver: &Resolver,
    layout: &Layout,
    first: &[u32],
    fresh: &BTreeMap<u32, Vec<SearchDoc>>,
    n: usize,
) -> io::Result<Vec<SearchDoc>> {
    let (lo, hi) = ((n * CHUNK) as u32, ((n + 1) * CHUNK) as u32);
    let mut out = Vec::with_capacity(CHUNK);
    for (i, s) in layout.items.iter().enumerate() {
        let (f, end) = (first[i], first[i] + s.docs);
        if end <= lo || f >= hi {
            continue;
        }
        let made;
        let docs = match fresh.get(&f) {
            Some(d) => d,
            None => {
                made = super::docs_of(hb, resolver, s.kind, s.key)?
                    .ok_or_else(|| io::Error::other("an item of the search index is gone"))?;
                &made
            }
        };
        for (j, d) in docs.iter().enumerate() {
            let id = f + j as u32;
            if (lo..hi).contains(&id) {
                out.push(d.clone());
            }
        }
    }
    Ok(out)
}

/// A term shard after the update: unchanged (its files, to link) or its
/// terms' new lists.
enum Shard {
    Same(Vec<String>),
    Changed(Vec<(String, Vec<u32>)>),
}

/// The previous shards with the postings of changed documents replaced by
/// `added`. A shard whose every list comes out as it was is kept as it is.
fn updated_shards(
    mut old: BTreeMap<String, OldShard>,
    added: Postings,
    changed: &(dyn Fn(u32) -> bool + Sync),
) -> BTreeMap<String, Shard> {
    let mut new_terms: BTreeMap<String, Terms> = BTreeMap::new();
    for (t, mut p) in added {
        p.sort_unstable();
        new_terms.entry(shard_key(&t)).or_default().insert(t, p);
    }
    let keys: std::collections::BTreeSet<String> =
        old.keys().chain(new_terms.keys()).cloned().collect();
    let work: Vec<(String, Option<OldShard>, Terms)> = keys
        .into_iter()
        .map(|key| {
            let prev = old.remove(&key);
            let add = new_terms.remove(&key).unwrap_or_default();
            (key, prev, add)
        })
        .collect();
    work.into_par_iter()
        .filter_map(|(key, prev, mut add)| {
            let (files, mut terms) = prev.map_or_else(Default::default, |s| (s.files, s.terms));
            let mut same = true;
            for (t, list) in terms.iter_mut() {
                let new = add.remove(t).unwrap_or_default();
                let gone: Vec<u32> = list
                    .iter()
                    .copied()
                    .filter(|&p| changed(p >> VALUE_BITS))
                    .collect();
                if gone == new {
                    continue;
                }
                same = false;
                list.retain(|&p| !changed(p >> VALUE_BITS));
                list.extend(new);
                list.sort_unstable();
            }
            same &= add.is_empty();
            terms.extend(add);
            terms.retain(|_, l| !l.is_empty());
            if terms.is_empty() {
                return None;
            }
            let shard = match same {
                true => Shard::Same(files),
                false => Shard::Changed(terms.into_iter().collect()),
            };
            Some((key, shard))
        })
        .collect()
}

/// One shard of the previous index: its files and each term's postings.
struct OldShard {
    files: Vec<String>,
    terms: Terms,
}

/// Every shard of the previous index, read back; `None` when a file is not
/// what this version writes.
fn read_postings(site: &dyn Earlier) -> io::Result<Option<BTreeMap<String, OldShard>>> {
    let shards: Vec<Option<(String, OldShard)>> = site
        .shards()?
        .into_par_iter()
        .map(|key| Ok(read_shard(site, &key)?.map(|s| (key, s))))
        .collect::<io::Result<_>>()?;
    Ok(shards.into_iter().collect())
}

/// `__cb_search(NAME, DATA);` as the JSON array `[NAME, DATA]`.
fn call_args(js: &str) -> Option<&str> {
    js.strip_prefix("__cb_search(")?
        .trim_end()
        .strip_suffix(");")
}

fn parse<T: serde::de::DeserializeOwned>(js: &str) -> Option<T> {
    serde_json::from_str(&format!("[{}]", call_args(js)?)).ok()
}

fn read_shard(site: &dyn Earlier, key: &str) -> io::Result<Option<OldShard>> {
    let t = format!("{DIR}/t/{key}.js");
    type Entry = Vec<serde_json::Value>;
    let Some((_, entries)) = parse::<(String, Vec<Entry>)>(&site.read(&t)?) else {
        return Ok(None);
    };
    let mut files = vec![t];
    let mut packs: BTreeMap<u64, std::collections::HashMap<String, String>> = BTreeMap::new();
    let mut terms = BTreeMap::new();
    for e in entries {
        let (Some(term), Some(head)) = (
            e.first().and_then(|v| v.as_str()),
            e.get(2).and_then(|v| v.as_str()),
        ) else {
            return Ok(None);
        };
        let list = match e.get(3).and_then(|v| v.as_u64()) {
            None => decode(head),
            Some(n) => {
                let map = match packs.entry(n) {
                    std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                    std::collections::btree_map::Entry::Vacant(v) => {
                        let p = format!("{DIR}/p/{key}-{n}.js");
                        let text = site.read(&p)?;
                        let Some((_, map)) = parse::<(String, _)>(&text) else {
                            return Ok(None);
                        };
                        files.push(p);
                        v.insert(map)
                    }
                };
                map.get(term).and_then(|s| decode(s))
            }
        };
        let Some(list) = list else {
            return Ok(None);
        };
        terms.insert(term.to_string(), list);
    }
    Ok(Some(OldShard { files, terms }))
}

/// Postings from their encoding (see `terms.rs`): document gaps and values.
fn decode(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let (mut v, mut shift, mut doc, mut gap) = (0u32, 0u32, 0u32, None::<u32>);
    for c in s.bytes() {
        let d = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32;
        v |= (d & 31).checked_shl(shift)?;
        if d & 32 != 0 {
            shift += 5;
            continue;
        }
        match gap.take() {
            None => gap = Some(v),
            Some(_) if v >> VALUE_BITS != 0 => return None,
            Some(g) => {
                doc = if out.is_empty() {
                    g
                } else {
                    doc.checked_add(g)?
                };
                out.push((doc << VALUE_BITS) | v);
            }
        }
        v = 0;
        shift = 0;
    }
    (gap.is_none() && shift == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_decode_as_encoded() {
        let list = vec![
            (3 << VALUE_BITS) | 5,
            (40 << VALUE_BITS) | 1 | (3 << 7),
            (70_000 << VALUE_BITS) | 127,
        ];
        let mut s = String::new();
        let mut prev = 0;
        for (i, p) in list.iter().enumerate() {
            let doc = p >> VALUE_BITS;
            index::vlq(&mut s, if i == 0 { doc } else { doc - prev });
            index::vlq(&mut s, p & ((1 << VALUE_BITS) - 1));
            prev = doc;
        }
        assert_eq!(decode(&s), Some(list));
        assert_eq!(decode("A"), None, "a gap without its value");
        assert_eq!(decode("A!"), None);
        assert_eq!(decode("AggB"), None, "a value wider than VALUE_BITS");
    }

    #[test]
    fn calls_read_back_as_json() {
        let js = "__cb_search(\"t/wo\",[[\"work\",2,\"CBHE\"]]);\n";
        let v: Option<(String, Vec<serde_json::Value>)> = parse(js);
        assert_eq!(v.map(|(n, e)| (n, e.len())), Some(("t/wo".into(), 1)));
    }
}
