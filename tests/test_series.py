"""The series page (/<lang>/series/<id>/): the series' description, its editions newest first with
dates, places and status, its next edition; linked from the home page and every edition's eyebrow."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import ROOT, FixtureSite

from confsite import i18n

DESCRIPTIONS = {
    "en": "Workshops of the European Cluster Collaboration Platform",
    "ro": "Ateliere ale Platformei Europene de Colaborare a Clusterelor",
    "bg": "Семинари на Европейската платформа за сътрудничество между клъстерите",
}
PLACES = {"en": ("Chișinău, Moldova", "Iași, Romania"), "ro": ("Chișinău, Republica Moldova", "Iași, România"),
          "bg": ("Кишинев, Молдова", "Яш, Румъния")}


def interface(lang: str, message: str) -> str:
    """An interface text as the site's catalog translates it."""
    return i18n.load_translations(ROOT, [lang], [])[lang].gettext(message)


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("lang", ["en", "ro", "bg"])
def test_the_series_page_lists_its_editions_newest_first(page: Callable[[str], str], lang: str) -> None:
    html = main(page(f"{lang}/series/clusters-meet-regions/"))
    assert DESCRIPTIONS[lang] in html
    links = re.findall(r'<h3><a href="/site/' + lang + r'/([^/]+)/">', html)
    assert links == ["2024-chisinau", "2023-iasi"]  # the series' two editions, newest first
    chisinau, iasi = PLACES[lang]
    cards = html.split('id="series-editions"', 1)[1]  # after the timeline, which runs oldest first
    assert cards.index(chisinau) < cards.index(iasi)
    assert html.count(interface(lang, "Past edition")) == 2
    assert '<time datetime="2024-10-10">' in html and '<time datetime="2023-11-21">' in html
    assert 'lang="' + lang + '"' in page(f"{lang}/series/clusters-meet-regions/")[:200]


@pytest.mark.parametrize("lang", ["en", "ro", "bg"])
def test_the_home_page_and_each_edition_link_to_their_series(page: Callable[[str], str], lang: str) -> None:
    home = main(page(f"{lang}/"))
    for series in ("clusters-meet-regions", "international-sme-conference", "national-cluster-conference",
                   "bulgarian-romanian-cluster-conference"):
        assert f'<h3><a href="/site/{lang}/series/{series}/">' in home
    for slug, series in (("2023-iasi", "clusters-meet-regions"), ("2019-sofia", "national-cluster-conference")):
        eyebrow = re.search(r'<p class="eyebrow">(.*?)</p>', main(page(f"{lang}/{slug}/")))
        assert eyebrow and f'href="/site/{lang}/series/{series}/"' in eyebrow.group(1)


def test_the_series_page_is_in_the_sitemap_with_its_translations(page: Callable[[str], str]) -> None:
    sitemap = page("sitemap.xml")
    for lang in ("en", "ro", "bg"):
        assert f"<loc>https://cluster-conferences.github.io/site/{lang}/series/national-cluster-conference/</loc>" \
            in sitemap


def test_the_series_page_links_to_the_next_edition(fixture_site: FixtureSite) -> None:
    fixture_site.edition("2025-ruse", dates="dates:\n  start: 2025-05-12\n  end: 2025-05-13",
                         title="title: {en: Ruse edition}", venue="venue:\n  city: Ruse\n  country: BG")
    fixture_site.edition("2031-cluj", dates="dates:\n  start: 2031-05-12\n  end: 2031-05-13",
                         title="title: {en: Cluj edition}", venue="venue:\n  city: Cluj-Napoca\n  country: RO")
    fixture_site.edition("2030-iasi", title="title: {en: Iasi edition}")
    result = fixture_site.build()
    assert result.ok, [p.format() for p in result.errors]
    for lang in ("en", "ro"):
        html = main((fixture_site.root / f"_site/{lang}/series/cmr/index.html").read_text(encoding="utf-8"))
        featured = html.split('<section class="featured"', 1)[1].split("</section>", 1)[0]
        assert interface(lang, "Next edition") in featured
        assert f'href="/conf/{lang}/2030-iasi/"' in featured  # the earliest edition not yet over
        listed = re.findall(r'<h3><a href="/conf/' + lang + r'/([^/]+)/">', html)
        assert listed == ["2031-cluj", "2030-iasi", "2025-ruse"]


def test_a_series_without_an_edition_has_no_page(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    site = fixture_site.write("site.yaml", (fixture_site.root / "site.yaml").read_text(encoding="utf-8").replace(
        "series:\n", "series:\n  - id: empty\n    name: Nothing yet\n"))
    assert site.is_file()
    result = fixture_site.build()
    assert result.ok, [p.format() for p in result.errors]
    assert (fixture_site.root / "_site/en/series/cmr/index.html").is_file()
    assert not (fixture_site.root / "_site/en/series/empty").exists()
