/* The site's service worker, written by the build (confsite/outputs/offline.py).
   A page of an edition asks it to keep that edition's pages, stylesheet and calendars (the list the
   build wrote beside them); pages, calendars and JSON are fetched from the network first, so a room
   change reaches people at the venue, and come from the cache only without a connection; other
   files come from the cache first. The cache is named after this build: a new build's worker
   deletes the caches of older ones. Without a connection, a page never kept is answered with the
   offline page of its address's language, which the worker keeps when it installs. */
"use strict";
var PREFIX = {{ cache_prefix|tojson }};
var CACHE = PREFIX + {{ version|tojson }};
var SCOPE = {{ scope|tojson }};
var OFFLINE_PAGES = {{ offline_pages|tojson }};  /* language -> its offline page */
var OFFLINE_NEEDS = {{ offline_needs|tojson }};  /* what those pages show with: the stylesheet */
var DEFAULT_LANGUAGE = {{ default_language|tojson }};

/* Keeping the offline pages and their stylesheet may fail (no connection while installing): the
   worker installs all the same, and a page never kept then fails as it would without a worker. */
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    var urls = Object.keys(OFFLINE_PAGES).map(function (lang) { return OFFLINE_PAGES[lang]; });
    return Promise.all(urls.concat(OFFLINE_NEEDS).map(function (url) {
      return fetch(url, { cache: "no-cache" }).then(function (answer) {
        if (answer.ok) { return cache.put(url, answer); }
      }).catch(function () {});
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* A page asks for its edition's list: keep every file on it, then tell the page. A list kept whole
   is kept in this build's cache too, last: the pages that ask again (every page of the edition does)
   cost no request, and the pages visited since refreshed themselves (network first). */
self.addEventListener("message", function (event) {
  var list = event.data && event.data.precache;
  if (typeof list !== "string" || new URL(list, self.location).origin !== self.location.origin) { return; }
  var source = event.source;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.match(list).then(function (kept) {
      return kept || fetch(list, { cache: "no-cache" }).then(function (response) {
        if (!response.ok) { throw new Error(list + ": " + response.status); }
        return response.clone().json().then(function (data) {
          return Promise.all(data.urls.map(function (url) {
            return fetch(url, { cache: "no-cache" }).then(function (answer) {
              if (!answer.ok) { throw new Error(url + ": " + answer.status); }  /* asked again later */
              return cache.put(url, answer);
            });
          }));
        }).then(function () { return cache.put(list, response); });
      });
    });
  }).then(function () {
    if (source) { source.postMessage({ precached: list }); }
  }).catch(function () {
    if (source) { source.postMessage({ precached: null }); }
  }));
});

function fresh(path) {
  return path.slice(-1) === "/" || /\.(html|ics|json|webmanifest)$/.test(path);
}

/* The offline page in the language of a path ("/conf/ro/2030-iasi/" -> Romanian), else in the
   site's default language. */
function offlinePage(path) {
  var lang = path.slice(SCOPE.length).split("/")[0];
  var page = Object.prototype.hasOwnProperty.call(OFFLINE_PAGES, lang) ? OFFLINE_PAGES[lang] : OFFLINE_PAGES[DEFAULT_LANGUAGE];
  return caches.match(page).then(function (found) { return found || Response.error(); });
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (found) {
      if (found) { return found; }
      return request.mode === "navigate" ? offlinePage(new URL(request.url).pathname) : Response.error();
    });
  });
}

function cacheFirst(request) {
  return caches.match(request).then(function (found) {
    return found || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf(SCOPE) !== 0) { return; }
  if (url.pathname.indexOf(SCOPE + "pagefind/") === 0) { return; }
  event.respondWith(request.mode === "navigate" || fresh(url.pathname) ? networkFirst(request) : cacheFirst(request));
});
