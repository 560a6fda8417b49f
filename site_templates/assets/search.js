/* The search page: Pagefind's JavaScript API over the event records (generator/pipeline/search_records.py),
   its results drawn as the site's own cards on a time axis (partials/event_card.html): the date
   first, the status marker and pill, the title, one excerpt of the event's own words (never the
   title again). The form (search.html) works without this script: its words stay in the address
   bar (?q=…&sort=…&tag=…). Results sort by relevance or by date (each result's place in the
   chronology, which its fragment's name carries: generator/pipeline/pagefind_names.py); the filters are selects in one folded box, whose values (every filter file of
   the index: most of a large chronology's first download) are fetched only when the box opens or the
   address asks for a filter; a query alone fetches only the files of its words. Result links are made from the
   site's root as this page sees it, so they work under a sub-path (https://example.org/timeline/).
   Everything is built with DOM calls and textContent: no HTML from the index is parsed. */
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box) return;
  var form = box.querySelector("form");
  var input = form.elements.q;
  var sortSelect = form.elements.sort;
  var filterBox = box.querySelector("[data-search-filters]");
  var filterSummary = box.querySelector("[data-search-filter-summary]");
  var status = box.querySelector("[data-search-status]");
  var list = box.querySelector("[data-search-results]");
  var more = box.querySelector("[data-search-more]");
  var bundle = new URL(box.getAttribute("data-bundle"), location.href).href;
  var base = new URL(box.getAttribute("data-base") || "/", location.href).pathname;
  // The page's words in the site's language (generator/render/i18n.py: Words.search_translations).
  var words = {};
  try { words = JSON.parse(box.getAttribute("data-translations")) || {}; } catch (e) { /* keep the keys */ }
  var FILTERS = ["tag", "actor", "place", "status", "year"];
  var PAGE = 10, EXCERPT = 30;
  var pagefind = null, shown = [], next = 0, run = 0;

  // A result's place in the chronology: its fragment is named "<place in base 36>-<tag>" (pagefind_names.py).
  function place(result) {
    return parseInt(String(result.id).split("-")[0], 36);
  }

  // Pagefind's results (by score) in the order asked for: by score, earliest or latest first.
  function ordered(results, order) {
    if (!order) return results;
    var sign = order === "desc" ? -1 : 1;
    return results.slice().sort(function (a, b) { return sign * (place(a) - place(b)); });
  }

  // A number in the language's digits ("۲۱" in Dari).
  function number(value) {
    var digits = words.digits || "0123456789";
    return String(value).replace(/[0-9]/g, function (d) { return digits.charAt(+d); });
  }

  // The reader's words are isolated (U+2068 … U+2069): English words keep their order in a Dari sentence.
  function say(template, term, count) {
    return String(template || "").replace("[SEARCH_TERM]", "\u2068" + term + "\u2069").replace("[COUNT]", number(count));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // The chosen filters: {tag: "ceasefire", …}; the address bar holds them too.
  function chosen() {
    var filters = {};
    FILTERS.forEach(function (name) {
      var select = form.elements[name];
      if (select && select.value) filters[name] = select.value;
    });
    return filters;
  }

  // One select per filter (the values Pagefind holds, with their counts), into the folded box.
  function drawFilters(all, params) {
    var count = 0;
    FILTERS.forEach(function (name) {
      var values = all[name];
      if (!values || !Object.keys(values).length) return;
      var label = element("label", "search-filter");
      label.appendChild(element("span", "search-filter-name", (words.filters || {})[name] || name));
      var select = element("select");
      select.name = name;
      select.appendChild(element("option", null, words.any || "Any")).value = "";
      Object.keys(values).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (value) {
        var option = element("option", null, value + " (" + number(values[value]) + ")");
        option.value = value;
        select.appendChild(option);
      });
      select.value = params.get(name) || "";
      if (select.value) count += 1;
      select.addEventListener("change", function () { search(true); });
      label.appendChild(select);
      filterBox.appendChild(label);
    });
    if (count) filterBox.closest("details").open = true;
  }

  // The excerpt: the words around the first match after the title (Pagefind's own excerpt starts
  // with the title whenever the title matches), each matched word in <mark>.
  function excerpt(data, title) {
    var content = String(data.content || "").split(/[\r\n\s]+/g);
    var titleWords = title.trim().split(/[\r\n\s]+/g);
    var skip = content.slice(0, titleWords.length).join(" ").indexOf(titleWords.join(" ")) === 0 ? titleWords.length : 0;
    var hits = (data.locations || []).filter(function (at) { return at >= skip; });
    var start = hits.length ? Math.max(skip, Math.min(hits[0] - 6, content.length - EXCERPT)) : skip;
    var end = Math.min(content.length, start + EXCERPT);
    var p = element("p");
    if (start > skip) p.appendChild(document.createTextNode("… "));
    for (var at = start; at < end; at++) {
      if (at > start) p.appendChild(document.createTextNode(" "));
      if (hits.indexOf(at) >= 0) p.appendChild(element("mark", null, content[at]));
      else p.appendChild(document.createTextNode(content[at]));
    }
    if (end < content.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  // One result as the site's card: date, status marker and pill, title, excerpt.
  function card(data) {
    var meta = data.meta || {};
    var title = meta.title || "";
    var item = element("li", "event-card search-result status-" + (meta.status || "reported").replace(/[^a-z-]/g, ""));
    var when = element("p", "event-when");
    var date = element(meta.datetime ? "time" : "span", null, meta.date || "");
    if (meta.datetime) date.setAttribute("datetime", meta.datetime);
    date.dir = "auto";  // an editor's English date label ("Early morning, …") on a Dari site keeps its order
    when.appendChild(date);
    when.appendChild(document.createTextNode(" "));
    when.appendChild(element("span", "status-badge", meta.status_label || meta.status || ""));
    item.appendChild(when);
    var heading = element("h2", "event-title");
    var link = element("a", null, title);
    link.href = data.url;
    link.dir = "auto";
    heading.appendChild(link);
    item.appendChild(heading);
    var summary = element("div", "event-summary");
    summary.appendChild(excerpt(data, title));
    item.appendChild(summary);
    return item;
  }

  function showMore(id) {
    var batch = shown.slice(next, next + PAGE);
    next += batch.length;
    more.hidden = next >= shown.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (all) {
      if (id !== run) return;
      all.forEach(function (data) { list.appendChild(card(data)); });
    });
  }

  // Search again with the box's words, the order and the filters; keep them in the address bar.
  function search(keepUrl) {
    var id = ++run;
    var term = input.value.trim();
    var filters = chosen();
    var params = new URLSearchParams();
    if (term) params.set("q", term);
    if (sortSelect.value) params.set("sort", sortSelect.value);
    Object.keys(filters).forEach(function (name) { params.set(name, filters[name]); });
    if (keepUrl) history.replaceState(null, "", "?" + params.toString());
    var count = Object.keys(filters).length;
    filterSummary.textContent = count ? "(" + number(count) + ")" : "";
    list.textContent = "";
    more.hidden = true;
    if (!term && !count) { status.textContent = ""; return Promise.resolve(); }
    status.textContent = say(words.searching, term, 0);
    var order = sortSelect.value;
    return pagefind.search(term || null, { filters: filters }).then(function (found) {
      if (id !== run) return;
      shown = ordered(found.results, order);
      next = 0;
      var n = shown.length;
      status.textContent = !n ? (term ? say(words.zero_results, term, 0) : words.zero_refinements || "")
        : say(n === 1 ? words.one_result : words.many_results, term, n);
      return showMore(id);
    });
  }

  // A large chronology's index is in shards (generator/pipeline/search_shards.py): the first is the bundle
  // above, the others are listed in data-shards and merged into it with Pagefind's own mergeIndex; their
  // results' places count on from the shards before them, so a sort by date runs across all of them.
  function mergeShards() {
    var list = box.getAttribute("data-shards");
    if (!list) return null;
    var listUrl = new URL(list, location.href);
    return fetch(listUrl.href).then(function (response) {
      if (!response.ok) throw new Error("search shards: " + response.status + " " + listUrl.href);
      return response.json();
    }).then(function (shards) {
      return Promise.all(shards.map(function (shard) {
        return pagefind.mergeIndex(new URL(shard, listUrl).href, { baseUrl: base, excerptLength: EXCERPT });
      }));
    });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  sortSelect.value = params.get("sort") === "asc" || params.get("sort") === "desc" ? params.get("sort") : "";
  var header = document.getElementById("site-search-q");
  if (header && input.value) header.value = input.value;  // the header's box keeps the words too
  // The filters' values and counts, fetched once: when the folded box first opens, or at once when the
  // address holds a filter (its select must show it). data-filters-ready says they are drawn.
  var filtersLoaded = null;
  function loadFilters() {
    if (!filtersLoaded) {
      filterBox.setAttribute("aria-busy", "true");
      filtersLoaded = pagefind.filters().then(function (all) {
        drawFilters(all || {}, new URLSearchParams(location.search));
        filterBox.removeAttribute("aria-busy");
        box.setAttribute("data-filters-ready", "");
      });
    }
    return filtersLoaded;
  }

  var askedFilter = FILTERS.some(function (name) { return params.get(name); });
  import(bundle + "pagefind.js").then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: base, excerptLength: EXCERPT });
  }).then(mergeShards).then(function () {
    return askedFilter ? loadFilters() : null;
  }).then(function () {
    var details = filterBox.closest("details");
    details.addEventListener("toggle", function () { if (details.open) loadFilters().catch(console.error); });
    if (details.open) loadFilters().catch(console.error);
    form.addEventListener("submit", function (event) { event.preventDefault(); search(true); });
    sortSelect.addEventListener("change", function () { search(true); });
    more.addEventListener("click", function () { showMore(run); });
    box.setAttribute("data-ready", "");
    return search(false);
  }).catch(function (error) { console.error(error); });
})();
