/* timeline-site: the web editor's hook (admin.html loads it after Decap CMS; a file, not inline, for the CSP). */
/* Files the editor saves must pass `timeline check` as they are: before each save, drop what the form
   leaves empty (an optional field typed in and cleared is "", a list emptied is []), which the content
   format would refuse ("text is empty"), at every depth. Numbers and false stay. */
(function () {
  if (!window.CMS || typeof window.CMS.registerEventListener !== "function") return;
  function isCollection(value) {
    return value !== null && typeof value === "object" && typeof value.filter === "function" &&
      typeof value.map === "function" && typeof value.toJS === "function";
  }
  function prune(value) {
    if (value === null || value === undefined) return undefined;
    if (typeof value === "string") return value.trim() === "" ? undefined : value;
    if (isCollection(value)) {
      var kept = value.map(prune).filter(function (item) { return item !== undefined; });
      return kept.size === 0 ? undefined : kept;
    }
    return value;
  }
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var kept = prune(data);
      return kept === undefined ? data.clear() : kept;
    }
  });
})();
