"""Every page of the real site, in every language, opened in Debian's Chromium.

The crawl visits every page (76 per language, the language chooser and the 404 page: 230 in
all) in each of the four views: a 390 px phone (touch, mobile viewport, 2x screen) and a 1280 px
desktop, each in the light and in the dark colour scheme. One browser serves the whole suite and
one context each view; each page is loaded once per view and checked for:

- axe-core violations with its default rules (WCAG A and AA, and its best practices);
- horizontal scrolling: the document wider than the window, naming the elements that stick out;
- console errors, uncaught exceptions, failed requests and HTTP responses of 400 or more;
- requests that leave for another host (fonts, scripts, images: everything is served by the site);
- layout shift: Cumulative Layout Shift, summed by a PerformanceObserver from the first paint until
  the page has loaded and its scripts have run, must be 0 (content a script adds goes into space
  the HTML reserves for it, so nothing a visitor reads or taps moves under them).

Why every page in all four views rather than a sample: measured on the 2-core machine CI runs on,
one view of all 230 pages takes about 35 s (0.15 s a page: loading it with axe-core added as an
init script, the audit, the overflow check), so the four take about 2.5 minutes and the whole
browser suite under 4. Injecting axe-core into each page after its load instead took 85 to 105 s
a view (over 6 minutes for the four); keeping it an init script of the crawl's own tab is what
makes the full matrix affordable. A split (every page in two views, one page of each template in all four) would save
about 70 s but miss a page whose own content (a long name, an editor's Markdown) breaks contrast or
reflow in one view only, so the full matrix is kept while it stays this fast.
"""

from __future__ import annotations

import pathlib
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from .harness import VIEWS, ContextFor, View, page_paths

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

Findings = dict[str, list[str]]  # check -> one message per problem, each naming its page

CHECKS = ("axe", "overflow", "console", "network", "other hosts", "layout shift")

# Every layout shift from the start of the page (buffered), with the elements that moved; read after
# the page's load, its deferred scripts and two frames, so shifts those cause are counted too.
SHIFTS = """
window.__shifts = [];
window.__keepShifts = list => {
  for (const entry of list.getEntries ? list.getEntries() : list) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({value: entry.value, sources: (entry.sources || []).map(source => {
      const node = source.node;
      if (!node || !node.tagName) return node ? node.nodeName : '?';
      return node.tagName.toLowerCase() + (node.id ? '#' + node.id : '')
        + (node.classList.length ? '.' + [...node.classList].join('.') : '');
    })});
  }
};
window.__shiftObserver = new PerformanceObserver(window.__keepShifts);
window.__shiftObserver.observe({type: 'layout-shift', buffered: true});
"""
LAYOUT_SHIFT = """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => {
  window.__keepShifts(window.__shiftObserver.takeRecords());  // those not yet handed to the observer
  const shifts = window.__shifts;
  resolve({total: shifts.reduce((sum, shift) => sum + shift.value, 0),
           moved: [...new Set(shifts.flatMap(shift => shift.sources))].slice(0, 5)});
})))"""

AUDIT = "() => axe.run(document, {resultTypes: ['violations']}).then(result => result.violations)"

# The elements wider than the window, outermost first (their children stick out with them).
OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const wide = [...document.body.querySelectorAll('*')].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
  });
  const outermost = wide.filter(element => !wide.includes(element.parentElement));
  const describe = element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
    + (element.classList.length ? '.' + [...element.classList].join('.') : '')
    + ' (' + Math.round(element.getBoundingClientRect().left) + '..'
    + Math.round(element.getBoundingClientRect().right) + ' px)';
  return {scrollWidth: root.scrollWidth, width, culprits: outermost.slice(0, 5).map(describe)};
}"""


def describe_violation(path: str, violation: dict[str, Any]) -> list[str]:
    return [f"/{path}: {violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {' '.join(node['target'])}: {node['html'][:140]}"
            for node in violation["nodes"]]


def visit_all(context: BrowserContext, base: str, paths: list[str], axe_source: str) -> Findings:
    """Load every page once in a new tab of `context`; gather what each check finds."""
    findings: Findings = {check: [] for check in CHECKS}
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    current = [""]
    tab = context.new_page()
    tab.add_init_script(script=axe_source)  # only this tab: the other tests see the pages as they are
    tab.add_init_script(script=SHIFTS)

    def note(check: str, message: str) -> None:
        findings[check].append(f"/{current[0]}: {message}")

    tab.on("console", lambda m: m.type == "error" and note(
        "console", f"console error: {m.text} ({m.location.get('url')}:{m.location.get('lineNumber')})"))
    tab.on("pageerror", lambda error: note("console", f"uncaught exception: {error}"))
    # ERR_ABORTED is the browser cancelling a request itself (the favicon still loading when the next
    # page is opened), not a failure: a missing file answers 404, which the next line catches
    tab.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
           and note("network", f"{r.method} {r.url} failed: {r.failure}"))
    tab.on("response", lambda r: r.status >= 400 and note("network", f"HTTP {r.status} for {r.url}"))
    tab.on("request", lambda r: not r.url.startswith((origin + "/", "data:", "blob:"))
           and note("other hosts", f"request to another host: {r.url}"))
    try:
        for path in paths:
            current[0] = path
            response = tab.goto(base + path)
            if response is None or response.status != 200:
                note("network", f"the page itself answered {response.status if response else 'nothing'}")
                continue
            shift = tab.evaluate(LAYOUT_SHIFT)
            if shift["total"] > 0:
                note("layout shift", f"Cumulative Layout Shift {shift['total']:.4f}; "
                                     f"moved: {', '.join(shift['moved'])}")
            for violation in tab.evaluate(AUDIT):
                findings["axe"] += describe_violation(path, violation)
            overflow = tab.evaluate(OVERFLOW)
            if overflow:
                note("overflow", f"{overflow['scrollWidth']} px wide in a {overflow['width']} px window; "
                                 f"sticking out: {', '.join(overflow['culprits'])}")
    finally:
        tab.close()
    return findings


@pytest.fixture(scope="module")
def crawl(context_for: ContextFor, site_url: str, site_dir: pathlib.Path,
          axe_source: str) -> Iterator[Callable[[View], Findings]]:
    """What the crawl found in one view: made by the first test that asks, then shared."""
    done: dict[View, Findings] = {}
    seconds: dict[View, float] = {}
    paths = page_paths(site_dir)

    def get(view: View) -> Findings:
        if view not in done:
            started = time.perf_counter()
            done[view] = visit_all(context_for(view), site_url, paths, axe_source)
            seconds[view] = time.perf_counter() - started
        return done[view]

    yield get
    for view, spent in seconds.items():
        print(f"\ncrawl {view.name}: {len(paths)} pages in {spent:.1f} s")


def report(findings: list[str], what: str) -> str:
    shown = "\n".join(findings[:60])
    more = f"\n... and {len(findings) - 60} more" if len(findings) > 60 else ""
    return f"{len(findings)} {what}:\n{shown}{more}"


def test_the_crawl_covers_every_page_in_every_language(site_dir: pathlib.Path) -> None:
    paths = page_paths(site_dir)
    per_language = {lang: [p for p in paths if p.startswith(f"{lang}/")] for lang in ("en", "ro", "bg")}
    assert {"", "404.html"} <= set(paths)
    assert len({len(found) for found in per_language.values()}) == 1, "every language has the same pages"
    assert len(per_language["en"]) > 50
    assert {p.split("/", 1)[1] for p in per_language["en"]} == {p.split("/", 1)[1] for p in per_language["bg"]}


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_no_axe_violation(crawl: Callable[[View], Findings], view: View) -> None:
    found = crawl(view)["axe"]
    assert not found, report(found, f"axe-core violations at {view.name}")


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_no_horizontal_scrolling(crawl: Callable[[View], Findings], view: View) -> None:
    found = crawl(view)["overflow"]
    assert not found, report(found, f"pages scroll sideways at {view.name}")


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_no_console_error_and_no_failed_request(crawl: Callable[[View], Findings], view: View) -> None:
    found = crawl(view)["console"] + crawl(view)["network"]
    assert not found, report(found, f"console errors or failed requests at {view.name}")


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_nothing_is_fetched_from_another_host(crawl: Callable[[View], Findings], view: View) -> None:
    found = crawl(view)["other hosts"]
    assert not found, report(found, f"requests to other hosts at {view.name}")


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_nothing_shifts_while_a_page_loads(crawl: Callable[[View], Findings], view: View) -> None:
    found = crawl(view)["layout shift"]
    assert not found, report(found, f"pages whose layout shifts at {view.name}")
