"""Interface translations: gettext catalogs in locales/, compiled in memory by every build.

No compiled .mo file is committed: the .po files are the source. `extract` and `update` wrap
Babel's own steps so that translators never need to learn pybabel.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import io
import pathlib
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser, write_po

from .problems import Problem, Where

DOMAIN = "messages"
METHODS = [("**/templates/**.html", "jinja2"), ("**/templates/**.xml", "jinja2"),
           ("**/confsite/**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"},
           "**/templates/**.xml": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "translate": (2,)}


def catalog_path(root: pathlib.Path, lang: str) -> pathlib.Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


MAX_PLURALS = 6  # the most plural forms a language has (Arabic, Welsh: CLDR)


class TooManyPlurals(Exception):
    """A Plural-Forms header asking for more forms than any language has (not a ValueError, which Babel
    takes for a mistake of the line it reads)."""

    def __init__(self, count: int) -> None:
        super().__init__(f"nplurals={count}")
        self.count = count


class _Catalog(Catalog):
    """Babel's catalog, refusing a Plural-Forms header's nplurals over `MAX_PLURALS` when a message
    first asks for it: while it reads a file, Babel gives each plural message a list of that many
    translations (nplurals=10000000 took two minutes and 2.7 GB, and its message was 1.3 GB)."""

    @property
    def num_plurals(self) -> int:
        count = super().num_plurals
        if count > MAX_PLURALS:
            raise TooManyPlurals(count)
        return count


def _read_po(stream: Any, lang: str, abort_invalid: bool = False) -> Catalog:
    """Babel's `read_po`, into a `_Catalog`."""
    catalog = _Catalog(locale=lang, domain=DOMAIN)
    PoFileParser(catalog, abort_invalid=abort_invalid).parse(stream)
    catalog.num_plurals  # noqa: B018 - refused here too when no message asked for it
    return catalog


def read_catalog(path: pathlib.Path, lang: str) -> Catalog:
    """A catalog read leniently (for reports and updates; `load_translations` checks it first).
    Babel prints what it skips over: the build reports it in its own words instead."""
    with path.open("rb") as stream, contextlib.redirect_stdout(io.StringIO()):
        return _read_po(stream, lang)


def unreadable_catalogs(root: pathlib.Path, languages: Iterable[str]) -> list[Problem]:
    """The problems of the existing catalogs that cannot be read at all (syntax, encoding): before a
    command rewrites a catalog, so that it never drops what an editor wrote."""
    problems: list[Problem] = []
    for lang in languages:
        path = catalog_path(root, lang)
        if lang != "en" and path.is_file():
            _read_checked(path, lang, path.relative_to(root).as_posix(), problems)
    return problems


def load_translations(root: pathlib.Path, languages: Iterable[str],
                      problems: list[Problem]) -> dict[str, gettext.NullTranslations]:
    """A gettext translations object per language; English (the source language) needs none.

    Each catalog is checked as it is loaded (`message_problems`); a message with a problem is left
    out, so the page shows the English string rather than a broken one."""
    result: dict[str, gettext.NullTranslations] = {}
    for lang in languages:
        path = catalog_path(root, lang)
        result[lang] = gettext.NullTranslations()
        if lang == "en" or not path.is_file():
            if lang != "en":
                problems.append(Problem(Where(path.relative_to(root).as_posix()),
                                        f"there is no interface catalog for {lang!r}",
                                        "run: python build.py i18n update (it creates the catalog), then translate it"))
            continue
        where = path.relative_to(root).as_posix()
        result[lang], found = _loaded(path, lang, where)
        problems += found
    return result


# The translations of each catalog as last loaded, with the bytes they were loaded from: the live
# preview loads them for every rebuild, and a catalog that did not change is not read again.
_LOADED: dict[tuple[pathlib.Path, str], tuple[bytes, gettext.NullTranslations, tuple[Problem, ...]]] = {}


def _loaded(path: pathlib.Path, lang: str, where: str) -> tuple[gettext.NullTranslations, tuple[Problem, ...]]:
    data = path.read_bytes()
    last = _LOADED.get((path, lang))
    if last is None or last[0] != data:
        problems: list[Problem] = []
        last = _LOADED[(path, lang)] = (data, _translations(path, lang, where, problems), tuple(problems))
    return last[1], last[2]


def _translations(path: pathlib.Path, lang: str, where: str, problems: list[Problem]) -> gettext.NullTranslations:
    if _empty(path):  # Babel reads it as a catalog with nothing to translate, and the pages show English
        problems.append(Problem(Where(where, 1, 1), f"this file is empty, so the {lang} pages show the interface "
                                "in English", EMPTY_HINT))
        return gettext.NullTranslations()
    catalog = _read_checked(path, lang, where, problems)
    if catalog is None:
        return gettext.NullTranslations()
    for message in list(catalog):
        found = message_problems(catalog, message, where)
        if found:
            problems += found
            catalog.delete(message.id, context=message.context)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    try:
        return gettext.GNUTranslations(compiled)
    except (ValueError, SyntaxError) as error:  # gettext rejects a Plural-Forms expression it cannot read
        problems.append(Problem(Where(where, _header_line(path, "Plural-Forms:")),
                                f"the catalog's Plural-Forms header cannot be used: {error}",
                                "copy the Plural-Forms line of the language from a working catalog"))
        return gettext.NullTranslations()


def _read_checked(path: pathlib.Path, lang: str, where: str, problems: list[Problem]) -> Catalog | None:
    """The catalog, or None with a problem at the line where it cannot be read."""
    data = path.read_bytes()
    try:
        line = _unquoted_line(data.decode("utf-8"))
        if line:
            problems.append(Problem(Where(where, line), "the text on this line is not between two double quotes",
                                    'write it as msgstr "…", and a " inside the text as \\"'))
            return None
        return _read_po(io.BytesIO(data), lang, abort_invalid=True)
    except TooManyPlurals as error:
        problems.append(Problem(Where(where, _header_line(path, "Plural-Forms:")),
                                f"the catalog's Plural-Forms header asks for {error.count:,} plural forms; no "
                                f"language has more than {MAX_PLURALS}",
                                "copy the Plural-Forms line of the language from a working catalog"))
    except PoFileError as error:  # its lineno counts from 0
        problems.append(Problem(Where(where, error.lineno + 1), _po_error(error), CATALOG_HINT))
    except UnicodeDecodeError as error:
        problems.append(Problem(Where(where, data[:error.start].count(b"\n") + 1),
                                "the catalog is not valid UTF-8 text", "save the file as UTF-8"))
    except Exception as error:  # Babel raises several types for a broken .po file
        problems.append(Problem(Where(where), f"the catalog cannot be read: {error}", CATALOG_HINT))
    return None


EMPTY_HINT = ("if it was emptied by mistake, take back its last saved version (your editor's undo, or git); "
              "else run: python build.py i18n update (it writes every interface string into it), then translate it")


def _empty(path: pathlib.Path) -> bool:
    """Whether a catalog holds nothing but blank lines."""
    return not path.read_bytes().strip()


CATALOG_HINT = "fix the .po file at this line (a translation tool such as Poedit shows the mistake)"
# a %-placeholder as Python (and Jinja's gettext) reads it, or a bare % that is none
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]|%")
_BRACED = re.compile(r"\{[^{}]*\}")  # a {name} of a python-brace-format message


def placeholders(text: str, braces: bool = False) -> list[str]:
    """The %-placeholders of a message, sorted; '%%' stands for a percent sign, a bare '%' for a mistake.
    With `braces` (a python-brace-format message, filled in by a script: "{title}"), its {names} too."""
    return sorted(_PLACEHOLDER.findall(text) + (_BRACED.findall(text) if braces else []))


def message_problems(catalog: Catalog, message: Message, where: str) -> list[Problem]:
    """A translated message's plural forms against the Plural-Forms header, and its placeholders
    against its original's, at the message's line of the .po file."""
    if not message.id or message.fuzzy:
        return []
    at = Where(where, message.lineno)
    if isinstance(message.id, str):
        pairs = [(message.id, message.string)] if isinstance(message.string, str) else []
    else:
        strings = tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)
        if any(strings) and not all(strings):
            missing = ", ".join(f"msgstr[{i}]" for i, s in enumerate(strings) if not s)
            return [Problem(at, f"this translation lacks {missing}: the Plural-Forms header asks for "
                            f"{catalog.num_plurals} plural forms",
                            f"give all {catalog.num_plurals} forms, msgstr[0] to msgstr[{catalog.num_plurals - 1}]")]
        pairs = [(message.id[1 if i else 0], s) for i, s in enumerate(strings)]
    braces = "python-brace-format" in message.flags
    for original, translation in pairs:
        found, wanted = placeholders(translation, braces), placeholders(original, braces)
        if translation and found != wanted:
            return [Problem(at, f"the translation {translation!r} {_mismatch(found, wanted)}",
                            f"keep each {'{name}' if braces else '%(name)s'} of the original exactly as it is, "
                            "and write a percent sign as %%")]
    return []


def _mismatch(found: list[str], wanted: list[str]) -> str:
    """How a translation's placeholders differ from its original's, in words: which it writes instead
    of which, adds or leaves out, and a lone '%' (a percent sign not written %%, or a placeholder cut short)."""
    extra = list((Counter(found) - Counter(wanted)).elements())
    lost = list((Counter(wanted) - Counter(found)).elements())
    lone = "%" in extra
    extra = [p for p in extra if p != "%"]
    said = []
    if extra and lost:
        said.append(f"writes {_listed(extra)} where the original has {_listed(lost)}")
    elif extra:
        said.append(f"adds {_listed(extra)}, which the original does not have")
    elif lost:
        said.append(f"leaves out {_listed(lost)}, which the original has")
    if lone:
        said.append("has a lone '%'")
    return ", and ".join(said)


# a keyword line or a continuation: one double-quoted string, closed, with \" and \\ escapes inside
_STRING_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"$')


def _unquoted_line(text: str) -> int:
    """The line (from 1) of the first text not between two double quotes (which Babel reads without a
    word, losing a letter), or 0."""
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line.startswith(("msg", '"')) and not _STRING_LINE.match(line):
            return number
    return 0


def _listed(found: list[str]) -> str:
    return " and ".join(", ".join(repr(p) for p in found).rsplit(", ", 1))


def _po_error(error: PoFileError) -> str:
    reason = str(error).removesuffix(f" on {error.lineno}")
    if "num_plurals" in reason:
        return "this message has more plural forms (msgstr[n]) than the Plural-Forms header's nplurals"
    return f"the catalog cannot be read: {reason}"


def _header_line(path: pathlib.Path, field: str) -> int:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.lstrip('"').startswith(field)), 0)


def extract(root: pathlib.Path) -> Catalog:
    """Every marked string of the templates and the engine, as a template catalog."""
    catalog = Catalog(project="confsite", domain=DOMAIN, fuzzy=False,
                      creation_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), METHODS, options_map=OPTIONS, keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        if "/.venv" in f"/{filename}" or filename.startswith("tests/"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write_catalog(catalog: Catalog, path: pathlib.Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True)
    path.write_bytes(buffer.getvalue())


def update(root: pathlib.Path, languages: Iterable[str]) -> list[str]:
    """Extract messages.pot, then merge it into every language's catalog (creating new ones)."""
    template = extract(root)
    write_catalog(template, root / "locales" / f"{DOMAIN}.pot")
    report = []
    for lang in languages:
        if lang == "en":
            continue
        path = catalog_path(root, lang)
        catalog = read_catalog(path, lang) if path.is_file() else Catalog(locale=lang, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write_catalog(catalog, path)
        missing = sum(1 for message in catalog if message.id and not _translated(message))
        report.append(f"{path.relative_to(root)}: {len(catalog) - missing} translated, {missing} to do")
    return report


def _translated(message: object) -> bool:
    """Whether the build shows `message` translated: every form written, and not fuzzy (the build
    leaves fuzzy messages out, plural ones too, and shows the English)."""
    strings = message.string  # type: ignore[attr-defined]
    written = all(strings) if isinstance(strings, tuple) else bool(strings)
    return written and not message.fuzzy  # type: ignore[attr-defined]


def untranslated(root: pathlib.Path, lang: str) -> list[tuple[str, int, str]]:
    """(catalog path, line, message id) of each interface string still missing in `lang`."""
    path = catalog_path(root, lang)
    if not path.is_file() or _empty(path):
        return [(path.relative_to(root).as_posix(), 0, "(the whole catalog)")]
    try:
        catalog = read_catalog(path, lang)
    except Exception:  # Babel raises several types for a broken .po file; the build reports it
        return [(path.relative_to(root).as_posix(), 0, "(the catalog cannot be read)")]
    return [(path.relative_to(root).as_posix(), message.lineno, str(message.id if isinstance(message.id, str)
                                                                  else message.id[0]))
            for message in catalog if message.id and not _translated(message)]
