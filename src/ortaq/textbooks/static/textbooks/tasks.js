// A textbook lesson's tasks, checked in the page (decision 0025). Each task's form carries a
// salt and the SHA-256 of salt + ":" + its right answer in a canonical form; the script builds
// the pupil's answer in the same form (ortaq.textbooks.checking says how), hashes it and
// compares, so the page never holds an answer in the clear. It works from a page opened from
// disk (the offline pack) and on plain http, where WebCrypto is missing, with its own SHA-256.
// Progress is kept in localStorage under the lesson's version; when the pupil entered a class
// code, each task's first result goes to the class with a random receipt, sent again until the
// server has it. Without this script every form posts to the server, which checks the answer.
(function () {
  "use strict";
  var root = document.getElementById("tasks");
  if (!root || !window.JSON || !document.querySelector) { return; }
  var text = root.dataset;

  function store() {
    try { return window.localStorage || null; } catch (e) { return null; }
  }
  function load(key, fallback) {
    var s = store();
    try { return (s && JSON.parse(s.getItem(key))) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    var s = store();
    try { if (s) { s.setItem(key, JSON.stringify(value)); } } catch (e) { /* full or denied */ }
  }

  // --- SHA-256 -------------------------------------------------------------------------------
  function utf8(str) {
    if (window.TextEncoder) { return new TextEncoder().encode(str); }
    var bin = unescape(encodeURIComponent(str)), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function hex(bytes) {
    return Array.prototype.map.call(new Uint8Array(bytes), function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2];
  // SHA-256 in plain script, for where crypto.subtle is missing (an insecure context).
  function sha256Plain(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
      0x1f83d9ab, 0x5be0cd19];
    var len = bytes.length, total = ((len + 9 + 63) >> 6) << 6, m = new Uint8Array(total);
    m.set(bytes); m[len] = 0x80;
    var bits = len * 8;
    for (var b = 0; b < 4; b++) { m[total - 1 - b] = (bits >>> (8 * b)) & 255; }
    m[total - 5] = Math.floor(len / 0x20000000) & 255;
    var w = new Array(64);
    for (var off = 0; off < total; off += 64) {
      for (var i = 0; i < 16; i++) {
        w[i] = (m[off + 4 * i] << 24) | (m[off + 4 * i + 1] << 16) | (m[off + 4 * i + 2] << 8) | m[off + 4 * i + 3];
      }
      for (i = 16; i < 64; i++) {
        var x = w[i - 15], y = w[i - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7], bb = h[1];
      for (i = 0; i < 64; i++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + bb) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    return h.map(function (v) { return ("00000000" + (v >>> 0).toString(16)).slice(-8); }).join("");
  }
  function sha256(str) {
    var bytes = utf8(str);
    if (window.crypto && crypto.subtle && window.isSecureContext !== false) {
      return crypto.subtle.digest("SHA-256", bytes).then(hex, function () { return sha256Plain(bytes); });
    }
    return Promise.resolve(sha256Plain(bytes));
  }

  // --- The answer in its canonical form (as checking.py builds it) ---------------------------
  function normalise(value) {
    var s = String(value || "");
    if (s.normalize) { s = s.normalize("NFC"); }
    s = s.toLowerCase().replace(/ё/g, "е").trim();
    return s ? s.split(/\s+/).join(" ") : "";
  }
  function field(form, name) { return form.querySelector('[name="' + name + '"]'); }
  function selects(form) { return Array.prototype.slice.call(form.querySelectorAll("select")); }

  // {complete, answers: [canonical…]}: one answer, or one per gap.
  function canonical(form) {
    var kind = form.dataset.kind;
    if (kind === "single" || kind === "multiple") {
      var ids = Array.prototype.slice.call(form.querySelectorAll('input[name="choice"]:checked'))
        .map(function (input) { return parseInt(input.value, 10); })
        .sort(function (x, y) { return x - y; });
      return { complete: ids.length > 0, answers: [ids.join(",")] };
    }
    if (kind === "matching") {
      var pairs = selects(form).map(function (s, i) { return (i + 1) + "=" + normalise(s.value); });
      return { complete: selects(form).every(function (s) { return s.value; }), answers: [pairs.join("|")] };
    }
    if (kind === "ordering") {
      var list = selects(form), seen = {}, distinct = true;
      list.forEach(function (s) { if (seen[s.value]) { distinct = false; } seen[s.value] = true; });
      var done = list.every(function (s) { return s.value; });
      var order = list.slice().sort(function (x, y) { return parseInt(x.value, 10) - parseInt(y.value, 10); })
        .map(function (s) { return normalise(s.dataset.item); });
      return { complete: done && distinct, duplicate: done && !distinct, answers: [order.join("|")] };
    }
    var inputs = Array.prototype.slice.call(form.querySelectorAll(kind === "gaps" ? "input.gap" : 'input[name="answer"]'));
    var values = inputs.map(function (input) { return normalise(input.value); });
    return { complete: values.every(function (v) { return v; }), answers: values };
  }

  function isRight(form, answers) {
    var salt = form.dataset.salt, hashes = JSON.parse(form.dataset.hashes);
    return Promise.all(answers.map(function (a) { return sha256(salt + ":" + a); })).then(function (got) {
      var kind = form.dataset.kind;
      if (kind === "gaps") {
        return got.length === hashes.length && got.every(function (h, i) { return hashes[i].indexOf(h) >= 0; });
      }
      return hashes.indexOf(got[0]) >= 0;
    });
  }

  // --- What the pupil did, kept on her device ------------------------------------------------
  var key = text.storageKey;
  var progress = load(key, {});
  var forms = Array.prototype.slice.call(root.querySelectorAll("form.task-form"));

  function values(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "exercise" || el.name === "csrfmiddlewaretoken") { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      (out[el.name] = out[el.name] || []).push(el.value);
    });
    return out;
  }
  function restore(form, saved) {
    Array.prototype.forEach.call(form.elements, function (el) {
      var got = saved[el.name];
      if (!got || el.name === "exercise" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = got.indexOf(el.value) >= 0; }
      else { el.value = got[0]; }
    });
  }
  function showProgress() {
    var right = forms.filter(function (f) { var p = progress[f.dataset.exercise]; return p && p.right; }).length;
    var any = forms.some(function (f) { return progress[f.dataset.exercise]; });
    if (any) {
      document.getElementById("progress").textContent = text.progress
        .replace("%(right)s", right).replace("%(total)s", forms.length);
    }
  }

  function paragraph(content, cls) {
    var p = document.createElement("p");
    if (cls) { p.className = cls; }
    p.textContent = content;
    return p;
  }
  function show(form, verdict) {
    var box = form.querySelector(".result");
    box.textContent = "";
    if (!verdict.complete) {
      box.append(paragraph(verdict.duplicate ? text.places : text.incomplete, "msg msg-error"));
      return;
    }
    box.append(paragraph(verdict.right ? text.right : text.wrong, verdict.right ? "msg msg-success" : "msg msg-error"));
    Array.prototype.forEach.call(form.querySelectorAll("input[data-feedback]:checked"), function (input) {
      box.append(paragraph(input.dataset.feedback));
    });
    var general = verdict.right ? form.dataset.feedbackRight : form.dataset.feedbackWrong;
    if (general) { box.append(paragraph(general)); }
    var again = form.querySelector("button.again");
    if (again) { again.hidden = false; }
  }

  // --- The class session ---------------------------------------------------------------------
  var code = text.classCode;
  var outboxKey = key + "-class-" + code;
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = hex(b);
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  // {exercise: {right, receipt, sent}}: the first result per task, kept until the server has it.
  var outbox = code ? load(outboxKey, {}) : {};
  function send() {
    if (!code || !window.fetch) { return; }
    Object.keys(outbox).forEach(function (exercise) {
      var item = outbox[exercise];
      if (item.sent || item.sending) { return; }
      item.sending = true;
      fetch(text.answerUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": text.csrf },
        body: JSON.stringify({ code: code, exercise: parseInt(exercise, 10), right: item.right, receipt: item.receipt })
      }).then(function (response) {
        item.sending = false;
        // 400 is a closed session or a task it does not have: sending again would not help.
        if (response.ok || response.status === 400) { item.sent = true; }
        save(outboxKey, outbox);
        announce(form(exercise), response.ok ? text.sent : text.notSent);
      }, function () {
        item.sending = false;
        announce(form(exercise), text.notSent);
      });
    });
  }
  function form(exercise) {
    return forms.filter(function (f) { return f.dataset.exercise === String(exercise); })[0];
  }
  function announce(target, message) {
    if (target) { target.querySelector(".result").append(paragraph(message, "muted")); }
  }

  function checkForm(form, quiet) {
    var answer = canonical(form);
    if (!answer.complete) { if (!quiet) { show(form, answer); } return; }
    isRight(form, answer.answers).then(function (right) {
      var exercise = form.dataset.exercise;
      show(form, { complete: true, right: right });
      if (quiet) { return; }
      progress[exercise] = { right: right, values: values(form) };
      save(key, progress);
      showProgress();
      if (code && !outbox[exercise]) {
        outbox[exercise] = { right: right, receipt: newId(), sent: false };
        save(outboxKey, outbox);
        send();
      }
    }, function () {
      form.querySelector(".result").textContent = text.error;
    });
  }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      checkForm(form, false);
    });
    var again = form.querySelector("button.again");
    if (again) {
      again.addEventListener("click", function () {
        form.reset();
        Array.prototype.forEach.call(form.querySelectorAll("input[type=text]"), function (i) { i.value = ""; });
        Array.prototype.forEach.call(form.querySelectorAll("input[type=radio],input[type=checkbox]"), function (i) { i.checked = false; });
        selects(form).forEach(function (s) { s.value = ""; });
        form.querySelector(".result").textContent = "";
        again.hidden = true;
        var first = form.querySelector("input:not([type=hidden]),select");
        if (first) { first.focus(); }
      });
    }
    var saved = progress[form.dataset.exercise];
    if (saved && saved.values) { restore(form, saved.values); checkForm(form, true); }
  });
  showProgress();
  send();
  if (window.addEventListener) { window.addEventListener("online", send); }

  // The service worker keeps the lessons she opened readable offline (not from disk).
  var lesson = document.getElementById("lesson");
  if (lesson && lesson.dataset.sw && "serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register(lesson.dataset.sw).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var keep = [location.href.split("#")[0]];
      Array.prototype.forEach.call(document.querySelectorAll("script[src],link[rel=stylesheet]"), function (el) {
        keep.push(el.src || el.href);
      });
      registration.active.postMessage({ keep: keep });
    }).catch(function () { /* reading still works */ });
  }
}());
