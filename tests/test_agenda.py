"""Agenda pages: every session kind, order kept, chairs and facilitators, people without a page."""

import re

from conftest import FixtureSite

from confsite.model import SESSION_KINDS


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
