"""What the live preview adds to the site's pages: the errors' banner over the last good page, the
page of problems while there is none yet, and the warnings, folded, over each page it serves. The
frame speaks the page's language; each problem is worded as `check` words it, in English like the
rest of the editor's tools.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

from .helpers import N_
from .problems import Problem

BANNER = N_("The site could not be rebuilt. This is the last good version of the page; fix these and it "
            "updates by itself:")
# (English only, as the problems are: there is no page yet whose language it could take)
FIRST_BANNER = "The site could not be built. Fix these and the preview shows it by itself:"
HINT = N_("What to do:")
WARNINGS = N_("Warnings about the content, shown only in this preview: %(count)s")


def _items(problems: Iterable[Problem], gettext: Callable[[str], str]) -> str:
    """Each problem as `check` words it (file, line and fix, in English like the rest of the
    editor's tools), its frame in the page's language."""
    return "".join(
        f"<li><code>{html.escape(str(p.where))}</code> <span lang=\"en\">{html.escape(p.message)}</span>"
        + (f'<br><small>{html.escape(gettext(HINT))} <span lang="en">{html.escape(p.hint)}</span></small>'
           if p.hint else "") + "</li>"
        for p in problems)


def banner(problems: Iterable[Problem], gettext: Callable[[str], str] = str, heading: str = BANNER) -> bytes:
    """The errors over a page."""
    items = _items((p for p in problems if p.is_error), gettext)
    return (f'<div class="build-problems" role="alert"><p><strong>{html.escape(gettext(heading))}</strong></p>'
            f"<ul>{items}</ul></div>").encode()


def warnings_panel(warnings: Sequence[Problem], gettext: Callable[[str], str] = str) -> bytes:
    """The warnings over a page, folded: they stop nothing, but an editor who watches the browser
    rather than the terminal should see them too."""
    if not warnings:
        return b""
    summary = html.escape(gettext(WARNINGS) % {"count": len(warnings)})
    return (f'<details class="build-warnings"><summary>{summary}</summary><ul>{_items(warnings, gettext)}</ul>'
            "</details>").encode()


def page_language(page: bytes) -> str | None:
    """The language a page says it is in: <html lang="ro">."""
    found = re.search(rb'<html[^>]*\slang="([a-zA-Z-]+)"', page[:2000])
    return found[1].decode() if found else None


def problems_page(problems: Iterable[Problem]) -> bytes:
    """What the preview shows at every address while it has no good page yet (its first build
    failed): the problems, in English, as the terminal says them."""
    return (b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            b'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            b"<title>The site could not be built</title>\n<style>body{font:1rem/1.5 sans-serif;margin:0}"
            b".build-problems{background:#8b1a1a;color:#fff;padding:.75rem 1rem}"
            b".build-problems code{background:rgba(255,255,255,.15);padding:0 .25rem}</style>\n"
            b"</head>\n<body>\n" + banner(problems, heading=FIRST_BANNER) + b"\n</body>\n</html>\n")


def with_banner(page: bytes, note: bytes) -> bytes:
    head, marker, rest = page.partition(b"<body")
    if not marker:
        return note + page
    tag_end = rest.index(b">") + 1
    return head + marker + rest[:tag_end] + note + rest[tag_end:]
