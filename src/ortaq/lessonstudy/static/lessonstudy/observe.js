// The observer's page, offline: each note is kept on this device (localStorage) with an id
// made here and the time it was written, shown as waiting, and sent to the API in batches
// whenever the connection allows (at once, on the "online" event, and again after a failure,
// waiting longer each time). The API stores a note once however often it is sent, so a note
// is removed from the device only once the server has answered for it; a reload shows what is
// still waiting and sends it. Without JavaScript the form posts each note itself.
(function () {
  "use strict";
  var form = document.getElementById("note-form");
  if (!form || !window.fetch || !window.localStorage || !window.JSON) { return; }
  var data = form.dataset;
  var list = document.getElementById("notes");
  var status = document.getElementById("note-status");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var BATCH = 100;
  var sending = false;
  var delay = 2000;
  var timer = null;

  function load() {
    try { return JSON.parse(localStorage.getItem(data.storageKey) || "[]") || []; }
    catch (e) { return []; }
  }
  function store(notes) { localStorage.setItem(data.storageKey, JSON.stringify(notes)); }
  function announce(text) { status.textContent = text; }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    // crypto.randomUUID needs a secure context (https): a random version 4 UUID otherwise.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  // The time in Kazakhstan (UTC+5, whatever the device's zone), in the page's format.
  function shown(iso) {
    var d = new Date(Date.parse(iso) + 5 * 3600 * 1000);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var parts = {
      d: two(d.getUTCDate()), m: two(d.getUTCMonth() + 1), Y: String(d.getUTCFullYear()),
      H: two(d.getUTCHours()), i: two(d.getUTCMinutes())
    };
    return data.dateFormat.replace(/[dmYHi]/g, function (c) { return parts[c]; });
  }

  function itemOf(id) { return list.querySelector('li[data-client-id="' + id + '"]'); }

  function show(note) {
    if (itemOf(note.client_id)) { return; }
    var li = document.createElement("li");
    li.dataset.clientId = note.client_id;
    li.dataset.state = "waiting";
    var when = document.createElement("strong");
    when.textContent = shown(note.written_at);
    var badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = data.waiting;
    li.append(when, " · " + note.pupil_code + " · " + note.stage_title + " ", badge,
      document.createElement("br"), note.text);
    list.prepend(li);
    var none = document.getElementById("no-notes");
    if (none) { none.hidden = true; }
  }

  function markSent(ids) {
    var done = {};
    ids.forEach(function (id) { done[id] = true; });
    store(load().filter(function (note) { return !done[note.client_id]; }));
    ids.forEach(function (id) {
      var li = itemOf(id);
      if (!li) { return; }
      li.dataset.state = "sent";
      var badge = li.querySelector(".badge");
      badge.className = "badge done";
      badge.textContent = data.sent;
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(send, delay);
    delay = Math.min(delay * 2, 60000);
  }

  function detail(body) {
    var d = body && body.detail;
    if (typeof d === "string") { return d; }
    if (Array.isArray(d)) { return d.map(function (e) { return e.msg; }).join(" "); }
    return "";
  }

  function send() {
    clearTimeout(timer);
    var waiting = load();
    if (sending || !waiting.length) { return; }
    if (navigator.onLine === false) { announce(data.offline); return; }
    sending = true;
    var batch = waiting.slice(0, BATCH).map(function (n) {
      return {
        client_id: n.client_id, pupil_id: n.pupil_id, stage_id: n.stage_id,
        text: n.text, written_at: n.written_at
      };
    });
    fetch(data.apiUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ notes: batch })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        sending = false;
        if (response.ok) {
          markSent(body.created.concat(body.existing));
          delay = 2000;
          if (load().length) { send(); } else { announce(data.allSent); }
        } else if (response.status === 401 || response.status === 403) {
          announce(data.signedOut);
        } else if (response.status === 400 || response.status === 422) {
          // Refused for what the notes say: sending them again would not help. They stay
          // on the device, and the message says why.
          announce(data.refused + " " + detail(body));
        } else {
          later();
        }
      });
    }).catch(function () {
      sending = false;
      announce(data.offline);
      later();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var stage = form.elements.stage;
    var pupil = form.querySelector("input[name=pupil]:checked");
    var text = form.elements.text;
    if (!pupil || !text.value.trim()) {
      announce(data.empty);
      (pupil ? text : form.querySelector("input[name=pupil]")).focus();
      return;
    }
    var label = form.querySelector('label[for="' + pupil.id + '"]');
    var note = {
      client_id: newId(),
      pupil_id: parseInt(pupil.value, 10),
      stage_id: parseInt(stage.value, 10),
      text: text.value,
      written_at: new Date().toISOString(),
      pupil_code: (label ? label.textContent : pupil.value).trim().split(" ")[0],
      stage_title: stage.options[stage.selectedIndex].text.replace(/^\d+\.\s*/, "")
    };
    var waiting = load();
    waiting.push(note);
    store(waiting);
    show(note);
    text.value = "";
    text.focus();
    send();
    // Said after send() has looked at the connection: offline, this is the last word.
    announce(data.saved);
  });

  window.addEventListener("online", send);
  window.addEventListener("offline", function () { announce(data.offline); });

  // What an earlier visit left on the device: the notes the server already shows were stored
  // (the answer was lost); the others are shown as waiting and sent.
  var left = load();
  var onPage = left.filter(function (note) { return itemOf(note.client_id); });
  if (onPage.length) { markSent(onPage.map(function (note) { return note.client_id; })); }
  load().slice().sort(function (a, b) { return a.written_at < b.written_at ? -1 : 1; }).forEach(show);
  send();
})();
