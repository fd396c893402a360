// careerbook: small progressive enhancements. Pages read fine without it.
// State stays in this browser (localStorage); nothing is sent anywhere.
(function () {
  "use strict";
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* private mode */ } }
  };
  var page = location.pathname.replace(/^.*\/(?=[^\/]+\/[^\/]+$)/, "");

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
