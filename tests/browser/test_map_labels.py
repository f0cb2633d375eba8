"""The cities' names on the maps, as a phone and a desktop draw them: the map is an image scaled to
the page's width, so its names are drawn larger when it is shown narrow (the media query of its
own style), and none runs off the map's edge at either size."""

from __future__ import annotations

import pathlib

import pytest
from playwright.sync_api import Browser

from .harness import DESKTOP_LIGHT, PHONE_LIGHT, ContextFor, View

WIDTH = 600  # the map's width in its own units (geography.WIDTH)


@pytest.mark.parametrize(("view", "smallest"), [(PHONE_LIGHT, 12.0), (DESKTOP_LIGHT, 14.0)])
@pytest.mark.parametrize("page", ["en/", "ro/series/clusters-meet-regions/"])
def test_the_cities_names_are_readable_and_inside_the_map(context_for: ContextFor, browser: Browser, site_url: str,
                                                          site_dir: pathlib.Path, view: View, smallest: float,
                                                          page: str) -> None:
    tab = context_for(view).new_page()
    try:
        tab.goto(site_url + page)
        picture = tab.locator("img.city-map")
        picture.scroll_into_view_if_needed()
        shown = picture.evaluate("img => img.getBoundingClientRect().width")
        source = picture.evaluate("img => img.src")
    finally:
        tab.close()
    assert 0 < shown <= WIDTH
    # the map on its own, in a window as wide as the page showed it: its media queries then see
    # what they saw in the page, and its names can be measured
    alone = browser.new_context(viewport={"width": round(shown), "height": 800})
    try:
        svg = alone.new_page()
        svg.goto(source)
        names = svg.evaluate("""() => [...document.querySelectorAll('.city text')].map(t => {
            const box = t.getBBox();
            return {name: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
                    left: box.x, right: box.x + box.width, top: box.y, bottom: box.y + box.height};
        })""")
    finally:
        alone.close()
    assert names
    for name in names:
        on_screen = name["size"] * shown / WIDTH
        assert on_screen >= smallest, f"{name['name']}: {on_screen:.1f} px on a {view.name} screen"
        assert name["left"] >= 0 and name["right"] <= WIDTH and name["top"] >= 0, name
