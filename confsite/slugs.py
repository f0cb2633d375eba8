"""Names written for addresses and search: Cyrillic in Latin letters (Bulgaria's official
Streamlined System), the slugs of ids, file names and URLs, and the key that tells two people's
names apart."""

from __future__ import annotations

import re
import unicodedata

# Bulgarian's official Streamlined System (2009), extended by the Ukrainian and Russian letters a
# name may have: "Тодор Тонев" -> "Todor Tonev", "Варна" -> "Varna".
_LATIN = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюяєіїґёыэ",
                  ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
                   "u", "f", "h", "ts", "ch", "sh", "sht", "a", "", "yu", "ya", "ye", "i", "yi", "g", "yo", "y",
                   "e"], strict=True))


# Serbian's and Macedonian's own letters, as their Latin alphabets write them without accents
# ("Марко Јовановић" -> "Marko Jovanovic", "Ђорђе" -> "Djordje"): without them a name lost letters.
_LATIN.update({"ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "ђ": "dj", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz"})


def transliterate(text: str) -> str:
    """Cyrillic letters in Latin ones, keeping capitals; other characters as they are."""
    out = []
    for char in text:
        latin = _LATIN.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def slugify(text: str) -> str:
    """Words joined by hyphens, for ids, file names and URLs: Chișinău -> chisinau, Iași -> iasi,
    Търново -> tarnovo (ASCII, Cyrillic transliterated)."""
    text = "".join(_LATIN_BASE.get(c, c) for c in transliterate(text.lower()))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


def slug_hint(text: str) -> str:
    """The id to suggest for a name that is not one (a file's): its slug, else a placeholder."""
    return slugify(text) or "something-like-this"


def key_part(text: str) -> str:
    """A part of a session's key (its track or room): its slug, in the letters a to z; a text in a
    script the slugs do not spell (Greek, Georgian, Chinese: "Αίθουσα Α") keeps its letters as
    written, lower-cased, rather than give no part at all, and two rooms one key."""
    return slugify(text) or "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


# Latin letters that Unicode does not decompose into a base letter and a mark (Łukasiewicz -> lukasiewicz)
_LATIN_BASE = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"}


def name_key(name: str) -> str:
    """A name as people are told apart by it: the same name written with other case, spacing,
    punctuation or accents ("Maria  Ionescu!", "maria ionescu", "Ana-Maria", "Ana Maria"; "Ștefan",
    "Ştefan" with a cedilla, "Stefan": call-for-papers tools drop and mix diacritics, and an editor
    who adds them back must not split the person) gives the same key; another letter or another
    script ("Олена Коваленко", "Olena Kovalenko"), another."""
    decomposed = unicodedata.normalize("NFKD", name)
    folded = unicodedata.normalize("NFKC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold())
    return " ".join("".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in folded).split()) or name
