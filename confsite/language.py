"""`check` guards the language: warnings about how texts are written, not about what they say.

- Romanian written with cedilla letters (ş ţ Ş Ţ), which Romanian does not use: it writes a comma
  below (ș ț Ș Ț). Found in the source files, at the line of the text.
- Placeholder sentences that `new` writes for the editor to replace, left in a text.
- The same sentence twice on one rendered page (an introduction repeating a field, say). Only the
  rendered page shows what a reader meets together, so this runs on the pages, and is reported
  at the source file and line that holds the repeated sentence when one can be found.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

from .documents import Document, YamlList, YamlMap, may_hold, parse_yaml
from .html_tags import TAG, start_tags
from .load import Sources
from .problems import Problem, Where
from .scaffold import PLACEHOLDERS

_CEDILLA_LETTERS = "şţŞŢ"
CEDILLA = str.maketrans(_CEDILLA_LETTERS, "șțȘȚ")
_CEDILLA = re.compile(f"[{_CEDILLA_LETTERS}]")
LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}$")


def _cedilla_problem(where: Where, text: str) -> Problem:
    letters = "".join(sorted(set(_CEDILLA.findall(text))))
    return Problem(where, f"Romanian text with the cedilla letter(s) {letters}, where Romanian writes a comma below "
                   f"({letters.translate(CEDILLA)})",
                   "replace ş with ș, ţ with ț, Ş with Ș and Ţ with Ț (a keyboard set to Romanian (standard) "
                   "types them)", severity="warning")


def _romanian_strings(value: Any, where: Where, romanian: bool) -> Iterator[tuple[Where, str]]:
    """Every string in a YAML value that is Romanian: under a 'ro' key, or anywhere outside another
    language's key when the document's own language is Romanian."""
    if isinstance(value, dict):
        for key, item in value.items():
            at = value.value_where.get(key, where) if isinstance(value, YamlMap) else where
            is_language = isinstance(key, str) and LANGUAGE_KEY.match(key) is not None
            yield from _romanian_strings(item, at, key == "ro" if is_language else romanian)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            at = value.item_where[index] if isinstance(value, YamlList) else where
            yield from _romanian_strings(item, at, romanian)
    elif isinstance(value, str) and romanian:
        yield where, value


def _lines(document: Document) -> Iterator[tuple[int, str]]:
    return enumerate(document.text.splitlines(), start=1)


def cedilla_problems(sources: Sources, catalog: Document | None = None) -> list[Problem]:
    """Romanian texts with cedilla letters: in YAML ('ro:' texts, and every text of a file whose
    original language is Romanian), in the '.ro.md' files, and in the Romanian interface catalog."""
    problems = []
    for document in (sources.site, *sources.editions.values(), *sources.people.values(),
                     *sources.organisations.values()):
        # load gives the texts: only those that may hold such a letter are parsed again, to find
        # which of their values are Romanian
        if document is None or not may_hold(document.text, *_CEDILLA_LETTERS):
            continue
        data = document.data if document.data is not None else parse_yaml(document.text, document.path)[0]
        problems += [_cedilla_problem(where, text) for where, text in
                     _romanian_strings(data, Where(document.path, 1, 1), _first_language(data) == "ro")
                     if _CEDILLA.search(text)]
    markdown = [doc for (_, lang), doc in (*sources.texts.items(), *sources.pages.items()) if lang == "ro"]
    for document in markdown:
        problems += [_cedilla_problem(Where(document.path, number, found.start() + 1), line)
                     for number, line in _lines(document) if (found := _CEDILLA.search(line))]
    if catalog is not None:
        problems += [_cedilla_problem(Where(catalog.path, number, found.start() + 1), line)
                     for number, line in _lines(catalog)
                     if line.startswith(("msgstr", '"')) and (found := _CEDILLA.search(line))]
    return problems


def _first_language(data: Any) -> str | None:
    languages = data.get("languages") if isinstance(data, dict) else None
    return languages[0] if isinstance(languages, list) and languages and isinstance(languages[0], str) else None


def placeholder_problems(documents: Iterable[Document], drafts: Iterable[str]) -> list[Problem]:
    """A sentence `new` wrote, still there: a warning, or a note in a draft's texts (it is unfinished)."""
    draft_folders = tuple(f"content/editions/{slug}/" for slug in drafts)
    problems = []
    for document in documents:
        in_draft = document.path.startswith(draft_folders) if draft_folders else False
        for number, line in _lines(document):
            for sentence in PLACEHOLDERS:
                if sentence in line:
                    problems.append(Problem(
                        Where(document.path, number, line.index(sentence) + 1),
                        f"the placeholder {sentence!r} that 'new' wrote is still here",
                        "replace it with the real text" + (" before the draft is published" if in_draft else ""),
                        severity="note" if in_draft else "warning"))
    return problems


# --- the same sentence twice on one page -----------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td", "th", "blockquote", "figcaption",
          "div", "section", "header", "footer", "ul", "ol", "dl", "table", "tr", "br", "main", "article"}
MIN_WORDS = 5


class _MainText(HTMLParser):
    """The text of a page's <main>, one string per block, without scripts and hidden search aids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <main> when > 0
        self.skip = 0  # inside <script>, <style> or an element only for search engines or the index
        self.blocks: list[list[str]] = [[]]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth += 1
        names = dict(attrs)
        skipped = self.skip or tag in ("script", "style", "template") or "hidden" in names \
            or "data-pagefind-ignore" in names
        if skipped and tag not in VOID:  # a void element never closes: it holds nothing to skip
            self.skip += 1
        if tag in BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.blocks.append([])
        if self.skip and tag not in VOID:
            self.skip -= 1
        if tag == "main":
            self.depth -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.blocks.append([])

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.blocks[-1].append(data)


def parsed_sentences(page: str) -> list[str]:
    """`sentences` by a full HTML parse: the reference the quick reading is tested against."""
    parser = _MainText()
    parser.feed(page)
    return _sentences(["".join(block) for block in parser.blocks])


# An end tag, or what `html_tags.start_tags` reads: a comment, a script or style element with its
# content, a start tag with its attributes.
_TOKEN = re.compile(r"</([a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>|" + TAG.pattern.replace(r"</\1", r"</\2"), TAG.flags)
_MAIN = re.compile(r"<main[\s>]", re.I)
_SKIPPING = re.compile(r"hidden|data-pagefind-ignore", re.I)


# What a <main> holds when it is only elements, text and escaped characters, as on most pages the
# templates make: no comment, script, style, template, part kept out of the search index, second
# <main>, or the characters the quick reading marks blocks with. Its sentences are then read
# without a loop over its tags (`_plain_blocks`); anything else is read tag by tag. (Searched for
# as plain strings in its lower-case text: a regular expression with these alternatives took half
# of the time of reading the page.) Its hidden parts are cut out first (`_without_hidden_text`).
_UNUSUAL = ("<!--", "<script", "<style", "<template", "<main", "data-pagefind-ignore", "\x00", "\x01")
# What the quick reading, which ends a tag at its first '>', would read otherwise than a parse: a
# quoted value that holds a '>' (`title='a > b'`), or a value without quotes just before '/>' (in
# `title=x/>` and `title= />` the '/' is the value's: the tag does not close itself).
_MISREAD = re.compile(r"""=\s*(?:"[^"]*>|'[^']*>|(?:[^\s'">][^\s>]*)?/>)""")
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(BLOCKS)) + r")(?=[\t\n\r\f />])[^<>]*>", re.I | re.A)
_ANY_TAG = re.compile(r"</?([a-zA-Z][^\t\n\r\f />\x00<>]*)[^<>]*>")
_MAIN_END = re.compile(r"</main(?=[\t\n\r\f />])[^>]*>", re.I | re.A)


def sentences(page: str) -> list[str]:
    """The page's sentences of some length that end like a sentence (so not a title repeated in a
    list of editions), in order, with their white space made single. Read from the text of <main>
    alone: what comes before it, the head and the navigation, holds no sentence (the templates
    close each element they open there), and reading it was half of the time. This gives what a
    full parse (`parsed_sentences`) gives, on the pages the templates make, in a fraction of the
    time."""
    opening = _MAIN.search(page)
    if opening is None:
        return []
    blocks = _plain_blocks(page, opening.start())
    return _sentences(blocks if blocks is not None else _blocks_by_tags(page, opening.start()))


def _plain_blocks(page: str, start: int) -> list[str] | None:
    """The text of each block of the <main> that starts at `start`, when it holds only elements,
    text and escaped characters, read by two substitutions of regular expressions: block tags become
    boundaries, other tags go. None for any other <main>, or when a tag is not read whole (a `<` or
    `>` left in the text)."""
    tag = _TOKEN.match(page, start)
    closing = _MAIN_END.search(page, start)
    if tag is None or tag[4] is None or tag[4].lower() != "main" or tag[0].endswith("/>") or closing is None:
        return None
    region = page[tag.end():closing.start()]
    lower = region.lower()
    if any(unusual in lower for unusual in _UNUSUAL) or _MISREAD.search(region):
        return None
    if "hidden" in lower:
        shown = _without_hidden_text(region, lower)
        if shown is None:
            return None
        region = shown
    text = _ANY_TAG.sub("\x01", _BLOCK_TAG.sub("\x00", region))
    if "<" in text or ">" in text:
        return None
    # each piece of text between two tags is unescaped alone, as a parse would
    return ["".join([html.unescape(piece) if "&" in piece else piece for piece in block.split("\x01")])
            if "&" in block else block.replace("\x01", "") for block in text.split("\x00")]


def _without_hidden_text(region: str, lower: str) -> str | None:
    """The plain text of a <main> (`_plain_blocks`) without the text of its elements that carry
    the attribute `hidden`: their tags are kept, so that blocks end where they did. As a parse skips
    it, a hidden part ends at the end tag that closes as many elements as were opened in it
    (`_blocks_by_tags`). None when a hidden part is not plain, or not closed before </main>.
    The word is looked for in the region in lower case, `lower`, where each character is at its
    place in `region` when lowering changed no length (else None)."""
    if len(lower) != len(region):
        return None
    kept, done, at = [], 0, -1
    while (at := lower.find("hidden", at + 1)) >= 0:
        opening = region.rfind("<", 0, at)
        if at < done or lower[at - 1] == "-" or opening < 0 or region.rfind(">", 0, at) > opening:
            continue  # in a hidden part cut out already, aria-hidden or visually-hidden, or in the text
        tag = _ANY_TAG.match(region, opening)
        if tag is None or tag.end() <= at:
            return None  # a tag not read whole
        if tag[0].startswith("</"):
            continue  # in an end tag
        if (read := TAG.match(region, opening)) is None or read.end() != tag.end():
            return None  # a tag a parse reads otherwise
        if tag[0].endswith("/>") or tag[1].lower() in VOID or not _skipping(tag[0]):
            continue  # in a value, or on an element that holds nothing
        depth, end = 1, 0
        for inner in _ANY_TAG.finditer(region, tag.end()):
            closes = inner[0].startswith("</")
            if inner[1].lower() in VOID or (not closes and inner[0].endswith("/>")):
                continue  # opens nothing, closes nothing
            depth += -1 if closes else 1
            if depth == 0:
                end = inner.end()
                break
        part = region[opening:end]
        if not end or any(mark in _ANY_TAG.sub("", part) for mark in "<>"):
            return None  # not closed, or a tag in it not read whole
        kept += [region[done:opening], *(found[0] for found in _ANY_TAG.finditer(part))]
        done = end
    return "".join([*kept, region[done:]])


def _blocks_by_tags(page: str, start: int) -> list[str]:
    """The text of each block of the <main> that starts at `start`, read with one regular
    expression over the tags (the link checker's): `_MainText` written out in one loop, as it runs
    for every tag of a page."""
    blocks: list[list[str]] = [[]]
    block = blocks[0]
    depth = skip = 0  # inside <main> when depth > 0; inside what is skipped when skip > 0
    last = start
    for match in _TOKEN.finditer(page, last):
        start = match.start()
        if start > last and depth and not skip:
            data = page[last:start]
            block.append(html.unescape(data) if "&" in data else data)  # (most of them hold no reference)
        last = match.end()
        closing, _, _, opening_name, attributes = match.groups()[:5]
        if closing is not None:  # an end tag
            tag = closing.lower()
            if tag in BLOCKS:
                blocks.append(block := [])
            if skip and tag not in VOID:
                skip -= 1
            if tag == "main":
                depth -= 1
        elif opening_name is not None:  # a start tag
            tag = opening_name.lower()
            # html.parser's startendtag, no depth, no skip: '/>', the '/' not a value's (`title=x/>`)
            if page.endswith("/>", start, last) and not (attributes or "").endswith("/"):
                if tag in BLOCKS:
                    blocks.append(block := [])
                continue
            if tag == "main":
                depth += 1
            if (skip or tag in ("script", "style", "template")
                    or (attributes and _SKIPPING.search(attributes) and _skipping(match.group(0)))) \
                    and tag not in VOID:  # a void element never closes: it holds nothing to skip
                skip += 1
            if tag in BLOCKS:
                blocks.append(block := [])
        # else a comment, or a script or style element read whole: what it holds is skipped
    if last < len(page) and depth and not skip:
        block.append(html.unescape(page[last:]))
    return ["".join(block) for block in blocks]


def _skipping(tag: str) -> bool:
    """Whether a start tag hides what it holds from readers: `hidden`, or kept out of the search index."""
    names = next(start_tags(tag))[1]
    return "hidden" in names or "data-pagefind-ignore" in names


def _sentences(blocks: list[str]) -> list[str]:
    found = []
    for block in blocks:
        if len(block) < 2 * MIN_WORDS - 1:
            continue  # too short to hold a sentence's words and the spaces between them
        words = block.split()
        if len(words) < MIN_WORDS:
            continue  # too few words for a sentence (most blocks: the white space between tags)
        text = " ".join(words)
        # Words are one space apart in `text` and no line break is left, so a sentence ends at ". ",
        # "! " or "? ": split there by replacing (a third of the time of a regular expression's
        # split); a sentence's spaces count its words.
        found += [s for s in text.replace(". ", ".\n").replace("! ", "!\n").replace("? ", "?\n").split("\n")
                  if s.count(" ") >= MIN_WORDS - 1 and s[-1] in ".!?…"]
    return found


def page_repeats(page: str) -> tuple[str, ...]:
    """The sentences a page says again, in order, each time after the first. Read once per page
    while it is rendered (and kept in the build cache with it)."""
    seen: set[str] = set()
    again = []
    for sentence in sentences(page):
        if sentence in seen:
            again.append(sentence)
        seen.add(sentence)
    return tuple(again)


def repeated_in(repeats: Mapping[str, Sequence[str]], inputs: Mapping[str, Sequence[str]],
                texts: Mapping[str, str]) -> list[Problem]:
    """A warning for each sentence a page says twice (each page's `page_repeats`), at the source
    line that holds it; a sentence repeated on several pages (a fallback page shows the same texts)
    is reported once. Sentences no content file holds come from the interface (a notice on each
    day without a programme), which may rightly repeat: they are left alone."""
    problems, reported = [], set()
    for path, again in sorted(repeats.items()):
        for sentence in again:
            if sentence in reported:
                continue
            found = _find(sentence, inputs.get(path, ()), texts)
            if not found:
                continue
            reported.add(sentence)
            where, *others = found
            short = sentence if len(sentence) <= 90 else sentence[:87] + "…"
            also = f" (and at {others[0]})" if others else ""
            # two files that say it (two editions with one title, on a list of editions), or one file
            # and the field or introduction of another
            hint = ("say it once: keep it in the introduction or in the field, not in both"
                    if not others or others[0].path == where.path or not (_edition_file(where.path)
                                                                           and _edition_file(others[0].path))
                    else "two editions say it the same way: give each its own words (a copied edition keeps "
                         "the title of the one it was copied from)")
            problems.append(Problem(where, f"the sentence “{short}” is on /{path.removesuffix('index.html')} "
                                    f"twice{also}", hint, severity="warning"))
    return problems


def _edition_file(path: str) -> bool:
    return path.startswith("content/editions/") and path.endswith("/edition.yaml")


def _find(sentence: str, inputs: Sequence[str], texts: Mapping[str, str]) -> list[Where]:
    """The content files' lines that hold the most of the sentence's opening words, at least four of
    them (the Markdown or YAML around them may differ, and a sentence a template makes of several
    fields, "Clusters meet Regions in Ruse, 14–15 May 2026", is written in none whole): every
    edition of a series starts its title with the same four words."""
    words = re.findall(r"\w+", sentence)
    if not words:
        return []
    lines = [(path, number, line) for path in inputs if path.startswith("content/")
             for number, line in enumerate(texts.get(path, "").splitlines(), start=1)]
    for count in range(len(words), min(4, len(words)) - 1, -1):
        pattern = re.compile(r"\W+".join(map(re.escape, words[:count])))
        found = [Where(path, number, match.start() + 1) for path, number, line in lines
                 if (match := pattern.search(line))]
        if found or count <= 4:
            return found
    return []
