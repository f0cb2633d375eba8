"""For search engines, feeds and hosts: sitemap, robots.txt, feeds, share metadata, redirects,
search index and byte-identical rebuilds."""

import filecmp
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from conftest import FIXED_NOW, ROOT, FixtureSite, need
from selectolax.lexbor import LexborHTMLParser

from confsite import discovery, search_index
from confsite.formatting import transliterate
from confsite.load import load_sources
from confsite.pipeline import Options, build
from confsite.resolve import resolve
from confsite.search_index import in_name_order, index_site
from confsite.site import Site
from confsite.validate import validate

BASE = "https://cluster-conferences.github.io/site/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml",
      "a": "http://www.w3.org/2005/Atom"}


def test_sitemap_lists_real_translations_with_alternates(site_dir: pathlib.Path) -> None:
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    urls = {u.findtext("s:loc", namespaces=NS): u for u in root.findall("s:url", NS)}
    assert f"{BASE}bg/2020-varna/" in urls and f"{BASE}en/2023-iasi/agenda/" in urls
    alternates = {a.get("hreflang"): a.get("href") for a in urls[f"{BASE}ro/2024-chisinau/"].findall("x:link", NS)}
    assert alternates == {"en": f"{BASE}en/2024-chisinau/", "ro": f"{BASE}ro/2024-chisinau/",
                          "bg": f"{BASE}bg/2024-chisinau/", "x-default": f"{BASE}en/2024-chisinau/"}
    for loc in urls:  # every listed page exists
        assert (site_dir / loc.removeprefix(BASE) / "index.html").is_file(), loc


def test_fallback_pages_stay_out_of_the_sitemap(fixture_site: FixtureSite) -> None:
    fixture_site.edition()  # written in English only
    fixture_site.build()
    sitemap = (fixture_site.root / "_site/sitemap.xml").read_text()
    assert "https://example.org/conf/en/2030-iasi/" in sitemap
    assert "https://example.org/conf/ro/2030-iasi/" not in sitemap


def element_tree_sitemap(site: Site) -> bytes:
    """The sitemap as an ElementTree made it, before it was written as text to save memory."""
    ET.register_namespace("", NS["s"])
    ET.register_namespace("xhtml", NS["x"])
    root = ET.Element(f"{{{NS['s']}}}urlset")
    for plan in site.pages:
        if not plan.is_fallback:
            url = ET.SubElement(root, f"{{{NS['s']}}}url")
            ET.SubElement(url, f"{{{NS['s']}}}loc").text = site.urls.absolute(plan.path)
            for hreflang, href in discovery.alternates(site, plan):
                ET.SubElement(url, f"{{{NS['x']}}}link", rel="alternate", hreflang=hreflang, href=href)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def resolved(project: pathlib.Path) -> Site:
    problems: list = []
    content = validate(load_sources(project)[0], problems)
    assert content is not None
    return resolve(content, FIXED_NOW, content.site.base_url, problems)


def test_the_sitemap_has_the_bytes_an_element_tree_gave(fixture_site: FixtureSite) -> None:
    assert discovery.sitemap(resolved(ROOT)) == element_tree_sitemap(resolved(ROOT))
    fixture_site.edition()  # in English only: its other pages are fallbacks, left out
    site = resolved(fixture_site.root)
    assert discovery.sitemap(site) == element_tree_sitemap(site)


def test_a_large_sites_sitemap_is_in_parts_that_sitemap_xml_lists(fixture_site: FixtureSite,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A site of more pages than one sitemap file holds (`SITEMAP_PART`, here 4): sitemap.xml lists
    sitemaps/1.xml, 2.xml…, which hold the same URLs as one sitemap, in the same order, with the
    same alternates, and no more than 4 each."""
    fixture_site.edition()
    fixture_site.edition("2031-varna", title="title: {en: Varna 2031}",
                         dates="dates:\n  start: 2031-05-12\n  end: 2031-05-13")
    whole = ET.fromstring(discovery.sitemap(resolved(fixture_site.root)))
    monkeypatch.setattr(discovery, "SITEMAP_PART", 4)
    assert fixture_site.build().ok
    folder = fixture_site.root / "_site"
    index = ET.parse(folder / "sitemap.xml").getroot()
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    count = -(-len(whole) // 4)
    assert count >= 3 and parts == [f"https://example.org/conf/sitemaps/{n}.xml" for n in range(1, count + 1)]
    urls = [ET.parse(folder / f"sitemaps/{n}.xml").getroot() for n in range(1, count + 1)]
    assert all(0 < len(part) <= 4 for part in urls)
    def entry(url: ET.Element) -> bytes:
        url.tail = None  # (the last of a file is followed by its end tag, not by the next entry)
        return ET.tostring(url)

    assert [entry(url) for part in urls for url in part] == [entry(url) for url in whole]
    assert "2031-varna" in str(ET.tostring(urls[-1]))


def test_robots_points_to_the_sitemap(site_dir: pathlib.Path) -> None:
    assert (site_dir / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_an_atom_feed_per_language(site_dir: pathlib.Path) -> None:
    for lang, chisinau in (("en", "Clusters meet Regions in Chișinău 2024"),
                           ("bg", "Clusters meet Regions в Кишинев 2024")):
        feed = ET.parse(site_dir / lang / "feed.xml").getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        entries = feed.findall("a:entry", NS)
        assert len(entries) == 5
        assert entries[0].findtext("a:title", namespaces=NS) == chisinau
        assert entries[0].find("a:link", NS).get("href") == f"{BASE}{lang}/2024-chisinau/"  # type: ignore[union-attr]
        assert entries[-1].findtext("a:published", namespaces=NS) == "2019-03-26T00:00:00+02:00"
        assert feed.findtext("a:updated", namespaces=NS) == "2024-10-10T00:00:00+03:00"


def test_share_metadata(page: Callable[[str], str]) -> None:
    html = page("ro/2023-iasi/")
    assert '<meta property="og:url" content="https://cluster-conferences.github.io/site/ro/2023-iasi/">' in html
    assert f'<meta property="og:image" content="{BASE}ro/2023-iasi/share.png">' in html  # its card (test_cards)
    assert '<meta property="og:locale" content="ro_RO">' in html
    assert '<meta property="og:locale:alternate" content="bg_BG">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert re.search(r'<meta property="og:title" content="Clusters meet Regions la Iași 2023" '
                     r'data-pagefind-meta="title\[content\]">', html)  # (the title of its search result too)
    assert '<link rel="alternate" type="application/atom+xml" href="/site/ro/feed.xml"' in html


def test_the_404_page_works_at_any_depth(site_dir: pathlib.Path) -> None:
    html = (site_dir / "404.html").read_text()
    assert 'href="/site/assets/style.css"' in html
    assert '<a href="/site/ro/" hreflang="ro">Mergeți la lista edițiilor</a>' in html
    assert "Această pagină nu există" in html and "Тази страница не съществува" in html
    for lang in ("en", "ro", "bg"):
        assert f'<section lang="{lang}" data-title=' in html


def test_old_slugs_redirect(fixture_site: FixtureSite) -> None:
    fixture_site.edition(former_slugs="former_slugs: [2030-jassy]",
                         agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - {kind: panel, title: A}")
    result = fixture_site.build()
    assert result.ok
    for path, target in (("en/2030-jassy/index.html", "/conf/en/2030-iasi/"),
                         ("ro/2030-jassy/agenda/index.html", "/conf/ro/2030-iasi/agenda/")):
        html = (fixture_site.root / "_site" / path).read_text()
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
        assert f'<link rel="canonical" href="https://example.org{target}">' in html


def test_an_editions_files_stay_at_their_old_address_too(fixture_site: FixtureSite) -> None:
    """A link to the slides, sent by e-mail or printed on a poster before the folder was renamed,
    cannot follow a redirect page: the files are published under the former name as well."""
    fixture_site.edition(former_slugs="former_slugs: [2030-jassy]")
    fixture_site.write("content/editions/2030-iasi/files/slides.pdf", "%PDF-1.4 slides\n")
    assert fixture_site.build().ok
    out = fixture_site.root / "_site/files"
    assert (out / "2030-jassy/slides.pdf").read_bytes() == (out / "2030-iasi/slides.pdf").read_bytes() \
        == b"%PDF-1.4 slides\n"


def test_a_sessions_calendar_file_stays_at_its_old_address_too(fixture_site: FixtureSite) -> None:
    """A session's "Add to calendar" file, its link shared before the rename, is published at the
    old address as well, the same bytes."""
    fixture_site.edition(former_slugs="former_slugs: [2030-jassy]",
                         agenda='agenda:\n  - date: 2030-05-12\n    sessions:\n'
                                '      - {kind: panel, title: A, start: "10:00", end: "11:00"}')
    assert fixture_site.build().ok
    out = fixture_site.root / "_site"
    for lang in ("en", "ro"):
        old, new = (out / f"{lang}/{slug}/calendar/2030-05-12-1000.ics" for slug in ("2030-jassy", "2030-iasi"))
        assert old.read_bytes() == new.read_bytes() and b"BEGIN:VEVENT" in new.read_bytes()


def test_an_old_slug_cannot_shadow_a_page(fixture_site: FixtureSite) -> None:
    """The edition made later under a renamed edition's old name is the one told to move: removing
    the former slug, as this once hinted, broke every old link and calendar subscription of the other."""
    fixture_site.edition("2030-iasi", former_slugs="former_slugs: [2031-varna]")
    fixture_site.edition("2031-varna", dates="dates: {start: 2031-05-12, end: 2031-05-12}")
    error = fixture_site.the_error()
    assert f"{error.where}: {error.message}" == (
        "content/editions/2031-varna/edition.yaml:1:1: this edition's folder name '2031-varna' was the name of "
        "2030-iasi, renamed since: content/editions/2030-iasi/edition.yaml lists it under former_slugs (line 12), "
        "so its old links and calendar subscriptions lead there")
    assert error.hint.startswith("rename this folder, content/editions/2031-varna/, to another name; keep "
                                 "'2031-varna' in 2030-iasi's former_slugs")


def test_an_editions_own_name_cannot_be_its_former_slug(fixture_site: FixtureSite) -> None:
    fixture_site.edition("2030-iasi", former_slugs="former_slugs: [2030-iasi]")
    assert fixture_site.messages() == ["content/editions/2030-iasi/edition.yaml:12:16: '2030-iasi' cannot be "
                                       "a former slug: an edition has that folder name"]  # at the item itself


def test_an_old_slug_is_a_folder_name_never_one_of_the_sites_own(fixture_site: FixtureSite) -> None:
    """An edition's calendars are published again under its former slugs: `former_slugs: [calendar]`
    wrote /calendar.ics, the site's calendar, with one edition's events in it."""
    fixture_site.edition(former_slugs="former_slugs: [2030-jassy, calendar]")
    assert fixture_site.messages() == ["content/editions/2030-iasi/edition.yaml:12:28: 'calendar' is not a folder "
                                       "name an edition can have had: '<year>-<name>'"]


def test_search_index_per_language(site_dir: pathlib.Path) -> None:
    entry = (site_dir / "pagefind/pagefind-entry.json").read_text()
    assert re.search(r'"languages":\{"bg":.*"en":.*"ro":', entry)
    assert (site_dir / "pagefind/pagefind-ui.js").is_file()
    search = (site_dir / "en/search/index.html").read_text()
    assert "<noscript>" in search and 'href="/site/en/"' in search


def test_search_speaks_the_page_s_language_and_names_each_result_s_edition(site_dir: pathlib.Path) -> None:
    """Pagefind has no Bulgarian strings (a Bulgarian page's box said "Search", "Clear", "46 results
    for Яш"), and titled each result with its page's heading: four results all called "Agenda"."""
    import gzip

    page = LexborHTMLParser((site_dir / "bg/search/index.html").read_text())
    strings = json.loads(page.css_first("#search").attributes["data-strings"] or "{}")
    assert strings["placeholder"] == "Търсене" and strings["clear_search"] == "Изчистване"
    assert strings["many_results"] == "[COUNT] резултата за [SEARCH_TERM]"
    titles = {}
    for fragment in (site_dir / "pagefind/fragment").glob("ro_*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        titles[data["url"]] = data["meta"]["title"]
    assert titles["/ro/2023-iasi/agenda/"] == "Agenda · Clusters meet Regions la Iași 2023"
    assert titles["/ro/2024-chisinau/agenda/"] == "Agenda · Clusters meet Regions la Chișinău 2024"


def test_a_missing_indexer_is_a_warning_and_the_site_is_built(fixture_site: FixtureSite,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)  # as if the package were not installed
    fixture_site.edition()
    result = build(Options(project=fixture_site.root))
    assert result.ok and (fixture_site.root / "_site/en/2030-iasi/index.html").is_file()
    assert not (fixture_site.root / "_site/pagefind").exists()
    assert [p.message for p in result.problems if "search" in p.message] == [
        "site search was not built: the pagefind package is missing"]


def test_two_builds_of_one_commit_are_byte_identical(tmp_path: pathlib.Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for output in (first, second):
        assert build(Options(project=ROOT, output=output), FIXED_NOW).ok
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    _, different, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert different == [] and errors == []


def folder_listing_entries_as_made(tmp_path: pathlib.Path) -> pathlib.Path:
    """A new folder on tmpfs (/dev/shm), which lists a folder's entries in the order they were made,
    unlike ext4, where /tmp usually is: there, the order pages were written in shows."""
    mounts = pathlib.Path("/proc/mounts").read_text().split("\n")
    if not any(line.split()[1:3] == ["/dev/shm", "tmpfs"] for line in mounts if line):
        need("tmpfs at /dev/shm", "it shows whether the order pages are written in changes the site")
    return pathlib.Path(tempfile.mkdtemp(dir="/dev/shm", prefix=tmp_path.name))


def test_the_site_and_its_index_are_the_same_whichever_process_wrote_a_page_first(tmp_path: pathlib.Path) -> None:
    folder = folder_listing_entries_as_made(tmp_path)
    try:
        serial, parallel = folder / "serial", folder / "parallel"
        assert build(Options(project=ROOT, output=serial, jobs=1, cache=False), FIXED_NOW).ok
        assert build(Options(project=ROOT, output=parallel, jobs=2, cache=False), FIXED_NOW).ok
        files = sorted(p.relative_to(serial).as_posix() for p in serial.rglob("*") if p.is_file())
        assert len([name for name in files if name.startswith("pagefind/")]) > 100
        assert files == sorted(p.relative_to(parallel).as_posix() for p in parallel.rglob("*") if p.is_file())
        _, different, missing = filecmp.cmpfiles(serial, parallel, files, shallow=False)
        assert different == [] and missing == []
    finally:
        shutil.rmtree(folder)


def test_folders_and_pages_are_made_again_in_name_order(tmp_path: pathlib.Path) -> None:
    folder = folder_listing_entries_as_made(tmp_path)
    try:
        listings = []
        for order in (["b.html", "a.html", "c/x.html", "c/w.html"], ["c/w.html", "a.html", "c/x.html", "b.html"]):
            site = folder / "-".join(order).replace("/", "")
            for name in order:
                (site / name).parent.mkdir(parents=True, exist_ok=True)
                (site / name).write_text(name)
            in_name_order(site)
            listings.append([(os.listdir(site), os.listdir(site / "c"))])
            assert (site / "c/w.html").read_text() == "c/w.html"
        assert listings[0] == listings[1]
    finally:
        shutil.rmtree(folder)


def test_pagefind_finds_the_pages_in_name_order_on_any_file_system(tmp_path: pathlib.Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's index follows the order it finds the pages in. ext4 lists a big folder in an order
    of its own for each disk (a hash seeded when it was formatted), so two machines built two
    indexes of one commit. It now reads them through links made in name order on tmpfs."""
    folder_listing_entries_as_made(tmp_path)  # (needs /dev/shm)
    site = tmp_path / "site"
    names = [f"page-{number:03d}" for number in range(400)]  # enough for ext4 to hash the folder
    for name in reversed(names):
        (site / "en" / name).mkdir(parents=True)
        (site / "en" / name / "index.html").write_text(f"<html lang='en'><body><h1>{name}</h1></body></html>")
    (site / "en/index.html").write_text("<html lang='en'><body><h1>Home</h1></body></html>")
    seen: list[list[str]] = []

    def pagefind(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        pages = pathlib.Path(command[command.index("--site") + 1])
        seen.extend(os.listdir(folder) for folder in (pages, pages / "en"))
        assert (pages / "en/page-007/index.html").read_text() == (site / "en/page-007/index.html").read_text()
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(subprocess, "run", pagefind)
    assert index_site(site) == []
    in_order = sorted([*names, "index.html"])
    assert seen[0] == ["en"] and seen[1] in (in_order, in_order[::-1])  # (tmpfs lists the newest first)
    assert not list(pathlib.Path("/dev/shm").glob("confsite-pages-*"))  # the links are gone


def small_site(root: pathlib.Path) -> pathlib.Path:
    """Pages in three languages, marked for search as the templates mark them, and two unmarked
    (the chooser and an offline page): a site for Pagefind to index."""
    words = {"en": "river bridge harbour", "ro": "râu pod port", "bg": "река мост пристанище"}
    for lang, text in words.items():
        for number in range(12):
            page = root / lang / f"page-{number:02d}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f"<!doctype html><html lang='{lang}'><head><title>{lang} {number}</title></head><body>"
                            f"<main data-pagefind-body><h1>{lang} {number}</h1><p>{text} {number}</p></main>"
                            "</body></html>")
        (root / lang / "offline.html").write_text(f"<html lang='{lang}'><body><p>offline</p></body></html>")
    (root / "index.html").write_text("<html lang='en'><body><a href='en/'>English</a></body></html>")
    return root


def index_files(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_each_language_is_indexed_by_a_pagefind_of_its_own_into_the_same_index(tmp_path: pathlib.Path) -> None:
    """Pagefind uses little more than one core: each language's pages are indexed side by side,
    and the index is byte for byte the one a single Pagefind makes of the whole site."""
    folder_listing_entries_as_made(tmp_path)  # (the side-by-side indexing needs tmpfs)
    one, apart = small_site(tmp_path / "one"), small_site(tmp_path / "apart")
    assert search_index.by_language(apart) == {
        lang: [(lang, f"page-{number:02d}", "index.html") for number in range(12)] for lang in ("bg", "en", "ro")}
    assert index_site(one, processes=1) == []
    runs: list[str] = []
    real_pagefind = search_index._pagefind
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "_pagefind",
                      lambda binary, pages, output: (runs.append(output.name), real_pagefind(binary, pages, output))[1])
        assert index_site(apart, processes=2) == []
    assert sorted(runs) == ["bg", "en", "ro"]
    assert index_files(apart / "pagefind") == index_files(one / "pagefind")
    entry = json.loads((apart / "pagefind/pagefind-entry.json").read_text())
    assert {lang: value["page_count"] for lang, value in entry["languages"].items()} == {"bg": 12, "en": 12, "ro": 12}


def test_pages_that_would_not_join_are_indexed_by_one_pagefind(tmp_path: pathlib.Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Two groups of pages that give Pagefind one language (as "en" and "en" written otherwise
    might) cannot be joined: the site is then indexed whole, by one Pagefind, as before."""
    folder_listing_entries_as_made(tmp_path)
    one, apart = small_site(tmp_path / "one"), small_site(tmp_path / "apart")
    assert index_site(one, processes=1) == []
    pages = search_index.by_language(apart)
    assert pages is not None
    apart_groups = {"en": pages["en"][:6], "en-x": pages["en"][6:], "ro": pages["ro"], "bg": pages["bg"]}
    monkeypatch.setattr(search_index, "by_language", lambda site: apart_groups)
    assert index_site(apart, processes=2) == []
    assert index_files(apart / "pagefind") == index_files(one / "pagefind")


def test_a_page_without_a_language_leaves_the_index_to_one_pagefind(tmp_path: pathlib.Path) -> None:
    site = small_site(tmp_path / "site")
    (site / "en/page-03/index.html").write_text("<html><body><main data-pagefind-body>no lang</main></body></html>")
    assert search_index.by_language(site) is None
    (site / "en/page-03/index.html").unlink()
    (site / "index.html").write_text("<html><body><main data-pagefind-body>chooser</main></body></html>")
    assert search_index.by_language(site) is None
    for page in site.rglob("*.html"):  # no page marked: every page is indexed, each in its language
        page.write_text(page.read_text().replace(" data-pagefind-body", "").replace("<html>", "<html lang='en'>"))
    groups = search_index.by_language(site)
    assert groups is not None and ("index.html",) in groups["en"] and ("ro", "offline.html") in groups["ro"]


def test_every_edition_has_a_calendar_and_the_site_one_for_subscribers(site_dir: pathlib.Path) -> None:
    from icalendar import Calendar

    for slug in ("2019-sofia", "2020-varna", "2021-sme-conference", "2023-iasi", "2024-chisinau"):
        events = Calendar.from_ical((site_dir / f"{slug}.ics").read_bytes()).walk("VEVENT")
        assert len(events) == 1 and events[0]["UID"] == f"{slug}@cluster-conferences.github.io"
    chisinau = Calendar.from_ical((site_dir / "2024-chisinau.ics").read_bytes()).walk("VEVENT")[0]
    assert str(chisinau.decoded("DTSTART")) == "2024-10-10" and str(chisinau.decoded("DTEND")) == "2024-10-12"
    assert len(Calendar.from_ical((site_dir / "calendar.ics").read_bytes()).walk("VEVENT")) == 5
    assert not list(site_dir.glob("*/schedule.xml"))  # no edition has session times


def test_bulgarian_pages_carry_a_latin_spelling_for_search_only(site_dir: pathlib.Path) -> None:
    person = (site_dir / "bg/people/todor-tonev/index.html").read_text()
    edition = (site_dir / "bg/2020-varna/index.html").read_text()
    assert '<span data-pagefind-index-attrs="data-latin" data-latin="Todor Tonev"></span>' in person
    aid = re.search(r'<span data-pagefind-index-attrs="data-latin" data-latin="([^"]*)"></span>', edition)
    assert aid and "Varna" in aid[1] and "Hotel „Astor Gardan“" in aid[1], "title, city and venue in Latin letters"
    for page in (person, edition):  # an attribute, never text: nothing on screen or for a screen reader
        main = page[page.index("<main"):page.index("</main>")]
        assert main.count("data-latin=") == 1 and "Todor Tonev</" not in main
    english = (site_dir / "en/people/todor-tonev/index.html").read_text()
    assert "data-latin" not in english  # nothing to spell again when the page is in Latin letters


def test_an_editions_city_weighs_most_in_the_search_index(site_dir: pathlib.Path) -> None:
    for lang, slug, city in (("en", "2019-sofia", "Sofia"), ("bg", "2020-varna", "Варна"), ("ro", "2023-iasi", "Iași")):
        page = (site_dir / f"{lang}/{slug}/index.html").read_text()
        assert f'<span data-pagefind-weight="10" data-pagefind-meta="city">{city}</span>' in page
    script = next((site_dir / "assets").glob("search*.js")).read_text()
    assert "ranking: { metaWeights: { city: 10 } }" in script


@pytest.mark.parametrize(("text", "latin"), [("Тодор Тонев", "Todor Tonev"), ("Варна", "Varna"),
                                             ("Щастие и Ябълка", "Shtastie i Yabalka"), ("Iași", "Iași")])
def test_transliteration_follows_the_streamlined_system(text: str, latin: str) -> None:
    assert transliterate(text) == latin
