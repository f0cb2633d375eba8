"""Load stage: read the editors' files into documents that remember where each value came from.

Only this module (and write) touches the disk. YAML goes through the safe loader only; the
composed node tree is turned into plain values by hand so that duplicate keys, which PyYAML
silently resolves to the last one, become problems, and so that every key and value keeps its
line and column for the messages of the validate stage.

Content is untrusted: a path that leads out of the project, anything but an ordinary file, and a
text file over the size limit are refused before they are opened; anchors, aliases, tags, complex
and merge keys and deep nesting are refused from the parser's events, before any value is built.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import stat
from typing import Any

import yaml

from . import characters
from .problems import Problem, Where, working_on

try:  # the C loader is much faster; it exists when PyYAML was built with libyaml
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_SCALARS = yaml.constructor.SafeConstructor()


class YamlMap(dict):
    """A mapping from a YAML file; `.where` is its own place, `.key_where`/`.value_where` its entries'."""

    where: Where
    key_where: dict[Any, Where]
    value_where: dict[Any, Where]


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


def _convert(node: yaml.Node, path: str, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.MappingNode):  # tags, anchors and complex keys were refused before
        result = YamlMap()
        result.where = _where(path, node.start_mark)
        result.key_where, result.value_where = {}, {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, problems)
            if key in result:
                first = result.key_where[key]
                problems.append(Problem(
                    _where(path, key_node.start_mark),
                    f"duplicate key {key!r} (first given on line {first.line})",
                    "YAML would silently keep only the last one: remove or rename one of them",
                ))
                continue
            result[key] = _convert(value_node, path, problems)
            result.key_where[key] = _where(path, key_node.start_mark)
            result.value_where[key] = _where(path, value_node.start_mark)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = YamlList()
        items.where = _where(path, node.start_mark)
        items.item_where = []
        for item in node.value:
            items.append(_convert(item, path, problems))
            items.item_where.append(_where(path, item.start_mark))
        return items
    try:
        return _SCALARS.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError):
        # e.g. 2030-02-30 looks like a date but is none: keep the text, validation says what is wrong
        return str(node.value)


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 with or without a byte-order mark, any line endings."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(Where(path, line), "this file is not saved as UTF-8 text",
                              "in your editor, save it again choosing the encoding 'UTF-8'")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


MAX_DEPTH = 20  # blocks inside blocks: an edition needs about 6


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
        if len(problems) >= 20:  # enough to show the pattern; the rest would be noise
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


def _open_bracket(text: str) -> tuple[int, str] | None:
    """(index, bracket) of the last '[' or '{' left open in `text`; quotes and comments skipped."""
    stack: list[tuple[int, str]] = []
    quote, index = "", 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == quote and not (quote == '"' and text[index - 1] == "\\"):
                quote = ""
        elif char in "'\"" and (index == 0 or text[index - 1] in " \t\n[{,:"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif char in "[{":
            stack.append((index, char))
        elif char in "]}" and stack:
            stack.pop()
        index += 1
    return stack[-1] if stack else None


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
        return Problem(_where(path, at), "more text follows the end of a value on this line",
                       "a quoted text ends the value: put the whole text inside one pair of quotes, "
                       "and close each bracket once")
    opened = _open_bracket(text) if (error.context or "").startswith("while parsing a flow node") else None
    if opened:  # the file ends inside a list or block: point at where it opens
        index, bracket = opened
        problem = "expected ',' or ']'" if bracket == "[" else "expected ',' or '}'"
        where = Where(path, text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index))
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


def parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    """The mapping a YAML file holds (with places), or None and the problems that stop it."""
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
        return None, [Problem(Where(path, 1, 1), EMPTY,
                              "fill it in, or delete it (docs/editors-guide.md shows every field)")]
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(_where(path, node.start_mark), "this file must hold 'field: value' lines",
                              "start each line with a field's name and a colon, like 'title: …'")]
    problems = []
    return _convert(node, path, problems), problems


EMPTY = "this file is empty"


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str, path: str) -> tuple[Any, str, int, list[Problem]]:
    """Markdown with an optional '---' YAML header: (header data, body, body's first line)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return YamlMap(), text, 1, []
    header_text = match.group(1) or ""
    # parse the header in place, so its line numbers are the file's own
    data, problems = parse_yaml("\n" + header_text, path)
    if data is None:  # broken or empty: its own problems (an empty header is none), then no fields
        problems = [p for p in problems if p.message != EMPTY]
        data = YamlMap()
        data.where, data.key_where, data.value_where = Where(path, 1, 1), {}, {}
    return data, text[match.end():], header_text.count("\n") + 3, problems


@dataclasses.dataclass(frozen=True)
class Sources:
    """Everything read from disk, ready for validation."""

    root: pathlib.Path
    site: Document | None
    editions: dict[str, Document]  # slug -> edition.yaml
    texts: dict[tuple[str, str], Document]  # (slug, lang) -> index.<lang>.md
    files: dict[str, dict[str, int]]  # slug -> {"files/x.pdf": size in bytes}
    people: dict[str, Document]
    organisations: dict[str, Document]
    pages: dict[tuple[str, str], Document]  # (slug, lang) -> pages/<slug>.<lang>.md
    catalogs: tuple[str, ...] = ()  # languages with an interface catalog in locales/


def _rel(root: pathlib.Path, path: pathlib.Path) -> str:
    return path.relative_to(root).as_posix()


DEFAULT_TEXT_LIMIT_KB = 1000  # YAML, Markdown and .po files: 1 MB is far more than any needs
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"))


class _Disk:
    """Reads the editors' files, refusing any path that leads out of the project, anything that is
    not an ordinary file (a named pipe is never opened) and text files over the size limit."""

    def __init__(self, root: pathlib.Path, problems: list[Problem]) -> None:
        self.root = root.resolve()
        self.problems = problems
        self.limit = DEFAULT_TEXT_LIMIT_KB * 1000

    def refuse(self, path: pathlib.Path, message: str, hint: str) -> bool:
        self.problems.append(Problem(Where(_rel(self.root, path)), message, hint))
        return False

    def usable(self, path: pathlib.Path, folder: bool = False, limit: bool = False) -> bool:
        """Whether `path` may be read: inside the project, of the right kind and size (False: reported)."""
        try:
            target = path.resolve()
            info = path.stat()
        except (OSError, RuntimeError):  # a dangling link, a loop of links, no permission
            return self.refuse(path, "this cannot be read (a link that leads nowhere, or no permission)",
                               "replace it with the real file or folder")
        if not target.is_relative_to(self.root):
            return self.refuse(path, f"this is a link to {target}, outside the project",
                               "copy the file into the project instead of linking to it")
        if folder:
            return stat.S_ISDIR(info.st_mode) or self.refuse(
                path, "a folder is expected here, but this is a file", "make it a folder, or move it away")
        if stat.S_ISDIR(info.st_mode):
            return self.refuse(path, "this is a folder, where a file is expected",
                               f"remove the folder, or rename it so that it does not end in '{path.suffix}'")
        for test, kind in _KINDS:
            if test(info.st_mode):
                return self.refuse(path, f"this is {kind}, not an ordinary file", "replace it with a real file")
        if limit and info.st_size > self.limit:
            return self.refuse(path, f"this file is {info.st_size:,} bytes, over the limit of "
                               f"{self.limit:,} bytes for text files",
                               "split it into smaller files, or raise 'max_text_file_kb' in site.yaml")
        return True

    def entries(self, folder: pathlib.Path, pattern: str = "*") -> list[pathlib.Path]:
        """The visible entries of a folder (editors' lock and backup files left out), once it is safe."""
        if not os.path.lexists(folder) or not self.usable(folder, folder=True):
            return []
        try:
            return [path for path in sorted(folder.glob(pattern)) if not path.name.startswith(".")]
        except OSError as error:  # a folder without permission to list it
            self.refuse(folder, f"this folder cannot be read ({error.strerror})", "check that you may open it")
            return []

    def read(self, path: pathlib.Path) -> str | None:
        with working_on(_rel(self.root, path)):
            return self._read(path)

    def _read(self, path: pathlib.Path) -> str | None:
        if not self.usable(path, limit=True):
            return None
        try:
            raw = path.read_bytes()
        except OSError as error:  # no permission, or it changed since it was checked
            self.refuse(path, f"this file cannot be read ({error.strerror})", "check that you may read it")
            return None
        text, found = decode(raw, _rel(self.root, path))
        self.problems.extend(found)
        return text

    def yaml(self, path: pathlib.Path) -> Document | None:
        text = self.read(path)
        if text is None:
            return None
        with working_on(_rel(self.root, path)):
            data, found = parse_yaml(text, _rel(self.root, path))
        self.problems.extend(found)
        return Document(_rel(self.root, path), data, text) if data is not None else None

    def yaml_folder(self, folder: pathlib.Path) -> dict[str, Document]:
        documents = {}
        for path in self.entries(folder):
            if path.suffix == ".yml":
                self.refuse(path, "YAML files here end in '.yaml'", f"rename it to {path.stem}.yaml")
            elif path.suffix == ".yaml" and (document := self.yaml(path)) is not None:
                documents[path.stem] = document
        return documents

    def markdown(self, paths: list[pathlib.Path]) -> dict[tuple[str, str], Document]:
        documents = {}
        for path in paths:
            match = _LANG_FILE.match(path.name)
            if not match:
                self.refuse(path, "a Markdown file's name must say its language",
                            "name it like 'index.en.md' or 'about.ro.md'")
                continue
            text = self.read(path)
            if text is None:
                continue
            found = characters.forbidden(text, multiline=True)
            if found:
                index, reason = found
                self.problems.append(Problem(Where(_rel(self.root, path), text.count("\n", 0, index) + 1,
                                                   index - text.rfind("\n", 0, index)),
                                             f"this text holds {reason}",
                                             "delete it (it often comes from copying out of another program)"))
                continue
            documents[(match["slug"], match["lang"])] = Document(_rel(self.root, path), None, text)
        return documents

    def files(self, folder: pathlib.Path) -> dict[str, int]:
        """An edition's files/ folder: every ordinary file in it, with its size; links only inside."""
        found: dict[str, int] = {}
        for path in self.entries(folder, "**/*"):
            if path.is_dir() and not path.is_symlink():
                continue
            bad = characters.forbidden(path.name) or characters.invisible(path.name)
            if bad:  # it would be published under that name: a link text that lies, or a broken header
                shown = path.name.encode("unicode_escape").decode("ascii")
                self.refuse(folder, f"the file name '{shown}' holds {bad[1]}",
                            "rename the file with letters, digits, hyphens and dots only")
            elif self.usable(path):
                found[_rel(folder.parent, path)] = path.stat().st_size
        return found

    def check_tree(self, folder: pathlib.Path, limited: tuple[str, ...]) -> None:
        """templates/ and locales/: every entry inside the project and ordinary, text files not too big."""
        for path in self.entries(folder, "**/*"):
            if not path.is_dir() or path.is_symlink():
                self.usable(path, folder=path.is_dir(), limit=path.suffix in limited)


def read_yaml_file(root: pathlib.Path, path: pathlib.Path) -> tuple[Document | None, list[Problem]]:
    """One YAML file on its own (for `new`), with the same refusals as a build."""
    problems: list[Problem] = []
    return _Disk(root, problems).yaml(path), problems


def _text_limit(site: Document | None) -> int | None:
    """site.yaml's max_text_file_kb, when it is a usable number (validate reports it otherwise)."""
    value = site.data.get("max_text_file_kb") if site and isinstance(site.data, dict) else None
    return value * 1000 if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


_LANG_FILE = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")


def load_sources(root: pathlib.Path, content_dir: str = "content") -> tuple[Sources, list[Problem]]:
    """Read site.yaml and everything under content/. Returns what could be read and the problems."""
    problems: list[Problem] = []
    disk = _Disk(root, problems)
    root = disk.root
    site_path = root / "site.yaml"
    site = disk.yaml(site_path) if os.path.lexists(site_path) else None
    if not os.path.lexists(site_path):
        problems.append(Problem(Where("site.yaml"), "site.yaml is missing",
                                "run the command from the project folder, or pass --project"))
    disk.limit = _text_limit(site) or disk.limit
    content = root / content_dir
    editions: dict[str, Document] = {}
    texts: dict[tuple[str, str], Document] = {}
    files: dict[str, dict[str, int]] = {}
    if os.path.lexists(content) and not disk.usable(content, folder=True):
        content = root / ".missing"  # refused: read nothing from it
    for folder in disk.entries(content / "editions"):
        if not folder.is_dir() or not disk.usable(folder, folder=True):
            continue
        slug = folder.name
        manifest = folder / "edition.yaml"
        if not os.path.lexists(manifest):
            problems.append(Problem(Where(_rel(root, folder)), "this edition folder has no edition.yaml",
                                    "copy docs/examples/2026-example/edition.yaml into it"))
            continue
        document = disk.yaml(manifest)
        if document is not None:
            editions[slug] = document
        for (name, lang), text in disk.markdown(disk.entries(folder, "*.md")).items():
            if name != "index":
                problems.append(Problem(Where(text.path), "an edition's text is called index.<lang>.md",
                                        f"rename it to index.{lang}.md"))
            texts[(slug, lang)] = text
        files[slug] = disk.files(folder / "files")
    for tree in ("templates", "locales"):
        disk.check_tree(root / tree, (".po", ".pot", ".html", ".xml"))  # the texts a build reads
    sources = Sources(
        root=root,
        site=site,
        editions=editions,
        texts=texts,
        files=files,
        people=disk.yaml_folder(content / "people"),
        organisations=disk.yaml_folder(content / "organisations"),
        pages=disk.markdown(disk.entries(content / "pages", "*.md")),
        catalogs=tuple(sorted(path.parent.parent.name
                              for path in (root / "locales").glob("*/LC_MESSAGES/messages.po"))),
    )
    return sources, problems
