// Narrows a long list of checkboxes grouped in <details> ([data-choice-picker]) as the member
// types: groups with a match open, the others hide, and a status line says how many match.
// Without this file the filter stays hidden and every group is there to open.
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function filter(input) {
    var picker = input.closest("[data-choice-picker]");
    var box = input.closest("[data-choice-filter]");
    var words = fold(input.value.trim());
    var shown = 0;
    picker.querySelectorAll("[data-choice-group]").forEach(function (group) {
      var found = 0;
      group.querySelectorAll("[data-choice]").forEach(function (choice) {
        var match = !words || fold(choice.textContent).indexOf(words) !== -1;
        choice.hidden = !match;
        found += match ? 1 : 0;
      });
      if (words && !("wasOpen" in group.dataset)) {
        group.dataset.wasOpen = group.open ? "1" : "";
      }
      group.hidden = found === 0;
      if (words) {
        group.open = found > 0;
      } else if ("wasOpen" in group.dataset) {
        group.open = group.dataset.wasOpen === "1" || group.querySelector("input:checked") !== null;
        delete group.dataset.wasOpen;
      }
      shown += found;
    });
    var text = "";
    if (words) {
      text = shown === 0 ? box.dataset.textNone : shown === 1 ? box.dataset.textOne
        : box.dataset.textMany.replace("{count}", String(shown));
    }
    box.querySelector("[role=status]").textContent = text;
  }

  function reveal() {
    document.querySelectorAll("[data-choice-filter][hidden]").forEach(function (box) {
      box.hidden = false;
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-choice-filter] input")) {
      filter(event.target);
    }
  });
  // Enter in the filter would send the form it sits in.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-choice-filter] input")) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:afterSettle", reveal);
  reveal();
})();
