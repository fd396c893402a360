//! The on-disk search index. Every file is a small JavaScript file that
//! calls `__cb_search(name, data)`: browsers load scripts from `file://`
//! where `fetch` is refused, so the same site searches from a shared drive.
//!
//! - `search/manifest.js`: document count, kind ranges, labels, the shard
//!   list and stop words. Loaded first; a few KB.
//! - `search/t/<key>.js`: the terms whose first two characters are `key`,
//!   sorted, each with its postings. A query loads only its terms' shards,
//!   and prefix and one-typo matches are found inside the same shard.
//! - `search/d/<n>.js`: documents `n*CHUNK ..`, title, URL, kind, parent
//!   page and text for snippets; fetched only for results on screen.
//! - `search/facets.js`: for each level, track, round and tag, the documents
//!   that carry it; loaded when the reader filters.
//!
//! Postings are, per document in id order, the gap from the previous id and
//! `tf << 2 | fields` (bit 0: in the title, bit 1: in a heading or the
//! parent page title; tf: body occurrences, at most 31), each written as an
//! unsigned base64 VLQ.

use std::collections::{BTreeMap, HashSet};
use std::io;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use super::tokenize::{self, shard_key};
use super::SearchDoc;
use crate::html::{js_string, push_js_string};
use crate::kinds::Kind;
use crate::model::Handbook;
use crate::output::Sink;

/// Documents per stored chunk.
pub(crate) const CHUNK: usize = 16;
/// Text kept per document for snippets.
const MAX_TEXT: usize = 3000;
const TF_MAX: u32 = 31;

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

/// Calls `f` with each term of one document and its packed
/// `tf << 2 | fields` value.
fn doc_terms(d: &SearchDoc, stop: &HashSet<&str>, mut f: impl FnMut(&str, u32)) {
    let mut m: HashMap<&str, u32> = HashMap::default();
    let texts: Vec<(String, u32, bool)> = std::iter::once((tokenize::fold(&d.title), 1, false))
        .chain(std::iter::once((tokenize::fold(&d.parent), 2, false)))
        .chain(d.headings.iter().map(|h| (tokenize::fold(h), 2, false)))
        .chain(std::iter::once((tokenize::fold(&d.text), 0, true)))
        .collect();
    for (folded, bits, body) in &texts {
        tokenize::for_each_term(folded, |t| {
            if stop.contains(t) {
                return;
            }
            let e = m.entry(t).or_insert(0);
            *e |= bits;
            if *body && (*e >> 2) < TF_MAX {
                *e += 4;
            }
        });
    }
    for (t, v) in m {
        f(t, v);
    }
}

/// A posting packed in one integer: document id above, `tf << 2 | fields`
/// in the low 7 bits.
const VALUE_BITS: u32 = 7;

/// A chunk of stored documents: `d/N.js`.
fn chunk_js(n: usize, chunk: &[SearchDoc]) -> String {
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

/// A shard of the term index: `t/KEY.js`, terms sorted, each posting list
/// as gap-encoded document ids and values.
fn shard_js(key: &str, entries: &mut [(String, Vec<u32>)]) -> String {
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut js = format!("__cb_search({},[", js_string(&format!("t/{key}")));
    for (i, (term, list)) in entries.iter_mut().enumerate() {
        list.sort_unstable();
        if i > 0 {
            js.push(',');
        }
        let mut enc = String::with_capacity(list.len() * 2);
        let mut prev = 0;
        for (j, p) in list.iter().enumerate() {
            let doc = p >> VALUE_BITS;
            vlq(&mut enc, if j == 0 { doc } else { doc - prev });
            vlq(&mut enc, p & ((1 << VALUE_BITS) - 1));
            prev = doc;
        }
        js.push('[');
        push_js_string(&mut js, term);
        js.push(',');
        push_js_string(&mut js, &enc);
        js.push(']');
    }
    js.push_str("]);\n");
    js
}

/// Builds the index and writes every file of it to `sink`, in parallel.
/// Document text is dropped as soon as it is stored and tokenized, so peak
/// memory is the postings, not the corpus twice.
pub(crate) fn write(hb: &Handbook, mut docs: Vec<SearchDoc>, sink: &dyn Sink) -> io::Result<()> {
    let put = |path: &str, js: &str| -> io::Result<()> { sink.write(path, js.as_bytes()) };
    // Documents sorted by kind, so each kind is one contiguous id range.
    docs.sort_by_key(|d| d.kind);
    let n_docs = docs.len();
    let stop_list = tokenize::stop_words(&hb.config.book.language);
    let stop: HashSet<&str> = stop_list.iter().copied().collect();

    let manifest = manifest(hb, &docs, stop_list);
    let facets = facets(&docs);

    // One pass per chunk of documents: store it, tokenize it, free it.
    let mut chunks: Vec<Vec<SearchDoc>> = Vec::with_capacity(n_docs.div_ceil(CHUNK));
    let mut rest = docs.into_iter().peekable();
    while rest.peek().is_some() {
        chunks.push(rest.by_ref().take(CHUNK).collect());
    }
    let postings: HashMap<String, Vec<u32>> = chunks
        .into_par_iter()
        .enumerate()
        .try_fold(
            HashMap::default,
            |mut acc: HashMap<String, Vec<u32>>, (n, chunk)| -> io::Result<_> {
                let js = chunk_js(n, &chunk);
                put(&format!("search/d/{n}.js"), &js)?;
                for (i, d) in chunk.iter().enumerate() {
                    let id = ((n * CHUNK + i) as u32) << VALUE_BITS;
                    doc_terms(d, &stop, |t, v| match acc.get_mut(t) {
                        Some(list) => list.push(id | v),
                        None => {
                            acc.insert(t.to_string(), vec![id | v]);
                        }
                    });
                }
                Ok(acc)
            },
        )
        .try_reduce(HashMap::default, |a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (t, v) in small {
                big.entry(t).or_default().extend(v);
            }
            Ok(big)
        })?;

    // Terms grouped into shards by their first two characters.
    let mut shards: BTreeMap<String, Vec<(String, Vec<u32>)>> = BTreeMap::new();
    for (t, p) in postings {
        shards.entry(shard_key(&t)).or_default().push((t, p));
    }
    let shard_keys: Vec<String> = shards.keys().cloned().collect();
    shards.into_par_iter().try_for_each(|(key, mut entries)| {
        let js = shard_js(&key, &mut entries);
        put(&format!("search/t/{key}.js"), &js)
    })?;

    put("search/facets.js", &facets)?;
    let shard_list = shard_keys
        .iter()
        .map(|k| js_string(k))
        .collect::<Vec<_>>()
        .join(",");
    put(
        "search/manifest.js",
        &manifest.replace("@SHARDS@", &shard_list),
    )?;
    Ok(())
}

/// `search/facets.js`: for each level, track, round and tag, the ids of the
/// documents that carry it.
fn facets(docs: &[SearchDoc]) -> String {
    let mut facet_docs: BTreeMap<&str, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let i = i as u32;
        let mut add = |facet: &'static str, value: &str| {
            let values = facet_docs.entry(facet).or_default();
            match values.get_mut(value) {
                Some(v) => v.push(i),
                None => {
                    values.insert(value.to_string(), vec![i]);
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

/// `search/manifest.js`, with `@SHARDS@` standing for the shard list, which
/// is known only once the postings are built.
fn manifest(hb: &Handbook, docs: &[SearchDoc], stop_list: &[&str]) -> String {
    let mut kinds = String::new();
    for (ki, k) in Kind::ALL.iter().enumerate() {
        let start = docs.iter().position(|d| d.kind == Some(*k));
        let end = docs.iter().rposition(|d| d.kind == Some(*k));
        if let (Some(s), Some(e)) = (start, end) {
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
        "__cb_search(\"manifest\",{{\"version\":1,\"docs\":{},\"chunk\":{CHUNK},\"kinds\":[{kinds}],\"labels\":{{{}}},\"families\":[{}],\"levels\":[{}],\"rounds\":[{}],\"stop\":[{}],\"shards\":[@SHARDS@]}});\n",
        docs.len(),
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

    #[test]
    fn doc_terms_pack_fields_and_frequency() {
        let d = SearchDoc {
            title: "Glue work".into(),
            parent: "Guides".into(),
            headings: vec!["Make it visible".into()],
            text: "Glue work is work. The work matters.".into(),
            ..SearchDoc::default()
        };
        let stop: HashSet<&str> = ["the", "is", "it"].into_iter().collect();
        let mut m = std::collections::HashMap::new();
        doc_terms(&d, &stop, |t, v| {
            m.insert(t.to_string(), v);
        });
        assert_eq!(m["glue"], 1 | (1 << 2), "title bit, once in the body");
        assert_eq!(m["work"], 1 | (3 << 2));
        assert_eq!(m["visible"], 2);
        assert_eq!(m["guides"], 2);
        assert!(!m.contains_key("the") && !m.contains_key("it"));
    }
}
