"""One slugify for ids, file names and URLs; the ids published before it keep their form.

The expected values are what the three slugifiers it replaces gave (scaffold's, the session
keys', the schedule's), so folders, calendar UIDs and file names already out there stay valid."""

from __future__ import annotations

import datetime as dt

import pytest

from confsite.model import Day, Session, Text, session_key
from confsite.slugs import slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Chișinău", "chisinau"), ("Iași", "iasi"), ("Варна", "varna"), ("Търново", "tarnovo"),
    ("Ана Попеску", "ana-popesku"), ("Rezső Kádár", "rezso-kadar"), ("Sală mare 2", "sala-mare-2"),
    ("Зала „Европа“", "zala-evropa"), ("Opening & welcome: Clusters — regions!", "opening-welcome-clusters-regions"),
    ("Щастие Юг Ягода Жълт Цвят", "shtastie-yug-yagoda-zhalt-tsvyat"),
    ("Ukraine: Київ, Їжак, Ґанок, Євро", "ukraine-kiyiv-yizhak-ganok-yevro"),
])
def test_slugs_are_ascii_with_cyrillic_in_the_streamlined_system(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(("track", "key"), [
    ("Hall 2", "2030-05-12-0930-hall-2"), ("Sală mare 2", "2030-05-12-0930-sală-mare-2"),
    ("Зала „Европа“", "2030-05-12-0930-зала-европа"), ("Opening & welcome!", "2030-05-12-0930-opening-welcome"),
])
def test_session_keys_keep_their_published_form(track: str, key: str) -> None:
    session = Session("panel", Text.of({"en": "A panel"}), start=dt.time(9, 30), track=Text.of({"en": track}))
    day = Day(dt.date(2030, 5, 12), None, (), (session,), session.source)
    assert session_key(day, session) == key
