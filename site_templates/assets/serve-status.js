/* Live preview only (timeline serve): reload the page as soon as a rebuild has finished,
   and show content errors over the page while the last good site stays visible.
   `_timeline/changes?after=N` answers once the preview's generation passes N (a long poll);
   under a server without it (mkdocs serve) the errors are polled each second instead. */
(function () {
  "use strict";
  var script = document.currentScript, box = null, generation = -1;
  var statusUrl = new URL("../_timeline/status.json", script.src).href;
  var changesUrl = new URL("../_timeline/changes", script.src).href;
  function show(errors) {
    if (!errors.length) { if (box) { box.remove(); box = null; } return; }
    if (!box) { box = document.createElement("pre"); box.className = "serve-errors"; box.setAttribute("role", "alert"); document.body.appendChild(box); }
    box.textContent = "Content errors (the preview shows the last good build):\n\n" + errors.join("\n");
  }
  function errors() {
    return fetch(statusUrl, { cache: "no-store" }).then(function (r) { return r.ok ? r.json() : { errors: [] }; })
      .then(function (s) { return s.errors || []; }, function () { return []; });
  }
  function poll() {
    errors().then(show).then(function () { setTimeout(poll, 1000); });
  }
  function follow() {
    fetch(changesUrl + "?after=" + generation, { cache: "no-store" }).then(function (r) {
      if (r.status === 404) { poll(); return; }
      return r.json().then(function (answer) {
        var rebuilt = generation >= 0 && answer.generation > generation;
        generation = answer.generation;
        if (!rebuilt) { follow(); return; }
        errors().then(function (found) {
          if (found.length) { show(found); follow(); } else { location.reload(); }
        });
      });
    }).catch(function () { setTimeout(follow, 1000); });
  }
  errors().then(show);
  follow();
})();
