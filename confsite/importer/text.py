"""Untrusted text from a call-for-papers tool, reduced to plain text before it reaches the content.

Titles, abstracts and names come from speakers through a public form. Whatever HTML they hold
first goes through the site's one sanitiser (`sanitize.clean_html`: scripts and styles go with
their content, event handlers and `javascript:` links go), then what is left is read as text:
paragraphs and line breaks stay line breaks, list items become "- " lines, and a link keeps its
words and, when it is a web address, the address in brackets. Markdown's strong text and links
are reduced the same way. The templates escape these texts,
so what remains is shown as written and can never become markup. Over-long texts are cut.
"""

from __future__ import annotations

import html
import re

from .. import characters
from ..fields import MAX_LONG_TEXT
from ..plain_text import MARKDOWN_BOLD, MARKDOWN_LINK
from ..sanitize import TolerantParser, sanitized

TITLE_LIMIT = 300  # characters; a title longer than this is not a title
TEXT_LIMIT = MAX_LONG_TEXT  # an abstract longer than the content allows is cut, and the import says so
NAME_LIMIT = 120
# A text is read for its markup up to this many times its limit, the rest cut: reading markup takes time
# that grows faster than the text (the sanitiser walks the elements left open for each new one: a
# megabyte of '<div>' took over two minutes), and no real title or abstract comes near it.
MARKUP_TIMES = 4

_BLOCKS = frozenset({"p", "div", "ul", "ol", "blockquote", "pre", "table", "tr", "h1", "h2", "h3", "h4", "h5",
                     "h6", "dl", "dt", "dd", "figure", "hr"})
_MARKUP = re.compile(r"<[A-Za-z/!?]|&[#A-Za-z0-9]+;")


class _Text(TolerantParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href if re.match(r"^https?://", href.strip(), re.I) else None)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and href.strip() not in "".join(self.parts[-1:]):
                self.parts.append(f" ({href.strip()})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _clean_characters(text: str) -> str:
    """Without the characters no text may hold (the content's own rule, `characters.forbidden`) and
    without the invisible direction overrides that could make a name read differently from what it is."""
    return "".join(c for c in text if c == "\n" or (characters.forbidden(c, multiline=True) is None
                   and "bidirectional" not in characters.INVISIBLE.get(c, "")))


_HEADING = re.compile(r"(?m)^#{1,6}[ \t]+")  # a Markdown heading's marks: "## Goals" is the line "Goals"
# A link's title after its address, as in [the talk](https://example.org/t "Slides") ('Slides', (Slides))
_TITLE = re.compile(r"""(?<=\S)\s+(?:"[^"]*"|'[^']*'|\([^()]*\))$""")  # (no run of spaces read twice)
# A reference link's address, on a line of its own ("[1]: https://example.org/s 'Slides'", in a quote
# or a list item too), and the reference ([the study][1], [the study][] or [the study]), as
# Python-Markdown and others read them
_DEFINITION = re.compile(r"""^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[((?:[^\[\]\\\n]|\\.){0,200})\]:"""
                         r"""[ \t]*(?:\n[ \t>]*)?(\S+)"""  # the label, then the address, maybe on the next line
                         r"""(?:(?:[ \t]+|[ \t]*\n[ \t>]*)(?:(["'])[^\n]*\3|\([^\n]*\)))?[ \t]*$""", re.M)
_REFERENCE = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]{0,200}\]){1,200})\](?:\s?\[([^\[\]]{0,200})\])?(?!\()")


def _address(inside: str) -> str:
    """A link's address, from what its ( ) hold: maybe spaces, the address, maybe in < >, and maybe a title."""
    inside = inside.strip()
    if inside.startswith("<") and ">" in inside:
        return inside[1:inside.index(">")]
    title = _TITLE.search(inside)
    return inside[:title.start()] if title else inside


def _link_text(words: str, address: str) -> str:
    """A link's words, and its address after them when it is a web address."""
    address = address.strip()
    return f"{words} ({address})" if re.match(r"^https?://", address, re.I) and address not in words else words


def _label(label: str) -> str:
    return " ".join(label.lower().split())  # as Python-Markdown matches a reference with its address


def _markdown_links(text: str) -> str:
    """Markdown's links reduced to their words and their web address: inline ones, then reference
    ones (their addresses' lines go). A link whose words hold a link is read again, a few times;
    a '](' left after that (links nested deeper than anyone writes) becomes '] (', which no
    Markdown reads as a link, so that no `javascript:` link can be left in the text."""
    def inline(found: re.Match[str]) -> str:
        return _link_text(found.group(1), _address(found.group(2)))

    addresses: dict[str, str] = {}

    def definition(found: re.Match[str]) -> str:
        addresses.setdefault(_label(found.group(1)), found.group(2).removeprefix("<").removesuffix(">"))
        return ""

    def reference(found: re.Match[str]) -> str:
        label = _label(found.group(2) or found.group(1))
        return _link_text(found.group(1), addresses[label]) if label in addresses else found.group()

    for _ in range(4):
        text, found = MARKDOWN_LINK.subn(inline, text)
        if not found:
            break
    text = _DEFINITION.sub(definition, text)
    if addresses:
        text = _REFERENCE.sub(reference, text)
    return text.replace("](", "] (")


def _markdown_marks(text: str) -> str:
    """Markdown, which pretalx abstracts are written in, reduced like its HTML: bold text keeps its
    words, a link its words and its web address, a heading its words (the content's plain texts
    would show the marks)."""
    return _HEADING.sub("", MARKDOWN_BOLD.sub(r"\1", _markdown_links(text)))


def plain(markup: str | None) -> str:
    """A text with any HTML or Markdown marks in it reduced to plain text with line breaks."""
    if not markup:
        return ""
    text = markup.replace("\r\n", "\n").replace("\r", "\n")
    for _ in range(3):  # "&lt;script&gt;" decodes to a tag: read again until nothing looks like markup
        if not _MARKUP.search(text):
            break
        reader = _Text()
        reader.feed(sanitized(text))
        reader.close()
        text = "".join(reader.parts)
    text = _MARKUP.sub(lambda m: m.group(0).replace("<", "‹").replace("&", "＆"), text)  # what still looks so
    lines = [" ".join(line.split()) for line in _clean_characters(_markdown_marks(text)).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def one_line(markup: str | None) -> str:
    """A title or a name: plain text on one line."""
    return " ".join(plain(markup).split())


def as_written(markup: str) -> str:
    """A title or a name on one line as it was written, entities read, its markup made inert: each
    < and > becomes a lookalike (‹ ›) that no browser reads as a tag, so nothing of it is lost."""
    return " ".join(_clean_characters(html.unescape(markup).replace("<", "‹").replace(">", "›")).split())
