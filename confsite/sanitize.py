"""Content made safe for each output syntax.

HTML: every piece of HTML made from content (editors' Markdown, inline Markdown in YAML fields,
imported abstracts) goes through `clean_html`, one function with one allow-list, through nh3
(Ammonia). nh3 does not say what it removed, so `clean_html` compares the elements and attributes
of its input and output; `removal_problems` turns each removal into a warning at the line of the
editor's text that holds it. `markdown_html` does both for a Markdown text, after
`markdown_limits` has refused a text too costly to convert: use it for any new place where
content's Markdown becomes HTML.

The other exports (XML, JSON in a <script>, iCalendar) get the smaller helpers below, applied
where each is written, whatever validation let through.
"""

from __future__ import annotations

import dataclasses
import html
import html.parser
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from typing import Any

import markdown
import nh3

from . import markdown_limits
from .html_tags import start_tags
from .problems import Problem, Where

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TAGS = frozenset({
    *HEADINGS, "p", "br", "hr", "blockquote", "pre", "code", "kbd", "samp",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "q", "cite", "dfn",
    "abbr", "span", "a", "img", "figure", "figcaption",
})
ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    **{h: {"id"} for h in HEADINGS},  # the link checker follows #anchors to them
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # relative links pass as they are
STYLES = frozenset({"text-align"})  # a Markdown table's column alignment
REMOVED_WITH_CONTENT = frozenset({"script", "style"})

_CLEANER = nh3.Cleaner(tags=set(TAGS), clean_content_tags=set(REMOVED_WITH_CONTENT), attributes=ATTRIBUTES,
                       url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLES), link_rel=None,
                       strip_comments=True)
URL_ATTRIBUTES = frozenset({"href", "src"})


@dataclasses.dataclass(frozen=True)
class Removal:
    """One element or attribute the sanitiser removed."""

    tag: str
    attribute: str = ""  # "" when the whole element went
    value: str = ""  # the attribute's value, as the browser would have read it

    def describe(self) -> str:
        if not self.attribute:
            if self.tag in REMOVED_WITH_CONTENT:
                return f"the HTML element <{self.tag}> and its content were removed from this text"
            return f"the HTML element <{self.tag}> was removed from this text (its text is kept)"
        if self.attribute in URL_ATTRIBUTES:
            return (f"the address {self.value.strip()[:60]!r} was removed from this text: only http, https, "
                    "mailto and tel addresses and the site's own relative links are allowed")
        return f"the HTML attribute {self.attribute!r} was removed from a <{self.tag}> in this text"


@dataclasses.dataclass(frozen=True)
class Cleaned:
    html: str
    removed: tuple[Removal, ...]


def clean_html(markup: str) -> Cleaned:
    """`markup` with only the allowed elements, attributes and link schemes, and what was removed."""
    cleaned = _CLEANER.clean(markup)
    if cleaned == markup:
        return Cleaned(cleaned, ())  # nothing removed (nor rewritten)
    quick = _plain_inventory(markup)
    if quick is not None and quick == _plain_inventory(cleaned):
        return Cleaned(cleaned, ())  # only rewritten (`<hr />` as `<hr>`, a style's spaces): nothing removed
    before, after = _Inventory.of(markup), _Inventory.of(cleaned)
    removed = [Removal(tag) for tag, count in (before.tags - after.tags).items() for _ in range(count)]
    for (tag, name), count in (before.attributes - after.attributes).items():
        kept = Counter(after.values[(tag, name)])
        values = [v for v in before.values[(tag, name)] if not _take(kept, v)]
        removed += [Removal(tag, name, value) for value in (values + [""] * count)[:count]]
    return Cleaned(cleaned, tuple(removed))


def sanitized(markup: str) -> str:
    """`clean_html`'s HTML alone, for a reader that reports nothing removed (the import): finding
    what was removed reads the fragment twice more, in time that grows with the square of the tags
    it leaves unfinished (60 KB of '<a ' took over a minute)."""
    return _CLEANER.clean(markup)


def _take(counter: Counter[str], value: str) -> bool:
    if counter[value] > 0:
        counter[value] -= 1
        return True
    return False


_END_TAG = re.compile(r"</[a-zA-Z][^\t\n\r\f />\x00]*\s*>")


def _plain_inventory(markup: str) -> tuple[Counter[str], Counter[tuple[str, str]]] | None:
    """The counts of `_Inventory`, read with the quick reading of start tags (`html_tags`); None
    when some '<' of `markup` is neither in a tag it read nor in an end tag (then only the full
    parse can say what the fragment holds)."""
    tags: Counter[str] = Counter()
    attributes: Counter[tuple[str, str]] = Counter()
    rest, last = [], 0
    for tag, values, start, end in start_tags(markup):
        rest.append(markup[last:start])
        last = end
        if not tag:
            continue  # a comment
        tags[tag] += 1
        if tag in TAGS:
            attributes.update((tag, name) for name in values)
    rest.append(markup[last:])
    if "<" in _END_TAG.sub("", "".join(rest)):
        return None
    return tags, attributes


class TolerantParser(html.parser.HTMLParser):
    """html.parser, reading every `<![` as browsers read it in HTML (a bogus comment, to the next
    `>`; nh3 removes it). Python 3.11's parser takes it for an SGML marked section and raises an
    AssertionError when no keyword follows (`a <![ b`): an editor's text or an imported abstract
    would have stopped the build with a template error."""

    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<![", i):
            return self.parse_bogus_comment(i)
        return super().parse_html_declaration(i)


class _Inventory(TolerantParser):
    """The start tags of a fragment, and the attributes of the allowed ones."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str]] = Counter()
        self.values: defaultdict[tuple[str, str], list[str]] = defaultdict(list)

    @classmethod
    def of(cls, markup: str) -> _Inventory:
        inventory = cls()
        inventory.feed(markup)
        inventory.close()
        return inventory

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag not in TAGS:
            return  # its attributes go with it
        for name, value in dict(attrs).items():
            self.attributes[(tag, name)] += 1
            self.values[(tag, name)].append(value or "")


def markdown_html(converter: markdown.Markdown, source: str, where: Where) -> tuple[str, list[Problem]]:
    """An editor's Markdown (a text file's body, a field, an imported abstract) starting at `where`,
    as sanitised HTML, and a warning for each thing the sanitiser removed. A text too intricate to
    convert safely is an error at its place instead (and gives no HTML)."""
    refused = markdown_limits.refusals(source, where)
    if refused:
        return "", refused
    converter.reset()
    try:
        converted = converter.convert(source)
    except RecursionError:
        return "", [Problem(where, "this text nests lists or quotes too deeply to be read",
                            "use at most a few levels of lists inside lists, or of '>' quotes")]
    cleaned = clean_html(_ALIGNED.sub(r'style="text-align:\1"', converted))
    return cleaned.html, [*removal_problems(cleaned.removed, source, where), *undescribed_images(source, where),
                          *title_headings(cleaned.html, source, where)]


# A heading of level one as Markdown writes it: "# Title", or a line underlined with "="
_TITLE_HEADING = re.compile(r"^ {0,3}#(?!#)(?:[ \t]|$)|^[^\n]*\S[^\n]*\n {0,3}=+[ \t]*$", re.MULTILINE)


def title_headings(html_text: str, source: str, where: Where) -> list[Problem]:
    """A warning at the first heading of level one in an editor's text (`source`, starting at
    `where`, converted to `html_text`): every page has its title as its one such heading, and a
    second one tells screen readers the page starts again there."""
    if "<h1" not in html_text:
        return []
    match = _TITLE_HEADING.search(source)  # (code indented by four spaces never matches)
    line = (where.line or 1) + (source.count("\n", 0, match.start()) if match else 0)
    return [Problem(Where(where.path, line, 1 if match else where.column), "a heading of the page's own level: the "
                    "page has its title as its one main heading already",
                    "start this text's headings with '##' (and '###' below them), or leave the title out: the page "
                    "shows it", severity="warning")]


# A Markdown image whose description is empty, inline or by reference: ![](files/hall.jpg); not
# one escaped (\![]), nor one in code, which shows it as written
_UNDESCRIBED = re.compile(r"(?<!\\)!\[[ \t]*\][(\[]")
_CODE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$|(`+)[^\n]*?\2", re.MULTILINE | re.DOTALL)


def undescribed_images(source: str, where: Where) -> list[Problem]:
    """A warning at each Markdown image of `source` (an editor's text starting at `where`) written
    without a description: screen readers say nothing of it, as of a decoration."""
    if "![" not in source:  # (blanking the code cannot make one: most texts hold no image, and the blanking is slow)
        return []
    problems = []
    shown = _CODE.sub(lambda code: re.sub(r"[^\n]", " ", code.group()), source)  # (same lines and columns)
    for match in _UNDESCRIBED.finditer(shown):
        line = (where.line or 1) + source.count("\n", 0, match.start())
        column = match.start() - (source.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(Problem(Where(where.path, line, column), "an image without a description",
                                "write what it shows between the brackets: ![The hall before the opening]"
                                "(files/hall.jpg)", severity="warning"))
    return problems


# A table column's alignment as Python-Markdown writes it, and as nh3 rewrites it: written the
# second way from the start, a text with a table comes out of nh3 unchanged, which spares
# `clean_html` its comparison of what went in and what came out.
_ALIGNED = re.compile(r'style="text-align: (left|right|center);"')


def removal_problems(removed: tuple[Removal, ...], source: str, where: Where) -> list[Problem]:
    """A warning per removal, at the line of `source` (an editor's text starting at `where`) that holds it."""
    text = html.unescape(source)  # entities hold no line breaks: line numbers stay the same
    searched_from: dict[str, int] = {}
    problems = []
    for removal in removed:
        position = _find(removal, text, searched_from)
        line = where.line or 1
        column = 0
        if position is not None:
            line += text.count("\n", 0, position)
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        problems.append(Problem(Where(where.path, line, column), removal.describe(),
                                "a text may use Markdown and the HTML listed in the editors' guide "
                                "('HTML in texts'); write it in Markdown, or remove it", severity="warning"))
    return problems


def _find(removal: Removal, text: str, searched_from: dict[str, int]) -> int | None:
    """Where the removed thing is written; each repeat is looked for after the previous one. An
    attribute is looked for inside its own element's tag first, so that another element's
    attribute of the same name, earlier in the text, is not taken for it."""
    value = removal.value.strip()
    if value and removal.attribute in URL_ATTRIBUTES:
        found = _next(re.escape(value), text, searched_from)
        if found is not None:
            return found
    tag = rf"<\s*{re.escape(removal.tag)}\b"
    if not removal.attribute:
        return _next(tag, text, searched_from)
    attribute = re.compile(rf"\b{re.escape(removal.attribute)}\b\s*=?", re.IGNORECASE)
    key = f"{tag} {removal.attribute}"
    for match in re.compile(tag, re.IGNORECASE).finditer(text, searched_from.get(key, 0)):
        inside = attribute.search(text, match.end(), max(text.find(">", match.end()), match.end()))
        if inside:
            searched_from[key] = match.end()
            return inside.start()
    return _next(attribute.pattern, text, searched_from)  # written in Markdown: {: onclick=… }


def _next(needle: str, text: str, searched_from: dict[str, int]) -> int | None:
    match = re.compile(needle, re.IGNORECASE).search(text, searched_from.get(needle, 0))
    if match is None:
        return None
    searched_from[needle] = match.end()
    return match.start()


# --- the other exports ----------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\s*(?:\r\n|[\r\n\x0b\x0c\x85\u2028\u2029])\s*")


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can hold: without NUL, control characters or non-characters."""
    return _XML_ILLEGAL.sub("", text)


def xml_tree(root: ET.Element) -> ET.Element:
    """Every text, tail and attribute value of the tree made `xml_text`, in place (and returned)."""
    for element in root.iter():
        if element.text:
            element.text = xml_text(element.text)
        if element.tail:
            element.tail = xml_text(element.tail)
        for key, value in element.attrib.items():
            element.attrib[key] = xml_text(value)
    return root


def single_line(text: str) -> str:
    """A title for a one-line field (a calendar's SUMMARY): line breaks become spaces, and
    control characters go."""
    return _CONTROL.sub("", _LINE_BREAK.sub(" ", text))


def script_json(data: Any) -> str:
    """JSON to put inside a <script> element: `<`, `>` and `&` escaped, so no '</script>' or
    '<!--' ends it early, and U+2028/U+2029 escaped for older JavaScript parsers."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
