/* An enhancement for online and hybrid editions: beside each session time, the visitor's own
   time, when their time zone differs from the edition's. Without JavaScript the page already
   shows every time with its UTC offset. */
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang;
  var format = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  document.querySelectorAll("time[data-start]").forEach(function (element) {
    if (element.dataset.zone === zone) { return; }
    var start = new Date(element.dataset.start);
    var end = element.dataset.end ? new Date(element.dataset.end) : null;
    var text = end && format.formatRange ? format.formatRange(start, end) : format.format(start);
    var local = document.createElement("span");
    local.className = "local-time";
    local.textContent = " (" + element.dataset.label + ": " + text + ")";
    element.after(local);
  });
})();
