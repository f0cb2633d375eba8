"""Nothing moves while a page loads: the crawl's layout-shift check (test_every_page) sees a shift
when there is one, and the visitor's own session times of an online agenda fill a line the page
reserved for them, so they shift nothing. The real site has no online agenda with times: a
fixture site, built here, has one."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from conftest import FIXED_NOW, FixtureSite

from .harness import DESKTOP_LIGHT, PHONE_LIGHT, SubPathHandler, View
from .test_every_page import LAYOUT_SHIFT, SHIFTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

ONLINE = """agenda:
  - date: 2030-05-12
    sessions:
      - kind: keynote
        title: {en: Opening keynote}
        start: "09:30"
        end: "10:00"
      - kind: panel
        title: {en: Regions online}
        start: "10:15"
        end: "11:45\""""

# A page that pushes its own text down a moment after it is shown, then says it is done.
SHIFTING = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shift</title></head>
<body><p>First line</p><p>Second line</p>
<script>setTimeout(() => { const block = document.createElement('div'); block.style.height = '300px';
document.body.prepend(block); document.body.dataset.done = 'yes'; }, 300);</script></body></html>"""


@pytest.fixture(scope="module")
def online_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fixture site with an online edition whose agenda gives times, served under /conf/."""
    site = FixtureSite(tmp_path_factory.mktemp("online") / "project")
    site.edition(format="format: online", venue="", timezone="timezone: Europe/Bucharest", agenda=ONLINE)
    result = site.build(FIXED_NOW, search=False, cache=False)
    assert result.ok, [p.format() for p in result.errors]
    folder = site.root / "_site"
    (folder / "shift.html").write_text(SHIFTING, encoding="utf-8")
    handler = type("Handler", (SubPathHandler,), {"prefix": "/conf/"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, name="online-site", daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/conf/"
    finally:
        server.shutdown()
        server.server_close()


def visit(browser: Browser, view: View, url: str, timezone: str, ready: str | None = None) -> tuple[Any, Any]:
    """The layout shift of `url` in a visitor's `timezone`, and the texts of its local-time lines."""
    context = browser.new_context(**view.context_options(), timezone_id=timezone)
    try:
        tab = context.new_page()
        tab.add_init_script(script=SHIFTS)
        tab.goto(url)
        if ready:
            tab.wait_for_function(ready)
        shift = tab.evaluate(LAYOUT_SHIFT)
        lines = tab.eval_on_selector_all("p.local-time", "lines => lines.map(line => [line.textContent, "
                                         "line.getBoundingClientRect().height])")
        return shift, lines
    finally:
        context.close()


def test_the_check_sees_a_page_that_shifts(browser: Browser, online_site: str) -> None:
    shift, _ = visit(browser, DESKTOP_LIGHT, online_site + "shift.html", "UTC", "document.body.dataset.done")
    assert shift["total"] > 0 and shift["moved"], shift


@pytest.mark.parametrize("view", (PHONE_LIGHT, DESKTOP_LIGHT), ids=lambda v: v.name)
def test_a_visitors_own_times_fill_reserved_lines(browser: Browser, online_site: str, view: View) -> None:
    agenda = online_site + "en/2030-iasi/agenda/"
    filled = "document.querySelector('p.local-time').textContent"
    shift, lines = visit(browser, view, agenda, "America/New_York", filled)
    assert shift["total"] == 0, shift
    assert len(lines) == 2 and all(text.startswith("(your time: ") and height > 0 for text, height in lines), lines
    at_home, lines = visit(browser, view, agenda, "Europe/Bucharest")
    assert at_home["total"] == 0, at_home
    assert lines == [["", 0], ["", 0]]  # a visitor in the edition's zone gets no empty line
