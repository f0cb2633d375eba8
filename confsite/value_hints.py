"""What an editor is told about a value the converters of `fields` refuse: the value as they
wrote it (YAML has read it into a date, a number or a yes-or-no by then), and the date their
spelling of one means."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any


def as_written(value: Any) -> str:
    """A value YAML read, shown the way YAML writes it, for a message: 2030-05-12, not
    datetime.date(2030, 5, 12); [9, 30]; a text in quotes."""
    if isinstance(value, bool):
        return "a yes-or-no"
    if value is None:
        return "nothing"
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return f"[{', '.join(as_written(item) for item in value)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {as_written(item)}" for key, item in value.items()) + "}"
    return repr(value)


_DAY_FIRST = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")  # 05.12.2024, 5/12/2024
_YEAR_FIRST = re.compile(r"^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$")  # 2024/12/05, 2024-12-5, 2024-13-05
GENERIC_DATE_HINT = "write a real date as YYYY-MM-DD, without quotes, like 2024-10-10"


def _real(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_hint(value: Any) -> str:
    """The date an editor meant, written as the site reads it, when their spelling says it: the
    day-first dates of Romania, Moldova and Bulgaria (05.12.2024), a year first with slashes or points
    (2024/12/05), a date in quotes; else how a date is written."""
    text = str(value).strip().strip("\"'")
    if (day_first := _DAY_FIRST.match(text)) and (meant := _real(day_first[4], day_first[3], day_first[1])):
        other = _real(day_first[4], day_first[1], day_first[3]) if day_first[2] == "/" else None
        return f"write it year first: {meant.isoformat()}" + (
            f" ({_day(meant)}), or {other.isoformat()} if it means {_day(other)}" if other and other != meant else "")
    if year_first := _YEAR_FIRST.match(text):
        if meant := _real(year_first[1], year_first[3], year_first[4]):
            return f"write it {meant.isoformat()}" + (", without quotes" if text == meant.isoformat() else
                                                    ": with hyphens, and two digits for the month and the day")
        if swapped := _real(year_first[1], year_first[4], year_first[3]):
            return f"the month comes before the day: write {swapped.isoformat()}"
        if 1 <= int(year_first[3]) <= 12 and 1 <= int(year_first[1]) <= 9999:
            last = calendar.monthrange(int(year_first[1]), int(year_first[3]))[1]
            month = f"{_MONTHS[int(year_first[3]) - 1]} {year_first[1]}"
            return f"{text} is no day of the calendar: {month} has {last} days"
    if with_time := re.match(r"^(\d{4}-\d\d-\d\d)[ T]\d{1,2}:\d\d", text):
        return f"write the date alone: {with_time[1]}"
    return GENERIC_DATE_HINT


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _day(date: dt.date) -> str:
    return f"{date.day} {_MONTHS[date.month - 1]}"
