// Signpost embed, for a practice's website:
//   <script src="https://…/assets/embed.js" data-site="h83001" data-title="…" async></script>
// (data-lang="pl" for another language). Puts the site in a frame just after the script and
// sets its height from the framed pages' messages (shortlist.js): only from the sites' origin,
// only from this frame, only a number. When a link in the frame opens another page, the host
// page scrolls back to the top of the frame if it was scrolled past it, so the new page is
// read from its start.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL) return;
  var site = script.getAttribute("data-site") || "", lang = script.getAttribute("data-lang") || "";
  if (!/^[a-z0-9-]{1,64}$/.test(site) || !/^([a-z]{2,3})?$/.test(lang)) return;
  var src = new URL((lang && lang + "/") + site + "/", new URL("../", script.src));
  var frame = document.createElement("iframe"), style = frame.style;
  frame.src = src.href;
  frame.title = script.getAttribute("data-title") || site;
  frame.setAttribute("scrolling", "no");
  frame.setAttribute("referrerpolicy", "no-referrer");
  style.cssText = "display:block;width:100%;height:40em;border:0;overflow:hidden";
  script.parentNode.insertBefore(frame, script.nextSibling);
  var loads = 0;
  frame.addEventListener("load", function () {
    var top = frame.getBoundingClientRect().top;
    if (loads++ && top < 0) window.scrollBy(0, top);
  });
  window.addEventListener("message", function (e) {
    var h = e.data;
    if (e.origin === src.origin && e.source === frame.contentWindow && typeof h === "number" && h > 0 && h < 1e6) {
      style.height = Math.ceil(h) + "px";
    }
  });
})();
