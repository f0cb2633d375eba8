"""Documents with source positions: editors' text (bytes already read) turned into values that
remember the file, line and column they came from.

YAML goes through the safe loader only; the composed node tree is turned into plain values by hand
so that duplicate keys, which PyYAML silently resolves to the last one, become problems, and so
that every key and value keeps its place for the messages of the validate stage. Anchors, aliases,
tags, complex and merge keys and deep nesting are refused from the parser's events, before any
value is built. No disk here: `load` reads the files and hands their text over. A syntax error
is put in an editor's words by `yaml_mistakes`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import yaml

from .problems import Problem, Where
from .yaml_mistakes import mark_where, reader_problem, syntax_problem

try:  # the C loader is much faster; it exists when PyYAML was built with libyaml
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_SCALARS = yaml.constructor.SafeConstructor()


class YamlMap(dict):
    """A mapping from a YAML file; `.where` is its own place, `.key_where`/`.value_where` its entries';
    `.flow`: written in braces, {en: …, ro: …}."""

    where: Where
    key_where: dict[Any, Where]
    value_where: dict[Any, Where]
    flow: bool = False
    # a key YAML reads as something else than a text (2030-05-12, 10:30, on, ~): as it was written
    written_keys: Mapping[Any, str] = MappingProxyType({})


class YamlList(list):
    """A sequence from a YAML file; `.where` is its own place, `.item_where` its items'."""

    where: Where
    item_where: list[Where]


@dataclasses.dataclass(frozen=True)
class Document:
    """One source file: its data (YamlMap, or Markdown text) and its place."""

    path: str  # relative to the project, with forward slashes, as shown to editors
    data: Any
    text: str = ""


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")}


def _convert(node: yaml.Node, path: str, problems: list[Problem], item: bool = False) -> Any:
    """A node's value, with where each part was written; `item`: the node is an item of a list."""
    if isinstance(node, yaml.MappingNode):  # tags, anchors and complex keys were refused before
        result = YamlMap()
        result.where = mark_where(path, node.start_mark)
        result.key_where, result.value_where = {}, {}
        result.flow = bool(node.flow_style)
        repeated: list[tuple[Any, Where]] = []
        for key_node, value_node in node.value:
            key = _convert(key_node, path, problems)
            if key in result:
                repeated.append((key, mark_where(path, key_node.start_mark)))
                continue
            result[key] = _convert(value_node, path, problems)
            if not isinstance(key, str):
                result.written_keys = {**result.written_keys, key: str(key_node.value)}
            result.key_where[key] = mark_where(path, key_node.start_mark)
            result.value_where[key] = mark_where(path, value_node.start_mark)
        if item and len(repeated) > 1:  # a list item that lost its '- ' repeats every field: one mistake
            (key, where), more = repeated[0], repeated[1:]
            problems.append(Problem(
                where, f"duplicate key {key!r} (first given on line {result.key_where[key].line}), and "
                f"{len(more)} more below it ({', '.join(repr(k) for k, _ in more)})",
                "if the next item of the list starts on this line, begin it with '- '; otherwise remove or "
                "rename the repeated fields: YAML would silently keep only the last of each"))
            return result
        for key, where in repeated:
            problems.append(Problem(
                where, f"duplicate key {key!r} (first given on line {result.key_where[key].line})",
                "YAML would silently keep only the last one: remove or rename one of them"
                + ("; or, if the next item of the list starts on this line, begin it with '- '" if item else ""),
            ))
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YamlList()
        items.where = mark_where(path, node.start_mark)
        items.item_where = []
        for item in node.value:
            items.append(_convert(item, path, problems, item=True))
            items.item_where.append(mark_where(path, item.start_mark))
        return items
    try:
        return _SCALARS.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError):
        # e.g. 2030-02-30 looks like a date but is none: keep the text, validation says what is wrong
        return str(node.value)


SAVE_AS_UTF8 = "in your editor, save it again choosing the encoding 'UTF-8'"


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 with or without a byte-order mark, any line endings."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _utf16(raw):  # (without its byte-order mark, it may read as UTF-8 with a NUL every other byte)
        return None, [Problem(Where(path, 1), "this file is not saved as UTF-8 text: it is saved as UTF-16 "
                              "(called 'Unicode' by some editors)", SAVE_AS_UTF8)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(Where(path, line), "this file is not saved as UTF-8 text", SAVE_AS_UTF8)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _utf16(raw: bytes) -> bool:
    """Whether bytes look like UTF-16: its byte-order mark, or a NUL in every other byte of the first
    ones (the Latin letters and digits of YAML and Markdown)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    start = raw[:400]
    return len(start) >= 4 and max(start[0::2].count(0), start[1::2].count(0)) >= len(start) // 4


MAX_DEPTH = 20  # blocks inside blocks: an edition needs about 6
MAX_REFUSALS = 20  # what a file's YAML refuses, shown before the rest is only counted as "more"


def _fault(path: str, mark: yaml.Mark, message: str, hint: str) -> Problem:
    return Problem(mark_where(path, mark), message, hint)


def _is_explicit_key(text_lines: list[str], mark: yaml.Mark) -> bool:
    line = text_lines[mark.line] if mark.line < len(text_lines) else ""
    return line[: mark.column].rstrip().endswith("?")


def _refusals(text: str, path: str) -> list[Problem]:
    """What this site refuses in YAML, found from the parser's events before any value is built:
    anchors and aliases (an alias bomb is refused at its first anchor, before it can expand),
    tags, complex and merge keys, and nesting deeper than MAX_DEPTH. Raises YAMLError on bad syntax."""
    problems: list[Problem] = []
    lines = text.split("\n")
    stack: list[list[int]] = []  # per open block: [is a mapping, events seen in it]
    for event in yaml.parse(text, Loader=_Loader):
        if len(problems) > MAX_REFUSALS:  # enough to show the pattern; the rest would be noise
            more = problems[MAX_REFUSALS].where
            del problems[MAX_REFUSALS:]
            problems.append(Problem(more, f"more of these follow from here: the check stops reading the file after "
                                    f"{MAX_REFUSALS}", "fix the ones above (often one pattern, repeated), then check "
                                    "again"))
            break
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        is_key = bool(stack) and stack[-1][0] == 1 and stack[-1][1] % 2 == 0
        if stack:
            stack[-1][1] += 1
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            problems.append(_fault(path, mark, f"the alias '*{event.anchor}' repeats a value written elsewhere",
                                   "this site refuses YAML aliases: write the value out in full here"))
            continue
        if event.anchor:
            problems.append(_fault(path, mark, f"the anchor '&{event.anchor}' is not allowed",
                                   f"remove '&{event.anchor}': this site refuses YAML anchors and aliases, "
                                   "so write each value out in full where it is used"))
        tag = getattr(event, "tag", None)
        if tag and tag not in _PLAIN_TAGS:
            problems.append(_fault(path, mark, f"the YAML tag {tag!r} is not allowed here",
                                   "remove the '!' tag: content files hold plain text, numbers, dates and lists"))
        if is_key and isinstance(event, yaml.CollectionStartEvent):
            problems.append(_fault(path, mark, "a list or a block cannot be a key",
                                   "a key is one plain word before the colon, like 'title:'"))
        elif is_key and _is_explicit_key(lines, mark):
            problems.append(_fault(path, mark, "the '? ' form of a key is not used here",
                                   "write the key as one plain word followed by a colon, like 'title:'"))
        elif is_key and isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
            problems.append(_fault(path, mark, "merge keys ('<<') are not supported",
                                   "write the fields out in full"))
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([int(isinstance(event, yaml.MappingStartEvent)), 0])
            if len(stack) > MAX_DEPTH:
                problems.append(_fault(path, mark, f"blocks are nested more than {MAX_DEPTH} levels deep here",
                                       "no field of this site needs so many levels: check the indentation "
                                       "and the brackets"))
                break
    return problems


# The last parse of each file, by path (its text, what it holds, its problems).
Parses = dict[str, tuple[str, Any, tuple[Problem, ...]]]
_kept: Parses | None = None  # where parses are kept now (`parses_kept`), if anywhere


@contextlib.contextmanager
def parses_kept(parses: Parses) -> Iterator[None]:
    """Keep each file's parse in `parses` until the block ends, and parse a file again only when
    its text changed: the live preview loads the whole site after every save, and keeps one
    `Parses` as long as it runs. What a parse gives is never changed by the stages that read it,
    so it is shared. A build keeps none: each YAML tree is freed once validate has read its file
    (`parsed`)."""
    global _kept
    outer, _kept = _kept, parses
    try:
        yield
    finally:
        _kept = outer


def parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    """The mapping a YAML file holds (with places), or None and the problems that stop it."""
    kept = _kept
    if kept is None:
        return _parse_yaml(text, path)
    last = kept.get(path)
    if last is not None and last[0] == text:
        return last[1], list(last[2])
    data, problems = _parse_yaml(text, path)
    kept[path] = (text, data, tuple(problems))
    return data, problems


def _parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    try:
        problems = _refusals(text, path)
        if problems:  # never compose a document with anchors, aliases or deep nesting
            return None, problems
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(error, text, path)]
    except yaml.reader.ReaderError as error:
        return None, [reader_problem(error, text, path)]
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error is one of the above
        return None, [Problem(Where(path, 1, 1), f"YAML error: {error}", "check this file's syntax")]
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        # reported once; the file is then left out, so no field is "missing" too
        return None, [Problem(Where(path, 1, 1), EMPTY, "fill it in: every site needs it (docs/editors-guide.md "
                              "shows every field)" if path == "site.yaml" else
                              "fill it in, or delete it (docs/editors-guide.md shows every field)")]
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(mark_where(path, node.start_mark), "this file must hold 'field: value' lines",
                              "start each line with a field's name and a colon, like 'title: …'")]
    problems = []
    try:
        return _convert(node, path, problems), problems
    finally:  # PyYAML's constructor remembers every node it built (with its marks): forget this file's
        _SCALARS.constructed_objects.clear()
        _SCALARS.recursive_objects.clear()


EMPTY = "this file is empty"


def may_hold(text: str, *words: str) -> bool:
    """Whether a YAML text may hold one of `words` in its values: it says one, or it writes an
    escape ("\\x61" is "a"), which a search of the text cannot see through. The checks that look
    into a few files parse only those."""
    return "\\" in text or any(word in text for word in words)


def parsed(document: Document, problems: list[Problem]) -> Document | None:
    """A YAML file's document with what it holds (load gives its text only), or None when the
    problems it appends stop it."""
    data, found = parse_yaml(document.text, document.path)
    problems.extend(found)
    return Document(document.path, data, document.text) if data is not None else None


def markdown_body(text: str) -> str:
    """A Markdown text as a value: the blank lines at its end say nothing (Markdown drops them), so
    it ends in one newline whatever the file ended in. A save that only adds or removes them then
    gives the same value, and makes nothing again. An empty text stays empty."""
    return text.rstrip("\n") + "\n" if text else text


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_OPENING = re.compile(r"---[ \t]*(?:\n|\Z)")


def split_front_matter(text: str, path: str) -> tuple[Any, str, int, list[Problem]]:
    """Markdown with an optional '---' YAML header: (header data, body, body's first line)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if _OPENING.match(text):  # read as a page without a header, it was told its title is missing
            return YamlMap(), text, 1, [Problem(
                Where(path, 1, 1), "the header that starts on this line is not closed",
                "add a line of three dashes, '---', after the header's last field (title: …) and before the "
                "page's text")]
        return YamlMap(), text, 1, []
    header_text = match.group(1) or ""
    # parse the header in place, so its line numbers are the file's own
    data, problems = parse_yaml("\n" + header_text, path)
    if data is None:  # broken or empty: its own problems (an empty header is none), then no fields
        problems = [p for p in problems if p.message != EMPTY]
        data = YamlMap()
        data.where, data.key_where, data.value_where = Where(path, 1, 1), {}, {}
    return data, text[match.end():], header_text.count("\n") + 3, problems
