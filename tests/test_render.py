"""Render stage on fixture sites: timed agendas, fallback pages, recorded inputs; the values it holds."""

import dataclasses
import datetime as dt
import inspect
import re

from conftest import FixtureSite

from confsite import edition, links, model, render, site
from confsite.outputs import base, calendars, cards, schedules
from confsite.recording import files_read

TIMED = """agenda:
  - date: 2030-05-12
    sessions:
      - kind: opening
        title: {en: Welcome, ro: Bun venit}
        start: "09:30"
        end: "10:00"
      - kind: keynote
        title: Clusters and regions
        start: "10:00"
        talks:
          - speakers:
              - person: ana-popescu
                role: {en: Director, ro: Directoare}
                organisation: agency
            title: Twenty years
            slides: unpublished
  - date: 2030-05-13
    sessions:
      - {kind: panel, title: Untimed, part_of_day: afternoon}"""


def timed_site(site: FixtureSite) -> None:
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.write("content/organisations/agency.yaml", "name: {en: Regional Agency, ro: Agenția Regională}\n")
    site.edition(languages="languages: [en, ro]", title="title: {en: Test Edition, ro: Ediția de test}",
                 agenda=TIMED)


def test_timed_sessions_show_their_times_with_the_utc_offset(fixture_site: FixtureSite) -> None:
    timed_site(fixture_site)
    assert fixture_site.build().ok
    en = (fixture_site.root / "_site/en/2030-iasi/agenda/index.html").read_text()
    assert '<time datetime="2030-05-12T09:30:00+03:00">09:30–10:00 (UTC+03:00)</time>' in en
    assert "10:00 (UTC+03:00)" in en
    assert "12 May 2030" in en and "13 May 2030" in en and "Afternoon" in en
    assert en.index("Welcome") < en.index("Clusters and regions") < en.index("Untimed")
    assert 'href="/conf/en/people/ana-popescu/"' in en and "Director" in en and "Regional Agency" in en
    ro = (fixture_site.root / "_site/ro/2030-iasi/agenda/index.html").read_text()
    assert "12 mai 2030" in ro and "09:30–10:00 (UTC+03:00)" in ro and "Directoare" in ro


def test_person_page_lists_the_edition_and_role(fixture_site: FixtureSite) -> None:
    timed_site(fixture_site)
    fixture_site.build()
    html = (fixture_site.root / "_site/en/people/ana-popescu/index.html").read_text()
    assert "Ana Popescu" in html and "Test Edition" in html and "Twenty years" in html and "Director" in html


def test_missing_language_falls_back_to_the_original_with_a_notice(fixture_site: FixtureSite) -> None:
    fixture_site.edition()  # languages: [en]
    fixture_site.write("content/editions/2030-iasi/index.en.md", "The **original** text.\n")
    fixture_site.build()
    ro = (fixture_site.root / "_site/ro/2030-iasi/index.html").read_text()
    assert '<html lang="ro">' in ro
    assert 'class="notice' in ro and 'href="/conf/en/2030-iasi/" hreflang="en"' in ro
    notice = re.sub(r"<[^>]+>", "", ro[ro.index('class="notice'):].split("</p>")[0].split(">", 1)[1])
    assert re.fullmatch(r"\s*Această pagină .* \(engleză\)\. Citiți pagina originală", notice), notice
    assert '<section class="prose" aria-label="Despre această ediție" lang="en">' in ro \
        or 'lang="en">\n<p>The <strong>original</strong> text.</p>' in ro
    assert '<span lang="en">Test Edition</span>' in ro
    assert '<meta name="robots" content="noindex">' in ro
    assert '<link rel="canonical" href="https://example.org/conf/en/2030-iasi/">' in ro
    assert 'hreflang="ro"' not in ro.split("</head>")[0]
    en = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert 'class="notice' not in en and "noindex" not in en


def test_outputs_record_their_inputs(fixture_site: FixtureSite) -> None:
    timed_site(fixture_site)
    result = fixture_site.build(write=False)
    inputs = {o.path: o.inputs for o in result.outputs}
    agenda = inputs["en/2030-iasi/agenda/index.html"]
    # parts of the edition.yaml: its title, its sessions (each where it is written)
    assert "@part/content/editions/2030-iasi/edition.yaml:1:1#title" in agenda
    sessions = {name for name in agenda if name.startswith("@part/") and "#" not in name}
    assert len(sessions) > 2 and files_read(sessions) == ["content/editions/2030-iasi/edition.yaml"]
    assert "content/people/ana-popescu.yaml" in agenda and "templates/agenda.html" in agenda
    assert "content/people/ana-popescu.yaml" not in inputs["en/index.html"]
    assert inputs["assets/style.css"] == ("templates/assets/style.css",)
    # the sitemap lists addresses, not names: it reads the plans, never a person's or edition's file
    assert not [path for path in files_read(inputs["sitemap.xml"]) if path.startswith("content/")]
    # a session's calendar names the session, not its speakers
    calendar = next(path for path in inputs if path.startswith("ro/2030-iasi/") and path.endswith(".ics"))
    assert files_read(inputs[calendar]) == ["content/editions/2030-iasi/edition.yaml"]
    # sorted, whether rendered now or taken from the cache: the preview looks names up by bisection
    assert all(list(recorded) == sorted(recorded) for recorded in inputs.values())
    fixture_site.build()  # fills the cache
    cached = fixture_site.build(write=False)
    assert {o.path: o.inputs for o in cached.outputs} == inputs


def test_outputs_record_the_templates_they_loaded(fixture_site: FixtureSite) -> None:
    """A page records its template, the one it extends and those it imports, as Jinja loads them,
    not a list written by hand: a site page, which imports no macros, does not depend on them."""
    fixture_site.edition()
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\nWords.\n")
    result = fixture_site.build(write=False)
    templates = {o.path: {name for name in o.inputs if name.startswith("templates/")} for o in result.outputs}
    assert templates["en/about/index.html"] == {"templates/page.html", "templates/base.html"}
    assert templates["en/2030-iasi/index.html"] == {"templates/edition.html", "templates/base.html",
                                                    "templates/macros.html"}
    assert templates["404.html"] == {"templates/404.html", "templates/bare.html"}


def test_sourcedate_epoch_fixes_every_timestamp(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.build(dt.datetime(2031, 1, 2, tzinfo=dt.UTC))
    assert "2 January 2031" in (fixture_site.root / "_site/en/index.html").read_text()


def test_a_missing_text_falls_back_to_the_editions_original_language(fixture_site: FixtureSite) -> None:
    site_yaml = fixture_site.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("languages: [en, ro]", "languages: [en, ro, bg]"))
    fixture_site.edition(languages="languages: [ro, en, bg]",
                         title="title: {ro: ROMANA, en: ENGLISH}")  # no Bulgarian title
    fixture_site.build()
    bg = (fixture_site.root / "_site/bg/2030-iasi/index.html").read_text()
    assert '<span lang="ro">ROMANA</span>' in bg and "ENGLISH" not in bg.split("</head>")[1]
    assert '"name": "ROMANA"' in bg  # the structured data agrees with the page


def test_an_empty_text_in_a_language_shows_the_original_marked_with_its_language(fixture_site: FixtureSite) -> None:
    """An empty index.ro.md left the Romanian page showing the English text (the fallback) inside
    a section that called itself Romanian: a screen reader read English with a Romanian voice."""
    fixture_site.edition(languages="languages: [en, ro]")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "About the edition.\n")
    fixture_site.write("content/editions/2030-iasi/index.ro.md", "\n")
    result = fixture_site.build()
    ro = (fixture_site.root / "_site/ro/2030-iasi/index.html").read_text()
    assert '<div lang="en">\n<p>About the edition.</p>' in ro
    # and the translation report counts it missing, as the page shows it
    assert "the edition's text is missing in ro" in [p.message for p in result.problems]


def test_a_person_only_in_a_draft_gets_no_page(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/people/secret-speaker.yaml", "name: Secret Speaker\n")
    fixture_site.edition(draft="draft: true", agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                                     "      - {kind: panel, title: A, chairs: [secret-speaker]}")
    fixture_site.edition("2031-varna", dates="dates: {start: 2031-05-12, end: 2031-05-12}")
    assert fixture_site.build().ok
    out = fixture_site.root / "_site"
    assert not (out / "en/people/secret-speaker").exists()
    assert "Secret Speaker" not in (out / "en/people/index.html").read_text()


def test_file_links_are_percent_encoded(fixture_site: FixtureSite) -> None:
    (fixture_site.root / "content/editions/2030-iasi/files").mkdir(parents=True)
    (fixture_site.root / "content/editions/2030-iasi/files/report #1.pdf").write_bytes(b"%PDF-1.4\n")
    fixture_site.edition(downloads='downloads:\n  - title: Report\n    file: "files/report #1.pdf"')
    result = fixture_site.build()
    assert result.ok and not [p for p in result.problems if "broken" in p.message]
    html = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert 'href="/conf/files/2030-iasi/report%20%231.pdf"' in html
    assert (fixture_site.root / "_site/files/2030-iasi/report #1.pdf").is_file()


def test_the_values_a_large_site_holds_many_of_are_slotted() -> None:
    """Each value of the model and the resolved site, and each planned or made output, keeps its
    fields in itself, not in a dictionary of its own; only what a build has one of per edition, per
    unit or per build has one."""
    values = [cls for module in (model, edition, site, base, links, render, calendars, cards, schedules)
              for _, cls in inspect.getmembers(module, inspect.isclass)
              if dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__]
    assert {"Session", "Talk", "Person", "PagePlan", "Job", "Output", "Made", "Anchor"} <= {c.__name__ for c in values}
    per_edition, per_unit, per_build = {"Edition", "EditionState"}, {"PageKind", "Listing"}, {"Env", "Run"}
    assert {cls.__name__ for cls in values if cls.__dictoffset__} == per_edition | per_unit | per_build
