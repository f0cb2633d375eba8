"""A fixture site whose agendas have times, for the attendee tools (stars, "my agenda", now and
next, offline): the real editions have no times, so these prove the features.

- 2030-iasi, in English and Romanian, Europe/Bucharest (UTC+03:00 in May): two days, a session
  without an end, two sessions side by side in two halls, an untimed one.
- 2030-bucharest-autumn, Europe/Bucharest, over the last weekend of October 2030: the clocks go
  back from UTC+03:00 to UTC+02:00 at 04:00 on Sunday 27 October, between its two days.
"""

from __future__ import annotations

import pathlib

from conftest import FixtureSite

IASI = """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: opening, title: {en: Welcome, ro: Bun venit}, start: "09:30", end: "10:00"}
      - {kind: keynote, title: {en: Regions that learn, ro: Regiuni care învață}, start: "10:00", end: "11:00"}
      - {kind: networking, id: matchmaking-desk, title: {en: Matchmaking desk, ro: Masa de întâlniri}, start: "11:00"}
      - {kind: break, title: {en: Lunch, ro: Prânz}, start: "13:00", end: "14:00"}
  - date: 2030-05-13
    sessions:
      - {kind: panel, title: {en: Panel one, ro: Panelul unu}, start: "09:00", end: "10:30", track: Hall 1}
      - {kind: panel, title: {en: Panel two, ro: Panelul doi}, start: "09:00", end: "10:30", track: Hall 2}
      - {kind: panel, title: {en: Untimed, ro: Fără oră}, part_of_day: afternoon}"""

AUTUMN = """agenda:
  - date: 2030-10-26
    sessions:
      - {kind: opening, title: Saturday opening, start: "09:00", end: "10:00"}
  - date: 2030-10-27
    sessions:
      - {kind: closing, title: Sunday closing, start: "09:00", end: "10:00"}"""

# every timed session's key, by edition, in agenda order
KEYS = {"2030-iasi": ["2030-05-12-0930", "2030-05-12-1000", "matchmaking-desk", "2030-05-12-1300",
                      "2030-05-13-0900-hall-1", "2030-05-13-0900-hall-2"],
        "2030-bucharest-autumn": ["2030-10-26-0900", "2030-10-27-0900"]}


def make_timed_site(root: pathlib.Path) -> FixtureSite:
    site = FixtureSite(root)
    site.edition("2030-iasi", languages="languages: [en, ro]", agenda=IASI,
                 title="title: {en: Iași 2030, ro: Iași 2030}",
                 venue="venue:\n  name: Palas Congress Hall\n  city: Iași\n  country: RO")
    site.edition("2030-bucharest-autumn", agenda=AUTUMN, title="title: {en: Bucharest autumn 2030}",
                 dates="dates:\n  start: 2030-10-26\n  end: 2030-10-27",
                 venue="venue:\n  city: București\n  country: RO")
    return site
