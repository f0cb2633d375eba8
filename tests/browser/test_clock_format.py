"""A visitor's own time, written by the scripts (local-time.js under each session time, now-next.js
in the "now and next" box), in the clock format the page writes its own times in, in each of the
site's languages: Bulgarian pages write "9:30" (Babel's H:mm), English and Romanian ones "09:30".
The scripts wrote "09:30" in every language, so a Bulgarian page wrote one clock two ways.

On the golden site (tests/golden/site/), whose 2030-varna edition is hybrid, timed and in Europe/Sofia
(UTC+03:00 in June), seen from London (UTC+01:00): 09:00 at the venue is 07:00 for the visitor."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from test_golden import build_golden

from .harness import serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

VISITOR_ZONE = "Europe/London"
BEFORE_THE_EDITION = dt.datetime(2030, 6, 1, 12, tzinfo=dt.UTC)  # "next" is the opening, at 09:00 in Varna


@pytest.fixture(scope="module")
def golden_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The golden site built and served over HTTP under its base path: 'http://127.0.0.1:PORT/golden/'."""
    folder = tmp_path_factory.mktemp("clock-format") / "site"
    problems = build_golden(folder)
    assert not [p for p in problems if p.is_error], [p.format() for p in problems]
    with serving(folder, "/golden/") as url:
        yield url


@dataclasses.dataclass(frozen=True)
class Seen:
    """What a Bulgarian, Romanian or English agenda says to a visitor in London before the edition."""

    venue: list[str]  # the venue's times, as the page writes them (without scripts too)
    own: list[str]  # the visitor's own times, under them (local-time.js)
    next_line: str  # what the now-and-next box says comes next (now-next.js)


@pytest.fixture(scope="module")
def seen(browser: Browser, golden_url: str) -> dict[str, Seen]:
    """Each language's 2030-varna agenda, seen once for the tests of this module."""
    context = browser.new_context(locale="en-GB", timezone_id=VISITOR_ZONE, service_workers="block")
    try:
        page = context.new_page()
        page.clock.install(time=BEFORE_THE_EDITION)
        found = {}
        for lang in ("bg", "ro", "en"):
            page.goto(golden_url + f"{lang}/2030-varna/agenda/")
            page.wait_for_function("document.querySelector('p.local-time').textContent")
            found[lang] = Seen(page.locator("time[data-start]").all_text_contents(),
                               page.locator("p.local-time").all_text_contents(),
                               page.locator(".now-next .next-what").inner_text())
        return found
    finally:
        context.close()


# the agenda's first session (09:00 in Varna, 07:00 in London) and its first at 11:30 (09:30 in London)
@pytest.mark.parametrize(("lang", "venue", "own"), [
    pytest.param("bg", ["9:00–9:30 (UTC+03:00)", "11:30–12:30 (UTC+03:00)"],
                 ["(вашето местно време: 7:00–7:30 UTC+01:00)", "(вашето местно време: 9:30–10:30 UTC+01:00)"],
                 id="bg"),
    pytest.param("ro", ["09:00–09:30 (UTC+03:00)", "11:30–12:30 (UTC+03:00)"],
                 ["(ora dumneavoastră: 07:00–07:30 UTC+01:00)", "(ora dumneavoastră: 09:30–10:30 UTC+01:00)"],
                 id="ro"),
    pytest.param("en", ["09:00–09:30 (UTC+03:00)", "11:30–12:30 (UTC+03:00)"],
                 ["(your time: 07:00–07:30 UTC+01:00)", "(your time: 09:30–10:30 UTC+01:00)"], id="en"),
])
def test_a_visitors_own_session_times_are_written_as_the_page_writes_its_times(
        seen: dict[str, Seen], lang: str, venue: list[str], own: list[str]) -> None:
    assert [seen[lang].venue[0], seen[lang].venue[2]] == venue
    assert [seen[lang].own[0], seen[lang].own[2]] == own


@pytest.mark.parametrize(("lang", "next_own"), [
    pytest.param("bg", "(вашето местно време: вт, 7:00 UTC+01:00)", id="bg"),
    pytest.param("ro", "(ora dumneavoastră: mar. 07:00 UTC+01:00)", id="ro"),
    pytest.param("en", "(your time: Tue 07:00 UTC+01:00)", id="en"),
])
def test_now_and_next_writes_the_visitors_time_as_the_page_writes_its_times(
        seen: dict[str, Seen], lang: str, next_own: str) -> None:
    assert seen[lang].next_line.endswith(next_own), seen[lang].next_line
