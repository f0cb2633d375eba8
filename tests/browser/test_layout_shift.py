"""Nothing moves while a page loads: the crawl's layout-shift check (test_every_page) sees a shift
when there is one, the visitor's own session times of an online agenda fill a line the page
reserved for them, so they shift nothing, and a header drawn before all of it has arrived does
not move when the rest comes. The real site has no online agenda with times: a fixture site,
built here, has one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import re
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXED_NOW, FixtureSite

from .harness import DESKTOP_DARK, DESKTOP_LIGHT, PHONE_DARK, PHONE_LIGHT, LocalServer, SubPathHandler, View, serving
from .test_every_page import LAYOUT_SHIFT, SHIFTS, visit_all

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


@dataclasses.dataclass(frozen=True)
class Served:
    """A built site served over HTTP: its URL, its handler (whose `release` sends the next part of a
    page asked for with ?held=, `HeldHandler`) and its folder."""

    url: str
    handler: type[HeldHandler]
    folder: pathlib.Path


@pytest.fixture(scope="module")
def online_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A fixture site with an online edition whose agenda gives times, served under /conf/."""
    site = FixtureSite(tmp_path_factory.mktemp("online") / "project")
    site.edition(format="format: online", venue="", timezone="timezone: Europe/Bucharest", agenda=ONLINE)
    result = site.build(FIXED_NOW, search=False, cache=False)
    assert result.ok, [p.format() for p in result.errors]
    folder = site.root / "_site"
    (folder / "shift.html").write_text(SHIFTING, encoding="utf-8")
    # a page asked for with ?held= comes in parts, each sent when a test releases it (`HeldHandler`)
    handler = type("Handler", (HeldHandler,), {"release": threading.Semaphore(0)})
    with serving(folder, handler=handler) as url:
        try:
            yield Served(url, handler, folder)
        finally:
            handler.release.release(1000)  # whatever part a failed test left held


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


def test_the_check_sees_a_page_that_shifts(browser: Browser, online_site: Served) -> None:
    shift, _ = visit(browser, DESKTOP_LIGHT, online_site.url + "shift.html", "UTC", "document.body.dataset.done")
    assert shift["total"] > 0 and shift["moved"], shift


@pytest.mark.parametrize("view", (PHONE_LIGHT, DESKTOP_LIGHT), ids=lambda v: v.name)
def test_a_visitors_own_times_fill_reserved_lines(browser: Browser, online_site: Served,
                                                  view: View) -> None:
    agenda = online_site.url + "en/2030-iasi/agenda/"
    filled = "document.querySelector('p.local-time').textContent"
    shift, lines = visit(browser, view, agenda, "America/New_York", filled)
    assert shift["total"] == 0, shift
    assert len(lines) == 2 and all(text.startswith("(your time: ") and height > 0 for text, height in lines), lines
    assert lines[0][0].endswith(" UTC-04:00)"), lines  # the offset written as the page writes the venue's
    at_home, lines = visit(browser, view, agenda, "Europe/Bucharest")
    assert at_home["total"] == 0, at_home
    assert lines == [["", 0], ["", 0]]  # a visitor in the edition's zone gets no empty line


def test_a_visitor_on_another_date_is_told_the_day(browser: Browser, online_site: Served) -> None:
    """09:30 in Bucharest on Sunday 12 May is 23:30 on Saturday in Los Angeles: the visitor's line
    says that day, and the end after their midnight its own; 10:15 is Sunday there too."""
    agenda = online_site.url + "en/2030-iasi/agenda/"
    _, lines = visit(browser, PHONE_LIGHT, agenda, "America/Los_Angeles",
                     "document.querySelector('p.local-time').textContent")
    assert [text for text, _ in lines] == ["(your time: Sat 23:30–Sun 00:00 UTC-07:00)",
                                           "(your time: 00:15–01:45 UTC-07:00)"]


def test_a_session_page_gives_the_visitors_own_time_too(browser: Browser, online_site: Served) -> None:
    """The page a session's link leads to (the one people share) gives a visitor elsewhere their own
    time under the venue's, as the agenda does, in a line kept for it."""
    page = online_site.url + "en/2030-iasi/sessions/2030-05-12-0930/"
    filled = "document.querySelector('.key-facts .local-time').textContent"
    context = browser.new_context(**PHONE_LIGHT.context_options(), timezone_id="America/Los_Angeles")
    try:
        tab = context.new_page()
        tab.add_init_script(script=SHIFTS)
        tab.goto(page)
        tab.wait_for_function(filled)
        assert tab.evaluate(LAYOUT_SHIFT)["total"] == 0
        assert tab.evaluate(filled) == "(your time: Sat 23:30–Sun 00:00 UTC-07:00)"
    finally:
        context.close()


# The page of the crawl's one failure on a loaded machine: nav.languages moved (CLS 0.0057).
HELD_PAGE = "en/series/clusters-meet-regions/"
# Every layout shift, with where each element was and went. Unlike the crawl's SHIFTS it keeps those
# marked hadRecentInput: this test gives no input, but in a phone's context (is_mobile) Chromium
# marks so the shifts early in a load, which would hide the phone's case.
EVERY_SHIFT = """
window.__moves = [];
window.__keepMoves = list => {
  for (const entry of list.getEntries ? list.getEntries() : list) {
    window.__moves.push(entry.value.toFixed(5) + ': ' + (entry.sources || []).map(source => {
      const node = source.node, was = source.previousRect, now = source.currentRect;
      const name = node && node.tagName ? node.tagName.toLowerCase() + [...node.classList].map(c => '.' + c).join('')
        : node ? node.nodeName : '?';
      return `${name} ${Math.round(was.x)},${Math.round(was.y)} -> ${Math.round(now.x)},${Math.round(now.y)}`;
    }).join(', '));
  }
};
window.__moveObserver = new PerformanceObserver(window.__keepMoves);
window.__moveObserver.observe({type: 'layout-shift', buffered: true});
"""
# Waits until the part ending in the comment `marker` has been parsed and two more frames drawn (the
# frame showing it, and one after); then the shifts since the last call, and whether the page is still loading.
DRAWN = """async marker => {
  const frame = () => new Promise(requestAnimationFrame);
  const parsed = () => document.evaluate(`//comment()[. = '${marker}']`, document, null,
                                         XPathResult.BOOLEAN_TYPE, null).booleanValue;
  while (!parsed()) await frame();
  await frame();
  await frame();
  window.__keepMoves(window.__moveObserver.takeRecords());
  return [document.readyState, window.__moves.splice(0)];
}"""
TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")


class HeldHandler(SubPathHandler):
    """Serves a page asked for with ?held=N,M,... in parts: up to its byte N, then up to M, and so on,
    each part followed by a comment `<!--part K-->` and sent once the test releases it."""

    release = threading.Semaphore(0)  # the fixture gives each test its own

    def do_GET(self) -> None:
        held = parse_qs(urlsplit(self.path).query).get("held")
        if not held:
            super().do_GET()
            return
        html = (pathlib.Path(self.translate_path(self.path)) / "index.html").read_bytes()
        ends = [int(end) for end in held[0].split(",")]
        parts = [html[start:end] + f"<!--part {part}-->".encode()
                 for part, (start, end) in enumerate(zip([0, *ends[:-1]], ends, strict=True))]
        parts.append(html[ends[-1]:])
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(sum(map(len, parts))))
        self.end_headers()
        for part, data in enumerate(parts):
            if part:
                self.release.acquire(timeout=60)  # a limit only so that nothing hangs
            self.wfile.write(data)
            self.wfile.flush()


@pytest.fixture
def held_site(site_dir: pathlib.Path, base_path: str) -> Iterator[tuple[str, type[HeldHandler]]]:
    """The real site served by a HeldHandler: its URL and the handler, whose `release` sends a page's next part."""
    handler = type("Held", (HeldHandler,), {"release": threading.Semaphore(0)})
    with serving(site_dir, base_path, handler) as url:
        try:
            yield url, handler
        finally:
            handler.release.release(1000)  # whatever part a failed test left held


@pytest.mark.parametrize("view", (PHONE_DARK, DESKTOP_DARK), ids=lambda v: v.name)
def test_a_header_drawn_before_it_has_all_arrived_does_not_move(browser: Browser, site_dir: pathlib.Path,
                                                                held_site: tuple[str, type[HeldHandler]],
                                                                view: View) -> None:
    """A loaded machine paints a page at any pause of its parser, inside the header too. Here the
    header arrives a tag at a time, each part drawn before the next is sent (no timing: the test
    waits for the part in the page, then for its frame), and nothing already drawn may move when
    the next part comes (the crawl's failure was the menu, still empty, sharing the brand's row
    until its links came and wrapped it to the next one).

    Left out: a pause between an opening tag and the words right after it. A link drawn before its
    words at the end of a line of a wrapping list goes to the next line when they come, and no
    layout of a wrapping list avoids that: on a phone, the menu's last link would."""
    url, handler = held_site
    html = (site_dir / HELD_PAGE / "index.html").read_bytes()
    header = slice(html.index(b"<body>"), html.index(b"</header>") + len(b"</header>"))
    # after each tag from <body> to </header>, but not inside a <script> (the comment would change its
    # text), nor between an opening tag and its words
    ends = [header.start + tag.end() for tag in TAG.finditer(html[header])
            if tag[1] or (tag[2].lower() != b"script" and html[header.start + tag.end()] in b"<\n ")]
    assert len(ends) > 30
    # no service worker: after the first page the site's own would fetch the next ones itself
    context = browser.new_context(**view.context_options(), service_workers="block")
    moved = []
    try:
        tab = context.new_page()
        tab.add_init_script(script=EVERY_SHIFT)
        tab.goto(f"{url}{HELD_PAGE}?held={','.join(map(str, ends))}", wait_until="commit")
        for part, (start, end) in enumerate(zip([header.start, *ends[:-1]], ends, strict=True)):
            state, shifts = tab.evaluate(DRAWN, f"part {part}")
            assert state == "loading", "each part is drawn before the next is sent"
            if shifts:
                came, line = " ".join(html[start:end].decode().split()), html[:end].count(b"\n") + 1
                moved.append(f"when {came[:70]!r} came (line {line}): {'; '.join(shifts)}")
            handler.release.release()
        tab.wait_for_load_state("load")
        assert tab.locator("footer.site-footer").count() == 1, "the whole page came"
        state, shifts = tab.evaluate(DRAWN, "part 0")
        if shifts:
            moved.append(f"when the rest of the page came: {'; '.join(shifts)}")
    finally:
        context.close()
    assert not moved, f"{len(moved)} of the header's {len(ends)} parts moved what was drawn:\n" + "\n".join(moved)


@pytest.mark.parametrize("view", (PHONE_LIGHT, DESKTOP_LIGHT), ids=lambda v: v.name)
def test_now_and_next_is_filled_in_before_what_is_below_it_is_drawn(
        browser: Browser, online_site: Served, view: View) -> None:
    """A slow phone draws the agenda while it is still reading it: the now-and-next box first,
    empty, then the sessions under it. Here the page comes in three parts, each drawn before the
    next is sent: up to the end of the box, up to the end of the first day, the rest. The box is
    filled in before the first day is drawn, so nothing under it moves when the visitor's
    clock says what comes next (on a phone that text, in another time zone, takes three lines).
    The crawl caught it on a loaded machine: the box filled in by a deferred script, after the
    rest was drawn, pushed "My agenda" down by a line (CLS 0.011)."""
    url, handler = online_site.url, online_site.handler
    html = (online_site.folder / "en/2030-iasi/agenda/index.html").read_bytes()
    box = html.index(b"</section>", html.index(b'<section class="now-next"')) + len(b"</section>")
    day = html.index(b"</section>", html.index(b'<section class="day"')) + len(b"</section>")
    context = browser.new_context(**view.context_options(), timezone_id="America/New_York", service_workers="block")
    try:
        tab = context.new_page()
        tab.clock.install(time=dt.datetime(2030, 5, 1, 12, tzinfo=dt.UTC))  # before it: "Next" is the first session
        tab.add_init_script(script=EVERY_SHIFT)
        tab.goto(f"{url}en/2030-iasi/agenda/?held={box},{day}", wait_until="commit")
        moved = []
        for part in range(2):
            state, shifts = tab.evaluate(DRAWN, f"part {part}")
            assert state == "loading", "each part is drawn before the next is sent"
            moved += shifts
            handler.release.release()
        tab.wait_for_load_state("load")
        moved += tab.evaluate(DRAWN, "part 0")[1]
        said = tab.locator(".now-next .next-what").inner_text()
    finally:
        context.close()
    assert said.startswith("Opening keynote · 12 May 2030, 09:30–10:00 (UTC+03:00)") and "your time" in said
    assert moved == []


# A page that moves its text while it loads: a picture without a size comes late and pushes its text
# down. /moving.html does so on every load, /once.html only the first time it is asked for
# (`FirstTimeHandler`); both before the page's load event, after which the crawl reads the shifts.
# The picture is sent only once the page says it has been drawn (two frames after its script runs):
# a picture that came before the first paint would move nothing (on a busy machine, a fixed delay
# sometimes did). It may be cached for an hour: loaded again where it is cached, /moving.html would
# not move (the crawl loads a page again where nothing is).
MOVING = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Moving</title></head>
<body><main><img src="late.svg?{page}" alt=""><p>First line</p><p>Second line</p></main>
<script>requestAnimationFrame(() => requestAnimationFrame(() => fetch('drawn?{page}')));</script></body></html>"""
STILL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Still</title></head>
<body><main><p>First line</p><p>Second line</p></main></body></html>"""
LATE = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="300"></svg>'


class FirstTimeHandler(SubPathHandler):
    """Serves /moving.html, which moves on every load, /once.html, which moves on its first, and
    their late picture, sent when the page has been drawn."""

    asked: ClassVar[set[str]] = set()  # the test's subclass has its own
    drawn: ClassVar[dict[str, threading.Event]] = {}  # each page's latest load, told by its drawn?<page>

    def do_GET(self) -> None:
        page = urlsplit(self.path).path.rsplit("/", 1)[-1]
        asking = urlsplit(self.path).query
        if page == "late.svg":
            assert self.drawn[asking].wait(10), f"{asking} was not drawn in 10 s"
            self.answer("image/svg+xml", "max-age=3600", LATE)
        elif page == "drawn":
            self.drawn[asking].set()
            self.answer("text/plain", "no-store", b"")
        elif page in ("moving.html", "once.html"):
            moves = page == "moving.html" or page not in self.asked
            self.drawn[page] = threading.Event()  # the crawl loads one page at a time
            self.answer("text/html; charset=utf-8", "no-store", (MOVING if moves else STILL).format(page=page).encode())
            self.asked.add(page)
        else:
            self.send_error(404)

    def answer(self, kind: str, caching: str, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", caching)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_the_crawl_fails_a_page_that_shifts_again_and_warns_of_one_that_does_not(
        browser: Browser, axe_source: str) -> None:
    handler = type("Handler", (FirstTimeHandler,), {"prefix": "/", "asked": set(), "drawn": {}})
    server = LocalServer(handler)
    threading.Thread(target=server.serve_forever, name="moving-pages", daemon=True).start()
    context = browser.new_context(**DESKTOP_LIGHT.context_options())
    try:
        found, _ = visit_all(context, DESKTOP_LIGHT, f"http://127.0.0.1:{server.server_port}/",
                             ["moving.html", "once.html"], axe_source)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert [message.split(":")[0] for message in found["layout shift"]] == ["/moving.html"]
    assert "; loaded again: 0." in found["layout shift"][0]
    assert [message.split(":")[0] for message in found["layout shift once"]] == ["/once.html"]
    assert found["layout shift once"][0].endswith("; loaded again, nothing moved")
