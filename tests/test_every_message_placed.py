"""Every message places the mistake: for each kind of problem the load and validate stages can
raise, one broken input (a corpus, one case per message) must give problems that name the file,
a line greater than 0 unless the problem is about the whole file, and a hint saying what to do."""

from __future__ import annotations

import io

import pytest
from checking import AGENDA, FILE, ORGANISATION, PAGE, PERSON, TEXT, E, check, complete_site
from conftest import MINIMAL_SITE, FixtureSite, edition_yaml
from PIL import Image

OK_BLOCKS = {"organisations": "organisations:\n  - id: acme\n    role: organiser",
             "downloads": "downloads:\n  - title: Agenda\n    file: files/agenda.pdf", "agenda": AGENDA}


def ed(**overrides: str) -> dict[str, str | bytes]:
    """The complete site's edition.yaml with some blocks replaced."""
    return {E: edition_yaml(**{**OK_BLOCKS, **overrides})}


def session(*lines: str, agenda: str = AGENDA) -> dict[str, str | bytes]:
    """The edition with lines added to its session (after 'end')."""
    return ed(agenda=agenda.replace('        end: "11:00"', '        end: "11:00"\n' + "\n".join(lines)))


def site(*lines: str, drop: str = "") -> dict[str, str | bytes]:
    return {"site.yaml": MINIMAL_SITE.replace(drop, "") + "".join(f"{line}\n" for line in lines)}


def _jpeg(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


PHOTO, SMALL_PHOTO = _jpeg((240, 240)), _jpeg((100, 100))
SECOND_DAY = AGENDA + "\n  - date: 2030-05-12\n    sessions: []"
# name -> (files written over the complete site, is the problem about a whole file?)
CORPUS: dict[str, tuple[dict[str, str | bytes], bool]] = {
    # reading files
    "not utf-8": ({ORGANISATION: b"name: Caf\xe9\n"}, False),
    "duplicate key": ({ORGANISATION: "name: A\nname: B\n"}, False),
    "yml suffix": ({"content/people/ion.yml": "name: Ion\n"}, True),
    "markdown without language": ({"content/pages/team.md": "---\ntitle: Team\n---\n"}, True),
    "edition text not index": ({"content/editions/2030-iasi/intro.en.md": "Text\n"}, True),
    "edition without edition.yaml": ({"content/editions/2031-ruse/index.en.md": "Text\n"}, True),
    "markdown control character": ({TEXT: "One.\nTwo\x00.\n"}, False),
    "broken page header": ({PAGE: "---\ntitle: [About\n---\nText\n"}, False),
    "link out of the project": ({}, True),
    "text file too big": ({TEXT: "Words. " * 150_000}, True),
    # YAML
    "anchor": ({ORGANISATION: "name: &n ACME\n"}, False),
    "alias": ({ORGANISATION: "name: ACME\nshort_name: *n\n"}, False),
    "tag": ({ORGANISATION: "name: !!python/name:os.system ACME\n"}, False),
    "complex key": ({ORGANISATION: "name: ACME\n[a]: b\n"}, False),
    "question-mark key": ({ORGANISATION: "name: ACME\n? url\n: https://x.org/\n"}, False),
    "merge key": ({ORGANISATION: "name: ACME\n<<: {country: RO}\n"}, False),
    "deep nesting": ({ORGANISATION: "name: " + "[" * 30 + "]" * 30 + "\n"}, False),
    "tab": ({ORGANISATION: "name: ACME\n\tcountry: RO\n"}, False),
    "unclosed quote": ({ORGANISATION: 'name: "ACME\ncountry: RO\n'}, False),
    "unclosed bracket": ({ORGANISATION: "name: [ACME\ncountry: RO\n"}, False),
    "unclosed brace": ({ORGANISATION: "name: {en: ACME\ncountry: RO\n"}, False),
    "colon in text": ({ORGANISATION: "name: ACME: the firm\n"}, False),
    "line without colon": ({ORGANISATION: "name: ACME\ncountry\n"}, False),
    "bad indentation": ({ORGANISATION: "name:\n  en: A\n ro: B\n"}, False),
    "broken list": ({ORGANISATION: "name: A\nshort_name:\n  - a\n  b: c\n"}, False),
    "value starting with a dash": ({ORGANISATION: "name: ACME\ncountry: - RO\n"}, False),
    "reserved first character": ({ORGANISATION: "name: `ACME`\n"}, False),
    "unknown escape": ({ORGANISATION: 'name: "A\\qB"\n'}, False),
    "two documents": ({ORGANISATION: "name: A\n---\nname: B\n"}, False),
    "raw control character": ({ORGANISATION: "name: A\x07B\n"}, False),
    "a list under a text": ({ORGANISATION: "name: ACME\nurl: https://x.org/\n  - a\n"}, False),
    "empty file": ({ORGANISATION: ""}, False),
    "null file": ({ORGANISATION: "null\n"}, False),
    "marker-only file": ({ORGANISATION: "---\n"}, False),
    "list instead of fields": ({ORGANISATION: "- ACME\n"}, False),
    # field types
    "block expected": (ed(venue="venue: Iași"), False),
    "missing field": ({ORGANISATION: "short_name: A\n"}, False),
    "unknown field": ({ORGANISATION: "name: A\nnmae: B\n"}, False),
    "yes instead of text": ({ORGANISATION: "name: yes\n"}, False),
    "number instead of text": ({ORGANISATION: "name: 12\n"}, False),
    "empty text": ({ORGANISATION: "name: ''\n"}, False),
    "line break in a title": ({ORGANISATION: 'name: "A\\nB"\n'}, False),
    "markup in a plain text": ({ORGANISATION: "name: ACME <b>Ltd</b>\n"}, False),
    "text too long": ({ORGANISATION: "name: " + "A" * 600 + "\n"}, False),
    "bad id": ({PERSON: "name: Ana\norganisation: Acme Inc\n"}, False),
    "invisible character in an id": ({PERSON: "name: Ana\norganisation: \"ac\u200bme\"\n"}, False),
    "bad whole number": (ed(audience="audience:\n  expected: {count: -5}"), False),
    "bad yes/no": (ed(draft="draft: maybe"), False),
    "impossible date": (ed(dates="dates:\n  start: 2030-02-30\n  end: 2030-05-13"), False),
    "time without quotes": (session("        id: x", agenda=AGENDA.replace('"10:00"', "10:00")), False),
    "bad time": (ed(agenda=AGENDA.replace('"11:00"', '"25:00"')), False),
    "bad url": ({ORGANISATION: "name: A\nurl: www.acme.ro\n"}, False),
    "url with a space": ({ORGANISATION: "name: A\nurl: https://acme.ro/a b\n"}, False),
    "bad language code": (site("languages: [english]", drop="languages: [en, ro]\n"), False),
    "bad country": (ed(venue="venue:\n  city: Iași\n  country: Romania"), False),
    "not one of the choices": (ed(format="format: inperson"), False),
    "list expected": (ed(languages="languages: en"), False),
    "text with a bad language code": ({ORGANISATION: "name: {EN: A}\n"}, False),
    "text in an unknown language": ({ORGANISATION: "name: {fr: A}\n"}, False),
    "text with no language": ({ORGANISATION: "name: {}\n"}, False),
    # site.yaml
    "base url with a query": (site("base_url: https://example.org/?a=1",
                                   drop="base_url: https://example.org/conf/\n"), False),
    "zero limit": (site("max_file_size_mb: 0"), False),
    "no languages": (site("languages: []", drop="languages: [en, ro]\n"), False),
    "empty output": (site("output: ''"), False),
    "output out of the project": (site("output: ../escaped"), False),
    "output in a source folder": (site("output: content/site"), False),
    "output through a link out of the project": (site("output: public/site"), False),
    "language twice": (site("languages: [en, ro, en]", drop="languages: [en, ro]\n"), False),
    "series twice": (site("  - id: cmr", "    name: Again", drop="navigation: [home, people]\n"), False),
    "series with a bad id": (site("  - id: Bad Id", "    name: Bad", drop="navigation: [home, people]\n"), False),
    "unknown navigation entry": (site("navigation: [home, abuot]", drop="navigation: [home, people]\n"), False),
    "no series to choose": (site(drop="series:\n  - id: cmr\n    name: Clusters meet Regions\n"), False),
    # files and references
    "page in a language the site lacks": ({"content/pages/about.fr.md": "---\ntitle: À propos\n---\n"}, True),
    "text in a language the site lacks": ({"content/editions/2030-iasi/index.fr.md": "Texte\n"}, True),
    "person file name": ({"content/people/Ion Pop.yaml": "name: Ion Pop\n"}, True),
    "page file name": ({"content/pages/About Us.en.md": "---\ntitle: About\n---\n"}, True),
    "edition folder name": ({"content/editions/iasi/edition.yaml": edition_yaml()}, True),
    "unreferenced person": ({"content/people/ion-pop.yaml": "name: Ion Pop\n"}, False),
    "unknown moderator": (ed(agenda=AGENDA.replace("moderators: [ana-popescu]", "moderators: [ana-popesku]")), False),
    "unknown chair": (session("        chairs: [nobody]"), False),
    "unknown facilitator": (session("        facilitators: [ana-popescu, nobody]"), False),
    "unknown session organiser": (session("        organiser: nobody"), False),
    "unknown organisation of a speaker": (ed(agenda=AGENDA.replace("speakers: [ana-popescu]", (
        "speakers:\n              - person: ana-popescu\n                organisation: acmee"))), False),
    "unknown matchmaking partner": (ed(matchmaking="matchmaking:\n  with: [acme, nobody]"), False),
    "unknown organisation of a person": ({PERSON: "name: Ana\norganisation: acmee\n"}, False),
    "unknown organisation of an edition": (ed(organisations="organisations:\n  - id: acmee\n    role: organiser"),
                                           False),
    "former slug is the edition's own": (ed(former_slugs="former_slugs: [2030-iasi]"), False),
    "former slug that is no folder name": (ed(former_slugs="former_slugs: [calendar]"), False),
    "former slug is another edition's folder": ({**ed(former_slugs="former_slugs: [2031-ruse]"),
                                                 "content/editions/2031-ruse/edition.yaml": edition_yaml(
                                                     dates="dates: {start: 2031-05-12, end: 2031-05-12}")}, False),
    "former slug of two editions": ({**ed(former_slugs="former_slugs: [2030-old]"),
                                     "content/editions/2031-ruse/edition.yaml": edition_yaml(
                                         dates="dates: {start: 2031-05-12, end: 2031-05-12}",
                                         former_slugs="former_slugs: [2030-old]")}, False),
    # edition rules
    "registration closes before it opens": (ed(registration="registration:\n  opens: 2030-05-01\n  closes: 2030-04-01"),
                                            False),
    "registration closes after the edition": (ed(registration="registration:\n  closes: 2030-06-01"), False),
    "registration opens after the edition": (ed(registration="registration:\n  opens: 2030-06-01"), False),
    "file outside files/": (ed(downloads="downloads:\n  - title: A\n    file: agenda.pdf"), False),
    "file that does not exist": (ed(downloads="downloads:\n  - title: A\n    file: files/agnda.pdf"), False),
    "file over the download limit": ({**site("max_file_size_mb: 1"), **ed(), FILE: b"%PDF" + b"0" * 1_100_000}, False),
    "document both file and url": (ed(downloads="downloads:\n  - title: A\n    file: files/agenda.pdf\n"
                                                "    url: https://x.org/a.pdf"), False),
    "bad slides": (ed(agenda=AGENDA + "\n            slides: yes please"), False),
    "talk without speakers": (ed(agenda=AGENDA.replace("speakers: [ana-popescu]", "speakers: []")), False),
    "end without start": (ed(agenda=AGENDA.replace('        start: "10:00"\n', "")), False),
    "ends before it starts": (ed(agenda=AGENDA.replace('"11:00"', '"09:00"')), False),
    "part of day with times": (session("        part_of_day: morning"), False),
    "unknown time zone": (ed(timezone="timezone: Europe/Iasi"), False),
    "day outside the dates": (ed(agenda=AGENDA.replace("2030-05-12", "2030-06-12")), False),
    "day repeated": (ed(agenda=SECOND_DAY), False),
    "matchmaking outside the dates": (ed(matchmaking="matchmaking:\n  date: 2030-06-01"), False),
    "two sessions with one key": (ed(agenda=AGENDA + "\n      - kind: break\n        title: Coffee\n"
                                            '        start: "10:00"'), False),
    "overlapping sessions": (ed(agenda=AGENDA + "\n      - kind: break\n        title: Coffee\n"
                                       '        start: "10:30"\n        id: coffee'), False),
    "edition without languages": (ed(languages="languages: []"), False),
    "edition ends before it starts": (ed(dates="dates:\n  start: 2030-05-13\n  end: 2030-05-12"), False),
    "edition lasting years": (ed(dates="dates:\n  start: 2030-05-12\n  end: 9000-05-12"), False),
    "year differs from the folder": (ed(dates="dates:\n  start: 2031-05-12\n  end: 2031-05-13",
                                        agenda=AGENDA.replace("2030", "2031")), False),
    "in person without a venue": (ed(venue=""), False),
    "in person with an online link": (ed(online_url="online_url: https://meet.example.org/x"), False),
    # pictures
    "picture file missing": ({PERSON: "name: Ana\nphoto: {file: ana.jpg, alt: Ana}\n"}, False),
    "picture without alt": ({PERSON: "name: Ana\nphoto: {file: ana.jpg}\n", "content/people/ana.jpg": PHOTO}, False),
    "picture too small": ({PERSON: "name: Ana\nphoto: {file: ana.jpg, alt: Ana}\n",
                           "content/people/ana.jpg": SMALL_PHOTO}, False),
    "picture cut short": ({PERSON: "name: Ana\nphoto: {file: ana.jpg, alt: Ana}\n",
                           "content/people/ana.jpg": PHOTO[:200]}, False),
    "svg with a script": ({ORGANISATION: "name: ACME\nlogo: {file: acme.svg, alt: ACME}\n",
                           "content/organisations/acme.svg": b'<svg viewBox="0 0 9 9">\n<script>x()</script></svg>'},
                          False),
    "picture over the size limit": ({**site("max_image_kb: 1"), PERSON: "name: Ana\nphoto: {file: ana.jpg, alt: Ana}\n",
                                     "content/people/ana.jpg": PHOTO}, False),
}


def _break(site: FixtureSite, name: str, files: dict[str, str | bytes]) -> None:
    for path, text in files.items():
        if isinstance(text, bytes):
            (site.root / path).parent.mkdir(parents=True, exist_ok=True)
            (site.root / path).write_bytes(text)
        else:
            site.write(path, text)
    if name == "link out of the project":
        (site.root / PAGE).unlink()
        (site.root / PAGE).symlink_to("/etc/hostname")
    if name == "output through a link out of the project":
        (site.root / "public").symlink_to(site.root.parent)


@pytest.mark.parametrize("name", CORPUS)
def test_every_problem_names_its_file_line_and_a_hint(fixture_site: FixtureSite, name: str) -> None:
    files, whole_file = CORPUS[name]
    site = complete_site(fixture_site)
    _break(site, name, files)
    code, problems, stderr = check(site.root)
    found = [p for p in problems if p["severity"] != "note"]
    assert found, f"{name}: no problem reported"
    assert "Traceback" not in stderr
    assert code == (1 if any(p["severity"] == "error" for p in found) else 0)
    broken = {*files, *(path.rsplit("/", 1)[0] for path in files), PAGE}
    assert any(p["path"] in broken for p in found), f"{name}: nothing reported where it was broken"
    for problem in found:
        assert problem["path"] and not str(problem["path"]).startswith("/"), problem
        assert problem["hint"], f"{name}: no hint in {problem}"
        assert whole_file or int(problem["line"]) > 0, f"{name}: no line in {problem}"  # type: ignore[call-overload]
