/* An enhancement for online and hybrid editions: under each session time (on the agenda and on a
   session's page), the visitor's own time, when their time zone differs from the edition's. It
   fills the line the page reserved for it (.local-time, shown by the page's first script:
   macros.html, local_times_first), so nothing on the page moves. Without JavaScript the page
   already shows every time with its UTC offset. */
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang;
  // in 24 hours, as the page writes its own times (English alone would say "07:00 AM")
  var format = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

  /* "07:30" or "7:30", as the page writes a time: from the hour to the minutes, with the locale's
     separator, and nothing after them (Bulgarian's Intl adds " ч."; now-next.js does the same).
     The hour has two digits unless the page's data-hour says "numeric" (Bulgarian's 7:30): Intl's
     own "numeric" is not what the page writes in every language. */
  function clock(moment, hour) {
    var parts = format.formatToParts(moment);
    var types = parts.map(function (part) { return part.type; });
    return parts.slice(types.indexOf("hour"), types.indexOf("minute") + 1).map(function (part) {
      return part.type === "hour" && hour === "numeric" ? part.value.replace(/^0(?=\d)/, "") : part.value;
    }).join("");
  }

  // the visitor's weekday, said when it is not the date the page shows the session under ("Sat"),
  // as now-next.js says it: a session is never more than a day from its date
  var weekday = new Intl.DateTimeFormat(lang, { weekday: "short" });

  /* The date of a moment as "2030-05-12", on the visitor's clocks or, with a zone, on that zone's;
     null for a zone this browser does not know. */
  function dateIn(moment, timeZone) {
    try {
      return new Intl.DateTimeFormat("en-CA", { timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
        .format(moment);
    } catch (error) {
      return null;
    }
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
    // a visitor far away may be on another date than the venue (23:30 of the day before): it is
    // said, and so is an end after the visitor's midnight
    var startDay = dateIn(start, zone);
    var venueDay = dateIn(start, element.dataset.zone);
    var hour = element.dataset.hour;
    var text = (venueDay && startDay !== venueDay ? weekday.format(start) + " " : "") + clock(start, hour);
    if (end) {
      text += "\u2013" + (dateIn(end, zone) !== startDay ? weekday.format(end) + " " : "") + clock(end, hour);
    }
    text += " " + offset(start);
    var session = element.closest(".session, .key-facts");  // (an agenda's session, a session's page)
    var local = session && session.querySelector(".local-time");
    if (local) { local.textContent = "(" + element.dataset.label + ": " + text + ")"; }
  });
})();
