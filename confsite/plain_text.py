"""What a plain text (a title, a name, a description in YAML) would show as written: the marks of
Markdown and HTML that a web page or a word processor leaves in a copied text. The field readers
(`fields.text_in`) warn about them; the import reduces Markdown's to their words (`importer.text`).
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata

from .problems import Problem, Where

# Markdown's link and bold marks: a plain text shows them as written, and the import reduces them
# to their words (`importer.text`). A link is read as Python-Markdown reads one, within a paragraph:
# its words in [ ] (with brackets inside one deep), then at once what ( ) hold: its address, maybe in
# < >, and maybe a title in quotes, with spaces around and parentheses inside (three deep), as in
# [the talk]( https://example.org/a_(b) "Slides" ); the words and what ( ) hold are its groups.
_IN_PARAGRAPH = r"(?:[^{0}\n]|\n(?![ \t]*\n))"  # a character but these, or a line break that ends no paragraph
_LINK_WORDS = r"(?:{0}|\[{0}{{0,200}}\])".format(_IN_PARAGRAPH.format(r"\[\]"))
_LINK_INSIDE = _IN_PARAGRAPH.format("()")
for _ in range(3):
    _LINK_INSIDE = rf"(?:{_IN_PARAGRAPH.format('()')}|\((?:{_LINK_INSIDE}){{0,500}}\))"
MARKDOWN_LINK = re.compile(rf"\[({_LINK_WORDS}{{1,200}})\]\(({_LINK_INSIDE}{{0,500}})\)")
MARKDOWN_BOLD = re.compile(r"\*\*(?=\S)([^\n]{0,200}?\S)\*\*")  # (not __: "__init__" is more often code)
# an HTML tag as a word processor or a web page leaves it: a known name, then attributes or its end
# (so that an address in angle brackets, <ana@example.org>, or <p-value> is no tag)
_HTML_TAG = re.compile(r"</?(?:a|b|br|div|em|h[1-6]|i|li|ol|p|span|strong|sub|sup|u|ul)"
                       r"(?:\s+[a-zA-Z][\w:-]*(?:\s*=\s*(?:\"[^\"<>\n]*\"|'[^'<>\n]*'|[^\s<>\"']+))?)*\s*/?>", re.I)
_HTML_CODE = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _known_code(code: str) -> bool:
    """Whether `code` (&name; or &#number;) is a whole character reference of HTML, for a character
    a text may hold (html.unescape also reads "&notes;" as "¬es;", and "&#0;" as a stand-in)."""
    if not code.startswith("&#"):
        return code[1:] in html.entities.html5
    number = int(code[3:-1], 16) if code[2] in "xX" else int(code[2:-1])
    return 0 < number < 0x110000 and not 0xD800 <= number < 0xE000


def shown_as_written(text: str, where: Where) -> Problem | None:
    """A warning for the first Markdown or HTML mark in a plain text (a title, a name, a
    description), which would show as written: copied from a web page or a word processor, it
    would reach visitors as "**Key findings**" or "Ports &amp; regions"."""
    alone = "write the words alone: bold text, links and lists are for the Markdown (.md) files"
    if (found := _HTML_TAG.search(text)) is not None:
        tag = found.group()
        return Problem(where, f"the HTML tag {tag!r} shows as written: this text is plain, not HTML", (
            "to start a new line, press Enter in a description (a blank line starts a paragraph); elsewhere, "
            "delete it" if re.match(r"</?(?:br|p)\b", tag, re.I) else alone), severity="warning")
    for code in _HTML_CODE.finditer(text):
        if not _known_code(code.group()):  # no code HTML knows ("Procter&Gamble;"): it is the writer's own text
            continue
        meant = html.unescape(code.group())
        invisible = unicodedata.category(meant[0]) in ("Cf", "Cc")
        shown = "a space" if meant.isspace() else "an invisible character" if invisible else repr(meant)
        return Problem(where, f"{code.group()!r} shows as written, not as {shown}: this text is plain, not HTML",
                       "write a space instead" if meant.isspace() else "delete it" if invisible else
                       f"write {meant!r} itself", severity="warning")
    if (found := MARKDOWN_LINK.search(text) or MARKDOWN_BOLD.search(text)) is not None:
        what = "link" if found.re is MARKDOWN_LINK else "bold marks"
        return Problem(where, f"the Markdown {what} in {found.group()!r} show{'s' * (what == 'link')} as written: "
                       "this text is plain, not Markdown", alone, severity="warning")
    return None
