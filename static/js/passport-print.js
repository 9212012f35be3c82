// The printable passport's Print button. It is hidden in the HTML and shown here, so a page
// without JavaScript never offers a button that does nothing (the browser's Print still works).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
