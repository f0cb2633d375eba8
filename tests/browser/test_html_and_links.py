"""Valid and linked: the current Nu HTML checker finds no error in the built folder, and every
internal link, anchor, image, stylesheet, script and download answers over HTTP.

The Nu checker is npm's vnu-jar, run with Java once over the whole folder (its stylesheets and
SVG icon included); each error is reported as file:line:column. The crawl fetches every page
from the site served under its base path, then every internal URL those pages name (the absolute
ones for the site's own host, such as canonical and hreflang links and og:image, are mapped onto
the local server), follows no redirect, and checks each #anchor against the target's ids.
"""

from __future__ import annotations

import html.parser
import json
import pathlib
import shutil
import subprocess
import urllib.error
import urllib.request
from urllib.parse import unquote, urljoin, urlsplit

from conftest import ROOT, need

from confsite.links import check_folder
from confsite.pipeline import Result

from .harness import NPM_INSTALL, VNU, page_paths


def test_the_nu_html_checker_finds_no_error(site_dir: pathlib.Path) -> None:
    java = shutil.which("java")
    if java is None:
        need("java", "the Nu HTML checker (vnu.jar) runs on Java (apt-get install default-jre-headless)")
    if not VNU.is_file():
        need("vnu-jar", f"the Nu HTML checker is {VNU.relative_to(ROOT)}: run {NPM_INSTALL}")
    completed = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--also-check-css", "--also-check-svg",
         "--format", "json", "--stdout", str(site_dir)],
        capture_output=True, text=True, check=False, timeout=600)
    messages = json.loads(completed.stdout)["messages"]
    errors = [f"{unquote(urlsplit(m.get('url', '')).path).removeprefix(str(site_dir) + '/')}:"
              f"{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: {m['message']}"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:80])
    assert completed.returncode == 0, completed.stderr


def test_the_offline_link_checker_finds_nothing_broken(site_dir: pathlib.Path, base_path: str) -> None:
    assert [problem.format() for problem in check_folder(site_dir, base_path)] == []


URL_ATTRIBUTES = frozenset({"href", "src", "action", "poster", "data"})


class Page(html.parser.HTMLParser):
    """The URLs a page names (with the line), and the ids it offers as #anchors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str]] = []
        self.ids: set[str] = {"", "top"}  # HTML defines both as valid fragments

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        self.urls += [(line, value) for name, value in values.items() if name in URL_ATTRIBUTES and value]
        if values.get("srcset"):
            candidates = [candidate.split()[0] for candidate in values["srcset"].split(",") if candidate.strip()]
            self.urls += [(line, candidate) for candidate in candidates]
        if tag == "meta" and values.get("property") in ("og:image", "og:url") and values.get("content"):
            self.urls.append((line, values["content"]))


def fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of `url`, without following a redirect."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), b""


def test_every_internal_link_answers_over_http(site_dir: pathlib.Path, site_url: str, real_site: Result) -> None:
    assert real_site.site is not None
    public = real_site.site.urls.base_url  # 'https://cluster-conferences.github.io/site/'
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(site_url))
    problems: list[str] = []
    pages: dict[str, Page] = {}
    for path in page_paths(site_dir):
        status, kind, body = fetch(site_url + path)
        if status != 200 or not kind.startswith("text/html"):
            problems.append(f"/{path}: the page answers {status} {kind}")
            continue
        page = Page()
        page.feed(body.decode("utf-8"))
        pages[site_url + path] = page
    assert len(pages) > 200
    answers: dict[str, int] = {url: 200 for url in pages}
    anchors: list[tuple[str, int, str, str]] = []
    for page_url, page in pages.items():
        for line, value in page.urls:
            url = urljoin(page_url, value.replace(public, site_url, 1) if value.startswith(public) else value)
            if not url.startswith(origin):
                continue  # another host: not fetched by the tests
            target, _, fragment = url.partition("#")
            if target not in answers:
                answers[target] = fetch(target)[0]
            where = f"{page_url.removeprefix(site_url)}:{line}"
            if answers[target] != 200:
                problems.append(f"/{where}: {value} answers {answers[target]}")
            elif fragment:
                anchors.append((where, line, target, fragment))
    for where, _, target, fragment in anchors:
        if target in pages and unquote(fragment) not in pages[target].ids:
            problems.append(f"/{where}: #{fragment} is not an id of {target.removeprefix(site_url)}")
    fetched = [url for url in answers if url not in pages]
    assert any(url.endswith(".css") for url in fetched) and any(url.endswith(".ics") for url in fetched)
    assert not problems, f"{len(problems)} broken:\n" + "\n".join(problems[:80])


def test_the_server_behaves_like_a_static_host(site_url: str, base_path: str) -> None:
    """The test server itself: a folder without its slash is redirected, nothing outside the base path is served."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    assert fetch(origin + base_path.rstrip("/"))[0] == 301
    assert fetch(site_url + "en/2023-iasi")[0] == 301
    assert fetch(site_url + "en/2023-iasi/")[0] == 200
    assert fetch(origin + "/favicon.ico")[0] == 404
    assert fetch(site_url + "en/no-such-page/")[0] == 404
