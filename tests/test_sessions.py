"""Session keys and parallel sessions: keys name calendar events, schedule entries and URLs, so
every key a site has today must stay the same; parallel sessions in rooms need no made-up track."""

from __future__ import annotations

from conftest import FixtureSite

from confsite.model import session_key

E = "content/editions/2030-iasi/edition.yaml"

# every shape a session can have today: with or without id, start, track and room
EVERY_SHAPE = """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: opening, title: Id only, id: welcome-desk}
      - {kind: keynote, title: Id and time, id: big-talk, start: "08:00", end: "08:30"}
      - {kind: panel, title: Time only, start: "09:00", end: "09:30"}
      - {kind: panel, title: Time and room, start: "10:00", end: "10:30", room: Aula Magna}
      - {kind: panel, title: Time and track, start: "11:00", end: "11:30", track: Hall 2}
      - {kind: panel, title: Track and room, start: "11:00", end: "11:30", track: "Green / Blue", room: Hall 3}
      - {kind: panel, title: Translated track, start: "12:00", track: {en: Main Hall, ro: Sala mare}}
      - {kind: panel, title: Part of day, part_of_day: afternoon, room: Aula Magna}
      - {kind: panel, title: Untimed, track: Hall 2}
  - date: 2030-05-13
    sessions:
      - {kind: workshop, title: Next day, start: "09:00"}
"""

TODAY = {
    "Id only": "welcome-desk",
    "Id and time": "big-talk",
    "Time only": "2030-05-12-0900",
    "Time and room": "2030-05-12-1000",
    "Time and track": "2030-05-12-1100-hall-2",
    "Track and room": "2030-05-12-1100-green-blue",
    "Translated track": "2030-05-12-1200-main-hall",
    "Part of day": None,
    "Untimed": None,
    "Next day": "2030-05-13-0900",
}


def keys(fixture_site: FixtureSite) -> dict[str, str | None]:
    result = fixture_site.build(write=False)
    assert result.errors == []
    [edition] = result.site.content.editions  # type: ignore[union-attr]
    return {s.title.pick("en").value: session_key(day, s) for day in edition.agenda for s in day.sessions}


def test_every_existing_key_stays_the_same(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda=EVERY_SHAPE)
    assert keys(fixture_site) == TODAY
