// careerbook: small progressive enhancements. Pages read fine without it.
// State stays in this browser (localStorage); nothing is sent anywhere.
(function () {
  "use strict";
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode */ } }
  };
  var page = location.pathname.replace(/^.*\/(?=[^\/]+\/[^\/]+$)/, "");

  // A select that leads somewhere (the release selector): going there when
  // a choice is made. Its options are plain links for readers without script.
  document.querySelectorAll("select[data-navigate]").forEach(function (sel) {
    sel.addEventListener("change", function () { if (sel.value) location.href = sel.value; });
  });

  // The sidebar: the whole handbook, drawn from assets/toc.js, with the
  // reader's section open and the current page marked. Other sections are
  // filled in when opened, so a huge handbook costs nothing up front.
  var side = document.getElementById("sidebar");
  var toc = window.__cb_toc;
  if (side && toc) {
    var rootPrefix = document.documentElement.getAttribute("data-root") || "";
    var here = location.pathname.split("/").slice(rootPrefix === "../" ? -2 : -1).join("/") || "index.html";
    var fill = function (ul, sec) {
      sec.i.forEach(function (it) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = rootPrefix + it[1];
        a.textContent = it[0];
        if (it[1] === here) { a.setAttribute("aria-current", "page"); }
        if (it[2]) li.className = "depth-" + it[2];
        li.appendChild(a);
        ul.appendChild(li);
      });
    };
    toc.forEach(function (sec) {
      var mine = sec.u === here || sec.u.split("/")[0] === here.split("/")[0] && here.indexOf("/") > 0 ||
        sec.i.some(function (it) { return it[1] === here; });
      if (!sec.i.length) {
        var a = document.createElement("a");
        a.href = rootPrefix + sec.u;
        a.className = "sidebar-top";
        a.textContent = sec.t;
        if (sec.u === here) a.setAttribute("aria-current", "page");
        side.appendChild(a);
        return;
      }
      // A summary is itself a control, so the section's own page is the
      // first entry of its list rather than a link inside the summary.
      var det = document.createElement("details");
      var sum = document.createElement("summary");
      sum.textContent = sec.t;
      det.appendChild(sum);
      var ul = document.createElement("ul");
      det.appendChild(ul);
      var listed = { i: [["Overview", sec.u]].concat(sec.i) };
      if (mine) { det.open = true; fill(ul, listed); }
      det.addEventListener("toggle", function () { if (det.open && !ul.childNodes.length) fill(ul, listed); });
      side.appendChild(det);
    });
    side.hidden = false;
    var cur = side.querySelector("[aria-current=page]");
    if (cur && cur.scrollIntoView) cur.scrollIntoView({ block: "nearest" });
  }

  // Theme toggle: light / dark, remembered.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var root = document.documentElement;
      var dark = root.dataset.theme ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("careerbook-theme", root.dataset.theme); } catch (e) { /* ignore */ }
    });
  }

  // A button to copy a block's text (a hiring profile's advert).
  document.querySelectorAll("pre[data-copy]").forEach(function (pre) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "cite";
    var label = pre.dataset.copy;
    btn.textContent = label;
    btn.addEventListener("click", function () {
      var text = pre.textContent;
      var done = function () { btn.textContent = "Copied"; setTimeout(function () { btn.textContent = label; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { window.prompt("Copy this text:", text); });
      } else {
        window.prompt("Copy this text:", text);
      }
    });
    pre.after(btn);
  });

  // "Copy citation" for criteria: level, dimension, text, id and link, for
  // a promotion packet or 1:1 notes.
  document.querySelectorAll("li[data-cite]").forEach(function (li) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "cite";
    btn.textContent = "Copy citation";
    btn.addEventListener("click", function () {
      var url = location.href.split("#")[0] + "#" + li.id;
      var citation = li.dataset.cite + " " + url;
      var done = function () { btn.textContent = "Copied"; setTimeout(function () { btn.textContent = "Copy citation"; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(citation).then(done, function () { window.prompt("Copy this citation:", citation); });
      } else {
        window.prompt("Copy this citation:", citation);
      }
    });
    var link = li.querySelector(".permalink");
    if (link) link.after(" ", btn);
  });

  // Self-assessment on the level matrix: one level per dimension, kept in
  // localStorage and shareable as #assess=dimension.level~... (no server).
  var matrixCells = document.querySelectorAll("table.matrix td[data-dimension]");
  var assessBox = document.getElementById("assessment");
  if (matrixCells.length && assessBox) {
    // One assessment per ladder: a family's page keeps its own.
    var akey = "careerbook-assessment" + (assessBox.dataset.family ? ":" + assessBox.dataset.family : "");
    // Levels renamed since a link was made (`formerly`): old id -> new id.
    var aliases = {};
    try { aliases = JSON.parse(assessBox.dataset.formerly || "{}"); } catch (e) { /* none */ }
    var parse = function (h) {
      var m = /(?:^#|&)assess=([^&]*)/.exec(h || "");
      var out = {};
      if (!m) return null;
      decodeURIComponent(m[1]).split("~").forEach(function (pair) {
        var kv = pair.split(".");
        if (kv.length === 2 && kv[0] && kv[1]) out[kv[0]] = aliases[kv[1]] || kv[1];
      });
      return out;
    };
    var encode = function (st) {
      return Object.keys(st).sort().map(function (d) { return d + "." + st[d]; }).join("~");
    };
    var shared = parse(location.hash);
    var choice = shared || store.get(akey) || {};
    Object.keys(choice).forEach(function (d) { choice[d] = aliases[choice[d]] || choice[d]; });
    var names = {};
    document.querySelectorAll("table.matrix thead th a[href^='#dim-']").forEach(function (a) {
      names[a.getAttribute("href").slice(5)] = a.textContent;
    });
    var titles = {};
    document.querySelectorAll("table.matrix tbody th[scope=row] a").forEach(function (a) {
      var td = a.closest("tr").querySelector("td[data-level]");
      if (td) titles[td.dataset.level] = a.textContent;
    });
    var paintAssessment = function () {
      matrixCells.forEach(function (td) {
        var on = choice[td.dataset.dimension] === td.dataset.level;
        td.classList.toggle("assessed", on);
        td.setAttribute("aria-pressed", on ? "true" : "false");
      });
      var parts = Object.keys(names).filter(function (d) { return choice[d]; }).map(function (d) {
        return names[d] + ": " + (titles[choice[d]] || choice[d]);
      });
      document.getElementById("assessment-summary").textContent = parts.length
        ? (shared ? "Shared assessment — " : "Your assessment — ") + parts.join("; ")
        : "Nothing chosen yet.";
      document.getElementById("assessment-link").href = "#assess=" + encodeURIComponent(encode(choice));
    };
    matrixCells.forEach(function (td) {
      td.tabIndex = 0;
      td.setAttribute("role", "button");
      var pick = function () {
        shared = null;
        choice[td.dataset.dimension] = td.dataset.level;
        store.set(akey, choice);
        paintAssessment();
      };
      td.addEventListener("click", pick);
      td.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
    });
    document.getElementById("assessment-reset").addEventListener("click", function () {
      choice = {};
      shared = null;
      store.set(akey, choice);
      paintAssessment();
    });
    assessBox.hidden = false;
    paintAssessment();
  }

  // Self-assessment against levels defined by rules over tiers: a standing
  // per dimension in half steps (2 per tier, 1 less for "some skills"),
  // kept in localStorage and shareable as #tiers=dimension.n~...
  var tierBox = document.getElementById("tier-assessment");
  if (tierBox) {
    var tkey = "careerbook-tiers" + (tierBox.dataset.family ? ":" + tierBox.dataset.family : "");
    var selects = tierBox.querySelectorAll("select[data-dimension]");
    var tdims = [].map.call(selects, function (s) { return s.dataset.dimension; });
    var tparse = function (h) {
      var m = /(?:^#|&)tiers=([^&]*)/.exec(h || "");
      if (!m) return null;
      var out = {};
      decodeURIComponent(m[1]).split("~").forEach(function (pair) {
        var kv = pair.split(".");
        if (kv.length === 2 && tdims.indexOf(kv[0]) >= 0 && /^[0-9]+$/.test(kv[1])) out[kv[0]] = parseInt(kv[1], 10);
      });
      return out;
    };
    var tshared = tparse(location.hash);
    var standing = tshared || store.get(tkey) || {};
    var holds = function (code) {
      var p = code.split(",");
      var at = parseInt(p[0], 10), need = parseInt(p[1], 10), dim = p[2];
      if (dim) return (standing[dim] || 0) >= at;
      return tdims.filter(function (d) { return (standing[d] || 0) >= at; }).length >= need;
    };
    var ruleRows = document.querySelectorAll("tr[data-rule]");
    var paintTiers = function () {
      selects.forEach(function (s) { s.value = String(standing[s.dataset.dimension] || 0); });
      var rated = tdims.some(function (d) { return standing[d]; });
      var met = null, next = null;
      ruleRows.forEach(function (tr) {
        var ok = true, anyOk = null;
        tr.querySelectorAll("li[data-clause]").forEach(function (li) {
          var h = holds(li.dataset.clause);
          li.classList.toggle("holds", rated && h);
          if (li.parentNode.classList.contains("clauses-any")) anyOk = anyOk || h;
          else ok = ok && h;
        });
        ok = ok && anyOk !== false && rated;
        tr.classList.toggle("met", ok);
        var cell = tr.querySelector(".rule-status");
        cell.hidden = false;
        cell.textContent = !rated ? "" : ok ? "Met" : "Not yet";
        if (ok) { met = tr; next = null; } else if (!next) { next = tr; }
      });
      document.querySelectorAll(".rule-status-head").forEach(function (th) { th.hidden = false; });
      var name = function (tr) { return tr.querySelector("th a").textContent; };
      var summary = "Choose a tier for each dimension.";
      if (rated) {
        summary = (tshared ? "Shared assessment: " : "") + (met ? "your tiers meet the rule of " + name(met) + "." : "your tiers meet no level's rule yet.");
        if (next) {
          var text = function (li) { return li.textContent; };
          var parts = [].filter.call(next.querySelectorAll(".clauses-all li"), function (li) { return !li.classList.contains("holds"); }).map(text);
          var alternatives = [].slice.call(next.querySelectorAll(".clauses-any li"));
          if (alternatives.length && !alternatives.some(function (li) { return li.classList.contains("holds"); })) {
            parts.push(alternatives.length > 1 ? "one of: " + alternatives.map(text).join(" or ") : text(alternatives[0]));
          }
          summary += " Next, " + name(next) + " asks for " + parts.join("; ") + ".";
        }
      }
      document.getElementById("tier-summary").textContent = summary;
      document.getElementById("tier-link").href = "#tiers=" + encodeURIComponent(tdims.filter(function (d) { return standing[d]; }).map(function (d) { return d + "." + standing[d]; }).join("~"));
    };
    selects.forEach(function (s) {
      s.addEventListener("change", function () {
        tshared = null;
        standing[s.dataset.dimension] = parseInt(s.value, 10) || 0;
        store.set(tkey, standing);
        paintTiers();
      });
    });
    document.getElementById("tier-reset").addEventListener("click", function () {
      standing = {};
      tshared = null;
      store.set(tkey, standing);
      paintTiers();
    });
    tierBox.hidden = false;
    paintTiers();
  }

  // Assessments criterion by criterion. A level's page marks each of its
  // criteria met, partly, not yet or not applicable, with a note; the
  // marks stay in localStorage and travel only in a link or a file the
  // reader makes. The link is versioned and names criteria by short keys
  // the page carries (docs/content-format.md, "Assessments"):
  //   #criteria=1~<level>~<by>~<key><state>[!<note>]~...
  var STATES = { M: "met", P: "partly", N: "not yet", X: "n/a" };
  var STATE_LABELS = { M: "Met", P: "Partly", N: "Not yet", X: "Not applicable" };
  var STATE_ORDER = ["M", "P", "N", "X"];
  var enc = function (s) {
    return encodeURIComponent(s).replace(/[~!'()*]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
  };
  var dec = function (s) { try { return decodeURIComponent(s); } catch (e) { return null; } };
  var criteriaCodec = {
    // a: { level, by, marks: { key: [state, note] } }
    encode: function (a) {
      var items = Object.keys(a.marks).sort().map(function (k) {
        var m = a.marks[k];
        return k + m[0] + (m[1] ? "!" + enc(m[1]) : "");
      });
      return ["1", enc(a.level), enc(a.by || "")].concat(items).join("~");
    },
    // A whole link, a fragment or the bare payload. Returns null when it
    // holds no assessment, { error } when it cannot be read.
    decode: function (text) {
      var s = (text || "").trim();
      var m = /criteria=([^&#\s]*)/.exec(s);
      if (m) s = m[1];
      var parts = s.split("~");
      if (parts.length < 3) return null;
      if (!/^[0-9]+$/.test(parts[0])) return null;
      if (parts[0] !== "1") return { error: "This link was made by a newer version of this handbook's site (format " + parts[0] + "); it cannot be read here." };
      var out = { level: dec(parts[1]) || "", by: dec(parts[2]) || "", marks: {} };
      parts.slice(3).forEach(function (it) {
        var bang = it.indexOf("!");
        var head = bang < 0 ? it : it.slice(0, bang);
        var st = head.slice(-1), key = head.slice(0, -1);
        if (!STATES[st] || !key) return;
        out.marks[key] = [st, bang < 0 ? "" : (dec(it.slice(bang + 1)) || "")];
      });
      return out;
    },
    // Criterion id by key, for one level's criteria [{ id, key, also }]:
    // current keys first, then ids and the keys of old ids.
    index: function (criteria) {
      var byKey = {};
      criteria.forEach(function (c) { byKey[c.key] = c.id; });
      criteria.forEach(function (c) {
        (c.also || "").split(" ").forEach(function (t) { if (t && !byKey[t]) byKey[t] = c.id; });
      });
      return byKey;
    },
    // A decoded link's marks by criterion id, and how many named
    // criteria this level does not have.
    resolve: function (a, byKey) {
      var marks = {}, unknown = 0;
      Object.keys(a.marks).forEach(function (k) {
        if (byKey[k]) marks[byKey[k]] = a.marks[k]; else unknown++;
      });
      return { marks: marks, unknown: unknown };
    }
  };
  var plural = function (n, one, many) { return n + " " + (n === 1 ? one : many); };

  var assessPanel = document.getElementById("assess");
  if (assessPanel) {
    var alevel = assessPanel.dataset.level;
    var aformerly = (assessPanel.dataset.formerly || "").split(" ").filter(Boolean);
    var ckey = "careerbook-criteria:" + alevel;
    var items = [].slice.call(document.querySelectorAll(".expectations li[data-key]"));
    var crits = items.map(function (li) {
      var sec = li.closest("section.expectation");
      return {
        li: li, id: li.dataset.also.split(" ")[0], key: li.dataset.key, also: li.dataset.also,
        dim: sec ? sec.id : "", dimName: sec ? sec.querySelector("h3").textContent : "",
        text: li.querySelector(".criterion").textContent
      };
    });
    var keyOfId = {};
    crits.forEach(function (c) { keyOfId[c.id] = c.key; });
    var byKey = criteriaCodec.index(crits);
    var mine = store.get(ckey) || { by: "", marks: {} };
    var current = mine, sharedNote = null, drafts = {};
    var fromLink = criteriaCodec.decode(location.hash.indexOf("criteria=") >= 0 ? location.hash : "");
    var noticeBox = document.getElementById("assess-shared");
    if (fromLink && fromLink.error) {
      sharedNote = fromLink.error;
    } else if (fromLink && fromLink.level !== alevel && aformerly.indexOf(fromLink.level) < 0) {
      noticeBox.textContent = "";
      noticeBox.append("The link you opened assesses another level: ");
      var there = document.createElement("a");
      there.href = encodeURIComponent(fromLink.level) + ".html" + location.hash;
      there.textContent = "open it on that level's page";
      noticeBox.append(there, ".");
      noticeBox.hidden = false;
    } else if (fromLink) {
      var got = criteriaCodec.resolve(fromLink, byKey);
      current = { by: fromLink.by, marks: got.marks };
      sharedNote = "You are looking at " + (fromLink.by ? fromLink.by + "'s" : "an") + " assessment from a link" +
        (got.unknown ? " (" + plural(got.unknown, "mark is", "marks are") + " for criteria this level no longer has)" : "") +
        ". Change any mark to make it your own; your own marks are kept until then.";
    }
    if (sharedNote) { noticeBox.textContent = sharedNote; noticeBox.hidden = false; }
    var byInput = document.getElementById("assess-by");
    var adopt = function () {
      // The first change to a shared assessment makes it the reader's own.
      if (current !== mine) { mine = { by: current.by, marks: JSON.parse(JSON.stringify(current.marks)) }; current = mine; noticeBox.hidden = true; }
    };
    var save = function () { store.set(ckey, mine); };
    var payload = function () {
      var marks = {};
      Object.keys(current.marks).forEach(function (id) { if (keyOfId[id]) marks[keyOfId[id]] = current.marks[id]; });
      return criteriaCodec.encode({ level: alevel, by: current.by, marks: marks });
    };
    crits.forEach(function (c) {
      var box = document.createElement("div");
      box.className = "mark";
      var sel = document.createElement("select");
      sel.setAttribute("aria-label", "Mark for " + c.id);
      [["", "Not marked"]].concat(STATE_ORDER.map(function (s) { return [s, STATE_LABELS[s]]; })).forEach(function (o) {
        var opt = document.createElement("option");
        opt.value = o[0];
        opt.textContent = o[1];
        sel.appendChild(opt);
      });
      var note = document.createElement("input");
      note.type = "text";
      note.maxLength = 200;
      note.placeholder = "Note";
      note.setAttribute("aria-label", "Note on " + c.id);
      var update = function () {
        adopt();
        // A note typed before a mark is chosen waits for one.
        drafts[c.id] = note.value.trim();
        if (sel.value) mine.marks[c.id] = [sel.value, drafts[c.id]];
        else delete mine.marks[c.id];
        save();
        paintMarks();
      };
      sel.addEventListener("change", update);
      note.addEventListener("change", update);
      box.append(sel, " ", note);
      var examples = c.li.querySelector("ul.examples");
      if (examples) c.li.insertBefore(box, examples); else c.li.appendChild(box);
      c.sel = sel;
      c.note = note;
    });
    byInput.addEventListener("change", function () { adopt(); mine.by = byInput.value.trim(); save(); paintMarks(); });
    var counts = function (list) {
      var n = { M: 0, P: 0, N: 0, X: 0, none: 0 };
      list.forEach(function (c) { var m = current.marks[c.id]; n[m ? m[0] : "none"]++; });
      return n;
    };
    var paintMarks = function () {
      byInput.value = current.by || "";
      crits.forEach(function (c) {
        var m = current.marks[c.id];
        c.sel.value = m ? m[0] : "";
        c.note.value = m ? m[1] : (drafts[c.id] || "");
        STATE_ORDER.forEach(function (s) { c.li.classList.toggle("mark-" + s, !!m && m[0] === s); });
      });
      var dims = [];
      crits.forEach(function (c) { if (dims.indexOf(c.dim) < 0) dims.push(c.dim); });
      var tbody = assessPanel.querySelector(".assess-counts tbody");
      tbody.textContent = "";
      dims.forEach(function (d) {
        var list = crits.filter(function (c) { return c.dim === d; });
        var n = counts(list);
        var tr = document.createElement("tr");
        var th = document.createElement("th");
        th.scope = "row";
        var a = document.createElement("a");
        a.href = "#" + d;
        a.textContent = list[0].dimName;
        th.appendChild(a);
        tr.appendChild(th);
        STATE_ORDER.concat(["none"]).forEach(function (s) {
          var td = document.createElement("td");
          td.textContent = n[s];
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      var all = counts(crits);
      var marked = crits.length - all.none;
      var assumed = assessPanel.dataset.lower === "assumed" ? parseInt(assessPanel.dataset.belowCount, 10) || 0 : 0;
      var who = current.by ? current.by + ": " : (current === mine ? "Your marks: " : "Marks from the link: ");
      document.getElementById("assess-summary").textContent = who + marked + " of " + plural(crits.length, "criterion", "criteria") + " marked" +
        (marked ? " (" + STATE_ORDER.filter(function (s) { return all[s]; }).map(function (s) { return all[s] + " " + STATES[s]; }).join(", ") + ")" : "") +
        (assumed ? "; " + plural(assumed, "criterion", "criteria") + " of lower levels assumed met" : "") + ".";
      var p = payload();
      document.getElementById("assess-link").href = "#criteria=" + p;
      document.getElementById("assess-calibrate").href = (document.documentElement.getAttribute("data-root") || "") + "calibrate.html#a=" + p;
    };
    document.getElementById("assess-copy").addEventListener("click", function () {
      var btn = this;
      var url = location.href.split("#")[0] + "#criteria=" + payload();
      var done = function () { btn.textContent = "Copied"; setTimeout(function () { btn.textContent = "Copy the link"; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copy this link:", url); });
      } else {
        window.prompt("Copy this link:", url);
      }
    });
    document.getElementById("assess-save").addEventListener("click", function () {
      var today = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      var date = today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate());
      var lines = ["# Assessment: " + assessPanel.dataset.title + " (" + alevel + ")", "",
        "- Date: " + date, "- Level: " + alevel, "- By: " + (current.by || "self"),
        "- Link: " + location.href.split("#")[0] + "#criteria=" + payload()];
      var lastDim = null;
      crits.forEach(function (c) {
        var m = current.marks[c.id];
        if (!m) return;
        if (c.dim !== lastDim) { lines.push("", "## " + c.dimName); lastDim = c.dim; }
        lines.push("- " + STATES[m[0]] + ": " + c.id + " — " + c.text.replace(/\s+/g, " ").trim());
        if (m[1]) lines.push("  - Note: " + m[1]);
      });
      var slug = (current.by || "self").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "self";
      var blob = new Blob([lines.join("\n") + "\n"], { type: "text/markdown" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = date + "-" + alevel + "-" + slug + ".md";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
    document.getElementById("assess-clear").addEventListener("click", function () {
      mine = { by: current.by, marks: {} };
      current = mine;
      drafts = {};
      noticeBox.hidden = true;
      save();
      paintMarks();
    });
    assessPanel.hidden = false;
    paintMarks();
  }

  // The calibration view: two assessment links of one level, side by side.
  var calForm = document.getElementById("calibrate-form");
  if (calForm) {
    var cdata = [];
    try { cdata = JSON.parse(document.getElementById("calibrate-data").textContent); } catch (e) { /* none */ }
    var cmsg = document.getElementById("calibrate-message");
    var cout = document.getElementById("calibration");
    var inA = document.getElementById("calibrate-a"), inB = document.getElementById("calibrate-b");
    var say = function (text) { cmsg.textContent = text; cmsg.hidden = !text; };
    var findLevel = function (id) {
      return cdata.filter(function (l) { return l.id === id || l.formerly.indexOf(id) >= 0; })[0];
    };
    // How far apart two marks are: met, partly and not yet are steps of
    // one scale; "not applicable" is a different answer altogether.
    var apart = function (x, y) {
      if (!x || !y) return x || y ? "one side only" : "neither";
      if (x === y) return "agree";
      if (x === "X" || y === "X") return "applicability";
      return Math.abs(STATE_ORDER.indexOf(x) - STATE_ORDER.indexOf(y)) === 1 ? "one step" : "two steps";
    };
    var APART_TEXT = { agree: "Agree", "one step": "One step apart", "two steps": "Two steps apart", applicability: "Differ on whether it applies", "one side only": "Marked by one only", neither: "Marked by neither" };
    var tally = function (marks, list) {
      var n = { M: 0, P: 0, N: 0, X: 0 }, none = 0;
      list.forEach(function (c) { var m = marks[c.id]; if (m) n[m[0]]++; else none++; });
      var parts = STATE_ORDER.filter(function (s) { return n[s]; }).map(function (s) { return n[s] + " " + STATES[s]; });
      if (none) parts.push(none + " not marked");
      return parts.join(", ") || "nothing marked";
    };
    var cell = function (tag, text, cls) {
      var el = document.createElement(tag);
      if (text !== undefined) el.textContent = text;
      if (cls) el.className = cls;
      return el;
    };
    var markCell = function (m) {
      var td = cell("td", undefined, m ? "mark-" + m[0] : "mark-none");
      td.appendChild(cell("strong", m ? STATE_LABELS[m[0]] : "Not marked"));
      if (m && m[1]) td.appendChild(cell("p", m[1], "note"));
      return td;
    };
    var calibrate = function () {
      var a = criteriaCodec.decode(inA.value), b = criteriaCodec.decode(inB.value);
      cout.hidden = true;
      if (!a && !b) { say(inA.value || inB.value ? "Neither text holds an assessment: paste the links a level's page makes (they contain #criteria=)." : ""); return; }
      if (!a || !b) { say("Paste a second assessment link to set beside the first."); return; }
      if (a.error || b.error) { say(a.error || b.error); return; }
      var la = findLevel(a.level), lb = findLevel(b.level);
      if (!la || !lb) { say("This handbook has no level " + (!la ? a.level : b.level) + ": the link may come from another handbook."); return; }
      if (la.id !== lb.id) { say("The two links assess different levels (" + la.title + " and " + lb.title + "): calibrate two assessments of one level."); return; }
      var all = [];
      la.dims.forEach(function (d) { all = all.concat(d.criteria); });
      var byKey = criteriaCodec.index(all);
      var ra = criteriaCodec.resolve(a, byKey), rb = criteriaCodec.resolve(b, byKey);
      var nameA = a.by || "First", nameB = b.by || "Second";
      if (nameA === nameB) { nameA += " (first link)"; nameB += " (second link)"; }
      document.getElementById("calibration-title").textContent = la.title + ": " + nameA + " and " + nameB;
      var agreeAll = 0, differ = [];
      var host = document.getElementById("calibration-dimensions");
      host.textContent = "";
      la.dims.forEach(function (d) {
        var sec = cell("section", undefined, "calibration-dimension");
        sec.id = "cal-" + d.id;
        sec.appendChild(cell("h3", d.name));
        var agree = 0;
        var wrap = cell("div", undefined, "table-wrap");
        var table = cell("table", undefined, "calibration-table");
        table.appendChild(cell("caption", d.name + ": " + nameA + ", " + tally(ra.marks, d.criteria) + ". " + nameB + ", " + tally(rb.marks, d.criteria) + "."));
        var head = cell("tr");
        ["Criterion", nameA, nameB, "Agreement"].forEach(function (t) { var th = cell("th", t); th.scope = "col"; head.appendChild(th); });
        table.appendChild(cell("thead")).appendChild(head);
        var tbody = table.appendChild(cell("tbody"));
        d.criteria.forEach(function (c) {
          var ma = ra.marks[c.id], mb = rb.marks[c.id];
          var gap = apart(ma && ma[0], mb && mb[0]);
          if (gap === "agree") agree++; else if (gap !== "neither") differ.push(d.name + ": " + c.id + " (" + APART_TEXT[gap].toLowerCase() + ")");
          var tr = cell("tr", undefined, "apart-" + gap.replace(/ /g, "-"));
          var th = cell("th");
          th.scope = "row";
          var link = cell("a");
          // Criteria from other levels have no anchor of their own here.
          link.href = (document.documentElement.getAttribute("data-root") || "") + la.url + "#" + (c.from ? d.id : c.id);
          link.innerHTML = c.html;
          th.appendChild(link);
          th.appendChild(cell("span", " " + c.id + (c.from ? ", from " + c.from : ""), "muted"));
          tr.append(th, markCell(ma), markCell(mb), cell("td", APART_TEXT[gap]));
          tbody.appendChild(tr);
        });
        agreeAll += agree;
        sec.appendChild(cell("p", "Agree on " + agree + " of " + plural(d.criteria.length, "criterion", "criteria") + ".", "calibration-dim-summary"));
        wrap.appendChild(table);
        sec.appendChild(wrap);
        host.appendChild(sec);
      });
      var summary = "Agree on " + agreeAll + " of " + plural(all.length, "criterion", "criteria") + "; differ on " + differ.length + "." +
        (la.assumed ? " The " + plural(la.assumed, "criterion", "criteria") + " of lower levels count as met for both: the framework assumes them." : "") +
        (ra.unknown + rb.unknown ? " " + plural(ra.unknown + rb.unknown, "mark names a criterion", "marks name criteria") + " this level no longer has." : "");
      document.getElementById("calibration-summary").textContent = summary;
      say("");
      cout.hidden = false;
    };
    var fromHash = function () {
      var h = location.hash.replace(/^#/, "");
      h.split("&").forEach(function (kv) {
        var i = kv.indexOf("=");
        if (i < 0) return;
        var k = kv.slice(0, i), v = kv.slice(i + 1);
        if (k === "a") inA.value = "criteria=" + v;
        if (k === "b") inB.value = "criteria=" + v;
      });
    };
    calForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var pa = criteriaCodec.decode(inA.value), pb = criteriaCodec.decode(inB.value);
      var part = function (k, p, raw) { return p && !p.error ? k + "=" + criteriaCodec.encode(p) : raw ? k + "=" : ""; };
      // The pair goes into this page's address, so the calibration itself
      // can be shared or bookmarked.
      var h = [part("a", pa, inA.value), part("b", pb, inB.value)].filter(Boolean).join("&");
      if (history.replaceState) history.replaceState(null, "", "#" + h);
      calibrate();
    });
    document.getElementById("calibrate-print").addEventListener("click", function () { window.print(); });
    window.addEventListener("hashchange", function () { fromHash(); calibrate(); });
    calForm.hidden = false;
    fromHash();
    calibrate();
  }

  // The reader's own shape on a level's radar, drawn over the level's from
  // their self-assessment on the matrix (one level per dimension): on each
  // spoke, the step the chosen level names. Nothing is drawn from a guess.
  var youFig = document.querySelector("figure[data-you]");
  if (youFig) {
    var you = null;
    try { you = JSON.parse(youFig.dataset.you); } catch (e) { /* no data */ }
    var youSvg = youFig.querySelector("svg.radar");
    var youText = youFig.querySelector(".radar-you-text");
    if (you && youSvg && youText) {
      var picked = store.get("careerbook-assessment" + (you.family ? ":" + you.family : "")) || {};
      var rows = [].slice.call(youFig.querySelectorAll(".radar-values tbody tr"));
      var matrixUrl = (document.documentElement.getAttribute("data-root") || "") + (you.family ? "families/" + you.family + ".html" : "matrix.html") + "#assessment";
      var pts = [], missing = [], said = [];
      rows.forEach(function (tr, i) {
        var a = tr.querySelector("th a");
        var lv = you.levels[picked[a.getAttribute("href").slice(1)]];
        var step = lv && lv.steps[i];
        if (!step) { missing.push(a.textContent); return; }
        var angle = -Math.PI / 2 + 2 * Math.PI * i / rows.length;
        var r = you.radius * step[0];
        pts.push((you.centre[0] + r * Math.cos(angle)).toFixed(1) + "," + (you.centre[1] + r * Math.sin(angle)).toFixed(1));
        said.push(a.textContent + ": " + step[1] + " (" + lv.title + ")");
      });
      var link = document.createElement("a");
      link.href = matrixUrl;
      youText.textContent = "";
      if (!said.length) {
        link.textContent = "Place yourself on the level matrix";
        youText.append(link, " to see your own shape drawn here against this level's.");
      } else if (missing.length) {
        link.textContent = "the matrix";
        youText.append("Your shape is drawn once you have placed yourself on every dimension on ", link, "; not yet: " + missing.join(", ") + ".");
      } else {
        var poly = document.createElementNS(youSvg.namespaceURI, "polygon");
        poly.setAttribute("class", "radar-you");
        poly.setAttribute("points", pts.join(" "));
        poly.setAttribute("fill", "none");
        poly.setAttribute("stroke-width", "2.5");
        poly.setAttribute("stroke-dasharray", "2 3");
        youSvg.appendChild(poly);
        link.textContent = "your self-assessment";
        youText.append("Dotted: you, from ", link, ". " + said.join("; ") + ".");
      }
      youText.hidden = false;
    }
  }

  // Checklists remember their ticks.
  var boxes = document.querySelectorAll("input[data-check]");
  if (boxes.length) {
    var key = "careerbook-checks:" + page;
    var ticked = store.get(key) || {};
    boxes.forEach(function (b) {
      b.checked = !!ticked[b.dataset.check];
      b.addEventListener("change", function () {
        ticked[b.dataset.check] = b.checked;
        store.set(key, ticked);
      });
    });
    var resetTicks = document.createElement("button");
    resetTicks.type = "button";
    resetTicks.className = "reset-checks";
    resetTicks.textContent = "Clear all ticks";
    resetTicks.addEventListener("click", function () {
      ticked = {};
      store.set(key, ticked);
      boxes.forEach(function (b) { b.checked = false; });
    });
    var lastGroup = boxes[boxes.length - 1].closest("section");
    if (lastGroup) lastGroup.after(resetTicks);
  }

  // Rubrics: click a descriptor to score a criterion; the total and its
  // meaning appear below the table.
  document.querySelectorAll(".rubric").forEach(function (rubric) {
    var key = "careerbook-rubric:" + rubric.dataset.rubric;
    var scores = [].map.call(rubric.querySelectorAll("thead th"), function (th) { return parseInt(th.textContent, 10); }).slice(1);
    var ranges = [].map.call(rubric.querySelectorAll(".ranges dt"), function (dt) {
      var m = dt.textContent.match(/(\d+)\D+(\d+)/);
      return { min: +m[1], max: +m[2], dt: dt };
    });
    var state = store.get(key) || {};
    var out = document.createElement("p");
    out.className = "total";
    out.setAttribute("aria-live", "polite");
    rubric.querySelector("table").parentNode.after(out);
    function paint() {
      var total = 0, n = 0, rows = rubric.querySelectorAll("tbody tr");
      rows.forEach(function (tr) {
        var chosen = state[tr.dataset.criterion];
        tr.querySelectorAll("td").forEach(function (td, i) {
          td.classList.toggle("selected", chosen === i);
          td.setAttribute("aria-pressed", chosen === i ? "true" : "false");
        });
        if (chosen !== undefined && chosen !== null) { total += scores[chosen]; n++; }
      });
      if (!n) { out.textContent = "Click a cell in each row to score yourself."; return; }
      var range = ranges.filter(function (r) { return total >= r.min && total <= r.max; })[0];
      out.textContent = "Your total: " + total + (n < rows.length ? " (" + n + " of " + rows.length + " scored)" : "") +
        (range && n === rows.length ? " — " + range.dt.textContent : "");
    }
    rubric.querySelectorAll("tbody tr").forEach(function (tr) {
      tr.querySelectorAll("td").forEach(function (td, i) {
        td.tabIndex = 0;
        td.setAttribute("role", "button");
        function choose() { state[tr.dataset.criterion] = i; store.set(key, state); paint(); }
        td.addEventListener("click", choose);
        td.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); choose(); } });
      });
    });
    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = "Reset scores";
    reset.addEventListener("click", function () { state = {}; store.set(key, state); paint(); });
    out.after(reset);
    paint();
  });
})();
