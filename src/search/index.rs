//! The on-disk search index. Every file is a small JavaScript file that
//! calls `__cb_search(name, data)`: browsers load scripts from `file://`
//! where `fetch` is refused, so the same site searches from a shared drive.
//!
//! - `search/manifest.js`: document count, kind ranges, labels, the shard
//!   list and stop words. Loaded first; a few KB.
//! - `search/t/<key>.js` and `search/p/<key>-<n>.js`: the terms whose
//!   first two characters are `key`, with the best postings of each, and
//!   the whole posting lists (`terms.rs` has the layout). A query loads only
//!   its terms' shards, and prefix and one-typo matches are found inside the
//!   same shard.
//! - `search/d/<n>.js`: documents `n*CHUNK ..`, title, URL, kind, parent
//!   page and text for snippets; fetched only for results on screen.
//! - `search/facets.js`: for each level, track, round and tag, the documents
//!   that carry it; loaded when the reader filters.
//!
//! The index is written as documents are made, a batch at a time: stored
//! text is written and dropped at once, and only the postings (4 bytes
//! each) and facet ids stay until the end.
//!
//! Postings are, per document in id order, the gap from the previous id and
//! `title_len << 7 | tf << 2 | fields` (bit 0: in the title, bit 1: in a
//! heading or the parent page title; tf: body occurrences, at most 31;
//! title_len: for a title word, how many indexed words the title has, 1 to
//! 7, else 0), each written as an unsigned base64 VLQ.

use std::collections::{BTreeMap, HashSet};
use std::io;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use super::spill;
use super::terms::{doc_terms, write_shard, Put};
use super::tokenize::{self, shard_key};
use super::update::Layout;
use super::{ItemDocs, SearchDoc};
use crate::html::{js_string, push_js_string};
use crate::kinds::Kind;
use crate::model::{Handbook, Resolver};
use crate::output::Sink;

/// Documents per stored chunk.
pub(crate) const CHUNK: usize = 16;
/// Text kept per document for snippets.
const MAX_TEXT: usize = 3000;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `v` as an unsigned base64 VLQ: 5 bits a character, low first,
/// bit 6 set on every character but the last.
pub(crate) fn vlq(out: &mut String, mut v: u32) {
    loop {
        let digit = v & 31;
        v >>= 5;
        if v == 0 {
            out.push(B64[digit as usize] as char);
            return;
        }
        out.push(B64[(digit | 32) as usize] as char);
    }
}

fn ids_vlq(ids: &[u32]) -> String {
    let mut s = String::new();
    let mut prev = 0;
    for (i, &id) in ids.iter().enumerate() {
        vlq(&mut s, if i == 0 { id } else { id - prev });
        prev = id;
    }
    s
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A posting packed in one integer: document id above, and below it
/// `title_len << 7 | tf << 2 | fields` (`title_len`: the title's indexed
/// words when the term is in the title and they are at most 7, else 0).
/// Document ids stay under 2^22 (four million search documents).
pub(crate) const VALUE_BITS: u32 = 10;

/// A chunk of stored documents: `d/N.js`.
pub(super) fn chunk_js(n: usize, chunk: &[SearchDoc]) -> String {
    let kind_index = |k: Option<Kind>| k.map_or(0, Kind::ordinal);
    let mut js = format!("__cb_search({},[", js_string(&format!("d/{n}")));
    for (i, d) in chunk.iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        js.push('[');
        push_js_string(&mut js, &d.title);
        js.push(',');
        push_js_string(&mut js, &d.url);
        js.push_str(&format!(",{},", kind_index(d.kind)));
        push_js_string(&mut js, &d.parent);
        js.push(',');
        push_js_string(&mut js, truncate(&d.text, MAX_TEXT));
        js.push(']');
    }
    js.push_str("]);\n");
    js
}

pub(super) type Postings = HashMap<String, Vec<u32>>;

/// The index as it is being built: what stays until the end.
#[derive(Default)]
struct Builder {
    /// Documents given an id but not yet in a full chunk.
    pending: Vec<SearchDoc>,
    next_id: u32,
    chunks: usize,
    postings: Postings,
    facets: Facets,
    /// Which documents each item made, for the next build's update.
    layout: Layout,
    /// Postings held in `postings`, and where they go past
    /// [`spill::HOLD`] (when the sink has a scratch folder).
    held: usize,
    hold: usize,
    runs: Option<spill::Runs>,
}

impl Builder {
    /// Numbers a batch of documents, notes their kind and facets, and
    /// stores and indexes every full chunk.
    fn add(&mut self, items: Vec<ItemDocs>, stop: &HashSet<&str>, put: Put) -> io::Result<()> {
        for item in &items {
            self.layout.add(item);
        }
        for d in items.into_iter().flat_map(|i| i.docs) {
            let id = self.next_id;
            self.next_id += 1;
            self.facets.add(id, &d);
            self.pending.push(d);
        }
        let full = self.pending.len() / CHUNK * CHUNK;
        let rest = self.pending.split_off(full);
        let ready = std::mem::replace(&mut self.pending, rest);
        self.index(ready, stop, put)
    }

    /// Stores and indexes documents from the next chunk on, then drops
    /// their text.
    fn index(&mut self, docs: Vec<SearchDoc>, stop: &HashSet<&str>, put: Put) -> io::Result<()> {
        let first = self.chunks;
        let mut chunks: Vec<Vec<SearchDoc>> = Vec::with_capacity(docs.len().div_ceil(CHUNK));
        let mut rest = docs.into_iter().peekable();
        while rest.peek().is_some() {
            chunks.push(rest.by_ref().take(CHUNK).collect());
        }
        self.chunks += chunks.len();
        let found: Postings = chunks
            .into_par_iter()
            .enumerate()
            .try_fold(Postings::default, |mut acc, (i, chunk)| -> io::Result<_> {
                let n = first + i;
                put(&format!("search/d/{n}.js"), &chunk_js(n, &chunk))?;
                for (j, d) in chunk.iter().enumerate() {
                    add_doc(&mut acc, (n * CHUNK + j) as u32, d, stop);
                }
                Ok(acc)
            })
            .try_reduce(Postings::default, |a, b| Ok(merge(a, b)))?;
        self.held += found.values().map(Vec::len).sum::<usize>();
        self.postings = merge(std::mem::take(&mut self.postings), found);
        if let Some(runs) = self.runs.as_mut().filter(|_| self.held > self.hold) {
            runs.write(std::mem::take(&mut self.postings))?;
            self.held = 0;
        }
        Ok(())
    }
}

/// Adds the postings of document `id`.
pub(super) fn add_doc(acc: &mut Postings, id: u32, d: &SearchDoc, stop: &HashSet<&str>) {
    let id = id << VALUE_BITS;
    doc_terms(d, stop, |t, v| add_posting(acc, t, id | v));
}

fn add_posting(acc: &mut Postings, term: &str, posting: u32) {
    match acc.get_mut(term) {
        Some(list) => list.push(posting),
        None => {
            acc.insert(term.to_string(), vec![posting]);
        }
    }
}

fn merge(a: Postings, b: Postings) -> Postings {
    let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (t, v) in small {
        big.entry(t).or_default().extend(v);
    }
    big
}

/// Builds the index of the handbook's search documents and writes every
/// file of it to `sink`. Documents are made, stored and tokenized a batch
/// at a time, so peak memory is the postings, not the corpus. Returns which
/// documents each item made, for [`super::update`].
pub(crate) fn write(hb: &Handbook, resolver: &Resolver, sink: &dyn Sink) -> io::Result<Layout> {
    write_holding(hb, resolver, sink, spill::HOLD)
}

/// [`write`], holding at most `hold` postings in memory when `sink` has a
/// scratch folder to write the rest to.
pub(super) fn write_holding(
    hb: &Handbook,
    resolver: &Resolver,
    sink: &dyn Sink,
    hold: usize,
) -> io::Result<Layout> {
    let put = |path: &str, js: &str| super::put(sink, path, js);
    let stop_list = tokenize::stop_words(&hb.config.book.language);
    let stop: HashSet<&str> = stop_list.iter().copied().collect();
    let mut b = Builder {
        runs: sink.scratch().map(spill::Runs::new),
        hold,
        ..Builder::default()
    };
    super::for_each_batch(hb, resolver, |docs| b.add(docs, &stop, &put))?;
    let last = std::mem::take(&mut b.pending);
    b.index(last, &stop, &put)?;
    let postings = std::mem::take(&mut b.postings);
    let shard_keys = match b.runs.as_mut().filter(|r| !r.is_empty()) {
        None => write_shards(postings, &put)?,
        Some(runs) => spill::write_shards(runs, postings, hold, &put)?,
    };

    put("search/facets.js", &b.facets.js())?;
    put(
        "search/manifest.js",
        &manifest(
            hb,
            b.next_id,
            &b.layout.kind_ranges(),
            stop_list,
            &shard_keys,
        ),
    )?;
    Ok(b.layout)
}

/// Writes every shard of postings held in memory; returns their keys
/// ([`spill::write_shards`] for postings partly written out in runs).
fn write_shards(postings: Postings, put: Put) -> io::Result<Vec<String>> {
    // Terms grouped into shards by their first two characters.
    let mut shards: BTreeMap<String, Vec<(String, Vec<u32>)>> = BTreeMap::new();
    for (t, p) in postings {
        shards.entry(shard_key(&t)).or_default().push((t, p));
    }
    let keys: Vec<String> = shards.keys().cloned().collect();
    shards
        .into_par_iter()
        .try_for_each(|(key, entries)| write_shard(&key, entries, put))?;
    Ok(keys)
}

/// For each level, track, round, family and tag, the ids of the documents
/// that carry it, in id order.
#[derive(Default)]
struct Facets(BTreeMap<&'static str, BTreeMap<String, Vec<u32>>>);

impl Facets {
    fn add(&mut self, id: u32, d: &SearchDoc) {
        let mut add = |facet: &'static str, value: &str| {
            let values = self.0.entry(facet).or_default();
            match values.get_mut(value) {
                Some(v) => v.push(id),
                None => {
                    values.insert(value.to_string(), vec![id]);
                }
            }
        };
        for l in &d.levels {
            add("level", l);
        }
        for t in &d.tracks {
            add("track", t);
        }
        if !d.round.is_empty() {
            add("round", &d.round);
        }
        for f in &d.families {
            add("family", f);
        }
        for t in &d.tags {
            add("tag", t);
        }
    }

    /// `search/facets.js`.
    fn js(&self) -> String {
        let facet_docs = &self.0;
        let mut js = String::from("__cb_search(\"facets\",{");
        for (fi, (facet, values)) in facet_docs.iter().enumerate() {
            if fi > 0 {
                js.push(',');
            }
            js.push_str(&format!("{}:{{", js_string(facet)));
            for (vi, (value, ids)) in values.iter().enumerate() {
                if vi > 0 {
                    js.push(',');
                }
                js.push_str(&format!(
                    "{}:{}",
                    js_string(value),
                    js_string(&ids_vlq(ids))
                ));
            }
            js.push('}');
        }
        js.push_str("});\n");
        js
    }
}

/// `search/manifest.js`: `n_docs` documents, each kind's id range, labels,
/// stop words and the shard list.
pub(super) fn manifest(
    hb: &Handbook,
    n_docs: u32,
    ranges: &[(Kind, u32, u32)],
    stop_list: &[&str],
    shard_keys: &[String],
) -> String {
    let mut kinds = String::new();
    for (ki, k) in Kind::ALL.iter().enumerate() {
        let range = ranges.iter().find(|r| r.0 == *k);
        if let Some(&(_, s, end)) = range {
            let e = end - 1;
            if !kinds.is_empty() {
                kinds.push(',');
            }
            kinds.push_str(&format!(
                "{{\"id\":{},\"label\":{},\"index\":{ki},\"start\":{s},\"end\":{}}}",
                js_string(k.name()),
                js_string(k.plural_label()),
                e + 1
            ));
        }
    }
    let mut labels = Vec::new();
    for l in hb.levels() {
        labels.push(format!(
            "{}:{}",
            js_string(&format!("level:{}", l.id)),
            js_string(l.title())
        ));
    }
    for f in &hb.families.list {
        for t in &f.tracks {
            let (id, name) = match f.is_declared() {
                true => (
                    format!("{}/{}", f.id, t.id.get_ref()),
                    format!("{} · {}", f.name, t.name),
                ),
                false => (t.id.get_ref().clone(), t.name.clone()),
            };
            labels.push(format!(
                "{}:{}",
                js_string(&format!("track:{id}")),
                js_string(&name)
            ));
        }
        if f.is_declared() {
            labels.push(format!(
                "{}:{}",
                js_string(&format!("family:{}", f.id)),
                js_string(&f.name)
            ));
        }
    }
    for r in &hb.framework.rounds {
        labels.push(format!(
            "{}:{}",
            js_string(&format!("round:{}", r.id.get_ref())),
            js_string(&r.name)
        ));
    }
    // Facet values in the framework's order (ladders low to high), not alphabetical.
    let order: Vec<&str> = hb
        .levels_in_ladder_order()
        .into_iter()
        .map(|l| l.id.as_str())
        .collect();
    let list = |v: &mut dyn Iterator<Item = &str>| v.map(js_string).collect::<Vec<_>>().join(",");
    format!(
        "__cb_search(\"manifest\",{{\"version\":3,\"docs\":{n_docs},\"chunk\":{CHUNK},\"kinds\":[{kinds}],\"labels\":{{{}}},\"families\":[{}],\"levels\":[{}],\"rounds\":[{}],\"stop\":[{}],\"shards\":[{}],\"glossary\":{}}});\n",
        labels.join(","),
        list(
            &mut hb
                .families
                .list
                .iter()
                .filter(|f| f.is_declared())
                .map(|f| f.id.as_str())
        ),
        list(&mut order.iter().copied()),
        list(&mut hb.framework.rounds.iter().map(|r| r.id.get_ref().as_str())),
        list(&mut stop_list.iter().copied()),
        list(&mut shard_keys.iter().map(String::as_str)),
        super::glossary::js(&hb.framework.glossary),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoder in search.js, in Rust, to pin the format.
    fn unvlq(s: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut v, mut shift) = (0u32, 0);
        for c in s.bytes() {
            let d = B64.iter().position(|&b| b == c).unwrap() as u32;
            v |= (d & 31) << shift;
            if d & 32 != 0 {
                shift += 5;
            } else {
                out.push(v);
                v = 0;
                shift = 0;
            }
        }
        out
    }

    #[test]
    fn vlq_round_trips() {
        let values = [0u32, 1, 31, 32, 1000, 65_535, u32::MAX];
        let mut s = String::new();
        for v in values {
            vlq(&mut s, v);
        }
        assert_eq!(unvlq(&s), values);
        assert_eq!(
            ids_vlq(&[3, 5, 40]),
            "DCjB",
            "3, then gaps 2 and 35 (two digits)"
        );
    }

    #[test]
    fn js_strings_cannot_break_out() {
        assert_eq!(
            js_string("a\"b\\c</script>\u{2028}"),
            "\"a\\\"b\\\\c\\u003c/script>\\u2028\""
        );
    }
}
