"""Documents with source positions: editors' text (bytes already read) turned into values that
remember the file, line and column they came from.

YAML goes through the safe loader only; the composed node tree is turned into plain values by hand
so that duplicate keys, which PyYAML silently resolves to the last one, become problems, and so
that every key and value keeps its place for the messages of the validate stage. Anchors, aliases,
tags, complex and merge keys and deep nesting are refused from the parser's events, before any
value is built. No disk here: `load` reads the files and hands their text over.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import yaml

from . import characters
from .problems import Problem, Where

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


def _where(path: str, mark: yaml.Mark) -> Where:
    return Where(path, mark.line + 1, mark.column + 1)


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")}


def _convert(node: yaml.Node, path: str, problems: list[Problem], item: bool = False) -> Any:
    """A node's value, with where each part was written; `item`: the node is an item of a list."""
    if isinstance(node, yaml.MappingNode):  # tags, anchors and complex keys were refused before
        result = YamlMap()
        result.where = _where(path, node.start_mark)
        result.key_where, result.value_where = {}, {}
        result.flow = bool(node.flow_style)
        repeated: list[tuple[Any, Where]] = []
        for key_node, value_node in node.value:
            key = _convert(key_node, path, problems)
            if key in result:
                repeated.append((key, _where(path, key_node.start_mark)))
                continue
            result[key] = _convert(value_node, path, problems)
            result.key_where[key] = _where(path, key_node.start_mark)
            result.value_where[key] = _where(path, value_node.start_mark)
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
        items.where = _where(path, node.start_mark)
        items.item_where = []
        for item in node.value:
            items.append(_convert(item, path, problems, item=True))
            items.item_where.append(_where(path, item.start_mark))
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
    return Problem(_where(path, mark), message, hint)


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


# (words in PyYAML's message, message for the editor, hint): each kind of mistake its own hint
_SYNTAX = (
    ("unexpected end of stream", "this quote is never closed",
     "add the closing quote at the end of the text that starts here (the same kind: \" or ')"),
    ("expected ',' or ']'", "this '[' list is never closed",
     "end the list with ']' on the same line and separate its items with commas, "
     "or write one '- item' per line"),
    ("expected ',' or '}'", "this '{' block is never closed",
     "end it with '}' on the same line and separate its fields with commas"),
    ("mapping values are not allowed", "a ':' where YAML does not expect one",
     'a text that contains ": " must be in quotes, like title: "Panel: what comes next"'),
    ("could not find expected ':'", "this line is not a 'field: value' line",
     "write the field's name, a colon and a space, then the value; to continue the text above, "
     "indent it further or put the whole text in quotes"),
    ("did not find expected key", "this line is not indented like the fields around it",
     "line it up with the other fields of its block, using the same number of spaces"),
    ("did not find expected '-' indicator", "this line breaks a list",
     "every item of a list starts with '- ', each at the same indentation"),
    ("expected <document start>", "this line does not belong to any field",
     "check its indentation: top-level fields start at the beginning of the line"),
    ("escape", "a backslash starts an unknown escape inside double quotes",
     'inside "…" write \\\\ for a backslash, or put the text in single quotes instead'),
    ("cannot start any token", "a value cannot start with this character",
     "YAML reserves '@', '`' and '%' at the start of a value: put the whole value in quotes"),
    ("expected alphabetic or numeric character", "'&' and '*' cannot start a value",
     "YAML reads them as an anchor or an alias: put the whole value in quotes"),
    ("did not find expected node content", "a value is missing here",
     "write a value after the colon or the '- ', or remove the line"),
    ("but found another document", "this file holds a second YAML document",
     "remove this '---' line: each file holds one document"),
)

# contexts whose mark is where the unclosed thing opens: the line an editor must look at
_OPENERS = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a simple key")


def _marks(text: str) -> Iterator[tuple[int, str, int]]:
    """The brackets outside quotes and comments, and the quotes' ends, in order, as YAML's syntax
    roughly reads them: (index, "[", -1) for a bracket, (index, '"', start) for a closing quote and
    where its text starts. One reading for `_open_bracket` and `_quote_closed_before`."""
    quote, start, index = "", 0, 0
    while index < len(text):
        char = text[index]
        if quote:
            if (quote == '"' and char == "\\") or (quote == "'" and text.startswith("''", index)):
                index += 2  # an escape inside double quotes (\" and \\), a '' inside single ones
                continue
            if char == quote:
                yield index, quote, start
                quote = ""
        elif char in "'\"" and (index == 0 or text[index - 1] in " \t\n[{,:"):
            quote, start = char, index
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif char in "[]{}":
            yield index, char, -1
        index += 1


def _open_bracket(text: str) -> tuple[int, str] | None:
    """(index, bracket) of the last '[' or '{' left open in `text`; quotes and comments skipped."""
    stack: list[tuple[int, str]] = []
    for index, char, _ in _marks(text):
        if char in "[{":
            stack.append((index, char))
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _quote_closed_before(text: str, index: int) -> int | None:
    """Where the quoted text starts whose closing quote is the last thing before `index` (spaces
    aside); None when no quote closes there."""
    end = len(text[:index].rstrip(" \t")) - 1  # the closing quote's place, if it is one
    return next((start for at, char, start in _marks(text[:end + 1]) if at == end and char in "'\""), None)


_FIELD = re.compile(r"([A-Za-z_][\w-]*):(?:\s|$)")


def _item_above(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """For a 'field: value' line (0-based `number`) indented less than the fields of the list item
    it follows: the column of that item's '-', the column where its fields start, and the first of
    them ("start: …" under "- kind: …")."""
    line = lines[number]
    indent = len(line) - len(line.lstrip(" "))
    if line.lstrip().startswith("-") or ":" not in line:
        return None
    for above in reversed(lines[:number]):
        stripped = above.lstrip(" ")
        start = len(above) - len(stripped)
        if not stripped or stripped.startswith("#") or (start >= indent and not stripped.startswith("- ")):
            continue
        if stripped.startswith("- ") and start <= indent:
            column = start + 2 + len(stripped[2:]) - len(stripped[2:].lstrip(" "))
            field = _FIELD.match(stripped[2:].lstrip(" "))  # "- kind: talk"; not "- {kind: …}" or "- https://…"
            return (start, column, f"{field[1]}:") if column > indent and field else None
        if start < indent:
            return None
    return None


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    problem = (error.problem or "this is not valid YAML").strip()
    mark = error.problem_mark or error.context_mark
    if error.context_mark and any((error.context or "").startswith(c) for c in _OPENERS):
        mark = error.context_mark
    where = _where(path, mark) if mark else Where(path)
    lines = text.split("\n")
    at = error.problem_mark
    line = lines[at.line] if at and at.line < len(lines) else ""
    if "tab" in problem or "\t" in line[: len(line) - len(line.lstrip())] or (
            at and line[at.column: at.column + 1] == "\t"):
        tab = _where(path, at) if at else where
        return Problem(Where(path, tab.line, line.find("\t") + 1 if "\t" in line else tab.column),
                       "a tab character: indent with spaces",
                       "YAML counts spaces only: replace the tab at the start of this line with spaces")
    if at and at.column > len(line) - len(line.lstrip()) and any(
            words in problem for words in ("expected key", "document start", "comment or line break")):
        opened = _quote_closed_before(text, at.index)
        if opened is not None and text.count("\n", 0, opened) < at.line:  # a quote left open lines above
            return Problem(Where(path, text.count("\n", 0, opened) + 1, opened - text.rfind("\n", 0, opened)),
                           f"this quote is never closed on its line: YAML reads on to the next quote, at line "
                           f"{at.line + 1}", "add the closing quote at the end of this line's text (the same "
                           "kind: \" or ')")
        rest = text[at.index:text.find("\n", at.index) % (len(text) + 1)].split(" #", 1)[0]  # not its comment
        if opened is not None and text[opened] in rest and ": " not in rest and not rest.rstrip().endswith(":"):
            quote = text[opened]  # the text opened with it, and holds it: "„Clusters" meet regions"
            return Problem(_where(path, at), f"the text ends at the {quote} inside it, and more text follows",
                           'inside "…", write quotation marks as „…“ or “…” (or \\" for a straight one), or '
                           "put the whole text in '…' instead" if quote == '"' else
                           "a text in '…' writes an apostrophe in it twice ('Europe''s regions'), or put the "
                           'whole text in "…" instead')
        return Problem(_where(path, at), "more text follows the end of a value on this line",
                       "a quoted text ends the value: put the whole text inside one pair of quotes, "
                       "and close each bracket once")
    opened = _open_bracket(text) if (error.context or "").startswith("while parsing a flow node") else None
    if opened:  # the file ends inside a list or block: point at where it opens
        index, bracket = opened
        problem = "expected ',' or ']'" if bracket == "[" else "expected ',' or '}'"
        where = Where(path, text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index))
    if "did not find expected '-' indicator" in problem and at and (item := _item_above(lines, at.line)):
        dash, column, field = item
        indent = len(lines[at.line]) - len(lines[at.line].lstrip(" "))
        if indent == dash:  # a new item without its '-', or a field of the item above: say both
            return Problem(_where(path, at), "this line breaks a list",
                           f"a field of the item above starts under {field!r}, {column - indent} space(s) further "
                           "right; a new item starts with '- '")
        return Problem(_where(path, at), "this field is indented less than the fields of the item above it",
                       f"start it under {field!r}, {column - indent} more space(s) to the right")
    for words, message, hint in _SYNTAX:
        if words in problem:
            return Problem(where, message, hint)
    return Problem(where, f"YAML syntax error: {problem}",
                   "check the indentation and quotes near this line; text containing ': ' needs quotes")


def _reader_problem(error: yaml.reader.ReaderError, text: str, path: str) -> Problem:
    before = text[: error.position]
    column = len(before) - (before.rfind("\n") + 1) + 1
    char = chr(error.character) if isinstance(error.character, int) else str(error.character)
    return Problem(Where(path, before.count("\n") + 1, column),
                   f"the invisible character {characters.name(char)} is not allowed in a text",
                   "delete it (it often comes from copying out of another program)")


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
        return None, [_syntax_problem(error, text, path)]
    except yaml.reader.ReaderError as error:
        return None, [_reader_problem(error, text, path)]
    except yaml.YAMLError as error:  # pragma: no cover - every PyYAML error is one of the above
        return None, [Problem(Where(path, 1, 1), f"YAML error: {error}", "check this file's syntax")]
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        # reported once; the file is then left out, so no field is "missing" too
        return None, [Problem(Where(path, 1, 1), EMPTY, "fill it in: every site needs it (docs/editors-guide.md "
                              "shows every field)" if path == "site.yaml" else
                              "fill it in, or delete it (docs/editors-guide.md shows every field)")]
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(_where(path, node.start_mark), "this file must hold 'field: value' lines",
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
