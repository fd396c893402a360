// careerbook serve: live reload. Served only by `careerbook serve`, never
// part of a build. Listens for server-sent events: "reload" reloads the
// page, "css" refreshes stylesheets in place, "build-error" shows the
// build's errors over the page until the next good save.
(function () {
  "use strict";
  var overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "careerbook-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.92);" +
        "color:#f3f3f3;overflow:auto;padding:2rem;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
      var h = document.createElement("p");
      h.style.cssText = "font:600 16px system-ui,sans-serif;color:#ff8f8f;margin:0 0 1rem";
      h.textContent = "The handbook did not build. Fix the file and save; this page reloads by itself.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.appendChild(h);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }
  function refreshCss() {
    document.querySelectorAll("link[rel=stylesheet]").forEach(function (l) {
      var u = new URL(l.href);
      u.searchParams.set("v", String(Date.now()));
      l.href = u.toString();
    });
  }
  var es = new EventSource("/__careerbook/events");
  es.addEventListener("reload", function () { window.location.reload(); });
  es.addEventListener("css", function () {
    if (overlay) { window.location.reload(); return; }
    refreshCss();
  });
  es.addEventListener("build-error", function (e) { showError(e.data); });
  // Lets tools (and the test suite) see that the page is listening.
  es.addEventListener("hello", function () { document.documentElement.dataset.careerbookLive = "connected"; });
})();
