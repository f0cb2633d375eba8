"""Resolve stage: statuses and registration from the one clock, the featured edition, later editions."""

import datetime as dt

from conftest import FixtureSite

from confsite.resolve import later_editions, registration_state


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T10:00:00+00:00")


def states(site: FixtureSite, day: str) -> dict[str, tuple[str, str]]:
    result = site.build(at(day), write=False)
    assert result.ok, [p.format() for p in result.problems]
    assert result.site is not None
    return {s.edition.slug: (s.status, s.registration) for s in result.site.editions}


def test_status_and_registration_follow_the_clock(fixture_site: FixtureSite) -> None:
    fixture_site.edition(registration="registration:\n  url: https://example.org/r\n  opens: 2030-02-01\n"
                                      "  closes: 2030-05-01")
    assert states(fixture_site, "2030-01-10") == {"2030-iasi": ("upcoming", "not-yet-open")}
    assert states(fixture_site, "2030-03-10") == {"2030-iasi": ("upcoming", "open")}
    assert states(fixture_site, "2030-05-02") == {"2030-iasi": ("upcoming", "closed")}
    assert states(fixture_site, "2030-05-12") == {"2030-iasi": ("ongoing", "closed")}
    assert states(fixture_site, "2030-05-14") == {"2030-iasi": ("past", "closed")}


def test_today_is_taken_in_the_editions_time_zone(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    # 22:30 UTC on 11 May is already 12 May in Iași (UTC+03:00)
    result = fixture_site.build(dt.datetime(2030, 5, 11, 22, 30, tzinfo=dt.UTC), write=False)
    assert result.site is not None and result.site.editions[0].status == "ongoing"


def test_upcoming_open_registration_is_a_call_to_action(fixture_site: FixtureSite) -> None:
    fixture_site.edition(registration="registration:\n  url: https://example.org/register")
    fixture_site.build(at("2030-03-01"))
    html = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert '<a class="button" href="https://example.org/register" rel="external">Register now</a>' in html
    assert "Upcoming" in html
    home = (fixture_site.root / "_site/en/index.html").read_text()
    assert "Next edition" in home


def test_featured_is_the_next_edition_else_the_latest(fixture_site: FixtureSite) -> None:
    fixture_site.edition("2030-iasi")
    fixture_site.edition("2031-varna", dates="dates: {start: 2031-09-28, end: 2031-09-29}")
    result = fixture_site.build(at("2030-06-01"), write=False)
    assert result.site is not None and result.site.featured is not None
    assert result.site.featured.edition.slug == "2031-varna"
    result = fixture_site.build(at("2032-01-01"), write=False)
    assert result.site is not None and result.site.featured is not None
    assert result.site.featured.edition.slug == "2031-varna"
    result = fixture_site.build(at("2030-01-01"), write=False)
    assert result.site is not None and result.site.featured is not None
    assert result.site.featured.edition.slug == "2030-iasi"


def test_each_edition_names_the_first_of_its_series_to_start_later(fixture_site: FixtureSite) -> None:
    """Editions that start on one day both point to the next day's, in their own series only."""
    for slug, start, series in (("2030-iasi", "2030-05-12", "cmr"), ("2030-ruse", "2030-05-12", "cmr"),
                                ("2030-sofia", "2030-05-20", "sme"), ("2030-varna", "2030-06-01", "cmr")):
        fixture_site.edition(slug, title=f"title: {{en: {slug}}}", dates=f"dates: {{start: {start}, end: {start}}}",
                             series=f"series: {series}")
    fixture_site.write("site.yaml", (fixture_site.root / "site.yaml").read_text().replace(
        "series:\n", "series:\n  - id: sme\n    name: SME\n", 1))
    result = fixture_site.build(at("2030-01-01"), write=False)
    assert result.ok and result.site is not None, [p.format() for p in result.problems]
    later = {state.edition.slug: state.later.slug if state.later else None for state in result.site.editions}
    assert later == {"2030-iasi": "2030-varna", "2030-ruse": "2030-varna", "2030-sofia": None, "2030-varna": None}
    editions = result.site.content.editions
    assert later_editions(reversed(editions)) == {slug: result.site.by_slug[slug].later for slug in later}


def test_past_edition_points_to_the_series_later_one(fixture_site: FixtureSite) -> None:
    fixture_site.edition("2030-iasi")
    fixture_site.edition("2031-varna", title="title: {en: Varna 2031}",
                         dates="dates: {start: 2031-09-28, end: 2031-09-29}")
    fixture_site.build(at("2030-06-01"))
    html = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert 'class="banner"' in html and "Varna 2031" in html and 'href="/conf/en/2031-varna/"' in html
    later = (fixture_site.root / "_site/en/2031-varna/index.html").read_text()
    assert 'class="banner"' not in later


def test_registration_without_a_link_is_never_open() -> None:
    from confsite.edition import Edition
    from confsite.problems import Where
    edition = Edition(slug="2030-x", year=2030, series="s", languages=("en",), title=None,  # type: ignore[arg-type]
                      start=dt.date(2030, 5, 12), end=dt.date(2030, 5, 13), timezone="UTC", format="online",
                      source=Where("e.yaml"))
    assert registration_state(edition, dt.date(2030, 1, 1)) == "unknown"
    # over, and no source said anything about registration: the site says nothing either
    assert registration_state(edition, dt.date(2030, 6, 1)) == "none"


def test_registration_is_closed_where_a_source_says_so_or_dates_exist() -> None:
    import dataclasses

    from confsite.edition import Edition, Registration
    from confsite.problems import Where
    edition = Edition(slug="2030-x", year=2030, series="s", languages=("en",), title=None,  # type: ignore[arg-type]
                      start=dt.date(2030, 5, 12), end=dt.date(2030, 5, 13), timezone="UTC", format=None,
                      source=Where("e.yaml"))
    said = dataclasses.replace(edition, registration=Registration(None, None, None, Where("e.yaml"), closed=True))
    assert registration_state(said, dt.date(2030, 1, 1)) == "closed"
    assert registration_state(said, dt.date(2030, 6, 1)) == "closed"
    dated = dataclasses.replace(edition, registration=Registration(None, dt.date(2030, 3, 1), None, Where("e.yaml")))
    assert registration_state(dated, dt.date(2030, 6, 1)) == "closed"
