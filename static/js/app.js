/* Modal dialogs, focus on a swapped-in error summary, and upload.js (everything about the
   application form's upload rows) fetched when it is needed. Every page works without this file. */
(function () {
  "use strict";

  function rowOf(elt) {
    return elt && elt.closest ? elt.closest(".upload-row") : null;
  }

  function isFileUpload(elt) {
    return elt && elt.type === "file" && rowOf(elt);
  }

  // upload.js (progress bars; files checked and photos shrunk before they are sent) is needed only
  // once a file is chosen, so it is not part of the form's first visit: it is fetched when a row is
  // first touched, and an upload that comes before it waits for it (as upload.js makes uploads wait).
  var uploadScript = null; // "loading", then "loaded" or "failed"
  var waiting = []; // [input, the htmx:confirm held back] while it loads

  function loadUploadScript() {
    var holder = document.querySelector("[data-upload-script]");
    if (uploadScript || !holder) return;
    uploadScript = "loading";
    var script = document.createElement("script");
    script.src = holder.getAttribute("data-upload-script");
    script.onload = function () { uploadScript = "loaded"; release(); };
    script.onerror = function () { uploadScript = "failed"; release(); };
    document.head.appendChild(script);
  }

  // Loaded: each waiting row's file is chosen again, and upload.js takes it from there; not
  // loaded: the file goes as chosen, as it would without scripts.
  function release() {
    var done = [];
    waiting.splice(0).forEach(function (held) {
      var input = held[0], confirm = held[1];
      if (done.indexOf(input) >= 0 || !document.body.contains(input)) return;
      done.push(input);
      if (uploadScript === "loaded") input.dispatchEvent(new Event("change"));
      else confirm.detail.issueRequest(true);
    });
  }

  ["focusin", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function (evt) {
      if (rowOf(evt.target)) loadUploadScript();
    });
  });

  document.addEventListener("htmx:confirm", function (evt) {
    if (uploadScript === "loaded" || uploadScript === "failed" || !isFileUpload(evt.detail.elt)) return;
    loadUploadScript();
    if (!uploadScript) return; // no upload.js on this page
    evt.preventDefault();
    waiting.push([evt.detail.elt, evt]);
  });

  // A form swapped back with mistakes: move focus to its error summary, as a page load would
  // (GOV.UK's pattern), so keyboard and screen reader users start from the list of problems.
  document.addEventListener("htmx:afterSettle", function (evt) {
    var target = evt.detail.elt;
    var summary = target && target.querySelector ? target.querySelector(".error-summary") : null;
    if (summary) summary.focus();
  });

  // A swapped-in <dialog data-modal> opens as a modal (focus moves into it, Esc closes it).
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("dialog[data-modal]:not([open])").forEach(function (dialog) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    });
  });
})();
