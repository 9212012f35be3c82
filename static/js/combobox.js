// The search box as a WAI-ARIA 1.2 combobox with a listbox popup; without this file it is a
// plain search field. htmx fetches the listbox (the [data-combobox] wrapper's hx-get) as the
// words are typed; this file shows it, moves the active option with the arrow keys
// (aria-activedescendant: the focus stays in the box), chooses with Enter or a tap, closes with
// Escape (a second Escape clears the box) and announces the number of suggestions. A wrapper
// with data-combobox-fill (the profile's place field) only fills the box with the choice; its
// data-combobox-listbox names the listbox its answers carry.
(function () {
  "use strict";

  function setUp(wrapper) {
    if (wrapper.dataset.comboboxReady) return;
    var input = wrapper.querySelector("input");
    var popup = wrapper.querySelector(".combobox__popup");
    var status = wrapper.querySelector("[role=status]");
    if (!input || !popup || !status) return;
    wrapper.dataset.comboboxReady = "true";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", wrapper.dataset.comboboxListbox || "search-suggestions-listbox");
    var fillOnly = wrapper.hasAttribute("data-combobox-fill");
    var active = -1;

    function options() {
      return Array.prototype.slice.call(popup.querySelectorAll("[role=option]"));
    }

    function highlight(index) {
      var all = options();
      active = index;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!options().length) return close();
      popup.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
    }

    function isOpen() {
      return !popup.hidden;
    }

    function choose(option) {
      var form = input.form;
      var field = form && form.elements.namedItem(option.dataset.field);
      if (!field) return;
      if (field !== input) input.value = "";  // the words typed were the place's name
      field.value = option.dataset.value;
      // A slower answer for what was typed before must not open the list again.
      if (window.htmx) window.htmx.trigger(wrapper, "htmx:abort");
      close();
      input.focus();
      if (fillOnly) return;
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
    }

    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        if (!isOpen()) {
          open();
          highlight(event.key === "ArrowDown" ? 0 : all.length - 1);
          return;
        }
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight(active < 0 ? (step > 0 ? 0 : all.length - 1) : (active + step + all.length) % all.length);
      } else if (event.key === "Enter") {
        if (isOpen() && active >= 0 && all[active]) {
          event.preventDefault();
          choose(all[active]);
        } else {
          close();
        }
      } else if (event.key === "Escape") {
        event.preventDefault();  // a search field would clear itself at once
        if (isOpen()) {
          close();
        } else if (input.value) {
          input.value = "";
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    // Typing moves the caret, not the active option: start again from none.
    input.addEventListener("input", function () { highlight(-1); });
    input.addEventListener("blur", function () { close(); });

    // A tap or a click chooses; the press must not take the focus from the box (blur would close).
    popup.addEventListener("mousedown", function (event) { event.preventDefault(); });
    popup.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) choose(option);
    });

    wrapper.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== popup) return;
      var listbox = popup.firstElementChild;
      status.textContent = listbox ? listbox.dataset.status || "" : "";
      highlight(-1);
      if (document.activeElement === input && input.value.trim()) open();
      else close();
    });
  }

  function setUpAll(root) {
    if (!root || typeof root.querySelectorAll !== "function") return;
    if (root.matches && root.matches("[data-combobox]")) setUp(root);
    root.querySelectorAll("[data-combobox]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { setUpAll(document); });
  // The search form is swapped whole after a link in the results: set up the new box.
  document.addEventListener("htmx:load", function (event) { setUpAll(event.target); });
})();
