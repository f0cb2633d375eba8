{#- "Now and next" at a timed edition: which sessions are on now and which come next, from the
   visitor's clock compared with the UTC instants the build wrote (data-start, data-until), with the
   venue's time as the build wrote it and, when the visitor's time zone differs, their own time.
   Updated every half minute.

   Written into the page right after its box (macros.html, now_next), not loaded as a file: it runs
   while the page is still being read, before anything under the box exists, so filling the box in
   moves nothing, even on a slow phone that has already drawn it empty. (A deferred file ran after
   the rest was drawn, and a filled line that wrapped pushed the page down.) The template engine
   reads this file: this note is a template comment, so that it is not sent to every visitor;
   the script itself must hold no other template tag.

   A page with several boxes (the home page, one per edition still to come) holds the function
   once, after its first box; each later box is followed by a call of it alone. -#}
function confsiteNowNext(box) {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang;
  var format = new Intl.DateTimeFormat(lang, { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });  // in 24 hours, as the page writes its times
  var items = Array.prototype.slice.call(box.querySelector("template").content.querySelectorAll("[data-start]"));

  {#- the day, hour and minutes, and the offset as the page writes the edition's ("UTC+09:00", not
      "GMT+9" or Bulgarian's "Гринуич+9"); local-time.js writes a session's times the same way #}
  function when(moment) {
    var minutes = -moment.getTimezoneOffset();
    var size = Math.abs(minutes);
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var parts = format.formatToParts(moment);
    var types = parts.map(function (part) { return part.type; });
    {#- from the weekday to the minutes, nothing after them (Bulgarian's Intl adds " ч."), the hour
        as the page writes it (data-hour: "numeric" is 7:30, else 07:30), as local-time.js does #}
    var shown = parts.slice(0, types.indexOf("minute") + 1).map(function (part) {
      return part.type === "hour" && box.dataset.hour === "numeric" ? part.value.replace(/^0(?=\d)/, "") : part.value;
    }).join("");
    return shown + " UTC" + (minutes < 0 ? "-" : "+") + two(Math.floor(size / 60)) + ":" + two(size % 60);
  }

  function own(item) {
    if (box.dataset.zone === zone) { return null; }
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = " (" + box.dataset.label + ": " + when(new Date(item.dataset.start)) + ")";
    return span;
  }

  function put(target, shown, nothing) {
    target.textContent = "";
    if (!shown.length) { target.textContent = nothing; return; }
    shown.forEach(function (item, index) {
      if (index) { target.appendChild(document.createTextNode("; ")); }
      var copy = item.cloneNode(true);
      var local = own(item);
      if (local) { copy.appendChild(local); }
      target.appendChild(copy);
    });
  }

  function update() {
    var now = Date.now();
    var on = items.filter(function (item) {
      return Date.parse(item.dataset.start) <= now && now < Date.parse(item.dataset.until);
    });
    var later = items.filter(function (item) { return Date.parse(item.dataset.start) > now; });
    var first = Math.min.apply(null, later.map(function (item) { return Date.parse(item.dataset.start); }));
    var next = later.filter(function (item) { return Date.parse(item.dataset.start) === first; });
    var signature = on.concat([null], next).map(function (item) { return item && item.dataset.start + item.textContent; }).join("|");
    if (box.dataset.shown === signature) { return; }  {#- unchanged: nothing to announce again #}
    box.dataset.shown = signature;
    put(box.querySelector(".now-what"), on, box.dataset.nothingNow);
    put(box.querySelector(".next-what"), next, box.dataset.nothingNext);
  }

  update();
  setInterval(update, 30000);
}
confsiteNowNext(document.currentScript.previousElementSibling);
