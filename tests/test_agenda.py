"""Agenda pages: every session kind, order kept, chairs and facilitators, people without a page."""

import re

from conftest import MINIMAL_SITE, FixtureSite

from confsite.edition import SESSION_KINDS


def test_every_session_kind_is_shown_distinctly_and_in_order(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.write("content/people/ion-ionescu.yaml", "name: Ion Ionescu\npage: false\n")
    sessions = "\n".join(f"      - {{kind: {kind}, title: Session {kind}, chairs: [ana-popescu], "
                         f"facilitators: [ion-ionescu]}}" for kind in SESSION_KINDS)
    fixture_site.edition(agenda=f"agenda:\n  - date: 2030-05-12\n    sessions:\n{sessions}")
    assert fixture_site.build().ok
    html = (fixture_site.root / "_site/en/2030-iasi/agenda/index.html").read_text()
    classes = re.findall(r'class="session kind-([a-z]+)"', html)
    assert classes == list(SESSION_KINDS)
    labels = re.findall(r'<span class="kind">([^<]+)</span>', html)
    assert len(set(labels)) == len(SESSION_KINDS)
    assert 'Chair: <a href="/conf/en/people/ana-popescu/">Ana Popescu</a>' in html  # one: singular
    assert "Facilitator: Ion Ionescu" in html  # no page of their own: a name, not a link
    assert not (fixture_site.root / "_site/en/people/ion-ionescu").exists()
    assert "The published programme gives no times" in html


def test_each_day_of_an_agenda_is_headed_with_its_weekday(fixture_site: FixtureSite) -> None:
    """At the venue, "Tuesday" is how people tell the days apart; the date alone left them counting."""
    fixture_site.write("site.yaml", MINIMAL_SITE.replace("languages: [en, ro]", "languages: [en, ro, bg]"))
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - {kind: keynote, title: A}\n"
                                "  - date: 2030-05-13\n    sessions:\n      - {kind: panel, title: B}")
    assert fixture_site.build(search=False).ok
    for lang, first, second in (("en", "Sunday, 12 May 2030", "Monday, 13 May 2030"),
                                ("ro", "duminică, 12 mai 2030", "luni, 13 mai 2030"),
                                ("bg", "неделя, 12 май 2030 г.", "понеделник, 13 май 2030 г.")):
        html = (fixture_site.root / f"_site/{lang}/2030-iasi/agenda/index.html").read_text(encoding="utf-8")
        assert re.findall(r'<h2 id="day-[0-9-]+"><time datetime="[0-9-]+">([^<]+)</time></h2>', html) == [first, second]
