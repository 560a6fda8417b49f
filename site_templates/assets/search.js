/* The search page: Pagefind's UI over the event pages, with filters for tag, actor,
   place, status and year. ?q=… (from the search box in the header) runs a query. */
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: box.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false
  });
  var input = box.querySelector("input");
  if (input) input.setAttribute("aria-label", "Search events");
  var q = new URLSearchParams(location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
