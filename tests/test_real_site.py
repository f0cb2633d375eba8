"""End to end: the real content, built once, shows the right facts on the right pages in each language."""

import html as htmllib
import re
from collections.abc import Callable

import pytest
import yaml
from conftest import ROOT

from confsite.pipeline import Result

LANGS = ("en", "ro", "bg")
EDITIONS = ("2019-sofia", "2020-varna", "2021-sme-conference", "2023-iasi", "2024-chisinau")


def text(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_every_page_exists_in_every_language(page: Callable[[str], str]) -> None:
    for lang in LANGS:
        assert f'<html lang="{lang}">' in page(f"{lang}/")
        for slug in EDITIONS:
            assert f'<html lang="{lang}">' in page(f"{lang}/{slug}/")


@pytest.mark.parametrize(("lang", "dates"), [
    ("en", "10–11 October 2024"), ("ro", "10–11 octombrie 2024"), ("bg", "10–11 октомври 2024 г.")])
def test_chisinau_is_10_to_11_october_never_24_to_25(page: Callable[[str], str], lang: str, dates: str) -> None:
    html = text(page(f"{lang}/2024-chisinau/"))
    assert dates in html
    assert "24–25" not in html and "24 - 25" not in html and "24-25" not in html


def test_chisinau_matchmaking_and_both_audience_figures(page: Callable[[str], str]) -> None:
    html = text(page("en/2024-chisinau/"))
    assert "Expected 150 participants" in html
    assert "Reported afterwards over 200 participants" in html
    assert "10 October 2024 , afternoon" in html or "10 October 2024, afternoon" in html
    assert "Enterprise Europe Network" in html and "101 bilateral meetings" in html
    assert "Draft agenda (not published on this site)" in html


def test_sofia_is_2019(page: Callable[[str], str]) -> None:
    html = text(page("en/2019-sofia/"))
    assert "26–27 March 2019" in html
    assert "over 160 participants from 12 countries" in html
    for topic in ("Industry 4.0", "Funding tools"):
        assert topic in html
    assert "Automotive" in html or "automotive" in html


def test_sme_conference_is_online(page: Callable[[str], str]) -> None:
    html = text(page("en/2021-sme-conference/"))
    assert "7–8 December 2021" in html and "Where Online" in html
    assert "2018" not in html
    agenda = text(page("en/2021-sme-conference/agenda/"))
    assert "7 December 2021" in agenda and "8 December 2021" in agenda
    assert "European Clusters Alliance" in agenda and "Morning" in agenda


def test_varna_is_hybrid_and_bulgarian_first(page: Callable[[str], str]) -> None:
    html = text(page("bg/2020-varna/"))
    assert "28–29 септември 2020 г." in html and "Астор" in html
    assert "BG16RFOP002-2.052-0001" in html
    agenda = text(page("en/2020-varna/agenda/"))
    assert "28 September 2020" in agenda and "29 September 2020" in agenda
    assert "Day 1" not in agenda


def test_every_iasi_speaker_is_on_its_agenda_and_has_a_person_page(page: Callable[[str], str]) -> None:
    data = yaml.safe_load((ROOT / "content/editions/2023-iasi/edition.yaml").read_text(encoding="utf-8"))
    agenda = page("en/2023-iasi/agenda/")
    speakers = {s["person"] if isinstance(s, dict) else s
                for day in data["agenda"] for session in day["sessions"]
                for talk in session.get("talks", []) for s in talk.get("speakers", [])}
    assert len(speakers) >= 18  # the two facilitators of the pitching sessions gave no talk
    for person in speakers:
        name = yaml.safe_load((ROOT / f"content/people/{person}.yaml").read_text(encoding="utf-8"))["name"]
        assert f'href="/site/en/people/{person}/"' in agenda, person
        person_page = text(page(f"en/people/{person}/"))
        assert name in person_page and "Clusters meet Regions" in person_page
    assert "22 November 2023" in text(agenda) and "Day 1" not in text(agenda)
    assert "Registration closed" in text(page("en/2023-iasi/"))


def test_past_iasi_points_to_chisinau(page: Callable[[str], str]) -> None:
    html = page("en/2023-iasi/")
    assert 'class="banner"' in html and 'href="/site/en/2024-chisinau/"' in html


def test_home_features_the_latest_edition_then_the_archive(page: Callable[[str], str]) -> None:
    html = text(page("en/"))
    assert html.index("Latest edition") < html.index("All editions")
    featured = html[html.index("Latest edition"):html.index("All editions")]
    assert "Chișinău" in featured
    for series in ("Clusters meet Regions", "International SME Conference", "National Cluster Conference"):
        assert series in html


def test_language_switcher_keeps_the_page(page: Callable[[str], str]) -> None:
    html = page("ro/2023-iasi/agenda/")
    assert 'href="/site/en/2023-iasi/agenda/" hreflang="en"' in html
    assert 'href="/site/bg/2023-iasi/agenda/" hreflang="bg"' in html


def test_interface_is_translated(page: Callable[[str], str]) -> None:
    assert "Ediție încheiată" in page("ro/2024-chisinau/") or "încheiat" in page("ro/2024-chisinau/")
    assert "Agenda" not in text(page("bg/2023-iasi/agenda/")).replace("agenda", "")


def test_summary_counts_pages_per_language(real_site: Result) -> None:
    summary = real_site.summary()
    assert re.search(r"Built \d+ pages \(en \d+, ro \d+, bg \d+\)", summary)
    assert "Time per stage: load" in summary


def test_no_request_leaves_for_another_host(site_dir) -> None:  # type: ignore[no-untyped-def]
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:link|script|img|iframe|source)[^>]+(?:src|href)="(https?:)?//', html):
            tag = match.group(0)
            assert 'rel="canonical"' in tag or 'rel="alternate"' in tag, f"{path}: {tag}"
