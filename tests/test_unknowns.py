"""What the sources do not say stays unsaid: an unknown format, registration, speaker or programme day,
and a document kept on another website's page (issue 12, points 4 and 5)."""

import re

from conftest import FixtureSite

AGENDA_DAY = "agenda:\n  - date: 2030-05-13\n    sessions:\n      - {kind: panel, title: Panel}"


def test_an_edition_without_a_format_shows_no_format_line(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="")
    assert fixture_site.build().ok
    html = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert "<dt>Format</dt>" not in html
    assert "Iași, Romania" in re.sub(r"<[^>]+>", "", html)  # the place is still said
    assert "eventAttendanceMode" not in html  # structured data claims no format either


def test_an_edition_without_format_or_venue_is_reported(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="", venue="")
    assert fixture_site.messages() == [
        "content/editions/2030-iasi/edition.yaml:1:1: this edition has neither a format nor a venue"]


def test_a_past_edition_without_registration_facts_says_nothing_about_it(fixture_site: FixtureSite) -> None:
    fixture_site.edition(dates="dates:\n  start: 2024-05-12\n  end: 2024-05-13", slug="2024-iasi")
    assert fixture_site.build().ok
    html = (fixture_site.root / "_site/en/2024-iasi/index.html").read_text()
    assert "Registration" not in html and 'class="registration"' not in html


def test_registration_closed_where_a_source_says_so(fixture_site: FixtureSite) -> None:
    fixture_site.edition(dates="dates:\n  start: 2024-05-12\n  end: 2024-05-13", slug="2024-iasi",
                         registration="registration:\n  closed: true")
    assert fixture_site.build().ok
    assert '<p class="closed">Registration closed</p>' in (
        fixture_site.root / "_site/en/2024-iasi/index.html").read_text()


def test_every_day_of_an_agenda_is_shown_and_days_without_a_programme_say_so(fixture_site: FixtureSite) -> None:
    fixture_site.edition(dates="dates:\n  start: 2030-05-12\n  end: 2030-05-14",
                         agenda="agenda:\n  - date: 2030-05-13\n    topics: [Bioeconomy]\n"
                                "  - date: 2030-05-14\n    sessions:\n      - {kind: panel, title: Panel}")
    assert fixture_site.build().ok
    html = (fixture_site.root / "_site/en/2030-iasi/agenda/index.html").read_text()
    days = html.split('<section class="day"')[1:]
    assert ['id="day-2030-05-1' + d in day for d, day in zip("234", days, strict=True)] == [True] * 3
    missing = "The programme of this day is not published on this site."
    # nothing known; topics only (nothing said to be missing); sessions
    assert [missing in day for day in days] == [True, False, False]
    assert "Bioeconomy" in days[1]


def test_a_talk_may_name_no_speaker_when_it_has_a_title(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                "      - kind: pitching\n        title: Pitches\n"
                                "        facilitators: [ana-popescu]\n"
                                "        talks:\n          - title: Ukrainian cluster pitches\n")
    assert fixture_site.build().ok
    html = (fixture_site.root / "_site/en/2030-iasi/agenda/index.html").read_text()
    assert "Ukrainian cluster pitches" in html and "Facilitator: <a" in html
    assert 'class="speakers"' not in html  # the facilitator is no speaker of the pitches


def test_a_talk_needs_a_speaker_or_a_title(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                "      - kind: panel\n        title: Panel\n"
                                "        talks:\n          - slides: unpublished\n")
    assert any("missing required field 'speakers'" in m for m in fixture_site.messages())


def test_a_document_held_elsewhere_links_to_its_page(fixture_site: FixtureSite) -> None:
    fixture_site.edition(downloads="downloads:\n  - title: Final agenda\n    kind: agenda\n"
                                   "    page: https://example.org/event\n")
    assert fixture_site.build().ok
    html = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert '<a href="https://example.org/event" rel="external">Final agenda</a>' in html
    assert "(on the public page that holds it)" in html


def test_a_page_is_only_for_a_document_without_a_link(fixture_site: FixtureSite) -> None:
    fixture_site.edition(downloads="downloads:\n  - title: Final agenda\n    url: https://example.org/a.pdf\n"
                                   "    page: https://example.org/event\n")
    assert any("'page' is for a document that is not published here" in m for m in fixture_site.messages())
