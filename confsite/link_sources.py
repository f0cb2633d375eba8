"""Where an editor wrote a link the link check found wrong on a built page.

The check reads the rendered pages, so it knows a link's page and line in the HTML, and the
address as the page gives it: a link to `files/agenda.pdf` in an edition's text is published as
`/<base>/files/<edition>/agenda.pdf`. A page that shows one Markdown text of its own recorded
that text while it rendered; the problem is moved there, to the first place the text's file
writes the address as a link (`[…](…)`, `<…>`, a reference, an href or src) as the editor wrote
it, and names it so. The pages with problems are read once each, and each text once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping

from .links import TO_A_DRAFT, named_path, page_links, shown
from .problems import Problem, Where

# An edition's file as a page links it: /<base>/files/<edition>/<name>, written files/<name>
_PUBLISHED_FILE = re.compile(r"(?:^|/)files/[^/]+/(.+)$")


def places_at_source(problems: list[Problem], page: Callable[[str], bytes], texts: Mapping[str, tuple[Where, ...]],
                     sources: Mapping[str, str]) -> list[Problem]:
    """Each link problem of the pages (by their output path) at the one Markdown text its page
    showed (`texts`), at the line that holds the address there when it can be found; else in the
    templates. Each page with problems is read once (`page`: its HTML), each source file's lines once."""
    links: dict[str, dict[int, list[str]]] = {}  # page -> its addresses by line, for the pages with problems
    written_at: dict[str, dict[str, Written]] = {}  # source -> its addresses, where written
    placed = []
    for problem in problems:
        shown = texts.get(problem.where.path, ())
        # a link to a draft that check builds counts only where a text writes it: the templates link
        # to every edition check builds, drafts among them, and are right to
        to_a_draft = TO_A_DRAFT in problem.message and not problem.message.startswith("broken")
        if len(shown) != 1:
            if not to_a_draft:
                placed.append(dataclasses.replace(problem, hint=f"{problem.hint}: it is in the templates"))
            continue
        if problem.where.path not in links:
            links[problem.where.path] = by_line(page(problem.where.path))
        source = shown[0].path
        if source not in written_at:
            written_at[source] = addresses(sources.get(source, "").split("\n"))
        found = _placed(problem, links[problem.where.path].get(problem.where.line, []), source, written_at[source])
        if not to_a_draft or found.where.line:
            placed.append(found)
    return placed


def by_line(page: bytes) -> dict[int, list[str]]:
    """A page's link addresses by the line they are on."""
    found: dict[int, list[str]] = {}
    for url, line in page_links(page).links:
        found.setdefault(line, []).append(url)
    return found


def _placed(problem: Problem, at_line: list[str], source: str, written_at: Mapping[str, Written]) -> Problem:
    on_page = f"{problem.message} (on /{problem.where.path})"
    named = [url for url in at_line if shown(url) in problem.message]  # the address the problem is about
    url = max(named, key=len) if named else None
    found = _written(url, written_at) if url is not None else None
    if url is None or found is None:
        return dataclasses.replace(problem, where=Where(source), message=on_page)
    written, line, column = found.address, found.line, found.column
    hint, published = problem.hint, _PUBLISHED_FILE.search(url)
    if written != url and published:  # a "did you mean" another file, as the editor would write it too
        hint = hint.replace(f"'{url[:published.start(1)]}", "'files/")
    return dataclasses.replace(problem, where=Where(source, line, column),
                               message=on_page.replace(shown(url), shown(written), 1), hint=hint)


# Where Markdown and HTML write an address: a link's (…) (an image's too; its address in <…> when it
# has spaces, or with brackets of its own: files/Programme%20(final).pdf), a <…> link, a reference's
# definition, an href or src attribute
_ADDRESS = re.compile(r"""\]\(\s*(?:<([^>\n]+)>|((?:[^\s()<>]|\([^\s()]*\))+))|<([a-zA-Z][a-zA-Z0-9+.-]*:[^\s>]+)>"""
                      r"""|^\s*\[[^\]]+\]:\s*<?([^\s>]+)|\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


@dataclasses.dataclass(frozen=True, slots=True)
class Written:
    """An address as a text writes it, and where: its line and column."""

    address: str
    line: int
    column: int


def addresses(lines: list[str]) -> dict[str, Written]:
    """Each address a text's `lines` write as a link, at its first place, under the address as
    written and as the path it names (read once per text: a page may have thousands of problems)."""
    found: dict[str, Written] = {}
    for number, line in enumerate(lines, 1):
        for match in _ADDRESS.finditer(line):
            group = next(index for index in range(1, 7) if match.group(index) is not None)
            written = Written(match.group(group), number, match.start(group) + 1)
            found.setdefault(written.address, written)
            found.setdefault(named_path(written.address), written)
    return found


def _written(url: str, written_at: Mapping[str, Written]) -> Written | None:
    """The address as the editor wrote it (an edition's file as files/<name>), and where."""
    published = _PUBLISHED_FILE.search(url)
    for candidate in (url, *([f"files/{published.group(1)}"] if published else [])):
        found = written_at.get(candidate) or written_at.get(named_path(candidate))
        if found is not None:
            return found
    return None
