"""Markdown texts too costly to convert, refused before conversion.

Python-Markdown and nh3 take time that grows with the square of some patterns' number in a text:
many '[' or '<' in a paragraph, many escapes or code spans in one long paragraph, many headings or
rules with no empty line between them, many tags left unfinished or unclosed over a whole text.
An editor's text (or an imported abstract) holding kilobytes of them would stop the build for
minutes with nothing to say why. `refusals` measures each, in time linear in the text, and returns
an error at the first place that passes a limit; the limits sit far above what any real text holds.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from .problems import Problem, Where


def refusals(source: str, where: Where) -> list[Problem]:
    """An error for a Markdown text starting at `where` that is too intricate to convert in
    reasonable time (at its first costly place), or nothing."""
    return _too_intricate(source, where) or _too_many_splits(source, where) or _too_much_unfinished_html(source, where)


# Python-Markdown looks for the end of a link or an HTML tag from each '[' and '<' of a paragraph,
# so their work grows with the square of their number: a few kilobytes of '[' took minutes. A
# paragraph (or table) may hold this many of each, far more than any text needs.
MAX_OPENERS = 200


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
    # a paragraph holds no more openers than the whole text: most texts hold too few to look further
    few = source.count("[") <= MAX_OPENERS and source.count("<") <= MAX_OPENERS
    for paragraph in () if few else re.split(r"(\n[ \t]*\n)", source):
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


# Python-Markdown takes a heading ('# Goals', or a line underlined with '=' or '-') or a rule ('---', '***')
# off the front of the block it is in (its lines up to an empty line), and hands the rest of the
# block to its block readers again, each of which reads all of it once more (the tables' reader
# splits it into lines, the headings' searches it for a '#'): the work grows with the number of such
# lines times the block's length. 16 KB of '# a' lines took 0.9 s, 24 KB of 'a' and '***' lines
# 3 s, 160 KB of 'a' and '=' lines 3 minutes. Each such line costs the rest of its block, about
# 30 ns a character and 200 ns a line at worst (a line counts as 8 characters here): summed over a
# text, this stays under this (about 0.3 s at the very worst). A page of 200 headings and 1,000
# short lines without one empty line is far below it.
MAX_SPLIT_WORK = 10_000_000
SPLIT_LINE_WORK = 8  # what a line of the rest costs, in characters
# A line that may be a heading or a rule, wherever it is (in a quote, a list item or a code block: a
# few lines too many count), or an empty one, which ends a block (as Python-Markdown reads them).
_SPLITTER = re.compile(r"^[ \t>]*(?:#|[-=*_][-=*_ \t]*$)", re.MULTILINE)
_NEXT_SPLITTER = re.compile(r"\n[ \t>]*(?=#|[-=*_][-=*_ \t]*$)", re.MULTILINE)  # (found 5 times faster)
_EMPTY = re.compile(r"[ \t]*")


def _too_many_splits(source: str, where: Where) -> list[Problem]:
    if "\r" in source:  # (Python-Markdown reads \r\n and \r as line breaks)
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    splitters = len(_NEXT_SPLITTER.findall(source)) + (_SPLITTER.match(source) is not None)
    # each such line costs at most the whole text (as counted below: every line and its line break,
    # and the last block's closing empty line): most texts stop here (4 KB: 10 µs)
    lines = source.count("\n") + 2
    if splitters * (SPLIT_LINE_WORK * lines + len(source) + lines) <= MAX_SPLIT_WORK:
        return []
    total, heaviest = 0, (0, 0, 0, 0)  # work, first line, lines, splitting lines of the costliest block
    # (a block: lines with no empty line between them)
    block: list[str] = []
    start = where.line or 1
    for number, line in enumerate([*source.split("\n"), ""], where.line or 1):  # (an empty line ends the last)
        if not _EMPTY.fullmatch(line):
            if not block:
                start = number
            block.append(line)
            continue
        rest_lines, rest_characters, work, splits = len(block), sum(map(len, block)) + len(block), 0, 0
        for text in block:
            if _SPLITTER.match(text):
                work += SPLIT_LINE_WORK * rest_lines + rest_characters
                splits += 1
            rest_lines -= 1
            rest_characters -= len(text) + 1
        total += work
        heaviest = max(heaviest, (work, start, len(block), splits))
        block = []
    if total <= MAX_SPLIT_WORK:
        return []
    _, line, lines, splits = heaviest
    return [Problem(Where(where.path, line, 1),
                    f"these {lines} lines hold {splits} headings or rules with no empty line between them: "
                    "reading the text would take too long",
                    "put an empty line before and after each heading and each rule (---)")]


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
    if "<" not in source:
        return [], []  # (most texts: every place looked for starts at a '<')
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
