"""What a YAML file's syntax error means, in an editor's words: PyYAML says where it stumbled
("did not find expected '-' indicator"); each kind of mistake gets a message and a hint of its
own, at the line to fix, which is not always the line PyYAML names (a quote left open lines above).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from . import characters
from .problems import Problem, Where


def mark_where(path: str, mark: yaml.Mark) -> Where:
    """Where PyYAML's mark is, as a Problem says it: lines and columns from 1."""
    return Where(path, mark.line + 1, mark.column + 1)


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
    ("sequence entries are not allowed", "a value cannot start with '- '",
     "YAML reads '- ' as the start of a list's item: put the whole value in quotes, like "
     "address: \"- 1 Main Street\"; for a list, write each '- item' on a line of its own, indented under "
     "the field"),
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


def syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    problem = (error.problem or "this is not valid YAML").strip()
    mark = error.problem_mark or error.context_mark
    if error.context_mark and any((error.context or "").startswith(c) for c in _OPENERS):
        mark = error.context_mark
    where = mark_where(path, mark) if mark else Where(path)
    lines = text.split("\n")
    at = error.problem_mark
    line = lines[at.line] if at and at.line < len(lines) else ""
    if "tab" in problem or "\t" in line[: len(line) - len(line.lstrip())] or (
            at and line[at.column: at.column + 1] == "\t"):
        tab = mark_where(path, at) if at else where
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
            return Problem(mark_where(path, at), f"the text ends at the {quote} inside it, and more text follows",
                           'inside "…", write quotation marks as „…“ or “…” (or \\" for a straight one), or '
                           "put the whole text in '…' instead" if quote == '"' else
                           "a text in '…' writes an apostrophe in it twice ('Europe''s regions'), or put the "
                           'whole text in "…" instead')
        return Problem(mark_where(path, at), "more text follows the end of a value on this line",
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
            return Problem(mark_where(path, at), "this line breaks a list",
                           f"a field of the item above starts under {field!r}, {column - indent} space(s) further "
                           "right; a new item starts with '- '")
        return Problem(mark_where(path, at), "this field is indented less than the fields of the item above it",
                       f"start it under {field!r}, {column - indent} more space(s) to the right")
    quotes = _typographic_value(lines[where.line - 1]) if 0 < where.line <= len(lines) else ""
    if "expected ','" in problem and at and text[at.index:at.index + 1] == ":" and error.context_mark \
            and error.context_mark.line == at.line:
        # {en: Panel: what comes next}: the block is closed, but a text in it holds ": "
        opener = text[error.context_mark.index]
        value = re.split(r"[,:{\[]\s", text[error.context_mark.index + 1:at.index])[-1]
        return Problem(mark_where(path, at), f"a ':' inside '{opener}…{'}' if opener == '{' else ']'}' where YAML "
                       "does not expect one", _with_quotes(characters.typographic_quotes(value),
                                                           'a text that contains ": " must be in quotes, inside {…} '
                                                           'and […] too, like {en: "Panel: what comes next"}'))
    for words, message, hint in _SYNTAX:
        if words in problem:
            return Problem(where, message, _with_quotes(quotes, hint))
    return Problem(where, f"YAML syntax error: {problem}", _with_quotes(
        quotes, "check the indentation and quotes near this line; text containing ': ' needs quotes"))


_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#][^:#]*:\s+)?(.*)$")  # the value of a 'field: value' or '- value' line


def _typographic_value(line: str) -> str:
    """The typographic quotes ("“ ”") a line's value is written in, when it is; else ''."""
    match = _VALUE.match(line)
    return characters.typographic_quotes(match[1]) if match else ""


def _with_quotes(quotes: str, hint: str) -> str:
    """The hint, first saying the quotes are typographic ones when the line's value is in such quotes:
    the editor quoted it, and is told to use quotes."""
    if not quotes:
        return hint
    return f"{characters.typographic_hint(quotes)}: type them again; {hint[0].lower()}{hint[1:]}"


def reader_problem(error: yaml.reader.ReaderError, text: str, path: str) -> Problem:
    before = text[: error.position]
    column = len(before) - (before.rfind("\n") + 1) + 1
    char = chr(error.character) if isinstance(error.character, int) else str(error.character)
    return Problem(Where(path, before.count("\n") + 1, column),
                   f"the invisible character {characters.name(char)} is not allowed in a text",
                   "delete it (it often comes from copying out of another program)")
