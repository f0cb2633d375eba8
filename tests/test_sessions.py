"""Session keys and parallel sessions: keys name calendar events, schedule entries and URLs, so
every key a site has today must stay the same; parallel sessions in rooms need no made-up track."""

from __future__ import annotations

from conftest import FixtureSite

from confsite.session_keys import session_key

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


PARALLEL = """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: opening, title: Opening, start: "09:00", end: "09:30"}
      - {kind: workshop, title: Energy, start: "09:30", end: "11:00", room: Aula Magna}
      - {kind: workshop, title: Textiles, start: "09:30", end: "11:00", room: Hall 2, track: Industry}
      - {kind: workshop, title: Food, start: "09:30", end: "11:00", room: Hall 3}
      - {kind: workshop, title: Wood, start: "10:00", end: "11:00", room: Hall 4}
      - {kind: closing, title: Closing, start: "11:00", end: "11:30"}
"""


def test_parallel_sessions_in_rooms_need_no_track(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda=PARALLEL)
    assert fixture_site.messages() == []
    assert keys(fixture_site) == {
        "Opening": "2030-05-12-0900",
        "Energy": "2030-05-12-0930-aula-magna",  # its room: another session without id or track starts then
        "Textiles": "2030-05-12-0930-industry",  # a track names the key, as before
        "Food": "2030-05-12-0930-hall-3",
        "Wood": "2030-05-12-1000",  # it starts alone: the key it always had
        "Closing": "2030-05-12-1100",
    }


def test_two_parallel_sessions_without_rooms_share_a_key(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: workshop, title: A, start: "09:30"}
      - {kind: workshop, title: B, start: "09:30", room: Hall 2}
      - {kind: workshop, title: C, start: "09:30"}""")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [f"{p.where}: {p.message}" for p in problems] == [
        f"{E}:17:9: this session has the same key as the one on line 15 (2030-05-12-0930)"]
    assert problems[0].hint == ("if they run at the same time in different rooms, give each its 'room'; "
                                "otherwise give one of them its own 'id'")


def test_two_sessions_with_one_id_are_told_so(fixture_site: FixtureSite) -> None:
    """Both have an 'id' already: "the same key … give one of them its own 'id'" told them nothing.
    It is told at the ids' lines, not at the sessions' first ones ('- kind: …')."""
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - kind: opening
        title: A
        start: "09:30"
        id: opening
      - kind: panel
        title: B
        start: "10:30"
        id: opening""")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [f"{p.where}: {p.message}" for p in problems] == [
        f"{E}:22:13: this session has the same id 'opening' as the one on line 18"]
    assert problems[0].hint.startswith("give one of them another id")


def test_an_evening_past_midnight_overlaps_the_next_mornings_session_in_its_room(fixture_site: FixtureSite) -> None:
    """Overlaps were looked for within one day: a reception until 12:15 the next day and that day's
    first session in the same hall at 09:00 passed both `check` and `build`."""
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: networking, title: Reception, start: "20:00", end: "09:30+1", room: Main Hall}
  - date: 2030-05-13
    sessions:
      - {kind: panel, title: Elsewhere, start: "09:00", end: "10:00", room: Hall 2}
      - {kind: closing, title: Closing, start: "09:00", end: "10:00", room: Main Hall}
      - {kind: panel, title: After, start: "10:00", end: "10:30", room: Main Hall}""")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [f"{p.where}: {p.message}" for p in problems] == [
        f"{E}:19:9: this session overlaps the one of the evening before in the same room, which runs until "
        "09:30 this day"]
    assert problems[0].hint == ("the session on line 15 ends at 09:30: start this one then or later, or correct "
                                "the end of that one")


def test_overlaps_count_per_room_when_rooms_are_given(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: workshop, title: A, start: "09:00", end: "10:00", room: Hall 2}
      - {kind: workshop, title: B, start: "09:30", end: "10:30", room: Hall 3}
      - {kind: workshop, title: C, start: "09:45", end: "10:30", room: Hall 2, id: c}
      - {kind: panel, title: D, start: "09:00", end: "10:00", track: Policy}
      - {kind: panel, title: E, start: "09:30", end: "10:00", track: Policy}""")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [f"{p.where}: {p.message}" for p in problems] == [
        f"{E}:17:9: this session overlaps the one before it in the same room",
        f"{E}:19:9: this session overlaps the one before it in the same track"]
    assert [p.hint for p in problems] == [
        "the session on line 15 ends at 10:00: start this one then or later, or correct the room of one of them",
        "the session on line 18 ends at 10:00: start this one then or later, or, if it runs at the same time "
        "in another room, give it its 'room'"]


def test_the_agenda_shows_parallel_sessions_side_by_side(fixture_site: FixtureSite) -> None:
    fixture_site.edition(languages="languages: [en, ro]", agenda=PARALLEL)
    result = fixture_site.build()
    assert result.errors == []
    [state] = result.site.editions  # type: ignore[union-attr]
    assert [[s.title.pick("en").value for s in slot.sessions] for slot in state.slots[state.days[0].date]] == [
        ["Opening"], ["Energy", "Textiles", "Food", "Wood"], ["Closing"]]
    html = (fixture_site.root / "_site/en/2030-iasi/agenda/index.html").read_text()
    group = html.split('<li class="parallel" style="--places: 4">', 1)[1].split("</ol></li>", 1)[0]
    assert group.count('<li class="session') == 4
    assert '<span class="room">Room: Aula Magna</span>' in group
    assert '<span class="room">Room: Hall 2</span> · <span class="track">Track: Industry</span>' in group
    assert "Opening" not in group and "Closing" not in group
    romanian = (fixture_site.root / "_site/ro/2030-iasi/agenda/index.html").read_text()
    assert '<span class="room">Sala: <span lang="en">Aula Magna</span></span>' in romanian
    assert '<span class="track">Secțiunea: <span lang="en">Industry</span></span>' in romanian
    css = (fixture_site.root / "_site/assets").glob("style*.css")
    assert any("repeat(var(--places)" in path.read_text() for path in css)


def test_a_session_written_below_a_later_one_is_a_warning_and_joins_no_group(fixture_site: FixtureSite) -> None:
    """A late addition written at the end of the day: the agenda keeps the written order, so it says
    so; and the session is not put in columns beside a group it starts before."""
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: workshop, title: Energy, start: "14:00", end: "16:00", room: Aula Magna}
      - {kind: workshop, title: Food, start: "14:00", end: "16:00", room: Hall 3}
      - {kind: workshop, title: Late addition, start: "11:00", end: "12:00", room: Hall 5}""")
    result = fixture_site.build()
    assert result.errors == [] and result.site
    assert [(f"{p.where}: {p.message}", p.hint) for p in result.problems if p.severity == "warning"] == [
        (f"{E}:17:9: this session starts at 11:00, before the one on line 16 (14:00): the agenda shows sessions "
         "in the order they are written", "move it up to its place in the day, or correct its time")]
    [state] = result.site.editions
    assert [[s.title.pick("en").value for s in slot.sessions] for slot in state.slots[state.days[0].date]] == [
        ["Energy", "Food"], ["Late addition"]]


def test_a_session_after_midnight_written_under_the_evening_is_told_the_next_day(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: networking, title: Dinner, start: "21:00", end: "23:30"}
      - {kind: networking, title: Night walk, start: "00:30", end: "01:30"}""")
    [problem] = [p for p in fixture_site.build(write=False).problems if p.severity == "warning"]
    assert (problem.where.line, problem.hint) == (16, "if it starts after midnight, list it under the next day's date")


def test_chairs_and_moderators_are_on_the_speakers_page(fixture_site: FixtureSite) -> None:
    for ident, name in (("ana", "Ana Popescu"), ("ion", "Ion Rusu"), ("eva", "Eva Dimitrova")):
        fixture_site.write(f"content/people/{ident}.yaml", f"name: {name}\n")
    fixture_site.edition(languages="languages: [en, ro]", agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - kind: panel
        title: {en: Regions in transition, ro: Regiuni în tranziție}
        chairs: [ana]
        moderators: [ion]
        talks:
          - speakers: [eva]
            title: {en: Textiles, ro: Textile}""")
    assert fixture_site.build().errors == []
    english = (fixture_site.root / "_site/en/2030-iasi/speakers/index.html").read_text()
    names = [part.split("</h2>", 1)[0] for part in english.split('<h2 class="name">')[1:]]
    assert [n.split(">")[1].split("<")[0] for n in names] == ["Ana Popescu", "Ion Rusu", "Eva Dimitrova"]
    assert "Chair: Regions in transition" in english
    assert "Moderator: Regions in transition" in english
    assert "Speaker: Textiles" in english
    romanian = (fixture_site.root / "_site/ro/2030-iasi/speakers/index.html").read_text()
    assert "Moderează: Regiuni în tranziție" in romanian and "Textile" in romanian
