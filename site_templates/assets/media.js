/* timeline-site: media from other sites (videos, audio, maps, documents) load only when
   the reader asks. Without JavaScript each card is a plain link to the original and the
   "Play" button stays hidden; with it, the button appears and a click puts the player
   (the privacy-respecting embed URL the page was built with) in place of the card's
   thumbnail. Until that click, nothing on the page requests anything from another site. */
(function () {
  "use strict";
  var PLAYERS = { iframe: true, video: true, audio: true, image: true };

  function safeUrl(text) {
    var url;
    try { url = new URL(text, location.href); } catch (error) { return null; }
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  }

  function player(figure) {
    var kind = figure.getAttribute("data-media-player");
    var url = safeUrl(figure.getAttribute("data-media-src") || "");
    if (!url || !PLAYERS[kind]) return null;
    var title = figure.getAttribute("data-media-title") || "";
    var element = document.createElement(kind === "image" ? "img" : kind);
    if (kind === "iframe") {
      var autoplay = figure.getAttribute("data-media-autoplay");
      if (autoplay) {  // the reader pressed "Play": one click should play
        var pair = autoplay.split("=");
        url.searchParams.set(pair[0], pair[1] || "1");
      }
      element.setAttribute("sandbox", figure.getAttribute("data-media-sandbox") || "allow-scripts allow-same-origin");
      var allow = figure.getAttribute("data-media-allow");
      if (allow) element.setAttribute("allow", allow);
      element.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      element.setAttribute("title", title);
      element.style.border = "0";
      element.style.width = "100%";
      element.style.height = "100%";
    } else if (kind === "image") {
      element.alt = figure.getAttribute("data-media-alt") || "";
      element.style.maxWidth = "100%";
      element.style.height = "auto";
    } else {  // a video or audio file
      element.controls = true;
      element.preload = "metadata";
      element.setAttribute("aria-label", title);
      element.style.width = "100%";
    }
    element.src = url.href;
    var frame = document.createElement("div");
    frame.className = "media-frame media-frame-" + kind;
    var ratio = figure.getAttribute("data-media-ratio");
    var height = parseInt(figure.getAttribute("data-media-height") || "", 10);
    if (kind === "iframe") {
      frame.style.width = "100%";
      if (height > 0) frame.style.height = height + "px";
      else frame.style.aspectRatio = ratio || "16 / 9";
      if (ratio === "9 / 16" || ratio === "3 / 4") frame.style.maxHeight = "80vh";
      if (ratio === "9 / 16") frame.style.maxWidth = "min(100%, 45vh)";
    }
    frame.appendChild(element);
    return { frame: frame, element: element, kind: kind };
  }

  function load(figure) {
    var made = player(figure);
    if (!made) return;
    var card = figure.querySelector(".media-card");
    figure.insertBefore(made.frame, card);
    // The card keeps its link to the original; its thumbnail and button have done their job.
    Array.prototype.forEach.call(figure.querySelectorAll(".media-thumb, [data-media-load]"), function (node) {
      node.parentNode.removeChild(node);
    });
    figure.classList.add("media-loaded");
    if (made.kind !== "image") {
      if (made.kind !== "iframe") made.element.setAttribute("tabindex", "-1");
      made.element.focus();
      if (made.kind === "video" || made.kind === "audio") {
        var playing = made.element.play && made.element.play();
        if (playing && playing.catch) playing.catch(function () {});
      }
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure[data-media-src]"), function (figure) {
    var control = figure.querySelector("[data-media-load]");
    var button = control && control.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () { load(figure); });
    control.hidden = false;
  });
})();
