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
  // A field meant for one role (data-role-only) is hidden while another role is chosen; without
  // this script it stays visible with a label that names its role.
  function showFieldsForRole(form) {
    var chosen = form.querySelector("input[name='role']:checked");
    form.querySelectorAll("[data-role-only]").forEach(function (field) {
      field.hidden = Boolean(chosen) && chosen.value !== field.getAttribute("data-role-only");
    });
  }
  // On a phone the header's links scroll sideways under the brand: start with the current one in view.
  var current = document.querySelector(".site-nav__list [aria-current]");
  if (current) {
    var list = current.closest(".site-nav__list"), item = current.closest("li");
    if (item.offsetLeft + item.offsetWidth > list.clientWidth) {
      list.scrollLeft = item.offsetLeft - list.clientWidth / 3;
    }
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector("[data-role-only]")) {
      showFieldsForRole(form);
      form.addEventListener("change", function () { showFieldsForRole(form); });
    }
  });
})();
