"""The registry: every kind of page and every export listed once, each output planned once."""

from __future__ import annotations

from collections import Counter

from conftest import FixtureSite

from confsite.outputs.registry import UNITS


def test_each_unit_is_listed_once() -> None:
    names = Counter(unit.name for unit in UNITS)
    assert [name for name, count in names.items() if count > 1] == []


def test_each_output_is_made_once(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    result = fixture_site.build(search=False)
    assert result.ok
    paths = Counter(output.path for output in result.outputs)
    assert [path for path, count in paths.items() if count > 1] == []
    assert "en/2030-iasi/index.html" in paths and "ro/series/cmr/index.html" in paths
