/* Live preview only (timeline serve): show content errors over the page while the
   last good site stays visible. */
(function () {
  "use strict";
  var script = document.currentScript, box = null;
  var url = new URL("../_timeline/status.json", script.src).href;
  function show(errors) {
    if (!errors.length) { if (box) { box.remove(); box = null; } return; }
    if (!box) { box = document.createElement("pre"); box.className = "serve-errors"; box.setAttribute("role", "alert"); document.body.appendChild(box); }
    box.textContent = "Content errors (the preview shows the last good build):\n\n" + errors.join("\n");
  }
  function poll() {
    fetch(url, { cache: "no-store" }).then(function (r) { return r.ok ? r.json() : { errors: [] }; })
      .then(function (s) { show(s.errors || []); }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
