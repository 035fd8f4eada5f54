// The textbooks' service worker (served at /<language>/textbooks/sw.js, so its scope is that
// language's textbook pages). Network first: every page and file a lesson needs is fetched as
// usual and its copy kept; when the connection is gone, the copy is served, so the lessons a
// pupil opened stay readable, their tasks checking themselves. A lesson's page asks for itself
// and its files to be kept as soon as it has registered the worker (its first load was not yet
// seen by it). Only GET requests of the site's own origin are kept; nothing is ever sent.
"use strict";
var CACHE = "ortaq-textbooks-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keepable(request) {
  return request.method === "GET" && new URL(request.url).origin === self.location.origin;
}

self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  urls = urls.filter(function (url) { return new URL(url).origin === self.location.origin; });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.ok) { return cache.put(url, response); }
      }).catch(function () { /* kept next time */ });
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!keepable(request)) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: request.mode === "navigate" }).then(function (found) {
      return found || Response.error();
    });
  }));
});
