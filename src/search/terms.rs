//! The term dictionary and its posting lists on disk, laid out so that no
//! query has to load a common word's whole list before its first result.
//!
//! - `search/t/<key>.js`: the terms whose first two characters are `key`,
//!   sorted. Each entry is `[term, df, head]` when the term is in at most
//!   `HEAD` documents (`head` is then its whole posting list), else
//!   `[term, df, head, pack, length]`: `head` holds its `HEAD` best
//!   postings (title, then heading, then body frequency; the order
//!   `search.js` scores them in), and the whole list is in
//!   `search/p/<key>-<pack>.js`, `length` characters long. A one-word
//!   query's top `HEAD` results, prefixes and typos included, come from the
//!   heads alone; the whole lists are loaded when a query needs them
//!   (several words within a byte budget, totals, facets).
//! - `search/p/<key>-<n>.js`: `{term: postings, ...}` for consecutive terms
//!   of one shard, about `PACK_BYTES` a file; a longer list has a file of
//!   its own.
//!
//! - Id entries: an item whose id is not its title's words is also listed
//!   under its id's indexed words, each followed by a space
//!   (`"manager "` for a level titled Engineering Manager), in the shard of
//!   its first two characters like any term. No word holds a space, so
//!   they never match a word; `search.js` looks a whole query up this way
//!   to rank id matches first (title matches need no entry: a title
//!   posting carries the title's length, see `index.rs`).
//!
//! Postings, everywhere, are per document in id order the gap from the
//! previous id and `tf << 2 | fields`, each an unsigned base64 VLQ.

use std::cmp::Reverse;
use std::io;

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;

use super::index::{vlq, VALUE_BITS};
use super::tokenize;
use super::SearchDoc;
use crate::html::{js_string, push_js_string};

/// Postings kept in a term's dictionary entry: more than the search box
/// shows (8), so its results are exact from the heads alone.
pub(crate) const HEAD: usize = 16;
/// Whole posting lists are packed into files of about this many bytes.
const PACK_BYTES: usize = 8192;

/// Where a file goes: a path under the site and its text.
pub(crate) type Put<'a> = &'a (dyn Fn(&str, &str) -> io::Result<()> + Sync);

/// A posting's weight in the browser's score, as an order: a title that is
/// this one word, then the title bit above the heading bit above body
/// frequency (search.js scores them 12, 5 and `1 + ln tf` at most 4.5).
fn impact(posting: u32) -> u32 {
    let v = posting & ((1 << VALUE_BITS) - 1);
    // A one-word title equal to the term first: search.js ranks a query
    // equal to a title above everything.
    let whole_title = u32::from(v >> 7 == 1 && v & 1 != 0);
    (whole_title << 7) | ((v & 1) << 6) | ((v & 2) << 4) | ((v >> 2) & 31)
}

/// Postings (document id above `VALUE_BITS`, value below), sorted by id,
/// gap-encoded.
fn encode(list: &[u32]) -> String {
    let mut enc = String::with_capacity(list.len() * 2);
    let mut prev = 0;
    for (j, p) in list.iter().enumerate() {
        let doc = p >> VALUE_BITS;
        vlq(&mut enc, if j == 0 { doc } else { doc - prev });
        vlq(&mut enc, p & ((1 << VALUE_BITS) - 1));
        prev = doc;
    }
    enc
}

/// The `HEAD` postings the browser ranks first (ties to the lower id, as
/// its ranking does), in id order.
fn head(list: &[u32]) -> Vec<u32> {
    let mut best = list.to_vec();
    best.sort_unstable_by_key(|&p| (Reverse(impact(p)), p >> VALUE_BITS));
    best.truncate(HEAD);
    best.sort_unstable();
    best
}

/// The pack file being filled: `p/<key>-<n>.js`.
struct Pack<'a> {
    key: &'a str,
    n: usize,
    js: String,
}

impl Pack<'_> {
    /// Adds a term's whole list; returns the number of the pack it is in.
    fn add(&mut self, term: &str, postings: &str, put: Put) -> io::Result<usize> {
        if !self.js.is_empty() && self.js.len() + postings.len() > PACK_BYTES {
            self.flush(put)?;
        }
        if self.js.is_empty() {
            let name = format!("p/{}-{}", self.key, self.n);
            self.js = format!("__cb_search({},{{", js_string(&name));
        } else {
            self.js.push(',');
        }
        push_js_string(&mut self.js, term);
        self.js.push(':');
        push_js_string(&mut self.js, postings);
        Ok(self.n)
    }

    fn flush(&mut self, put: Put) -> io::Result<()> {
        if self.js.is_empty() {
            return Ok(());
        }
        self.js.push_str("});\n");
        put(&format!("search/p/{}-{}.js", self.key, self.n), &self.js)?;
        self.js.clear();
        self.n += 1;
        Ok(())
    }
}

/// Writes one shard: its dictionary `t/<key>.js` and its packs.
pub(crate) fn write_shard(
    key: &str,
    mut entries: Vec<(String, Vec<u32>)>,
    put: Put,
) -> io::Result<()> {
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut dict = format!("__cb_search({},[", js_string(&format!("t/{key}")));
    let mut pack = Pack {
        key,
        n: 0,
        js: String::new(),
    };
    for (i, (term, list)) in entries.iter_mut().enumerate() {
        list.sort_unstable();
        if i > 0 {
            dict.push(',');
        }
        dict.push('[');
        push_js_string(&mut dict, term);
        dict.push_str(&format!(",{},", list.len()));
        if list.len() <= HEAD {
            push_js_string(&mut dict, &encode(list));
        } else {
            push_js_string(&mut dict, &encode(&head(list)));
            let whole = encode(list);
            let n = pack.add(term, &whole, put)?;
            dict.push_str(&format!(",{n},{}", whole.len()));
        }
        dict.push(']');
    }
    pack.flush(put)?;
    dict.push_str("]);\n");
    put(&format!("search/t/{key}.js"), &dict)
}

/// Ids of more words than this get no entry: nobody types them whole.
const EXACT_WORDS: usize = 6;

/// The dictionary entry naming the items whose id (or title) is these
/// words: the indexed words of the folded text, each followed by a space,
/// which no word holds. `search.js` looks the query up the same way.
pub(crate) fn exact_key(folded: &str, stop: &HashSet<&str>) -> Option<String> {
    let mut key = String::new();
    let mut words = 0;
    tokenize::for_each_term(folded, |t| {
        if !stop.contains(t) {
            words += 1;
            key.push_str(t);
            key.push(' ');
        }
    });
    (words > 0 && words <= EXACT_WORDS).then_some(key)
}

/// An item's id, from its page's URL: the file name.
pub(crate) fn id_of(url: &str) -> &str {
    let page = url.split('#').next().unwrap_or(url);
    let file = page.rsplit('/').next().unwrap_or(page);
    file.strip_suffix(".html").unwrap_or(file)
}

/// Body occurrences counted per term and document, at most.
const TF_MAX: u32 = 31;

/// Calls `f` with each term of one document and its packed
/// `tf << 2 | fields` value.
pub(super) fn doc_terms(d: &SearchDoc, stop: &HashSet<&str>, mut f: impl FnMut(&str, u32)) {
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
    // A title posting carries how many indexed words the title has, so a
    // query of exactly those words knows it equals the title.
    let title_words = m.values().filter(|&&v| v & 1 != 0).count() as u32;
    let title_len = if title_words <= TITLE_WORDS_MAX {
        title_words << 7
    } else {
        0
    };
    for (t, v) in m {
        f(t, if v & 1 != 0 { v | title_len } else { v });
    }
    // An item whose id is not its title's words is listed under its id's
    // words too (a dictionary entry `"word word "`, see `terms.rs`).
    if !d.parent.is_empty() {
        return;
    }
    let title = texts.first().and_then(|(t, _, _)| exact_key(t, stop));
    if let Some(id) = exact_key(&tokenize::fold(id_of(&d.url)), stop) {
        if Some(&id) != title.as_ref() {
            f(&id, 1);
        }
    }
}

/// Titles of more indexed words than this carry no length (0): too long to
/// be typed whole.
const TITLE_WORDS_MAX: u32 = 7;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    fn posting(doc: u32, v: u32) -> u32 {
        (doc << VALUE_BITS) | v
    }

    #[test]
    fn heads_keep_the_best_postings_and_lists_go_to_packs() {
        // 40 documents with the word in the body once; documents 30 and 35
        // have it in a heading and the title, document 7 three times.
        let mut list: Vec<u32> = (0..40).map(|d| posting(d, 4)).collect();
        list[30] = posting(30, 2 | 4);
        list[35] = posting(35, 1);
        list[7] = posting(7, 12);
        let small = vec![posting(2, 1), posting(9, 4)];
        let files = Mutex::new(BTreeMap::new());
        let put = |path: &str, js: &str| {
            files
                .lock()
                .unwrap()
                .insert(path.to_string(), js.to_string());
            Ok(())
        };
        write_shard(
            "wo",
            vec![("work".into(), list.clone()), ("word".into(), small)],
            &put,
        )
        .unwrap();
        let files = files.into_inner().unwrap();
        let dict = &files["search/t/wo.js"];
        // "word": two postings, inline (doc 2 with the title bit, gap 7).
        assert!(dict.contains("[\"word\",2,\"CBHE\"]"), "{dict}");
        let h = head(&list);
        assert_eq!(h.len(), HEAD);
        let docs: Vec<u32> = h.iter().map(|p| p >> VALUE_BITS).collect();
        // The title, the heading, the tf 3, then the lowest ids.
        assert!(docs.contains(&35) && docs.contains(&30) && docs.contains(&7));
        assert_eq!(docs.iter().filter(|&&d| d < 14).count(), 14, "{docs:?}");
        let entry = format!(
            "[\"work\",40,{},0,{}]",
            js_string(&encode(&h)),
            encode(&list).len()
        );
        assert!(dict.contains(&entry), "{dict}");
        assert_eq!(
            files["search/p/wo-0.js"],
            format!(
                "__cb_search(\"p/wo-0\",{{\"work\":{}}});\n",
                js_string(&encode(&list))
            )
        );
    }

    #[test]
    fn whole_title_keys_are_the_indexed_words_with_a_space_after_each() {
        let stop: std::collections::HashSet<&str> = ["a", "of"].into_iter().collect();
        assert_eq!(
            exact_key("habits of a senior engineer", &stop).as_deref(),
            Some("habits senior engineer ")
        );
        assert_eq!(exact_key("glue-work", &stop).as_deref(), Some("glue work "));
        assert_eq!(exact_key("of a", &stop), None, "only stop words");
        assert_eq!(exact_key("one two three four five six seven", &stop), None);
        assert_eq!(id_of("levels/manager.html"), "manager");
        assert_eq!(id_of("guides/part/glue-work.html#why"), "glue-work");
    }

    #[test]
    fn packs_hold_about_pack_bytes() {
        let files = Mutex::new(BTreeMap::new());
        let put = |path: &str, js: &str| {
            files.lock().unwrap().insert(path.to_string(), js.len());
            Ok(())
        };
        let entries: Vec<(String, Vec<u32>)> = (0..20)
            .map(|t| {
                (
                    format!("t{t:02}"),
                    (0..1000).map(|d| posting(d, 4)).collect(),
                )
            })
            .collect();
        write_shard("t0", entries, &put).unwrap();
        let files = files.into_inner().unwrap();
        let packs: Vec<usize> = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/p/"))
            .map(|(_, &n)| n)
            .collect();
        assert!(packs.len() > 1 && packs.len() < 20, "{packs:?}");
        assert!(packs.iter().all(|&n| n <= PACK_BYTES + 64), "{packs:?}");
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
        assert_eq!(
            m["glue"],
            1 | (1 << 2) | (2 << 7),
            "title bit, once in the body, a title of two words"
        );
        assert_eq!(m["work"], 1 | (3 << 2) | (2 << 7));
        assert_eq!(m["visible"], 2);
        assert_eq!(m["guides"], 2);
        assert!(!m.contains_key("the") && !m.contains_key("it"));
        assert!(
            !m.keys().any(|t| t.contains(' ')),
            "sections have no whole-title entry"
        );
        let item = SearchDoc {
            title: "Glue work".into(),
            url: "guides/glue.html".into(),
            ..SearchDoc::default()
        };
        let mut keys = Vec::new();
        doc_terms(&item, &stop, |t, v| {
            if t.contains(' ') {
                keys.push((t.to_string(), v));
            }
        });
        keys.sort();
        assert_eq!(
            keys,
            [("glue ".into(), 1)],
            "an id that is not the title's words"
        );
        let long = SearchDoc {
            title: "One two three four five six seven eight".into(),
            ..SearchDoc::default()
        };
        doc_terms(&long, &stop, |_, v| {
            assert_eq!(v >> 7, 0, "too long a title")
        });
    }
}
