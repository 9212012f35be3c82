// Upload progress for forms marked data-upload-progress. Without this file (or without
// XMLHttpRequest upload events) the form is an ordinary multipart POST.
//
// The form is sent with an HX-Request header, so the server answers as it does htmx:
// HX-Redirect on success, the form alone with status 422 when something must be corrected.
// The texts come from data attributes on [data-upload-status], translated by the template.
(function () {
  "use strict";
  var xhrSupportsProgress = "upload" in new XMLHttpRequest() && "FormData" in window;
  if (!xhrSupportsProgress) {
    return;
  }

  function say(text, message) {
    if (text.textContent !== message) {
      text.textContent = message;
    }
  }

  function setBusy(form, busy) {
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
      button.disabled = busy;
    });
    form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function focusFirstError(root) {
    var error = root.querySelector(".alert--error, [aria-invalid='true']");
    if (error) {
      error.setAttribute("tabindex", "-1");
      error.focus();
    }
  }

  function replaceForm(form, html) {
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    var fresh = holder.content.firstElementChild;
    if (!fresh || fresh.tagName !== "FORM") {
      return false;
    }
    form.replaceWith(fresh);
    if (window.htmx) {
      window.htmx.process(fresh);
    }
    focusFirstError(fresh);
    return true;
  }

  function send(form, status, submitter) {
    var bar = status.querySelector("progress");
    var text = status.querySelector("[aria-live]");
    var announced = -1;
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }

    function fail() {
      setBusy(form, false);
      bar.hidden = true;
      say(text, status.dataset.textFailed);
    }

    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("HX-Request", "true");
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) {
        return;
      }
      var percent = Math.floor((event.loaded / event.total) * 100);
      bar.value = percent;
      // The bar moves smoothly; the spoken text only every ten per cent.
      var step = Math.floor(percent / 10) * 10;
      if (step !== announced) {
        announced = step;
        say(text, status.dataset.textProgress.replace("{percent}", String(step)));
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = 100;
      say(text, status.dataset.textChecking);
    });
    xhr.addEventListener("load", function () {
      var next = xhr.getResponseHeader("HX-Redirect");
      if (next) {
        window.location.assign(next);
      } else if (xhr.status === 422 && replaceForm(form, xhr.responseText)) {
        return;
      } else if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) {
        // Redirected somewhere else on the way (a session that ended goes to log in).
        window.location.assign(xhr.responseURL);
      } else {
        fail();
      }
    });
    xhr.addEventListener("error", fail);
    xhr.addEventListener("abort", fail);

    setBusy(form, true);
    bar.hidden = false;
    bar.removeAttribute("value");
    say(text, status.dataset.textProgress.replace("{percent}", "0"));
    xhr.send(data);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches("form[data-upload-progress]")) {
      return;
    }
    var status = form.querySelector("[data-upload-status]");
    if (!status) {
      return;
    }
    event.preventDefault();
    send(form, status, event.submitter);
  });
})();
