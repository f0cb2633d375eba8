"""iCalendar exports on a fixture site: valid RFC 5545, stable UIDs, build clock, time zones, places."""

from __future__ import annotations

import datetime as dt
import pathlib
import zoneinfo

import pytest
from conftest import FIXED_NOW, FixtureSite
from icalendar import Calendar, Component

from confsite.calendar import (
    Wording,
    edition_calendar,
    edition_calendar_path,
    session_calendar,
    session_calendar_path,
    site_calendar,
    site_calendar_path,
    vtimezone,
)
from confsite.site import Site

AGENDA = """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: opening, title: {en: Welcome, ro: Bun venit}, start: "09:30", end: "10:00"}
      - {kind: keynote, title: {ro: Doar în română}, start: "10:00", end: "11:00"}
      - {kind: networking, id: matchmaking-desk, title: Matchmaking desk, start: "11:00"}
  - date: 2030-05-13
    sessions:
      - {kind: panel, title: Panel one, start: "09:00", end: "10:30", track: Hall 1}
      - {kind: panel, title: Panel two, start: "09:00", end: "10:30", track: Hall 2}
      - {kind: panel, title: Untimed, part_of_day: afternoon}"""
HOST = "example.org"
MEET = "https://meet.example.org/cmr"


def make_site(root: pathlib.Path) -> FixtureSite:
    site = FixtureSite(root)
    site.edition("2030-iasi", languages="languages: [en, ro]", agenda=AGENDA,
                 title="title: {en: Test Edition, ro: Ediția de test}",
                 venue="venue:\n  name: Palas Congress Hall\n  city: Iași\n  country: RO")
    site.edition("2029-online", format="format: online", venue=f"online_url: {MEET}",
                 dates="dates:\n  start: 2029-10-01\n  end: 2029-10-02", title="title: {en: Online Edition}")
    site.edition("2028-webinar", format="format: online", venue="", title="title: {en: Webinar}",
                 dates="dates:\n  start: 2028-06-01\n  end: 2028-06-01")
    site.edition("2031-sofia", format="format: hybrid", timezone="timezone: Europe/Sofia",
                 venue=f"venue:\n  city: Sofia\n  country: BG\nonline_url: {MEET}",
                 dates="dates:\n  start: 2031-03-30\n  end: 2031-03-31", title="title: {en: Sofia Edition}")
    return site


def build(fixture: FixtureSite, now: dt.datetime = FIXED_NOW) -> Site:
    result = fixture.build(now, write=False)
    assert result.ok and result.site is not None, [p.format() for p in result.errors]
    return result.site


def all_files(site: Site) -> dict[str, bytes]:
    """Every calendar the site would publish, by path: the site's and the editions' at the root (in
    English, the default language), and each language's."""
    english = Wording("en")
    files = {site_calendar_path(None): site_calendar(site, english)}
    for state in site.editions:
        files[edition_calendar_path(state.edition, None)] = edition_calendar(state, site, english)
    for lang, online in (("en", "Online"), ("ro", "Online")):
        wording = Wording(lang, online)
        files[site_calendar_path(lang)] = site_calendar(site, wording)
        for state in site.editions:
            files[edition_calendar_path(state.edition, lang)] = edition_calendar(state, site, wording)
            for day in state.days:
                for session in (s for s in day.sessions if s.start):
                    files[session_calendar_path(state.edition, day, session, lang)] = session_calendar(
                        state, day, session, site, wording)
    return files


def problems(raw: bytes) -> list[str]:
    """What ics_check.py (shared notes, section 6) reports, plus what RFC 5545 asks of a file
    without METHOD: DTSTART in every VEVENT and a VTIMEZONE for every TZID."""
    found = []
    if not raw.endswith(b"\r\n") or b"\n" in raw.replace(b"\r\n", b""):
        found.append("lines are not all CRLF-terminated")
    calendar = Calendar.from_ical(raw)
    for comp in calendar.walk():
        where = f"{comp.name} {comp.get('UID', '')}".rstrip()
        found += [f"{where}: parse error {e}" for e in comp.errors]
        required: tuple[str, ...] = comp.required  # icalendar's RFC 5545 tables, per component
        singletons: tuple[str, ...] = comp.singletons
        found += [f"{where}: missing required {p}" for p in required if p not in comp]
        found += [f"{where}: {p} more than once" for p in singletons if isinstance(comp.get(p), list)]
        if comp.name == "VEVENT" and "DTSTART" not in comp:
            found.append(f"{where}: no DTSTART, and the calendar has no METHOD")
        if comp.name == "VEVENT" and "DTEND" in comp and comp.decoded("DTEND") <= comp.decoded("DTSTART"):
            found.append(f"{where}: DTEND not after DTSTART")
    found += [f"no VTIMEZONE for {tzid}" for tzid in sorted(calendar.get_missing_tzids())]
    return found


def events(raw: bytes) -> list[Component]:
    return Calendar.from_ical(raw).walk("VEVENT")


@pytest.fixture(scope="module")
def fixture(tmp_path_factory: pytest.TempPathFactory) -> FixtureSite:
    return make_site(tmp_path_factory.mktemp("calendar") / "project")


@pytest.fixture(scope="module")
def files(fixture: FixtureSite) -> dict[str, bytes]:
    return all_files(build(fixture))


def test_the_check_catches_what_it_should() -> None:
    bad = (b"BEGIN:VCALENDAR\r\nPRODID:x\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:a\r\nSUMMARY:b\r\n"
           b"DTSTART;TZID=Europe/Paris:20300101T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert problems(bad) == ["VEVENT: missing required UID", "VEVENT: missing required DTSTAMP",
                             "VEVENT: SUMMARY more than once", "no VTIMEZONE for Europe/Paris"]
    assert problems(bad.replace(b"\r\n", b"\n"))[0] == "lines are not all CRLF-terminated"


def test_every_file_is_valid(files: dict[str, bytes]) -> None:
    assert len(files) == 25  # at the root the site's and 4 editions'; in each of 2 languages, those and 5 sessions'
    for path, raw in files.items():
        assert problems(raw) == [], path
        calendar = Calendar.from_ical(raw)
        assert (calendar["VERSION"], calendar["CALSCALE"], "METHOD" in calendar) == ("2.0", "GREGORIAN", False)
        assert str(calendar["PRODID"]).startswith("-//confsite//")


def test_identical_input_gives_identical_bytes_and_uids(fixture: FixtureSite, files: dict[str, bytes]) -> None:
    assert all_files(build(fixture)) == files  # a second, separate build
    later = all_files(build(fixture, FIXED_NOW + dt.timedelta(days=400)))
    assert later != files  # DTSTAMP moves with the clock; the UIDs do not
    for path, raw in files.items():
        assert [e["UID"] for e in events(later[path])] == [e["UID"] for e in events(raw)], path


def test_uids_are_unique_and_readable(files: dict[str, bytes]) -> None:
    for path, raw in files.items():
        uids = [str(e["UID"]) for e in events(raw)]
        assert len(set(uids)) == len(uids), path
    assert [str(e["UID"]) for e in events(files["2030-iasi.ics"])] == [
        f"2030-iasi-{key}@{HOST}" for key in ("2030-05-12-0930", "2030-05-12-1000", "matchmaking-desk",
                                               "2030-05-13-0900-hall-1", "2030-05-13-0900-hall-2")]


def test_dtstamp_is_the_build_clock(files: dict[str, bytes]) -> None:
    for path, raw in files.items():
        assert {e.decoded("DTSTAMP") for e in events(raw)} == {FIXED_NOW}, path
        assert b"DTSTAMP:20261125T120000Z\r\n" in raw


def test_timed_sessions_use_the_editions_time_zone(files: dict[str, bytes]) -> None:
    raw = files["2030-iasi.ics"]
    assert b"DTSTART;TZID=Europe/Bucharest:20300512T093000\r\n" in raw
    assert b"DTEND;TZID=Europe/Bucharest:20300512T100000\r\n" in raw
    calendar = Calendar.from_ical(raw)
    [zone] = calendar.timezones
    assert zone["TZID"] == "Europe/Bucharest"
    # the VTIMEZONE itself, not the machine's zoneinfo, says May is UTC+03:00 and January UTC+02:00
    assert dt.datetime(2030, 5, 12, 9, 30, tzinfo=zone.to_tz()).utcoffset() == dt.timedelta(hours=3)
    assert dt.datetime(2030, 1, 12, 9, 30, tzinfo=zone.to_tz()).utcoffset() == dt.timedelta(hours=2)
    welcome, keynote, desk, *_ = events(raw)
    for event in (welcome, keynote, desk):
        assert event["DTSTART"].params["TZID"] == "Europe/Bucharest"
        assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=3)
    assert welcome["SUMMARY"] == "Welcome — Test Edition"
    assert keynote["SUMMARY"] == "Doar în română — Test Edition"  # no English title: the edition's language
    assert "DTEND" not in desk  # no end given: none invented
    assert "Untimed" not in raw.decode()


def test_untimed_editions_get_one_all_day_event(files: dict[str, bytes]) -> None:
    for slug, start, end in (("2029-online", dt.date(2029, 10, 1), dt.date(2029, 10, 2)),
                             ("2028-webinar", dt.date(2028, 6, 1), dt.date(2028, 6, 1)),
                             ("2031-sofia", dt.date(2031, 3, 30), dt.date(2031, 3, 31))):
        raw = files[f"{slug}.ics"]
        [event] = events(raw)  # exactly one, ending the day after the last (DTEND is exclusive)
        after = end + dt.timedelta(days=1)
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (start, after)
        assert f"DTSTART;VALUE=DATE:{start:%Y%m%d}\r\n".encode() in raw
        assert f"DTEND;VALUE=DATE:{after:%Y%m%d}\r\n".encode() in raw
        assert event["UID"] == f"{slug}@{HOST}"
        assert b"VTIMEZONE" not in raw


def test_urls_and_locations(files: dict[str, bytes]) -> None:
    base = "https://example.org/conf/en/"
    for event in events(files["2030-iasi.ics"]):
        key = str(event["UID"]).removeprefix("2030-iasi-").split("@")[0]
        assert event["URL"] == base + f"2030-iasi/sessions/{key}/"  # the session's own page
        assert event["LOCATION"] == "Palas Congress Hall, Iași, Romania"
        assert "DESCRIPTION" not in event
    expected = {"2028-webinar": ("Online", None), "2029-online": (MEET, None), "2031-sofia": ("Sofia, Bulgaria", MEET)}
    for slug, (location, description) in expected.items():
        [event] = events(files[f"{slug}.ics"])
        assert (event["URL"], event["LOCATION"], event.get("DESCRIPTION")) == (base + f"{slug}/", location, description)


def test_session_calendar(files: dict[str, bytes], fixture: FixtureSite) -> None:
    raw = files["en/2030-iasi/calendar/2030-05-12-0930.ics"]
    [event] = events(raw)
    assert event == events(files["2030-iasi.ics"])[0]
    assert len(Calendar.from_ical(raw).timezones) == 1
    assert "en/2030-iasi/calendar/matchmaking-desk.ics" in files
    site = build(fixture)
    state = site.by_slug["2030-iasi"]
    day = state.days[1]
    untimed = day.sessions[-1]
    with pytest.raises(ValueError, match="untimed session"):
        session_calendar(state, day, untimed, site, Wording("en"))
    with pytest.raises(ValueError, match="untimed session"):
        session_calendar_path(state.edition, day, untimed, "en")


def test_subscribed_calendars_are_asked_to_look_again_every_hour(files: dict[str, bytes]) -> None:
    """A calendar program subscribed to a calendar looks again at its own pace (a day, a week) unless
    the file says otherwise: a room change published during the conference came too late."""
    for name in ("calendar.ics", "2030-iasi.ics", "en/2030-iasi.ics"):
        calendar = Calendar.from_ical(files[name])
        assert calendar.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=1), name
        assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in files[name]
        assert problems(files[name]) == []


def test_site_calendar_lists_every_edition_in_date_order(files: dict[str, bytes]) -> None:
    calendar = Calendar.from_ical(files["calendar.ics"])
    assert calendar["X-WR-CALNAME"] == "Test Conferences"
    assert [(str(e["UID"]), e.decoded("DTSTART"), e.decoded("DTEND")) for e in calendar.walk("VEVENT")] == [
        (f"2028-webinar@{HOST}", dt.date(2028, 6, 1), dt.date(2028, 6, 2)),
        (f"2029-online@{HOST}", dt.date(2029, 10, 1), dt.date(2029, 10, 3)),
        (f"2030-iasi@{HOST}", dt.date(2030, 5, 12), dt.date(2030, 5, 14)),
        (f"2031-sofia@{HOST}", dt.date(2031, 3, 30), dt.date(2031, 4, 1))]
    assert events(files["calendar.ics"])[1] == events(files["2029-online.ics"])[0]  # one event, one UID


@pytest.mark.parametrize("name", ["Europe/Bucharest", "Europe/Sofia", "Europe/Chisinau"])
def test_vtimezone_changes_at_zoneinfos_instants(name: str) -> None:
    """Every change, both directions, over several years: DTSTART read with TZOFFSETFROM is the
    instant zoneinfo changes the offset, and nothing zoneinfo knows is left out."""
    zone = zoneinfo.ZoneInfo(name)
    raw = vtimezone(name, 2025, 2031).to_ical()
    observances = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + raw + b"END:VCALENDAR\r\n").timezones[0].subcomponents
    changes = []
    for part in observances[1:]:
        before, after = part["TZOFFSETFROM"].td, part["TZOFFSETTO"].td
        instant = (part.decoded("DTSTART") - before).replace(tzinfo=dt.UTC)
        assert (instant - dt.timedelta(seconds=1)).astimezone(zone).utcoffset() == before
        assert instant.astimezone(zone).utcoffset() == after
        assert part.name == ("DAYLIGHT" if after > before else "STANDARD")
        changes.append(instant)
    # zoneinfo's own changes, hour by hour over the same years, independently of the code under test
    expected = []
    moment = dt.datetime(2025, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    while moment < dt.datetime(2032, 1, 1, tzinfo=zone):
        if moment.astimezone(zone).utcoffset() != (moment - dt.timedelta(hours=1)).astimezone(zone).utcoffset():
            expected.append(moment)
        moment += dt.timedelta(hours=1)
    assert changes == expected and len(changes) == 14  # spring and autumn, seven years
    # the wall-clock times an editor would check: spring at 03:00 (Chișinău 02:00), autumn at 04:00 (03:00)
    spring, autumn = ("02", "03") if name == "Europe/Chisinau" else ("03", "04")
    assert f"DTSTART:20270328T{spring}0000\r\n".encode() in raw
    assert f"DTSTART:20271031T{autumn}0000\r\n".encode() in raw
    assert b"DTSTART:20250101T000000\r\nTZNAME:EET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0200" in raw


def test_a_session_s_room_comes_before_the_venue_and_never_before_a_meeting_address(tmp_path: pathlib.Path) -> None:
    """Calendar programs offer to open a LOCATION that is a web address: online, it stays alone."""
    site = FixtureSite(tmp_path / "project")
    agenda = ('agenda:\n  - date: 2029-10-01\n    sessions:\n'
              '      - {kind: keynote, title: Talk, start: "10:00", room: Main stage}')
    dates = "dates:\n  start: 2029-10-01\n  end: 2029-10-01"
    site.edition("2029-online", format="format: online", venue=f"online_url: {MEET}", dates=dates, agenda=agenda)
    site.edition("2029-sofia", format="format: hybrid", timezone="timezone: Europe/Sofia", dates=dates, agenda=agenda,
                 venue=f"venue:\n  city: Sofia\n  country: BG\nonline_url: {MEET}")
    files = all_files(build(site))
    [online] = events(files["en/2029-online.ics"])
    [hybrid] = events(files["en/2029-sofia.ics"])
    assert (online["LOCATION"], hybrid["LOCATION"]) == (MEET, "Main stage, Sofia, Bulgaria")


def test_each_language_has_its_calendars_and_its_pages_link_to_them(tmp_path: pathlib.Path) -> None:
    """A Romanian visitor's "add to calendar" gave an English event that opened the English page."""
    site = make_site(tmp_path / "project")
    assert site.build(FIXED_NOW).ok
    out = site.root / "_site"
    ro = Calendar.from_ical((out / "ro/2030-iasi.ics").read_bytes())
    assert str(ro["NAME"]) == "Ediția de test"
    [welcome] = [e for e in ro.walk("VEVENT") if str(e["SUMMARY"]).startswith("Bun venit")]
    assert str(welcome["SUMMARY"]) == "Bun venit — Ediția de test"
    assert str(welcome["LOCATION"]) == "Palas Congress Hall, Iași, România"
    assert str(welcome["URL"]) == "https://example.org/conf/ro/2030-iasi/sessions/2030-05-12-0930/"
    english = Calendar.from_ical((out / "en/2030-iasi.ics").read_bytes())
    assert [str(e["UID"]) for e in english.walk("VEVENT")] == [str(e["UID"]) for e in ro.walk("VEVENT")]
    assert (out / "2030-iasi.ics").read_bytes() == (out / "en/2030-iasi.ics").read_bytes()  # where links found it
    assert (out / "calendar.ics").read_bytes() == (out / "en/calendar.ics").read_bytes()
    session = Calendar.from_ical((out / "ro/2030-iasi/calendar/2030-05-12-0930.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in session.walk("VEVENT")] == ["Bun venit — Ediția de test"]
    assert 'href="/conf/ro/2030-iasi.ics"' in (out / "ro/2030-iasi/index.html").read_text()
    agenda = (out / "ro/2030-iasi/agenda/index.html").read_text()
    assert 'href="/conf/ro/2030-iasi/calendar/2030-05-12-0930.ics"' in agenda
    assert 'href="/conf/ro/calendar.ics"' in (out / "ro/index.html").read_text()
    assert not (out / "2030-iasi/calendar").exists()  # a session's calendar is in its language's folder only
