"""One slugify for ids, file names, URLs and session keys.

The ids' expected values are what the slugifiers it replaced gave (scaffold's, the schedule's), so
folders, calendar UIDs and file names already out there stay valid. Session keys kept a room's or a
track's letters as written until they too became ASCII, before any published site had such a key."""

from __future__ import annotations

import datetime as dt

import pytest

from confsite.edition import Day, Session
from confsite.model import Text
from confsite.session_keys import session_key
from confsite.slugs import slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Chișinău", "chisinau"), ("Iași", "iasi"), ("Варна", "varna"), ("Търново", "tarnovo"),
    ("Ана Попеску", "ana-popesku"), ("Rezső Kádár", "rezso-kadar"), ("Sală mare 2", "sala-mare-2"),
    ("Зала „Европа“", "zala-evropa"), ("Opening & welcome: Clusters — regions!", "opening-welcome-clusters-regions"),
    ("Щастие Юг Ягода Жълт Цвят", "shtastie-yug-yagoda-zhalt-tsvyat"),
    ("Ukraine: Київ, Їжак, Ґанок, Євро", "ukraine-kiyiv-yizhak-ganok-yevro"),
    ("Марко Јовановић", "marko-jovanovic"), ("Ђорђе Љубић Њежић Џаковић", "djordje-ljubic-njezhic-dzakovic"),
    ("Ѓорѓи Ќосе", "gjorgji-kjose"),
])
def test_slugs_are_ascii_with_cyrillic_in_the_streamlined_system(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(("track", "key"), [
    ("Hall 2", "2030-05-12-0930-hall-2"), ("Sală mare 2", "2030-05-12-0930-sala-mare-2"),
    ("Зала „Европа“", "2030-05-12-0930-zala-evropa"), ("Opening & welcome!", "2030-05-12-0930-opening-welcome"),
    ("Αίθουσα Α", "2030-05-12-0930-αίθουσα-α"),  # a script the slugs do not spell keeps its letters
])
def test_session_keys_are_ascii_like_every_address(track: str, key: str) -> None:
    """A key is a page's address and a calendar's URL (which RFC 5545 wants ASCII). Cyrillic and
    Romanian letters were kept as written ("зала-европа") until no published site had any."""
    session = Session("panel", Text.of({"en": "A panel"}), start=dt.time(9, 30), track=Text.of({"en": track}))
    day = Day(dt.date(2030, 5, 12), None, (), (session,), session.source)
    assert session_key(day, session) == key
