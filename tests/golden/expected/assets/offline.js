/* Registers the site's service worker (sw.js at the base path). On a page of an edition it asks
   the worker to keep that edition's pages in this language for use without a connection, and marks
   <html data-offline="ready"> when they are kept. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) { return; }
  var list = script.dataset.precache;
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && "precached" in event.data) {
      document.documentElement.dataset.offline = event.data.precached ? "ready" : "failed";
    }
  });
  navigator.serviceWorker.register(script.dataset.worker, { scope: script.dataset.scope }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (list && registration.active) {
      registration.active.postMessage({ precache: new URL(list, location.href).href });
    }
  }).catch(function () { /* without a worker the site works as before */ });
})();
