"""Fixtures of the browser suite: the real site served over HTTP under its base path, Debian's
Chromium driven by Playwright (one browser, one context per view), and the npm tools.

Missing tools go through `need()`: skipped on a laptop, a failure under CI=true.
Install the npm tools with `npm install --prefix .node-site --no-audit --no-fund axe-core@4.14.1 vnu-jar@26.9.27`.
"""

from __future__ import annotations

import functools
import pathlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, need

from confsite.pipeline import Result

from .harness import AXE, CHROMIUM, CHROMIUM_ARGS, NPM_INSTALL, ContextFor, LocalServer, SubPathHandler, View

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext


@pytest.fixture(scope="package")
def base_path(real_site: Result) -> str:
    """The path the site is built for ('/site/'), from site.yaml's base_url."""
    assert real_site.site is not None
    return real_site.site.urls.root


@pytest.fixture(scope="package")
def site_url(site_dir: pathlib.Path, base_path: str) -> Iterator[str]:
    """The real site over HTTP on 127.0.0.1 (a free port) under its base path: 'http://127.0.0.1:PORT/site/'."""
    handler = type("Handler", (SubPathHandler,), {"prefix": base_path})
    server = LocalServer(functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{base_path}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, launched once for the browser suite (once in each pytest-xdist worker)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("playwright", "the Python package drives the browser: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        need("chromium", f"the browser tests drive Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="package")
def context_for(browser: Browser) -> Iterator[ContextFor]:
    """One browser context per view, made on first use and shared by every test of the suite."""
    contexts: dict[View, BrowserContext] = {}

    def get(view: View) -> BrowserContext:
        if view not in contexts:
            contexts[view] = browser.new_context(**view.context_options())
        return contexts[view]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="package")
def axe_source() -> str:
    if not AXE.is_file():
        need("axe-core", f"the accessibility audit injects {AXE.relative_to(ROOT)}: run {NPM_INSTALL}")
    return AXE.read_text(encoding="utf-8")
