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
