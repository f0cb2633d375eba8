"""Which characters an editor's text may hold: the one rule, shared by YAML fields and Markdown.

Control characters, NUL, surrogates and Unicode non-characters never belong in a text; tab, line
feed and the direction embeddings, overrides and isolates only in long texts. Ids and slugs also
refuse the invisible characters (bidirectional controls, zero-width characters) that can make two
ids look alike.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = {
    **{chr(c): "a bidirectional control character" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                                             0x200E, 0x200F, 0x061C)},
    **{chr(c): "a zero-width character" for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E)},
}


# Regular expressions match a class of characters all under U+10000 from a table, and one that
# holds higher characters one range at a time (14 times slower on a page of text): the
# non-characters of the higher planes are looked for only in a text that holds such characters.
_NEVER = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_IN_LONG_TEXT = re.compile(f"[{_NEVER}]")
# A direction embedding, override or isolate in a one-line text (a name, a title) runs on into the
# page's own words after it ("1 edition" read backwards); a long text's paragraph ends its reach.
_TURNING = "\u202a-\u202e\u2066-\u2069"
_IN_ONE_LINE = re.compile(f"[\t\n{_NEVER}{_TURNING}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_NONCHARACTERS = re.compile("[" + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF)
                                                 for plane in range(1, 17)) + "]")


def name(char: str) -> str:
    """'U+0007', with the Unicode name when it has one: how a message points at an invisible character."""
    label = f"U+{ord(char):04X}"
    described = unicodedata.name(char, "")
    return f"{label} {described}" if described else label


def forbidden(text: str, multiline: bool = False) -> tuple[int, str] | None:
    """(index, reason) of the first character a text may not hold, or None.

    `multiline`: a long text, where tab and line feed are allowed."""
    match = (_IN_LONG_TEXT if multiline else _IN_ONE_LINE).search(text)
    if _ASTRAL.search(text, 0, match.start() if match else len(text)):
        match = _ASTRAL_NONCHARACTERS.search(text, 0, match.start() if match else len(text)) or match
    if match is None:
        return None
    char = match.group()
    if char in "\t\n":
        what = "a tab" if char == "\t" else "a line break"
        return match.start(), f"{what}, which this single-line field cannot hold"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return match.start(), (f"the direction control {name(char)}, which would turn the page's own words "
                               "after it around")
    category = unicodedata.category(char)
    if category in ("Zl", "Zp"):
        return match.start(), f"the separator {name(char)}, which is no ordinary line break"
    if category == "Cc":
        return match.start(), f"the control character {name(char)}"
    return match.start(), f"{name(char)}, which is not a character"


def invisible(text: str) -> tuple[int, str] | None:
    """(index, reason) of the first invisible formatting character, for ids and slugs."""
    for index, char in enumerate(text):
        if char in INVISIBLE:
            return index, f"{INVISIBLE[char]} ({name(char)})"
    return None


def composed(text: str) -> str:
    """`text` with each accent stored in its letter (NFC): "ă" typed, and "a" followed by a combining
    breve as macOS and zip files may store a file's name, are then the same."""
    return unicodedata.normalize("NFC", text)


# Quotation marks that word processors and phones type for " and ': YAML reads them as letters
TYPOGRAPHIC_QUOTES = "“”„‟‘’‚‛«»"


def typographic_quotes(text: str) -> str:
    """The typographic quotes a value starts with and ends with, as an editor sees them ("“ ”"),
    when it starts with one; else ''."""
    text = text.strip()
    if not text or text[0] not in TYPOGRAPHIC_QUOTES:
        return ""
    closing = next((char for char in reversed(text[1:]) if char in TYPOGRAPHIC_QUOTES), "")
    return f"{text[0]} {closing}" if closing else text[0]


def typographic_hint(shown: str) -> str:
    """What to do about the typographic quotes `shown` around a value."""
    return f"these are typographic quotes ({shown}); YAML needs straight ones (\" or ')"
