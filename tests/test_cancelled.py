"""A session or a talk called off after the programme was announced (`cancelled: yes`): it keeps its
place on the agenda, its page and its calendar event, each saying in the page's language that it is
cancelled; it leaves "now and next", and takes no room another session may use."""

from __future__ import annotations

import json
import pathlib
import re

import icalendar
import pypdf
import pytest
from conftest import FIXED_NOW, MINIMAL_SITE, FixtureSite
from test_session_pages import write_people

from confsite import moments
from confsite.serve import Preview

E = "content/editions/2030-iasi/edition.yaml"

AGENDA = """agenda:
  - date: 2030-05-12
    sessions:
      - kind: keynote
        title: {en: Regions that learn, ro: Regiuni care învață}
        start: "10:00"
        end: "11:00"
        room: {en: Aula Magna, ro: Aula Magna}
        cancelled: yes
        talks:
          - speakers: [ana-popescu]
      - kind: keynote
        id: replacement
        title: {en: Clusters in practice, ro: Clusterele în practică}
        start: "10:00"
        end: "11:00"
        room: {en: Aula Magna, ro: Aula Magna}
      - kind: panel
        title: {en: Smart specialisation, ro: Specializare inteligentă}
        start: "11:00"
        end: "12:00"
        talks:
          - title: {en: Twenty years, ro: Douăzeci de ani}
            speakers: [{person: ion-rusu, organisation: agency}]
            cancelled: true
          - title: {en: The next ten, ro: Următorii zece}
            speakers: [ana-popescu]
"""


def make(site: FixtureSite, agenda: str = AGENDA) -> None:
    site.write("site.yaml", MINIMAL_SITE)
    write_people(site)
    site.edition(languages="languages: [en, ro]", title="title: {en: Iași 2030, ro: Iași 2030}",
                 venue="venue:\n  city: Iași\n  country: RO", agenda=agenda, pdf="programme_pdf: true")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    site = FixtureSite(tmp_path_factory.mktemp("cancelled") / "project")
    make(site)
    result = site.build(search=False)
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return site.root / "_site"


def main(out: pathlib.Path, path: str) -> str:
    html = (out / path / "index.html").read_text(encoding="utf-8")
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def session_item(agenda: str, title: str) -> str:
    """The agenda's list item of the session with this title."""
    return next(item for item in agenda.split('<li class="session') if f">{title}</a></h3>" in item)


@pytest.mark.parametrize(("lang", "word"), [("en", "Cancelled"), ("ro", "Anulat")])
def test_the_agenda_says_so_in_its_language_and_offers_no_calendar(out: pathlib.Path, lang: str,
                                                                   word: str) -> None:
    agenda = main(out, f"{lang}/2030-iasi/agenda")
    title = {"en": "Regions that learn", "ro": "Regiuni care învață"}[lang]
    cancelled = session_item(agenda, title)
    assert cancelled.startswith(" kind-keynote cancelled")
    assert f'<strong class="cancelled-label">{word}</strong>' in cancelled
    assert 'class="ics"' not in cancelled
    held = session_item(agenda, {"en": "Clusters in practice", "ro": "Clusterele în practică"}[lang])
    assert "cancelled" not in held and 'class="ics"' in held
    # one talk of the panel is off, the other is not
    panel = session_item(agenda, {"en": "Smart specialisation", "ro": "Specializare inteligentă"}[lang])
    talks = panel.split('<ul class="talks">', 1)[1].split("<li>")[1:]
    assert [word in talk for talk in talks] == [True, False]


def test_its_page_says_so_and_its_structured_data_too(out: pathlib.Path) -> None:
    page = main(out, "en/2030-iasi/sessions/2030-05-12-1000")
    whole = (out / "en/2030-iasi/sessions/2030-05-12-1000/index.html").read_text(encoding="utf-8")
    assert "<title>Cancelled: Regions that learn · Iași 2030" in whole  # and so in link previews
    assert '<meta name="description" content="Cancelled: Regions that learn">' in whole
    # the sessions before and after are those held: from its page, and never it from theirs
    pager = page.split('<nav class="pager"', 1)[1]
    assert '<span class="meta">After</span> Clusters in practice</a>' in pager
    for key in ("replacement", "2030-05-12-1100"):
        assert "Regions that learn" not in main(out, f"en/2030-iasi/sessions/{key}").split('<nav class="pager"', 1)[1]
    assert '<p class="kind"><strong class="cancelled-label">Cancelled</strong> · Keynote</p>' in page
    assert "This session was cancelled after the programme was announced." in page
    assert "Add to calendar" not in page
    head = (out / "en/2030-iasi/sessions/2030-05-12-1000/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)[1])  # type: ignore[index]
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    held = (out / "en/2030-iasi/sessions/2030-05-12-1100/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', held, re.S)[1])  # type: ignore[index]
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert [p["name"] for p in data["performer"]] == ["Ana Popescu"]  # not the cancelled talk's speaker
    edition = (out / "en/2030-iasi/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', edition, re.S)[1])  # type: ignore[index]
    assert [p["name"] for p in data["performer"]] == ["Ana Popescu"]  # Ion Rusu's one talk is cancelled


@pytest.mark.parametrize(("lang", "word"), [("en", "Cancelled"), ("ro", "Anulat")])
def test_the_calendars_keep_the_event_marked_cancelled(out: pathlib.Path, lang: str, word: str) -> None:
    """A visitor who added the session, or who follows the edition's calendar, learns it is off:
    the event keeps its UID, with STATUS:CANCELLED and the word before its title."""
    calendar = icalendar.Calendar.from_ical((out / f"{lang}/2030-iasi.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    off = events["2030-iasi-2030-05-12-1000"]
    assert off["STATUS"] == "CANCELLED" and str(off["SUMMARY"]).startswith(f"{word}: ")
    assert off["SEQUENCE"] == 1  # a revision: a client that holds the event replaces it
    # the room first, the first thing a visitor at the venue looks for; the link to the session's page
    country = {"en": "Romania", "ro": "România"}[lang]
    assert str(off["LOCATION"]) == f"Aula Magna, Iași, {country}"
    assert str(off["URL"]) == f"https://example.org/conf/{lang}/2030-iasi/sessions/2030-05-12-1000/"
    assert str(events["2030-iasi-2030-05-12-1100"]["LOCATION"]) == f"Iași, {country}"  # no room: the venue
    assert "STATUS" not in events["2030-iasi-replacement"] and "SEQUENCE" not in events["2030-iasi-replacement"]
    single = icalendar.Calendar.from_ical((out / f"{lang}/2030-iasi/calendar/2030-05-12-1000.ics").read_bytes())
    assert [str(e["STATUS"]) for e in single.walk("VEVENT")] == ["CANCELLED"]


@pytest.mark.parametrize(("format_", "venue"), [("hybrid", "venue:\n  city: Iași\n  country: RO"), ("online", "")])
def test_a_cancelled_events_calendar_entry_gives_no_stream(fixture_site: FixtureSite, format_: str, venue: str) -> None:
    """The pages give no online link for a cancelled session; its calendar entry still did (in
    DESCRIPTION for a hybrid edition, as LOCATION for an online one), inviting people to a stream of
    nothing."""
    make(fixture_site)
    fixture_site.edition(languages="languages: [en, ro]", format=f"format: {format_}",
                         venue=f"{venue}\nonline_url: https://example.org/stream".lstrip("\n"), agenda=AGENDA)
    assert fixture_site.build(search=False).ok
    calendar = icalendar.Calendar.from_ical((fixture_site.root / "_site/en/2030-iasi.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e.to_ical().decode() for e in calendar.walk("VEVENT")}
    assert "example.org/stream" not in events["2030-iasi-2030-05-12-1000"]
    assert "example.org/stream" in events["2030-iasi-replacement"]


def test_now_and_next_leave_it_out(out: pathlib.Path) -> None:
    template = main(out, "en/2030-iasi/agenda").split('<section class="now-next"', 1)[1].split("</template>")[0]
    assert "Clusters in practice" in template and "Regions that learn" not in template


def test_the_people_see_what_of_theirs_is_cancelled(out: pathlib.Path) -> None:
    ion = main(out, "en/people/ion-rusu")
    assert re.search(r'<li><strong class="cancelled-label">Cancelled</strong> · Speaker: <a [^>]*>Smart '
                     r"specialisation</a> — Twenty years", ion)
    ana = main(out, "en/people/ana-popescu")
    items = [item for item in ana.split("<li>") if "Speaker:" in item]
    assert sorted("cancelled-label" in item for item in items) == [False, True]
    speakers = main(out, "en/2030-iasi/speakers")
    assert '<strong class="cancelled-label">Cancelled</strong> · Speaker: Twenty years</p>' in speakers
    assert '<p class="meta">Speaker: The next ten</p>' in speakers


def test_the_organisation_page_marks_it(out: pathlib.Path) -> None:
    page = main(out, "en/organisations/agency")
    assert re.search(r'<li><strong class="cancelled-label">Cancelled</strong> · <a [^>]*>Ion Rusu</a>: Twenty '
                     r"years</li>", page), page


def test_the_printed_programme_says_so(out: pathlib.Path) -> None:
    reader = pypdf.PdfReader(out / "2030-iasi/programme-2030-iasi-ro.pdf")
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "ANULAT · Discurs principal · 10:00–11:00 (UTC+03:00) · Aula Magna Regiuni care învață" in words
    assert "ANULAT Douăzeci de ani — Ion Rusu, Agenția Regională Următorii zece — Ana Popescu" in words


def test_a_cancelled_session_is_no_clash(fixture_site: FixtureSite) -> None:
    """Another session may take the room and time of a cancelled one; without `cancelled` that is
    the overlap it always was."""
    make(fixture_site)
    assert fixture_site.messages() == []
    make(fixture_site, AGENDA.replace("        cancelled: yes\n", ""))
    assert any("overlaps the one before it in the same room" in m for m in fixture_site.messages())


@pytest.mark.parametrize(("written", "message"), [
    ('"yes"', "expected true or false, got the text 'yes' (in quotes)"),
    ("maybe", "expected true or false, got 'maybe'"),
    ("Yes please", "expected true or false, got 'Yes please'"),
])
def test_cancelled_takes_yes_or_no_and_says_where(fixture_site: FixtureSite, written: str, message: str) -> None:
    make(fixture_site, AGENDA.replace("        cancelled: yes\n", f"        cancelled: {written}\n"))
    lines = (fixture_site.root / E).read_text(encoding="utf-8").splitlines()
    line = lines.index(f"        cancelled: {written}") + 1
    assert [m for m in fixture_site.messages() if message in m] == [f"{E}:{line}:20: 'cancelled': {message}"]


def test_the_editions_times_and_now_and_next_count_only_what_takes_place(fixture_site: FixtureSite) -> None:
    """The edition's JSON-LD starts with its first session held; a session without an end is on
    until the next one held starts; with every session cancelled there is no "now and next"."""
    make(fixture_site, """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: opening, title: Welcome, start: "09:00", cancelled: yes}
      - {kind: keynote, title: Keynote, start: "10:00"}
      - {kind: panel, title: Panel, start: "11:00", cancelled: yes}
      - {kind: closing, title: Closing, start: "12:00"}
""")
    result = fixture_site.build(search=False)
    assert result.ok and result.site
    page = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert data["startDate"] == "2030-05-12T10:00:00+03:00"
    edition = result.site.by_slug["2030-iasi"].edition
    day = edition.agenda[0]
    assert moments.span(edition, day, day.sessions[1])[1].isoformat() == "2030-05-12T12:00:00+03:00"
    make(fixture_site, """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: opening, title: Welcome, start: "09:00", cancelled: yes}
""")
    assert fixture_site.build(search=False).ok
    assert 'class="now-next"' not in (fixture_site.root / "_site/en/2030-iasi/agenda/index.html").read_text()


@pytest.mark.parametrize(("written", "hint"), [
    ("canceled: yes", "did you mean 'cancelled'?"),
    ("status: cancelled", "write 'cancelled: yes' instead"),  # as pretalx and Sessionize say it
    ("State: Canceled", "write 'cancelled: yes' instead"),
])
def test_other_ways_of_saying_it_are_told_our_field(fixture_site: FixtureSite, written: str, hint: str) -> None:
    make(fixture_site, AGENDA.replace("        cancelled: yes\n", f"        {written}\n"))
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(p.message, p.hint) for p in problems] == [(f"unknown field {written.split(':')[0]!r}", hint)]


def test_a_status_that_is_not_cancelled_is_not_told_to_cancel(fixture_site: FixtureSite) -> None:
    make(fixture_site, AGENDA.replace("        cancelled: yes\n", "        status: confirmed\n"))
    problem = fixture_site.the_error()
    assert problem.message == "unknown field 'status'" and "cancelled" not in problem.hint


def test_cancelled_with_no_value_is_an_error_not_a_session_that_takes_place(fixture_site: FixtureSite) -> None:
    make(fixture_site, AGENDA.replace("        cancelled: yes\n", "        cancelled:\n"))
    line = (fixture_site.root / E).read_text(encoding="utf-8").splitlines().index("        cancelled:") + 1
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(f"{p.where.path}:{p.where.line}", p.message, p.hint) for p in problems] == [
        (f"{E}:{line}", "'cancelled' has no value",
         "write true or false (or yes or no) after the colon, or remove the line")]


def test_a_replacement_with_the_cancelled_ones_name_is_told_to_take_an_id(fixture_site: FixtureSite) -> None:
    """Not "give one of them an id": an id on the cancelled one would rename what visitors saved."""
    make(fixture_site, AGENDA.replace("        id: replacement\n", ""))
    lines = (fixture_site.root / E).read_text(encoding="utf-8").splitlines()
    first, second = (i + 1 for i, line in enumerate(lines) if line == "      - kind: keynote")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(p.where.line, p.message, p.hint) for p in problems] == [
        (second, f"this session has the same key as the one on line {first} (2030-05-12-1000-aula-magna)",
         "give the session that takes place (this one) its own 'id', so that the cancelled one keeps the "
         "calendar name and address it was published under")]


def test_the_hint_names_the_held_session_when_the_cancelled_one_comes_second(fixture_site: FixtureSite) -> None:
    make(fixture_site, """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: keynote, title: Clusters in practice, start: "10:00", room: Aula Magna}
      - {kind: keynote, title: Regions that learn, start: "10:00", room: Aula Magna, cancelled: yes}
""")
    lines = (fixture_site.root / E).read_text(encoding="utf-8").splitlines()
    held = next(i + 1 for i, line in enumerate(lines) if "Clusters in practice" in line)
    problem = fixture_site.the_error()
    assert problem.hint == (f"give the session that takes place (the one on line {held}) its own 'id', so that the "
                            "cancelled one keeps the calendar name and address it was published under")


def test_the_preview_follows_a_cancellation_on_the_pages_around_it(fixture_site: FixtureSite) -> None:
    """Cancelling a session changes pages that never show it: the "after" link of the session
    before it. The preview re-renders them, as a full build would make them."""
    day = """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: opening, title: Welcome, start: "09:00", end: "10:00"}
      - {kind: keynote, title: Regions that learn, start: "10:00", end: "11:00"%s}
      - {kind: panel, title: Smart specialisation, start: "11:00", end: "12:00"}
"""
    make(fixture_site, day % "")
    preview = Preview(fixture_site.root, fixture_site.root / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    assert preview.full().ok
    opening = fixture_site.root / "preview/en/2030-iasi/sessions/2030-05-12-0900/index.html"
    assert "After</span> Regions that learn" in opening.read_text()
    make(fixture_site, day % ", cancelled: yes")
    assert preview.update({E}).ok
    assert "After</span> Smart specialisation" in opening.read_text()
