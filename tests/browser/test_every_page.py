"""Every page of the real site, in every language, opened in Debian's Chromium.

The crawl visits every page (81 in each language, the language chooser and the 404 page: 245
today) at two widths: a 390 px phone (touch, mobile viewport, 2x screen) and a 1280 px desktop.
One browser serves the suite (one in each worker process), and one context each width. Each page
is loaded once per width, in the light colour scheme, and checked for:

- axe-core violations with its default rules (WCAG A and AA, and its best practices) in the light
  scheme, then, on the same load, those of its default rules that colours decide (contrast, links
  told from the text around them) in the dark one: the four views;
- horizontal scrolling: the document wider than the window, naming the elements that stick out,
  both as it loads and with its text at 200 % (a phone's larger font setting, WCAG's resize text:
  every size is in rem, so a card's or a label's least width grows with it);
- console errors, uncaught exceptions, failed requests and HTTP responses of 400 or more;
- requests that leave for another host (fonts, scripts, images: everything is served by the site);
- layout shift: Cumulative Layout Shift, summed by a PerformanceObserver from the first paint until
  the page has loaded and its scripts have run, must be 0 (content a script adds goes into space
  the HTML reserves for it, so nothing a visitor reads or taps moves under them). A page that
  shifts is loaded once more in a context of its own, where nothing is cached (a file that came
  late comes late again), and fails if it shifts again; a shift on one load only is a warning in
  the run's summary. Shifts that depend on when a loaded machine happens to paint are what
  test_layout_shift checks without timing (the header arriving a tag at a time). Once, on CI's
  loaded machine, the crawl saw text move on a short page (0.0027, /en/organisations/een/ at
  1280 px) that neither 450 more loads, nor the page served in two parts at every 50th byte, nor
  any of its files served late, moved again.

Why the dark scheme is audited on the light load rather than loaded again: it changes colours and
nothing else (`test_the_dark_scheme_changes_only_colours` holds the stylesheet and the map to that),
so what a load can go wrong in (sizes, shifts, requests, scripts) is the same in both schemes, and
only what colours decide (contrast) needs the dark audit; axe's other rules would find there what
they found in the light (the colour rules alone take 60 % of the time of all of them: 59 against
100 ms a page, interleaved on 82 pages). Switching the scheme takes milliseconds; a
load takes 0.15 s and 0.3 CPU-seconds of Chromium and Playwright, measured on the 2-core machine CI
runs on. Every page in all four views is kept, rather than a sample: a page whose own content (a
long name, an editor's Markdown) breaks contrast or reflow in one view only would be missed.
Injecting axe-core into each page after its load instead of as an init script of the crawl's own
tab took more than twice as long.
"""

from __future__ import annotations

import pathlib
import re
import time
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from .harness import DESKTOP_LIGHT, PHONE_LIGHT, VIEWS, ContextFor, View, page_paths

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

Findings = dict[str, list[str]]  # check -> one message per problem, each naming its page

CHECKS = ("axe", "overflow", "overflow at 200 %", "console", "network", "other hosts", "layout shift",
          "layout shift once")

# Every layout shift from the start of the page (buffered), with the elements that moved; read after
# the page's load, its deferred scripts and two frames, so shifts those cause are counted too.
SHIFTS = """
window.__shifts = [];
window.__keepShifts = list => {
  for (const entry of list.getEntries ? list.getEntries() : list) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({value: entry.value, sources: (entry.sources || []).map(source => {
      const node = source.node, box = rect => `${rect.x},${rect.y} ${rect.width}x${rect.height}`;
      const moved = ` from ${box(source.previousRect)} to ${box(source.currentRect)}`;
      if (!node || !node.tagName) {  // a text node (named by its words and its element), or none
        const parent = node && node.parentElement ? ' in ' + node.parentElement.tagName.toLowerCase() : '';
        return (node ? `#text "${node.textContent.trim().slice(0, 30)}"${parent}` : '?') + moved;
      }
      return node.tagName.toLowerCase() + (node.id ? '#' + node.id : '')
        + (node.classList.length ? '.' + [...node.classList].join('.') : '') + moved;
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
# The default rules that colours decide (those tagged cat.color that axe runs unless asked not to),
# with what they find
COLOUR_AUDIT = """() => {
  const rules = axe._audit.rules.filter(rule => rule.enabled && rule.tags.includes('cat.color')).map(rule => rule.id);
  return axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}})
    .then(result => ({rules, violations: result.violations}));
}"""
COLOUR_RULES = {"color-contrast", "link-in-text-block"}  # axe-core 4.14's: the audit checks it still finds them

# The elements wider than the window, outermost first (their children stick out with them). The
# window's width is the view's: on a phone the browser widens the layout to what sticks out, so the
# page's own width (clientWidth) grows with it and hides it.
OVERFLOW = """(width) => {
  const root = document.documentElement;
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


LOADED = (PHONE_LIGHT, DESKTOP_LIGHT)  # the views the crawl loads each page in; the dark ones it switches to


def in_dark(view: View) -> View:
    return View(view.width, "dark")


def visit_all(context: BrowserContext, view: View, base: str, paths: list[str], axe_source: str
              ) -> tuple[Findings, Findings]:
    """Load every page once in a new tab of `context` (of the light `view`); gather what each check
    finds there, and what axe-core finds on the same pages in the dark scheme (the dark view's
    findings). A page that shifts is loaded again in a context of its own (`shifts_again`)."""
    findings: Findings = {check: [] for check in CHECKS}
    dark: Findings = {"axe": []}
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
            tab.emulate_media(color_scheme="light")
            response = tab.goto(base + path)
            if response is None or response.status != 200:
                note("network", f"the page itself answered {response.status if response else 'nothing'}")
                continue
            shift = tab.evaluate(LAYOUT_SHIFT)
            if shift["total"] > 0:
                first = f"Cumulative Layout Shift {shift['total']:.4f}; moved: {', '.join(shift['moved'])}"
                again = shifts_again(context, view, base + path)
                if again is None:
                    note("layout shift once", f"{first}; loaded again, nothing moved")
                else:
                    note("layout shift", f"{first}; loaded again: {again}")
            for violation in tab.evaluate(AUDIT):
                findings["axe"] += describe_violation(path, violation)
            overflow = tab.evaluate(OVERFLOW, view.width)
            if overflow:
                note("overflow", f"{overflow['scrollWidth']} px wide in a {overflow['width']} px window; "
                                 f"sticking out: {', '.join(overflow['culprits'])}")
            tab.evaluate("document.documentElement.style.fontSize = '200%'")
            overflow = tab.evaluate(OVERFLOW, view.width)
            tab.evaluate("document.documentElement.style.fontSize = ''")
            if overflow:
                note("overflow at 200 %", f"{overflow['scrollWidth']} px wide in a {overflow['width']} px window "
                                          f"with text at 200 %; sticking out: {', '.join(overflow['culprits'])}")
            tab.emulate_media(color_scheme="dark")
            audit = tab.evaluate(COLOUR_AUDIT)
            assert set(audit["rules"]) >= COLOUR_RULES, f"axe-core's colour rules are now {audit['rules']}"
            for violation in audit["violations"]:
                dark["axe"] += describe_violation(path, violation)
    finally:
        tab.close()
    return findings, dark


def shifts_again(context: BrowserContext, view: View, url: str) -> str | None:
    """What moves when `url` is loaded once more, as the first time: in a new context of the same
    browser (nothing in its cache, no service worker), so that a file arriving late does so again.
    None when nothing does."""
    fresh = context.browser.new_context(**view.context_options())  # type: ignore[union-attr]
    try:
        tab = fresh.new_page()
        tab.add_init_script(script=SHIFTS)
        response = tab.goto(url)
        if response is None or response.status != 200:
            return f"the page answered {response.status if response else 'nothing'}"
        shift = tab.evaluate(LAYOUT_SHIFT)
    finally:
        fresh.close()
    return f"{shift['total']:.4f}; moved: {', '.join(shift['moved'])}" if shift["total"] > 0 else None


@pytest.fixture(scope="module")
def crawl(context_for: ContextFor, site_url: str, site_dir: pathlib.Path,
          axe_source: str) -> Iterator[Callable[[View], Findings]]:
    """What the crawl found in one view: made by the first test that asks for a view of its width
    (the light view's load gives the dark view's findings too), then shared."""
    done: dict[View, Findings] = {}
    seconds: dict[int, float] = {}
    paths = page_paths(site_dir)

    def get(view: View) -> Findings:
        if view not in done:
            light = View(view.width, "light")
            assert light in LOADED, f"the crawl loads pages in {[v.name for v in LOADED]} only"
            started = time.perf_counter()
            done[light], done[in_dark(light)] = visit_all(context_for(light), light, site_url, paths, axe_source)
            seconds[view.width] = time.perf_counter() - started
        return done[view]

    yield get
    for width, spent in seconds.items():
        print(f"\ncrawl {width} px, light and dark: {len(paths)} pages in {spent:.1f} s")


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


# A colour in CSS: #hex or a colour function; a colour property may also take a keyword (red,
# transparent, currentcolor, none), a custom property may not (a keyword there could be `none` for a
# `display: var(--x)`).
COLOUR = re.compile(r"#[0-9a-f]{3,8}|(?:rgb|rgba|hsl|hsla|oklch|color-mix)\([^;{}]*\)", re.IGNORECASE)
KEYWORD = re.compile(r"[a-z]+", re.IGNORECASE)
COLOUR_PROPERTIES = {"color", "background-color", "border-color", "outline-color", "fill", "stroke",
                     "text-decoration-color", "caret-color", "accent-color", "color-scheme"}
SCHEME_QUERY = re.compile(r"@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)\s*\{")


def dark_declarations(text: str) -> list[tuple[str, str]] | None:
    """The declarations of every dark-scheme @media block of a stylesheet (or of a page or SVG
    holding one); None when the scheme is asked for anywhere else (a script's matchMedia, a
    <picture> source): what that does could not be read from here."""
    found, at = [], 0
    for query in SCHEME_QUERY.finditer(text):
        depth, end = 1, query.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        body = re.sub(r"[^{}]*\{|\}", ";", text[query.end():end - 1])  # drop the selectors
        found += [(name.strip().lower(), value.strip()) for name, _, value in
                  (part.partition(":") for part in body.split(";") if part.strip())]
        at += 1
    return found if text.count("prefers-color-scheme") == at else None


def test_the_dark_scheme_changes_only_colours(site_dir: pathlib.Path) -> None:
    """What lets the crawl audit the dark scheme on the light scheme's load: every file of the built
    site that asks for the dark scheme does so in a CSS @media block that sets colours only, so no
    size, place, image or script differs between the schemes."""
    asking = {}
    for file in sorted(site_dir.rglob("*")):
        if file.suffix in {".css", ".svg", ".html", ".js"}:
            text = file.read_text(encoding="utf-8")
            if "prefers-color-scheme" in text:
                asking[file.relative_to(site_dir).as_posix()] = dark_declarations(text)
    assert "assets/style.css" in asking, "the stylesheet has its dark scheme"
    for name, declarations in asking.items():
        assert declarations is not None, f"{name} asks for the colour scheme outside a CSS @media block"
        for prop, value in declarations:
            colour = COLOUR.fullmatch(value) if prop.startswith("--") else \
                prop in COLOUR_PROPERTIES and (COLOUR.fullmatch(value) or KEYWORD.fullmatch(value))
            assert colour, f"{name}: the dark scheme sets {prop}: {value}"


def test_the_colour_check_finds_what_is_not_a_colour() -> None:
    style = ":root{--bg:#fff}@media (prefers-color-scheme: dark) { :root { --bg: #000; --gap: 2rem } a { color: red } }"
    assert dark_declarations(style) == [("--bg", "#000"), ("--gap", "2rem"), ("color", "red")]
    assert not COLOUR.fullmatch("2rem") and not COLOUR.fullmatch("none") and COLOUR.fullmatch("#14181d")
    assert dark_declarations("<script>matchMedia('(prefers-color-scheme: dark)')</script>") is None


class CrawledAt:
    """The crawl's checks at one width. Each width is a class of its own: pytest-xdist gives each
    class (`--dist loadscope`) to one worker, so the two widths are crawled at once, one a core."""

    width: int

    @pytest.mark.parametrize("scheme", ("light", "dark"))
    def test_no_axe_violation(self, crawl: Callable[[View], Findings], scheme: str) -> None:
        view = View(self.width, scheme)
        found = crawl(view)["axe"]
        assert not found, report(found, f"axe-core violations at {view.name}")

    # what a load finds is the same in both schemes (the module's docstring says why): checked once a width

    def test_no_horizontal_scrolling(self, crawl: Callable[[View], Findings]) -> None:
        found = crawl(View(self.width, "light"))["overflow"]
        assert not found, report(found, f"pages scroll sideways at {self.width} px")

    def test_no_horizontal_scrolling_with_text_at_200_percent(self, crawl: Callable[[View], Findings]) -> None:
        found = crawl(View(self.width, "light"))["overflow at 200 %"]
        assert not found, report(found, f"pages scroll sideways at {self.width} px with text at 200 %")

    def test_no_console_error_and_no_failed_request(self, crawl: Callable[[View], Findings]) -> None:
        loaded = crawl(View(self.width, "light"))
        found = loaded["console"] + loaded["network"]
        assert not found, report(found, f"console errors or failed requests at {self.width} px")

    def test_nothing_is_fetched_from_another_host(self, crawl: Callable[[View], Findings]) -> None:
        found = crawl(View(self.width, "light"))["other hosts"]
        assert not found, report(found, f"requests to other hosts at {self.width} px")

    def test_nothing_shifts_while_a_page_loads(self, crawl: Callable[[View], Findings]) -> None:
        loaded = crawl(View(self.width, "light"))
        for once in loaded["layout shift once"]:  # in the warnings' summary of the run, not a failure
            warnings.warn(f"a layout shift at {self.width} px on one load only: {once}", stacklevel=1)
        found = loaded["layout shift"]
        assert not found, report(found, f"pages whose layout shifts at {self.width} px")


class TestPhone(CrawledAt):
    width = PHONE_LIGHT.width


class TestDesktop(CrawledAt):
    width = DESKTOP_LIGHT.width


def test_the_crawl_checks_every_view() -> None:
    assert {View(c.width, scheme) for c in CrawledAt.__subclasses__() for scheme in ("light", "dark")} == set(VIEWS)
    assert {View(c.width, "light") for c in CrawledAt.__subclasses__()} == set(LOADED)
