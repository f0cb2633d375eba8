"""The clocks of a time zone: the one place where a day and a clock time become a moment.

An edition's times are written as its venue's clocks show them (`timezone`, an IANA name). Every
output that gives a moment (calendars, schedules, structured data, now and next) reaches it through
`in_zone`; validation asks `clock_reading` about the hours the clocks skip or show twice, and
`foreign_clock` whether the edition's clocks are its venue country's; the import reads an upstream
moment on the edition's clocks with `seen_in`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import zoneinfo
from collections.abc import Iterable


def named_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The time zone of an IANA name (Europe/Bucharest); None when there is none of that name."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder of zones
        return None


@functools.cache
def _zones_by_city() -> dict[str, str]:
    # not Etc/GMT+2, which is two hours behind UTC (POSIX's sign): "GMT+2" is no city
    return {zone.rsplit("/", 1)[-1].lower(): zone for zone in sorted(zoneinfo.available_timezones())
            if "/" in zone and not zone.startswith("Etc/")}


def zone_meant(name: str) -> str | None:
    """The zone a name that is none most likely means, by its city: "Sofia", "europe/sofia" and
    "Europe/Sofija" are Europe/Sofia. None rather than a guess: "Kishinev" is not Kiev."""
    cities = _zones_by_city()
    city = name.strip().rsplit("/", 1)[-1].lower().replace(" ", "_")
    close = [city] if city in cities else difflib.get_close_matches(city, list(cities), n=1, cutoff=0.8)
    return cities[close[0]] if close else None


def in_zone(day: dt.date, clock: dt.time, timezone: str) -> dt.datetime:
    """The moment when the clocks of `timezone` show `clock` on `day` (with that day's offset)."""
    return dt.datetime.combine(day, clock, tzinfo=zoneinfo.ZoneInfo(timezone))


def clock_reading(day: dt.date, clock: dt.time, timezone: str) -> str:
    """How often the clocks of `timezone` show `clock` on `day`: "once"; "twice" in the hour they go
    back (`in_zone` takes the first, in summer time); "never" in the hour they skip (`in_zone`
    reads it with the offset before the jump, an hour off the clocks after it)."""
    first = in_zone(day, clock, timezone)
    if first.utcoffset() == first.replace(fold=1).utcoffset():
        return "once"
    back = first.astimezone(dt.UTC).astimezone(first.tzinfo)
    return "twice" if back.replace(tzinfo=None) == first.replace(tzinfo=None) else "never"


def seen_in(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime | None:
    """An aware moment on the clocks of `zone`; None when that falls outside the years 1 to 9999."""
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return None


def country_zones(country: str) -> tuple[str, ...]:
    """The time zones of a country (an ISO code), as the CLDR lists them: ('Europe/Sofia',)."""
    from babel.core import get_global

    return tuple(get_global("territory_zones").get(country.upper(), ()))


def foreign_clock(timezone: str, country: str, days: Iterable[dt.date]) -> tuple[dt.date, tuple[str, ...]] | None:
    """The first of `days` on which the clocks of `timezone` read otherwise, at noon, than every
    zone of the country, with those zones (the ones this machine knows); None when they read as one
    of them every day, or the country's zones are unknown. Another name of the same clocks
    (Europe/Kiev, Europe/Kyiv) is no other clock; a neighbour's zone may read as the country's on
    one day and not on the next (when one of them changes to summer time)."""
    zones = tuple(zone for zone in country_zones(country) if named_zone(zone))
    if not zones:
        return None
    for day in days:
        moment = in_zone(day, dt.time(12), timezone)
        if all(moment.utcoffset() != moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() for zone in zones):
            return day, zones
    return None
