// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Move focus to the first error after an htmx swap, so keyboard users hear what went wrong.
  document.addEventListener("htmx:afterSwap", function (event) {
    // History restores swap without a target.
    var target = event.detail.target || event.target;
    if (!target || typeof target.querySelector !== "function") {
      return;
    }
    var error = target.querySelector("[aria-invalid='true'], .errorlist");
    if (error && typeof error.focus === "function") {
      error.setAttribute("tabindex", "-1");
      error.focus();
    }
  });
})();
