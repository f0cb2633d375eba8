"""Languages: the switcher keeps the visitor on the same page, and the chooser at the site's root
sends them on to their language.

Clicked (tapped on the phone) on one page of each template; every page's switcher is read from
the built files as well, so no page is left out.
"""

from __future__ import annotations

import pathlib
import re
from typing import TYPE_CHECKING

import pytest

from .harness import DESKTOP_LIGHT, PHONE_LIGHT, SAMPLE, ContextFor, View, page_paths

if TYPE_CHECKING:
    from playwright.sync_api import Browser

LANGS = ("en", "ro", "bg")
SWITCHER = re.compile(r'<nav class="languages"[^>]*>(.*?)</nav>', re.DOTALL)
SWITCH = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)"')


def test_every_switcher_points_to_the_same_page_in_the_other_languages(site_dir: pathlib.Path,
                                                                        base_path: str) -> None:
    wrong = []
    # the pages of the site's navigation (not <lang>/offline.html, shown by the worker in place of
    # a page it never kept, which has no switcher: its other languages are no help offline)
    pages = [p for p in page_paths(site_dir) if p.split("/", 1)[0] in LANGS and p.endswith("/")]
    assert len(pages) > 200
    for path in pages:
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        switcher = SWITCHER.search(html)
        if switcher is None:
            wrong.append(f"/{path}: no language switcher")
            continue
        rest = path.split("/", 1)[1]
        links = dict((lang, href) for href, lang in SWITCH.findall(switcher.group(1)))
        expected = {lang: f"{base_path}{lang}/{rest}" for lang in LANGS}
        if links != expected:
            wrong.append(f"/{path}: {links}")
        wrong += [f"/{path}: {href} is not built" for href in links.values()
                  if not (site_dir / href[len(base_path):] / "index.html").is_file()]
    assert not wrong, "\n".join(wrong[:40])


@pytest.mark.browser
@pytest.mark.parametrize("view", [PHONE_LIGHT, DESKTOP_LIGHT], ids=lambda v: v.name)
@pytest.mark.parametrize("template", SAMPLE)
def test_the_switcher_keeps_the_visitor_on_the_same_page(context_for: ContextFor, site_url: str,
                                                         view: View, template: str) -> None:
    first, rest = SAMPLE[template].split("/", 1)
    tab = context_for(view).new_page()
    try:
        tab.goto(site_url + SAMPLE[template])
        order = LANGS[LANGS.index(first):] + LANGS[:LANGS.index(first)]
        for lang in (*order[1:], first):  # round the languages and back, as a visitor would
            link = tab.locator(f'nav.languages a[hreflang="{lang}"]')
            with tab.expect_navigation():
                link.tap() if view.phone else link.click()
            assert tab.url == f"{site_url}{lang}/{rest}"
            assert tab.evaluate("document.documentElement.lang") == lang
            assert tab.locator('nav.languages a[aria-current="true"]').get_attribute("hreflang") == lang
    finally:
        tab.close()


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "lang"), [("ro-RO", "ro"), ("bg", "bg"), ("en-GB", "en")])
def test_the_chooser_sends_a_visitor_on_to_their_language(browser: Browser, site_url: str, locale: str,
                                                          lang: str) -> None:
    context = browser.new_context(locale=locale)
    try:
        tab = context.new_page()
        tab.goto(site_url)
        tab.wait_for_url(f"{site_url}{lang}/")
    finally:
        context.close()


@pytest.mark.browser
def test_the_chooser_remembers_a_choice(browser: Browser, site_url: str) -> None:
    context = browser.new_context(**DESKTOP_LIGHT.context_options())  # a language the site does not offer
    try:
        tab = context.new_page()
        tab.goto(site_url)
        assert tab.url == site_url, "no language of the visitor's: the chooser stays"
        assert tab.locator(".language-choice a").count() == len(LANGS)
        with tab.expect_navigation():
            tab.locator('.language-choice a[data-lang="bg"]').click()
        assert tab.url == f"{site_url}bg/"
        tab.goto(site_url)
        tab.wait_for_url(f"{site_url}bg/")
    finally:
        context.close()


@pytest.mark.browser
def test_a_language_picked_in_the_switcher_is_remembered(browser: Browser, site_url: str) -> None:
    context = browser.new_context(**{**DESKTOP_LIGHT.context_options(), "locale": "en-GB"})
    try:
        tab = context.new_page()
        tab.goto(site_url + "en/2023-iasi/")
        with tab.expect_navigation():
            tab.locator('nav.languages a[hreflang="ro"]').click()
        tab.goto(site_url)
        tab.wait_for_url(f"{site_url}ro/")  # the choice wins over the browser's English
    finally:
        context.close()


@pytest.mark.parametrize(("address", "lang", "heading"), [
    ("ro/2023-iasi/no/such/page/", "ro", "Această pagină nu există"),
    ("bg/nowhere", "bg", "Тази страница не съществува"),
    ("xx/nowhere/", "en", "This page does not exist"),  # no language in the address: as written
])
def test_the_404_page_puts_the_address_s_language_first(browser: Browser, site_url: str, address: str, lang: str,
                                                         heading: str) -> None:
    """Static hosts serve one 404 page for every missing address: with scripts, the language of the
    address comes first and names the page; without, the three follow in the site's order."""
    for scripts in (True, False):
        context = browser.new_context(java_script_enabled=scripts)
        try:
            page = context.new_page()
            response = page.goto(site_url + address)
            assert response is not None and response.status == 404
            first = page.locator("main section").first
            if scripts:
                assert first.get_attribute("lang") == lang and first.locator("h1").inner_text() == heading
                assert page.evaluate("document.documentElement.lang") == lang
                assert page.title().startswith((heading if address.startswith(lang) else "404") + " · ")
            else:
                assert first.get_attribute("lang") == "en" and page.title().startswith("404 · ")
        finally:
            context.close()
