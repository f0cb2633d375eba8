/* The site's service worker, written by the build (confsite/outputs/offline.py).
   A page of an edition asks it to keep that edition's pages, stylesheet and calendars (the list the
   build wrote beside them); pages, calendars and JSON are fetched from the network first, so a room
   change reaches people at the venue, and come from the cache only without a connection or when
   the network is too slow to answer; other files come from the cache first. The cache is named
   after the site's sources, not the build's clock, so a rebuild of the same content changes
   nothing on phones. A worker for new content keeps the older caches until an edition's list is
   kept whole in its own: a phone that met the new worker on a short connection still has the
   programme it kept. Without a connection, a page never kept is answered with the offline page of
   its address's language, which the worker keeps when it installs. */
"use strict";
var PREFIX = "confsite:/golden/:";
var CACHE = PREFIX + "(the engine's and the content's version)";
var SCOPE = "/golden/";
var OFFLINE_PAGES = {"bg": "/golden/bg/offline.html", "en": "/golden/en/offline.html", "ro": "/golden/ro/offline.html"};  /* language -> its offline page */
var OFFLINE_NEEDS = ["/golden/assets/style.css"];  /* what those pages show with: the stylesheet */
var DEFAULT_LANGUAGE = "en";
var PATIENCE = 4000;  /* ms to wait for the network before answering from the cache, when it holds the file */

/* Keeping the offline pages and their stylesheet may fail (no connection while installing): the
   worker installs all the same, and a page never kept then fails as it would without a worker. */
var OLDER = SCOPE + "~confsite-older-caches";  /* where this worker notes the caches it found at install */

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    var urls = Object.keys(OFFLINE_PAGES).map(function (lang) { return OFFLINE_PAGES[lang]; });
    return Promise.all(urls.concat(OFFLINE_NEEDS).map(function (url) {
      return fetch(url, { cache: "no-cache" }).then(function (answer) {
        if (answer.ok) { return cache.put(url, answer); }
      }).catch(function () {});
    })).then(function () { return caches.keys(); }).then(function (names) {
      var older = names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; });
      return cache.put(OLDER, new Response(JSON.stringify(older)));
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

/* The caches of older workers, dropped once this one has kept an edition's list whole: those it
   found when it installed, never one made since (an old worker still busy would otherwise drop a
   newer one's). */
function dropOlder() {
  return caches.open(CACHE).then(function (cache) { return cache.match(OLDER); }).then(function (noted) {
    return noted ? noted.json() : [];
  }).then(function (older) {
    return Promise.all(older.map(function (name) { return caches.delete(name); }));
  });
}

/* A kept answer: from this worker's cache, else from an older one's (for when the network fails:
   an older cache may hold another version of a file). */
function kept(request, options) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request, options); }).then(function (found) {
    return found || caches.match(request, options);
  });
}

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
        }).then(function () { return cache.put(list, response); }).then(dropOlder);
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
  return kept(page).then(function (found) { return found || Response.error(); });
}

/* From the network, kept for later; from the cache when the network fails, or when it keeps a
   visitor waiting longer than PATIENCE and the cache holds the file (the network's answer, when it
   comes, is kept for the next time). */
function networkFirst(request) {
  var network = fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  });
  var fallback = function () {
    return kept(request, { ignoreSearch: true }).then(function (found) {
      if (found) { return found; }
      return request.mode === "navigate" ? offlinePage(new URL(request.url).pathname) : Response.error();
    });
  };
  var slow = new Promise(function (resolve) {
    setTimeout(function () {
      kept(request, { ignoreSearch: true }).then(function (found) { if (found) { resolve(found); } });
    }, PATIENCE);
  });
  return Promise.race([network.catch(fallback), slow]);
}

/* From this worker's cache; else from the network, kept for later; else, without a network, from
   an older worker's cache: its stylesheet or script may be another version than the pages'. */
function cacheFirst(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request); }).then(function (found) {
    return found || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (older) { return older || Response.error(); });
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
