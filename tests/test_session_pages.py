"""A page per timed session, and the languages a session is held in: validated at their lines,
resolved into each day's order, shown in the page's language, and found by the search filter."""

from __future__ import annotations

import json
import pathlib
import re

import pytest
from conftest import MINIMAL_SITE, FixtureSite
from selectolax.lexbor import LexborHTMLParser

from confsite.edition import Edition
from confsite.resolve import session_entries

E = "content/editions/2030-iasi/edition.yaml"

AGENDA = """agenda:
  - date: 2030-05-12
    sessions:
      - kind: opening
        title: {en: Welcome, ro: Bun venit}
        start: "09:30"
        end: "10:00"
        chairs: [ion-rusu]
      - kind: closing
        title: {en: Closing}
        start: "11:00"
        talks:
          - title: {en: A word from Sofia}
            language: bg
            speakers: [ion-rusu]
      - kind: keynote
        id: keynote
        title: {ro: Clusterele și regiunile}
        start: "10:00"
        end: "11:00"
        room: {en: Aula Magna}
        track: {en: Main track, ro: Secțiunea principală}
        language: ro
        interpretation: [en, bg]
        description:
          ro: |
            Primul paragraf,
            pe două rânduri.

            Al doilea <paragraf>.
        talks:
          - speakers: [{person: ana-popescu, role: {en: Director, ro: Directoare}, organisation: agency}]
            title: {en: Twenty years, ro: Douăzeci de ani}
            slides: {url: https://example.org/slides.pdf}
      - kind: panel
        title: {en: Untimed panel}
        part_of_day: afternoon
  - date: 2030-05-13
    sessions:
      - {kind: workshop, title: {en: Next day}, start: "09:00"}
"""

PAGES = {"2030-05-12-0930": "Welcome", "keynote": "Clusterele și regiunile", "2030-05-12-1100": "Closing",
         "2030-05-13-0900": "Next day"}


def write_people(site: FixtureSite) -> None:
    """The people and the organisation the agendas of these tests name."""
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    site.write("content/organisations/agency.yaml", "name: {en: Regional Agency, ro: Agenția Regională}\n")


def make(site: FixtureSite) -> None:
    site.write("site.yaml", MINIMAL_SITE.replace("languages: [en, ro]", "languages: [en, ro, bg]"))
    write_people(site)
    site.edition(languages="languages: [ro, en]", title="title: {en: Test Edition, ro: Ediția de test}",
                 agenda=AGENDA)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    site = FixtureSite(tmp_path_factory.mktemp("sessions") / "project")
    make(site)
    result = site.build(search=False)
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return site.root / "_site"


def read(out: pathlib.Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


# --- validate ------------------------------------------------------------------------------------


def test_language_codes_are_checked_at_their_lines(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - kind: panel
        title: A
        start: "09:00"
        language: ro
        interpretation:
          - en
          - xx
          - ro
        talks:
          - title: T
            language: zz
            interpretation: bg
      - kind: panel
        title: B
        start: "10:00"
        language: Romanian
""")
    text = (fixture_site.root / E).read_text().splitlines()

    def line(needle: str) -> int:
        return next(i for i, written in enumerate(text, 1) if written.strip() == needle)

    assert fixture_site.messages() == [
        f"{E}:{line('- xx')}:13: 'xx' is not a known language code",
        f"{E}:{line('- ro')}:13: 'interpretation': the session is already held in 'ro'",
        f"{E}:{line('language: zz')}:23: 'language': 'zz' is not a known language code",
        f"{E}:{line('language: Romanian')}:19: 'language': 'Romanian' is not a language code",
    ]


def test_one_interpreted_language_may_be_written_without_brackets(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: panel, title: A, start: "09:00", language: ro, interpretation: en}
""")
    result = fixture_site.build(write=False)
    assert result.errors == []
    [session] = result.site.content.editions[0].agenda[0].sessions  # type: ignore[union-attr]
    assert (session.language, session.interpretation) == ("ro", ("en",))


# --- resolve -------------------------------------------------------------------------------------


def edition_of(site: FixtureSite) -> Edition:
    result = site.build(write=False)
    assert result.errors == [], result.errors
    return result.site.content.editions[0]  # type: ignore[union-attr]


def test_timed_sessions_get_their_calendar_keys_and_neighbours_by_start(fixture_site: FixtureSite) -> None:
    make(fixture_site)
    entries = session_entries(edition_of(fixture_site))
    # agenda order, untimed left out; neighbours by start time within the day, not by agenda order
    assert [(e.key, e.previous, e.next) for e in entries] == [
        ("2030-05-12-0930", None, "keynote"),
        ("2030-05-12-1100", "keynote", None),
        ("keynote", "2030-05-12-0930", "2030-05-12-1100"),
        ("2030-05-13-0900", None, None),
    ]
    keynote = entries[2].session
    assert keynote.spoken == ("ro",) and entries[1].session.spoken == ("bg",)  # a talk's language counts


# --- pages ---------------------------------------------------------------------------------------


def test_every_timed_session_has_a_page_in_every_language(built: pathlib.Path) -> None:
    for lang in ("en", "ro", "bg"):
        found = {p.parent.name for p in (built / lang / "2030-iasi" / "sessions").glob("*/index.html")}
        assert found == set(PAGES)
    sitemap = (built / "sitemap.xml").read_text()
    assert "https://example.org/conf/ro/2030-iasi/sessions/keynote/" in sitemap
    assert "https://example.org/conf/bg/2030-iasi/sessions/keynote/" not in sitemap  # a fallback page


def test_the_session_page_shows_the_facts(built: pathlib.Path) -> None:
    html = read(built, "en/2030-iasi/sessions/keynote")
    body = main(html)
    assert '<h1><span lang="ro">Clusterele și regiunile</span></h1>' in body  # no English title: Romanian
    assert "12 May 2030" in body and "10:00–11:00 (UTC+03:00)" in body
    assert "Main track" in body and "Aula Magna" in body
    assert 'href="/conf/en/people/ana-popescu/">Ana Popescu</a>' in body and "Director" in body
    assert 'href="/conf/en/organisations/agency/">Regional Agency</a>' in body
    assert "Twenty years" in body and 'href="https://example.org/slides.pdf"' in body
    assert 'href="/conf/en/2030-iasi/calendar/keynote.ics"' in body
    assert (built / "en/2030-iasi/calendar/keynote.ics").is_file()
    assert 'href="/conf/en/2030-iasi/agenda/#day-2030-05-12"' in body
    assert '<link rel="alternate" hreflang="ro" href="https://example.org/conf/ro/2030-iasi/sessions/keynote/">' in html


@pytest.mark.parametrize("path", ["en/2030-iasi/sessions/keynote", "en/2030-iasi/agenda"])
def test_a_description_keeps_its_paragraphs_and_line_breaks(built: pathlib.Path, path: str) -> None:
    # a blank line starts a paragraph, a line break stays one; each paragraph says its language
    assert ('<p lang="ro">Primul paragraf,<br>\npe două rânduri.</p>\n<p lang="ro">Al doilea &lt;paragraf&gt;.</p>'
            in main(read(built, path)))


def test_the_session_page_has_the_agendas_star(built: pathlib.Path) -> None:
    html = read(built, "ro/2030-iasi/sessions/keynote")
    assert 'class="star" aria-pressed="false" data-edition="/conf/2030-iasi" data-key="keynote"' in html
    assert "Agenda mea: Clusterele și regiunile" in html  # its label, in the page's language
    assert re.search(r'<script src="[^"]*my-agenda\.js[^"]*" defer', html)  # the script that gives it its state
    agenda = read(built, "ro/2030-iasi/agenda")
    assert 'data-key="keynote"' in agenda  # the same key on the agenda: one star, two places


def test_previous_and_next_within_the_day(built: pathlib.Path) -> None:
    keynote = main(read(built, "en/2030-iasi/sessions/keynote"))
    assert re.search(r'href="/conf/en/2030-iasi/sessions/2030-05-12-0930/" rel="prev">.*Welcome', keynote)
    assert re.search(r'href="/conf/en/2030-iasi/sessions/2030-05-12-1100/" rel="next">.*Closing', keynote)
    first = main(read(built, "en/2030-iasi/sessions/2030-05-12-0930"))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'class="pager"' not in main(read(built, "en/2030-iasi/sessions/2030-05-13-0900"))  # alone that day


def test_json_ld_is_an_event_of_the_edition(built: pathlib.Path) -> None:
    html = read(built, "ro/2030-iasi/sessions/keynote")
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["@type"] == "Event" and data["name"] == "Clusterele și regiunile"
    assert (data["startDate"], data["endDate"]) == ("2030-05-12T10:00:00+03:00", "2030-05-12T11:00:00+03:00")
    assert data["superEvent"]["name"] == "Ediția de test"
    assert data["superEvent"]["url"] == "https://example.org/conf/ro/2030-iasi/"
    assert data["inLanguage"] == ["ro"] and data["performer"] == [{"@type": "Person", "name": "Ana Popescu"}]
    assert data["location"]["name"] == "Aula Magna, Iași"


@pytest.mark.parametrize(("lang", "spoken", "interpreted", "filter_name"), [
    ("en", "Language: Romanian", "Interpretation: English and Bulgarian", "Language:Romanian"),
    ("ro", "Limba: română", "Traducere simultană: engleză și bulgară", "Limba:română"),
    ("bg", "Език: румънски", "Симултанен превод: английски и български", "Език:румънски"),
])
def test_the_language_badge_speaks_the_pages_language(built: pathlib.Path, lang: str, spoken: str,
                                                      interpreted: str, filter_name: str) -> None:
    page = main(read(built, f"{lang}/2030-iasi/sessions/keynote"))
    assert spoken in page and interpreted in page
    assert page.count("data-pagefind-filter") == 1 and f'data-pagefind-filter="{filter_name}"' in page
    agenda = main(read(built, f"{lang}/2030-iasi/agenda"))
    assert spoken in agenda and interpreted in agenda
    assert "data-pagefind-filter" not in agenda  # the agenda holds every session: only their pages are filtered


def test_a_talk_in_a_language_of_its_own(built: pathlib.Path) -> None:
    closing = main(read(built, "en/2030-iasi/sessions/2030-05-12-1100"))
    assert closing.count("Language: Bulgarian") == 1  # the session's badge says it; the talk adds nothing
    assert 'data-pagefind-filter="Language:Bulgarian"' in closing
    assert "Language" not in main(read(built, "en/2030-iasi/sessions/2030-05-12-0930"))  # unsaid: no badge


def test_titles_in_another_language_carry_it(built: pathlib.Path) -> None:
    bg = main(read(built, "bg/2030-iasi/sessions/2030-05-12-0930"))  # no Bulgarian: the original, Romanian
    assert '<h1><span lang="ro">Bun venit</span></h1>' in bg
    ro = main(read(built, "ro/2030-iasi/sessions/2030-05-12-0930"))
    assert "<h1>Bun venit</h1>" in ro
    assert '<a href="/conf/en/2030-iasi/sessions/keynote/"><span lang="ro">Clusterele și regiunile</span></a>' in \
        main(read(built, "en/2030-iasi/agenda"))


def test_the_agenda_and_person_pages_link_to_session_pages(built: pathlib.Path) -> None:
    agenda = main(read(built, "ro/2030-iasi/agenda"))
    for key in PAGES:
        assert f'href="/conf/ro/2030-iasi/sessions/{key}/"' in agenda
    assert '<h3><span lang="en">Untimed panel</span></h3>' in agenda  # no page: no link
    ana = main(read(built, "en/people/ana-popescu"))
    assert 'href="/conf/en/2030-iasi/sessions/keynote/"' in ana
    ion = main(read(built, "bg/people/ion-rusu"))
    assert 'href="/conf/bg/2030-iasi/sessions/2030-05-12-0930/"' in ion
    assert 'href="/conf/bg/2030-iasi/sessions/2030-05-12-1100/"' in ion


def test_a_person_page_links_an_untimed_session_to_its_day_on_the_agenda(fixture_site: FixtureSite) -> None:
    """An untimed session has no page: the link that names it led to the top of a long agenda; it
    leads to its day there."""
    write_people(fixture_site)
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: opening, title: {en: Welcome}, part_of_day: morning}
  - date: 2030-05-13
    sessions:
      - {kind: panel, title: {en: Ports}, part_of_day: afternoon, chairs: [ion-rusu]}""")
    assert fixture_site.build(search=False).ok
    ion = main(read(fixture_site.root / "_site", "en/people/ion-rusu"))
    assert '<a href="/conf/en/2030-iasi/agenda/#day-2030-05-13">Ports</a>' in ion
    agenda = read(fixture_site.root / "_site", "en/2030-iasi/agenda")
    assert 'id="day-2030-05-13"' in agenda


def test_each_add_to_calendar_link_names_its_session(built: pathlib.Path) -> None:
    """A screen reader's list of links tells the agenda's calendar links apart: each names its
    session, in words only it reads."""
    agenda = LexborHTMLParser(read(built, "en/2030-iasi/agenda"))
    names = [" ".join(link.text().split()) for link in agenda.css("a.ics")]
    assert names == ["Add to calendar: Welcome", "Add to calendar: Closing",
                     "Add to calendar: Clusterele și regiunile", "Add to calendar: Next day"]
    assert all(link.css_first(".visually-hidden") for link in agenda.css("a.ics"))


def test_an_id_keeps_the_address_when_the_time_changes(fixture_site: FixtureSite) -> None:
    make(fixture_site)
    later = AGENDA.replace('start: "10:00"\n        end: "11:00"', 'start: "10:05"\n        end: "11:00"')
    assert later != AGENDA
    fixture_site.edition(languages="languages: [ro, en]", title="title: {en: Test Edition, ro: Ediția de test}",
                         agenda=later)
    assert [e.key for e in session_entries(edition_of(fixture_site))][2] == "keynote"


def test_an_untimed_agenda_has_no_session_pages(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - {kind: panel, title: Morning panel, part_of_day: morning, id: morning-panel, language: ro}
""")
    result = fixture_site.build(search=False)
    assert result.ok
    assert not (fixture_site.root / "_site/en/2030-iasi/sessions").exists()
    agenda = main((fixture_site.root / "_site/en/2030-iasi/agenda/index.html").read_text())
    assert "<h3>Morning panel</h3>" in agenda and "Language: Romanian" in agenda


def test_a_renamed_edition_redirects_its_session_pages(fixture_site: FixtureSite) -> None:
    make(fixture_site)
    fixture_site.edition(languages="languages: [ro, en]", title="title: {en: Test Edition, ro: Ediția de test}",
                         agenda=AGENDA, former_slugs="former_slugs: [2030-jassy]")
    assert fixture_site.build(search=False).ok
    old = (fixture_site.root / "_site/en/2030-jassy/sessions/keynote/index.html").read_text()
    assert 'href="https://example.org/conf/en/2030-iasi/sessions/keynote/"' in old


def test_the_pages_description_is_the_abstract_shortened(fixture_site: FixtureSite) -> None:
    """The meta and link-preview description took the whole abstract (an imported one may run to
    5,000 characters, twice in each page's head); it is now its first words, on one line."""
    make(fixture_site)
    sentence = "Ports share quays, data and people across borders. "
    edition = fixture_site.root / E
    edition.write_text(edition.read_text().replace(
        "        description:\n          ro: |", f"        description:\n          en: |\n            {sentence * 3}"
        f"\n\n            {sentence * 40}\n          ro: |"))
    result = fixture_site.build(search=False)
    assert result.ok, [p.format() for p in result.errors]
    page = read(fixture_site.root / "_site", "en/2030-iasi/sessions/keynote")
    [described] = re.findall(r'<meta name="description" content="([^"]*)">', page)
    assert described.endswith("…") and len(described) <= 160 and "\n" not in described
    assert described.startswith(f"{sentence * 2}Ports share")
    assert f'<meta property="og:description" content="{described}">' in page
    assert f"<p>{(sentence * 40).strip()}</p>" in main(page)  # the page itself shows it all


def test_a_line_of_no_break_spaces_parts_paragraphs_too(fixture_site: FixtureSite) -> None:
    """A word processor's empty line is often a no-break space: it parts two paragraphs as a blank
    line does, rather than making two line breaks."""
    make(fixture_site)
    edition = fixture_site.root / E
    edition.write_text(edition.read_text().replace(
        "        description:\n          ro: |", '        description:\n          en: "One.\\n\\u00a0 \\nTwo."\n'
        "          ro: |"))
    assert fixture_site.build(search=False).ok
    assert "<p>One.</p>\n<p>Two.</p>" in main(read(fixture_site.root / "_site", "en/2030-iasi/sessions/keynote"))


def test_the_online_link_is_on_the_edition_page_and_each_held_sessions_page(fixture_site: FixtureSite) -> None:
    """`online_url` is for the people who follow a hybrid or online edition from afar: the edition's
    page and each session's page link to it, in every language; a cancelled session's page does not."""
    fixture_site.edition(format="format: hybrid", languages="languages: [en, ro]",
                         venue="venue:\n  city: Iași\n  country: RO\nonline_url: https://example.org/stream?room=1&x=2",
                         agenda='agenda:\n  - date: 2030-05-12\n    sessions:\n'
                                '      - {kind: keynote, title: {en: Held}, start: "10:00"}\n'
                                '      - {kind: panel, title: {en: Called off}, start: "11:00", cancelled: yes}')
    assert fixture_site.build(search=False).ok
    out = fixture_site.root / "_site"
    link = '<a href="https://example.org/stream?room=1&amp;x=2" rel="external">https://example.org/stream?room=1&amp;x=2</a>'
    for lang, online in (("en", "Online"), ("ro", "Online")):
        for page in (f"{lang}/2030-iasi/index.html", f"{lang}/2030-iasi/sessions/2030-05-12-1000/index.html"):
            assert f"<dt>{online}</dt> <dd>{link}</dd>" in (out / page).read_text(encoding="utf-8"), page
    cancelled = out / "en/2030-iasi/sessions/2030-05-12-1100/index.html"
    assert "<dt>Online</dt>" not in cancelled.read_text(encoding="utf-8")


def test_an_in_person_edition_shows_no_online_row(built: pathlib.Path) -> None:
    for page in ("en/2030-iasi/index.html", "en/2030-iasi/sessions/keynote/index.html"):
        assert "<dt>Online</dt>" not in (built / page).read_text(encoding="utf-8")


def test_a_renamed_edition_keeps_its_calendars_and_schedules_at_the_old_addresses(fixture_site: FixtureSite) -> None:
    """A page can redirect; a calendar program subscribed to /en/2030-jassy.ics, or a conference app
    reading 2030-jassy/schedule.json, cannot follow a page: they got 404 and stopped updating."""
    make(fixture_site)
    fixture_site.edition(languages="languages: [ro, en]", title="title: {en: Test Edition, ro: Ediția de test}",
                         agenda=AGENDA, former_slugs="former_slugs: [2030-jassy]")
    assert fixture_site.build(search=False).ok
    out = fixture_site.root / "_site"
    for new, old in (("en/2030-iasi.ics", "en/2030-jassy.ics"), ("2030-iasi.ics", "2030-jassy.ics"),
                     ("bg/2030-iasi.ics", "bg/2030-jassy.ics"), ("2030-iasi/schedule.json", "2030-jassy/schedule.json"),
                     ("2030-iasi/schedule.xml", "2030-jassy/schedule.xml")):
        assert (out / old).read_bytes() == (out / new).read_bytes(), old
    assert "2030-jassy" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_renamed_edition_keeps_the_ids_calendars_and_apps_know_its_sessions_by(fixture_site: FixtureSite) -> None:
    """Calendar programs and conference apps keep events, reminders and favourites by their UIDs,
    guids and ids, and visitors' browsers keep their stars by the edition. They were made from the
    folder name, so renaming the folder gave every session new ones: a subscriber saw each event
    twice, an app lost its favourites, a visitor their agenda."""
    make(fixture_site)
    assert fixture_site.build(search=False).ok
    out = fixture_site.root / "_site"

    def ids(slug: str) -> tuple[list[str], list[str]]:
        calendar = (out / f"en/{slug}.ics").read_text(encoding="utf-8")
        schedule = (out / f"{slug}/schedule.json").read_text(encoding="utf-8")
        return (re.findall(r"^UID:(.*)$", calendar, re.MULTILINE),
                re.findall(r'"(?:id|guid|acronym|slug)": ("[^"]*"|\d+)', schedule))

    before = ids("2030-iasi")
    assert len(before[0]) == 4 and any(line.startswith('"cmr2030iasi') for line in before[1])
    (fixture_site.root / "content/editions/2030-iasi").rename(fixture_site.root / "content/editions/2030-jassy")
    moved = fixture_site.root / "content/editions/2030-jassy/edition.yaml"
    moved.write_text(moved.read_text(encoding="utf-8") + "former_slugs: [2030-iasi]\n", encoding="utf-8")
    assert fixture_site.build(search=False).ok
    assert ids("2030-jassy") == before
    for page in ("en/2030-jassy/agenda/index.html", "en/2030-jassy/sessions/keynote/index.html"):
        html = (out / page).read_text(encoding="utf-8")  # visitors' stars are kept under the first name too
        assert 'data-edition="/conf/2030-iasi"' in html and 'data-edition="/conf/2030-jassy"' not in html
    assert '"url": "https://example.org/conf/en/2030-jassy/sessions/' in (out / "2030-jassy/schedule.json").read_text()
