"""Content made safe for each output syntax.

HTML: every piece of HTML made from content (editors' Markdown, inline Markdown in YAML fields,
imported abstracts) goes through `clean_html`, one function with one allow-list, through nh3
(Ammonia). nh3 does not say what it removed, so `clean_html` compares the elements and attributes
of its input and output; `removal_problems` turns each removal into a warning at the line of the
editor's text that holds it. `markdown_html` does both for a Markdown text: use it for any new
place where content's Markdown becomes HTML.

The other exports (XML, JSON in a <script>, iCalendar) get the smaller helpers below, applied
where each is written, whatever validation let through.
"""

from __future__ import annotations

import bisect
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

from .links import start_tags
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


def _take(counter: Counter[str], value: str) -> bool:
    if counter[value] > 0:
        counter[value] -= 1
        return True
    return False


_END_TAG = re.compile(r"</[a-zA-Z][^\t\n\r\f />\x00]*\s*>")


def _plain_inventory(markup: str) -> tuple[Counter[str], Counter[tuple[str, str]]] | None:
    """The counts of `_Inventory`, read with the link checker's quick reading of start tags; None
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


# Python-Markdown looks for the end of a link or an HTML tag from each '[' and '<' of a paragraph,
# so their work grows with the square of their number: a few kilobytes of '[' took minutes. A
# paragraph (or table) may hold this many of each, far more than any text needs.
MAX_OPENERS = 200


def markdown_html(converter: markdown.Markdown, source: str, where: Where) -> tuple[str, list[Problem]]:
    """An editor's Markdown (a text file's body, a field, an imported abstract) starting at `where`,
    as sanitised HTML, and a warning for each thing the sanitiser removed. A text too intricate to
    convert safely is an error at its place instead (and gives no HTML)."""
    refused = _too_intricate(source, where) or _too_much_unfinished_html(source, where)
    if refused:
        return "", refused
    converter.reset()
    try:
        converted = converter.convert(source)
    except RecursionError:
        return "", [Problem(where, "this text nests lists or quotes too deeply to be read",
                            "use at most a few levels of lists inside lists, or of '>' quotes")]
    cleaned = clean_html(_ALIGNED.sub(r'style="text-align:\1"', converted))
    return cleaned.html, removal_problems(cleaned.removed, source, where)


# A table column's alignment as Python-Markdown writes it, and as nh3 rewrites it: written the
# second way from the start, a text with a table comes out of nh3 unchanged, which spares
# `clean_html` its comparison of what went in and what came out.
_ALIGNED = re.compile(r'style="text-align: (left|right|center);"')


# Each escape, entity, code span, emphasis or line break Python-Markdown finds in a piece of text
# (a paragraph, a list item, a table row, a heading) makes it copy the rest of the piece (about 3
# ns a character here, at worst): their number times the piece's length, summed over a text, stays
# under this (about 6 s at the very worst; 100 KB of '\*' in one paragraph took 25 s, and a
# megabyte of them would take hours). A list of 3,000 emphasised items or a table of 2,500 rows
# are far below it; a fenced code block counts nothing.
MAX_INLINE_WORK = 4_000_000_000
_INLINE_MARKS = ("\\", "&", "`", "*", "_")  # and a line ending in two spaces
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s")
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")  # |---|:--:| under a table's head
_FENCE = re.compile(r"\s*(```|~~~)")


def _inline_work(source: str, first_line: int) -> tuple[int, int, int]:
    """What the inline patterns cost a text (`MAX_INLINE_WORK`), and the line and number of marks
    of its costliest piece. A block between empty lines is one piece, unless Python-Markdown makes
    it a list (it starts with an item: each item a piece) or a table (a rule under its first line:
    each row); a heading is a piece of its own; a fenced code block is none."""
    total, heaviest = 0, (0, first_line, 0)
    block: list[tuple[int, str]] = []
    fence = ""

    def pieces(block: list[tuple[int, str]]) -> None:
        nonlocal total, heaviest
        is_list = bool(block) and _LIST_ITEM.match(block[0][1]) is not None
        is_table = len(block) > 1 and "|" in block[0][1] and _TABLE_RULE.match(block[1][1]) is not None
        marks = length = 0
        start = block[0][0] if block else first_line
        for number, line in [*block, (0, "")]:  # (a last empty line ends the last piece)
            if not line or line.lstrip().startswith("#") or is_table or (is_list and _LIST_ITEM.match(line)):
                total += marks * length
                heaviest = max(heaviest, (marks * length, start, marks))
                marks = length = 0
                start = number
            marks += sum(map(line.count, _INLINE_MARKS)) + line.endswith("  ")
            length += len(line) + 1

    for number, line in enumerate(source.split("\n"), first_line):
        opened = _FENCE.match(line)
        if fence:  # inside a fenced code block, until its closing fence
            if opened and opened.group(1) == fence:
                fence = ""
            continue
        if opened or not line.strip():
            pieces(block)
            block = []
            fence = opened.group(1) if opened else ""
            continue
        block.append((number, line))
    pieces(block)
    return total, heaviest[1], heaviest[2]


def _too_intricate(source: str, where: Where) -> list[Problem]:
    line = where.line or 1
    for paragraph in re.split(r"(\n[ \t]*\n)", source):
        if not paragraph.strip("\n \t"):
            line += paragraph.count("\n")
            continue
        for opener in "[<":
            count = paragraph.count(opener) - paragraph.count("\\" + opener)
            if count > MAX_OPENERS:
                return [Problem(Where(where.path, line, 1),
                                f"this paragraph holds {count} '{opener}' characters, more than the "
                                f"{MAX_OPENERS} a paragraph may hold",
                                f"split it into several paragraphs, or write '\\{opener}' for a '{opener}' "
                                "that opens no link or tag")]
        line += paragraph.count("\n")
    # all the text's marks times its whole length bound the sum: most texts stop here (5 KB: 7 µs)
    if (sum(map(source.count, _INLINE_MARKS)) + source.count("  \n")) * len(source) <= MAX_INLINE_WORK:
        return []
    work, heaviest, marks = _inline_work(source, where.line or 1)
    if work > MAX_INLINE_WORK:
        return [Problem(Where(where.path, heaviest, 1),
                        f"this paragraph is too long for the {marks} formatting marks it holds "
                        "(\\ & ` * _ and line breaks): reading the text would take too long",
                        "split it into several shorter paragraphs, with an empty line between them")]
    return []


# Python-Markdown reads a whole text's raw HTML with html.parser, which (in Python 3.11) reads on
# from each '<' that starts no finished tag as far as the rest of the text lets it, once per such
# '<' (48 KB of 'x <b' took 17 s); and nh3 (html5ever) nests what follows inside each element left
# open, and walks that depth for each later element (240 KB of 'x <b>' took 12 s). Either way each
# costs work over the rest of the text however it is split into paragraphs, so a longer text may
# hold fewer: their number times the text's length stays under these (about a second at worst).
MAX_UNFINISHED_TAGS_WORK = 4_000_000  # a 1 MB text may hold 4, a 40 KB one 100
MAX_OPEN_ELEMENTS_WORK = 200_000_000  # html5ever's walk is far faster: 200 in 1 MB, 5,000 in 40 KB

# A '<' html.parser reads as the start of markup (as Python-Markdown patches it).
_MARKUP_OPENER = re.compile(r"<(?:[a-zA-Z]|/[a-zA-Z]|[!?])")
# A start tag read to its '>' as html.parser would (stricter: no '<' or stray quote inside), found
# without reading past the next '<'.
_FINISHED_START = re.compile(r"""<[a-zA-Z][^\s/>`<'"=\x00]*(?:[\s/]+[^\s/>=`<'"][^\s/>=<'"]*"""
                             r"""(?:\s*=\s*(?:"[^"<]*"|'[^'<]*'|[^\s>`<'"=]+))?)*[\s/]*>""")
_VALUE_QUOTE = re.compile(r"""=\s*['"]""")  # where html.parser may read on past a '>'
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")  # an element html5ever knows (not an autolink)
_CDATA_END = re.compile(r"]\s*]\s*>")
# Elements html5ever closes by itself (void ones, and those the next of their kind or their parent's end closes)
_SELF_CLOSED = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "option",
    "optgroup", "rb", "rt", "rtc", "rp",
})


def _too_much_unfinished_html(source: str, where: Where) -> list[Problem]:
    unfinished, left_open = _unfinished_html(source)
    for found, work, message, hint in [
        (unfinished, MAX_UNFINISHED_TAGS_WORK, "'<' that start an HTML tag without finishing it with its '>'",
         "write '&lt;' for a '<' that starts no HTML tag, and end each tag you mean with '>'"),
        (left_open, MAX_OPEN_ELEMENTS_WORK, "HTML elements that are never closed by their end tag",
         "end each HTML element you open, like <b>…</b>, or write '&lt;' for a '<' that starts no HTML tag"),
    ]:
        allowed = work // max(len(source), 1)
        if len(found) > allowed:
            first = found[0]
            line = (where.line or 1) + source.count("\n", 0, first)
            column = first - (source.rfind("\n", 0, first) + 1) + 1
            return [Problem(Where(where.path, line, column),
                            f"this text holds {len(found)} {message}, more than the {allowed} a text of this "
                            "length may hold (the first is here)", f"{hint}; or split the text into shorter ones")]
    return []


def _unfinished_html(source: str) -> tuple[list[int], list[int]]:
    """Where the '<' of `source` start markup that html.parser would read on from past its end
    (that does not finish it), and where they start elements with no end tag after them; in order.
    Linear: nothing here reads past the next '<', the next '>' or the end of the text."""
    greater = [m.start() for m in re.finditer(">", source)]
    quotes = [m.start() for m in _VALUE_QUOTE.finditer(source)]
    last_greater = greater[-1] if greater else -1
    last_pi, last_cdata = source.rfind("?>"), max((m.start() for m in _CDATA_END.finditer(source)), default=-1)
    unfinished: list[int] = []
    open_elements: defaultdict[str, list[int]] = defaultdict(list)
    for m in _MARKUP_OPENER.finditer(source):
        at = m.start()
        second = source[at + 1]
        if second == "?":
            finished = last_pi > at
        elif second == "!":
            if source.startswith("<!--", at):
                continue  # Python-Markdown remembers a comment's missing end: no work per '<!--'
            finished = (last_cdata if source.startswith("<![CDATA[", at) else last_greater) > at
        elif second == "/":
            finished = last_greater > at
            name = _TAG_NAME.match(source, at)
            if finished and name and open_elements[name.group(1).lower()]:
                open_elements[name.group(1).lower()].pop()
        else:
            finished = _FINISHED_START.match(source, at) is not None
            if not finished:
                # with no quoted value on the way, html.parser cannot read past the next '>'
                following = bisect.bisect_left(greater, at)
                quote = bisect.bisect_left(quotes, at)
                finished = following < len(greater) and (quote == len(quotes) or quotes[quote] > greater[following])
            name = _TAG_NAME.match(source, at)
            if finished and name and name.group(1).lower() not in _SELF_CLOSED:
                open_elements[name.group(1).lower()].append(at)
        if not finished:
            unfinished.append(at)
    return unfinished, sorted(at for ats in open_elements.values() for at in ats)


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
