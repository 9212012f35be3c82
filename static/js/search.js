// The freelancer search's enhancements; the page works without this file.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 60rem)");

  // Wide screens show the filters beside the results; ::details-content does this in CSS
  // where the browser supports it, this where it does not.
  function openFilters(root) {
    if (!wide.matches) return;
    root.querySelectorAll(".search__filters").forEach(function (details) { details.open = true; });
  }

  function setBusy(busy) {
    var results = document.getElementById("search-results");
    if (!results) return;
    if (busy) results.setAttribute("aria-busy", "true");
    else results.removeAttribute("aria-busy");
  }

  function fromSearch(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.closest && elt.closest("#search");
  }

  document.addEventListener("DOMContentLoaded", function () { openFilters(document); });
  document.addEventListener("htmx:beforeRequest", function (event) { if (fromSearch(event)) setBusy(true); });
  document.addEventListener("htmx:afterRequest", function (event) { if (fromSearch(event)) setBusy(false); });
  document.addEventListener("htmx:abort", function () { setBusy(false); });

  // A link in the results replaced the whole form, and with it the focused link: continue
  // from the result count rather than from the top of the page.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.target || event.target.id !== "search") return;
    openFilters(event.target);
    var active = document.activeElement;
    if (!active || active === document.body || !document.body.contains(active)) {
      var count = document.getElementById("search-count");
      if (count) count.focus({ preventScroll: true });
    }
  });
})();
