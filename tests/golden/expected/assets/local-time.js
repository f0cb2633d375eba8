/* An enhancement for online and hybrid editions: under each session time, the visitor's own
   time, when their time zone differs from the edition's. It fills the line the page reserved for
   it (p.local-time, shown by the agenda's first script), so nothing on the page moves. Without
   JavaScript the page already shows every time with its UTC offset. */
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang;
  // in 24 hours, as the page writes its own times (English alone would say "07:00 AM")
  var format = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

  /* "07:30", as the page writes a time: from the hour to the minutes, with the locale's separator,
     and nothing after them (Bulgarian's Intl adds " ч."; now-next.js does the same). */
  function clock(moment) {
    var parts = format.formatToParts(moment);
    var types = parts.map(function (part) { return part.type; });
    return parts.slice(types.indexOf("hour"), types.indexOf("minute") + 1).map(function (part) { return part.value; }).join("");
  }

  /* "UTC+01:00", as the page writes the edition's offset ("GMT+1", "Гринуич+1" before). */
  function offset(moment) {
    var minutes = -moment.getTimezoneOffset();
    var size = Math.abs(minutes);
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return "UTC" + (minutes < 0 ? "-" : "+") + two(Math.floor(size / 60)) + ":" + two(size % 60);
  }

  document.querySelectorAll("time[data-start]").forEach(function (element) {
    if (element.dataset.zone === zone) { return; }
    var start = new Date(element.dataset.start);
    var end = element.dataset.end ? new Date(element.dataset.end) : null;
    var text = clock(start) + (end ? "\u2013" + clock(end) : "") + " " + offset(start);
    var session = element.closest(".session");
    var local = session && session.querySelector(".local-time");
    if (local) { local.textContent = "(" + element.dataset.label + ": " + text + ")"; }
  });
})();
