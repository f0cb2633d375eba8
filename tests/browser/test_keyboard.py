"""With a keyboard alone: the first Tab shows a skip link that moves focus to the content, focus is
always visibly outlined, and the main menu comes before the content in the Tab order.

One page of each template (the languages in turn), in every view: the outline colour must stand
out from the background around it in the dark scheme as in the light one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .harness import DESKTOP_LIGHT, PHONE_LIGHT, SAMPLE, VIEWS, ContextFor, View, contrast, flatten

pytestmark = pytest.mark.browser

# The focused element: where it is, how it is outlined, the colours around it.
FOCUSED = """() => {
  const element = document.activeElement, style = getComputedStyle(element), box = element.getBoundingClientRect();
  const layers = start => {
    const found = [];
    for (let e = start; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      found.push(colour);
      if (!/rgba\\(.*,\\s*0\\)$|transparent/.test(colour) && !/rgba\\(.*,\\s*0?\\.\\d+\\)$/.test(colour)) break;
    }
    return found;
  };
  const text = (element.innerText || element.value || element.getAttribute('aria-label') || '').trim();
  return {
    name: element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
      + (element.className && typeof element.className === 'string' ? '.' + element.className.split(' ').join('.') : '')
      + (text ? ' "' + text.slice(0, 40) + '"' : ''),
    classes: [...element.classList], id: element.id, isBody: element === document.body,
    top: box.top, bottom: box.bottom, left: box.left, right: box.right, width: box.width, height: box.height,
    windowWidth: innerWidth, windowHeight: innerHeight,
    visibility: style.visibility, opacity: parseFloat(style.opacity),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor, outlineOffset: parseFloat(style.outlineOffset),
    color: style.color, ownBackground: layers(element), aroundBackground: layers(element.parentElement),
    inMenu: !!element.closest('nav.site-nav'),
    fromMain: !!element.closest('main')
      || !!(document.querySelector('main').compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING),
  };
}"""

# After the skip link: focus inside the content, or past it when the content has nothing to focus.
AFTER_MAIN = """() => {
  const main = document.querySelector('main'), focused = document.activeElement;
  const focusable = main.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
  return focusable ? main.contains(focused) && focused !== main
                   : !document.querySelector('.site-header').contains(focused);
}"""

Stops = list[dict[str, Any]]  # what FOCUSED said at each Tab
Walk = Callable[[View, str], Stops]
STOPS = 30  # Tab presses per page: the whole header and the start of the content


@pytest.fixture(scope="module")
def tab_walk(context_for: ContextFor, site_url: str) -> Iterator[Walk]:
    """The elements that Tab visits from the top of a page, in order (made once per view and page)."""
    walks: dict[tuple[View, str], Stops] = {}

    def walk(view: View, path: str) -> Stops:
        if (view, path) not in walks:
            tab = context_for(view).new_page()
            try:
                tab.goto(site_url + path)
                stops = []
                for _ in range(STOPS):
                    tab.keyboard.press("Tab")
                    focused = tab.evaluate(FOCUSED)
                    if focused["isBody"]:
                        break
                    stops.append(focused)
                walks[view, path] = stops
            finally:
                tab.close()
        return walks[view, path]

    yield walk


views = pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
templates = pytest.mark.parametrize("template", SAMPLE)


@views
@templates
def test_the_first_tab_shows_a_skip_link_that_moves_focus_to_the_content(
        context_for: ContextFor, site_url: str, view: View, template: str) -> None:
    tab = context_for(view).new_page()
    try:
        tab.goto(site_url + SAMPLE[template])
        tab.keyboard.press("Tab")
        link = tab.evaluate(FOCUSED)
        assert "skip-link" in link["classes"], f"the first Tab went to {link['name']}"
        assert link["visibility"] == "visible" and link["opacity"] == 1
        assert link["top"] >= 0 and link["left"] >= 0, "inside the window"
        assert link["bottom"] <= link["windowHeight"] and link["right"] <= link["windowWidth"]
        assert link["width"] >= 44 and link["height"] >= 24, "large enough to see and to tap"
        text_contrast = contrast(flatten([link["color"]]), flatten(link["ownBackground"]))
        assert text_contrast >= 4.5, f"the skip link's text has a contrast of {text_contrast:.2f}"
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.id") == "main"
        assert tab.url.endswith("#main")
        tab.keyboard.press("Tab")
        assert tab.evaluate(AFTER_MAIN), "the next Tab goes on from the content, not from the top"
    finally:
        tab.close()


@views
@templates
def test_focus_is_visibly_outlined(tab_walk: Walk,
                                   view: View, template: str) -> None:
    stops = tab_walk(view, SAMPLE[template])
    assert len(stops) >= 8
    faint = []
    for stop in stops:
        if stop["outlineStyle"] in ("none", "hidden") or stop["outlineWidth"] < 2:
            faint.append(f"{stop['name']}: outline {stop['outlineStyle']} {stop['outlineWidth']} px")
            continue
        # an outline drawn outside the element is seen against what is around it
        around = stop["aroundBackground"] if stop["outlineOffset"] >= 0 else stop["ownBackground"]
        ratio = contrast(flatten([stop["outlineColor"]]), flatten(around))
        if ratio < 3:
            faint.append(f"{stop['name']}: outline contrast {ratio:.2f} against its background (3 needed)")
    assert not faint, f"focus hard to see on /{SAMPLE[template]}:\n" + "\n".join(faint)


@pytest.mark.parametrize("view", [PHONE_LIGHT, DESKTOP_LIGHT], ids=lambda v: v.name)
@templates
def test_tab_reaches_the_main_menu_before_the_content(tab_walk: Walk,
                                                     view: View, template: str) -> None:
    stops = tab_walk(view, SAMPLE[template])
    in_menu = [i for i, stop in enumerate(stops) if stop["inMenu"]]
    from_main = [i for i, stop in enumerate(stops) if stop["fromMain"]]
    assert in_menu, "Tab reaches the main menu"
    assert from_main or len(stops) < STOPS, f"Tab reaches the content (or the end) within {STOPS} presses"
    assert max(in_menu) < min(from_main, default=len(stops)), [stop["name"] for stop in stops]
