"""Formatting through Babel's CLDR data, full month names, British English."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confsite import formatting

D = dt.date


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "7–8 December 2021"), ("ro", "7–8 decembrie 2021"), ("bg", "7–8 декември 2021 г.")])
def test_range_within_a_month(lang: str, expected: str) -> None:
    assert formatting.date_range(D(2021, 12, 7), D(2021, 12, 8), lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "30 November – 2 December 2023"), ("ro", "30 noiembrie – 2 decembrie 2023"),
    ("bg", "30 ноември – 2 декември 2023 г.")])
def test_range_across_months(lang: str, expected: str) -> None:
    assert formatting.date_range(D(2023, 11, 30), D(2023, 12, 2), lang) == expected


def test_range_across_years_and_single_days() -> None:
    assert formatting.date_range(D(2023, 12, 30), D(2024, 1, 2), "en") == "30 December 2023 – 2 January 2024"
    assert formatting.date_range(D(2024, 10, 10), D(2024, 10, 10), "bg") == "10 октомври 2024 г."
    assert formatting.date(D(2020, 9, 28), "ro") == "28 septembrie 2020"


def test_times_carry_the_same_utc_offset_in_every_language() -> None:
    summer = [formatting.time_range(D(2024, 10, 10), dt.time(14, 30), dt.time(15, 0), "Europe/Chisinau", lang)
              for lang in ("en", "ro", "bg")]
    assert summer[0] == "14:30–15:00 (UTC+03:00)"
    assert all(text.endswith("(UTC+03:00)") for text in summer)
    winter = formatting.time_range(D(2023, 11, 22), dt.time(9, 0), None, "Europe/Bucharest", "en")
    assert winter == "09:00 (UTC+02:00)"


def test_an_end_after_the_clocks_change_has_its_own_offset() -> None:
    # summer time ends in Romania at 04:00 on 27 October 2030: 05:00 that morning is UTC+02:00
    night = formatting.time_range(D(2030, 10, 26), dt.time(23, 0), dt.time(5, 0), "Europe/Bucharest", "en",
                                  "%(time)s the next day", D(2030, 10, 27))
    assert night == "23:00 (UTC+03:00) – 05:00 the next day (UTC+02:00)"
    evening = formatting.time_range(D(2030, 10, 25), dt.time(23, 0), dt.time(1, 0), "Europe/Bucharest", "en",
                                    "%(time)s the next day", D(2030, 10, 26))
    assert evening == "23:00–01:00 the next day (UTC+03:00)"


@pytest.mark.parametrize(("lang", "digits", "morning"), [
    ("en", "2-digit", "09:30"), ("ro", "2-digit", "09:30"), ("bg", "numeric", "9:30")])
def test_the_scripts_are_told_how_the_page_writes_an_hour(lang: str, digits: str, morning: str) -> None:
    """local-time.js and now-next.js write a visitor's own time with the hour as `time` writes it:
    without a leading zero in Bulgarian (Babel's H:mm), with one in English and Romanian (HH:mm)."""
    assert formatting.hour_digits(lang) == digits
    assert formatting.time(dt.time(9, 30), lang) == morning
    for hour in range(24):  # the rule holds at every hour: 0:05 or 00:05, and never more than two digits
        written = formatting.time(dt.time(hour, 5), lang)
        assert written == (f"{hour:02d}:05" if digits == "2-digit" else f"{hour}:05"), written


@pytest.mark.parametrize(("lang", "expected"), [("en", "A, B and C"), ("ro", "A, B și C"), ("bg", "A, B и C")])
def test_lists(lang: str, expected: str) -> None:
    assert formatting.listing(["A", "B", "C"], lang) == expected


def test_numbers_sizes_and_names() -> None:
    assert formatting.number(1500, "en") == "1,500"
    assert formatting.file_size(1_534_000, "en") == "1.5 MB"
    assert formatting.file_size(1_534_000, "ro") == "1,5 MB"
    assert formatting.country("MD", "en") == "Moldova"
    assert formatting.language_name("bg", "bg", capitalized=True) == "Български"
    assert formatting.language_name("en", "ro") == "engleză"


def test_names_sort_as_each_language_reads_them() -> None:
    def ordered(names: list[str], lang: str) -> list[str]:
        return sorted(names, key=lambda name: formatting.collation_key(name, lang))

    assert ordered(["Țuțu", "Ursu", "Tudor", "Ștefan", "Sima", "Ana", "Ăsta", "Bogdan"], "ro") == \
        ["Ana", "Ăsta", "Bogdan", "Sima", "Ștefan", "Tudor", "Țuțu", "Ursu"]
    assert ordered(["Zoe", "Анна", "Borislav", "Яна"], "bg") == ["Анна", "Яна", "Borislav", "Zoe"]
    assert ordered(["Zoe", "Анна", "Borislav", "Яна"], "en") == ["Borislav", "Zoe", "Анна", "Яна"]
    # accents decide only between names otherwise the same, then case
    assert ordered(["Élise", "Elise", "elise", "Elisa", "Eli Se"], "en") == \
        ["Eli Se", "Elisa", "Elise", "elise", "Élise"]


def pairs_key(text: str, lang: str) -> tuple[object, ...]:
    """The key `collation_key` gave before it wrote each letter's rank and value as characters:
    a tuple of (rank, value) pairs. The order must stay the same."""
    import unicodedata

    alphabet = formatting._ALPHABETS.get(lang, "")
    primary: list[tuple[int, int]] = []
    for char in text.casefold():
        if char in alphabet:
            primary.append((0, alphabet.index(char)))
            continue
        base = unicodedata.normalize("NFKD", char)[0]
        if base.isspace() or not base.isalnum():
            primary.append((-1, 0) if base.isspace() else (3, ord(base)))
            continue
        cyrillic_first = lang in ("bg", "uk", "ru", "sr", "mk")
        primary.append((1 if ("\u0400" <= base <= "\u04ff") == cyrillic_first else 2, ord(base)))
    return (tuple(primary), text.casefold(), text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aăâbisștțzAȘÉé -.'\u0301абвгяАЯёЁ0923\U0001d400", max_size=8),
                min_size=2, max_size=12), st.sampled_from(["en", "ro", "bg"]))
def test_the_compact_key_sorts_as_the_pairs_did(names: list[str], lang: str) -> None:
    assert sorted(names, key=lambda n: formatting.collation_key(n, lang)) == \
        sorted(names, key=lambda n: pairs_key(n, lang))
