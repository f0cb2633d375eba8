"""The start tags of an HTML text as Python's html.parser reads them, found with one regular
expression (`TAG`) rather than a parse, which takes several times as long. Three readers use it:
the link check, for each built page's links and ids (`links.page_links`); the sanitiser, for its
quick count of a fragment's tags (`sanitize`); and the check for a sentence a page repeats, for a
page's main text (`language`). It is apart from the link check: it knows nothing of links, and
two of its three readers have nothing to do with them.
"""

from __future__ import annotations

import html
import html.parser
import re
from collections.abc import Callable, Iterator

# A start tag with its attributes (as html.parser reads them), a comment, or a script or style
# element whose content is text, not tags. The attributes are read once, as far as they go (an
# atomic group): a tag with no '>' after it made the search try every way of sharing the spaces
# between its attributes, twice as many for each more one ('<span b b b …' with 40 of them, in an
# editor's text or an imported abstract, stopped the build for good). A comment or a script or
# style element never ended runs to the end of the text, where html.parser reads no tag either:
# the search read on to the end from each of them (120 KB of '<!--' in raw HTML took 15 s).
TAG = re.compile(r"<!--(?:.*?-->|.*)|<(script|style)\b([^>]*)>(?:.*?</\1\s*>|.*)"
                 r"|<([a-zA-Z][^\t\n\r\f />\x00]*)((?>(?:[\s/]*(?:(?<=['\"\s/])[^\s/>][^\s/=>]*)"
                 r"(?:\s*=+\s*(?:'[^']*'|\"[^\"]*\"|(?![\'\"])[^>\s]*))?(?:\s|/(?!>))*)*))?\s*/?>", re.S | re.I)


def start_tags(text: str, read: Callable[[str, str], bool] | None = None
               ) -> Iterator[tuple[str, dict[str, str | None], int, int]]:
    """Each start tag of `text` as html.parser reads it: its name, its attributes (names in lower
    case, the first of a repeated name kept, values unescaped), where it starts and where the
    text it spans ends (a script or style element: with its content); a comment gives the name "".
    With `read`, only the attributes of the tags for which `read(name, attributes' text)` holds are
    read (the others come with none): reading them is most of the time spent."""
    for m in TAG.finditer(text):
        raw, attributes = _start_tag(m)
        if raw is None:
            yield "", {}, m.start(), m.end()  # a comment
            continue
        tag = raw.lower()
        if read is not None and not read(tag, attributes):
            yield tag, {}, m.start(), m.end()
            continue
        yield tag, attribute_values(attributes), m.start(), m.end()


def _start_tag(m: re.Match[str]) -> tuple[str | None, str]:
    """The name (as written) and the attributes' text of a match of `TAG`; no name for a comment."""
    script, script_attributes, name, attributes = m.groups()
    if name is not None:
        return name, attributes or ""
    return script, script_attributes or ""


def attribute_values(attributes: str) -> dict[str, str | None]:
    """The attributes of a start tag's text as html.parser reads them: names in lower case, the
    first of a repeated name kept, values unquoted and unescaped."""
    values: dict[str, str | None] = {}
    for found in html.parser.attrfind_tolerant.finditer(attributes):  # type: ignore[attr-defined]
        name, value = found.group(1), found.group(3)
        if not name:
            continue
        if value is not None and len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values.setdefault(name.lower(), html.unescape(value) if value else value)
    return values
