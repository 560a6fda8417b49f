/* timeline-site: the embeds (/embed/…). Framed in an article, an embed posts its height to the
   host page whenever it changes, as {type: "timeline-site:height", height: <CSS pixels>}; the host's
   snippet (embed-host.js, given with the code under "Embed this") sets its <iframe> to that height.
   Only a number leaves the frame. On a site page whose "Embed this" code has a relative address
   (a site without site_url), the address is made absolute from the page's own. */
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-embed-src]").forEach(function (code) {
    var relative = code.getAttribute("data-embed-src");
    var absolute = new URL(relative, window.location.href).href;
    code.value = code.value.split('src="' + relative + '"').join('src="' + absolute + '"');
  });
  if (!document.documentElement.classList.contains("embed") || window.parent === window) return;
  var last = -1;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "timeline-site:height", height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.documentElement);
  window.addEventListener("load", post);
  post();
})();
