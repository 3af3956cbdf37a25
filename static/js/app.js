/* Upload progress bars and modal dialogs. Every page works without this file. */
(function () {
  "use strict";

  function rowOf(elt) {
    return elt && elt.closest ? elt.closest(".upload-row") : null;
  }

  function isFileUpload(elt) {
    return elt && elt.type === "file" && rowOf(elt);
  }

  document.addEventListener("htmx:beforeRequest", function (evt) {
    if (!isFileUpload(evt.detail.elt)) return;
    var row = rowOf(evt.detail.elt);
    var bar = row.querySelector("progress");
    row.classList.remove("is-error");
    row.classList.add("is-uploading");
    bar.value = 0;
    bar.textContent = "0%";
    bar.hidden = false;
  });

  // htmx 2 sends with XHR, whose upload progress it re-fires as this event.
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var row = rowOf(evt.target);
    if (!row || !evt.detail.lengthComputable) return;
    var bar = row.querySelector("progress");
    bar.value = Math.round((evt.detail.loaded * 100) / evt.detail.total);
    bar.textContent = bar.value + "%";
  });

  function interrupted(evt) {
    if (!isFileUpload(evt.detail.elt)) return;
    var row = rowOf(evt.detail.elt);
    var message = row.querySelector(".upload-failed") || document.createElement("p");
    message.className = "error-message upload-failed";
    message.setAttribute("role", "alert");
    message.textContent = "上传中断，请重试";
    row.classList.remove("is-uploading");
    row.classList.add("is-error");
    row.querySelector("progress").hidden = true;
    row.appendChild(message);
    evt.detail.elt.value = "";
  }
  document.addEventListener("htmx:sendError", interrupted);
  document.addEventListener("htmx:timeout", interrupted);

  // Refused outright (signed out, stale page): the server's notice goes to the alert area,
  // and the row must not look as if it were still uploading.
  document.addEventListener("htmx:afterRequest", function (evt) {
    if (!evt.detail.failed || !isFileUpload(evt.detail.elt)) return;
    var row = rowOf(evt.detail.elt);
    row.classList.remove("is-uploading");
    row.querySelector("progress").hidden = true;
    evt.detail.elt.value = "";
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
