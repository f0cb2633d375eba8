"""Session pages in Chromium: the real site has no times, so a timed fixture site (the one of
tests/test_session_pages.py, in English, Romanian and Bulgarian) is built with its search index
and served under its base path. Every session page and the agenda pass axe-core in every view and
the Nu checker; the search finds the sessions held in Romanian through its language filter."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT, FixtureSite, need
from test_session_pages import make

from .harness import DESKTOP_LIGHT, NPM_INSTALL, VNU, ContextFor, View, page_paths, serving
from .test_every_page import LOADED, describe_violation

pytestmark = pytest.mark.browser

AUDIT = "() => axe.run(document, {resultTypes: ['violations']}).then(result => result.violations)"


@pytest.fixture(scope="module")
def timed_dir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    site = FixtureSite(tmp_path_factory.mktemp("timed") / "project")
    make(site)
    edition = site.root / "content/editions/2030-iasi/edition.yaml"  # hybrid, with an address as long as a real one
    edition.write_text(edition.read_text(encoding="utf-8").replace("format: in-person", "format: hybrid") +
                       "online_url: https://meet.example.org/rooms/iasi-2030-aula-magna-main-stream?lang=en\n",
                       encoding="utf-8")
    result = site.build()
    assert result.ok, "\n".join(p.format() for p in result.problems)
    return site.root / "_site"


@pytest.fixture(scope="module")
def timed_url(timed_dir: pathlib.Path) -> Iterator[str]:
    with serving(timed_dir) as url:
        yield url


def session_pages(site: pathlib.Path) -> list[str]:
    return [p for p in page_paths(site) if "/sessions/" in p or p.endswith("/agenda/")]


@pytest.mark.parametrize("view", LOADED, ids=lambda v: f"{v.width}")
def test_session_pages_pass_axe(context_for: ContextFor, timed_dir: pathlib.Path, timed_url: str,
                                axe_source: str, view: View) -> None:
    """In both colour schemes, each audited on one load (as the crawl does, and for its reasons)."""
    paths = session_pages(timed_dir)
    assert len(paths) == 15  # four sessions and the agenda, in three languages
    tab = context_for(view).new_page()
    tab.add_init_script(script=axe_source)
    found: list[str] = []
    try:
        for path in paths:
            tab.emulate_media(color_scheme="light")
            response = tab.goto(timed_url + path)
            assert response is not None and response.status == 200, path
            # (not against clientWidth: on a phone the browser widens the layout to what sticks out)
            assert tab.evaluate("document.documentElement.scrollWidth") <= view.width, \
                f"/{path} scrolls sideways at {view.width} px"
            for scheme in ("light", "dark"):
                tab.emulate_media(color_scheme=scheme)
                for violation in tab.evaluate(AUDIT):
                    found += describe_violation(f"{path} ({scheme})", violation)
    finally:
        tab.close()
    assert not found, "\n".join(found)


def test_session_pages_pass_the_nu_checker(timed_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    java = shutil.which("java")
    if java is None:
        need("java", "the Nu HTML checker (vnu.jar) runs on Java (apt-get install default-jre-headless)")
    if not VNU.is_file():
        need("vnu-jar", f"the Nu HTML checker is {VNU.relative_to(ROOT)}: run {NPM_INSTALL}")
    files = [str(timed_dir / path / "index.html") for path in session_pages(timed_dir)]
    completed = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
                               capture_output=True, text=True, check=False, timeout=600)
    messages = json.loads(completed.stdout)["messages"]
    errors = [f"{unquote(urlsplit(m.get('url', '')).path)}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize(("lang", "name", "expected"), [
    ("en", "Romanian", {"keynote"}), ("ro", "bulgară", {"2030-05-12-1100"}), ("bg", "румънски", {"keynote"})])
def test_the_search_filters_sessions_by_their_language(context_for: ContextFor, timed_url: str, lang: str,
                                                       name: str, expected: set[str]) -> None:
    tab = context_for(DESKTOP_LIGHT).new_page()
    try:
        tab.goto(f"{timed_url}{lang}/search/")
        label = {"en": "Language", "ro": "Limba", "bg": "Език"}[lang]
        found = tab.evaluate("""async ([bundle, label, name]) => {
            const pagefind = await import(bundle + "pagefind.js");
            const filters = await pagefind.filters();
            const search = await pagefind.search(null, {filters: {[label]: name}});
            const pages = await Promise.all(search.results.map(r => r.data()));
            return {filters, urls: pages.map(p => p.url)};
        }""", [f"{urlsplit(timed_url).path}pagefind/", label, name])
        assert name in found["filters"][label]
        assert {url.rstrip("/").rsplit("/", 1)[-1] for url in found["urls"]} == expected
        # the search page offers the filter to the visitor too
        tab.fill(".pagefind-ui__search-input", "session")
        tab.wait_for_selector(f".pagefind-ui__filter-name:has-text('{label}')", timeout=10_000)
    finally:
        tab.close()
