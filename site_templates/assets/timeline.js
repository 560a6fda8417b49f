/* timeline-site: filters for the events on a page. An enhancement only: without
   JavaScript the form stays hidden and the index pages (years, tags, actors,
   places, sources, status) offer the same ways in. The URL query mirrors the
   filter (?tag=…&actor=…&place=…&status=…&from=…&to=…&q=…) so it can be shared. */
(function () {
  "use strict";
  var form = document.querySelector("[data-filters]");
  var listing = document.querySelector("[data-listing]");
  if (!form || !listing) return;
  var cards = Array.prototype.slice.call(listing.querySelectorAll(".event-card"));
  var fields = ["q", "tag", "actor", "place", "status", "from", "to"];

  // Fill the tag, actor and place choices from the events on this page.
  function addChoices(select, pairs) {
    Object.keys(pairs).sort(function (a, b) { return pairs[a].localeCompare(pairs[b]); }).forEach(function (key) {
      var option = document.createElement("option");
      option.value = key;
      option.textContent = pairs[key];
      select.appendChild(option);
    });
  }
  var tags = {}, actors = {}, places = {};
  cards.forEach(function (card) {
    card.dataset.tags.split(" ").filter(Boolean).forEach(function (t) { tags[t] = t; });
    card.querySelectorAll('a[href*="/actors/"]').forEach(function (a) {
      var id = a.getAttribute("href").split("/").filter(Boolean).pop(); actors[id] = a.textContent;
    });
    card.querySelectorAll('a[href*="/places/"]').forEach(function (a) {
      var id = a.getAttribute("href").split("/").filter(Boolean).pop(); places[id] = a.textContent;
    });
  });
  addChoices(form.elements.tag, tags);
  addChoices(form.elements.actor, actors);
  addChoices(form.elements.place, places);

  function values() {
    var v = {};
    fields.forEach(function (name) { v[name] = (form.elements[name].value || "").trim(); });
    return v;
  }
  function matches(card, v) {
    var d = card.dataset;
    if (v.tag && d.tags.split(" ").indexOf(v.tag) < 0) return false;
    if (v.actor && d.actors.split(" ").indexOf(v.actor) < 0) return false;
    if (v.place && d.place !== v.place) return false;
    if (v.status && d.status !== v.status) return false;
    if (v.from && d.end < v.from) return false;
    if (v.to && d.date > v.to) return false;
    if (v.q && card.textContent.toLowerCase().indexOf(v.q.toLowerCase()) < 0) return false;
    return true;
  }
  function apply(updateUrl) {
    var v = values(), shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, v);
      card.hidden = !ok;
      if (ok) shown++;
    });
    listing.querySelectorAll(".month-group").forEach(function (group) {
      group.hidden = !group.querySelector(".event-card:not([hidden])");
    });
    listing.querySelector(".filter-empty").hidden = shown > 0;
    var active = fields.some(function (name) { return v[name]; });
    form.querySelector(".filter-count").textContent = active ? shown + " of " + cards.length + " events shown" : "";
    if (updateUrl) {
      var params = new URLSearchParams();
      fields.forEach(function (name) { if (v[name]) params.set(name, v[name]); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }
  var params = new URLSearchParams(location.search);
  fields.forEach(function (name) { if (params.has(name)) form.elements[name].value = params.get(name); });
  form.hidden = false;
  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  apply(false);
})();
