"""What the browser tests share: the tools' places, the views, the pages of a built site, the server."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import pathlib
import re
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

CHROMIUM = pathlib.Path("/usr/bin/chromium")
# Debian's Chromium as site-checks.md verified it; Playwright adds --headless.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NODE_MODULES = ROOT / ".node-site" / "node_modules"
NPM_INSTALL = "npm install --prefix .node-site --no-audit --no-fund axe-core@4.14.1 vnu-jar@26.9.27"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
# A language the site does not offer: the chooser at the site's root then stays where it is
# (for a visitor whose browser asks for en, ro or bg it moves on to that language at once).
VISITOR_LOCALE = "fr-FR"


@dataclasses.dataclass(frozen=True)
class View:
    """One way of looking at the site: a window width and a colour scheme."""

    width: int
    scheme: str  # "light" or "dark", the browser's prefers-color-scheme

    @property
    def phone(self) -> bool:
        return self.width < 600

    @property
    def name(self) -> str:
        return f"{self.width}-{self.scheme}"

    def context_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"viewport": {"width": self.width, "height": 844 if self.phone else 800},
                                   "color_scheme": self.scheme, "locale": VISITOR_LOCALE}
        if self.phone:  # a phone: touch, mobile viewport rules, a 2x screen
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        return options


PHONE_LIGHT, PHONE_DARK = View(390, "light"), View(390, "dark")
DESKTOP_LIGHT, DESKTOP_DARK = View(1280, "light"), View(1280, "dark")
VIEWS = (PHONE_LIGHT, PHONE_DARK, DESKTOP_LIGHT, DESKTOP_DARK)
ContextFor = Callable[[View], "BrowserContext"]  # the context_for fixture: the shared context of a view


def page_paths(site: pathlib.Path) -> list[str]:
    """Every page of a built site as a URL path under the base: '', 'en/', 'en/2023-iasi/agenda/', '404.html'."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
    return paths


class LocalServer(http.server.ThreadingHTTPServer):
    """The tests' web server, on a free port of this machine. A browser that drops a connection (a
    page closed while its pictures still load) is not an error here: socketserver would print a
    traceback into the test log for each."""

    def __init__(self, handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder under one path prefix, like GitHub Pages serves a project site; 404 elsewhere,
    with the site's 404.html under the prefix, as GitHub Pages does."""

    prefix = "/"
    protocol_version = "HTTP/1.1"  # keep-alive: Chromium reuses its connections, as with a real host

    def translate_path(self, path: str) -> str:
        url_path = path.split("?", 1)[0].split("#", 1)[0]
        if url_path == self.prefix.rstrip("/"):
            url_path = self.prefix  # '/site' is the folder, which answers with a redirect to '/site/'
        if not url_path.startswith(self.prefix):
            return str(pathlib.Path(self.directory) / ".outside-the-base-path")  # no such file: 404
        return super().translate_path("/" + url_path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = pathlib.Path(self.directory) / "404.html"
        if code != 404 or not self.path.startswith(self.prefix) or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: failed requests are reported by the tests themselves


@contextlib.contextmanager
def serving(folder: pathlib.Path, prefix: str = "/conf/", handler: type[SubPathHandler] = SubPathHandler
            ) -> Iterator[str]:
    """A built site's folder over HTTP under `prefix`, answered by `handler` (one that notes or
    holds requests, say), while the block runs: its URL."""
    answering = type("Handler", (handler,), {"prefix": prefix})
    server = LocalServer(functools.partial(answering, directory=str(folder)))
    threading.Thread(target=server.serve_forever, name=f"site-under-{prefix.strip('/')}", daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# One page of each template, the languages taken in turn.
SAMPLE = {"home": "en/", "edition": "ro/2023-iasi/", "agenda": "bg/2023-iasi/agenda/",
          "speakers": "en/2020-varna/speakers/", "people": "ro/people/", "person": "bg/people/todor-tonev/",
          "organisations": "en/organisations/", "organisation": "ro/organisations/eccp/", "page": "bg/about/",
          "search": "en/search/"}

RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_color(css: str) -> tuple[float, float, float, float]:
    """'rgb(20, 80, 122)' or 'rgba(0, 0, 0, 0.5)', as computed styles give them: (r, g, b, alpha)."""
    match = RGB.fullmatch(css.strip())
    assert match, f"a colour this test cannot read: {css!r}"
    red, green, blue, alpha = match.groups()
    opacity = 1.0 if alpha is None else float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha)
    return float(red), float(green), float(blue), opacity


def flatten(layers: list[str]) -> tuple[float, float, float]:
    """The colour seen through `layers`, the nearest first (e.g. an element's background, then its parents')."""
    seen = (255.0, 255.0, 255.0)  # the canvas behind everything
    for layer in reversed(layers):
        red, green, blue, alpha = parse_color(layer)
        seen = (red * alpha + seen[0] * (1 - alpha), green * alpha + seen[1] * (1 - alpha),
                blue * alpha + seen[2] * (1 - alpha))
    return seen


def contrast(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours, from 1 to 21."""
    def luminance(rgb: tuple[float, float, float]) -> float:
        channels = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
