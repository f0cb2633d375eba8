"""The weight of every page of a built site: its HTML plus the stylesheets it links, uncompressed.

usage: .venv/bin/python benchmarks/weight.py [SITE_DIR] [--top 10] [--budget-kb 50]

Reads a built site folder, or, without SITE_DIR, builds the real site into a temporary folder
first. Prints one line per page (HTML, CSS, scripts, HTML + CSS, and HTML + CSS gzipped), then the
largest pages, then any script in a page's <head> that blocks rendering. Images are left out: the
budget is what a phone must fetch before it can show the page's text. Exits 1 when a page's HTML
plus CSS is over the budget (kB = 1,000 bytes), when a stylesheet or script it links is missing or
comes from another host, or when a script blocks rendering.

Root-relative links ('/site/assets/style.css') are found in the folder whatever the base path:
the shortest tail of the path that names a file of the folder is taken.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import html.parser
import pathlib
import statistics
import sys
import tempfile
from urllib.parse import unquote, urlsplit

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUDGET_KB = 50
KB = 1000


class _PageParser(html.parser.HTMLParser):
    """The stylesheets and scripts a page links, and the scripts of its <head> that block rendering."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.blocking: list[str] = []  # how each render-blocking script of <head> starts
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and "stylesheet" in values.get("rel", "").split() and values.get("href"):
            self.stylesheets.append(values["href"])
        elif tag == "script":
            if values.get("src"):
                self.scripts.append(values["src"])
            if self.in_head and not blocks_nothing(values):
                self.blocking.append("<script" + "".join(f' {k}="{v}"' for k, v in values.items()) + ">")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def blocks_nothing(attributes: dict[str, str]) -> bool:
    """A script in <head> lets the page render when it is deferred, async, a module or data."""
    kind = attributes.get("type", "").strip().lower()
    return ("defer" in attributes and "src" in attributes) or "async" in attributes or kind == "module" \
        or kind == "application/ld+json" or kind == "application/json"


@dataclasses.dataclass(frozen=True)
class PageWeight:
    page: str  # the page's path in the folder, as a URL path: 'en/2023-iasi/'
    html: int
    css: int
    scripts: int
    gzipped: int  # HTML and each stylesheet gzipped, added up
    stylesheets: tuple[str, ...]
    missing: tuple[str, ...]  # linked stylesheets or scripts that are not in the folder
    foreign: tuple[str, ...]  # stylesheets or scripts from another host (not counted: they should not be)
    blocking: tuple[str, ...]

    @property
    def total(self) -> int:
        """What the budget counts: the HTML plus its CSS, uncompressed."""
        return self.html + self.css


def local_file(site: pathlib.Path, page: pathlib.Path, href: str) -> pathlib.Path | None:
    """The file of `site` that `href` on `page` names; None for another host or no such file."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path.startswith("/"):
        candidate = (page.parent / path).resolve()
        return candidate if candidate.is_file() else None
    segments = path.strip("/").split("/")
    for start in range(len(segments)):
        candidate = site.joinpath(*segments[start:])
        if candidate.is_file():
            return candidate
    return None


def is_foreign(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def url_path(site: pathlib.Path, file: pathlib.Path) -> str:
    relative = file.relative_to(site).as_posix()
    return relative.removesuffix("index.html") if relative.endswith("index.html") else relative


def measure(site: pathlib.Path) -> list[PageWeight]:
    """The weight of every page of the built `site`, in path order."""
    site = site.resolve()
    weights = []
    for file in sorted(site.rglob("*.html")):
        data = file.read_bytes()
        parser = _PageParser()
        parser.feed(data.decode("utf-8", errors="replace"))
        css = scripts = 0
        gzipped = len(gzip.compress(data, mtime=0))
        missing, foreign = [], []
        for href in parser.stylesheets:
            target = local_file(site, file, href)
            if target is None:
                (foreign if is_foreign(href) else missing).append(href)
                continue
            sheet = target.read_bytes()
            css += len(sheet)
            gzipped += len(gzip.compress(sheet, mtime=0))
        for src in parser.scripts:
            target = local_file(site, file, src)
            if target is None:
                (foreign if is_foreign(src) else missing).append(src)
            else:
                scripts += target.stat().st_size
        weights.append(PageWeight(url_path(site, file), len(data), css, scripts, gzipped,
                                  tuple(parser.stylesheets), tuple(missing), tuple(foreign), tuple(parser.blocking)))
    return weights


def kb(size: int) -> str:
    return f"{size / KB:.1f} kB"


def report(weights: list[PageWeight], top: int, budget: int) -> tuple[str, bool]:
    """The printed report, and whether every page keeps to the budget."""
    width = max(len(w.page) for w in weights) + 1
    lines = [f"{'page':<{width}} {'HTML':>9} {'CSS':>9} {'scripts':>9} {'HTML+CSS':>9} {'gzipped':>9}"]
    lines += [f"/{w.page:<{width - 1}} {kb(w.html):>9} {kb(w.css):>9} {kb(w.scripts):>9} {kb(w.total):>9} "
              f"{kb(w.gzipped):>9}" for w in weights]
    largest = sorted(weights, key=lambda w: (-w.total, w.page))[:top]
    over = [w for w in weights if w.total > budget]
    lines += ["", f"{len(weights)} pages; HTML+CSS median {kb(int(statistics.median(w.total for w in weights)))}, "
                  f"largest {kb(largest[0].total)}; budget {kb(budget)} per page: "
                  + (f"{len(over)} over it" if over else "every page within it"),
              f"The {len(largest)} largest:"]
    lines += [f"  /{w.page}  {kb(w.total)} (HTML {kb(w.html)} + CSS {kb(w.css)})"
              f"{'  OVER BUDGET' if w.total > budget else ''}" for w in largest]
    problems = [f"  /{w.page}: missing {href}" for w in weights for href in w.missing]
    problems += [f"  /{w.page}: from another host {href}" for w in weights for href in w.foreign]
    problems += [f"  /{w.page}: render-blocking {script}" for w in weights for script in w.blocking]
    if problems:
        lines += ["", "Problems:", *problems]
    return "\n".join(lines), not over and not problems


def build_real_site(output: pathlib.Path) -> pathlib.Path:
    sys.path.insert(0, str(ROOT))
    from confsite.pipeline import Options, build

    result = build(Options(project=ROOT, output=output))
    if not result.ok:
        raise SystemExit("the site does not build:\n" + "\n".join(p.format() for p in result.errors))
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=pathlib.Path, help="a built site folder (default: build one)")
    parser.add_argument("--top", type=int, default=10, help="how many of the largest pages to list")
    parser.add_argument("--budget-kb", type=float, default=BUDGET_KB, help="HTML + CSS per page, in kB")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        site = args.site or build_real_site(pathlib.Path(temporary) / "site")
        if not site.is_dir():
            parser.error(f"{site} is not a folder")
        weights = measure(site)
        if not weights:
            parser.error(f"{site} has no HTML page")
        text, ok = report(weights, args.top, int(args.budget_kb * KB))
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
