// Signpost embed: a practice's website shows one of the sites in a frame that fits its content.
//   <script src="https://…/assets/embed.js" data-site="h83001" data-title="…" async></script>
// (data-lang="pl" for a site in another language). The frame goes just after the script; the
// framed pages post their height (see shortlist.js), accepted only from the sites' origin, only
// from this frame, and only as a number. No cookies, no other requests.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL) return;
  var site = script.getAttribute("data-site") || "", lang = script.getAttribute("data-lang") || "";
  if (!/^[a-z0-9-]{1,64}$/.test(site) || !/^([a-z]{2,3})?$/.test(lang)) return;
  var src = new URL((lang ? lang + "/" : "") + site + "/", new URL("../", script.src));
  var frame = document.createElement("iframe"), style = frame.style;
  frame.src = src.href;
  frame.title = script.getAttribute("data-title") || site;
  frame.setAttribute("scrolling", "no");
  frame.setAttribute("referrerpolicy", "no-referrer");
  style.display = "block";
  style.width = "100%";
  style.height = "40em";
  style.border = "0";
  style.overflow = "hidden";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (e) {
    var h = e.data;
    if (e.origin !== src.origin || e.source !== frame.contentWindow) return;
    if (typeof h === "number" && h > 0 && h < 1e6) style.height = Math.ceil(h) + "px";
  });
})();
