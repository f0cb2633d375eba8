"""Search in the browser: the header's box leads to results in the visitor's language, and the
results (Pagefind's interface, drawn by script after the crawl's load) pass axe-core in every view.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from .harness import DESKTOP_LIGHT, PHONE_LIGHT, VIEWS, ContextFor, View

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

RESULT = ".pagefind-ui__result-link"
# Pagefind's interface lists a placeholder per result at once and fills each in when its fragment
# has loaded, in any order: the links are read only when no placeholder is left, or a loaded
# machine sees some of them and not others.
SETTLED = """() => {
  const list = document.querySelector('.pagefind-ui__results');
  return list !== null && list.children.length > 0 && list.querySelector('.pagefind-ui__loading') === null;
}"""
AUDIT = "() => axe.run(document, {resultTypes: ['violations']}).then(result => result.violations)"


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("en", "Chișinău", "2024-chisinau/"), ("ro", "Iași", "2023-iasi/"), ("bg", "Астор", "2020-varna/"),
    ("bg", "Varna", "2020-varna/"), ("bg", "Todor Tonev", "people/todor-tonev/")])  # Latin finds Cyrillic
def test_the_header_search_finds_editions_in_the_visitors_language(
        context_for: ContextFor, site_url: str, base_path: str, lang: str, query: str,
        expected: str) -> None:
    tab = context_for(DESKTOP_LIGHT).new_page()
    try:
        tab.goto(f"{site_url}{lang}/")
        tab.fill("#site-search", query)
        with tab.expect_navigation():
            tab.press("#site-search", "Enter")
        assert tab.url == f"{site_url}{lang}/search/?q={quote(query).replace('%20', '+')}"
        links = result_links(tab)
        assert f"{base_path}{lang}/{expected}" in links, links
        assert all(link.startswith(f"{base_path}{lang}/") for link in links), "results in the page's language only"
    finally:
        tab.close()


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_the_results_are_accessible_and_load_without_error(context_for: ContextFor, site_url: str,
                                                           axe_source: str, view: View) -> None:
    tab = context_for(view).new_page()
    problems: list[str] = []
    tab.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    tab.on("pageerror", lambda error: problems.append(f"uncaught exception: {error}"))
    tab.on("requestfailed", lambda r: problems.append(f"{r.url} failed: {r.failure}"))
    tab.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} for {r.url}"))
    try:
        tab.goto(f"{site_url}bg/search/?q=клъстери")
        result_links(tab)
        tab.wait_for_load_state("networkidle")
        assert tab.locator("#search input").get_attribute("aria-labelledby") == "search-title"
        tab.add_script_tag(content=axe_source)
        violations = [f"{v['id']} ({v['impact']}): {v['help']} at {' '.join(node['target'])}"
                      for v in tab.evaluate(AUDIT) for node in v["nodes"]]
        assert not violations, "\n".join(violations)
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the results scroll sideways by {overflow} px"
        assert not problems, "\n".join(problems)
    finally:
        tab.close()


def result_links(tab: Page) -> list[str]:
    """The addresses of the results shown, once every one of them has loaded."""
    tab.wait_for_function(SETTLED)
    return tab.eval_on_selector_all(RESULT, "links => links.map(a => a.getAttribute('href'))")


def results(context_for: ContextFor, site_url: str, lang: str, query: str) -> list[str]:
    tab = context_for(DESKTOP_LIGHT).new_page()
    try:
        tab.goto(f"{site_url}{lang}/search/?q={quote(query)}")
        return result_links(tab)
    finally:
        tab.close()


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("en", "Iași", "2023-iasi/"), ("ro", "Iași", "2023-iasi/"), ("bg", "Яш", "2023-iasi/"),
    ("en", "Chișinău", "2024-chisinau/"), ("ro", "Chișinău", "2024-chisinau/"),
    ("en", "Varna", "2020-varna/"), ("bg", "Варна", "2020-varna/"), ("en", "Sofia", "2019-sofia/")])
def test_an_edition_ranks_first_for_its_own_city(context_for: ContextFor, site_url: str, base_path: str,
                                                 lang: str, query: str, expected: str) -> None:
    links = results(context_for, site_url, lang, query)
    assert links[0] == f"{base_path}{lang}/{expected}", links


@pytest.mark.parametrize(("lang", "query", "said", "title"), [
    ("bg", "Яш", r"\d+ резултата за Яш", "Програма · Clusters meet Regions в Яш 2023"),
    ("ro", "Iași", r"Rezultate pentru Iași: \d+", "Agenda · Clusters meet Regions la Iași 2023"),
])
def test_the_results_speak_the_page_s_language_and_name_their_edition(
        context_for: ContextFor, site_url: str, lang: str, query: str, said: str, title: str) -> None:
    """Pagefind's interface was in English on Bulgarian pages, tagged every edition "City: …", and
    titled each agenda "Agenda" alone."""
    tab = context_for(DESKTOP_LIGHT).new_page()
    try:
        tab.goto(f"{site_url}{lang}/search/?q={quote(query)}")
        result_links(tab)
        assert re.fullmatch(said, tab.inner_text(".pagefind-ui__message").strip())
        assert tab.get_attribute("#search input", "placeholder") == ("Търсене" if lang == "bg" else "Căutare")
        assert tab.locator(".pagefind-ui__result-tags").count() == 0
        titles = tab.eval_on_selector_all(RESULT, "links => links.map(a => a.textContent.trim())")
        assert title in titles, titles
    finally:
        tab.close()


def test_without_javascript_no_box_leads_to_a_search_that_cannot_run(browser: Browser, site_url: str) -> None:
    """With JavaScript off, the header's box sent a visitor's words to a page that dropped them
    and offered the archive twice."""
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}bg/")
        assert tab.locator("form.search").count() == 1 and not tab.locator("form.search").is_visible()
        tab.goto(f"{site_url}bg/search/?q=Варна")
        assert tab.locator("main").get_by_role("link", name="Всички издания").count() == 1
        assert "Търсенето изисква JavaScript" in tab.locator("main").inner_text()
    finally:
        context.close()


# Offline, the page and Pagefind's interface come from the phone's caches; its index does not (the
# offline worker keeps an edition's pages, not the index): every other file of the bundle fails.
THE_INDEX = re.compile(r".*/pagefind/(?!pagefind-ui\.(js|css)$).*")


def test_without_a_connection_the_search_page_says_so(browser: Browser, site_url: str) -> None:
    """Without a connection, Pagefind's interface said "Търсене на Варна…" for ever."""
    context = browser.new_context(**PHONE_LIGHT.context_options())
    try:
        context.route(THE_INDEX, lambda route: route.abort("internetdisconnected"))
        tab = context.new_page()
        tab.goto(f"{site_url}bg/search/?q=Варна")
        said = tab.wait_for_selector(".search-unreachable", state="visible", timeout=10_000)
        assert said.inner_text() == "Търсенето изисква връзка с интернет, а в момента това устройство не е свързано."
        assert said.get_attribute("role") == "status"
        assert not tab.locator("#search").is_visible(), "no search box that can find nothing"
        assert tab.locator("main").get_by_role("link", name="Всички издания").is_visible()
    finally:
        context.close()


def test_with_a_connection_the_search_page_says_nothing_of_one(context_for: ContextFor, site_url: str) -> None:
    tab = context_for(PHONE_LIGHT).new_page()
    try:
        tab.goto(f"{site_url}ro/search/?q=Iași")
        result_links(tab)
        tab.wait_for_load_state("networkidle")
        assert not tab.locator(".search-unreachable").is_visible()
    finally:
        tab.close()
