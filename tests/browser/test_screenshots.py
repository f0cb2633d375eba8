"""Screenshots for people to look at, and the visual promises they show, measured.

Full-page PNGs of the home, an edition and its agenda, at 390 px (a phone) and 1280 px, in light
and dark, are written to test-artifacts/screenshots/ (kept, not committed: look at them after a
change of the templates or the stylesheet). Beside them, what a reviewer checked on them once is
measured on every run: on a phone the edition's first screen says what, when and where and
offers the next step; the agenda's text is large enough to read without zooming.
"""

from __future__ import annotations

import struct

import pytest

from .harness import ARTIFACTS, PHONE_DARK, PHONE_LIGHT, VIEWS, ContextFor, View

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "screenshots"
PAGES = {"home": "en/", "edition": "en/2023-iasi/", "agenda": "en/2023-iasi/agenda/"}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(context_for: ContextFor, site_url: str, view: View, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab = context_for(view).new_page()
    try:
        tab.goto(site_url + PAGES[name])
        target = SHOTS / f"{name}-{view.width}-{view.scheme}.png"
        tab.screenshot(path=str(target), full_page=True, animations="disabled")
    finally:
        tab.close()
    width, height = png_size(target.read_bytes())
    scale = 2 if view.phone else 1
    assert width == view.width * scale, "the page is exactly as wide as the window"
    assert height >= 600 * scale


BOTTOM = "selector => document.querySelector(selector).getBoundingClientRect().bottom"
FIRST_SCREEN = (("what: the title", "main h1"), ("when and where: the key facts", ".key-facts dl"),
                ("register: its state or its button", ".key-facts .registration"),
                ("materials: the first link of the edition's menu", ".edition-nav li"))


@pytest.mark.parametrize("lang", ["en", "ro", "bg"])
@pytest.mark.parametrize("view", [PHONE_LIGHT, PHONE_DARK], ids=lambda v: v.name)
def test_the_edition_says_what_when_where_and_what_next_on_the_first_screen_of_a_phone(
        context_for: ContextFor, site_url: str, view: View, lang: str) -> None:
    tab = context_for(view).new_page()
    try:
        tab.goto(site_url + PAGES["edition"].replace("en/", f"{lang}/", 1))
        screen = tab.viewport_size["height"]
        bottoms = [tab.evaluate(BOTTOM, selector) for _, selector in FIRST_SCREEN]
        for (what, selector), bottom in zip(FIRST_SCREEN, bottoms, strict=True):
            assert bottom <= screen, f"{what} ({selector}) ends at {bottom:.0f} px, below the first {screen} px"
        assert bottoms == sorted(bottoms), "in this order: what, when and where, register, materials"
    finally:
        tab.close()


@pytest.mark.parametrize("view", [PHONE_LIGHT, PHONE_DARK], ids=lambda v: v.name)
def test_the_agenda_reads_well_on_a_phone(context_for: ContextFor, site_url: str, view: View) -> None:
    tab = context_for(view).new_page()
    try:
        tab.goto(site_url + PAGES["agenda"])
        sizes = tab.evaluate("""() => [...document.querySelectorAll('.session h3, .session p, .talks li')]
            .map(e => [e.tagName + '.' + e.className, parseFloat(getComputedStyle(e).fontSize)])""")
        assert sizes
        small = sorted({name for name, size in sizes if size < 14})
        assert not small, f"text under 14 px on a phone: {small}"
        titles = tab.evaluate("""() => [...document.querySelectorAll('.session h3')]
            .map(e => e.getBoundingClientRect().width)""")
        assert min(titles) >= 250, "session titles keep most of the phone's width"
    finally:
        tab.close()
