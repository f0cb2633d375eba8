"""Pictures stay light on a phone: no page fetches more than 200 kB of images on first load at a
390 px wide screen (a phone's 2x screen, as the rest of the suite uses), counted from what
Chromium actually transferred. Pictures below the fold wait (loading="lazy") and are not counted
until a visitor scrolls to them.

The real site has no photographs (its people get initials drawn inline), so the budget is held on
the fixture site of test_images, with many speakers whose photos weigh like real ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from conftest import FixtureSite
from picture_site import add_speakers, write_picture_site

from .harness import PHONE_LIGHT, SAMPLE, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser

BUDGET = 200 * 1000  # bytes of images per page, on first load
PICTURE_PAGES = ("en/", "en/2030-iasi/", "ro/2030-iasi/agenda/", "en/2030-iasi/speakers/", "bg/people/",
                 "en/people/ana-popescu/", "en/organisations/river-agency/")


@pytest.fixture(scope="module")
def picture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site with every kind of picture and 30 more speakers, served under /conf/."""
    site = FixtureSite(tmp_path_factory.mktemp("pictures"))
    write_picture_site(site)
    add_speakers(site, 30)
    result = site.build()
    assert result.ok, [p.format() for p in result.errors]
    with serving(site.root / "_site") as url:
        yield url


def images_fetched(browser: Browser, url: str) -> dict[str, int]:
    """Each image a first visit fetched (a fresh browser context: nothing cached), with its bytes."""
    context = browser.new_context(**PHONE_LIGHT.context_options())
    fetched: dict[str, int] = {}
    try:
        page = context.new_page()
        page.on("requestfinished", lambda request: fetched.__setitem__(
            request.url, request.sizes()["responseBodySize"]) if request.resource_type == "image" else None)
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, url
    finally:
        context.close()
    return fetched


def test_no_page_fetches_more_than_200_kb_of_images(browser: Browser, picture_site: str, site_url: str) -> None:
    weights = {path: images_fetched(browser, picture_site + path) for path in PICTURE_PAGES}
    weights |= {f"real site /{path}": images_fetched(browser, site_url + path) for path in SAMPLE.values()}
    over = [f"{path}: {sum(found.values()):,} bytes in {len(found)} images" for path, found in weights.items()
            if sum(found.values()) > BUDGET]
    assert not over, "over the 200 kB image budget:\n" + "\n".join(over)
    faces = [url for url in weights["en/2030-iasi/speakers/"] if "/images/" in url]
    assert len(faces) >= 4 and all(re.search(r"-tile-224\.webp$", url) for url in faces), faces  # measured


def test_faces_below_the_fold_wait_until_a_visitor_scrolls(browser: Browser, picture_site: str) -> None:
    fetched = [url for url in images_fetched(browser, picture_site + "en/2030-iasi/speakers/") if "/images/" in url]
    assert 0 < len(fetched) < 32  # of the 32 faces on the page
