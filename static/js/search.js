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

  // Search analytics. The page is the same for every visitor (a cache may have served it),
  // so it records nothing itself: the results say which search they are (a signed token),
  // posted here once shown; the id answered is what a click on a result is recorded against,
  // sent as a beacon so the link goes straight to the profile. Without this file the page
  // records itself (its <noscript> image, and each link's `ping`, which carries the token and
  // the position instead of the id); a link whose click is sent here loses its `ping` before
  // the browser follows it, so the click is sent once. A click this cannot send (no id yet, a
  // middle click, which is no "click") is left to the `ping`.
  function recordSearch() {
    var results = document.getElementById("search-results");
    if (!results || results.dataset.searchRecorded || !results.dataset.searchRecord || !window.fetch) return;
    results.dataset.searchRecorded = "true";
    var body = new FormData();
    body.append("token", results.dataset.searchRecord);
    fetch(results.dataset.searchRecordUrl, { method: "POST", body: body, credentials: "same-origin", keepalive: true })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.search) results.dataset.searchId = data.search; })
      .catch(function () {});
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#search-results .result-card a.card__link");
    var results = link && link.closest("#search-results");
    if (!results || !results.dataset.searchId || !navigator.sendBeacon) return;
    var cards = Array.prototype.slice.call(results.querySelectorAll(".result-card"));
    var body = new FormData();
    body.append("search", results.dataset.searchId);
    body.append("position", String(Number(results.dataset.searchFirst) + cards.indexOf(link.closest(".result-card"))));
    if (navigator.sendBeacon(results.dataset.searchClickUrl, body)) link.removeAttribute("ping");
  });

  document.addEventListener("DOMContentLoaded", function () { openFilters(document); recordSearch(); });
  document.addEventListener("htmx:afterSettle", recordSearch);
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
