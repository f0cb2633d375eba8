"""The Markdown converter of a build: Python-Markdown with the extensions the editors' guide
describes, and an inline stage that skips the patterns a text cannot match.

Python-Markdown applies each of its inline patterns (links, emphasis, code, entities...) to each
piece of text in turn, a Python call and a regular-expression search per pattern and piece, even
when the piece holds none of the characters the pattern starts with; that was about a third of
its time on ordinary prose. Each stock pattern needs a character (or, for a hard line break, two
spaces and a newline) that its every match contains, so a piece without it is passed over, as
the stock loop would after finding nothing: the HTML is the same, byte for byte
(tests/test_converter.py compares the two on the editors' guide and on generated texts). A pattern
this module does not know, or whose expression is not the one it knows, is always applied.

Two smaller savings of the same kind, each giving the stock HTML: "is this tag a block?" (asked
150 times for a page of prose) looks in a set, not the stock list; and the attribute lists'
stage, which walks the whole tree looking for `{...}`, is skipped for a text without a `{`.

The same for the block stage: the parser asks each block processor in turn whether a block is its
kind, so a paragraph of prose goes through every one's search (headings, quotes, rules, tables,
link references) before it is found to be a paragraph. Each of those needs a character a block
without it cannot hold ('#', '>', '|'...), and is passed over for such a block (`BLOCK_NEEDS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import markdown
from markdown import util
from markdown.blockprocessors import (
    BlockProcessor,
    BlockQuoteProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ReferenceProcessor,
    SetextHeaderProcessor,
)
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace, Preprocessor
from markdown.treeprocessors import InlineProcessor, UnescapeTreeprocessor

EXTENSIONS = ("attr_list", "tables", "sane_lists")

# Each stock pattern's expression, and the strings one of which its every match holds.
NEEDS: dict[str, tuple[str, frozenset[str]]] = {
    "backtick": (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", frozenset("`")),
    "escape": (r"\\(.)", frozenset("\\")),
    "reference": (r"(?<!\!)\[", frozenset("[")),
    "link": (r"(?<!\!)\[", frozenset("[")),
    "image_link": (r"\!\[", frozenset("[")),
    "image_reference": (r"\!\[", frozenset("[")),
    "short_reference": (r"(?<!\!)\[", frozenset("[")),
    "short_image_ref": (r"\!\[", frozenset("[")),
    "autolink": (r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", frozenset("<")),
    "automail": (r"<([^<> !]+@[^@<> ]+)>", frozenset("<")),
    "linebreak": (r"  \n", frozenset({"  \n"})),
    "entity": (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", frozenset("&")),
    "em_strong": (r"\*|_", frozenset("*_")),
}
NEEDS_HTML = frozenset("<")  # the raw HTML pattern's long expression starts with '<' in every branch
KEYS = tuple(sorted(set().union(*(needs for _, needs in NEEDS.values()), NEEDS_HTML)))


def markdown_converter() -> markdown.Markdown:
    """A converter for editors' Markdown; `reset()` it before each text."""
    converter = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    converter.treeprocessors.register(_Inline(converter), "inline", 20)  # the stock one's name and place
    attributes = _AttrList(converter)
    converter.treeprocessors.register(attributes, "attr_list", 8)
    converter.preprocessors.register(_Braces(converter, attributes), "braces", 1000)  # before all others
    _quick_blocks(converter)
    if type(converter.parser.blockprocessors) is util.Registry:
        converter.parser.blockprocessors.__class__ = _ListedRegistry  # (the same registry, listed once)
    _quick_stages(converter)
    blocks = frozenset(converter.block_level_elements)  # the extensions have added theirs by now
    converter.is_block_level = lambda tag: isinstance(tag, str) and tag.lower().rstrip("/") in blocks  # type: ignore[method-assign]
    return converter


# Block processors whose `test` (or, for link references, `run`) finds nothing in a block without
# one of these strings, with the expression (or, for tables, the border's) they are known by: the
# block parser asks each processor in turn of every block, and a paragraph of prose reaches the
# last one, so most of these searches run over every paragraph and find nothing. (A rule is a line
# that starts with one of its marks after at most three spaces: its strings are looked for in the
# block after a line break, so that the first line counts too.)
BLOCK_NEEDS: dict[str, tuple[type[BlockProcessor], str, str, tuple[str, ...]]] = {
    "table": (TableProcessor, "RE_END_BORDER", r"(?<!\\)(?:\\\\)*\|$", ("|",)),
    "hashheader": (HashHeaderProcessor, "RE",
                   r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)", ("#",)),
    "setextheader": (SetextHeaderProcessor, "RE", r"^.*?\n(?:=+|-+)[ ]*(\n|$)", ("\n=", "\n-")),
    "hr": (HRProcessor, "SEARCH_RE", r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|"
           r"(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$", ("\n-", "\n_", "\n*", "\n ")),
    "quote": (BlockQuoteProcessor, "RE", r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    "reference": (ReferenceProcessor, "RE", r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
                  "(([\"\\'])" r"(.*)\4[ ]*|\((.*)\)[ ]*)?$", ("]:",)),
}


def _quick_blocks(converter: markdown.Markdown) -> None:
    """Each stock block processor of `BLOCK_NEEDS` passes over a block that holds none of its
    strings, saying what the stock one would have said: not its kind (a link reference's `run`
    gives the block back and returns False). One whose class or expression is not the known one
    is left as it is."""
    processors = converter.parser.blockprocessors
    for name, (kind, attribute, expression, needs) in BLOCK_NEEDS.items():
        if name not in processors:
            continue
        processor = processors[name]
        if type(processor) is not kind or getattr(getattr(processor, attribute, None), "pattern", None) != expression:
            continue
        if kind is ReferenceProcessor:
            processor.run = _run_if(processor.run, *needs)  # type: ignore[method-assign]
        elif kind is HRProcessor:
            processor.test = _test_if_line_starts(processor.test, *needs)  # type: ignore[method-assign]
        else:
            processor.test = _test_if(processor.test, *needs)  # type: ignore[method-assign]


# `stock` (a processor's `test` or `run`), asked only of a block that holds one of the strings: each
# written out for its number of strings, as they are asked of every block.

def _run_if(stock: Callable[[Any, list[str]], Any], need: str) -> Callable[[Any, list[str]], Any]:
    return lambda parent, blocks: need in blocks[0] and stock(parent, blocks)


def _test_if(stock: Callable[[Any, str], bool], need: str, other: str = "") -> Callable[[Any, str], bool]:
    if not other:
        return lambda parent, block: need in block and stock(parent, block)
    return lambda parent, block: (need in block or other in block) and stock(parent, block)


def _test_if_line_starts(stock: Callable[[Any, str], bool], *needs: str) -> Callable[[Any, str], bool]:
    a, b, c, d = needs

    def test(parent: Any, block: str) -> bool:
        text = "\n" + block
        return (a in text or b in text or c in text or d in text) and stock(parent, block)
    return test


class _ListedRegistry(util.Registry):  # type: ignore[type-arg]
    """Python-Markdown's registry, whose items in order are listed once, and again after a change:
    the block parser asks for them for each block (100,000 times a build), and the stock registry
    lists them each time."""

    _listed: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        if self._listed is None:
            self._listed = list(super().__iter__())
        return iter(self._listed)

    def register(self, item: Any, name: str, priority: float) -> None:
        self._listed = None
        super().register(item, name, priority)

    def deregister(self, name: str, strict: bool = True) -> None:
        self._listed = None
        super().deregister(name, strict)


def _quick_stages(converter: markdown.Markdown) -> None:
    """Three stock stages that a text without the characters they look for passes through
    unchanged, passed over for such a text (each of the stock class only):

    - the white space's last substitution, which takes the spaces off a line of spaces alone, needs
      a space before a line break (`_normal_white_space`);
    - the raw HTML's stage reads the whole text with html.parser, and gives it back as it was when
      it holds no '<' (no tag, comment or declaration) and no '&' (a reference it would rewrite,
      '&amp' as '&amp;');
    - the last stage puts back the characters written with a backslash, kept as STX, their number
      and ETX: a text without STX holds none."""
    whitespace = converter.preprocessors["normalize_whitespace"]
    if type(whitespace) is NormalizeWhitespace:
        whitespace.run = lambda lines: _normal_white_space(lines, converter.tab_length)  # type: ignore[method-assign]
    html = converter.preprocessors["html_block"]
    if type(html) is HtmlBlockPreprocessor:
        html.run = _html_if_any(html.run)  # type: ignore[method-assign]
    unescape = converter.treeprocessors["unescape"]
    if type(unescape) is UnescapeTreeprocessor:
        stock = unescape.unescape
        unescape.unescape = lambda text: stock(text) if util.STX in text else text  # type: ignore[method-assign]


_SPACES_ALONE = re.compile(r"(?<=\n) +\n")


def _normal_white_space(lines: list[str], tab_length: int) -> list[str]:
    """Python-Markdown's `NormalizeWhitespace.run`, without its last substitution for a text with
    no space before a line break (most texts): every match ends with one."""
    source = "\n".join(lines)
    source = source.replace(util.STX, "").replace(util.ETX, "")
    source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    source = source.expandtabs(tab_length)
    if " \n" in source:
        source = _SPACES_ALONE.sub("\n", source)
    return source.split("\n")


def _html_if_any(stock: Any) -> Any:
    """The raw HTML stage's `run`, for a text that holds a '<' or a '&'."""
    def run(lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        return stock(lines) if "<" in source or "&" in source else source.split("\n")
    return run


class _AttrList(AttrListTreeprocessor):
    """The attribute lists' stage, skipped when the text holds no `{`: each of its expressions
    needs one, and no stage before it makes one the text did not have."""

    braces = True

    def run(self, doc):  # type: ignore[no-untyped-def]
        if self.braces:
            super().run(doc)


class _Braces(Preprocessor):
    """Tells the attribute lists' stage whether the text holds a `{` (it reads the text first)."""

    def __init__(self, md: markdown.Markdown, attributes: _AttrList) -> None:
        super().__init__(md)
        self.attributes = attributes

    def run(self, lines: list[str]) -> list[str]:
        self.attributes.braces = any("{" in line for line in lines)
        return lines


def _held(data: str) -> frozenset[str]:
    """The strings of `KEYS` that `data` holds."""
    return frozenset([key for key in KEYS if key in data])


def _needs(name: str, pattern: object) -> frozenset[str] | None:
    """The strings one of which a match of `pattern` must hold, or None when it is not a stock pattern."""
    if not isinstance(pattern, InlinePattern):
        return None
    expression = pattern.compiled_re.pattern
    if name == "html" and expression.startswith("(<"):
        return NEEDS_HTML
    known = NEEDS.get(name)
    return known[1] if known is not None and known[0] == expression else None


class _Inline(InlineProcessor):
    """Python-Markdown's inline stage, passing over a pattern when the text cannot hold a match."""

    def run(self, tree, ancestors=None):  # type: ignore[no-untyped-def]
        patterns = list(self.inlinePatterns)  # in the order of their priority (the registry sorts them)
        if [pattern for pattern, _ in getattr(self, "_table", ())] != patterns:  # (the same from text to text)
            names = [item.name for item in self.inlinePatterns._priority]
            self._table = [(pattern, _needs(name, pattern)) for name, pattern in zip(names, patterns, strict=True)]
            self._onwards: dict[frozenset[str], tuple[int, ...]] = {}
        return super().run(tree, ancestors)

    def _applied(self, present: frozenset[str]) -> tuple[int, ...]:
        """For each pattern's place, the place of the first pattern from there on that a text
        holding the strings `present` may match (the number of patterns when none may): the loop
        goes from one such pattern to the next, not through all of them (a few kinds of text recur,
        so this is worked out once for each)."""
        found = self._onwards.get(present)
        if found is None:
            onwards, following = [], len(self._table)
            for index in range(len(self._table) - 1, -1, -1):
                needs = self._table[index][1]
                if needs is None or not present.isdisjoint(needs):
                    following = index
                onwards.append(following)
            found = self._onwards[present] = (*reversed(onwards), len(self._table))
        return found

    # Python-Markdown's private `__handleInline`, which its pattern loop calls back by this name.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        table, count = self._table, len(self._table)
        if patternIndex >= count:
            return data
        onwards = self._applied(_held(data))
        index = onwards[patternIndex]
        start = 0
        while index < count:
            data, matched, start = apply(table[index][0], data, index, start)
            if matched:  # the same pattern again from where it matched, if the text may still hold one
                onwards = self._applied(_held(data))
                if onwards[index] != index:
                    index, start = onwards[index], 0  # what the stock loop does when it finds nothing
            else:
                index = onwards[index + 1]
        return data
