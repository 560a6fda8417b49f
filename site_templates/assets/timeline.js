/* timeline-site: filters for the events on a page. An enhancement only: without
   JavaScript the "Filter" disclosure stays hidden and the index pages (years, tags,
   actors, places, sources, status) offer the same ways in. The URL query mirrors the
   filter (?tag=…&actor=…&place=…&status=…&from=…&to=…&q=…) so it can be shared.

   Honest by design: the choices come from the events on the page, with their counts;
   a date range keeps the events whose dates overlap it (an event known only by its month
   or year overlaps if that month or year does, and the count says how many such events it
   kept); the words match an event's title, summary and names, never the page's labels;
   and a value the page cannot use (an unknown tag in the URL, a date that is not one,
   From after To) is said, not silently dropped. */
(function () {
  "use strict";
  var box = document.querySelector("[data-filter-box]");
  var form = document.querySelector("[data-filters]");
  var listing = document.querySelector("[data-listing]");
  if (!box || !form || !listing) return;
  var cards = Array.prototype.slice.call(listing.querySelectorAll(".event-card"));
  if (!cards.length) return;
  var FIELDS = ["q", "tag", "actor", "place", "status", "from", "to"];
  var CHOICES = ["tag", "actor", "place", "status"];
  var STATUS_ORDER = ["confirmed", "reported", "disputed", "unverified"];
  var problems = form.querySelector("[data-filter-problems]");
  var count = form.querySelector(".filter-count");
  var summary = box.querySelector("[data-filter-summary]");
  // Messages in the site's language (partials/filters.html: data-words, from generator/render/i18n.py).
  var WORDS = {
    shown: "%(shown)s of %(total)s events shown", coarse: ", %(coarse)s of them dated only by month or year",
    summary: "(%(shown)s of %(total)s shown)",
    unknown: {
      tag: "No event on this page has the tag “%(value)s”.", actor: "No event on this page has the actor “%(value)s”.",
      place: "No event on this page has the place “%(value)s”.", status: "No event on this page has the status “%(value)s”."
    },
    bad_date: "“%(value)s” is not a date (dates look like 2015-09-28), so it is not used.",
    backwards: "“From” (%(from)s) is after “To” (%(to)s), so the dates are not used.",
    day: "%(d)s %(MMMM)s %(y)s",
    months: ["January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"],
    digits: "0123456789"
  };
  try { WORDS = JSON.parse(box.getAttribute("data-words")) || WORDS; } catch (e) { /* keep English */ }
  function num(value) {
    return String(value).replace(/[0-9]/g, function (d) { return WORDS.digits.charAt(+d); });
  }
  function say(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) { return name in values ? values[name] : all; });
  }

  // A day as a number that sorts in time order, for any year: "2015-09-28" -> 20150928,
  // "-0043-03-15" -> -429685; an open end ("..") or a missing day -> ``otherwise``.
  function dayKey(text, otherwise) {
    var m = /^(-?\d+)-(\d\d)-(\d\d)$/.exec(text || "");
    return m ? +m[1] * 10000 + +m[2] * 100 + +m[3] : otherwise;
  }
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").toLowerCase();
  }
  function idOf(link) { return link.getAttribute("href").split("/").filter(Boolean).pop(); }
  function textOf(card, selector) {
    return Array.prototype.map.call(card.querySelectorAll(selector), function (el) { return el.textContent; });
  }

  // What each card is: its terms, its date span, and the words a text filter looks in.
  var labels = { tag: {}, actor: {}, place: {}, status: {} };
  var counts = { tag: {}, actor: {}, place: {}, status: {} };
  var events = cards.map(function (card) {
    var d = card.dataset;
    var terms = {
      tag: d.tags.split(" ").filter(Boolean),
      actor: d.actors.split(" ").filter(Boolean),
      place: d.place ? [d.place] : [],
      status: [d.status]
    };
    terms.tag.forEach(function (t) { labels.tag[t] = t; });
    card.querySelectorAll('.event-facets a[href*="/actors/"]').forEach(function (a) { labels.actor[idOf(a)] = a.textContent; });
    card.querySelectorAll('.event-facets a[href*="/places/"]').forEach(function (a) { labels.place[idOf(a)] = a.textContent; });
    var badge = card.querySelector(".status-badge");
    labels.status[d.status] = badge ? badge.textContent : d.status;
    CHOICES.forEach(function (name) {
      terms[name].forEach(function (key) { counts[name][key] = (counts[name][key] || 0) + 1; });
    });
    return {
      card: card,
      terms: terms,
      start: dayKey(d.date, -Infinity),
      end: dayKey(d.end, Infinity),
      coarse: d.coarse !== undefined,
      words: fold(textOf(card, ".event-title, .event-summary, .event-facets dd").join(" "))
    };
  });

  function addOption(select, value, text) {
    var option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    select.appendChild(option);
    return option;
  }
  CHOICES.forEach(function (name) {
    var keys = Object.keys(counts[name]);
    function rank(key) { var i = STATUS_ORDER.indexOf(key); return i < 0 ? STATUS_ORDER.length : i; }
    keys.sort(name === "status"
      ? function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : 1); }
      : function (a, b) { return labels[name][a].localeCompare(labels[name][b]) || (a < b ? -1 : 1); });
    keys.forEach(function (key) { addOption(form.elements[name], key, labels[name][key] + " (" + num(counts[name][key]) + ")"); });
  });

  // A date from a field or the URL: YYYY-MM-DD, or YYYY / YYYY-MM taken as their first
  // (From) or last (To) day. Returns "" for an empty value and null for a value that is not a date.
  function dateValue(name, text) {
    text = (text || "").trim();
    if (!text) return "";
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
    if (!m) return null;
    var year = +m[1], month = m[2] ? +m[2] : null, day = m[3] ? +m[3] : null;
    if (month !== null && (month < 1 || month > 12)) return null;
    var last = new Date(Date.UTC(year, month || 12, 0)).getUTCDate();
    if (day !== null && (day < 1 || day > last)) return null;
    var from = name === "from";
    var mm = month || (from ? 1 : 12), dd = day || (from ? 1 : (month ? last : 31));
    return m[1] + "-" + (mm < 10 ? "0" : "") + mm + "-" + (dd < 10 ? "0" : "") + dd;
  }
  function human(iso) {
    var p = iso.split("-");
    return say(WORDS.day, { d: num(+p[2]), MMMM: WORDS.months[+p[1] - 1], y: num(p[0]) });
  }

  var badDates = [];  // dates in the URL that are not dates; said until a date is edited
  function readUrl() {
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      if (!params.has(name)) return;
      var raw = params.get(name);
      var field = form.elements[name];
      if (name === "from" || name === "to") {
        var value = dateValue(name, raw);
        if (value === null) badDates.push(say(WORDS.bad_date, { value: raw }));
        else field.value = value;
      } else if (CHOICES.indexOf(name) >= 0) {
        if (!raw) return;
        if (!counts[name][raw]) addOption(field, raw, raw + " (0)").setAttribute("data-unknown", "");
        field.value = raw;
      } else {
        field.value = raw;
      }
    });
  }

  function values() {
    var v = {};
    FIELDS.forEach(function (name) { v[name] = (form.elements[name].value || "").trim(); });
    return v;
  }
  function matches(e, v, words, from, to) {
    for (var i = 0; i < CHOICES.length; i++) {
      var name = CHOICES[i];
      if (v[name] && e.terms[name].indexOf(v[name]) < 0) return false;
    }
    if (from !== null && e.end < from) return false;
    if (to !== null && e.start > to) return false;
    for (var j = 0; j < words.length; j++) {
      if (e.words.indexOf(words[j]) < 0) return false;
    }
    return true;
  }

  function apply(updateUrl) {
    var v = values();
    var said = [];
    CHOICES.forEach(function (name) {
      var option = form.elements[name].selectedOptions[0];
      if (option && option.hasAttribute("data-unknown")) said.push(say(WORDS.unknown[name], { value: v[name] }));
    });
    said = said.concat(badDates);
    var from = v.from ? dayKey(v.from, null) : null, to = v.to ? dayKey(v.to, null) : null;
    var backwards = from !== null && to !== null && from > to;
    ["from", "to"].forEach(function (name) {
      if (backwards) form.elements[name].setAttribute("aria-invalid", "true");
      else form.elements[name].removeAttribute("aria-invalid");
    });
    if (backwards) {
      said.push(say(WORDS.backwards, { from: human(v.from), to: human(v.to) }));
      from = to = null;
    }
    var words = fold(v.q).split(" ").filter(Boolean);
    var shown = 0, coarse = 0;
    events.forEach(function (e) {
      var ok = matches(e, v, words, from, to);
      e.card.hidden = !ok;
      if (ok) {
        shown++;
        if (e.coarse && ((from !== null && e.start < from) || (to !== null && e.end > to))) coarse++;
      }
    });
    var groups = listing.querySelectorAll(".month-group");
    groups.forEach(function (group) { group.hidden = !group.querySelector(".event-card:not([hidden])"); });
    // A gap label holds between two neighbouring months; it is shown only while both are.
    listing.querySelectorAll(".gap").forEach(function (gap) {
      var before = gap.previousElementSibling, after = gap.nextElementSibling;
      gap.hidden = !(before && after && !before.hidden && !after.hidden);
    });
    listing.querySelector(".filter-empty").hidden = shown > 0;
    var active = FIELDS.some(function (name) { return v[name]; });
    // The home page's folded background (listing.html): a filter looks at every event of the page, so
    // it unfolds it (and leaves it open), and hides it when none of its events match.
    var background = listing.querySelector("details.background");
    if (background) {
      if (active) background.open = true;
      background.hidden = !background.querySelector(".event-card:not([hidden])");
    }
    var text = active ? say(WORDS.shown, { shown: num(shown), total: num(cards.length) }) : "";
    if (active && coarse) {
      text += say(WORDS.coarse, { coarse: num(coarse) });
    }
    count.textContent = text;
    summary.textContent = active ? say(WORDS.summary, { shown: num(shown), total: num(cards.length) }) : "";
    problems.textContent = said.join(" ");
    if (updateUrl) {
      var params = new URLSearchParams();
      FIELDS.forEach(function (name) { if (v[name]) params.set(name, v[name]); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
    return active || said.length > 0;
  }

  readUrl();
  box.hidden = false;
  function edited(event) {
    if (event.target.type === "date") badDates = [];
    apply(true);
  }
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
  form.addEventListener("reset", function () {
    form.querySelectorAll("option[data-unknown]").forEach(function (option) { option.remove(); });
    badDates = [];
    setTimeout(function () { apply(true); }, 0);
  });
  if (apply(false)) box.open = true;
})();
