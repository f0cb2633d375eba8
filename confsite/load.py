"""Load stage: read the editors' files into documents that remember where each value came from.

Only this module (and write) touches the disk. YAML goes through the safe loader only; the
composed node tree is turned into plain values by hand so that duplicate keys, which PyYAML
silently resolves to the last one, become problems, and so that every key and value keeps its
line and column for the messages of the validate stage.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
from typing import Any

import yaml

from .problems import Problem, Where

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
    if node.tag not in _PLAIN_TAGS:
        problems.append(Problem(_where(path, node.start_mark), f"the YAML tag {node.tag!r} is not allowed here",
                                "remove the '!' tag: content files hold plain text, numbers, dates and lists"))
        return None
    if isinstance(node, yaml.MappingNode):
        result = YamlMap()
        result.where = _where(path, node.start_mark)
        result.key_where, result.value_where = {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(_where(path, key_node.start_mark),
                                        "merge keys ('<<') are not supported",
                                        "write the fields out in full"))
                continue
            key = _convert(key_node, path, problems)
            if isinstance(key, (YamlMap, YamlList)):
                problems.append(Problem(_where(path, key_node.start_mark),
                                        "a key must be a plain word"))
                continue
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


def parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _where(path, mark) if mark else Where(path)
        message = (error.problem or "this is not valid YAML").strip()
        hint = "check the indentation and quotes near this line; text containing ': ' needs quotes"
        return None, [Problem(where, f"YAML syntax error: {message}", hint)]
    except yaml.YAMLError as error:
        return None, [Problem(Where(path), f"YAML error: {error}")]
    if node is None:  # reported once; the file is then left out, so no field is "missing" too
        return None, [Problem(Where(path, 1, 1), "this file is empty",
                              "fill it in, or delete it (docs/editors-guide.md shows every field)")]
    return _convert(node, path, problems), problems


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
        problems = [p for p in problems if p.message != "this file is empty"]
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


def _read(root: pathlib.Path, path: pathlib.Path, problems: list[Problem]) -> str | None:
    text, found = decode(path.read_bytes(), _rel(root, path))
    problems.extend(found)
    return text


def _yaml_document(root: pathlib.Path, path: pathlib.Path, problems: list[Problem]) -> Document | None:
    text = _read(root, path, problems)
    if text is None:
        return None
    data, found = parse_yaml(text, _rel(root, path))
    problems.extend(found)
    return Document(_rel(root, path), data, text) if data is not None else None


def _yaml_folder(root: pathlib.Path, folder: pathlib.Path, problems: list[Problem]) -> dict[str, Document]:
    documents = {}
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.name.startswith(".") or not path.is_file():
            continue  # editors' lock and backup files, folders
        if path.suffix == ".yml":
            problems.append(Problem(Where(_rel(root, path)), "YAML files here end in '.yaml'",
                                    f"rename it to {path.stem}.yaml"))
        elif path.suffix == ".yaml":
            document = _yaml_document(root, path, problems)
            if document is not None:
                documents[path.stem] = document
    return documents


_LANG_FILE = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")


def _markdown_files(root: pathlib.Path, paths: list[pathlib.Path],
                    problems: list[Problem]) -> dict[tuple[str, str], Document]:
    documents = {}
    for path in paths:
        if path.name.startswith(".") or not path.is_file():
            continue
        match = _LANG_FILE.match(path.name)
        if not match:
            problems.append(Problem(Where(_rel(root, path)), "a Markdown file's name must say its language",
                                    "name it like 'index.en.md' or 'about.ro.md'"))
            continue
        text = _read(root, path, problems)
        if text is not None:
            documents[(match["slug"], match["lang"])] = Document(_rel(root, path), None, text)
    return documents


def load_sources(root: pathlib.Path, content_dir: str = "content") -> tuple[Sources, list[Problem]]:
    """Read site.yaml and everything under content/. Returns what could be read and the problems."""
    problems: list[Problem] = []
    site_path = root / "site.yaml"
    site = _yaml_document(root, site_path, problems) if site_path.is_file() else None
    if not site_path.is_file():
        problems.append(Problem(Where("site.yaml"), "site.yaml is missing",
                                "run the command from the project folder, or pass --project"))
    content = root / content_dir
    editions: dict[str, Document] = {}
    texts: dict[tuple[str, str], Document] = {}
    files: dict[str, dict[str, int]] = {}
    editions_dir = content / "editions"
    for folder in sorted(editions_dir.iterdir()) if editions_dir.is_dir() else []:
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        slug = folder.name
        manifest = folder / "edition.yaml"
        if not manifest.is_file():
            problems.append(Problem(Where(_rel(root, folder)), "this edition folder has no edition.yaml",
                                    "copy docs/examples/2026-example/edition.yaml into it"))
            continue
        document = _yaml_document(root, manifest, problems)
        if document is not None:
            editions[slug] = document
        for (name, lang), text in _markdown_files(root, sorted(folder.glob("*.md")), problems).items():
            if name != "index":
                problems.append(Problem(Where(text.path), "an edition's text is called index.<lang>.md",
                                        f"rename it to index.{lang}.md"))
            texts[(slug, lang)] = text
        file_dir = folder / "files"
        files[slug] = {
            _rel(folder, path): path.stat().st_size
            for path in sorted(file_dir.rglob("*")) if path.is_file()
        } if file_dir.is_dir() else {}
    pages_dir = content / "pages"
    pages = _markdown_files(root, sorted(pages_dir.glob("*.md")), problems) if pages_dir.is_dir() else {}
    sources = Sources(
        root=root,
        site=site,
        editions=editions,
        texts=texts,
        files=files,
        people=_yaml_folder(root, content / "people", problems),
        organisations=_yaml_folder(root, content / "organisations", problems),
        pages=pages,
        catalogs=tuple(sorted(path.parent.parent.name
                              for path in (root / "locales").glob("*/LC_MESSAGES/messages.po"))),
    )
    return sources, problems
