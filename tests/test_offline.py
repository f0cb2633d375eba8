"""The attendee tools as the build writes them, on a fixture site with timed agendas: the offline
lists name only files the build writes, the worker's cache is named by the build, `serve` registers
no worker, the manifests stay under the base path, and now-and-next gets UTC instants made in the
edition's zone (across a daylight-saving change)."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re

import pytest
from conftest import FIXED_NOW, FixtureSite
from selectolax.lexbor import LexborHTMLParser
from timed_site import KEYS, make_timed_site

from confsite.outputs.base import Env
from confsite.recording import record, recording
from confsite.serve import Preview


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[FixtureSite, pathlib.Path]:
    site = make_timed_site(tmp_path_factory.mktemp("timed") / "project")
    result = site.build()
    assert result.ok, [p.format() for p in result.errors]
    return site, site.root / "_site"


def output_of(site_dir: pathlib.Path, url: str) -> pathlib.Path:
    assert url.startswith("/conf/"), url
    target = site_dir / url.removeprefix("/conf/")
    return target / "index.html" if url.endswith("/") else target


def test_every_offline_list_names_only_files_the_build_wrote(built: tuple[FixtureSite, pathlib.Path]) -> None:
    _, site_dir = built
    lists = sorted(site_dir.glob("*/*/offline.json"))
    assert [p.relative_to(site_dir).as_posix() for p in lists] == [
        "en/2030-bucharest-autumn/offline.json", "en/2030-iasi/offline.json",
        "ro/2030-bucharest-autumn/offline.json", "ro/2030-iasi/offline.json"]
    for path in lists:
        urls = json.loads(path.read_text())["urls"]
        assert len(urls) == len(set(urls)), path
        missing = [url for url in urls if not output_of(site_dir, url).is_file()]
        assert missing == [], path


def test_a_list_holds_the_editions_pages_in_its_language_the_stylesheet_and_calendars(
        built: tuple[FixtureSite, pathlib.Path]) -> None:
    _, site_dir = built
    urls = json.loads((site_dir / "ro/2030-iasi/offline.json").read_text())["urls"]
    pages = [url for url in urls if url.endswith("/")]
    planned = sorted("/conf/" + p.parent.relative_to(site_dir).as_posix() + "/"
                     for p in (site_dir / "ro/2030-iasi").rglob("index.html"))
    assert sorted(pages) == planned and "/conf/ro/2030-iasi/agenda/" in pages
    assert "/conf/assets/style.css" in urls and "/conf/assets/my-agenda.js" in urls
    calendars = [url for url in urls if url.endswith(".ics")]
    assert calendars == ["/conf/ro/2030-iasi.ics",  # its language's
                         *sorted(f"/conf/ro/2030-iasi/calendar/{key}.ics" for key in KEYS["2030-iasi"])]
    assert not any("/en/" in url or "bucharest" in url for url in urls)


def worker_cache(site_dir: pathlib.Path) -> str:
    match = re.search(r'var CACHE = PREFIX \+ "([0-9a-f]+)"', (site_dir / "sw.js").read_text())
    assert match
    return match.group(1)


def test_a_list_records_the_sites_pages_and_its_editions_files_only(tmp_path: pathlib.Path) -> None:
    """The outputs of the whole site are planned once for all the lists (`Env.once`), not once per
    list, and without recording what planning read (every person's file, for the cards): a list
    records which pages the site has and its own edition's timed sessions, so a new page or session
    changes it (tests/test_incremental.py) and another edition's change does not."""
    result = make_timed_site(tmp_path / "project").build()
    lists = {o.path: o.inputs for o in result.outputs if o.path.endswith("offline.json")}
    assert len(lists) == 4
    iasi = lists["ro/2030-iasi/offline.json"]
    assert "@pages" in iasi and "@state/2030-iasi#sessions" in iasi
    assert not any(name.startswith(("content/people/", "content/editions/2030-bucharest")) for name in iasi)
    assert result.site is not None
    env = Env(result.site, tmp_path / "project" / "templates", {}, tmp_path / "project", [], {})
    derived = []

    def derive() -> int:
        derived.append(1)
        record("content/people/ana.yaml")
        return 42

    with recording() as one:
        assert env.once("answer", derive) == 42
    with recording() as other:
        assert env.once("answer", derive) == 42
    assert derived == [1] and one.inputs == other.inputs == {"content/people/ana.yaml"}


def test_the_workers_cache_is_named_by_the_sources_not_the_clock(tmp_path: pathlib.Path) -> None:
    """A new cache name makes every phone install a new worker and fetch its edition again: a
    nightly rebuild of the same content did that, since the name held the build's clock."""
    site = make_timed_site(tmp_path / "project")
    assert site.build().ok
    site_dir = site.root / "_site"
    first = worker_cache(site_dir)
    assert 'var SCOPE = "/conf/"' in (site_dir / "sw.js").read_text()
    assert site.build().ok and worker_cache(site_dir) == first  # the same sources: the same cache
    assert site.build(FIXED_NOW + dt.timedelta(days=1)).ok and worker_cache(site_dir) == first  # a day later too
    # but a day that changes what pages say (the edition under way): what phones kept is refreshed
    assert site.build(dt.datetime(2030, 5, 12, 9, tzinfo=dt.UTC)).ok and worker_cache(site_dir) != first
    site.write("content/editions/2030-iasi/edition.yaml",
               (site.root / "content/editions/2030-iasi/edition.yaml").read_text().replace("Panel two", "Panel 2"))
    assert site.build().ok and worker_cache(site_dir) != first


def test_pages_register_the_worker_and_edition_pages_name_their_list(built: tuple[FixtureSite, pathlib.Path]) -> None:
    _, site_dir = built
    agenda = LexborHTMLParser((site_dir / "ro/2030-iasi/agenda/index.html").read_text())
    script = agenda.css_first("script[data-worker]")
    assert script.attributes["data-worker"] == "/conf/sw.js" and script.attributes["data-scope"] == "/conf/"
    assert script.attributes["data-precache"] == "/conf/ro/2030-iasi/offline.json"
    home = LexborHTMLParser((site_dir / "en/index.html").read_text())
    assert "data-precache" not in home.css_first("script[data-worker]").attributes
    assert home.css_first('link[rel="manifest"]').attributes["href"] == "/conf/en/manifest.webmanifest"


def test_an_offline_page_in_each_language_names_its_editions_newest_first(
        built: tuple[FixtureSite, pathlib.Path]) -> None:
    """The page the worker answers with, offline, for a page it never kept: in the address's
    language, with the editions whose pages may be on the device and the lists that say which are."""
    _, site_dir = built
    for lang, heading in (("en", "You are offline"), ("ro", "Fără conexiune la internet")):
        page = LexborHTMLParser((site_dir / lang / "offline.html").read_text())
        assert page.css_first("html").attributes["lang"] == lang and page.css_first("h1").text() == heading
        assert page.css_first('meta[name="robots"]').attributes["content"] == "noindex"
        items = page.css("li[data-list]")
        assert [item.css_first("a").attributes["href"] for item in items] == [
            f"/conf/{lang}/2030-bucharest-autumn/", f"/conf/{lang}/2030-iasi/"]  # newest first
        for item in items:
            assert output_of(site_dir, item.attributes["data-list"] or "").is_file()
            assert "class" not in item.attributes  # "kept" is added by the script, when it is
    assert "Salvată pe acest dispozitiv" in (site_dir / "ro/offline.html").read_text()
    worker = (site_dir / "sw.js").read_text()
    assert 'var OFFLINE_PAGES = {"en": "/conf/en/offline.html", "ro": "/conf/ro/offline.html"}' in worker
    assert 'var DEFAULT_LANGUAGE = "en"' in worker and 'var OFFLINE_NEEDS = ["/conf/assets/style.css"]' in worker
    # not a page of the site: not in the sitemap, nor in the search index
    assert "offline.html" not in (site_dir / "sitemap.xml").read_text()
    assert "data-pagefind-body" not in (site_dir / "en/offline.html").read_text()


def test_serve_registers_no_worker(tmp_path: pathlib.Path) -> None:
    site = make_timed_site(tmp_path / "project")
    preview = Preview(site.root, site.root / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    assert preview.full().ok
    shown = site.root / "preview"
    assert (shown / "en/2030-iasi/agenda/index.html").is_file()
    assert not (shown / "sw.js").exists() and not list(shown.glob("*/*/offline.json"))
    assert not list(shown.glob("*/offline.html"))
    assert "offline.js" not in (shown / "en/2030-iasi/agenda/index.html").read_text()


def test_a_manifest_per_language_under_the_base_path(built: tuple[FixtureSite, pathlib.Path]) -> None:
    _, site_dir = built
    for lang, name in (("en", "Test Conferences"), ("ro", "Conferințe de test")):
        manifest = json.loads((site_dir / f"{lang}/manifest.webmanifest").read_text())
        assert (manifest["name"], manifest["lang"]) == (name, lang)
        assert (manifest["start_url"], manifest["scope"]) == (f"/conf/{lang}/", "/conf/")
        for icon in manifest["icons"]:
            assert output_of(site_dir, icon["src"]).is_file()
    assert (site_dir / "assets/app-icon-512.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def instants(page: pathlib.Path) -> list[tuple[str, str, str]]:
    """(title, start, until) of each session in the now-and-next box of a page."""
    template = LexborHTMLParser(page.read_text()).css_first(".now-next template")
    inner = LexborHTMLParser(template.html.removeprefix("<template>").removesuffix("</template>"))
    return [(item.css_first("a").text(), item.attributes["data-start"], item.attributes["data-until"])
            for item in inner.css("[data-start]")]


def test_now_and_next_gets_utc_instants_made_in_the_editions_zone(built: tuple[FixtureSite, pathlib.Path]) -> None:
    _, site_dir = built
    assert instants(site_dir / "en/2030-iasi/agenda/index.html") == [
        ("Welcome", "2030-05-12T06:30:00Z", "2030-05-12T07:00:00Z"),
        ("Regions that learn", "2030-05-12T07:00:00Z", "2030-05-12T08:00:00Z"),
        ("Matchmaking desk", "2030-05-12T08:00:00Z", "2030-05-12T10:00:00Z"),  # no end: until the next start
        ("Lunch", "2030-05-12T10:00:00Z", "2030-05-12T11:00:00Z"),
        ("Panel one", "2030-05-13T06:00:00Z", "2030-05-13T07:30:00Z"),
        ("Panel two", "2030-05-13T06:00:00Z", "2030-05-13T07:30:00Z")]
    # the clocks go back at 04:00 on Sunday: 09:00 is 06:00 UTC on Saturday, 07:00 UTC on Sunday
    assert instants(site_dir / "en/2030-bucharest-autumn/agenda/index.html") == [
        ("Saturday opening", "2030-10-26T06:00:00Z", "2030-10-26T07:00:00Z"),
        ("Sunday closing", "2030-10-27T07:00:00Z", "2030-10-27T08:00:00Z")]
    home = [title for title, _, _ in instants(site_dir / "en/index.html")]
    assert home[:2] == ["Welcome", "Regions that learn"]


def test_now_and_next_is_announced_whole_with_its_labels(built: tuple[FixtureSite, pathlib.Path]) -> None:
    """A screen reader hears "Now: …" and "Next: …" when either changes: one live region, read whole,
    holds both lines and their labels (the titles alone were live before, and "Next" never)."""
    _, site_dir = built
    box = LexborHTMLParser((site_dir / "ro/2030-iasi/agenda/index.html").read_text()).css_first(".now-next")
    [live] = box.css("[aria-live]")
    assert (live.attributes["aria-live"], live.attributes.get("aria-atomic")) == ("polite", "true")
    assert [label.text() for label in live.css(".label")] == ["Acum:", "Urmează:"]
    assert live.css_first(".now-what") and live.css_first(".next-what")


def test_the_now_and_next_script_follows_its_box_without_its_notes(built: tuple[FixtureSite, pathlib.Path]) -> None:
    """The script is written right after the box it fills; the notes on it stay in the template."""
    _, site_dir = built
    page = (site_dir / "en/2030-iasi/agenda/index.html").read_text()
    box_end = page.index("</section>", page.index('<section class="now-next"'))
    script = page[box_end:page.index("</script>", box_end)]
    assert script.startswith("</section>\n<script>function confsiteNowNext(box) {")
    assert script.rstrip().endswith("}\nconfsiteNowNext(document.currentScript.previousElementSibling);")
    assert "/*" not in script and "at a timed edition" not in script


def test_a_page_with_several_now_and_next_boxes_holds_their_script_once(
        built: tuple[FixtureSite, pathlib.Path]) -> None:
    _, site_dir = built
    home = (site_dir / "en/index.html").read_text()
    assert home.count('<section class="now-next"') == 2  # both editions of the site are still to come
    assert home.count("function confsiteNowNext(box)") == 1
    second = home.index('<section class="now-next"', home.index('<section class="now-next"') + 1)
    after = home[home.index("</section>", second):]
    assert after.startswith("</section>\n<script>confsiteNowNext(document.currentScript.previousElementSibling);"
                            "</script>")


def test_stars_only_beside_timed_sessions_and_hidden_without_javascript(
        built: tuple[FixtureSite, pathlib.Path]) -> None:
    _, site_dir = built
    page = LexborHTMLParser((site_dir / "ro/2030-iasi/agenda/index.html").read_text())
    stars = page.css("button.star")
    assert [s.attributes["data-key"] for s in stars] == KEYS["2030-iasi"]
    assert stars[1].text().strip() == "Agenda mea: Regiuni care învață"
    assert all(s.attributes["aria-pressed"] == "false" and s.attributes["data-edition"] == "/conf/2030-iasi"
               for s in stars)
    css = (site_dir / "assets/style.css").read_text()
    assert ".star, .my-agenda, .now-next { display: none; }" in css  # shown only under html.js


def test_a_past_edition_shows_no_now_and_next(tmp_path: pathlib.Path) -> None:
    site = make_timed_site(tmp_path / "project")
    assert site.build(dt.datetime(2031, 1, 1, tzinfo=dt.UTC)).ok
    agenda = (site.root / "_site/en/2030-iasi/agenda/index.html").read_text()
    assert "now-next" not in agenda and "button" in agenda and 'class="star"' in agenda
    assert "now-next" not in (site.root / "_site/en/index.html").read_text()


def test_a_list_holds_what_the_edition_s_pages_link_to_at_the_venue(site_dir: pathlib.Path) -> None:
    """A visitor who had opened Iași 2023 in Romanian, offline at the venue, tapped a speaker's name
    on its agenda and got the browser's error page; the printed programme failed too."""
    urls = json.loads((site_dir / "ro/2023-iasi/offline.json").read_text())["urls"]
    assert "/site/ro/people/daniel-cosnita/" in urls and "/site/ro/organisations/north-east-rda/" in urls
    assert "/site/2023-iasi/programme-2023-iasi-ro.pdf" in urls
    assert not [url for url in urls if "/people/" in url and not url.startswith("/site/ro/")]  # its language only
    for url in urls:
        target = site_dir / url.removeprefix("/site/")
        assert (target / "index.html" if url.endswith("/") else target).is_file(), url


def test_a_cached_list_follows_the_printed_programme_on_and_off(fixture_site: FixtureSite) -> None:
    """The list is taken from the cache while its recorded inputs stand; whether the programme is
    printed was read where nothing was recorded, so turning it off kept a list naming a PDF the
    build no longer wrote (and a worker that fails on it)."""
    agenda = 'agenda:\n  - date: 2030-05-12\n    sessions:\n      - {kind: panel, title: A, start: "10:00"}'
    listed = fixture_site.root / "_site/en/2030-iasi/offline.json"
    for printed, expected in (("true", ["/conf/2030-iasi/programme-2030-iasi-en.pdf"]), ("false", [])):
        fixture_site.edition(agenda=agenda, programme_pdf=f"programme_pdf: {printed}")
        assert fixture_site.build(FIXED_NOW).ok
        assert [url for url in json.loads(listed.read_text())["urls"] if url.endswith(".pdf")] == expected
