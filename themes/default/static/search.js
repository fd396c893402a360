// careerbook search: queries the index written at build time (search/*.js),
// in the browser, with no server and no network. Index files are scripts
// that call __cb_search(name, data), because browsers refuse fetch() from
// file:// but load scripts; so the same site searches from a shared drive.
//
// The tokenizer must match src/search/tokenize.rs term for term.
(function () {
  "use strict";

  var doc = document.documentElement;
  var root = doc.getAttribute("data-root") || "";
  var base = root + "search/";

  // ---- Loading index files -------------------------------------------------
  var loaded = {};
  var waiting = {};
  var loadedFiles = [];
  window.__cb_search = function (name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (w) { w.resolve(data); });
    delete waiting[name];
  };
  function load(name) {
    if (Object.prototype.hasOwnProperty.call(loaded, name)) return Promise.resolve(loaded[name]);
    return new Promise(function (resolve) {
      if (waiting[name]) { waiting[name].push({ resolve: resolve }); return; }
      waiting[name] = [{ resolve: resolve }];
      var s = document.createElement("script");
      s.src = base + name + ".js";
      s.async = true;
      s.onerror = function () {
        loaded[name] = null;
        (waiting[name] || []).forEach(function (w) { w.resolve(null); });
        delete waiting[name];
      };
      loadedFiles.push(name);
      document.head.appendChild(s);
    });
  }

  // ---- Tokenizing (same as tokenize.rs) ------------------------------------
  var MARKS = /\p{M}/gu;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff) ||
      (cp >= 0x20000 && cp <= 0x2fa1f);
  }
  function fold(s) { return s.normalize("NFKD").replace(MARKS, "").toLowerCase(); }
  function tokenizeFolded(folded) {
    var out = [], word = "", prev = null;
    for (var ch of folded) {
      var cp = ch.codePointAt(0);
      if (isCjk(cp)) {
        if (word) { out.push(word); word = ""; }
        out.push(ch);
        if (prev !== null) out.push(prev + ch);
        prev = ch;
        continue;
      }
      prev = null;
      if (WORD.test(ch)) word += ch;
      else if (word) { out.push(word); word = ""; }
    }
    if (word) out.push(word);
    return out;
  }
  function tokenize(s) { return tokenizeFolded(fold(s)); }
  function shardKey(term) {
    var key = "";
    Array.from(term).slice(0, 2).forEach(function (c) {
      key += /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    });
    return key;
  }
  function charLength(s) { return Array.from(s).length; }

  // ---- Postings --------------------------------------------------------------
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var DIGIT = {};
  for (var i = 0; i < 64; i++) DIGIT[B64.charCodeAt(i)] = i;
  function decodeVlq(s) {
    var out = [], v = 0, shift = 0;
    for (var k = 0; k < s.length; k++) {
      var d = DIGIT[s.charCodeAt(k)];
      v += (d & 31) * Math.pow(2, shift);
      if (d & 32) shift += 5;
      else { out.push(v); v = 0; shift = 0; }
    }
    return out;
  }
  var decoded = new Map();
  function postings(key, encoded) {
    var p = decoded.get(key);
    if (p) return p;
    var raw = decodeVlq(encoded), n = raw.length >> 1;
    var docs = new Int32Array(n), vals = new Uint16Array(n), id = 0;
    for (var j = 0; j < n; j++) {
      id = j === 0 ? raw[0] : id + raw[2 * j];
      docs[j] = id;
      vals[j] = raw[2 * j + 1];
    }
    p = { docs: docs, vals: vals };
    decoded.set(key, p);
    return p;
  }
  function decodeIds(s) {
    var raw = decodeVlq(s), id = 0;
    return raw.map(function (d, j) { id = j === 0 ? d : id + d; return id; });
  }

  // ---- Matching and ranking ------------------------------------------------
  // Damerau-Levenshtein distance, stopping early above 1.
  function withinOneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function lowerBound(entries, term) {
    var lo = 0, hi = entries.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (entries[mid][0] < term) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  var EXACT = 1, PREFIX = 0.75, FUZZY = 0.55, MAX_EXPANSIONS = 200;
  // A dictionary entry is [term, df, head] or [term, df, head, pack, length]
  // (src/search/terms.rs): head holds the term's HEAD best postings, and the
  // whole list, `length` characters, is in p/<shard>-<pack>.js. One query
  // word ranks its top HEAD exactly from heads; several words load whole
  // lists first, up to BUDGET characters of them.
  var HEAD = 16, BUDGET = 160000;

  // Index terms matching one query term: {entry, quality}.
  function candidates(q, shard, allowPrefix, allowFuzzy) {
    if (!shard) return [];
    var out = [], at = lowerBound(shard, q), len = charLength(q);
    if (at < shard.length && shard[at][0] === q) out.push({ e: shard[at], quality: EXACT });
    if (allowPrefix && len >= 2) {
      for (var k = at; k < shard.length && out.length < MAX_EXPANSIONS; k++) {
        var t = shard[k][0];
        if (t.lastIndexOf(q, 0) !== 0) break;
        // Whole-title entries ("glue work ") hold a space; no word does.
        if (t !== q && t.indexOf(" ") < 0) out.push({ e: shard[k], quality: PREFIX });
      }
    }
    if (allowFuzzy && len >= 5) {
      for (var m = 0; m < shard.length; m++) {
        var u = shard[m][0];
        if (u !== q && u.lastIndexOf(q, 0) !== 0 && u.indexOf(" ") < 0 && withinOneEdit(q, u)) out.push({ e: shard[m], quality: FUZZY });
      }
    }
    return out;
  }
  function packName(term, e) { return "p/" + shardKey(term) + "-" + e[3]; }
  // Marks which candidates are read whole (c.whole), and returns the pack
  // files that takes. `all`: every one; else, for several query words, the
  // shortest lists first while they fit in BUDGET.
  function planWhole(perTerm, all) {
    var split = [];
    perTerm.forEach(function (cands) {
      cands.forEach(function (c) { if (c.e.length > 3) split.push(c); });
    });
    if (!all && perTerm.length > 1) {
      split.sort(function (a, b) { return a.e[4] - b.e[4]; });
      var spent = 0;
      split = split.filter(function (c) { spent += c.e[4]; return spent <= BUDGET; });
    } else if (!all) {
      split = [];
    }
    split.forEach(function (c) { c.whole = true; });
    return Array.from(new Set(split.map(function (c) { return packName(c.e[0], c.e); })));
  }
  // The postings a candidate is ranked with: whole, or its head.
  function listOf(c) {
    var e = c.e;
    if (e.length === 3) return postings(e[0], e[2]);
    if (c.whole) {
      var pack = loaded[packName(e[0], e)];
      if (pack && pack[e[0]] !== undefined) return postings(e[0], pack[e[0]]);
    }
    return postings(e[0] + "\u0000head", e[2]);
  }

  var manifestPromise = null;
  function manifest() {
    if (!manifestPromise) manifestPromise = load("manifest");
    return manifestPromise;
  }
  var facetsPromise = null;
  var facetSets = null;
  function facets() {
    if (!facetsPromise) {
      facetsPromise = load("facets").then(function (f) {
        facetSets = {};
        Object.keys(f || {}).forEach(function (facet) {
          facetSets[facet] = {};
          Object.keys(f[facet]).forEach(function (value) {
            facetSets[facet][value] = new Set(decodeIds(f[facet][value]));
          });
        });
        return facetSets;
      });
    }
    return facetsPromise;
  }

  // ---- Reading a query -----------------------------------------------------
  // The glossary (manifest.glossary: [term, [meaning...], definition]) as
  // a map from each term and meaning, folded and split like a query, to
  // the others of its entry.
  var SYNONYM = 0.9;
  function glossaryOf(m) {
    if (m.__glossary) return m.__glossary;
    var map = new Map(), longest = 1;
    (m.glossary || []).forEach(function (e) {
      var members = [e[0]].concat(e[1] || []).map(tokenize).filter(function (t) { return t.length; });
      members.forEach(function (own, i) {
        var key = own.join(" ");
        longest = Math.max(longest, own.length);
        var g = map.get(key) || { alts: [], entries: [], term: false };
        members.forEach(function (other, j) {
          var k = other.join(" ");
          if (j !== i && k !== key && !g.alts.some(function (a) { return a.join(" ") === k; })) g.alts.push(other);
        });
        if (i === 0) g.term = true;
        g.entries.push({ term: e[0], means: e[1] || [], definition: e[2] || "" });
        map.set(key, g);
      });
    });
    m.__glossary = { map: map, longest: longest };
    return m.__glossary;
  }

  // A query as groups of words. A group counts as one query word in the
  // ranking: {parts: [term...], exact, alts: [[term...]...], phrase, gloss}.
  // A plain word is a group of one part, matched by prefix and typo too; a
  // glossary term or meaning is matched exactly and by its alternatives; a
  // phrase in quotes is matched exactly, then checked for adjacency.
  function parseQuery(q, m) {
    var stop = new Set(m.stop || []), gl = glossaryOf(m), groups = [];
    var pieces = q.split("\"");
    pieces.forEach(function (piece, i) {
      var quoted = i % 2 === 1 && i < pieces.length - 1, toks = tokenize(piece);
      var kept = toks.filter(function (t) { return !stop.has(t); });
      if (quoted) {
        if (kept.length) groups.push({ parts: kept, exact: true, alts: [], phrase: toks.length > 1 ? toks : null });
        return;
      }
      for (var at = 0; at < toks.length;) {
        var n = Math.min(gl.longest, toks.length - at), hit = null;
        for (; n >= 1; n--) {
          hit = gl.map.get(toks.slice(at, at + n).join(" "));
          if (hit) break;
        }
        if (hit) {
          var own = toks.slice(at, at + n), parts = own.filter(function (t) { return !stop.has(t); });
          groups.push({ parts: parts.length ? parts : own, exact: true, alts: hit.alts, gloss: hit });
          at += n;
        } else {
          if (!stop.has(toks[at])) groups.push({ parts: [toks[at]], exact: false, alts: [] });
          at++;
        }
      }
    });
    if (!groups.length) {
      // Only stop words: search for them (they are not indexed; nothing is found).
      tokenize(q.replace(/"/g, " ")).forEach(function (t) { groups.push({ parts: [t], exact: false, alts: [] }); });
    }
    var seen = new Set();
    groups = groups.filter(function (g) {
      var k = (g.phrase ? "\"" : "") + g.parts.join(" ");
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return groups.slice(0, 30);
  }
  // The dictionary key of the items whose id is the query's words
  // (src/search/terms.rs, exact_key), or null.
  function idKey(groups) {
    var words = [].concat.apply([], groups.map(function (g) { return g.parts; }));
    return words.length && words.length <= 6 ? words.join(" ") + " " : null;
  }
  // How many distinct words a query has: a title posting whose title has
  // as many words, for each of them, is a title the query equals.
  function distinctWords(groups) {
    return new Set([].concat.apply([], groups.map(function (g) { return g.parts; }))).size;
  }

  function kindOf(m, id) {
    for (var k = 0; k < m.kinds.length; k++) {
      if (id >= m.kinds[k].start && id < m.kinds[k].end) return m.kinds[k];
    }
    return null;
  }

  // Score accumulators, one slot per document, reused across queries: far
  // cheaper than Maps when a common word matches tens of thousands.
  var buf = null;
  function buffers(n) {
    if (!buf || buf.n !== n) {
      buf = {
        n: n, score: new Float64Array(n), words: new Uint8Array(n), best: new Float64Array(n),
        own: new Float64Array(n), parts: new Uint8Array(n), exact: new Uint8Array(n),
        titled: new Uint8Array(n), exactGroups: new Uint8Array(n)
      };
    }
    return buf;
  }
  var ID_BITS = 1048576; // 2^20 documents
  // Hits of a phrase query checked for adjacency, best first.
  var PHRASE_POOL = 400;

  // Runs a query. `filters` maps a facet (kind, level, round, track, tag)
  // to the values selected; values of one facet are alternatives, facets
  // narrow each other. `limit` (default 100) is how many ranked hits to
  // return; `ids` holds every match, unordered, for facet counts. Unless
  // `opts.complete`, a query of one word ranks from the terms' heads when
  // `limit` is at most HEAD: its hits are exact, but `complete` is false
  // when a longer list was left unread, and `total` and `ids` then count
  // only the documents read. A query that finds nothing has a
  // `suggestion` when a word is near one of the index's.
  // Resolves to {terms, matched, hits, ids, total, counts, complete, ms,
  // glossary, suggestion}.
  function query(q, filters, limit, opts) {
    filters = filters || {};
    limit = limit || 100;
    opts = opts || {};
    var started = performance.now();
    var empty = { terms: [], hits: [], ids: [], total: 0, counts: {}, ms: 0, matched: [], complete: true, glossary: [], suggestion: null };
    return manifest().then(function (m) {
      if (!m) return empty;
      var groups = parseQuery(q, m);
      if (!groups.length) { empty.ms = performance.now() - started; return empty; }
      var stop = new Set(m.stop || []), words = [];
      groups.forEach(function (g) {
        g.altWords = g.alts.map(function (alt) { return alt.filter(function (t) { return !stop.has(t); }); });
        words = words.concat(g.parts, [].concat.apply([], g.altWords));
      });
      words = Array.from(new Set(words));
      var key = idKey(groups), keys = key ? [key] : [];
      var shardNames = Array.from(new Set(words.concat(keys).map(shardKey))).filter(function (k) { return m.shards.indexOf(k) >= 0; });
      var needFacets = Object.keys(filters).some(function (f) { return f !== "kind" && f !== "counts" && filters[f] && filters[f].length; }) || filters.counts;
      return Promise.all(shardNames.map(function (k) { return load("t/" + k); }).concat(needFacets ? [facets()] : []))
        .then(function () {
          var flat = [], phrase = false;
          groups.forEach(function (g, gi) {
            var lastGroup = gi === groups.length - 1;
            g.cands = g.parts.map(function (t, pi) {
              var last = lastGroup && pi === g.parts.length - 1;
              return candidates(t, loaded["t/" + shardKey(t)], !g.exact && (last || charLength(t) >= 3), !g.exact);
            });
            g.altCands = g.altWords.map(function (alt) {
              return alt.map(function (t) { return candidates(t, loaded["t/" + shardKey(t)], false, false); });
            });
            flat = flat.concat(g.cands, [].concat.apply([], g.altCands));
            if (g.phrase) phrase = true;
          });
          var exact = [];
          keys.forEach(function (k) {
            var shard = loaded["t/" + shardKey(k)];
            var at = shard ? lowerBound(shard, k) : 0;
            if (shard && at < shard.length && shard[at][0] === k) exact.push({ e: shard[at], quality: EXACT });
          });
          var all = opts.complete || needFacets || limit > HEAD || Object.keys(filters).length > 0 || phrase;
          var packs = planWhole(flat, all);
          return Promise.all(packs.map(load)).then(function () {
            var res = rank(m, groups, exact, filters, phrase ? Math.max(limit, PHRASE_POOL) : limit);
            res.terms = words;
            res.glossary = glossaryNotes(groups);
            return phrase ? phraseFilter(m, groups, res, filters, limit) : res;
          }).then(function (res) {
            res.suggestion = res.total ? null : suggest(m, groups);
            res.ms = performance.now() - started;
            return res;
          });
        });
    });
  }

  // The glossary entries a query used, each once, for the results to show.
  function glossaryNotes(groups) {
    var out = [];
    groups.forEach(function (g) {
      (g.gloss ? g.gloss.entries : []).forEach(function (e) { if (out.indexOf(e) < 0) out.push(e); });
    });
    return out;
  }

  // Calls f(doc, score, title) for each posting of a candidate; title is
  // how many words the document's title has when the term is one of them
  // (1 to 7; 0 for none or more), for an exact match of the term.
  function eachScore(N, c, weight, f) {
    var p = listOf(c), df = c.e[1], exact = c.quality === EXACT;
    var idf = Math.log(1 + N / df), docs = p.docs, vals = p.vals, q = c.quality * weight;
    for (var j = 0; j < docs.length; j++) {
      var v = vals[j], tf = (v >> 2) & 31;
      f(docs[j], q * idf * (((v & 1) ? 12 : 0) + ((v & 2) ? 5 : 0) + (tf ? 1 + Math.log(tf) : 0)), exact && (v & 1) ? v >> 7 : 0);
    }
    return c.e.length > 3 && p.docs.length < df;
  }

  // An alternative's score per document: every word of it present, the
  // mean of their best matches, as much as the group's own words. `titled`
  // gets the documents whose title is the query with the alternative in
  // place of the group's words (`total`: the query's distinct words).
  function altScores(N, g, total, note, titled) {
    var alt = new Map();
    g.altCands.forEach(function (words) {
      if (!words.length) return;
      var acc = null, inTitle = new Map(), want = total - g.parts.length + words.length;
      words.forEach(function (cands) {
        var best = new Map();
        cands.forEach(function (c) {
          note(c);
          var partial = eachScore(N, c, SYNONYM, function (d, s, title) {
            if (!(best.get(d) >= s)) best.set(d, s);
            if (title === want) inTitle.set(d, (inTitle.get(d) || 0) + 1);
          });
          if (partial) note(null);
        });
        if (!acc) { acc = best; return; }
        acc.forEach(function (s, d) {
          var t = best.get(d);
          if (t === undefined) acc.delete(d); else acc.set(d, s + t);
        });
      });
      acc.forEach(function (s, d) {
        s = s / words.length * g.parts.length;
        if (!(alt.get(d) >= s)) alt.set(d, s);
        if (inTitle.get(d) === words.length) titled.add(d);
      });
    });
    return alt;
  }

  // Scores each group of the query and ranks the documents: by words
  // matched (an exact title or id match above all), then score.
  function rank(m, groups, exact, filters, limit) {
    var N = m.docs, b = buffers(N), touched = [], matched = [], complete = true, allWords = 0;
    var total = distinctWords(groups), titledDocs = [];
    function note(c) {
      if (!c) complete = false;
      else if (c.e[1] && matched.indexOf(c.e[0]) < 0) matched.push(c.e[0]);
    }
    groups.forEach(function (g) {
      var seen = [];
      allWords += g.parts.length;
      // Each word of the group by its best match.
      g.cands.forEach(function (cands) {
        var part = [];
        cands.forEach(function (c) {
          note(c);
          var partial = eachScore(N, c, 1, function (d, s, title) {
            if (b.best[d] === 0) part.push(d);
            if (s > b.best[d]) b.best[d] = s;
            if (title === total) b.titled[d]++;
          });
          if (partial) complete = false;
        });
        for (var k = 0; k < part.length; k++) {
          var d = part[k];
          if (b.parts[d] === 0) seen.push(d);
          b.parts[d]++;
          b.own[d] += b.best[d];
          b.best[d] = 0;
        }
      });
      // A glossary alternative stands for all the group's words.
      var titled = new Set(), alt = altScores(N, g, total, note, titled);
      alt.forEach(function (s, d) { if (b.parts[d] === 0) seen.push(d); });
      for (var k = 0; k < seen.length; k++) {
        var d = seen[k], n = b.parts[d], s = b.own[d], a = alt.get(d);
        if (a !== undefined) {
          if (n < g.parts.length) { n = g.parts.length; s = a; } else if (a > s) s = a;
        }
        if (b.words[d] === 0) touched.push(d);
        b.words[d] = Math.min(30, b.words[d] + n);
        b.score[d] += s;
        // The title holds this group's words (or an alternative), and no more.
        if (b.titled[d] === g.parts.length || titled.has(d)) {
          if (b.exactGroups[d] === 0) titledDocs.push(d);
          b.exactGroups[d]++;
        }
        b.parts[d] = 0;
        b.own[d] = 0;
        b.titled[d] = 0;
      }
    });
    // Exact: the title is the query's words, or the id is.
    var exactIds = [];
    titledDocs.forEach(function (d) {
      if (b.exactGroups[d] === groups.length) { b.exact[d] = 1; exactIds.push(d); }
      b.exactGroups[d] = 0;
    });
    exact.forEach(function (c) {
      var docs = listOf(c).docs;
      for (var j = 0; j < docs.length; j++) {
        if (b.words[docs[j]] && !b.exact[docs[j]]) { b.exact[docs[j]] = 1; exactIds.push(docs[j]); }
      }
    });
    var allowed = facetFilter(m, filters);
    // Rank by words matched, then score, then document order, with one
    // numeric sort of packed keys (no comparator).
    var keys = new Float64Array(touched.length), ids = [], n = 0;
    for (var t = 0; t < touched.length; t++) {
      var id = touched[t];
      if (!allowed || allowed(id)) {
        var sc = Math.min(Math.round(b.score[id] * 1000), 268435455);
        var w = b.exact[id] ? 31 : b.words[id];
        keys[n++] = (w * 268435456 + sc) * ID_BITS + (ID_BITS - 1 - id);
        ids.push(id);
      }
    }
    var ranked = keys.subarray(0, n).sort();
    var hits = [];
    for (var r = n - 1; r >= 0 && hits.length < limit; r--) {
      var hid = ID_BITS - 1 - (ranked[r] % ID_BITS);
      hits.push({ id: hid, words: b.words[hid], score: b.score[hid], exact: b.exact[hid] === 1 });
    }
    for (var z = 0; z < touched.length; z++) { b.words[touched[z]] = 0; b.score[touched[z]] = 0; }
    exactIds.forEach(function (d) { b.exact[d] = 0; });
    var counts = { kind: {}, family: {}, level: {}, round: {}, track: {} };
    if (filters.counts) countFacets(m, ids, counts);
    return {
      matched: matched, hits: hits, ids: ids, total: n, counts: counts,
      allWords: allWords, complete: complete
    };
  }

  // Whether the terms `words` hold `phrase` (terms, stop words included)
  // side by side.
  function hasPhrase(words, phrase) {
    for (var i = 0; i + phrase.length <= words.length; i++) {
      var j = 0;
      while (j < phrase.length && words[i + j] === phrase[j]) j++;
      if (j === phrase.length) return true;
    }
    return false;
  }
  // Keeps the hits whose title or stored text holds every phrase of the
  // query, its words adjacent and in order. The best PHRASE_POOL hits
  // with the phrases' words are checked.
  function phraseFilter(m, groups, res, filters, limit) {
    var phrases = groups.filter(function (g) { return g.phrase; }).map(function (g) { return g.phrase; });
    var pool = res.hits.slice(0, PHRASE_POOL);
    return docsFor(m, pool.map(function (h) { return h.id; })).then(function (ds) {
      var ok = new Set();
      ds.forEach(function (d) {
        if (!d) return;
        var title = tokenize(d.title), text = tokenize(d.text);
        if (phrases.every(function (p) { return hasPhrase(title, p) || hasPhrase(text, p); })) ok.add(d.id);
      });
      var hits = pool.filter(function (h) { return ok.has(h.id); });
      res.complete = res.complete && res.total <= PHRASE_POOL;
      res.hits = hits.slice(0, limit);
      res.ids = hits.map(function (h) { return h.id; });
      res.total = hits.length;
      res.counts = { kind: {}, family: {}, level: {}, round: {}, track: {} };
      if (filters.counts) countFacets(m, res.ids, res.counts);
      return res;
    });
  }

  // ---- Did you mean ----------------------------------------------------------
  // Edit distance (adjacent transpositions count one), on code points,
  // stopping above max.
  function editDistance(a, b, max) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (var k = 1; k <= b.length; k++) {
        var v = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
        if (before && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) v = Math.min(v, before[k - 2] + 1);
        cur.push(v);
        low = Math.min(low, v);
      }
      if (low > max) return max + 1;
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }
  // A query with each word that matched nothing replaced by the nearest
  // term of its shard or of the glossary (two edits at most, one for words
  // under five letters; the more common term on a tie), or null.
  function suggest(m, groups) {
    var gl = glossaryOf(m), changed = false;
    var words = groups.map(function (g) {
      if (g.phrase) return "\"" + g.phrase.join(" ") + "\"";
      var text = g.parts.join(" ");
      if (g.gloss || g.parts.length !== 1 || g.cands[0].length) return text;
      var t = g.parts[0], max = charLength(t) >= 5 ? 2 : 1, best = null;
      function consider(term, df) {
        if (term.indexOf(" ") >= 0 || term === t) return;
        var dist = editDistance(t, term, max);
        if (dist > max) return;
        if (!best || dist < best.dist || (dist === best.dist && df > best.df)) best = { term: term, dist: dist, df: df };
      }
      (loaded["t/" + shardKey(t)] || []).forEach(function (e) { consider(e[0], e[1]); });
      gl.map.forEach(function (entry, key) { consider(key, Infinity); });
      if (!best) return text;
      changed = true;
      return best.term;
    });
    return changed ? words.join(" ") : null;
  }

  function facetFilter(m, filters) {
    var tests = [];
    Object.keys(filters).forEach(function (facet) {
      var values = filters[facet];
      if (facet === "counts" || !values || !values.length) return;
      if (facet === "kind") {
        var ranges = m.kinds.filter(function (k) { return values.indexOf(k.id) >= 0; });
        tests.push(function (id) { return ranges.some(function (r) { return id >= r.start && id < r.end; }); });
      } else {
        var sets = values.map(function (v) { return (facetSets && facetSets[facet] && facetSets[facet][v]) || new Set(); });
        tests.push(function (id) { return sets.some(function (s) { return s.has(id); }); });
      }
    });
    if (!tests.length) return null;
    return function (id) { return tests.every(function (t) { return t(id); }); };
  }

  function countFacets(m, ids, counts) {
    ids.forEach(function (id) {
      var k = kindOf(m, id);
      if (k) counts.kind[k.id] = (counts.kind[k.id] || 0) + 1;
    });
    ["family", "level", "round", "track"].forEach(function (facet) {
      var values = (facetSets && facetSets[facet]) || {};
      Object.keys(values).forEach(function (v) {
        var n = 0, set = values[v];
        ids.forEach(function (id) { if (set.has(id)) n++; });
        if (n) counts[facet][v] = n;
      });
    });
  }

  // Stored documents: [title, url, kind index, parent title, text].
  function docsFor(m, ids) {
    var chunks = Array.from(new Set(ids.map(function (id) { return Math.floor(id / m.chunk); })));
    return Promise.all(chunks.map(function (c) { return load("d/" + c); })).then(function () {
      return ids.map(function (id) {
        var chunk = loaded["d/" + Math.floor(id / m.chunk)];
        var d = chunk && chunk[id % m.chunk];
        return d ? { id: id, title: d[0], url: d[1], kind: d[2], parent: d[3], text: d[4] } : null;
      });
    });
  }

  // ---- Highlighting --------------------------------------------------------
  // Words of the original text, with their folded terms, so highlights land
  // on the text as written (résumé is found by resume, and marked as résumé).
  var WORD_RUN = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  function matcher(res) {
    var exact = new Set(res.matched.concat(res.terms));
    var prefixes = res.terms.filter(function (t) { return charLength(t) >= 2; });
    return function (word) {
      return tokenize(word).some(function (t) {
        if (exact.has(t)) return true;
        return prefixes.some(function (p) { return t.lastIndexOf(p, 0) === 0; });
      });
    };
  }
  function marks(text, isHit) {
    var out = [], m;
    WORD_RUN.lastIndex = 0;
    while ((m = WORD_RUN.exec(text))) {
      var w = m[0], start = m.index;
      var cps = Array.from(w);
      if (cps.some(function (c) { return isCjk(c.codePointAt(0)); })) {
        // Mark each CJK character (and pair) that matches, one by one.
        var off = start;
        for (var k = 0; k < cps.length; k++) {
          var c = cps[k], pair = k + 1 < cps.length ? c + cps[k + 1] : "";
          if (isHit(c) || (pair && isHit(pair))) out.push([off, off + c.length + (pair && isHit(pair) ? cps[k + 1].length : 0)]);
          off += c.length;
        }
      } else if (isHit(w)) {
        out.push([start, start + w.length]);
      }
    }
    return out;
  }
  function appendMarked(el, text, ranges) {
    var at = 0;
    ranges.forEach(function (r) {
      if (r[0] < at) return;
      if (r[0] > at) el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(r[0], r[1]);
      el.appendChild(mk);
      at = r[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
  }
  function snippet(text, isHit, size) {
    size = size || 200;
    var ranges = marks(text, isHit);
    var first = ranges.length ? ranges[0][0] : 0;
    var start = Math.max(0, first - 60);
    if (start > 0) {
      var space = text.lastIndexOf(" ", start);
      start = space > start - 20 && space >= 0 ? space + 1 : start;
    }
    var end = Math.min(text.length, start + size);
    if (end < text.length) {
      var sp = text.indexOf(" ", end);
      end = sp >= 0 && sp < end + 20 ? sp : end;
    }
    var piece = text.slice(start, end);
    var shifted = ranges
      .filter(function (r) { return r[0] >= start && r[1] <= end; })
      .map(function (r) { return [r[0] - start, r[1] - start]; });
    return { text: (start > 0 ? "…" : "") + piece + (end < text.length ? "…" : ""), ranges: shifted.map(function (r) { return start > 0 ? [r[0] + 1, r[1] + 1] : r; }) };
  }

  function renderHit(m, d, isHit, withSnippet, words) {
    var a = document.createElement("a");
    a.className = "search-hit";
    a.href = root + d.url;
    a.dataset.href = root + d.url;
    if (words) a.dataset.highlight = words;
    var title = document.createElement("span");
    title.className = "hit-title";
    appendMarked(title, d.title, marks(d.title, isHit));
    a.appendChild(title);
    var meta = document.createElement("span");
    meta.className = "hit-meta";
    var kind = m.kinds.filter(function (k) { return k.index === d.kind; })[0];
    meta.textContent = (kind ? kind.label.replace(/s$/, "") : "") + (d.parent ? " · " + d.parent : "");
    a.appendChild(meta);
    if (withSnippet && d.text) {
      var sn = snippet(d.text, isHit);
      var p = document.createElement("span");
      p.className = "hit-snippet";
      appendMarked(p, sn.text, sn.ranges);
      a.appendChild(p);
    }
    return a;
  }

  // ---- Following a result: the words travel with it ------------------------
  // A result's link stays the page's own address (to copy or share); when
  // the reader follows it, ?highlight=<words> is added, and the page it
  // opens marks those words and scrolls to the first (highlightPage).
  var MAX_HIGHLIGHT = 24;
  function highlightWords(res) {
    var out = [];
    res.terms.concat(res.matched).forEach(function (t) {
      if (t.indexOf(" ") < 0 && out.indexOf(t) < 0 && out.length < MAX_HIGHLIGHT) out.push(t);
    });
    return out.join(" ");
  }
  function withHighlight(href, words) {
    if (!words) return href;
    var hash = href.indexOf("#"), path = hash >= 0 ? href.slice(0, hash) : href, frag = hash >= 0 ? href.slice(hash) : "";
    return path + (path.indexOf("?") >= 0 ? "&" : "?") + "highlight=" + encodeURIComponent(words) + frag;
  }
  function followUrl(a) {
    return withHighlight(a.dataset.href || a.getAttribute("href"), a.dataset.highlight || "");
  }
  function onFollow(e) {
    var a = e.target && e.target.closest ? e.target.closest("a.search-hit") : null;
    if (a && a.dataset.href) a.setAttribute("href", followUrl(a));
  }
  document.addEventListener("click", onFollow, true);
  document.addEventListener("auxclick", onFollow, true);

  // Marks the words of ?highlight= in the page's main content, text only
  // (never inside scripts, styles, code or form fields), and scrolls the
  // first one after the linked section (or on the page) into view.
  var NO_MARKS = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEXTAREA: 1, INPUT: 1, SELECT: 1, OPTION: 1, BUTTON: 1, CODE: 1, PRE: 1, MARK: 1, SVG: 1, TEMPLATE: 1 };
  var MAX_MARKS = 500;
  function highlightPage() {
    var words;
    try { words = new URLSearchParams(window.location.search).get("highlight"); } catch (e) { return; }
    var main = document.getElementById("main");
    if (!words || !main || document.getElementById("search-page")) return;
    var wanted = new Set(tokenize(words));
    if (!wanted.size) return;
    var isHit = function (word) { return tokenize(word).some(function (t) { return wanted.has(t); }); };
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        for (var p = n.parentNode; p && p !== main; p = p.parentNode) {
          if (NO_MARKS[p.nodeName.toUpperCase()]) return NodeFilter.FILTER_REJECT;
        }
        return /\S/.test(n.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [], n, count = 0;
    while ((n = walker.nextNode())) nodes.push(n);
    nodes.forEach(function (node) {
      if (count >= MAX_MARKS) return;
      var text = node.nodeValue, ranges = marks(text, isHit);
      if (!ranges.length) return;
      count += ranges.length;
      var frag = document.createDocumentFragment();
      appendMarked(frag, text, ranges);
      frag.querySelectorAll("mark").forEach(function (mk) { mk.className = "search-highlight"; });
      node.parentNode.replaceChild(frag, node);
    });
    var all = main.querySelectorAll("mark.search-highlight");
    if (!all.length) return;
    var target = null, anchor = null;
    try { anchor = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null; } catch (e) { anchor = null; }
    if (anchor) {
      target = Array.prototype.find.call(all, function (mk) {
        return anchor.contains(mk) || (anchor.compareDocumentPosition(mk) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
    }
    target = target || all[0];
    target.classList.add("search-highlight-first");
    target.scrollIntoView({ block: "center" });
  }

  // "Did you mean ...?": a button running the suggestion.
  function suggestion(res, run) {
    if (!res.suggestion) return null;
    var p = document.createElement("p");
    p.className = "search-suggest";
    p.appendChild(document.createTextNode("Did you mean "));
    var btn = document.createElement("button");
    btn.type = "button";
    btn.textContent = res.suggestion;
    btn.addEventListener("click", function (e) { e.preventDefault(); e.stopPropagation(); run(res.suggestion); });
    p.appendChild(btn);
    p.appendChild(document.createTextNode("?"));
    return p;
  }
  // What the query's glossary terms mean, as text.
  function glossaryNote(res) {
    if (!res.glossary || !res.glossary.length) return null;
    var p = document.createElement("p");
    p.className = "search-glossary";
    res.glossary.slice(0, 3).forEach(function (e, i) {
      if (i) p.appendChild(document.createElement("br"));
      var b = document.createElement("b");
      b.textContent = e.term;
      p.appendChild(b);
      p.appendChild(document.createTextNode(": " + e.means.join(", ") + (e.definition ? ". " + e.definition : "")));
    });
    return p;
  }

  // ---- The search box on every page ----------------------------------------
  var POPUP_SIZE = 8;
  function setupBox() {
    var input = document.getElementById("search-input");
    var popup = document.getElementById("search-popup");
    if (!input || !popup) return;
    var seq = 0, active = -1;
    function options() { return popup.querySelectorAll("[role=option]"); }
    function close() {
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function activate(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function run() {
      var q = input.value, mine = ++seq;
      if (!q.trim()) { close(); popup.textContent = ""; return; }
      manifest().then(function (m) {
        return query(q, {}, POPUP_SIZE).then(function (res) {
          if (mine !== seq) return;
          return draw(m, q, res, mine).then(function (shown) {
            // Results ranked from heads are exact; the whole lists, read
            // after they are on screen, give the total (and, for several
            // words past the budget, may reorder them).
            if (!shown || res.complete) return;
            return query(q, {}, POPUP_SIZE, { complete: true }).then(function (whole) {
              if (mine !== seq) return;
              var same = whole.hits.map(hitId).join() === res.hits.map(hitId).join();
              if (!same) return draw(m, q, whole, mine);
              var all = popup.querySelector(".search-all");
              if (all) all.textContent = seeAll(q, whole);
            });
          });
        });
      });
    }
    function hitId(h) { return h.id; }
    function seeAll(q, res) {
      if (!res.total) return "No results for \u201c" + q + "\u201d";
      return res.complete ? "See all " + res.total + " results" : "See all results";
    }
    // Shows a query's hits; resolves to whether they were shown.
    function draw(m, q, res, mine) {
      var top = res.hits.slice(0, POPUP_SIZE).map(hitId);
      return docsFor(m, top).then(function (ds) {
        if (mine !== seq) return false;
        popup.textContent = "";
        var isHit = matcher(res), words = highlightWords(res);
        var gloss = glossaryNote(res);
        if (gloss) popup.appendChild(gloss);
        ds.forEach(function (d, k) {
          if (!d) return;
          var opt = renderHit(m, d, isHit, true, words);
          opt.id = "search-option-" + k;
          opt.setAttribute("role", "option");
          opt.setAttribute("aria-selected", "false");
          popup.appendChild(opt);
        });
        var all = document.createElement("a");
        all.className = "search-all";
        all.href = root + "search.html?q=" + encodeURIComponent(q);
        all.textContent = seeAll(q, res);
        popup.appendChild(all);
        var suggest = suggestion(res, function (s) { input.value = s; input.focus(); run(); });
        if (suggest) popup.appendChild(suggest);
        popup.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
        return true;
      });
    }
    input.addEventListener("input", run);
    // Fetch the manifest as soon as the reader heads for the box.
    input.addEventListener("focus", function () { manifest(); if (input.value.trim()) run(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (popup.hidden) run(); else activate(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); activate(active - 1); }
      else if (e.key === "Escape") { e.preventDefault(); if (!popup.hidden) close(); else input.blur(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        var opt = options()[active];
        if (opt) window.location.href = followUrl(opt);
      }
    });
    document.addEventListener("click", function (e) {
      if (!popup.contains(e.target) && e.target !== input) close();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  // ---- The results page ----------------------------------------------------
  var FACETS = ["kind", "family", "level", "round"];
  function setupPage() {
    var page = document.getElementById("search-page");
    if (!page) return;
    var input = document.getElementById("search-page-input");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var facetBox = document.getElementById("search-facets");
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (f) { filters[f] = params.getAll(f); });
    input.value = params.get("q") || "";
    var header = document.getElementById("search-input");
    if (header) header.value = input.value;
    var seq = 0;

    function syncUrl() {
      var p = new URLSearchParams();
      if (input.value) p.set("q", input.value);
      FACETS.forEach(function (f) { filters[f].forEach(function (v) { p.append(f, v); }); });
      var url = window.location.pathname + (p.toString() ? "?" + p.toString() : "");
      try { history.replaceState(null, "", url); } catch (e) { /* some file:// setups refuse */ }
    }

    function label(m, facet, value) {
      if (facet === "kind") {
        var k = m.kinds.filter(function (x) { return x.id === value; })[0];
        return k ? k.label : value;
      }
      return (m.labels && m.labels[facet + ":" + value]) || value;
    }

    function drawFacets(m, counts) {
      facetBox.textContent = "";
      FACETS.forEach(function (facet) {
        var values = facet === "kind" ? m.kinds.map(function (k) { return k.id; })
          : facet === "family" ? (m.families || [])
          : facet === "level" ? m.levels : m.rounds;
        values = values.filter(function (v) { return counts[facet][v] || filters[facet].indexOf(v) >= 0; });
        if (!values.length) return;
        var fs = document.createElement("fieldset");
        fs.className = "facet";
        fs.dataset.facet = facet;
        var lg = document.createElement("legend");
        lg.textContent = { kind: "Kind", family: "Job family", level: "Level", round: "Round" }[facet];
        fs.appendChild(lg);
        values.forEach(function (v) {
          var lb = document.createElement("label");
          var cb = document.createElement("input");
          cb.type = "checkbox";
          cb.name = facet;
          cb.value = v;
          cb.checked = filters[facet].indexOf(v) >= 0;
          cb.addEventListener("change", function () {
            filters[facet] = Array.from(fs.querySelectorAll("input:checked")).map(function (x) { return x.value; });
            run();
          });
          lb.appendChild(cb);
          lb.appendChild(document.createTextNode(" " + label(m, facet, v) + " "));
          var n = document.createElement("span");
          n.className = "count";
          n.textContent = String(counts[facet][v] || 0);
          lb.appendChild(n);
          fs.appendChild(lb);
        });
        facetBox.appendChild(fs);
      });
    }

    function run() {
      var mine = ++seq, q = input.value;
      syncUrl();
      // Busy until the full 50, the total and the facet counts are drawn.
      list.setAttribute("aria-busy", "true");
      notes.textContent = "";
      if (!q.trim()) {
        list.removeAttribute("aria-busy");
        list.textContent = "";
        facetBox.textContent = "";
        status.textContent = "Type to search the handbook.";
        return;
      }
      manifest().then(function (m) {
        // Unfiltered, the best HEAD results are drawn first from the terms'
        // heads, as the search box draws them; the facets (the largest file)
        // and whole lists load after, for the full 50, the total and counts.
        var filtered = FACETS.some(function (f) { return filters[f].length; });
        // The first result's stored text is fetched alone, so it shows
        // after one chunk rather than one per result, and is painted before
        // the others are asked for.
        var early = filtered ? Promise.resolve() : query(q, {}, HEAD).then(function (res) {
          if (mine !== seq || !res.hits.length) return;
          var ids = res.hits.map(function (h) { return h.id; });
          return docsFor(m, ids.slice(0, 1)).then(function (first) {
            if (mine !== seq) return;
            drawList(m, res, first);
            status.textContent = "Best matches first; counting the rest\u2026";
            return afterPaint().then(function () { return mine === seq ? docsFor(m, ids) : null; });
          }).then(function (ds) {
            if (mine !== seq || !ds) return;
            drawList(m, res, ds);
            if (res.complete) status.textContent = summary(q, res);
          });
        });
        // Facet counts are those of the unfiltered query, so a reader sees
        // what each choice would give.
        var f = { kind: filters.kind, family: filters.family, level: filters.level, round: filters.round, counts: true };
        return early.then(function () { return facets(); }).then(function () { return query(q, f, 50); }).then(function (res) {
          if (mine !== seq) return;
          var top = res.hits.map(function (h) { return h.id; });
          return query(q, { counts: true }, 1).then(function (unfiltered) {
            return docsFor(m, top).then(function (ds) {
              if (mine !== seq) return;
              drawFacets(m, unfiltered.counts);
              drawList(m, res, ds);
              drawNotes(res);
              list.removeAttribute("aria-busy");
              status.textContent = summary(q, res);
            });
          });
        });
      });
    }
    function afterPaint() {
      return new Promise(function (done) { requestAnimationFrame(function () { setTimeout(done, 0); }); });
    }
    // The glossary's word on the query, and "did you mean", under the status.
    var notes = document.createElement("div");
    notes.id = "search-notes";
    notes.className = "search-notes";
    status.parentNode.insertBefore(notes, status.nextSibling);
    function drawNotes(res) {
      notes.textContent = "";
      var gloss = glossaryNote(res);
      if (gloss) notes.appendChild(gloss);
      var suggest = suggestion(res, function (s) { input.value = s; run(); });
      if (suggest) notes.appendChild(suggest);
    }
    function drawList(m, res, ds) {
      list.textContent = "";
      var isHit = matcher(res), words = highlightWords(res);
      ds.forEach(function (d) {
        if (!d) return;
        var li = document.createElement("li");
        li.appendChild(renderHit(m, d, isHit, true, words));
        list.appendChild(li);
      });
    }
    function summary(q, res) {
      return res.total === 0 ? "No results for \u201c" + q + "\u201d."
        : res.total + (res.total === 1 ? " result" : " results") + (res.total > 50 ? ", showing the first 50" : "") +
          " (" + Math.max(1, Math.round(res.ms)) + " ms)";
    }
    input.addEventListener("input", run);
    page.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    run();
  }

  window.careerbookSearch = {
    query: query,
    tokenize: tokenize,
    fold: fold,
    shardKey: shardKey,
    docs: function (ids) { return manifest().then(function (m) { return docsFor(m, ids); }); },
    loadedFiles: function () { return loadedFiles.slice(); },
    withinOneEdit: withinOneEdit,
    editDistance: editDistance
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setupBox(); setupPage(); highlightPage(); });
  } else {
    setupBox();
    setupPage();
    highlightPage();
  }
})();
