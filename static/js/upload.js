/* The application form's upload rows: progress bars, and attachments checked and photos shrunk in
   the browser before a byte is sent: on weak mobile data a 6.5MB phone photo takes minutes, only to
   be refused by the server at the end. The server still judges everything it receives; without this
   file the rows upload what was chosen, as before. app.js fetches it when a row is first touched. */
(function () {
  "use strict";

  // The server's limit and messages (jianxi/services/attachments.py); the browser tests compare them.
  var MAX_BYTES = 5 * 1024 * 1024;
  var TOO_BIG = "超过5MB，请压缩或拍照时降低分辨率后重新上传";
  var EMPTY = "文件为空，请重新选择";
  var UNSUPPORTED = "类型不支持，请上传JPG、PNG图片或PDF文件";
  var SIGNATURES = [
    [[0xff, 0xd8, 0xff], "photo"],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "photo"],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], "pdf"]
  ];
  // An ID card or a diploma stays legible at this size, in a tenth of a phone photo's bytes.
  var LONG_SIDE = 2000;
  var QUALITIES = [0.85, 0.7, 0.55];

  var shrunk = new WeakMap(); // input -> the file to send instead of the one chosen
  var turns = new WeakMap(); // input -> how many files were chosen in it: only the last one goes
  var notes = {}; // row id -> "已压缩：…", shown again in the row the server sends back

  function rowOf(elt) {
    return elt && elt.closest ? elt.closest(".upload-row") : null;
  }

  // As the server's human_size, whose round() takes a half to the even neighbour.
  function humanSize(size) {
    if (size >= 1024 * 1024) return (size / 1024 / 1024).toFixed(1) + "MB";
    var kb = size / 1024, rounded = Math.round(kb);
    if (rounded - kb === 0.5 && rounded % 2) rounded -= 1;
    return Math.max(1, rounded) + "KB";
  }

  function readHead(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(new Uint8Array(reader.result)); };
      reader.onerror = reject;
      reader.readAsArrayBuffer(file.slice(0, 8));
    });
  }

  // As the server does: the kind of file from its first bytes, whatever its name says.
  function sniff(head) {
    for (var i = 0; i < SIGNATURES.length; i++) {
      var magic = SIGNATURES[i][0];
      var j = 0;
      while (j < magic.length && head[j] === magic[j]) j++;
      if (j === magic.length) return SIGNATURES[i][1];
    }
    return null;
  }

  // Browsers before image-orientation (Chrome 81) decode a photo ignoring its EXIF orientation,
  // and a sideways ID card is worse than a slow one: they send the original.
  function canShrink() {
    return typeof File === "function" && !!window.createImageBitmap && !!HTMLCanvasElement.prototype.toBlob &&
      !!(window.CSS && CSS.supports && CSS.supports("image-orientation", "from-image"));
  }

  // Straight from the file: the CSP allows no blob: images. Browsers that do not know the
  // option's newer name turn photos upright by default since Chrome 81.
  function decode(file) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
      return createImageBitmap(file);
    });
  }

  function draw(source, width, height) {
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // a PNG's transparent parts would turn black in a JPEG
    context.fillRect(0, 0, width, height);
    context.imageSmoothingQuality = "high";
    context.drawImage(source, 0, 0, width, height);
    source.close();
    return canvas;
  }

  function encode(canvas, attempt) {
    return new Promise(function (resolve) {
      canvas.toBlob(resolve, "image/jpeg", QUALITIES[attempt]);
    }).then(function (blob) {
      if (blob && blob.size > MAX_BYTES && attempt + 1 < QUALITIES.length) return encode(canvas, attempt + 1);
      return blob;
    });
  }

  function jpegName(name) {
    return name.replace(/\.[^.]*$/, "") + ".jpg";
  }

  // The photo to send: the original when it is small enough already, or when shrinking fails
  // or does not help (the server then decides, as it always did).
  function shrink(file, showProgress) {
    if (!canShrink()) return Promise.resolve(file);
    if (file.size > MAX_BYTES) showProgress(); // decoding a big photo takes a moment on a cheap phone
    return decode(file).then(function (bitmap) {
      var scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
      if (file.size <= MAX_BYTES && scale === 1) {
        bitmap.close();
        return file;
      }
      showProgress();
      return encode(draw(bitmap, Math.round(bitmap.width * scale), Math.round(bitmap.height * scale)), 0)
        .then(function (blob) {
          if (!blob || blob.size > MAX_BYTES || blob.size >= file.size) return file;
          return new File([blob], jpegName(file.name), { type: "image/jpeg", lastModified: file.lastModified });
        });
    }).catch(function () {
      return file;
    });
  }

  // {file} to send, or {refusal}: the server's message for a file it would refuse anyway.
  function prepare(file, showProgress) {
    if (file.size === 0) return Promise.resolve({ refusal: EMPTY });
    return readHead(file).then(function (head) {
      var kind = sniff(head);
      if (kind === null) return { refusal: UNSUPPORTED };
      if (kind === "pdf") return file.size > MAX_BYTES ? { refusal: TOO_BIG } : { file: file };
      return shrink(file, showProgress).then(function (sent) { return { file: sent }; });
    });
  }

  function note(row, text, live) {
    var line = row.querySelector(".upload-note");
    if (!text) {
      if (line) line.parentNode.removeChild(line);
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.className = "hint upload-note";
      var status = row.querySelector(".upload-status");
      if (status) status.insertAdjacentElement("afterend", line);
      else row.insertBefore(line, row.querySelector(".upload-actions"));
    }
    if (live) line.setAttribute("role", "status");
    line.textContent = text;
  }

  // Shown as the server shows its own refusal in the row; an earlier upload stays chosen.
  function refuse(input, row, message) {
    var id = input.id + "-error";
    var error = document.getElementById(id);
    if (!error) {
      error = document.createElement("p");
      error.className = "error-message";
      error.id = id;
      error.setAttribute("role", "alert");
      row.insertBefore(error, row.querySelector(".upload-actions"));
    }
    var prefix = document.createElement("span");
    prefix.className = "visually-hidden";
    prefix.textContent = "错误：";
    error.textContent = message;
    error.insertBefore(prefix, error.firstChild);
    row.classList.add("is-error");
    input.setAttribute("aria-describedby", id);
    input.setAttribute("aria-invalid", "true");
    input.value = ""; // else 提交 would send it with the form
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

  // htmx 2 sends with XHR, whose upload progress it re-fires as this event. Capturing: this file
  // comes after the page, and the bar should show the figure before later listeners look at it.
  document.addEventListener("htmx:xhr:progress", function (evt) {
    var row = rowOf(evt.target);
    if (!row || !evt.detail.lengthComputable) return;
    var bar = row.querySelector("progress");
    bar.value = Math.round((evt.detail.loaded * 100) / evt.detail.total);
    bar.textContent = bar.value + "%";
  }, true);

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

  // htmx asks before every request it makes; a row's upload waits here for the file to be ready.
  document.addEventListener("htmx:confirm", function (evt) {
    var input = evt.detail.elt;
    var row = input && input.type === "file" ? rowOf(input) : null;
    var file = row && input.files && input.files[0];
    if (!file || !window.Promise || !window.FileReader) return;
    evt.preventDefault();
    var turn = (turns.get(input) || 0) + 1;
    turns.set(input, turn);
    shrunk.delete(input);
    delete notes[row.id];
    var stale = row.querySelector(".upload-failed");
    if (stale) stale.parentNode.removeChild(stale);
    note(row, "", false);
    prepare(file, function () { note(row, "正在压缩照片…", true); }).then(function (outcome) {
      if (turns.get(input) !== turn || !document.body.contains(input)) return; // chosen again meanwhile
      if (outcome.refusal) {
        note(row, "", false);
        refuse(input, row, outcome.refusal);
        return;
      }
      if (outcome.file !== file) {
        shrunk.set(input, outcome.file);
        notes[row.id] = "已压缩：" + humanSize(file.size) + " → " + humanSize(outcome.file.size);
        note(row, notes[row.id], true);
      }
      evt.detail.issueRequest(true);
    }, function () {
      if (turns.get(input) === turn) evt.detail.issueRequest(true); // unreadable here: the server decides
    });
  });

  document.addEventListener("htmx:configRequest", function (evt) {
    var input = evt.detail.elt;
    var file = shrunk.get(input);
    if (!file) return;
    shrunk.delete(input);
    evt.detail.parameters[input.name] = file;
  });

  // The server's row replaces ours; it names the size received, this says what it came from.
  document.addEventListener("htmx:load", function (evt) {
    var row = evt.detail.elt;
    if (!row.classList || !row.classList.contains("upload-row") || !notes[row.id]) return;
    var text = notes[row.id];
    delete notes[row.id];
    if (row.classList.contains("is-done") && !row.classList.contains("is-error")) note(row, text, false);
  });
})();
