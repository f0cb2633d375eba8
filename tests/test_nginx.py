"""The site under a sub-path on a real web server: nginx serves it at /conference/ (as GitHub Pages
serves a project site) and a crawl follows every internal link and asset."""

from __future__ import annotations

import html.parser
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import FIXED_NOW, ROOT, need

from confsite.pipeline import Options, build

PREFIX = "/conference/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, pathlib.Path]]:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if pathlib.Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        need("nginx", "the sub-path crawl serves the built site with nginx (Debian package nginx)")
    # nginx workers run as nobody: pytest's own temporary folders (mode 0700) are closed to them
    work = pathlib.Path(tempfile.mkdtemp(prefix="confsite-nginx-"))
    port = free_port()
    site = work / "site"
    result = build(Options(project=ROOT, output=site, base_url=f"http://127.0.0.1:{port}{PREFIX}"), FIXED_NOW)
    assert result.ok
    for path in [work, *work.rglob("*")]:  # nginx workers run as nobody
        path.chmod(0o755 if path.is_dir() else 0o644)
    (work / "tmp").mkdir()
    config = work / "nginx.conf"
    config.write_text(f"""
worker_processes 1; pid {work}/nginx.pid; error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  types {{ text/calendar ics; }}
  access_log off; client_body_temp_path {work}/tmp/b; proxy_temp_path {work}/tmp/p;
  fastcgi_temp_path {work}/tmp/f; uwsgi_temp_path {work}/tmp/u; scgi_temp_path {work}/tmp/s;
  server {{
    listen 127.0.0.1:{port}; absolute_redirect off;
    location / {{ return 404; }}
    location = {PREFIX.rstrip('/')} {{ return 301 {PREFIX}; }}
    location {PREFIX} {{ alias {site}/; try_files $uri $uri/ =404; error_page 404 {PREFIX}404.html; }}
  }}
}}
""")
    subprocess.run([nginx, "-c", str(config), "-p", str(work)], check=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            urllib.request.urlopen(base + PREFIX, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, site
    subprocess.run(["kill", (work / "nginx.pid").read_text().strip()], check=False)
    shutil.rmtree(work, ignore_errors=True)


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src", "action"):
            if values.get(name) and values.get("rel") not in ("canonical", "alternate"):
                self.found.append(str(values[name]))


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_every_page_and_asset_resolves_under_the_sub_path(server: tuple[str, pathlib.Path]) -> None:
    server, site = server  # type: ignore[assignment]
    seen, queue, broken = {server + PREFIX}, [server + PREFIX], []
    while queue:
        url = queue.pop()
        status, kind, body = fetch(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if "text/html" not in kind:
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.found:
            target = urljoin(url, link).split("#")[0]
            parts = urlsplit(target)
            if parts.netloc != urlsplit(server).netloc:
                continue
            assert parts.path.startswith(PREFIX), f"{url} links outside the sub-path: {link}"
            if target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    pages = {f"{server}{PREFIX}{p.parent.relative_to(site).as_posix()}/".replace("/./", "/")
             for p in site.rglob("index.html")}
    assert pages - seen == set()  # the crawl reached every page through links


def test_the_localized_404_works_at_any_depth(server: tuple[str, pathlib.Path]) -> None:
    status, _, body = fetch(server[0] + PREFIX + "ro/2023-iasi/no/such/page/")
    assert status == 404
    page = body.decode("utf-8")
    assert "Această pagină nu există" in page and f'href="{PREFIX}assets/style.css"' in page


def test_content_types(server: tuple[str, pathlib.Path]) -> None:
    base = server[0]
    assert fetch(base + PREFIX + "2023-iasi.ics")[1].startswith("text/calendar")
    assert "xml" in fetch(base + PREFIX + "sitemap.xml")[1]
    assert fetch(base + PREFIX.rstrip("/"))[0] == 200  # the 301 to the slash is followed
