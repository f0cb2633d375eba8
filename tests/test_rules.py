"""The domain rules that live once, in the model and in zones.py: the text a page shows, the moment in a zone."""

from __future__ import annotations

import datetime as dt

from conftest import FixtureSite

from confsite.model import SiteConfig, Text
from confsite.problems import Where
from confsite.zones import in_zone

CONFIG = SiteConfig(title=Text.of({"en": "Site"}), base_url="https://example.org/", output="_site",
                    languages=("en", "ro", "bg"), series=(), navigation=("home",), source=Where("site.yaml"))


def test_a_text_falls_back_to_its_original_then_the_page_content_then_the_default_language() -> None:
    edition_text = Text.of({"ro": "Atelier", "en": "Workshop"}, original="ro")
    assert CONFIG.pick(edition_text, "bg").value == "Atelier"  # its original first
    assert CONFIG.pick(edition_text, "en").value == "Workshop"  # its own language when it has it
    role = Text.of({"en": "Director", "ro": "Director general"})  # a person's role: no original
    assert CONFIG.pick(role, "bg", content_lang="ro").value == "Director general"  # the page's content language
    assert CONFIG.pick(role, "bg").value == "Director"  # else the site's default language
    only_bulgarian = Text.of({"bg": "Директор"})
    picked = CONFIG.pick(only_bulgarian, "en")
    assert (picked.value, picked.lang) == ("Директор", "bg")  # else what there is, marked with its language
    assert CONFIG.pick(Text.of({"*": "ECCP"}, neutral=True), "ro").lang is None  # a name is the same everywhere


def test_a_moment_takes_the_offset_of_its_own_day() -> None:
    assert in_zone(dt.date(2030, 1, 15), dt.time(9, 30), "Europe/Bucharest").isoformat() == "2030-01-15T09:30:00+02:00"
    assert in_zone(dt.date(2030, 7, 15), dt.time(9, 30), "Europe/Bucharest").isoformat() == "2030-07-15T09:30:00+03:00"


def test_an_online_edition_is_online_everywhere_even_with_a_venue_block(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="format: online", venue="venue:\n  city: Iași\n  country: RO")
    result = fixture_site.build()
    assert result.ok, [p.format() for p in result.errors]
    out = fixture_site.root / "_site"
    where = (out / "en/2030-iasi/index.html").read_text(encoding="utf-8").split("<dt>Where</dt>", 1)[1]
    assert where.split("</dd>", 1)[0].endswith("<dd>Online")
    card = (out / "en/index.html").read_text(encoding="utf-8")
    assert "Iași" not in card and "· Online</p>" in card
    assert "LOCATION:Online" in (out / "2030-iasi.ics").read_text(encoding="utf-8")
    assert "Iași" not in (out / "en/2030-iasi/index.html").read_text(encoding="utf-8").split("application/ld+json")[1]


def test_a_hybrid_edition_is_at_its_venue_and_online(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="format: hybrid")
    result = fixture_site.build()
    assert result.ok, [p.format() for p in result.errors]
    card = (fixture_site.root / "_site/ro/index.html").read_text(encoding="utf-8")
    assert "Iași</span>, România și online</p>" in card
