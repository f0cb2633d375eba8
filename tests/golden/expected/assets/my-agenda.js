/* "My agenda": the stars beside timed sessions, kept in this browser's localStorage per edition
   (nothing is sent anywhere). On the agenda page it also filters the programme to the starred
   sessions, lists starred sessions that a new build no longer has, writes the share link
   (#my=key1,key2), imports such a link after asking, and downloads one .ics of the starred
   sessions, assembled from the calendar file the build writes for each session.
   Works wherever star buttons appear (class "star", data-edition, data-key, data-title). */
(function () {
  "use strict";
  var script = document.currentScript;
  var texts = script ? script.dataset : {};
  var panel = document.querySelector(".my-agenda");
  var stars = Array.prototype.slice.call(document.querySelectorAll("button.star[data-key]"));

  function storeKey(edition) { return "my-agenda:" + edition; }
  function load(edition) {
    try {
      var value = JSON.parse(localStorage.getItem(storeKey(edition)) || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) { return {}; }
  }
  function save(edition, chosen) {
    try { localStorage.setItem(storeKey(edition), JSON.stringify(chosen)); } catch (e) { /* private mode */ }
  }
  function fill(template, title) { return (template || "").replace("{title}", title); }

  var live = panel ? panel.querySelector(".my-status") : null;
  if (!live) {
    live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    document.body.appendChild(live);
  }
  function announce(message) { live.textContent = message; }

  function show() {
    stars.forEach(function (star) {
      var chosen = load(star.dataset.edition);
      star.setAttribute("aria-pressed", star.dataset.key in chosen ? "true" : "false");
    });
    if (panel) { showPanel(); }
  }

  stars.forEach(function (star) {
    star.addEventListener("click", function () {
      var chosen = load(star.dataset.edition), key = star.dataset.key, title = star.dataset.title;
      if (key in chosen) {
        delete chosen[key];
        announce(fill(texts.removed, title));
      } else {
        chosen[key] = title;
        announce(fill(texts.added, title));
      }
      save(star.dataset.edition, chosen);
      show();
    });
  });

  /* The agenda page's panel. */
  var known = {};
  stars.forEach(function (star) { known[star.dataset.key] = star.dataset.title; });
  var filter = panel && panel.querySelector(".my-filter");

  function chosenKeys() { return Object.keys(load(panel.dataset.edition)); }

  function applyFilter() {
    var only = filter.getAttribute("aria-pressed") === "true";
    var chosen = load(panel.dataset.edition);
    document.querySelectorAll("li.session").forEach(function (item) {
      var star = item.querySelector("button.star");
      item.hidden = only && !(star && star.dataset.key in chosen);
    });
    document.querySelectorAll("li.parallel").forEach(function (group) {
      group.hidden = only && !group.querySelector("li.session:not([hidden])");
    });
    document.querySelectorAll("section.day").forEach(function (day) {
      day.hidden = only && !day.querySelector("li.session:not([hidden])");
    });
  }

  function showPanel() {
    var keys = chosenKeys(), chosen = load(panel.dataset.edition);
    var share = panel.querySelector(".my-share");
    share.href = location.pathname + "#my=" + keys.map(encodeURIComponent).join(",");
    var removed = keys.filter(function (key) { return !(key in known); });
    var box = panel.querySelector(".my-removed"), list = box.querySelector("ul");
    list.textContent = "";
    removed.forEach(function (key) {
      var item = document.createElement("li");
      item.textContent = chosen[key] && chosen[key] !== key ? chosen[key] + " (" + key + ")" : key;
      list.appendChild(item);
    });
    box.hidden = removed.length === 0;
    applyFilter();
  }

  function icsText(response) {
    if (!response.ok) { throw new Error(response.url + ": " + response.status); }
    return response.text();
  }

  /* Lines between BEGIN:NAME and END:NAME (folded lines stay as they are), each block as one string. */
  function blocks(text, name) {
    var found = [], current = null;
    text.split(/\r\n|\n/).forEach(function (line) {
      if (line === "BEGIN:" + name) { current = [line]; } else if (current) {
        current.push(line);
        if (line === "END:" + name) { found.push(current); current = null; }
      }
    });
    return found;
  }

  function escapeText(value) {
    return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  /* RFC 5545 folding: lines of at most 75 octets, continued after CRLF and a space. */
  function fold(line) {
    var out = [], current = "", size = 0, encoder = new TextEncoder();
    Array.from(line).forEach(function (character) {
      var bytes = encoder.encode(character).length;
      if (size + bytes > (out.length ? 74 : 75)) { out.push(current); current = ""; size = 0; }
      current += character;
      size += bytes;
    });
    out.push(current);
    return out.join("\r\n ");
  }

  /* One VCALENDAR from the per-session files: their VEVENTs, and each time zone once with every
     observance its files give. */
  function merge(texts, name) {
    var prodid = "PRODID:-//confsite//Conference calendar//EN", zones = {}, order = [], events = [];
    texts.forEach(function (text) {
      var line = text.split(/\r\n|\n/).filter(function (l) { return l.indexOf("PRODID:") === 0; })[0];
      if (line) { prodid = line; }
      blocks(text, "VTIMEZONE").forEach(function (zone) {
        var id = zone.filter(function (l) { return l.indexOf("TZID:") === 0; })[0];
        if (!(id in zones)) { zones[id] = { head: id, parts: [], seen: {} }; order.push(id); }
        ["STANDARD", "DAYLIGHT"].forEach(function (kind) {
          blocks(zone.join("\r\n"), kind).forEach(function (part) {
            var key = part.join("\r\n");
            if (!zones[id].seen[key]) { zones[id].seen[key] = true; zones[id].parts.push(key); }
          });
        });
      });
      blocks(text, "VEVENT").forEach(function (event) { events.push(event.join("\r\n")); });
    });
    var lines = ["BEGIN:VCALENDAR", prodid, "VERSION:2.0", "CALSCALE:GREGORIAN",
                 fold("NAME:" + escapeText(name)), fold("X-WR-CALNAME:" + escapeText(name))];
    order.forEach(function (id) {
      lines.push("BEGIN:VTIMEZONE", zones[id].head);
      zones[id].parts.forEach(function (part) { lines.push(part); });
      lines.push("END:VTIMEZONE");
    });
    events.forEach(function (event) { lines.push(event); });
    lines.push("END:VCALENDAR");
    return lines.join("\r\n") + "\r\n";
  }

  function download() {
    var keys = chosenKeys().filter(function (key) { return key in known; });
    Promise.all(keys.map(function (key) {
      return fetch(panel.dataset.calendars + encodeURIComponent(key) + ".ics").then(icsText);
    })).then(function (files) {
      var blob = new Blob([merge(files, panel.dataset.name)], { type: "text/calendar" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = panel.dataset.file;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    }).catch(function () { announce(panel.dataset.failed); });
  }

  function importShared() {
    var match = /^#my=(.*)$/.exec(location.hash);
    if (!match) { return; }
    var keys = match[1].split(",").map(function (key) {
      try { return decodeURIComponent(key).trim(); } catch (e) { return ""; }
    }).filter(Boolean);
    history.replaceState(null, "", location.pathname + location.search);
    if (!keys.length) { return; }
    var dialog = panel.querySelector(".my-import"), list = dialog.querySelector("ul");
    list.textContent = "";
    keys.forEach(function (key) {
      var item = document.createElement("li");
      item.textContent = known[key] || key;
      list.appendChild(item);
    });
    dialog.addEventListener("close", function () {
      // opened by the address, not by a control: focus goes on to the "My agenda" box it fills,
      // not back to the top of the page, where a screen reader would start again
      var heading = panel.querySelector("h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      if (dialog.returnValue !== "add") { return; }
      var chosen = load(panel.dataset.edition);
      keys.forEach(function (key) { if (!(key in chosen)) { chosen[key] = known[key] || key; } });
      save(panel.dataset.edition, chosen);
      show();
      announce(panel.dataset.imported);
    }, { once: true });
    dialog.showModal();
  }

  if (panel) {
    filter.addEventListener("click", function () {
      var only = filter.getAttribute("aria-pressed") !== "true";
      filter.setAttribute("aria-pressed", only ? "true" : "false");
      applyFilter();
      if (only && !chosenKeys().some(function (key) { return key in known; })) { announce(panel.dataset.empty); }
    });
    panel.querySelector(".my-download").addEventListener("click", download);
    panel.querySelector(".my-forget").addEventListener("click", function () {
      var chosen = load(panel.dataset.edition);
      Object.keys(chosen).forEach(function (key) { if (!(key in known)) { delete chosen[key]; } });
      save(panel.dataset.edition, chosen);
      show();
    });
  }
  show();
  if (panel) { importShared(); }
  window.addEventListener("storage", show);
})();
