/* The search page: Pagefind's UI over the event pages, with filters for tag, actor,
   place, status and year. ?q=… (from the search box in the header) runs a query.
   Each result shows the event's date (the page's "date" metadata). Result links are
   made from the site's root as this page sees it, so they work when the site is
   hosted under a sub-path (https://example.org/timeline/). */
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box || typeof PagefindUI === "undefined") return;
  // An absolute bundle URL, so that the UI's import() of pagefind.js and ours below
  // resolve to the same module, which holds one shared Pagefind instance.
  var bundle = new URL(box.getAttribute("data-bundle"), location.href).href;
  var base = new URL(box.getAttribute("data-base") || "/", location.href).pathname;
  // The UI's words in the site's language (generator/render/i18n.py: Words.search_translations).
  var words = { placeholder: "Search events", zero_results: "No event matches [SEARCH_TERM]" };
  try { words = JSON.parse(box.getAttribute("data-translations")) || words; } catch (e) { /* keep English */ }
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundle,
    baseUrl: base,
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: words
  });
  var input = box.querySelector("input");
  if (input) input.setAttribute("aria-label", words.placeholder);
  var q = new URLSearchParams(location.search).get("q");
  var header = document.getElementById("site-search-q");
  if (header && q) header.value = q;  // the header's box keeps the words too
  // Pagefind counts a result's filters only over the filter files loaded so far, and
  // the UI keeps the first search's filter list. Load every filter before the first
  // search, or a search that wins the race shows only some of the filters.
  import(bundle + "pagefind.js")
    .then(function (pagefind) { return pagefind.filters(); })
    .catch(function (error) { console.error(error); })
    .then(function () { if (q) ui.triggerSearch(q); });
})();
