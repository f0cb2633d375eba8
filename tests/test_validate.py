"""Validate stage: every mistake an editor can make, reported at its file and line."""

import weakref
from typing import Any

import pytest
from conftest import FixtureSite, edition_yaml, run_cli
from picture_site import photo

from confsite import documents, load, validate
from confsite.documents import Document
from confsite.problems import Problem

E = "content/editions/2030-iasi/edition.yaml"


def test_a_valid_edition_has_no_problems(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    assert fixture_site.messages() == []


def test_unknown_field_suggests_the_right_one(fixture_site: FixtureSite) -> None:
    fixture_site.edition(venue="venu:\n  city: Iași\n  country: RO")
    problems = fixture_site.build(write=False).problems
    unknown = [p for p in problems if "unknown field" in p.message]
    assert [f"{p.where}: {p.message}" for p in unknown] == [f"{E}:9:1: unknown field 'venu'"]
    assert unknown[0].hint == "did you mean 'venue'?"


# Names other tools and forms use for a field: difflib finds no close spelling (or a wrong one:
# 'position' is nearest to 'organisation'), so the hint names ours, where that field is allowed.
@pytest.mark.parametrize(("path", "text", "hint"), [
    ("content/people/ana.yaml", "name: Ana\nposition: Director\n", "did you mean 'role'?"),
    ("content/people/ana.yaml", "name: Ana\nCompany: ECCP\n", "did you mean 'organisation'?"),
    (E, edition_yaml(timezone="tz: Europe/Bucharest"), "did you mean 'timezone'?"),
    (E, edition_yaml(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: panel\n"
                     "        title: A\n        begin: '10:00'"), "did you mean 'start'?"),
    (E, edition_yaml(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: panel\n"
                     "        title: A\n        time: '10:00'"), "did you mean 'start'?"),  # not 'title'
    # 'location' is a session's room, and an edition's venue
    (E, edition_yaml(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: panel\n"
                     "        title: A\n        location: Aula"), "did you mean 'room'?"),
    (E, edition_yaml(venue="venue:\n  city: Iași\n  country: RO\nlocation: Palas"), "did you mean 'venue'?"),
    # a field one level too high: where it belongs
    (E, edition_yaml(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: panel\n"
                     "        title: A\n        speakers: [ana]"),
     "'speakers' belong to a talk: write them in one of the items under 'talks:' ('- speakers: …')"),
    (E, edition_yaml(venue="venue:\n  country: RO\ncity: Iași"),
     "'venue' holds 'city': indent it under 'venue:', as 'city:'"),
    (E, edition_yaml(venue="venue:\n  country: RO\nCity: Iași"),  # written with a capital: the name to write
     "'venue' holds 'city': indent it under 'venue:', as 'city:'"),
    # 'hall' means 'room', but a person has no room: the nearest spelling, or the list, as before
    ("content/people/ana.yaml", "name: Ana\nhall: A\n",
     "the fields allowed here are: links, name, organisation, page, photo, role"),
])
def test_an_unknown_field_named_as_other_tools_name_it_suggests_ours(fixture_site: FixtureSite, path: str,
                                                                     text: str, hint: str) -> None:
    fixture_site.edition()
    fixture_site.write(path, text)
    [unknown] = [p for p in fixture_site.build(write=False).problems if "unknown field" in p.message]
    assert unknown.hint == hint


def test_a_number_with_a_thousands_comma_inside_braces_is_explained(fixture_site: FixtureSite) -> None:
    fixture_site.edition(venue="audience:\n  expected: {count: 1,500}")
    [unknown] = [p for p in fixture_site.build(write=False).problems if "unknown field" in p.message]
    assert unknown.message == "unknown field '500'"
    assert unknown.hint.startswith("if it is the end of a number written with a thousands separator inside {…}")


def test_a_number_as_a_field_name_that_no_thousands_separator_makes_gets_the_fields(fixture_site: FixtureSite) -> None:
    """'2026: x' is no tail of '1,2026': a group after a thousands separator has three digits."""
    fixture_site.edition(venue="venue:\n  city: Iași\n  country: RO\n2026: x")
    [unknown] = [p for p in fixture_site.build(write=False).problems if "unknown field" in p.message]
    assert unknown.message == "unknown field '2026'" and unknown.hint.startswith("the fields allowed here are: ")


def test_missing_required_field(fixture_site: FixtureSite) -> None:
    fixture_site.edition(timezone="")
    assert fixture_site.messages() == [f"{E}:1:1: missing required field 'timezone'"]


def test_impossible_date_is_reported_at_its_line(fixture_site: FixtureSite) -> None:
    fixture_site.edition(dates="dates:\n  start: 2030-02-30\n  end: 2030-03-01")
    assert fixture_site.messages() == [f"{E}:5:10: 'start': expected a real date, got '2030-02-30'"]


@pytest.mark.parametrize(("written", "hint"), [
    ("05.12.2030", "write it year first: 2030-12-05"),  # as Romania, Moldova and Bulgaria write it
    ("5.12.2030", "write it year first: 2030-12-05"),
    ("25/12/2030", "write it year first: 2030-12-25"),
    ("05/12/2030", "write it year first: 2030-12-05 (5 December), or 2030-05-12 if it means 12 May"),
    ("2030/12/05", "write it 2030-12-05: with hyphens, and two digits for the month and the day"),
    ("2030-12-5", "write it 2030-12-05: with hyphens, and two digits for the month and the day"),
    ('"2030-12-05"', "write it 2030-12-05, without quotes"),
    ("2030-25-12", "the month comes before the day: write 2030-12-25"),
    ("2030-02-30", "2030-02-30 is no day of the calendar: February 2030 has 28 days"),
    ("2030-12-05 09:30", "write the date alone: 2030-12-05"),
    ("5 December 2030", "write a real date as YYYY-MM-DD, without quotes, like 2024-10-10"),
])
def test_a_date_written_another_way_is_told_how_to_write_it(fixture_site: FixtureSite, written: str,
                                                            hint: str) -> None:
    """Each got the same hint, "write a real date as YYYY-MM-DD, without quotes, like 2024-10-10",
    which left the editor to work out 2030-12-05 from 05.12.2030 (and which of 05/12 is the month)."""
    fixture_site.edition(dates="dates:\n  start: 2030-05-12\n  end: 2030-05-13",
                         registration=f"registration:\n  url: https://example.org/r\n  closes: {written}")
    [error] = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert (error.where.line, error.message.split(",")[0], error.hint) == (
        14, "'closes': expected a real date", hint)


def test_a_date_with_a_time_is_told_to_leave_the_time_out(fixture_site: FixtureSite) -> None:
    fixture_site.edition(dates="dates:\n  start: 2030-05-12T09:30:00\n  end: 2030-05-13")
    [error] = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert (error.where.line, error.message, error.hint) == (
        5, "'start': expected a date without a time, got 2030-05-12 09:30", "write the date alone: 2030-05-12")


@pytest.mark.parametrize(("session", "message"), [
    ("start: 2030-05-12", "'start': expected a time, got 2030-05-12"),  # the day, where its time goes
    ("start: 2030-05-12 09:30:00", "'start': expected a time, got 2030-05-12 09:30"),
    ("start: yes", "'start': expected a time, got a yes-or-no"),
    ("start: {h: 9}", "'start': expected a time, got {h: 9}"),
    ("cancelled: 2030-05-12", "'cancelled': expected true or false, got 2030-05-12"),
    ("room: 2030-05-12", "'room': expected a text, got 2030-05-12"),
])
def test_a_refused_value_is_shown_as_yaml_writes_it(fixture_site: FixtureSite, session: str, message: str) -> None:
    """Not as Python shows it: "got datetime.date(2030, 5, 12)", "got True", "got {'h': 9}"."""
    fixture_site.edition(agenda=f"agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: break\n"
                                f"        title: Coffee\n        {session}")
    assert [p.message for p in fixture_site.build(write=False).problems if p.is_error] == [message]


def test_a_date_at_the_end_of_the_calendar_is_a_mistake_at_its_line(fixture_site: FixtureSite) -> None:
    """The day after 9999-12-31 is past Python's calendar: an edition on that day with an agenda
    stopped check with 'the validate stage failed unexpectedly (OverflowError)'."""
    fixture_site.edition("9999-iasi", dates="dates:\n  start: 9999-12-31\n  end: 9999-12-31",
                         agenda="agenda:\n  - date: 9999-12-31\n    sessions:\n      - kind: keynote\n"
                                "        title: Last\n        start: \"10:00\"")
    path = "content/editions/9999-iasi/edition.yaml"
    assert fixture_site.messages() == [
        f"{path}:5:10: 'start': the date 9999-12-31 is not between the years 1900 and 2999",
        f"{path}:6:8: 'end': the date 9999-12-31 is not between the years 1900 and 2999",
        f"{path}:13:11: 'date': the date 9999-12-31 is not between the years 1900 and 2999"]


def test_dates_must_be_ordered(fixture_site: FixtureSite) -> None:
    fixture_site.edition(dates="dates:\n  start: 2030-05-13\n  end: 2030-05-12")
    assert fixture_site.messages() == [f"{E}:5:3: the edition ends before it starts"]


def test_an_edition_lasts_at_most_a_year(fixture_site: FixtureSite) -> None:
    """Its agenda lists every one of its days: an edition that ended in 9000 (a year mistyped, or a
    hostile pull request) made check run for minutes and fail for want of memory."""
    fixture_site.edition(dates="dates:\n  start: 2030-05-12\n  end: 2031-05-13")
    assert fixture_site.messages() == [f"{E}:5:3: the edition lasts 367 days, more than the 366 an edition may"]
    fixture_site.edition(dates="dates:\n  start: 2030-05-12\n  end: 2031-05-12")
    assert fixture_site.messages() == []


def test_folder_year_must_match_the_dates(fixture_site: FixtureSite) -> None:
    fixture_site.edition(dates="dates:\n  start: 2031-05-12\n  end: 2031-05-13")
    assert fixture_site.messages() == [f"{E}:5:3: the edition starts in 2031 but its folder says 2030"]


def test_bad_choice_suggests(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="format: inperson")
    problems = fixture_site.build(write=False).problems
    assert [f"{p.where}: {p.message}" for p in problems] == [
        f"{E}:8:9: 'format': 'inperson' is not one of: in-person, online, hybrid"]
    assert problems[0].hint == "did you mean 'in-person'?"


def test_unknown_time_zone(fixture_site: FixtureSite) -> None:
    fixture_site.edition(timezone="timezone: Europe/Iasi")
    assert fixture_site.messages() == [f"{E}:7:11: 'timezone': 'Europe/Iasi' is not a known time zone"]
    fixture_site.edition(timezone="timezone: Europe")  # a folder of zones, not a zone
    assert fixture_site.messages() == [f"{E}:7:11: 'timezone': 'Europe' is not a known time zone"]


@pytest.mark.parametrize(("written", "hint"), [
    ("Europe/Sofija", "did you mean 'Europe/Sofia'?"), ("sofia", "did you mean 'Europe/Sofia'?"),
    ("New York", "did you mean 'America/New_York'?"),
    ("Europe/Kishinev", "use an IANA name such as Europe/Bucharest"),  # not Kiev: no guess is better
    ("GMT+2", "use an IANA name such as Europe/Bucharest: an offset changes with summer time, a city's zone "
              "follows it"),  # not Etc/GMT+2, which is UTC-2
])
def test_a_time_zone_misspelt_is_told_the_zone_of_its_city(fixture_site: FixtureSite, written: str, hint: str) -> None:
    fixture_site.edition(timezone=f"timezone: {written}")
    problem = fixture_site.the_error()
    assert problem.hint == hint


def test_norways_code_read_as_no_is_told_to_be_quoted(fixture_site: FixtureSite) -> None:
    fixture_site.edition(venue="venue:\n  city: Oslo\n  country: NO", timezone="timezone: Europe/Oslo")
    problem = fixture_site.the_error()
    assert (problem.message, problem.hint) == ("'country': YAML reads this word as a yes-or-no",
                                               'write the country\'s code in quotes, like "NO" for Norway')


def test_a_time_zone_read_as_yes_or_no_is_told_to_name_the_zone(fixture_site: FixtureSite) -> None:
    """Not to put the word in quotes, as a text field is: no zone is called 'yes'."""
    fixture_site.edition(timezone="timezone: yes")
    problems = fixture_site.build(write=False).problems
    assert [f"{p.where}: {p.message}" for p in problems] == [
        f"{E}:7:11: 'timezone': expected the name of a time zone, but YAML reads this word as a yes-or-no"]
    assert problems[0].hint == "write the zone of the edition's venue, such as Europe/Bucharest"


def test_a_yes_or_no_field_left_empty_is_an_error(fixture_site: FixtureSite) -> None:
    """`draft:` with nothing after it read as "no", and published the edition."""
    fixture_site.edition(draft="draft:")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(f"{p.where.path}:{p.where.line}", p.message) for p in problems] == [(E + ":12", "'draft' has no value")]


def test_session_outside_the_editions_days(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-14\n    sessions: []")
    assert fixture_site.messages() == [f"{E}:13:5: the day 2030-05-14 is outside the edition's dates"]


def test_matchmaking_outside_the_editions_days(fixture_site: FixtureSite) -> None:
    fixture_site.edition(matchmaking="matchmaking:\n  date: 2030-06-01\n  part_of_day: afternoon")
    assert fixture_site.messages() == [f"{E}:13:3: the matchmaking date 2030-06-01 is outside the edition's dates"]


def test_overlapping_sessions_in_one_track(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: keynote, title: A, start: "09:00", end: "10:00"}
      - {kind: panel, title: B, start: "09:30", end: "10:30"}
      - {kind: panel, title: C, start: "09:30", end: "10:30", track: Hall 2}""")
    assert fixture_site.messages() == [f"{E}:16:9: this session overlaps the one before it (no room or track tells "
                                       "them apart)"]


def test_unquoted_time_gets_a_hint(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                "      - {kind: panel, title: A, start: 9:30}")
    problems = fixture_site.build(write=False).problems
    assert [p.message for p in problems] == ["'start': a time must be in quotes"]
    assert problems[0].where.line == 15


@pytest.mark.parametrize(("written", "message"), [
    ("9:30", "'start': a time must be in quotes"),  # the number 570 to YAML
    ("9.30", "'start': a time is written with a colon, not a point"),  # the number 9.3: not shown as such
    ('"9.30"', "'start': a time is written with a colon, got '9.30'"),
    ('"9h30"', "'start': a time is written with a colon, got '9h30'"),
])
def test_a_time_written_as_people_often_do_is_told_how_to_write_it(fixture_site: FixtureSite, written: str,
                                                                   message: str) -> None:
    fixture_site.edition(agenda=f"agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                f"      - {{kind: panel, title: A, start: {written}}}")
    problem = fixture_site.the_error()
    assert problem.message == message and '"09:30"' in problem.hint and problem.where.line == 15


def test_midnight_written_24_00_is_told_how_to_end_a_session_then(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                '      - {kind: networking, title: A, start: "22:00", end: "24:00"}')
    problem = fixture_site.the_error()
    assert problem.message == "'end': '24:00' is not a time of day: midnight is 00:00"
    assert '"00:00+1"' in problem.hint and problem.where.line == 15


def test_a_time_in_quotes_may_have_a_one_digit_hour(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda='agenda:\n  - date: 2030-05-12\n    sessions:\n'
                                '      - {kind: panel, title: A, start: "9:30", end: "10:15"}')
    result = fixture_site.build(search=False)
    assert result.ok, [p.format() for p in result.errors]
    assert '<time datetime="2030-05-12T09:30:00+03:00">' in (
        fixture_site.root / "_site/en/2030-iasi/sessions/2030-05-12-0930/index.html").read_text(encoding="utf-8")


def test_a_start_written_wrong_is_one_mistake_and_a_missing_one_another(fixture_site: FixtureSite) -> None:
    agenda = "agenda:\n  - date: 2030-05-12\n    sessions:\n      - {{kind: panel, title: A, {start}end: \"10:30\"}}"
    fixture_site.edition(agenda=agenda.format(start='start: "9.30", '))
    assert [m.split(": ", 1)[1] for m in fixture_site.messages()] == [
        "'start': a time is written with a colon, got '9.30'"]
    fixture_site.edition(agenda=agenda.format(start='start: "9:3O", '))  # a letter O
    assert [m.split(": ", 1)[1] for m in fixture_site.messages()] == ["'start': expected a time, got '9:3O'"]
    for start in ("", "start: null, "):
        fixture_site.edition(agenda=agenda.format(start=start))
        assert [m.split(": ", 1)[1] for m in fixture_site.messages()] == ["a session with an end needs a start"]


def test_session_ending_before_it_starts(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - kind: panel
        title: A
        start: "11:00"
        end: "10:00\"""")
    assert fixture_site.messages() == [f"{E}:18:14: the session ends before it starts"]


def test_references_to_people_and_organisations_must_exist(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.edition(organisations="organisations:\n  - {id: nobody, role: organiser}", agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - kind: panel
        title: A
        talks:
          - speakers: [ana-popesku]""")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    messages = sorted(p.message for p in problems)
    assert messages == ["no organisation with the id 'nobody'", "no person with the id 'ana-popesku'"]
    assert any(p.hint == "did you mean 'ana-popescu'?" for p in problems)


def test_an_organisation_named_where_a_person_is_wanted_is_said_to_be_one(fixture_site: FixtureSite) -> None:
    """An editor put the organising agency among a session's moderators: the hint proposed to
    create content/people/adr-centru.yaml, a person named after the agency."""
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.write("content/organisations/adr-centru.yaml", "name: ADR Centru\n")
    fixture_site.edition(organisations="organisations:\n  - {id: ana-popescu, role: organiser}",
                         agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                "      - {kind: panel, title: A, moderators: [adr-centru]}")
    problems = sorted((p.message, p.hint) for p in fixture_site.build(write=False).problems if p.is_error)
    assert problems == [
        ("no organisation with the id 'ana-popescu'", "'ana-popescu' is a person, and an organisation is wanted here"),
        ("no person with the id 'adr-centru'", "'adr-centru' is an organisation, and a person is wanted here")]


def test_referenced_file_must_exist(fixture_site: FixtureSite) -> None:
    fixture_site.edition(downloads="downloads:\n  - title: Agenda\n    file: files/agenda.pdf")
    assert fixture_site.messages() == [f"{E}:14:11: the file 'files/agenda.pdf' does not exist"]


def test_a_file_named_in_other_capitals_is_told_its_name(fixture_site: FixtureSite) -> None:
    """A Mac or Windows disk takes files/Agenda.PDF for files/agenda.pdf; the web server does not."""
    fixture_site.edition(downloads="downloads:\n  - title: Agenda\n    file: files/Agenda.PDF")
    (fixture_site.root / "content/editions/2030-iasi/files").mkdir()
    (fixture_site.root / "content/editions/2030-iasi/files/agenda.pdf").write_bytes(b"%PDF-1.4\n")
    assert fixture_site.the_error().hint == ("did you mean 'files/agenda.pdf'? names differ in capitals: the web "
                                             "server tells them apart")


def test_a_file_named_with_an_accent_stored_apart_is_told_apart(fixture_site: FixtureSite) -> None:
    """macOS and zip files may store 'ă' as 'a' and a combining breve: the names look the same,
    so "did you mean 'files/agendă.pdf'?" would not help."""
    fixture_site.edition(downloads="downloads:\n  - title: Agenda\n    file: files/agend\u0103.pdf")
    (fixture_site.root / "content/editions/2030-iasi/files").mkdir()
    (fixture_site.root / "content/editions/2030-iasi/files/agenda\u0306.pdf").write_bytes(b"%PDF-1.4\n")
    problem = fixture_site.the_error()
    assert problem.message == ("the file 'files/agend\u0103.pdf' does not exist as written: the folder's "
                               "'files/agenda\u0306.pdf' has the same letters, stored another way")
    assert problem.hint == "rename the file in files/, typing its name again"


def test_unknown_language_in_a_text(fixture_site: FixtureSite) -> None:
    fixture_site.edition(title="title: {en: A, fr: B}")
    messages = fixture_site.messages()
    assert messages == [f"{E}:3:16: 'title': language 'fr' is not one of en, ro"]  # at the language itself


def test_every_problem_is_reported_at_once(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="format: inperson", timezone="timezone: Mars/Olympus")
    fixture_site.edition("2031-varna", title="", dates="dates: {start: 2031-01-01, end: 2031-01-02}")
    assert len(fixture_site.messages()) == 3


def test_an_edition_folder_name_must_be_year_and_name(fixture_site: FixtureSite) -> None:
    fixture_site.edition("iasi-2030")
    messages = fixture_site.messages()
    assert messages == ["content/editions/iasi-2030/edition.yaml: the folder name 'iasi-2030' is not '<year>-<name>'"]


@pytest.mark.parametrize(("folder", "hint"), [
    ("iasi-2030", "rename the folder to '2030-iasi': the year, a hyphen, ASCII lower-case words"),
    ("2030 Iași", "rename the folder to '2030-iasi': the year, a hyphen, ASCII lower-case words"),
    ("2030-Iasi", "rename the folder to '2030-iasi': the year, a hyphen, ASCII lower-case words"),
    ("iasi", "rename the folder like '2024-chisinau': the year, a hyphen, ASCII lower-case words"),
])
def test_a_misnamed_edition_folder_is_told_the_name_to_give_it(fixture_site: FixtureSite, folder: str,
                                                               hint: str) -> None:
    """The hint was always the example '2024-chisinau', not the name this folder should have."""
    fixture_site.edition(folder)
    [error] = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert (error.where.path, error.hint) == (f"content/editions/{folder}/edition.yaml", hint)


def test_two_inputs_writing_one_page(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write("content/pages/people.en.md", "---\ntitle: People\n---\nText\n")
    fixture_site.write("content/pages/2030-iasi.en.md", "---\ntitle: Iași\n---\nText\n")
    assert fixture_site.messages() == [
        "content/pages/2030-iasi.en.md: this would write /en/2030-iasi/, as "
        "content/editions/2030-iasi/edition.yaml does",
        "content/pages/people.en.md: this would write /en/people/, as the built-in people page does",
    ]


def test_unreferenced_people_and_contradicting_registration_are_warnings(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/people/nobody-knows.yaml", "name: Nobody Knows\n")
    fixture_site.edition(registration="registration:\n  url: https://example.org/r\n  closes: 2030-06-01")
    assert fixture_site.messages() == []
    assert fixture_site.warnings() == [
        f"{E}:14:11: registration closes on 2030-06-01, after the edition ends on 2030-05-13",  # at 'closes'
        "content/people/nobody-knows.yaml:1:1: no edition refers to this person",
    ]


def test_registration_opening_after_the_end_is_an_error(fixture_site: FixtureSite) -> None:
    fixture_site.edition(registration="registration:\n  url: https://example.org/r\n  opens: 2030-06-01")
    assert fixture_site.messages() == [f"{E}:14:10: registration opens after the edition has ended"]  # at "opens"


def test_images_need_alt_text(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Text\n\n<img src=\"/conf/assets/icon.svg\">\n")
    assert "content/editions/2030-iasi/index.en.md: an image without alt text (on /en/2030-iasi/index.html)" \
        in fixture_site.warnings()


def test_byte_order_mark_and_crlf_files_build(fixture_site: FixtureSite) -> None:
    path = fixture_site.edition()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert fixture_site.messages() == []
    path.write_bytes(path.read_text(encoding="utf-8-sig").replace("Iași", "Ia\u0219i").encode("utf-16"))
    assert fixture_site.messages() == [f"{E}:1:1: this file is not saved as UTF-8 text: it is saved as UTF-16 "
                                       "(called 'Unicode' by some editors)"]
    path.write_bytes("title: Iaşi\n".encode("cp1250"))  # (with a cedilla: cp1250 has no comma below)
    assert fixture_site.messages() == [f"{E}:1:1: this file is not saved as UTF-8 text"]


def test_a_site_without_series_or_languages_says_so(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write("site.yaml", "title: X\nbase_url: https://example.org/\nlanguages: []\nseries: []\n")
    assert fixture_site.messages() == [
        f"{E}:1:9: 'series': site.yaml defines no series to choose from",
        "site.yaml:3:12: list at least one language",
    ]


def test_a_site_language_without_dates_or_numbers_is_a_mistake_at_its_line(fixture_site: FixtureSite) -> None:
    """A mistyped code (or one CLDR names but cannot write dates in) stops at site.yaml, with the
    nearest code, rather than when the first page's dates are written."""
    fixture_site.edition()
    site_yaml = fixture_site.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("languages: [en, ro]", "languages: [en, rom]"))
    code, output = run_cli(["check", "--project", str(fixture_site.root)])
    assert code == 1
    assert "site.yaml:3:17: 'rom' is not a language the site can be written in\n  hint: did you mean 'ro' (Romanian)?" \
        in output
    assert "unexpectedly" not in output


def test_wrong_shapes_are_reported_not_raised(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/people/someone.yaml", "- a list\n- not a mapping\n")
    fixture_site.edition(languages="languages: en", agenda="agenda:\n  - date: 2030-05-12\n    sessions: hello")
    assert fixture_site.messages() == [
        f"{E}:2:12: 'languages': expected a list",
        f"{E}:14:15: 'sessions': expected a list",
        "content/people/someone.yaml:1:1: this file must hold 'field: value' lines",
    ]


def test_file_names_must_be_ids(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write("content/people/Ana Popescu.yaml", "name: Ana Popescu\n")
    fixture_site.write("content/pages/About Us.en.md", "---\ntitle: About\n---\nText\n")
    assert fixture_site.messages() == [
        "content/pages/About Us.en.md: the file name 'About Us' cannot be a page address",
        "content/people/Ana Popescu.yaml: the file name 'Ana Popescu' cannot be a person's id",
    ]


def test_unknown_ids_are_reported_where_they_are_written(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.edition(organisations="organisations:\n  - {id: nobody, role: organiser}", agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - kind: panel
        title: A
        talks:
          - speakers:
              - ana-popescu
              - person: ion-nobody""")
    assert fixture_site.messages() == [
        f"{E}:13:10: no organisation with the id 'nobody'",
        f"{E}:22:25: no person with the id 'ion-nobody'",
    ]


def test_an_empty_file_is_one_problem(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/editions/2030-iasi/edition.yaml", "")
    fixture_site.write("content/people/someone.yaml", "# to be written\n")
    fixture_site.write("content/pages/about.en.md", "---\n# a header with no title yet\n---\nText\n")
    assert fixture_site.messages() == [
        f"{E}:1:1: this file is empty",
        "content/pages/about.en.md:1:1: missing required field 'title'",
        "content/people/someone.yaml:1:1: this file is empty",
    ]


def test_a_short_session_between_hides_no_overlap(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: workshop, title: A, start: "10:00", end: "12:00", room: Hall}
      - {kind: workshop, title: B, start: "10:30", end: "11:00", room: Hall}
      - {kind: workshop, title: C, start: "11:30", end: "12:00", room: Hall}""")
    assert fixture_site.messages() == [f"{E}:16:9: this session overlaps the one before it in the same room",
                                       f"{E}:17:9: this session overlaps the one before it in the same room"]


def test_a_page_without_its_header_is_told_how_to_write_one(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/pages/about.en.md", "Just text.\n")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(str(p.where), p.message) for p in problems] == [
        ("content/pages/about.en.md:1:1", "this page has no header with its title")]
    assert "'---', then 'title: The page title', then '---'" in problems[0].hint


def test_a_header_without_its_closing_line_is_said_so(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About us\n\nWho we are.\n")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(str(p.where), p.message) for p in problems] == [
        ("content/pages/about.en.md:1:1", "the header that starts on this line is not closed")]
    assert "'---', after the header's last field" in problems[0].hint


def test_a_broken_page_header_is_not_also_a_missing_title(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/pages/about.en.md", "---\ntitle: [About\n---\nText.\n")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert len(problems) == 1 and problems[0].where.line == 2 and problems[0].where.path == "content/pages/about.en.md"
    assert "missing required field" not in problems[0].message


def test_each_yaml_tree_lives_only_while_its_file_is_read(fixture_site: FixtureSite,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Load gives the content's YAML files as texts; validate parses each as it reads it and keeps
    none of the trees. (All of them at once were the size of a large series' build, with its
    model scattered among their freed places.)"""
    fixture_site.edition()
    for name in ("ana-popescu", "ion-rusu"):
        fixture_site.write(f"content/people/{name}.yaml", f"name: {name.replace('-', ' ').title()}\n")
    fixture_site.write("content/organisations/eccp.yaml", "name: ECCP\n")
    sources, problems = load.load_sources(fixture_site.root)
    read = [*sources.editions.values(), *sources.people.values(), *sources.organisations.values()]
    assert len(read) == 4 and all(document.data is None for document in read)
    trees: list[weakref.ref[Any]] = []

    def parsed(document: Document, problems: list[Problem]) -> Document | None:
        assert [tree() for tree in trees] == [None] * len(trees)  # the files read before: their trees are gone
        found = documents.parsed(document, problems)
        assert found is not None
        trees.append(weakref.ref(found.data))
        return found

    monkeypatch.setattr(validate, "parsed", parsed)
    content = validate.validate(sources, problems)
    assert content is not None and set(content.people) == {"ana-popescu", "ion-rusu"}
    assert len(trees) == 4 and [tree() for tree in trees] == [None] * 4


def test_a_site_yaml_that_cannot_be_read_leaves_the_other_files_mistakes_shown(fixture_site: FixtureSite) -> None:
    """Nothing is read into the model without site.yaml, but each file is still parsed: every
    mistake of its syntax is shown in the same build."""
    fixture_site.edition()
    fixture_site.write("content/people/ana-popescu.yaml", "name: [Ana Popescu\n")
    site_yaml = fixture_site.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "languages: [en\n")
    assert sorted(message.split(":")[0] for message in fixture_site.messages()) == [
        "content/people/ana-popescu.yaml", "site.yaml"]


@pytest.mark.parametrize("named", ["portrait.jpg", "portr\\x61it.jpg"])  # (an escape in a quoted text)
def test_a_photo_named_in_a_persons_file_is_theirs_whatever_its_name(fixture_site: FixtureSite, named: str) -> None:
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: keynote\n"
                                "        title: Opening\n        talks:\n          - speakers: [ana-popescu]")
    fixture_site.write("content/people/ana-popescu.yaml", f'name: Ana Popescu\nphoto: {{file: "{named}", alt: Ana}}\n')
    photo(fixture_site.root / "content/people/portrait.jpg")
    orphan = fixture_site.root / "content/people/nobody.jpg"  # and one that is nobody's, which is said
    photo(orphan)
    assert [w for w in fixture_site.warnings() if "belongs to no person" in w] == [
        "content/people/nobody.jpg: this photo belongs to no person: there is no content/people/nobody.yaml"]


@pytest.mark.parametrize(("date", "times", "said"), [
    ("2030-10-27", 'start: "03:30", end: "04:30"', "03:30 on 2030-10-27 happens twice in Europe/Bucharest, when "
     "the clocks go back: calendars and apps will show the first"),
    ("2030-03-31", 'start: "03:30"', "03:30 on 2030-03-31 does not happen in Europe/Bucharest: the clocks jump "
     "forward over that hour"),
    ("2030-03-30", 'start: "23:00", end: "03:15+1"', "03:15 on 2030-03-31 does not happen in Europe/Bucharest"),
])
def test_a_time_the_clocks_show_twice_or_never_is_a_warning_at_its_session(fixture_site: FixtureSite, date: str,
                                                                           times: str, said: str) -> None:
    """An import put a session at 02:30 in the hour Berlin's clocks go back: the export then said
    it began an hour earlier than the programme did, with nothing said."""
    fixture_site.edition(dates=f"dates:\n  start: {date}\n  end: {date}", agenda=f"""agenda:
  - date: {date}
    sessions:
      - {{kind: panel, title: A, {times}}}""")
    [warning] = fixture_site.warnings()
    assert warning.startswith(f"{E}:15:9: {said}")


def test_times_the_clocks_show_once_are_silent_around_a_change(fixture_site: FixtureSite) -> None:
    fixture_site.edition(dates="dates:\n  start: 2030-10-27\n  end: 2030-10-27", agenda="""agenda:
  - date: 2030-10-27
    sessions:
      - {kind: panel, title: A, start: "02:59", end: "04:00"}
      - {kind: panel, title: B, start: "04:00", end: "05:00"}""")
    assert fixture_site.warnings() == []


@pytest.mark.parametrize(("venue", "timezone", "said"), [
    # an edition started from another (`new edition --from`) keeps its time zone: Linz is an hour off
    ("city: Linz\n  country: AT", "Europe/Bucharest",
     "the time zone Europe/Bucharest is not AT's, the venue's country: on 2030-05-12, when its clocks show 12:00, "
     "those of Europe/Vienna show 11:00 (if the edition is in AT, write 'timezone: Europe/Vienna'; if it is "
     "elsewhere, correct the venue's 'country'. The agenda's times are read in this zone)"),
    # the same clocks on the first day, not on the last: Bucharest's go back on 27 October 2030, Istanbul's never
    ("city: Istanbul\n  country: TR", "Europe/Bucharest",
     "the time zone Europe/Bucharest is not TR's, the venue's country: on 2030-10-27, when its clocks show 12:00, "
     "those of Europe/Istanbul show 13:00 (if the edition is in TR, write 'timezone: Europe/Istanbul'; if it is "
     "elsewhere, correct the venue's 'country'. The agenda's times are read in this zone)"),
    ("city: Porto\n  country: PT", "Europe/Bucharest",
     "the time zone Europe/Bucharest is not PT's, the venue's country: on 2030-05-12 its clocks read as none of "
     "PT's (if the edition is in PT, write the one of its time zones where the venue is (Atlantic/Madeira, "
     "Europe/Lisbon, Atlantic/Azores); if it is elsewhere, correct the venue's 'country'. The agenda's times are "
     "read in this zone)"),
    ("city: Iași\n  country: RO", "Europe/Bucharest", None),
    ("city: Kyiv\n  country: UA", "Europe/Kiev", None),  # another name of Europe/Kyiv's clocks
    ("city: Ruse\n  country: BG", "Europe/Bucharest", None),  # the same clocks: every time reads right
])
def test_a_time_zone_whose_clocks_are_not_the_venue_country_s_is_a_warning(
        fixture_site: FixtureSite, venue: str, timezone: str, said: str | None) -> None:
    dates = "dates: {start: 2030-10-25, end: 2030-10-27}" if "Istanbul" in venue else None
    path = fixture_site.edition(venue=f"venue:\n  {venue}", timezone=f"timezone: {timezone}",
                                **({"dates": dates} if dates else {}))
    found = [p for p in fixture_site.build(write=False).problems if "time zone" in p.message]
    assert [f"{p.message} ({p.hint})" for p in found] == ([said] if said else [])
    if said:
        assert found[0].where.line == path.read_text().splitlines().index(f"timezone: {timezone}") + 1


def test_an_edition_text_under_another_name_is_told_where_it_goes(fixture_site: FixtureSite) -> None:
    """Renamed to index.en.md, as the message said, a second text would have replaced the edition's own."""
    fixture_site.edition()
    folder = "content/editions/2030-iasi"
    fixture_site.write(f"{folder}/practical.en.md", "How to get there.\n")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(p.where.path, p.message, p.hint) for p in problems] == [
        (f"{folder}/practical.en.md", "an edition's text is called index.<lang>.md", "rename it to index.en.md")]
    fixture_site.write(f"{folder}/index.en.md", "Welcome to Iași.\n")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(p.where.path, p.message) for p in problems] == [
        (f"{folder}/practical.en.md", "an edition has one text in each language, index.en.md, and it has one")]
    assert "content/pages/practical.en.md" in problems[0].hint and "rename" not in problems[0].hint


def test_a_comma_in_a_text_inside_braces_is_told_to_be_quoted(fixture_site: FixtureSite) -> None:
    """In {…} a comma ends a value: YAML reads the words after it as a language code with no text."""
    fixture_site.edition(title="title: {en: Clusters, regions and cities, ro: Clustere}")
    problem = fixture_site.the_error()
    assert str(problem.where) == f"{E}:3:23"
    assert problem.message == ("'title': 'regions and cities' is not a language code: a comma inside {…} ends "
                               "the text before it")
    assert "in quotes" in problem.hint


def test_a_reference_to_a_file_named_with_capitals_is_told_to_rename_the_file(fixture_site: FixtureSite) -> None:
    """"did you mean 'Ana-Popescu'?" led to an id that is refused in its turn."""
    fixture_site.write("content/people/Ana-Popescu.yaml", "name: Ana Popescu\n")
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                "      - {kind: panel, title: A, moderators: [ana-popescu]}")
    problems = [p for p in fixture_site.build(write=False).problems if p.is_error]
    hints = {p.message: p.hint for p in problems}
    assert hints["no person with the id 'ana-popescu'"] == (
        "rename content/people/Ana-Popescu.yaml to ana-popescu.yaml")


def test_a_date_with_a_no_break_space_is_told_so(fixture_site: FixtureSite) -> None:
    """Shown as '2030-05-12\\xa0', the date looked right and the escape meant nothing to an editor."""
    fixture_site.edition(dates="dates:\n  start: 2030-05-12\u00a0\n  end: 2030-05-13")
    problem = fixture_site.the_error()
    assert problem.message == ("'start': the date 2030-05-12 has U+00A0 NO-BREAK SPACE beside it, which YAML does "
                               "not read as a space")
    assert "\\x" not in problem.message + problem.hint


@pytest.mark.parametrize("block", ["title:\n  en: Clusters\n  English:", "title:\n  en: Clusters\n  ro-RO: x"])
def test_a_bad_language_key_outside_braces_is_not_told_about_commas(fixture_site: FixtureSite, block: str) -> None:
    fixture_site.edition(title=block)
    problem = fixture_site.the_error()
    assert "comma" not in problem.message and "is not a language code" in problem.message


def test_an_edition_text_written_with_a_page_header_is_a_warning_at_its_first_line(fixture_site: FixtureSite) -> None:
    """A site page starts with '---', 'title: …', '---'; an edition's text has no header, and one copied
    there was published as a horizontal rule and a heading reading 'title: Iași 2030', without a word."""
    fixture_site.edition()
    text = "content/editions/2030-iasi/index.en.md"
    fixture_site.write(text, "---\ntitle: Iași 2030\n---\nWelcome to Iași.\n")
    assert fixture_site.warnings() == [f"{text}:1:1: an edition's text has no header: the page would show these "
                                       "lines as a rule and a heading that starts 'title: Iași 2030'"]
    [warning] = [p for p in fixture_site.build(write=False).problems if p.where.path == text]
    assert warning.hint.startswith("delete lines 1 to 3:")
    # a text that only starts with a rule, or whose header is no block of fields, is Markdown as it is
    for body in ("---\n\nWelcome to Iași.\n", "---\nWelcome to Iași.\n---\nMore.\n",
                 "Welcome.\n\n---\ntitle: x\n---\n"):
        fixture_site.write(text, body)
        assert fixture_site.warnings() == [], body


@pytest.mark.parametrize(("agenda", "line", "field", "hint"), [
    # a day written as its date, the way a printed programme heads it
    ("agenda:\n  - 2030-05-12:\n    sessions:\n      - {kind: break, title: Coffee}", 13, "'2030-05-12'",
     "a date is written after 'date:', not before a colon of its own: write 'date: 2030-05-12'"),
    # a session's time as a field's name: YAML reads 10:30 as a number of minutes (630)
    ("agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: break\n        title: Coffee\n        10:30: end",
     17, "'10:30'", "a time is written after 'start:' or 'end:', in quotes: write 'start: \"10:30\"'"),
    ("agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: break\n        title: Coffee\n        9.30: x",
     17, "'9.30'", "a time is written after 'start:' or 'end:', in quotes: write 'start: \"09:30\"'"),
    # on, yes, no and ~ are a yes-or-no and nothing to YAML
    ("agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: break\n        title: Coffee\n        on: x",
     17, "'on'", "the fields allowed here are: "),
])
def test_a_field_name_yaml_reads_as_a_date_time_or_yes_is_shown_as_written(
        fixture_site: FixtureSite, agenda: str, line: int, field: str, hint: str) -> None:
    """They were reported as Python shows the value: unknown field datetime.date(2030, 5, 12), unknown
    field 630 (with the hint about a thousands separator), unknown field True."""
    fixture_site.edition(agenda=agenda)
    unknown = [p for p in fixture_site.build(write=False).problems if p.message.startswith("unknown field")]
    assert [(p.where.line, p.message) for p in unknown] == [(line, f"unknown field {field}")]
    assert unknown[0].hint.startswith(hint)


@pytest.mark.parametrize(("path", "text", "line", "field", "meant"), [
    (E, edition_yaml(title="titel: {en: Test Edition}"), 3, "titel", "title"),
    (E, edition_yaml(timezone="tz: Europe/Bucharest"), 7, "tz", "timezone"),
    ("content/people/ana-popescu.yaml", "nmae: Ana Popescu\n", 1, "nmae", "name"),
    ("content/pages/about.en.md", "---\ntitel: About\n---\nText.\n", 2, "titel", "title"),
])
def test_a_misspelt_required_field_is_one_error_at_its_line(fixture_site: FixtureSite, path: str, text: str,
                                                            line: int, field: str, meant: str) -> None:
    """It was two: the misspelt name, and "missing required field 'title'" with the hint "add a line
    'title: …'", which, followed, left the misspelt line as an error."""
    fixture_site.edition()
    fixture_site.write(path, text)
    errors = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(p.where.path, p.where.line, p.message, p.hint) for p in errors] == [
        (path, line, f"unknown field {field!r}", f"did you mean {meant!r}?")]


def test_a_required_field_missing_beside_an_unknown_one_is_still_missing(fixture_site: FixtureSite) -> None:
    fixture_site.edition(title="description: {en: Test Edition}")
    assert fixture_site.messages() == [f"{E}:1:1: missing required field 'title'",
                                       f"{E}:3:1: unknown field 'description'"]


@pytest.mark.parametrize(("written", "hint"), [
    ("bu", "did you mean 'bg' (Bulgarian) or 'my' (Burmese)?"),  # was: did you mean 'ebu'? (Embu)
    ("bul", "did you mean 'bg' (Bulgarian)?"),  # was: 'zbl' (Blissymbols)
    ("ger", "did you mean 'de' (German)?"),  # was: 'ter' (Tereno)
    ("deu", "did you mean 'de' (German)?"),  # was: 'eu' (Basque)
    ("ua", "'ua' is the code of the country Ukraine: did you mean 'uk' (Ukrainian)?"),  # was: 'uga' (Ugaritic)
    ("md", "'md' is the code of the country Moldova: did you mean 'ro' (Romanian)?"),  # was: 'mdr' (Mandar)
    ("Romanian", "did you mean 'ro' (Romanian)?"),
    ("EN", "write it in small letters: 'en'"),
    ("qq", "use a two-letter code such as en, ro or bg"),
])
def test_a_mistaken_language_code_is_suggested_the_language_it_names(fixture_site: FixtureSite, written: str,
                                                                     hint: str) -> None:
    """The nearest spelling among CLDR's 600 codes named obscure languages: an editor who took
    "did you mean 'eu'?" for German would have published interpretation into Basque."""
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: break\n"
                                f"        title: Coffee\n        interpretation: [{written}]")
    [error] = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert (error.where.line, error.hint) == (17, hint)


def test_a_site_language_given_as_a_country_code_is_told_its_language(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    site_yaml = fixture_site.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("languages: [en, ro]", "languages: [en, md]"))
    code, output = run_cli(["check", "--project", str(fixture_site.root)])
    assert code == 1
    assert ("site.yaml:3:17: 'md' is not a language the site can be written in\n"
            "  hint: 'md' is the code of the country Moldova: did you mean 'ro' (Romanian)?") in output


@pytest.mark.parametrize(("written", "hint"), [
    ("XX", "use the two capital letters, like RO, MD or BG"),  # was published as "Iași, XX"
    ("UK", "did you mean GB (United Kingdom)?"),  # was published as "Iași, UK", in every language
    ("EL", "did you mean GR (Greece)?"),
    ("Bulgaria", "did you mean BG (Bulgaria)?"),
    ("Republica Moldova", "did you mean MD (Moldova)?"),
    ("md", "write it in capitals: MD"),
])
def test_a_country_code_that_names_no_country_is_an_error_with_the_code_meant(
        fixture_site: FixtureSite, written: str, hint: str) -> None:
    fixture_site.edition(venue=f"venue:\n  city: Iași\n  country: {written}")
    [error] = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert (error.where.line, error.message, error.hint) == (11, f"'country': {written!r} is not a country code", hint)


@pytest.mark.parametrize(("path", "text", "line", "field"), [
    (E, edition_yaml(timezone="timezone:"), 7, "timezone"),
    (E, edition_yaml(title="title: ~"), 3, "title"),
    ("content/people/ana-popescu.yaml", "# Ana\nname:\n", 2, "name"),
])
def test_a_required_field_left_empty_is_reported_at_its_own_line(fixture_site: FixtureSite, path: str, text: str,
                                                                 line: int, field: str) -> None:
    """It was "missing required field 'timezone'" at line 1 with the hint to add a line 'timezone: …',
    which, followed, gave a second 'timezone' and a duplicate key."""
    fixture_site.edition()
    fixture_site.write(path, text)
    errors = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert [(p.where.path, p.where.line, p.message) for p in errors] == [(path, line, f"'{field}' has no value")]
    assert errors[0].hint.startswith(f"write its value after '{field}:'")


def test_a_moderator_written_like_a_speaker_with_a_role_is_told_to_write_the_id_alone(
        fixture_site: FixtureSite) -> None:
    """A talk's speaker may be {person: …, role: …}; a chair, moderator or facilitator is an id. It was
    "expected a text", with the hint "write the text after the colon, in quotes if it has a ':'"."""
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: panel\n"
                                "        title: Clusters\n        moderators:\n"
                                "          - {person: ana-popescu, role: Director}")
    [error] = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert (error.where.line, error.message) == (18, "expected an id, got a block of fields")
    assert error.hint == ("write the id alone ('ana-popescu'): a role and an organisation are given only to the "
                          "speakers of a talk")
