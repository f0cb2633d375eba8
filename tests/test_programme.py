"""The printed programme: a PDF of the agenda per edition and language, for the editions that ask
for one. Its text is read back with pypdf and checked against the facts, in each language."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
from collections.abc import Callable

import pypdf
import pytest
from conftest import FIXED_NOW, FixtureSite

from confsite import formatting, scaffold
from confsite.outputs import programme
from confsite.pipeline import Options, build
from confsite.serve import Preview

SITE = """\
title: {en: Test Conferences, ro: Conferințe de test, bg: Тестови конференции}
base_url: https://example.org/conf/
languages: [en, ro, bg]
series:
  - id: cmr
    name: Clusters meet Regions
navigation: [home, people]
"""
AGENDA = """\
agenda:
  - date: 2030-05-12
    sessions:
      - kind: keynote
        title:
          en: Smart growth in a changing world
          ro: Creșterea inteligentă într-o lume în schimbare
          bg: Интелигентен растеж в променящия се свят
        start: "09:30"
        end: "10:15"
        talks:
          - speakers: [ana-popescu]
      - kind: panel
        title: {en: Clusters across borders, ro: Clusterele peste granițe, bg: Клъстерите отвъд границите}
        start: "10:30"
        end: "12:00"
  - date: 2030-05-13
    sessions:
      - kind: workshop
        title: {en: Țesături și piețe, ro: Țesături și piețe, bg: Тъкани и пазари}
        part_of_day: afternoon"""
PDFS = tuple(f"2030-iasi/programme-2030-iasi-{lang}.pdf" for lang in ("en", "ro", "bg"))


def printed_site(site: FixtureSite, pdf: str = "programme_pdf: true") -> FixtureSite:
    site.write("site.yaml", SITE)
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.edition("2030-iasi", languages="languages: [en, ro, bg]",
                 title="title: {en: Iași 2030, ro: Iași 2030, bg: Яш 2030}",
                 venue="venue:\n  city: {en: Iași, ro: Iași, bg: Яш}\n  country: RO", agenda=AGENDA, pdf=pdf)
    return site


def text_of(path: pathlib.Path) -> tuple[str, int]:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> FixtureSite:
    site = printed_site(FixtureSite(tmp_path_factory.mktemp("printed") / "project"))
    result = site.build()
    assert result.ok, [p.format() for p in result.errors]
    return site


@pytest.mark.parametrize("lang", ["en", "ro", "bg"])
def test_the_programme_says_the_agenda_in_the_page_language(built: FixtureSite, lang: str) -> None:
    text, pages = text_of(built.root / "_site" / f"2030-iasi/programme-2030-iasi-{lang}.pdf")
    words = " ".join(text.split())
    titles = {"en": ("Smart growth in a changing world", "Clusters across borders"),
              "ro": ("Creșterea inteligentă într-o lume în schimbare", "Clusterele peste granițe"),
              "bg": ("Интелигентен растеж в променящия се свят", "Клъстерите отвъд границите")}[lang]
    for title in titles:
        assert title in words
    assert "Ana Popescu" in words
    # both days, headed by their dates as the site writes them ("12 mai 2030", "12 май 2030 г.")
    for day in (dt.date(2030, 5, 12), dt.date(2030, 5, 13)):
        assert formatting.date(day, lang) in words
    assert formatting.date_range(dt.date(2030, 5, 12), dt.date(2030, 5, 13), lang) in words
    # the times in the venue's zone, and "as of" the build's date
    assert re.search(r"\b0?9:30\b", words) and re.search(r"\b10:15\b", words)
    assert formatting.date(FIXED_NOW.date(), lang) in words
    assert "https://example.org/conf/" + lang + "/2030-iasi/agenda/" in words
    # page numbers: "1 / N" on the first page, "N / N" on the last
    assert re.search(rf"\b1 / {pages}\b", text) and re.search(rf"\b{pages} / {pages}\b", text)


def test_the_programme_is_real_text_in_the_shipped_fonts(built: FixtureSite) -> None:
    reader = pypdf.PdfReader(built.root / "_site" / PDFS[2])
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}  # type: ignore[union-attr]
    # only the shipped fonts (the template's "Programme" family), embedded: no system font filled a gap
    assert fonts == {name for name in fonts if re.fullmatch(r"/[A-Z]{6}\+Programme(-Bold)?", name)} != set()
    assert "Яш 2030" in reader.pages[0].extract_text()
    assert "Țesături și piețe" in text_of(built.root / "_site" / PDFS[1])[0]  # ș and ț with commas, not cedillas
    assert reader.metadata is not None
    assert reader.metadata.creation_date == dt.datetime(2026, 11, 25, tzinfo=dt.UTC)


@pytest.mark.parametrize("lang", ["ro", "bg"])
def test_the_agenda_links_its_programme_with_its_size(built: FixtureSite, lang: str) -> None:
    html = (built.root / "_site" / lang / "2030-iasi/agenda/index.html").read_text()
    size = (built.root / "_site" / f"2030-iasi/programme-2030-iasi-{lang}.pdf").stat().st_size
    link = re.search(r'<a href="/conf/2030-iasi/programme-2030-iasi-' + lang + r'\.pdf" download>([^<]+)</a> '
                     r'<span class="meta">\(PDF, ([^)]+)\)</span>', html)
    assert link, "the agenda links its printed programme"
    assert link[2] == formatting.file_size(size, lang)


def test_two_builds_give_the_same_bytes_and_the_cache_keeps_them(built: FixtureSite,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = {path: (built.root / "_site" / path).read_bytes() for path in PDFS}

    def fails(*args: object) -> bytes:
        raise AssertionError("made again")

    monkeypatch.setattr(programme, "pdf", fails)
    again = built.build()  # from the cache: nothing is printed again
    assert again.ok, [p.format() for p in again.errors]
    assert {path: (built.root / "_site" / path).read_bytes() for path in PDFS} == first
    monkeypatch.undo()
    fresh = build(Options(project=built.root, output=built.root / "fresh", cache=False), FIXED_NOW)
    assert fresh.ok  # printed again, from nothing
    assert {path: (built.root / "fresh" / path).read_bytes() for path in PDFS} == first


def test_other_pdf_tools_print_again(built: FixtureSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF's bytes depend on Pango, HarfBuzz and whether HarfBuzz's subsetter is there, which the
    cache key left out: a programme cached before the subsetter was installed (or removed) was
    kept, and a cached build gave other bytes than a fresh one."""
    same = built.build()
    assert same.ok and (same.spent["programme"].made, same.spent["programme"].kept) == (0, len(PDFS))
    monkeypatch.setattr(programme, "pdf_tools", lambda: "pango 1, harfbuzz 2, subsetter no, fonttools 3")
    other = built.build()
    assert other.ok and (other.spent["programme"].made, other.spent["programme"].kept) == (len(PDFS), 0)


def test_the_fonts_it_holds_are_dated_by_the_build_not_the_clock(built: FixtureSite,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Without HarfBuzz's subsetter (some systems lack it), WeasyPrint cuts the fonts down with
    fontTools, which dates them by the clock: two builds a second apart must still agree."""
    import types

    from fontTools.misc import timeTools
    from weasyprint.pdf import fonts

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    made = []
    for seconds in (2_000_000_000, 2_000_000_001):
        monkeypatch.setattr(timeTools, "time", types.SimpleNamespace(time=lambda seconds=seconds: seconds))
        output = built.root / f"clock-{seconds}"
        result = build(Options(project=built.root, output=output, cache=False), FIXED_NOW)
        assert result.ok, [p.format() for p in result.errors]
        made.append({path: (output / path).read_bytes() for path in PDFS})
    assert made[0] == made[1]
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_a_changed_agenda_prints_again(fixture_site: FixtureSite, monkeypatch: pytest.MonkeyPatch) -> None:
    site = printed_site(fixture_site)
    site.write("site.yaml", SITE.replace("languages: [en, ro, bg]", "languages: [en]"))
    assert site.build().ok
    made: list[str] = []
    real = programme.pdf
    monkeypatch.setattr(programme, "pdf", lambda html, path, env: made.append(path) or real(html, path, env))
    edition = site.root / "content/editions/2030-iasi/edition.yaml"
    edition.write_text(edition.read_text().replace("Clusters across borders", "Clusters over borders"))
    assert site.build().ok
    assert made == ["2030-iasi/programme-2030-iasi-en.pdf"]
    assert "Clusters over borders" in text_of(site.root / "_site" / made[0])[0]


def test_only_the_editions_that_ask_get_one(fixture_site: FixtureSite) -> None:
    site = printed_site(fixture_site, pdf="")
    site.write("site.yaml", SITE.replace("languages: [en, ro, bg]", "languages: [en]"))
    assert site.build().ok
    assert not list((site.root / "_site").rglob("*.pdf"))
    assert "Printable programme" not in (site.root / "_site/en/2030-iasi/agenda/index.html").read_text()


def test_serve_makes_no_programme(fixture_site: FixtureSite) -> None:
    site = printed_site(fixture_site)
    preview = Preview(site.root, site.root / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    assert preview.full().ok
    assert not list((site.root / "preview").rglob("*.pdf"))
    assert "programme-2030-iasi" not in (site.root / "preview/en/2030-iasi/agenda/index.html").read_text()


def test_the_field_is_yes_or_no_named_at_its_line(fixture_site: FixtureSite) -> None:
    site = printed_site(fixture_site, pdf="programme_pdf: sometimes")
    path = "content/editions/2030-iasi/edition.yaml"
    line = (site.root / path).read_text().splitlines().index("programme_pdf: sometimes") + 1
    assert site.messages() == [f"{path}:{line}:16: 'programme_pdf': expected true or false, got 'sometimes'"]
    edition = site.root / path
    edition.write_text(edition.read_text().replace("programme_pdf: sometimes", 'programme_pdf: "yes"'))
    [problem] = [p for p in site.build(write=False).problems if p.is_error]
    assert (problem.message, problem.hint) == (
        "'programme_pdf': expected true or false, got the text 'yes' (in quotes)", "write yes without quotes")


def test_the_real_site_prints_the_agendas_worth_printing(site_dir: pathlib.Path, page: Callable[[str], str]) -> None:
    printed = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.pdf"))
    assert printed == [f"{slug}/programme-{slug}-{lang}.pdf" for slug in ("2020-varna", "2023-iasi")
                       for lang in ("bg", "en", "ro")]
    text, _ = text_of(site_dir / "2023-iasi/programme-2023-iasi-ro.pdf")
    assert "22 noiembrie 2023" in text and "Jan-Philipp Kramer" in text
    text, _ = text_of(site_dir / "2020-varna/programme-2020-varna-bg.pdf")
    assert "28 септември 2020 г." in text and "Тодор Тонев" in " ".join(text.split())
    assert "programme-2023-iasi-en.pdf" in page("en/2023-iasi/agenda/")
    assert ".pdf" not in page("en/2024-chisinau/agenda/")  # only a matchmaking: nothing worth printing


def test_a_new_edition_asks_for_its_programme(fixture_site: FixtureSite) -> None:
    scaffold.new_edition(fixture_site.root, 2030, "Ruse", "cmr", ["cmr"], ["en", "ro"])
    path = fixture_site.root / "content/editions/2030-ruse/edition.yaml"
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "")
    path.write_text(text + "agenda:\n  - date: 2030-01-01\n    sessions:\n      - kind: keynote\n"
                    "        title: {en: Opening}\n", encoding="utf-8")
    assert fixture_site.build().ok
    assert (fixture_site.root / "_site/2030-ruse/programme-2030-ruse-ro.pdf").is_file()


def test_the_agenda_shows_the_size_of_its_programme_as_it_is_now_even_from_the_cache(
        fixture_site: FixtureSite) -> None:
    """The agenda's record holds what its programme read: a change only the programme shows (here
    a person the agenda does not name, shown by a programme template of the project's own) makes
    the agenda again, with the new size."""
    site = printed_site(fixture_site)
    site.write("site.yaml", SITE.replace("languages: [en, ro, bg]", "languages: [en]"))
    site.write("content/people/ion-ionescu.yaml", "name: Ion Ionescu\n")
    template = site.root / "templates/programme.html"
    template.write_text(template.read_text().replace(
        "<header>", '<header><p>{{ t(site.content.people["ion-ionescu"].name) }}</p>', 1))
    assert site.build().ok
    pdf, agenda = site.root / "_site" / PDFS[0], site.root / "_site/en/2030-iasi/agenda/index.html"
    before = formatting.file_size(pdf.stat().st_size, "en")
    assert f"(PDF, {before})" in agenda.read_text()
    # letters the programme did not print yet: its font grows by their glyphs
    (site.root / "content/people/ion-ionescu.yaml").write_text("name: Ион Йонеску ЖЩЮЯ 0123456789 ÀÉÎÕÜ ßøæ\n")
    assert site.build().ok  # with the cache
    assert "Йонеску" in text_of(pdf)[0]
    after = formatting.file_size(pdf.stat().st_size, "en")
    assert after != before and f"(PDF, {after})" in agenda.read_text()


@pytest.mark.parametrize("jobs", [1, 2])
def test_printing_leaves_nothing_in_the_temporary_folder(fixture_site: FixtureSite, tmp_path: pathlib.Path,
                                                        monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """WeasyPrint copies the fonts into a temporary folder of its own, which a forked worker that the
    pool ends never removed: one more folder in /tmp after each build that printed."""
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # the workers fork with it
    site = printed_site(fixture_site)
    result = site.build(jobs=jobs, cache=False)
    assert result.ok, [p.format() for p in result.errors]
    assert all((site.root / "_site" / path).is_file() for path in PDFS)
    assert sorted(path.name for path in scratch.iterdir()) == []


def running_head(page: pypdf.PageObject) -> str:
    """The words printed in a page's top margin (22 mm, the template's): its running head."""
    top, found = float(page.mediabox.top) - 22 * 72 / 25.4, []

    def seen(text: str, matrix: list[float], text_matrix: list[float], *_: object) -> None:
        # where the text starts on the page: its text matrix times the current matrix
        if text.strip() and text_matrix[4] * matrix[1] + text_matrix[5] * matrix[3] + matrix[5] > top:
            found.append(text)
    page.extract_text(visitor_text=seen)
    return " ".join(" ".join(found).split())


def test_a_page_is_headed_by_the_day_it_starts_in(fixture_site: FixtureSite) -> None:
    """A day that runs on to the next page heads that page, not the next day that starts lower on it:
    a visitor who turns the page reads the sessions under the day they happen on."""
    long_day = "\n".join(f'      - {{kind: session, title: "Session {n}", start: "{8 + n // 4:02d}:{n % 4 * 15:02d}", '
                         f'end: "{8 + n // 4:02d}:{n % 4 * 15 + 10:02d}", description: {{en: "Notes on item {n}."}}}}'
                         for n in range(18))
    agenda = ("agenda:\n  - date: 2030-05-12\n    sessions:\n" + long_day +
              '\n  - date: 2030-05-13\n    sessions:\n      - {kind: closing, title: "Closing", start: "09:00"}')
    fixture_site.edition("2030-iasi", agenda=agenda, pdf="programme_pdf: true")
    result = fixture_site.build()
    assert result.ok, [p.format() for p in result.errors]
    reader = pypdf.PdfReader(fixture_site.root / "_site/2030-iasi/programme-2030-iasi-en.pdf")
    first, second = (formatting.day(dt.date(2030, 5, day), "en") for day in (12, 13))
    [page] = [page for page in reader.pages if second in page.extract_text()]  # where the second day starts
    assert page is not reader.pages[0]
    assert "Notes on item" in page.extract_text().split(second)[0], "the second page opens with the first day"
    assert running_head(page) == f"Test Edition {first}"


def test_a_long_day_of_sessions_without_talks_starts_on_the_first_page(fixture_site: FixtureSite) -> None:
    """A session that ends with its title (no talks, no notes) still lets the page break after it:
    the title's own 'avoid a break after me' would otherwise forbid a break between any two such
    sessions, and a day of them too long for the rest of the first page went whole to the next ones,
    its heading alone on the second page."""
    sessions = "\n".join(f'      - {{kind: session, title: "Session {n}", start: "{8 + n // 4:02d}:{n % 4 * 15:02d}", '
                         f'end: "{8 + n // 4:02d}:{n % 4 * 15 + 10:02d}"}}' for n in range(20))
    fixture_site.edition("2030-iasi", agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n" + sessions,
                         pdf="programme_pdf: true")
    result = fixture_site.build()
    assert result.ok, [p.format() for p in result.errors]
    reader = pypdf.PdfReader(fixture_site.root / "_site/2030-iasi/programme-2030-iasi-en.pdf")
    first_page = reader.pages[0].extract_text()
    assert formatting.day(dt.date(2030, 5, 12), "en") in first_page and "Session 0" in first_page
    assert len(reader.pages) == 2, "twenty short sessions fill a page and a bit"
