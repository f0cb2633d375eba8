"""Locale-aware formatting of what visitors read: dates, ranges, times, lists, numbers, sizes.

Everything comes from Babel's CLDR data. English uses British conventions (en_GB). Two
deliberate adjustments, both to match how the editors of these sites write:
- month names are always full: CLDR's interval patterns abbreviate them (yMMMd), so the patterns
  are widened, as CLDR's own skeleton-matching rules allow;
- numeric day ranges take no spaces around the dash (28–29 септември 2020 г.), and the thin and
  narrow spaces some locales use become ordinary spaces, so texts copy and search predictably.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Sequence

from babel import Locale, localedata
from babel.core import get_global
from babel.dates import format_date, format_time
from babel.languages import get_official_languages
from babel.lists import format_list
from babel.numbers import format_decimal

from .slugs import transliterate
from .zones import in_zone

BABEL_LOCALES = {"en": "en_GB"}  # site language -> CLDR locale, where they differ


@functools.cache
def locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang, lang))


def _widen(pattern: str) -> str:
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)


def _tidy(text: str) -> str:
    return text.replace("\u2009", " ").replace("\u202f", " ").replace("\xa0", " ")


@functools.cache
def _date_pattern(lang: str) -> str:
    skeletons = locale(lang).datetime_skeletons
    skeleton = skeletons.get("yMMMMd") or skeletons["yMMMd"]
    return _widen(str(skeleton.pattern if hasattr(skeleton, "pattern") else skeleton))


# The dates and times of a page are asked for again on every page that shows them (the footer's
# date on all of them): Babel's formatting is kept, not redone, for each value and language.
@functools.lru_cache(maxsize=1 << 12)
def date(value: dt.date, lang: str) -> str:
    """10 October 2024 / 10 octombrie 2024 / 10 октомври 2024 г."""
    return _tidy(format_date(value, _date_pattern(lang), locale=locale(lang)))


@functools.lru_cache(maxsize=1 << 12)
def day(value: dt.date, lang: str) -> str:
    """A day of an agenda, with its weekday: Tuesday, 4 June 2030 / marți, 4 iunie 2030 / вторник, 4 юни 2030 г."""
    return _tidy(format_date(value, "full", locale=locale(lang)))


@functools.lru_cache(maxsize=1 << 12)
def date_range(start: dt.date, end: dt.date, lang: str) -> str:
    """7–8 December 2021 / 30 November – 2 December 2023 / 30 December 2023 – 2 January 2024."""
    if start == end:
        return date(start, lang)
    formats = locale(lang).interval_formats
    patterns = formats.get("yMMMMd") or formats["yMMMd"]
    difference = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    first, second = (_widen(p) for p in patterns[difference])
    loc = locale(lang)
    text = _tidy(format_date(start, first, locale=loc) + format_date(end, second, locale=loc))
    if difference == "d":
        text = re.sub(r"(\d)\s*–\s*(\d)", r"\1–\2", text)
    return text


def utc_offset(day: dt.date, clock: dt.time, timezone: str) -> str:
    """The zone's offset at that moment, written the same in every language: UTC+03:00."""
    offset = in_zone(day, clock, timezone).utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def instant(moment: dt.datetime) -> str:
    """A moment as a UTC instant for scripts to compare with the visitor's clock: 2030-05-12T06:30:00Z."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.lru_cache(maxsize=1 << 12)
def time(clock: dt.time, lang: str) -> str:
    """14:30 in the locale's short form: 09:30 in English and Romanian, 9:30 in Bulgarian (`hour_digits`)."""
    return _tidy(format_time(clock, "short", locale=locale(lang)))


@functools.cache
def hour_digits(lang: str) -> str:
    """How `time` writes an hour before ten, in the words of the `hour` option of JavaScript's
    Intl.DateTimeFormat: "numeric" (9:30, in Bulgarian) or "2-digit" (09:30, in English and
    Romanian). The scripts that write a visitor's own time are told it (data-hour), so that a page
    writes its clock one way; they drop the zero themselves, as Intl's own "numeric" follows its
    CLDR's patterns, not the page's (Chromium writes a Bulgarian hour beside a weekday as "09")."""
    hour = re.match(r"\D*(\d+)", time(dt.time(9, 0), lang))
    return "2-digit" if hour and len(hour[1]) == 2 else "numeric"


def time_range(day: dt.date, start: dt.time, end: dt.time | None, timezone: str, lang: str,
               next_day: str | None = None, end_day: dt.date | None = None) -> str:
    """09:30–10:00 (UTC+03:00): the offset once, after the range. `next_day` ("%(time)s the next
    day", translated) words an end after midnight, on `end_day`. An end on the other side of a
    clock change has its own offset: 23:00 (UTC+03:00) – 05:00 the next day (UTC+02:00)."""
    offset = utc_offset(day, start, timezone)
    if end is None:
        return f"{time(start, lang)} ({offset})"
    finish = time(end, lang) if next_day is None else next_day % {"time": time(end, lang)}
    end_offset = utc_offset(end_day or day, end, timezone)
    if end_offset != offset:
        return f"{time(start, lang)} ({offset}) – {finish} ({end_offset})"
    return f"{time(start, lang)}–{finish} ({offset})"


def listing(items: Sequence[str], lang: str) -> str:
    """A, B and C / A, B și C / A, B и C."""
    return format_list(list(items), locale=locale(lang)) if items else ""


def number(value: int, lang: str) -> str:
    return _tidy(format_decimal(value, locale=locale(lang)))


@functools.lru_cache(maxsize=1 << 12)
def country(code: str, lang: str) -> str:
    return str(locale(lang).territories.get(code, code))


@functools.cache
def country_codes() -> frozenset[str]:
    """The two-letter codes of the countries (and territories) CLDR names, but 'ZZ', its unknown region."""
    return frozenset(code for code in locale("en").territories if re.fullmatch(r"[A-Z]{2}", code)) - {"ZZ"}


EU_COUNTRY_CODES = {"EL": ("GR",)}  # the code EU documents give Greece


def meant_country(written: str) -> str:
    """A "did you mean" for a country code CLDR does not know, or "": the code in capitals, the
    code of a country written by name (Bulgaria, România, Молдова), the code of an old one (UK)."""
    text = written.strip()
    if text.upper() in country_codes() and text != text.upper():
        return f"write it in capitals: {text.upper()}"
    alias = get_global("territory_aliases").get(text.upper(), ()) or EU_COUNTRY_CODES.get(text.upper(), ())
    codes = [code for code in alias if code in country_codes()][:1]
    if not codes:
        wanted = text.casefold()
        codes = sorted({code for lang in ("en", "ro", "bg") for code, name in locale(lang).territories.items()
                        if code in country_codes() and str(name).casefold() == wanted})
    return f"did you mean {codes[0]} ({country(codes[0], 'en')})?" if len(codes) == 1 else ""


@functools.lru_cache(maxsize=1 << 12)
def language_name(code: str, lang: str, capitalized: bool = False) -> str:
    """The name of a language in `lang`, as written mid-sentence (English, engleză, английски),
    or capitalized for a label on its own (the language switcher: Română, Български)."""
    name = str(locale(lang).languages.get(code, code))
    return name[:1].upper() + name[1:] if capitalized else name


@functools.cache
def language_codes() -> frozenset[str]:
    """The codes of the languages CLDR names (two or three letters): what a session may be held in."""
    return frozenset(code for code in locale("en").languages if re.fullmatch(r"[a-z]{2,3}", code))


def is_language(code: str) -> bool:
    return code in language_codes()


@functools.cache
def _language_names() -> dict[str, tuple[str, ...]]:
    """Each language code's names, lower-case: in English, and in the language itself when CLDR has it."""
    english = locale("en").languages
    names = {}
    for code in language_codes():
        own = localedata.exists(code) and Locale.parse(code).languages.get(code)
        names[code] = tuple(str(name).lower() for name in (english[code], own) if name)
    return names


def meant_language(written: str, choices: frozenset[str] | None = None) -> str:
    """A "did you mean" for a language code CLDR does not know, or "" when nothing says which was meant:
    the two-letter code of a three-letter one (bul, ger, rum), the language of a country's code
    (ua, md, gr), the code of a language named or begun (Romanian, Bul), the site's languages first.
    (A near spelling says nothing here: 'ua' is as near to Ugaritic as to Ukrainian.)"""
    choices = language_codes() if choices is None else choices
    text = written.strip().lower()

    def said(codes: Sequence[str]) -> str:
        named = [f"{code!r} ({language_name(code, 'en')})" for code in codes]
        return f"did you mean {' or '.join(named)}?"

    if text in choices and text != written.strip():  # 'EN', written in capitals
        return f"write it in small letters: {text!r}"
    alias = get_global("language_aliases").get(text)
    if isinstance(alias, str) and alias in choices:
        return said([alias])
    if re.fullmatch(r"[a-z]{2}", text) and (spoken := [c for c in get_official_languages(text.upper())
                                                         if c in choices][:2]):
        country = locale("en").territories.get(text.upper(), text.upper())
        return f"'{written.strip()}' is the code of the country {country}: {said(spoken)}"
    names = _language_names()
    exact = [code for code in sorted(choices) if text in names.get(code, ())]
    if exact:
        return said(exact[:1])
    if len(text) < 2:
        return ""
    begun = [code for code in sorted(choices)
             if len(code) == 2 and any(name.startswith(text) for name in names.get(code, ()))]
    begun = [code for code in begun if text.startswith(code)] or begun  # 'rom': Romanian before Romansh
    return said(begun) if 0 < len(begun) <= 3 else ""


@functools.cache
def site_language_codes() -> frozenset[str]:
    """The languages a site can be written in: those CLDR names whose dates and numbers it knows
    how to write."""
    return frozenset(code for code in language_codes() if localedata.exists(code))


def file_size(size: int, lang: str) -> str:
    """1.5 MB / 1,5 MB: decimal units, one decimal below 10."""
    units = ("B", "kB", "MB", "GB")
    value, unit = float(size), 0
    while value >= 1000 and unit < len(units) - 1:
        value, unit = value / 1000, unit + 1
    pattern = "#,##0.#" if value < 10 and unit else "#,##0"
    return f"{_tidy(format_decimal(value, pattern, locale=locale(lang)))} {units[unit]}"


# Alphabets whose order differs from plain Unicode order once accents are removed: Romanian puts
# ă, â after a, î after i, ș after s and ț after t; Bulgarian readers expect Cyrillic names before
# Latin ones, and others the reverse (CLDR's bg collation reorders Cyrillic first).
_ALPHABETS = {
    "ro": "aăâbcdefghiîjklmnopqrsștțuvwxyz",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
}


# Asked for every name in each language at every build, and at every save of the live preview:
# the same names again and again (a 300-edition series sorts 6,000 names in four orders, 0.4 s).
# The keys are kept for the whole build (and the preview's life): each letter's (rank, value) is
# written as two characters of one string, which sorts as the pairs would, in a fraction of the
# memory of a tuple of tuples (21 MB for a 300-edition series' names).
@functools.lru_cache(maxsize=1 << 16)
def collation_key(text: str, lang: str) -> tuple[str, str, str]:
    """Sort names as a reader of `lang` expects (a small stand-in for ICU collation): letters
    first, ignoring accents that are not letters of their own, then accents, then exact text."""
    alphabet = _ALPHABETS.get(lang, "")
    cyrillic_first = lang in ("bg", "uk", "ru", "sr", "mk")
    primary = []
    for char in text.casefold():
        if char in alphabet:
            primary.append(_SORTED_FIRST + chr(alphabet.index(char)))
            continue
        base = unicodedata.normalize("NFKD", char)[0]
        if base.isspace() or not base.isalnum():
            primary.append(_SPACE if base.isspace() else _OTHER + base)
            continue
        is_cyrillic = "\u0400" <= base <= "\u04ff"
        primary.append((_SCRIPT_FIRST if is_cyrillic == cyrillic_first else _SCRIPT_SECOND) + base)
    return ("".join(primary), text.casefold(), text)


# the ranks of a letter's pair in `collation_key`: a space, a letter of the language's alphabet, one
# of the reader's own script, one of the other script, anything else
_SPACE, _SORTED_FIRST, _SCRIPT_FIRST, _SCRIPT_SECOND, _OTHER = "\x00\x00", "\x01", "\x02", "\x03", "\x04"


def one_full_stop(text: str, values: Sequence[object]) -> str:
    """A sentence whose value ends with a full stop ("1 май 2027 г.") and is followed by the
    sentence's own full stop keeps one: "…on 1 май 2027 г." never "г..". Works for every language."""
    for value in values:
        if isinstance(value, str) and value.endswith("."):
            text = text.replace(value + ".", value)
    return text
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def latin_aid(texts: Sequence[str]) -> str:
    """The texts that have Cyrillic letters, transliterated, for a search index: "" when none has."""
    return " · ".join(transliterate(text) for text in texts if _CYRILLIC.search(text))


def cut(text: str, limit: int) -> tuple[str, bool]:
    """`text` no longer than `limit` characters (cut at a word, with "…"), and whether it was cut."""
    if len(text) <= limit:
        return text, False
    shortened = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return shortened + "…", True


def summary(text: str, limit: int = 160) -> str:
    """A text as a page's description for search engines and link previews: on one line, cut at a
    word once over `limit` characters (an imported abstract may run to 5,000)."""
    return cut(" ".join(text.split()), limit)[0]


# the first word of Unicode's names for letters of the scripts CLDR's likely subtags name; not
# Latin, which too many languages share for a name's letters to say which it is read in
_SCRIPTS = {"CYRILLIC": "Cyrl", "GREEK": "Grek", "ARMENIAN": "Armn", "GEORGIAN": "Geor", "HEBREW": "Hebr",
            "ARABIC": "Arab"}


@functools.cache
def _writing(script: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """Those of `languages` that CLDR says are written in `script` (bg_Cyrl_BG, ro_Latn_RO)."""
    likely = get_global("likely_subtags")
    return tuple(lang for lang in languages if likely.get(lang, "").split("_")[1:2] == [script])


@functools.lru_cache(maxsize=8192)  # (asked for each name on each page: a site has a few thousand names)
def language_by_script(text: str, languages: tuple[str, ...]) -> str | None:
    """The language a name written once for every language is read in, from its letters: the one
    of `languages` written in the script of its first letter (a Cyrillic name on a site in en, ro
    and bg is read as Bulgarian, so a screen reader on an English page says it in Bulgarian); None
    when no language, or more than one, writes that script, and for a Latin name, whose letters
    say too little (on a site in en and bg, "Ștefan Pop" is no more English than Bulgarian)."""
    script = next((_SCRIPTS.get(unicodedata.name(char, "").split(" ", 1)[0]) for char in text if char.isalpha()),
                  None)
    if script is None:
        return None
    found = _writing(script, languages)
    return found[0] if len(found) == 1 else None
