"""Reading typed fields out of a YAML mapping, with a Problem for every mistake.

`Fields` wraps one mapping: each `take` reads one key with a converter; `done()` reports the
keys nobody asked for, each with a "did you mean" (`suggestions`). A converter is a function
(value, where) -> result that raises `Invalid` to reject the value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from . import characters, formatting
from .documents import YamlList, YamlMap
from .model import Text
from .plain_text import shown_as_written
from .problems import Problem, Where
from .slugs import slugify
from .suggestions import SAID_BY_VALUE, meant_field, suggest, suggest_field
from .value_hints import as_written, date_hint

T = TypeVar("T")
Converter = Callable[[Any, Where], T]

_MISSING = object()
# (\Z, not $: `$` also matches before a line break at the end, and a file named "about\n.en.md" or a
# folder "2030-iasi\n" took its name, line break and all, as its id, page address or edition folder)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}$")


class Invalid(Exception):
    """A value refused; `where`, when given, places it more precisely than its field (a language's line)."""

    def __init__(self, message: str, hint: str = "", where: Where | None = None) -> None:
        super().__init__(message)
        self.message, self.hint, self.where = message, hint, where


class Fields:
    """The fields of one YAML mapping, read once each."""

    def __init__(self, data: Any, where: Where, problems: list[Problem], what: str = "this") -> None:
        self.problems = problems
        self.where = getattr(data, "where", where)
        self.ok = isinstance(data, dict)
        if not self.ok:
            problems.append(Problem(where, f"{what} must be a mapping of 'field: value' lines",
                                    "indent the fields under it, each as 'name: value'"))
            data = YamlMap()
            data.where, data.key_where, data.value_where = where, {}, {}
        self.data: YamlMap = data
        self.read: set[str] = set()
        self.missing: dict[str, Problem] = {}  # the required fields not given, each with its problem

    def at(self, key: str) -> Where:
        return self.data.value_where.get(key, self.where)

    def has(self, key: str) -> bool:
        return key in self.data

    def take(self, key: str, convert: Converter[T], default: Any = _MISSING) -> T | Any:
        """The converted value of `key`; its default when absent (required when there is none)."""
        self.read.add(key)
        if key not in self.data or self.data[key] is None:
            if default is _MISSING and key in self.data:  # 'timezone:' left empty: at its line, not the block's
                self.problems.append(Problem(self.data.key_where.get(key, self.where), f"'{key}' has no value",
                                             f"write its value after '{key}:', or indent the lines of its block "
                                             "under it"))
                return None
            if default is _MISSING:
                self.missing[key] = Problem(self.where, f"missing required field '{key}'",
                                            f"add a line '{key}: …' to this block")
                self.problems.append(self.missing[key])
                return None
            return default
        try:
            return convert(self.data[key], self.at(key))
        except Invalid as error:
            hint = self._quotes_hint(self.data[key], convert) or error.hint
            self.problems.append(Problem(error.where or self.at(key), f"'{key}': {error.message}", hint))
            return None if default is _MISSING else default

    def _quotes_hint(self, value: Any, convert: Converter[Any]) -> str:
        """When a refused value is wrapped in typographic quotes (“09:30”) and would pass in straight
        ones: what to do about the quotes."""
        shown = characters.typographic_quotes(value) if isinstance(value, str) else ""
        inner = value.strip()[1:-1] if " " in shown else ""
        if not inner:
            return ""
        kept = len(self.problems)
        try:
            convert(inner, Where(""))
        except Invalid:
            return ""
        finally:
            del self.problems[kept:]  # (a trial: what it would report is not reported)
        return f"{characters.typographic_hint(shown)}: write \"{inner}\""

    def flag(self, key: str, default: bool) -> bool:
        """A yes-or-no field: `take` with `boolean`, except that a line with no value is an error, not
        the default (`cancelled:` left empty would publish the session as taking place)."""
        if key in self.data and self.data[key] is None:
            self.read.add(key)
            self.error(key, f"'{key}' has no value", "write true or false (or yes or no) after the colon, "
                       "or remove the line")
            return default
        return self.take(key, boolean, default)  # type: ignore[no-any-return]

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.at(key), message, hint))

    def done(self) -> None:
        """Report every key that was not read: a typo or a field that does not exist here."""
        for key in self.data:
            if key in self.read:
                continue
            value = self.data[key]
            said = SAID_BY_VALUE.get((str(key).lower(), value.strip().lower())) if isinstance(value, str) else None
            if said and said.split(":")[0] in self.read:
                self.problems.append(Problem(self.data.key_where.get(key, self.where), f"unknown field {key!r}",
                                             f"write '{said}' instead"))
            elif not isinstance(key, str):
                self._not_a_name(key)
            else:
                self.problems.append(Problem(
                    self.data.key_where.get(key, self.where), f"unknown field {key!r}",
                    suggest_field(key, self.read) or f"the fields allowed here are: {', '.join(sorted(self.read))}"))
                self._misspelt(meant_field(key, self.read))

    def _misspelt(self, field: str | None) -> None:
        """A required field written under another name ('titel: …') is one mistake, told at that name
        with the name to write: not also "missing", whose hint (add a line) would leave the wrong one."""
        missing = self.missing.pop(field, None) if field else None
        if missing is not None:
            self.problems[:] = [p for p in self.problems if p is not missing]

    def _not_a_name(self, key: Any) -> None:
        """An unknown key that YAML reads as something else than a word (a date, a time, a number, a yes
        or no, nothing), reported as the editor wrote it, never as Python shows the value."""
        written = self.data.written_keys.get(key, str(key))
        if isinstance(key, dt.date) and "date" in self.read:
            hint = f"a date is written after 'date:', not before a colon of its own: write 'date: {written}'"
            self._misspelt("date")
        elif (time := TIME_KEY.match(written)) and "start" in self.read:
            hint = f"a time is written after 'start:' or 'end:', in quotes: write 'start: \"{time[1]:0>2}:{time[2]}\"'"
        elif isinstance(key, int) and not isinstance(key, bool) and 0 <= key < 1000 and written.isdigit():
            # {count: 1,500}: the comma ends the field, and 500 reads as the next one
            hint = ("if it is the end of a number written with a thousands separator inside {…} (1,500), write "
                    "the number without it (1500): a comma there separates fields")
        else:
            hint = suggest_field(written, self.read) or f"the fields allowed here are: {', '.join(sorted(self.read))}"
        self.problems.append(Problem(self.data.key_where.get(key, self.where), f"unknown field {written!r}", hint))


TIME_KEY = re.compile(r"^(\d{1,2})[:.](\d{2})$")  # 10:30 (a number of minutes to YAML) or 10.30


# --- converters ---------------------------------------------------------------------------


MAX_LINE, MAX_LONG_TEXT, MAX_ID, MAX_URL = 500, 5000, 100, 2000  # characters


def _text(value: Any, multiline: bool, limit: int) -> str:
    if isinstance(value, bool):  # (what YAML makes of yes, no, on, off, true and false)
        raise Invalid("expected a text, but YAML reads this word as a yes-or-no",
                      "put the word in quotes, like 'yes' or \"off\", to keep it as text")
    if isinstance(value, (YamlMap, YamlList)) or value is None:
        raise Invalid("expected a text", "write the text after the colon, in quotes if it has a ':'")
    if isinstance(value, (dt.date, int, float)):
        raise Invalid(f"expected a text, got {as_written(value)}", "put the value in quotes")
    text = str(value).strip()
    if not text:
        raise Invalid("must not be empty", "write a value after the colon, or remove the line")
    found = characters.forbidden(text, multiline)
    if found:
        hint = ("write it on one line (a long text may wrap in your editor, but must not hold a line break)"
                if "line break" in found[1] else "replace it with a space" if found[1].startswith("a tab")
                else "delete it (it often comes from copying out of another program)")
        raise Invalid(f"the text holds {found[1]}", hint)
    if len(text) > limit:
        raise Invalid(f"the text is {len(text):,} characters long, over the limit of {limit:,}",
                      "shorten it: a long text belongs in the Markdown file")
    return text


def string(value: Any, where: Where) -> str:
    """A single-line text: a title, a name, a role."""
    return _text(value, multiline=False, limit=MAX_LINE)


def long_text(value: Any, where: Where) -> str:
    """A text that may hold line breaks and tabs: a description, a note."""
    return _text(value, multiline=True, limit=MAX_LONG_TEXT)


# Cyrillic and Greek letters drawn like Latin ones, with the letter each looks like: an id typed with
# another keyboard layout looks right, and is meant by its shape (р is the p it looks like, not an r)
_LOOKALIKES = dict(zip("аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅαοκνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
                       "aeopcyxijsdqwabekmhopctxijsaokvptuxabezhikmnoptyx", strict=True))


def identifier(value: Any, where: Where) -> str:
    hidden = characters.invisible(value) if isinstance(value, str) else None  # before `string` calls it forbidden
    if hidden:
        text = value.strip()
        raise Invalid(f"the id {text!r} holds {hidden[1]}, which cannot be seen",
                      "delete the id and type it again: ids use lower-case ASCII letters, digits and hyphens")
    if isinstance(value, dict):  # moderators: [{person: ana-popescu, role: …}], as a talk's speakers are written
        named = next((value[key] for key in ("person", "id") if isinstance(value.get(key), str)), "")
        raise Invalid("expected an id, got a block of fields",
                      f"write the id alone ({named!r}): a role and an organisation are given only to the "
                      "speakers of a talk" if named else "write the id alone, like ana-popescu")
    text = string(value, where)
    if not ID_PATTERN.match(text) or len(text) > MAX_ID:
        foreign = next((c for c in text if not c.isascii() and c.isalpha()), None)
        meant = slugify("".join(_LOOKALIKES.get(c, c) for c in text))
        if foreign is not None and len(text) <= MAX_ID and meant:  # "ana-ionescu" with a Cyrillic а
            looks = "only looks like a Latin letter" if foreign in _LOOKALIKES else "is not one of the letters a to z"
            raise Invalid(f"{text!r} is not a valid id: {foreign!r} ({characters.name(foreign)}) {looks}",
                          f"write it {meant!r}, typed with a Latin keyboard layout")
        rule = f"ids use lower-case ASCII letters, digits and hyphens, at most {MAX_ID} of them"
        written = slugify(text)
        hint = f"write it {written!r}: {rule}" if written and len(written) <= MAX_ID else f"{rule}, like 'ana-popescu'"
        raise Invalid(f"{text!r} is not a valid id", hint)
    return text


MAX_NUMBER = 10_000_000


def integer(value: Any, where: Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_NUMBER:
        raise Invalid(f"expected a whole number, got {as_written(value)}",
                      f"write digits only, like 150 (at most {MAX_NUMBER:,})")
    return value


def boolean(value: Any, where: Where) -> bool:
    if not isinstance(value, bool):
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no", "on", "off"):
            raise Invalid(f"expected true or false, got the text {value!r} (in quotes)",
                          f"write {value.strip()} without quotes")
        raise Invalid(f"expected true or false, got {as_written(value)}", "write true or false (or yes or no)")
    return value


def date(value: Any, where: Where) -> dt.date:
    if isinstance(value, str) and (spaces := [c for c in value if c.isspace() and c != " "]) \
            and re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()):  # a no-break space copied along with it
        raise Invalid(f"the date {value.strip()} has {characters.name(spaces[0])} beside it, which YAML does not "
                      "read as a space", "delete the space around the date, and type it again if need be")
    if isinstance(value, dt.datetime):
        raise Invalid(f"expected a date without a time, got {value.isoformat(' ', 'minutes')}",
                      f"write the date alone: {value.date().isoformat()}")
    if not isinstance(value, dt.date):
        raise Invalid(f"expected a real date, got {as_written(value)}", date_hint(value))
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Invalid(f"the date {value.isoformat()} is not between the years {FIRST_YEAR} and {LAST_YEAR}",
                      "check its year")
    return value


# The years a date of the content may have: the build counts days on from them and reads them in
# time zones, and a date at the end of Python's calendar (9999-12-31, a day after it) stopped check
# with "failed unexpectedly (OverflowError)".
FIRST_YEAR, LAST_YEAR = 1900, 2999


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")  # "09:30", and "9:30" as people write it
_TIME_WITH_A_POINT = re.compile(r"^([01]?\d|2[0-3])[.,h]([0-5]\d)$")  # 9.30, 9,30, 9h30


def time(value: Any, where: Where) -> dt.time:
    if isinstance(value, int) and not isinstance(value, bool):  # 9:30 and 14:30, unquoted (a YAML 1.1 rule)
        raise Invalid("a time must be in quotes",
                      'write it like "09:30": without quotes YAML reads 9:30 or 14:30 as a number of minutes')
    if isinstance(value, float):  # 9.30, read as the number 9.3
        raise Invalid("a time is written with a colon, not a point", 'write it in quotes, like "09:30"')
    text = str(value).strip()
    match = _TIME.match(text)
    if not match:
        if text in ("24:00", "24.00"):
            raise Invalid(f"{text!r} is not a time of day: midnight is 00:00",
                          'write "00:00"; as the end of a session that runs until midnight, "00:00+1"')
        if _TIME_WITH_A_POINT.match(text):
            raise Invalid(f"a time is written with a colon, got {value!r}", 'write it like "09:30"')
        raise Invalid(f"expected a time, got {as_written(value)}", 'write it as "HH:MM" in 24-hour form, like "14:30"')
    return dt.time(int(match[1]), int(match[2]))


def end_time(value: Any, where: Where) -> tuple[dt.time, bool]:
    """A session's end: "HH:MM", or "HH:MM+1" when it ends after midnight; (time, next day)."""
    text = str(value).strip() if isinstance(value, str) else value
    if isinstance(text, str) and text.endswith("+1"):
        return time(text[:-2].strip(), where), True
    try:
        return time(value, where), False
    except Invalid as error:
        raise Invalid(error.message, error.hint + ', or "01:30+1" for a time after midnight') from None


def url(value: Any, where: Where) -> str:
    """A web address: http or https, a host name, no spaces or invisible characters."""
    example = "write the full address, starting with https://"
    if isinstance(value, str) and (any(c.isspace() for c in value.strip()) or characters.invisible(value)
                                   or characters.forbidden(value)):
        raise Invalid(f"{value.strip()!r} holds a space, a line break or an invisible character, "
                      "so it is not a web address", f"{example}, on one line; write a space as %20")
    text = string(value, where)
    if len(text) > MAX_URL:
        raise Invalid(f"the address is {len(text):,} characters long, over the limit of {MAX_URL:,}", example)
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as error:
        raise Invalid(f"{text!r} is not a web address ({error})", example) from error
    if parts.scheme not in ("http", "https") or not host:
        raise Invalid(f"{text!r} is not a web address", example)
    unsafe = sorted(set(text) & set(URL_UNSAFE))
    if unsafe:  # RFC 3986 has no place for them: in a page, a feed or a calendar they could end the value
        raise Invalid(f"{text!r} holds {', '.join(repr(c) for c in unsafe)}, which a web address cannot hold",
                      "copy the address from the browser's address bar, where such characters are "
                      "written with % (a space is %20, \" is %22)")
    return text


URL_UNSAFE = '"<>\\^`{|}'


def language(value: Any, where: Where) -> str:
    text = string(value, where)
    if not LANG_PATTERN.match(text):
        raise Invalid(f"{text!r} is not a language code", formatting.meant_language(text) or LANGUAGE_HINT)
    return text


LANGUAGE_HINT = "use a two-letter code such as en, ro or bg"


def known_language(value: Any, where: Where) -> str:
    """A language code that names a real language (CLDR knows it): ro, en, bg, de, uk…"""
    text = language(value, where)
    if not formatting.is_language(text):
        raise Invalid(f"{text!r} is not a known language code", formatting.meant_language(text) or LANGUAGE_HINT)
    return text


def site_language(value: Any, where: Where) -> str:
    """A language the site can be written in (`formatting.site_language_codes`)."""
    text = language(value, where)
    if text not in formatting.site_language_codes():
        raise Invalid(f"{text!r} is not a language the site can be written in",
                      formatting.meant_language(text, formatting.site_language_codes()) or LANGUAGE_HINT)
    return text


def country(value: Any, where: Where) -> str:
    if isinstance(value, bool):  # country: NO (Norway), which YAML reads as "no"
        raise Invalid("YAML reads this word as a yes-or-no",
                      'write the country\'s code in quotes, like "NO" for Norway')
    text = string(value, where)
    if text not in formatting.country_codes():
        raise Invalid(f"{text!r} is not a country code",
                      formatting.meant_country(text) or "use the two capital letters, like RO, MD or BG")
    return text


def coordinates(value: Any, where: Where) -> tuple[float, float]:
    """A place on the globe: [latitude, longitude], in degrees (north and east are positive)."""
    if (not isinstance(value, list) or len(value) != 2
            or any(isinstance(n, bool) or not isinstance(n, int | float) for n in value)):
        raise Invalid(f"expected [latitude, longitude], got {as_written(value)}",
                      "write two numbers in degrees, like [47.01, 28.86] for Chișinău")
    latitude, longitude = float(value[0]), float(value[1])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Invalid(f"[{value[0]}, {value[1]}] is not a place on the globe",
                      "the latitude comes first (between -90 and 90), then the longitude (between -180 and 180)")
    return latitude, longitude


# the words YAML (1.1, as PyYAML reads it) takes for a yes or a no when they are not in quotes
_YAML_BOOLEANS = {True: ("yes", "on", "true"), False: ("no", "off", "false")}


def choice(*options: str) -> Converter[str]:
    def convert(value: Any, where: Where) -> str:
        if isinstance(value, (bool, int, float, dt.date)):  # `format: yes`, `kind: 1`, `languages: [en, no]`
            meant = [option for option in options
                     if (option.lower() in _YAML_BOOLEANS[value] if isinstance(value, bool) else option == str(value))]
            raise Invalid(f"expected one of: {', '.join(options)}",
                          f"put it in quotes, '{meant[0]}': without them YAML reads it as "
                          f"{'a yes-or-no' if isinstance(value, bool) else 'a number or a date'}" if meant else
                          "write one of these words exactly as shown")
        text = string(value, where)
        if text not in options:
            raise Invalid(f"{text!r} is not one of: {', '.join(options)}",
                          suggest(text, options) or "write one of these words exactly as shown")
        return text
    return convert


def placed(convert: Converter[T], places: dict[T, Where]) -> Converter[T]:
    """`convert`, remembering where each value was written: a reference is reported at its own line."""
    def wrapped(value: Any, where: Where) -> T:
        result = convert(value, where)
        if where.path:  # (not a trial's, `Fields._quotes_hint`: it has no place, and the real one comes later)
            places.setdefault(result, where)
        return result
    return wrapped


def list_of(item: Converter[T], problems: list[Problem]) -> Converter[tuple[T, ...]]:
    """A YAML list whose items are each converted; a bad item is reported at its own line."""
    def convert(value: Any, where: Where) -> tuple[T, ...]:
        if not isinstance(value, list):
            raise Invalid("expected a list", "write each item on its own line starting with '- '")
        result = []
        for index, entry in enumerate(value):
            entry_where = value.item_where[index] if isinstance(value, YamlList) else where
            try:
                converted = item(entry, entry_where)
            except Invalid as error:
                problems.append(Problem(error.where or entry_where, error.message, error.hint))
                continue
            if converted is not None:
                result.append(converted)
        return tuple(result)
    return convert


@dataclasses.dataclass
class Retired:
    """Languages the site once had (an interface catalog is still in locales/) that site.yaml no
    longer lists: their texts are kept but not published, and the files holding them are counted
    for one note per language instead of an error per text."""

    languages: frozenset[str] = frozenset()
    files: dict[str, set[str]] = dataclasses.field(default_factory=dict)  # lang -> files with its texts

    def __contains__(self, lang: object) -> bool:
        return lang in self.languages

    def saw(self, lang: str, path: str) -> None:
        self.files.setdefault(lang, set()).add(path)


def text_in(default_lang: str | None, languages: Iterable[str], retired: Retired | None = None,
            long: bool = False, problems: list[Problem] | None = None) -> Converter[Text]:
    """A translatable text: a plain string (in `default_lang`, or neutral when None) or {lang: text}.
    `long`: a description or a note, which may hold line breaks. `problems`, when given, gets a
    warning for markup that would show as written."""
    known = tuple(languages)
    plain = long_text if long else string

    def read(value: Any, where: Where) -> str:
        text = plain(value, where)
        warning = shown_as_written(text, where) if problems is not None else None
        if warning is not None:
            problems.append(warning)  # type: ignore[union-attr]  # (not None when a warning is made)
        return text

    def convert(value: Any, where: Where) -> Text:
        if isinstance(value, dict):
            values = {}
            for lang, entry in value.items():
                lang_where = value.key_where.get(lang, where) if isinstance(value, YamlMap) else where
                entry_where = value.value_where.get(lang, where) if isinstance(value, YamlMap) else where
                if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
                    if entry is None and isinstance(lang, str) and getattr(value, "flow", False) and len(value) > 1:
                        # {bg: Регионите, които учат, en: …}: the words after the comma read as a key
                        raise Invalid(f"{lang!r} is not a language code: a comma inside {{…}} ends the text "
                                      "before it", 'put the text that holds the comma in quotes, like '
                                      'bg: "Регионите, които учат"', lang_where)
                    raise Invalid(f"{lang!r} is not a language code", "use codes such as en, ro, bg", lang_where)
                if retired is not None and lang in retired and lang not in known:
                    retired.saw(lang, lang_where.path)
                elif known and lang not in known:
                    raise Invalid(f"language {lang!r} is not one of {', '.join(known)}",
                                  suggest(lang, known) or "add it to the languages list first", lang_where)
                try:
                    values[lang] = read(entry, entry_where)
                except Invalid as error:
                    raise Invalid(f"({lang}) {error.message}", error.hint, entry_where) from error
            if not values:
                raise Invalid("needs at least one language", "write it like 'en: …'")
            return Text.of(values, where=where, original=default_lang)
        text = read(value, where)
        if default_lang is None:
            return Text.of({"*": text}, neutral=True, where=where)
        return Text.of({default_lang: text}, where=where, original=default_lang)
    return convert
