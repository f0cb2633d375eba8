/* Site search, an enhancement: Pagefind's interface over the index of this language. Without
   JavaScript (or before the index exists, as in the live preview) the page offers the archive.
   The index is read from the network: the offline worker keeps an edition's pages, not the index.
   Without a connection (a page kept on the phone, at a venue without Wi-Fi) Pagefind's interface
   would say "Searching for …" for ever: the page says instead that searching needs a connection,
   and still offers the archive, whose kept pages open. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  var unreachable = document.querySelector(".search-unreachable");
  if (!box) { return; }
  function offline() {
    box.hidden = true;
    if (unreachable) { unreachable.hidden = false; }
  }
  // asked beside Pagefind's own requests, not before them (no wait on a slow link); "no-store":
  // the browser's cache must not answer for the network
  if (window.fetch) {
    fetch(box.dataset.bundle + "pagefind-entry.json", { cache: "no-store" }).catch(offline);
  }
  if (typeof PagefindUI === "undefined") { return; }
  // An edition's city (its "city" field in the index) outweighs the same word elsewhere: a search
  // for "Sofia" puts the Sofia edition above organisations that have the word in their names.
  // The city is kept for ranking, not shown: Pagefind would tag each result "City: …" in English.
  var ui = new PagefindUI({ element: "#search", bundlePath: box.dataset.bundle, showImages: false,
                            resetStyles: false, ranking: { metaWeights: { city: 10 } },
                            translations: JSON.parse(box.dataset.strings || "{}"),
                            processResult: function (result) { delete result.meta.city; return result; } });
  // Pagefind names its box only with a title; the page's heading is its visible label.
  var input = box.querySelector("input");
  if (input && box.dataset.labelledby) { input.setAttribute("aria-labelledby", box.dataset.labelledby); }
  var query = new URLSearchParams(location.search).get("q");
  if (query) { ui.triggerSearch(query); }
})();
