/* timeline-site: the web editor's hooks (admin.html loads this after the CMS, Sveltia or Decap; a file, not
   inline, for the CSP). */
/* Files the editor saves must pass `timeline check` as they are: before each save, drop what the form
   leaves empty (an optional field typed in and cleared is "", a list emptied is []), which the content
   format would refuse ("text is empty"), at every depth. Numbers and false stay. A casualty count, two
   number boxes in the form ({min, max}), is written as one number when only one box is filled in or both
   are equal (killed: 12), else as the range (killed: {min: 10, max: 15}). */
(function () {
  if (!window.CMS || typeof window.CMS.registerEventListener !== "function") return;
  var COUNTS = {killed: true, wounded: true};
  function isCollection(value) {
    return value !== null && typeof value === "object" && typeof value.filter === "function" &&
      typeof value.map === "function" && typeof value.toJS === "function";
  }
  function isMap(value) {
    return isCollection(value) && typeof value.push !== "function" && typeof value.has === "function";
  }
  function count(pair) {  /* {min, max} from the form: one number, or the range */
    var low = pair.get("min"), high = pair.get("max");
    if (low === undefined) return high;
    if (high === undefined || high === low) return low;
    return pair;
  }
  function prune(value, name) {
    if (value === null || value === undefined) return undefined;
    if (typeof value === "string") return value.trim() === "" ? undefined : value;
    if (isCollection(value)) {
      var kept = isMap(value) ? value.map(function (item, key) { return prune(item, key); })
                              : value.map(function (item) { return prune(item); });
      kept = kept.filter(function (item) { return item !== undefined; });
      if (kept.size === 0) return undefined;
      return COUNTS[name] && isMap(kept) ? count(kept) : kept;
    }
    return value;
  }
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      if (!event || !event.entry || typeof event.entry.get !== "function") return undefined;
      var data = event.entry.get("data");
      var kept = prune(data);
      return kept === undefined ? data.clear() : kept;
    }
  });

  /* A count already written as one number (killed: 25) opens in the form's first box: Decap's object
     control would show a plain value in every box and fail on the first change; this one edits it as
     {min: 25} (saved again as one number by the hook above). */
  if (document.documentElement.getAttribute("data-cms-app") !== "decap") return;  /* admin.html says which */
  var object = typeof window.CMS.getWidget === "function" && window.CMS.getWidget("object");
  if (!object || !window.h || !window.createClass) return;
  var ObjectControl = object.control;
  var Control = window.createClass({
    shouldComponentUpdate: function () { return true; },
    validate: function () { return this.inner && this.inner.validate && this.inner.validate(); },
    focus: function (path) { return this.inner && this.inner.focus && this.inner.focus(path); },
    render: function () {
      var self = this, props = this.props, value = props.value;
      var keep = function (control) { self.inner = control; };
      if (value === null || value === undefined || typeof value === "object") {
        return window.h(ObjectControl, Object.assign({}, props, {ref: keep}));
      }
      var first = (props.field.get("fields") || props.field.clear()).first();
      var pair = props.field.clear();  /* an empty immutable Map */
      if (first) pair = pair.set(first.get("name"), value);
      return window.h(ObjectControl, Object.assign({}, props, {
        ref: keep,
        value: pair,
        onChangeObject: function (field, changed, metadata) {
          var named = {};
          named[props.field.get("name")] = metadata;
          return props.onChange(pair.set(field.get("name"), changed), metadata && named);
        }
      }));
    }
  });
  var spec = Object.assign({}, object, {name: "object", controlComponent: Control, previewComponent: object.preview});
  delete spec.control;
  delete spec.preview;
  window.CMS.registerWidget(spec);
})();
