"""Where an editor wrote a link the link check found wrong on a built page.

The check reads the rendered pages, so it knows a link's page and line in the HTML, and the
address as the page gives it: a link to `files/agenda.pdf` in an edition's text is published as
`/<base>/files/<edition>/agenda.pdf`. A page that shows one Markdown text of its own recorded
that text while it rendered; the problem is moved there, to the first line of the text's file
that holds the address as the editor wrote it, and names it so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from .links import page_links
from .problems import Problem, Where

# An edition's file as a page links it: /<base>/files/<edition>/<name>, written files/<name>
_PUBLISHED_FILE = re.compile(r"(?:^|/)files/[^/]+/(.+)$")


def at_source(problem: Problem, page: bytes, texts: tuple[Where, ...], sources: Mapping[str, str]) -> Problem:
    """A link problem of a page (`page`: its HTML) at the one Markdown text the page showed, at
    the line that holds the address when it can be found there; else in the templates."""
    if len(texts) != 1:
        return dataclasses.replace(problem, hint=f"{problem.hint}: it is in the templates")
    source = texts[0].path
    on_page = f"{problem.message} (on /{problem.where.path})"
    url = _url_of(problem, page)
    found = _written(url, sources.get(source, "")) if url is not None else None
    if found is None:
        return dataclasses.replace(problem, where=Where(source), message=on_page)
    written, line, column = found
    return dataclasses.replace(problem, where=Where(source, line, column),
                               message=on_page.replace(repr(url), repr(written), 1))


def _url_of(problem: Problem, page: bytes) -> str | None:
    """The address the problem is about: the one at its line of the page that its message names."""
    at_line = {url for url, line in page_links(page).links if line == problem.where.line}
    named = [url for url in sorted(at_line) if repr(url) in problem.message]
    return max(named, key=len) if named else None


def _written(url: str, text: str) -> tuple[str, int, int] | None:
    """The address as the editor wrote it, and the line and column of its first place in `text`."""
    published = _PUBLISHED_FILE.search(url)
    for written in (url, f"files/{published.group(1)}" if published else None):
        if not written:
            continue
        for number, line in enumerate(text.split("\n"), 1):
            column = line.find(written)
            if column >= 0:
                return written, number, column + 1
    return None
