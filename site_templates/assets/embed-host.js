/* timeline-site embeds: each fits its frame to its content */
addEventListener("message", function (event) {
  var data = event.data;
  if (!data || data.type !== "timeline-site:height" || typeof data.height !== "number") return;
  var frames = document.getElementsByTagName("iframe");
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow === event.source) frames[i].style.height = Math.min(Math.ceil(data.height), 100000) + "px";
  }
});
