"""Translation status: interface strings not yet translated, content texts missing in a language.

A language counts as missing for an edition only when the edition declares it: a text that the
edition never promised in Bulgarian is a fallback, not a gap.
"""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Iterator
from typing import Any

from . import i18n
from .edition import Edition
from .model import Content, Text
from .problems import Problem, Where


@dataclasses.dataclass(frozen=True)
class Gap:
    lang: str
    problem: Problem


def texts_in(value: Any) -> Iterator[Text]:
    """Every Text inside a model value (dataclasses, tuples), in field order."""
    if isinstance(value, Text):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from texts_in(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from texts_in(item)


def content_gaps(edition: Edition) -> list[Gap]:
    gaps = []
    for text in texts_in(edition):
        for lang in edition.languages:
            if not text.has(lang):
                gaps.append(Gap(lang, Problem(text.where or edition.source, f"this text is missing in {lang}",
                                              f"add '{lang}: …' beside the other languages", severity="warning")))
    folder = edition.source.path.rsplit("/", 1)[0]
    for lang in edition.languages:
        shown = edition.text_in(lang)
        if edition.body and (shown is None or shown.lang != lang):  # an empty file is no text either
            gaps.append(Gap(lang, Problem(Where(f"{folder}/index.{lang}.md"),
                                          f"the edition's text is missing in {lang}",
                                          f"write {folder}/index.{lang}.md", severity="warning")))
    return gaps


def page_gaps(content: Content) -> list[Gap]:
    """A site page written in some of the site's languages but not all: the others show its text
    in another language, with a notice (`new page` makes one file per language)."""
    written: dict[str, dict[str, Where]] = {}
    for page in content.pages:
        written.setdefault(page.slug, {})[page.lang] = page.source
    gaps = []
    for slug, versions in sorted(written.items()):
        shown = versions.get(content.site.default_language) or versions[min(versions)]  # what the others show
        gaps += [Gap(lang, Problem(Where(shown.path, 1, 1), f"the page's text is missing in {lang}: its {lang} "
                                   "page shows this one", f"write content/pages/{slug}.{lang}.md", severity="warning"))
                 for lang in content.site.languages if lang not in versions]
    return gaps


def interface_gaps(root: pathlib.Path, languages: tuple[str, ...]) -> list[Gap]:
    return [Gap(lang, Problem(Where(path, line), f"interface string not translated into {lang}: {message!r}",
                              "translate it in this catalog (after: python build.py i18n update)",
                              severity="warning"))
            for lang in languages if lang != "en"
            for path, line, message in i18n.untranslated(root, lang)]


def translation_gaps(root: pathlib.Path, content: Content) -> list[Gap]:
    gaps = interface_gaps(root, content.site.languages)
    for edition in content.editions:
        gaps += content_gaps(edition)
    return [*gaps, *page_gaps(content)]


def translation_report(root: pathlib.Path, content: Content | None) -> tuple[list[str], int]:
    """Lines for `i18n report`, language by language, and the number of gaps."""
    if content is None:
        return ["The content has errors; run: python build.py check"], 1
    gaps = translation_gaps(root, content)
    lines = []
    for lang in content.site.languages:
        found = [g.problem for g in gaps if g.lang == lang]
        lines.append(f"{lang}: {len(found)} to translate" if found else f"{lang}: complete")
        lines += [f"  {p.where}: {p.message}" for p in found]
    return lines, len(gaps)
