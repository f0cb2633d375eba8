"""`build.py import`: frab schedule.xml/.json (pretalx, frab, the CCC hub) and Sessionize, into an edition.

The fixtures in tests/fixtures/import/ are a pretalx export and a Sessionize "All Data" export
written for these tests (fictional 2030 programme); the voc examples are the c3voc project's own.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import pathlib
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from conftest import FIXED_NOW, MINIMAL_SITE, ROOT, FixtureSite, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from test_schedule import built, events, timed_site

from confsite.calendar import Wording, session_calendar
from confsite.edition import Day, Edition, Session
from confsite.importer import text as importer_text
from confsite.importer.programme import titled
from confsite.importer.saving import write_all
from confsite.model import Text
from confsite.schedule import schedule_json, schedule_xml
from confsite.serve import Preview

FIXTURES = ROOT / "tests" / "fixtures" / "import"
VOC = ROOT / "tests" / "schemas" / "voc-schedule" / "json-examples"
PRETALX = FIXTURES / "pretalx-cmr2030.json"
SESSIONIZE = FIXTURES / "sessionize-cmr2030.json"


def import_(site: FixtureSite, file: pathlib.Path, *options: str, edition: str = "2030-iasi") -> tuple[int, str]:
    return run_cli(["import", str(file), "--edition", edition, "--project", str(site.root), *options])


def check(site: FixtureSite) -> tuple[int, str]:
    return run_cli(["check", "--project", str(site.root)])


def snapshot(site: FixtureSite) -> dict[str, bytes]:
    content = site.root / "content"
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def agenda(site: FixtureSite, slug: str = "2030-iasi") -> list[dict[str, Any]]:
    data = yaml.safe_load((site.root / f"content/editions/{slug}/edition.yaml").read_text(encoding="utf-8"))
    return [dict(s, date=day["date"]) for day in data.get("agenda") or [] for s in day.get("sessions") or []]


def sessionize_with(tmp_path: pathlib.Path, *sessions: dict[str, str]) -> pathlib.Path:
    """The Sessionize fixture with the fields of its first sessions replaced, written beside the test."""
    data = json.loads(SESSIONIZE.read_text())
    for session, fields in zip(data["sessions"], sessions, strict=False):
        session.update(fields)
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def by_title(site: FixtureSite, slug: str = "2030-iasi") -> dict[str, dict[str, Any]]:
    return {next(iter(s["title"].values())) if isinstance(s["title"], dict) else s["title"]: s
            for s in agenda(site, slug)}


def people_of(session: dict[str, Any]) -> list[str]:
    return [sp if isinstance(sp, str) else sp["person"] for talk in session.get("talks") or []
            for sp in talk["speakers"]]


def edition(site: FixtureSite, slug: str = "2030-iasi", languages: str = "[en, ro]", **overrides: str) -> None:
    site.edition(slug, languages=f"languages: {languages}", title="title: {en: Clusters meet Regions 2030}",
                 **overrides)


@pytest.fixture
def site(fixture_site: FixtureSite) -> FixtureSite:
    edition(fixture_site)
    return fixture_site


# --- what it writes -----------------------------------------------------------------------------


def test_pretalx_export_becomes_the_agenda_people_and_passes_check(site: FixtureSite) -> None:
    code, output = import_(site, PRETALX)
    assert code == 0, output
    sessions = by_title(site)
    assert "Data spaces for small firms" in sessions  # not cancelled yet in this version of the file
    panel = sessions["Regional strategies side by side"]
    assert panel["id"] == json.loads(PRETALX.read_text())["schedule"]["conference"]["days"][0]["rooms"][
        "Aula Magna"][2]["guid"]
    assert (panel["kind"], panel["start"], panel["end"], panel["track"], panel["room"]) == (
        "panel", "11:00", "12:30", "Regions", "Aula Magna")
    assert people_of(panel) == ["zoe-muller-lukasiewicz", "stefan-balan", "ivan-petrenko"]  # multi-speaker
    workshop = sessions["Mapping value chains"]  # in parallel, in another room
    assert (workshop["start"], workshop["room"], workshop["kind"]) == ("11:00", "Sala B", "workshop")
    assert sessions["Data spaces for small firms"]["kind"] == "session"  # "Talk" is no kind of ours
    assert yaml.safe_load((site.root / "content/people/olena-kovalenko.yaml").read_text()) == {
        "name": "Олена Коваленко"}
    assert yaml.safe_load((site.root / "content/people/stefan-balan.yaml").read_text())["name"] == "Ștefan Bălan"
    assert check(site)[0] == 0


def test_never_writes_e_mail_phone_or_answers(site: FixtureSite) -> None:
    for file in (PRETALX, SESSIONIZE):
        assert import_(site, file)[0] == 0
    written = b"".join(snapshot(site).values()).decode()
    for secret in ("mihai.rusu@example.org", "+40 712 000 111", "ana.popescu@example.org", "+40 722 000 001",
                   "+380 67", "Needs a lectern", "@"):
        assert secret not in written


def test_sessionize_times_are_read_in_the_edition_zone(site: FixtureSite) -> None:
    code, output = import_(site, SESSIONIZE, "--map", "keynote=Keynote address", "--map", "break=Service session")
    assert code == 0, output
    sessions = by_title(site)
    keynote = sessions["Clusters as bridges between regions"]
    assert (keynote["date"], keynote["start"], keynote["end"], keynote["kind"]) == (
        dt.date(2030, 5, 13), "09:30", "10:15", "keynote")
    assert keynote["id"] == "sessionize-512002"
    assert sessions["Lunch"]["kind"] == "break"
    assert sessions["Opening of the matchmaking day"]["kind"] == "opening"  # a category named like our kind
    assert sessions["Three agencies, one corridor"]["kind"] == "session"  # "Talk" unmapped
    corridor, calls = sessions["Three agencies, one corridor"], sessions["Funding calls explained"]
    assert (corridor["start"], calls["start"], corridor["room"], calls["room"]) == ("10:30", "10:30", "Aula Magna",
                                                                                     "Sala B")
    assert people_of(corridor) == ["stefan-balan", "zoe-muller", "ana-popescu"]
    assert "Blockchain for every cluster" not in sessions  # declined
    assert "declined on Sessionize and was left out" in output
    state, resolved = built(site)
    data = json.loads(schedule_json(state, resolved))
    start = next(e["date"] for e in events(data) if e["title"] == "Clusters as bridges between regions")
    assert start == "2030-05-13T09:30:00+03:00"  # Europe/Bucharest in May, as the edition says


def test_organisations_come_from_tag_lines_and_existing_ones_are_reused(site: FixtureSite) -> None:
    site.write("content/organisations/regional-agency.yaml", "name: {en: Regional Agency}\nshort_name: RA\n")
    site.write("content/people/ana-popescu.yaml", "# written by hand\nname: Ana Popescu\npage: false\n")
    before = (site.root / "content/people/ana-popescu.yaml").read_bytes()
    code, output = import_(site, SESSIONIZE)
    assert code == 0, output
    assert (site.root / "content/people/ana-popescu.yaml").read_bytes() == before  # reused, never rewritten
    assert not (site.root / "content/organisations/regional-agency-2.yaml").exists()
    stefan = yaml.safe_load((site.root / "content/people/stefan-balan.yaml").read_text())
    assert stefan == {"name": "Ștefan Bălan", "role": {"en": "Researcher"}, "organisation": "universitatea-tehnica"}
    assert yaml.safe_load((site.root / "content/organisations/universitatea-tehnica.yaml").read_text()) == {
        "name": "Universitatea Tehnică"}
    assert yaml.safe_load((site.root / "content/people/olena-kovalenko.yaml").read_text())["organisation"] == (
        "lvivskiy-it-klaster")
    assert "zoe-muller" in output and "organisation" not in (site.root / "content/people/zoe-muller.yaml").read_text()
    assert check(site)[0] == 0


def with_tag_lines(tmp_path: pathlib.Path, *lines: str) -> pathlib.Path:
    """The Sessionize fixture with its first speakers' tag lines replaced, written beside the test."""
    data = json.loads(SESSIONIZE.read_text(encoding="utf-8"))
    for speaker, line in zip(data["speakers"], lines, strict=False):
        speaker["tagLine"] = line
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def organisation_of(site: FixtureSite, person: str) -> str | None:
    return yaml.safe_load((site.root / f"content/people/{person}.yaml").read_text(encoding="utf-8")).get(
        "organisation")


def test_an_organisation_whose_id_is_another_name_s_is_a_new_one_with_a_warning(site: FixtureSite,
                                                                                tmp_path: pathlib.Path) -> None:
    """A speaker could once name themselves part of a partner organisation by its id's words."""
    site.write("content/organisations/port-agency.yaml", "name: {en: Lower Danube Port Agency}\n")
    before = (site.root / "content/organisations/port-agency.yaml").read_bytes()
    code, output = import_(site, with_tag_lines(tmp_path, "Director at Port Agency", "Head of cluster at Port-Agency"))
    assert code == 0, output
    assert organisation_of(site, "ana-popescu") == organisation_of(site, "olena-kovalenko") == "port-agency-2"
    assert yaml.safe_load((site.root / "content/organisations/port-agency-2.yaml").read_text()) == {
        "name": "Port Agency"}
    assert (site.root / "content/organisations/port-agency.yaml").read_bytes() == before
    assert ("content/organisations/port-agency.yaml: warning: 'Port Agency' in the programme was imported as a new "
            "organisation, 'port-agency-2': 'port-agency' is 'Lower Danube Port Agency', a name written "
            "differently") in output
    assert "delete content/organisations/port-agency-2.yaml" in output and output.count("a new organisation") == 1
    assert check(site)[0] == 0


def test_an_organisation_is_known_by_its_name_or_short_name_written_otherwise(site: FixtureSite,
                                                                               tmp_path: pathlib.Path) -> None:
    site.write("content/organisations/port-agency.yaml", "name: {en: Lower Danube Port Agency, ro: Agenția "
               "Portuară a Dunării de Jos}\nshort_name: {en: Port Agency}\n")
    code, output = import_(site, with_tag_lines(tmp_path, "Director at port agency", "Head of cluster at Agentia "
                                                "Portuara a Dunarii de Jos", "Researcher at Lower Danube Port-Agency!"))
    assert code == 0, output
    assert [organisation_of(site, p) for p in ("ana-popescu", "olena-kovalenko", "stefan-balan")] == [
        "port-agency"] * 3
    assert not list((site.root / "content/organisations").glob("port-agency-*")) and "warning: 'Port" not in output


def test_a_name_match_with_another_id_is_proposed_not_merged(site: FixtureSite) -> None:
    site.write("content/people/popescu-ana.yaml", "name: Ana Popescu\n")
    site.write("content/editions/2030-iasi/index.en.md", "Text.\n")
    code, output = import_(site, SESSIONIZE)
    assert code == 0, output
    assert "'Ana Popescu' in the programme has the same name as 'popescu-ana'" in output
    assert "replace 'ana-popescu' with 'popescu-ana'" in output
    assert (site.root / "content/people/ana-popescu.yaml").is_file()
    assert (site.root / "content/people/popescu-ana.yaml").read_text() == "name: Ana Popescu\n"


def test_a_file_saved_on_windows_keeps_its_line_endings_and_byte_order_mark(site: FixtureSite) -> None:
    """Otherwise every line of edition.yaml shows as changed in the pull request's diff."""
    path = site.root / "content/editions/2030-iasi/edition.yaml"
    before = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(before)
    assert import_(site, SESSIONIZE)[0] == 0
    after = path.read_bytes()
    assert after.startswith(before) and len(after) > len(before)  # the agenda added after what was there
    assert after.count(b"\n") == after.count(b"\r\n")
    path.write_bytes(before.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\n", b"\r\n", 1))
    data = json.loads(SESSIONIZE.read_text(encoding="utf-8"))
    data["sessions"][0]["title"] = "A new title"
    (site.root / "changed.json").write_text(json.dumps(data), encoding="utf-8")
    assert import_(site, site.root / "changed.json")[0] == 0
    assert b"\r" not in path.read_bytes()  # one stray Windows line: the file stays as it mostly was (Unix)
    new = site.root / "content/people/stefan-balan.yaml"
    assert b"\r" not in new.read_bytes() and not new.read_bytes().startswith(b"\xef")  # a new file: plain


def test_the_merge_an_editor_made_is_kept_by_the_next_import(site: FixtureSite) -> None:
    site.write("content/people/popescu-ana.yaml", "name: Ana Popescu\n")
    site.write("content/editions/2030-iasi/index.en.md", "Text.\n")
    assert import_(site, SESSIONIZE)[0] == 0
    hers = [title for title, session in by_title(site).items() if "ana-popescu" in people_of(session)]
    assert len(hers) == 2  # the keynote and the corridor session
    # what the warning proposes, done by hand
    edition = site.root / "content/editions/2030-iasi/edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("ana-popescu", "popescu-ana"), encoding="utf-8")
    (site.root / "content/people/ana-popescu.yaml").unlink()
    chosen = edition.read_bytes()
    code, output = import_(site, SESSIONIZE)
    assert code == 0, output
    assert "same name" not in output and "ana-popescu" not in output
    assert edition.read_bytes() == chosen
    assert not (site.root / "content/people/ana-popescu.yaml").exists()
    assert [title for title, session in by_title(site).items() if "popescu-ana" in people_of(session)] == hers
    assert check(site)[0] == 0


def test_untrusted_html_is_reduced_to_text(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    data = json.loads(SESSIONIZE.read_text())
    data["sessions"][0]["title"] = 'Hi <script>alert(1)</script><b onmouseover="alert(2)">there</b>'
    data["sessions"][0]["description"] = ('<p>Read <a href="javascript:alert(3)">this</a> and '
                                          '<a href="https://example.org/x">that</a>.</p><img src=x onerror=alert(4)>'
                                          '&lt;script&gt;alert(5)&lt;/script&gt;<iframe src="https://evil"></iframe>')
    data["sessions"][1]["title"] = "Long " * 200
    data["sessions"][1]["description"] = "word " * 3000
    data["speakers"][2]["fullName"] = "Ștefan <img src=x onerror=alert(6)>Bălan"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data), encoding="utf-8")
    code, output = import_(site, hostile)
    assert code == 0, output
    text = (site.root / "content/editions/2030-iasi/edition.yaml").read_text()
    written = text + (site.root / "content/people/stefan-balan.yaml").read_text()
    for bad in ("<script", "alert", "javascript:", "onerror", "onmouseover", "<iframe", "<b", "<img", "<p>"):
        assert bad not in written
    sessions = by_title(site)
    assert "Hi there" in sessions
    assert sessions["Hi there"]["description"]["en"] == "Read this and that (https://example.org/x)."
    long_title = next(t for t in sessions if t.startswith("Long"))
    assert len(long_title) <= 300 and long_title.endswith("…")
    assert len(sessions[long_title]["description"]["en"]) <= 5000
    assert "longer than 300 characters and was cut" in output and "longer than 5000 characters" in output
    assert yaml.safe_load((site.root / "content/people/stefan-balan.yaml").read_text())["name"] == "Ștefan Bălan"
    assert ("held markup, which was taken out with what it enclosed: "
            "'Hi ‹script›alert(1)‹/script›‹b onmouseover=\"alert(2)\"›there‹/b›' became 'Hi there'") in output
    assert check(site)[0] == 0


def test_a_title_of_nothing_but_markup_stops_no_import(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """Reduced to text, such a title was empty, which check refuses: the whole import stopped, for every
    session of the file. It is now kept as written, inert, and said."""
    hostile = sessionize_with(tmp_path, {"title": "</script><script>alert(1)</script>"},
                              {"title": "The <script> element & its kin"})
    code, output = import_(site, hostile)
    assert code == 0, output
    sessions = by_title(site)
    assert "‹/script›‹script›alert(1)‹/script›" in sessions and "The" in sessions
    assert "holds nothing but markup; it was kept as written" in output
    assert "'The ‹script› element & its kin' became 'The'" in output
    assert "<script" not in (site.root / "content/editions/2030-iasi/edition.yaml").read_text()
    assert check(site)[0] == 0


def test_a_tag_left_open_with_many_attributes_is_read_at_once(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """A '<' with attributes and no '>' after them: the sanitiser's quick count of tags tried every
    way of sharing the spaces between them, twice as many for each more one, and 40 of them (an
    abstract of 100 characters) stopped the import for good. (In a process: it could hang one.)"""
    hostile = sessionize_with(tmp_path, {"description": "Hello <span" + " b" * 40})
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(hostile), "--edition", "2030-iasi",
                             "--project", str(site.root), "--dry-run"], capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr


@pytest.mark.parametrize("abstract", ["<a " * 20_000, "<div>" * 200_000], ids=["unfinished tags", "open elements"])
def test_an_abstract_of_piled_up_markup_is_read_in_linear_time(site: FixtureSite, tmp_path: pathlib.Path,
                                                                abstract: str) -> None:
    """Reading markup out of a text took time that grew with the square of its length: 60 KB of '<a '
    (the sanitiser's count of what it removed, which the import never reports) took over a minute,
    a megabyte of '<div>' (the sanitiser itself) over two. A text is now read up to four times its
    limit, and cut, and the import says so. (In a process: it could hang one.)"""
    hostile = sessionize_with(tmp_path, {"description": "Hello. " + abstract})
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(hostile), "--edition", "2030-iasi",
                             "--project", str(site.root), "--dry-run"], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is longer than 5000 characters and was cut" in result.stdout + result.stderr


def test_html_in_the_pretalx_abstract_becomes_text(site: FixtureSite) -> None:
    assert import_(site, PRETALX)[0] == 0
    twins = by_title(site)["Digital twins for river ports"]
    assert twins["description"]["en"] == "We show three cases.\n\nmore See the study (https://example.org/ports)."
    assert by_title(site)["Mapping value chains"]["description"]["en"] == (
        "Hands-on mapping of cross-border value chains.\nBring a laptop.")


def test_markdown_marks_in_an_abstract_become_text(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    # pretalx abstracts are Markdown; the content's texts are plain, and would show the marks
    marked = sessionize_with(tmp_path, {"title": "Why **ports** matter", "description": (
        "See [the study](https://example.org/s), [our notes](notes.md) and __init__ or 2 ** 10.\n\n"
        "## Bring **questions**\n#1 priority.")})
    assert import_(site, marked)[0] == 0
    session = by_title(site)["Why ports matter"]
    assert session["description"]["en"] == ("See the study (https://example.org/s), our notes and __init__ or "
                                            "2 ** 10.\n\nBring questions\n#1 priority.")
    code, output = check(site)
    assert code == 0 and "as written" not in output, output


def test_every_markdown_link_in_an_abstract_keeps_only_its_words_and_web_address(site: FixtureSite,
                                                                                  tmp_path: pathlib.Path) -> None:
    # an address with parentheses, a title or a space before it was kept as written, javascript: and all,
    # and reached the exported schedule.json and schedule.xml
    marked = sessionize_with(tmp_path, {"title": "Why [ports](javascript:alert(1)) matter", "description": (
        "Abstract with [link](javascript:alert(4)), [x](javascript:alert(1) \"t\") and [y]( javascript:alert(1) ).\n"
        "See [the study](https://example.org/s \"Study\"), [a port](https://en.wikipedia.org/wiki/Port_(city)),"
        " [a [nested] one](javascript:alert(2)), [[z](javascript:alert(3))](javascript:alert(3)),"
        " [deep](javascript:alert((6))), [notes][1], [the plan] [Plan] and [home].\n\n"
        "[1]: javascript:alert(5)\n  [plan]: javascript:alert(7) 'Plan'\n[Home]: https://example.org/home")})
    assert import_(site, marked)[0] == 0
    assert "javascript" not in (site.root / "content/editions/2030-iasi/edition.yaml").read_text()
    session = by_title(site)["Why ports matter"]
    assert session["description"]["en"] == (
        "Abstract with link, x and y.\nSee the study (https://example.org/s), a port "
        "(https://en.wikipedia.org/wiki/Port_(city)), a [nested] one, z, deep, notes, the plan and "
        "home (https://example.org/home).")
    code, output = check(site)
    assert code == 0 and "as written" not in output, output


@pytest.mark.parametrize(("markdown", "text"), [
    ("[x](<javascript:alert(1)>) and [y](\njavascript:alert(2)\n'Title')", "x and y"),
    ("[a\nlink](javascript:alert(1)) [b](https://example.org/x 'T') [c](https://example.org/y (T))",
     "a\nlink b (https://example.org/x) c (https://example.org/y)"),
    ("[x](https://example.org/[y](javascript:alert(1)))", "x (https://example.org/y)"),  # a link left by the first
    # parentheses nested deeper than anyone writes: no longer a link to any Markdown reader ('](' is one)
    ("[x](javascript:a((((1)))))", "[x] (javascript:a((((1)))))"),
    ("- [x][evil]\n\n> [evil]:\n> javascript:alert(1)\n> \"Title\"", "- x"),  # its address's line goes too
    ("[draft] (2024), [1] and f(x)[i]", "[draft] (2024), [1] and f(x)[i]"),  # no links: as written
])
def test_markdown_links_are_read_as_markdown_reads_them(markdown: str, text: str) -> None:
    assert importer_text.plain(markdown) == text


def tiny_image(path: pathlib.Path) -> None:
    """A photo just over the smallest a photo may be (200 pixels on its shorter side)."""
    Image.new("RGB", (320, 240), (200, 40, 40)).save(path)


def published(site: FixtureSite, stem: str, folder: str = "_site") -> list[pathlib.Path]:
    return sorted((site.root / folder / "images").glob(f"{stem}-*"))


def test_a_published_photo_is_upright_and_carries_no_metadata(site: FixtureSite) -> None:
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: keynote\n"
                        "        title: Opening keynote\n        talks:\n          - speakers: [ana-popescu]")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (45.0, 30.0, 0.0)  # GPSLatitude
    Image.new("RGB", (400, 300), (10, 120, 200)).save(site.root / "content/people/ana-popescu.jpg", exif=exif)
    assert b"PhoneMaker" in (site.root / "content/people/ana-popescu.jpg").read_bytes()
    assert site.build(write=True).ok
    files = published(site, "ana-popescu")
    assert len(files) == 12  # face, tile and portrait, at 1x and 2x, as WebP and JPEG
    for file in files:
        assert b"PhoneMaker" not in file.read_bytes() and b"Exif" not in file.read_bytes()
    portrait = next(file for file in files if file.name.endswith("-portrait-240.jpg"))
    with Image.open(portrait) as image:
        assert image.size == (240, 320) and not image.getexif()


def test_photos_come_only_from_the_media_folder_and_reach_the_person_page(site: FixtureSite,
                                                                          tmp_path: pathlib.Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    tiny_image(media / "0a1b-400o400o2-ana-popescu.jpg")
    tiny_image(media / "unrelated.png")
    code, output = import_(site, SESSIONIZE, "--media", str(media))
    assert code == 0, output
    assert "+ photo content/people/ana-popescu.jpg (from 0a1b-400o400o2-ana-popescu.jpg)" in output
    photos = sorted(p.name for p in (site.root / "content/people").iterdir() if p.suffix != ".yaml")
    assert photos == ["ana-popescu.jpg"]  # Олена's photo is linked but not in the folder: never downloaded
    assert import_(site, SESSIONIZE, "--media", str(media))[1].count("Nothing to change") == 1
    result = site.build(write=True)
    assert result.ok, [p.format() for p in result.errors]
    portrait = next(file for file in published(site, "ana-popescu") if file.name.endswith("-portrait-240.jpg"))
    with Image.open(portrait) as image:
        assert image.size == (240, 180)
    page = (site.root / "_site/en/people/ana-popescu/index.html").read_text()
    assert 'class="portrait-image"' in page and portrait.name in page and 'alt="Ana Popescu"' in page
    assert 'class="portrait-image"' not in (site.root / "_site/en/people/olena-kovalenko/index.html").read_text()


def test_the_preview_shows_a_new_photo(site: FixtureSite) -> None:
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: keynote\n"
                        "        title: Opening keynote\n        talks:\n          - speakers: [ana-popescu]")
    preview = Preview(site.root, site.root / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    assert preview.full().ok
    tiny_image(site.root / "content/people/ana-popescu.png")
    report = preview.update({"content/people/ana-popescu.png"})
    assert report.ok and [path for path in report.written if path.startswith("images/ana-popescu-")]
    assert {"en/people/ana-popescu/index.html", "ro/people/ana-popescu/index.html"} <= set(report.written)
    assert 'class="portrait-image"' in (site.root / "preview/en/people/ana-popescu/index.html").read_text()


def test_a_photo_without_its_person_is_a_warning(site: FixtureSite) -> None:
    (site.root / "content/people").mkdir(parents=True)
    (site.root / "content/people/nobody.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    assert "content/people/nobody.jpg: this photo belongs to no person: there is no content/people/nobody.yaml" in \
        site.warnings()



def test_a_photo_too_small_for_the_site_is_left_out_so_that_check_passes(site: FixtureSite,
                                                                         tmp_path: pathlib.Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    Image.new("RGB", (64, 64), (20, 90, 160)).save(media / "0a1b-400o400o2-ana-popescu.jpg")  # a tool's avatar
    code, output = import_(site, SESSIONIZE, "--media", str(media))
    assert code == 0, output
    assert ("warning: this photo of ana-popescu was left out: this picture is 64×64 pixels: too small, a photo "
            "needs at least 200 pixels on its shorter side") in output
    assert not (site.root / "content/people/ana-popescu.jpg").exists()
    assert check(site)[0] == 0

def test_a_person_who_was_there_before_gets_no_photo_from_the_programme(site: FixtureSite,
                                                                         tmp_path: pathlib.Path) -> None:
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\nrole: {en: Minister}\n")  # no photo
    media = tmp_path / "media"
    media.mkdir()
    tiny_image(media / "0a1b-400o400o2-ana-popescu.jpg")  # what a submitter sent as her picture
    code, output = import_(site, SESSIONIZE, "--media", str(media))
    assert code == 0, output
    assert "+ person ana-popescu" not in output and "+ photo" not in output
    assert not list((site.root / "content/people").glob("ana-popescu.*[!l]"))  # only her .yaml

def test_a_photo_that_is_a_link_or_no_picture_is_left_out_with_a_warning(site: FixtureSite,
                                                                         tmp_path: pathlib.Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    tiny_image(outside / "private.jpg")
    (outside / "secret.txt").write_text("not for the web")
    media = tmp_path / "media"
    media.mkdir()
    (media / "0a1b-400o400o2-ana-popescu.jpg").symlink_to(outside / "private.jpg")  # a link, even to a picture
    (media / "0a1c-400o400o2-olena.png").write_bytes((outside / "secret.txt").read_bytes())  # named .png, text
    code, output = import_(site, SESSIONIZE, "--media", str(media))
    assert code == 0, output
    assert "warning: this photo of ana-popescu was left out: it is a link or not a file" in output
    assert "warning: this photo of olena-kovalenko was left out: this file is not an image the site can show" in output
    assert "+ photo" not in output
    assert {p.suffix for p in (site.root / "content/people").iterdir()} == {".yaml"}
    assert check(site)[0] == 0

# --- safe to run again ----------------------------------------------------------------------------


def test_the_same_file_twice_changes_nothing(site: FixtureSite) -> None:
    assert import_(site, PRETALX)[0] == 0
    first = snapshot(site)
    code, output = import_(site, PRETALX)
    assert code == 0
    assert "Nothing to change: 2030-iasi already matches the programme." in output
    assert snapshot(site) == first


def test_dry_run_prints_the_changes_and_writes_nothing(site: FixtureSite) -> None:
    before = snapshot(site)
    code, output = import_(site, PRETALX, "--dry-run")
    assert code == 0
    assert "+ 2030-05-12 11:00 'Regional strategies side by side'" in output
    assert "+ person olena-kovalenko (Олена Коваленко)" in output
    assert "Dry run:" in output and "nothing written" in output
    assert snapshot(site) == before


def newer(tmp_path: pathlib.Path) -> pathlib.Path:
    """The pretalx file a week later: one talk cancelled, one renamed, one moved, one speaker added."""
    data = json.loads(PRETALX.read_text())
    day1, day2 = (d["rooms"] for d in data["schedule"]["conference"]["days"])
    day1["Sala B"] = [e for e in day1["Sala B"] if e["title"] != "Data spaces for small firms"]
    keynote = day1["Aula Magna"][1]
    keynote["title"] = "Clusters on both banks of the Prut"
    closing = day2["Aula Magna"][0]
    closing.update(date="2030-05-13T12:30:00+03:00", start="12:30")
    day1["Aula Magna"][0]["persons"].append(dict(keynote["persons"][0]))
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_newer_version_updates_only_what_changed(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    assert import_(site, PRETALX)[0] == 0
    closing_id = by_title(site)["Closing remarks"]["id"]
    path = site.root / "content/editions/2030-iasi/edition.yaml"
    text = path.read_text()
    # an editor's own work: a translation, a comment, a field the import does not own, their key order
    text = text.replace("title: {en: Clusters across the Prut}",
                        "title: {en: Clusters across the Prut, ro: Clustere de-a lungul Prutului}  # checked by Ion")
    text = "# Programme imported from pretalx; the rest is ours.\n" + text.replace(
        "title: {en: Clusters meet Regions 2030}", "title: {en: Clusters meet Regions 2030}  # the name")
    path.write_text(text, encoding="utf-8")
    code, output = import_(site, newer(tmp_path))
    assert code == 0, output
    assert "~ 2030-05-12 10:00 'Clusters on both banks of the Prut': title: Clusters across the Prut → " \
           "Clusters on both banks of the Prut" in output
    assert "start: 12:00 → 12:30" in output
    assert "speakers: stefan-balan → stefan-balan, olena-kovalenko" in output
    assert "translation (ro) was kept" in output and "check that the translation still fits" in output
    assert "is no longer in the programme; it was kept" in output and "--prune" in output
    after = path.read_text()
    assert after.startswith("# Programme imported from pretalx; the rest is ours.\n")
    assert "title: {en: Clusters meet Regions 2030}  # the name" in after
    assert "ro: Clustere de-a lungul Prutului" in after and "# checked by Ion" in after
    assert "Data spaces for small firms" in after  # kept without --prune
    assert by_title(site)["Closing remarks"]["id"] == closing_id  # its calendar entry keeps its name
    changed = [line for line in after.splitlines() if line not in text.splitlines()]
    assert len(changed) == 4, changed  # the new title, the closing's start and end, the opening's speakers
    assert check(site)[0] == 0


def test_removed_sessions_go_only_with_prune(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    assert import_(site, PRETALX)[0] == 0
    later = newer(tmp_path)
    assert import_(site, later)[0] == 0
    assert "Data spaces for small firms" in by_title(site)
    code, output = import_(site, later, "--prune")
    assert code == 0
    assert "'Data spaces for small firms' (removed upstream)" in output
    assert "Data spaces for small firms" not in by_title(site)
    assert check(site)[0] == 0


def test_a_session_marked_cancelled_is_kept_quietly_even_with_prune(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """pretalx drops a cancelled talk from its schedule. An editor who marks it `cancelled` keeps it
    on the site as cancelled: the next imports neither warn about it nor prune it, and say so if the
    programme lists it again."""
    assert import_(site, PRETALX)[0] == 0
    path = site.root / "content/editions/2030-iasi/edition.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for title in ("Data spaces for small firms", "Closing remarks"):
        at = next(i for i, line in enumerate(lines) if f"title: {{en: {title}}}" in line)
        lines.insert(at + 1, lines[at][:len(lines[at]) - len(lines[at].lstrip())] + "cancelled: yes\n")
    path.write_text("".join(lines), encoding="utf-8")
    assert check(site)[0] == 0
    code, output = import_(site, newer(tmp_path), "--prune")
    assert code == 0, output
    assert "no longer in the programme" not in output and "removed upstream" not in output
    lines = path.read_text(encoding="utf-8").splitlines()
    title_at = next(i for i, line in enumerate(lines) if "title: {en: Closing remarks}" in line)
    starts_at = max(i for i in range(title_at + 1) if lines[i].lstrip().startswith("- ")) + 1
    assert f"edition.yaml:{starts_at}:1: warning: 2030-05-13 12:30 'Closing remarks' is marked cancelled here, " \
           "but the programme lists it" in output
    assert "remove its 'cancelled' line" in output
    sessions = by_title(site)
    assert sessions["Data spaces for small firms"]["cancelled"] is True
    assert sessions["Closing remarks"]["cancelled"] is True  # an editor's field: the import leaves it


def test_the_warning_for_a_session_gone_upstream_offers_cancelled(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    assert import_(site, PRETALX)[0] == 0
    code, output = import_(site, newer(tmp_path))
    assert code == 0 and "if it was cancelled, write 'cancelled: yes' in it to show it as cancelled" in output


def test_a_session_the_file_says_is_cancelled_is_marked_so(fixture_site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """The hub's schedule2 says an event's state; Sessionize a session's status. A session already
    imported that either now calls cancelled is marked `cancelled`, not reported gone or pruned."""
    edition(fixture_site, "2024-congress", "[en]", dates="dates:\n  start: 2024-12-27\n  end: 2024-12-30",
            timezone="timezone: Europe/Berlin", format="format: online", venue="")
    assert import_(fixture_site, VOC / "hub-schedule2.json", edition="2024-congress")[0] == 0
    data = json.loads((VOC / "hub-schedule2.json").read_text(encoding="utf-8"))
    event = next(e for e in data["schedule"]["events"] if e["title"] == "38C3: Opening Ceremony")
    event["state"] = "CANCELED"
    later = tmp_path / "later.json"
    later.write_text(json.dumps(data), encoding="utf-8")
    code, output = import_(fixture_site, later, "--prune", edition="2024-congress")
    assert code == 0, output
    assert f"~ {event['guid']} '38C3: Opening Ceremony': cancelled upstream, so marked cancelled" in output
    assert by_title(fixture_site, "2024-congress")["38C3: Opening Ceremony"]["cancelled"] is True
    assert check(fixture_site)[0] == 0
    assert "so marked cancelled" not in import_(fixture_site, later, edition="2024-congress")[1]  # once


def test_a_session_cancelled_on_sessionize_is_marked_so(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    assert import_(site, SESSIONIZE)[0] == 0
    data = json.loads(SESSIONIZE.read_text(encoding="utf-8"))
    next(s for s in data["sessions"] if s["id"] == "512002")["status"] = "Cancelled"
    later = tmp_path / "later.json"
    later.write_text(json.dumps(data), encoding="utf-8")
    code, output = import_(site, later)
    assert code == 0 and "sessionize-512002 'Clusters as bridges between regions': cancelled upstream" in output
    assert "is cancelled on Sessionize and was not imported (a session the agenda has is marked cancelled)" in output
    assert by_title(site)["Clusters as bridges between regions"]["cancelled"] is True


def test_a_session_moved_earlier_upstream_goes_to_its_place(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """The agenda lists sessions in the order they are written, and check warns of one written
    below a later one: an import that only changed the time left it there, and failed check --strict."""
    assert import_(site, PRETALX)[0] == 0
    data = json.loads(PRETALX.read_text(encoding="utf-8"))
    day = data["schedule"]["conference"]["days"][0]["rooms"]
    moved = next(e for e in day["Sala B"] if e["title"] == "Data spaces for small firms")
    moved.update(date="2030-05-12T09:00:00+03:00", start="09:00")
    later = tmp_path / "later.json"
    later.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, output = import_(site, later)
    assert code == 0 and "start: 14:00 → 09:00" in output, output
    assert "before the one on line" not in output
    starts = [s.get("start") for s in agenda(site) if str(s["date"]) == "2030-05-12"]
    assert starts == sorted(starts) and starts[0] == "09:00"
    code, said = check(site)
    assert code == 0 and "before the one on line" not in said


def test_hand_written_sessions_are_never_pruned(fixture_site: FixtureSite) -> None:
    edition(fixture_site, agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
            "      - {id: welcome-desk, kind: networking, title: {en: Welcome desk}, part_of_day: morning}")
    assert import_(fixture_site, PRETALX, "--prune")[0] == 0
    titles = by_title(fixture_site)
    assert "Welcome desk" in titles and "Welcome to Clusters meet Regions" in titles


# --- formats and their errors ---------------------------------------------------------------------


def test_voc_pretalx_and_hub_examples_import(fixture_site: FixtureSite) -> None:
    edition(fixture_site, "2020-democon", "[en]", dates="dates:\n  start: 2020-12-14\n  end: 2020-12-16",
            timezone="timezone: Europe/Berlin", format="format: online", venue="")
    edition(fixture_site, "2024-congress", "[en]", dates="dates:\n  start: 2024-12-27\n  end: 2024-12-30",
            timezone="timezone: Europe/Berlin", format="format: online", venue="")
    code, output = import_(fixture_site, VOC / "pretalx-democon.json", edition="2020-democon")
    assert code == 0, output
    assert len(agenda(fixture_site, "2020-democon")) == 36
    code, output = import_(fixture_site, VOC / "hub-schedule2.json", edition="2024-congress")
    assert code == 0, output
    hub = by_title(fixture_site, "2024-congress")
    assert people_of(hub["38C3: Opening Ceremony"]) == ["gabriela-bogk", "aline-blankertz", "senficon"]
    assert hub["38C3: Opening Ceremony"]["room"] == "Saal 1"
    # the site has no subtitles: the subtitle joins the title, which ends with a colon already
    assert "A Competitive Time-Trial AI for Need for Speed: Most Wanted Using Deep Reinforcement Learning" in hub
    assert "warning: 2 session(s) have links or attachments in the file (slides, recordings), which the import " \
           "does not bring in" in output
    assert check(fixture_site)[0] == 0


def test_a_schedule_json_end_is_read_as_written(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """schema.json deprecates `duration` for `end`; over the night the clocks go back, a length
    counted on the wall clocks is an hour off. The end the file gives is the end imported."""
    edition(site, "2030-autumn", "[en]", dates="dates:\n  start: 2030-10-26\n  end: 2030-10-27")
    night = {"id": 1, "guid": "c0ffee00-0000-4000-8000-000000000002", "date": "2030-10-26T23:00:00+03:00",
             "start": "23:00", "end": "2030-10-27T05:00:00+02:00", "duration": "06:00", "room": "Hall",
             "slug": "night", "title": "Night", "subtitle": "till dawn", "track": None, "type": "party",
             "language": "en", "abstract": "", "description": "", "persons": [], "links": [],
             "url": "https://example.org/night"}
    day = {"index": 1, "date": "2030-10-26", "day_start": "2030-10-26T06:00:00+03:00",
           "day_end": "2030-10-27T05:59:00+02:00", "rooms": {"Hall": [night]}}
    document = {"schedule": {"version": "1", "base_url": "https://example.org/", "conference": {
        "acronym": "autumn2030", "title": "Autumn", "start": "2030-10-26", "end": "2030-10-27", "daysCount": 1,
        "timeslot_duration": "00:15", "time_zone_name": "Europe/Bucharest", "url": "https://example.org/",
        "rooms": [{"name": "Hall", "guid": "c0ffee00-0000-4000-8000-0000000000aa"}], "days": [day]}}}
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, output = import_(site, path, edition="2030-autumn")
    assert code == 0, output
    assert {k: v for k, v in agenda(site, "2030-autumn")[0].items() if k in ("title", "start", "end")} == {
        "title": {"en": "Night: till dawn"}, "start": "23:00", "end": "05:00+1"}


def democon_with(tmp_path: pathlib.Path, change: Callable[[dict[str, Any]], None]) -> pathlib.Path:
    """pretalx's democon export, changed as real exports differ from the c3voc schema."""
    data = json.loads((VOC / "pretalx-democon.json").read_text())
    for day in data["schedule"]["conference"]["days"]:
        for room in day["rooms"].values():
            for event in room:
                change(event)
    data["schedule"]["conference"]["acronym"] = "DemoCon2020"  # frab's camp2019 writes 'Camp2019'
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_faults_in_what_the_import_never_reads_are_a_warning(fixture_site: FixtureSite,
                                                             tmp_path: pathlib.Path) -> None:
    """pretalx's rc3 export (an `answers` list on each event, slugs such as 'TLQXPA') and frab's
    camp2019 ('Camp2019') were refused whole for fields the import never reads."""
    edition(fixture_site, "2020-democon", "[en]", dates="dates:\n  start: 2020-12-14\n  end: 2020-12-16",
            timezone="timezone: Europe/Berlin", format="format: online", venue="")

    def as_rc3(event: dict[str, Any]) -> None:
        event["answers"] = [{"question": 1, "answer": "yes"}]
        event["slug"] = event["slug"].upper()

    code, output = import_(fixture_site, democon_with(tmp_path, as_rc3), edition="2020-democon")
    assert code == 0, output
    assert "warning: this file departs from the c3voc schema.json in 73 place(s) the import does not read, first at " \
           "$.schedule.conference.acronym: 'DemoCon2020' does not match" in output
    assert len(agenda(fixture_site, "2020-democon")) == 36

    def broken(event: dict[str, Any]) -> None:
        as_rc3(event)
        event["duration"] = "half an hour"  # read: still refused, and only it is shown

    code, output = import_(fixture_site, democon_with(tmp_path, broken), edition="2020-democon")
    assert code == 1 and "'half an hour' does not match" in output
    assert "answers" not in output and "DemoCon2020" not in output


def test_too_many_faults_even_in_what_is_never_read_refuse_the_file(site: FixtureSite, tmp_path: pathlib.Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from confsite.importer import frab_json

    monkeypatch.setattr(frab_json, "MAX_TOLERATED", 10)  # 50,000 in earnest: about 6 s of reading
    code, output = import_(site, democon_with(tmp_path, lambda event: event.update(answers=[])))
    assert code == 1 and "departs from the c3voc schema.json in more than 10 places, first at" in output


def test_invalid_example_is_refused_with_the_json_path(site: FixtureSite) -> None:
    before = snapshot(site)
    code, output = import_(site, VOC / "invalid-example.json")
    assert code == 1
    assert "invalid-example.json: at $.schedule.conference.days[0].rooms.Winterchaos[0].id: '2814' is not of " \
           "type 'integer'" in output
    assert "was not imported. Nothing was written." in output
    assert snapshot(site) == before


def test_a_programme_file_that_is_not_there_is_a_usage_error(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    assert import_(site, tmp_path / "schedule.json") == (
        2, f"error: {tmp_path / 'schedule.json'} does not exist; give the programme's file, like schedule.json\n")
    code, output = import_(site, tmp_path)
    assert code == 2 and f"{tmp_path} is a folder" in output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_programme_saved_as_utf_16_is_refused_with_what_to_do(site: FixtureSite, tmp_path: pathlib.Path,
                                                                 encoding: str) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(FRAB_XML.replace('encoding="UTF-8"', 'encoding="UTF-16"'), encoding=encoding)
    code, output = import_(site, path)
    assert code == 1
    assert f"{path}: the file is saved as UTF-16\n  hint: save it as UTF-8 (or export it again)" in output


@pytest.mark.parametrize(("text", "message"), [
    ('{"hello": 1}', "neither 'schedule' (frab) nor 'sessions' and 'speakers' (Sessionize): hello"),
    ("[1, 2]", "a JSON list, not one programme"),
    ('{"schedule": ', "not valid JSON"),
    ("<html><body/></html>", "the XML's root element is <html>, not <schedule>"),
    ("<schedule><day>", "not well-formed XML"),
    ('<!DOCTYPE s [<!ENTITY a "aaaa">]><schedule/>', "declares XML entities"),
    ("hello", "neither XML nor JSON"),
    ("[" * 5000 + "]" * 5000, "its lists and objects nest too deeply"),
    ('{"schedule": ' + "[" * 5000 + "]" * 5000 + "}", "its lists and objects nest too deeply"),
    ('<?xml version="1.0" encoding="AUTF-8"?><schedule/>', "this XML cannot be read (unknown encoding: AUTF-8)"),
    ('{"sessions": [], "speakers": [], "x": 1' + "0" * 5000 + "}", "this JSON holds a number too long to read"),
])
def test_a_file_it_cannot_read_is_named_with_the_problem(site: FixtureSite, tmp_path: pathlib.Path, text: str,
                                                         message: str) -> None:
    path = tmp_path / "programme.txt"
    path.write_text(text, encoding="utf-8")
    code, output = import_(site, path)
    assert code == 1
    assert f"{path}" in output and message in output




def test_a_programme_nested_just_under_the_parsers_limit_is_refused_not_a_crash(tmp_path: pathlib.Path) -> None:
    """json.loads reads a file nested nearly as deep as Python's limit allows; the schema's check
    then went past the limit while it described the fault (RecursionError, 'failed unexpectedly')."""
    from confsite.importer import ReadError, read_programme

    def document(depth: int) -> str:
        inner = "1"
        for _ in range(depth):
            inner = '{"a":' + inner + "}"
        return '{"schedule": {"version": "1", "conference": {"title": ' + inner + "}}}"

    deepest = 0  # the deepest json.loads reads here: the limit moves with the stack's depth
    for depth in range(800, 1100):
        try:
            json.loads(document(depth))
        except RecursionError:
            break
        deepest = depth
    path = tmp_path / "schedule.json"
    for depth in range(deepest - 12, deepest + 1, 3):
        path.write_text(document(depth), encoding="utf-8")
        with pytest.raises(ReadError) as refused:
            read_programme(path, "schedule.json", "Europe/Bucharest")
        assert refused.value.problems[0].where.path == "schedule.json"


@pytest.mark.parametrize("zone", ["Europe", "Europe/" + "x" * 300, "../../etc/passwd"])
def test_a_time_zone_that_is_no_zone_leaves_the_local_times_out(site: FixtureSite, tmp_path: pathlib.Path,
                                                               zone: str) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(FRAB_XML.replace("Europe/Bucharest", zone), encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0, output
    assert "Ports & rivers" in by_title(site)  # its <date> has an offset
    assert "Local time only" not in by_title(site) and "has no date with an offset" in output


def test_a_stray_marked_section_in_an_abstract_is_read_as_text(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    path = sessionize_with(tmp_path, {"title": "Ports <![ and rivers",
                                      "description": "<p>One <![ two</p><p>Three.</p>"})
    code, output = import_(site, path)
    assert code == 0, output  # it stopped the import ("failed unexpectedly") with Python 3.11's html.parser
    assert by_title(site)["Ports"]["description"]["en"] == "One\n\nThree."


def test_a_file_with_many_faults_is_answered_without_reading_them_all(site: FixtureSite,
                                                                      tmp_path: pathlib.Path) -> None:
    document = json.loads((VOC / "schedule-pretalx.json").read_text() if (VOC / "schedule-pretalx.json").exists()
                          else PRETALX.read_text())
    rooms = document["schedule"]["conference"]["days"][0]["rooms"]
    event = next(iter(rooms.values()))[0]
    rooms[next(iter(rooms))] = [dict(event, id="not-a-number") for _ in range(5000)]
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, output = import_(site, path)
    assert code == 1
    assert output.count("is not of type 'integer'") == 8 and "and at least 992 more faults like these" in output

FRAB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <version>1</version>
  <conference><title>CMR 2030</title><acronym>cmr2030</acronym><time_zone_name>Europe/Bucharest</time_zone_name>
  </conference>
  <day index="1" date="2030-05-12" start="2030-05-12T04:00:00+03:00" end="2030-05-13T03:59:00+03:00">
    <room name="Aula Magna">
      <event guid="ABC_1" id="1">
        <date>2030-05-12T10:00:00+03:00</date><start>10:00</start><duration>00:45</duration>
        <room>Aula Magna</room><title>Ports &amp; rivers</title><track></track><type>lecture</type>
        <language>en</language><abstract>&lt;p&gt;About &lt;b&gt;ports&lt;/b&gt;.&lt;/p&gt;</abstract>
        <persons><person id="7">Олена Коваленко</person><person id="8">Ștefan Bălan</person></persons>
      </event>
      <event id="2"><start>11:00</start><duration>00:30</duration><title>No guid</title></event>
      <event guid="c0ffee00-0000-4000-8000-000000000001" id="3">
        <start>12:00</start><duration>00:30</duration><title>Local time only</title>
        <persons/>
      </event>
      <event guid="c0ffee00-0000-4000-8000-000000000003" id="4">
        <start>00:30</start><duration>01:00</duration><title>After midnight</title><subtitle>a nightcap</subtitle>
        <attachments><attachment href="https://example.org/slides.pdf">Slides</attachment></attachments>
      </event>
    </room>
  </day>
</schedule>
"""


def test_frab_xml_with_its_own_ids_and_local_times(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(FRAB_XML, encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0, output
    sessions = by_title(site)
    ports = sessions["Ports & rivers"]
    assert (ports["id"], ports["start"], ports["end"], ports["kind"]) == ("import-abc-1", "10:00", "10:45", "session")
    assert "track" not in ports and ports["room"] == "Aula Magna"  # an empty <track> is no track
    assert ports["description"] == {"en": "About ports."}
    assert people_of(ports) == ["olena-kovalenko", "stefan-balan"]
    assert sessions["Local time only"]["start"] == "12:00"  # the day's date and the conference's zone
    # a clock before the day's own start (04:00) is in the night after it, as frab counts days
    late = sessions["After midnight: a nightcap"]
    assert (late["date"], late["start"], late["end"]) == (dt.date(2030, 5, 13), "00:30", "01:30")
    assert "1 session(s) have links or attachments in the file" in output
    assert "No guid" not in sessions and "has no guid and was left out" in output
    path.write_text(FRAB_XML.replace('guid="ABC_1"', 'guid="ABC_2"'), encoding="utf-8")
    code, output = import_(site, path, "--prune")
    assert "- import-abc-1 'Ports & rivers' (removed upstream)" in output
    assert [s["id"] for s in agenda(site)] == ["import-abc-2", "c0ffee00-0000-4000-8000-000000000001",
                                               "c0ffee00-0000-4000-8000-000000000003"]


def test_an_editors_talk_title_stays_when_upstream_drops_the_speakers(site: FixtureSite,
                                                                      tmp_path: pathlib.Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(FRAB_XML, encoding="utf-8")
    assert import_(site, path)[0] == 0
    yaml_path = site.root / "content/editions/2030-iasi/edition.yaml"
    yaml_path.write_text(yaml_path.read_text().replace(
        "          - speakers: [olena-kovalenko, stefan-balan]",
        "          - speakers: [olena-kovalenko, stefan-balan]\n            title: {en: Two ports compared}"))
    path.write_text(FRAB_XML.replace("<persons><person id=\"7\">Олена Коваленко</person><person id=\"8\">"
                                     "Ștefan Bălan</person></persons>", "<persons/>"), encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0, output
    assert "speakers: olena-kovalenko, stefan-balan → —" in output
    assert by_title(site)["Ports & rivers"]["talks"] == [{"title": {"en": "Two ports compared"}}]


def test_usage_errors(site: FixtureSite) -> None:
    assert import_(site, PRETALX, edition="2031-nowhere")[0] == 2
    code, output = import_(site, PRETALX, "--map", "talk=Talk")
    assert code == 2 and "KIND=CATEGORY" in output
    assert import_(site, PRETALX, "--media", str(site.root / "missing"))[0] == 2


def test_content_with_errors_is_fixed_first(site: FixtureSite) -> None:
    site.write("content/people/broken.yaml", "nme: Typo\n")
    before = snapshot(site)
    code, output = import_(site, PRETALX)
    assert code == 1
    assert "content/people/broken.yaml" in output and "Fix these first" in output
    assert snapshot(site) == before


def test_a_programme_outside_the_edition_dates_is_refused(fixture_site: FixtureSite) -> None:
    edition(fixture_site, dates="dates:\n  start: 2030-05-12\n  end: 2030-05-12")
    before = snapshot(fixture_site)
    code, output = import_(fixture_site, PRETALX)
    assert code == 1
    assert "is outside the edition's dates (2030-05-12 to 2030-05-12)" in output
    assert snapshot(fixture_site) == before


# --- round trips ----------------------------------------------------------------------------------


def timed(edition: Edition) -> list[tuple[Day, Session]]:
    return sorted(((day, s) for day in edition.agenda for s in day.sessions if s.start),
                  key=lambda pair: (pair[0].date, pair[1].start, pair[1].title.pick("en").value))


def facts(edition: Edition, day: Day, session: Session, with_room: bool) -> tuple[Any, ...]:
    people = {*session.chairs, *session.moderators, *session.facilitators,
              *(sp.person for talk in session.talks for sp in talk.speakers)}
    def pick(text: Text | None) -> str | None:
        return text.pick("en", edition.languages).value if text else None

    return (day.date, session.start, session.end, session.ends_next_day, session.kind, pick(session.title),
            pick(session.track), pick(session.room) if with_room else None, frozenset(people))


@pytest.mark.parametrize("export", [schedule_xml, schedule_json])
def test_our_schedule_imports_back_equal(fixture_site: FixtureSite, tmp_path: pathlib.Path, export: Any) -> None:
    timed_site(fixture_site)
    state, resolved = built(fixture_site)
    path = tmp_path / "schedule.export"
    path.write_bytes(export(state, resolved))
    fixture_site.edition("2030-copy", languages="languages: [ro, en]", title="title: {ro: Copie}")
    code, output = import_(fixture_site, path, edition="2030-copy")
    assert code == 0, output
    _, again = built(fixture_site)
    original, copy = state.edition, again.by_slug["2030-copy"].edition
    assert len(timed(copy)) == len(timed(original)) == 4
    for (day, session), (day2, session2) in zip(timed(original), timed(copy), strict=True):
        assert facts(copy, day2, session2, True) == facts(original, day, session, session.room is not None)


def test_an_imported_programme_exports_as_it_came(site: FixtureSite) -> None:
    assert import_(site, PRETALX)[0] == 0
    state, resolved = built(site)
    ours = {e["title"]: e for e in events(json.loads(schedule_json(state, resolved)))}
    theirs = events(json.loads(PRETALX.read_text()))
    assert len(ours) == len(theirs) == 8
    for event in theirs:
        title = event["title"].replace("<i>", "").replace("</i>", "")
        mine = ours[title]
        assert (mine["date"], mine["duration"], mine["room"], mine["track"]) == (
            event["date"], event["duration"], event["room"], event["track"])
        assert {p["public_name"] for p in mine["persons"]} == {p["name"] for p in event["persons"]}


# --- a session past midnight, end to end ----------------------------------------------------------


def test_a_session_past_midnight_imports_and_reaches_every_output(site: FixtureSite) -> None:
    assert import_(site, PRETALX)[0] == 0
    evening = by_title(site)["Evening at the botanical garden"]
    assert (evening["date"], evening["start"], evening["end"]) == (dt.date(2030, 5, 12), "23:00", "00:30+1")
    state, resolved = built(site)
    day, session = next((d, s) for d, s in timed(state.edition) if s.ends_next_day)
    ics = session_calendar(state, day, session, resolved, Wording("en")).decode()
    assert "DTSTART;TZID=Europe/Bucharest:20300512T230000" in ics
    assert "DTEND;TZID=Europe/Bucharest:20300513T003000" in ics
    event = next(e for e in events(json.loads(schedule_json(state, resolved))) if e["title"] == session.title.pick(
        "en").value)
    assert (event["date"], event["end"], event["duration"]) == (
        "2030-05-12T23:00:00+03:00", "2030-05-13T00:30:00+03:00", "01:30")
    assert b"<duration>01:30</duration>" in schedule_xml(state, resolved)
    result = site.build(write=True)
    assert result.ok
    page = (site.root / "_site/en/2030-iasi/agenda/index.html").read_text()
    assert "23:00–00:30 the next day (UTC+03:00)" in page
    assert 'data-end="2030-05-13T00:30:00+03:00"' not in page  # in-person: no local-time switch
    assert "23:00–00:30 a doua zi" in (site.root / "_site/ro/2030-iasi/agenda/index.html").read_text()


def test_past_midnight_in_the_content_format(fixture_site: FixtureSite) -> None:
    def sessions(*lines: str) -> None:
        edition(fixture_site, format="format: hybrid", agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                + "\n".join(f"      - {line}" for line in lines))
    sessions('{kind: networking, title: Night, start: "23:00", end: "01:00+1"}')
    assert fixture_site.messages() == []
    fixture_site.build(write=True)
    page = (fixture_site.root / "_site/en/2030-iasi/agenda/index.html").read_text()
    assert 'data-end="2030-05-13T01:00:00+03:00"' in page and "01:00 the next day" in page
    edition_page = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert '"endDate": "2030-05-13T01:00:00+03:00"' in edition_page  # structured data: the event ends then
    sessions('{kind: networking, title: Night, start: "23:00", end: "01:00"}')
    [message] = fixture_site.messages()
    assert "ends before it starts" in message
    assert '"01:30+1"' in next(p.hint for p in fixture_site.build(write=False).problems if p.is_error)
    sessions('{kind: networking, title: Night, start: "23:00", end: "23:30+1"}')
    assert ["the session would last more than a day" in m for m in fixture_site.messages()] == [True]
    sessions('{kind: networking, title: Night, start: "22:00", end: "01:00+1"}',
             '{kind: session, title: Late, start: "23:30", end: "23:45"}')
    assert ["overlaps the one before it" in m for m in fixture_site.messages()] == [True]
    sessions('{kind: session, title: Evening, start: "21:00", end: "22:30"}',
             '{kind: networking, title: Night, start: "22:30", end: "01:00+1"}',
             '{kind: session, title: Late, start: "23:30", end: "23:45"}')
    assert ["overlaps the one before it" in m for m in fixture_site.messages()] == [True]  # Late, in Night
    sessions('{kind: networking, title: Night, start: "22:00", end: "1:00 tomorrow"}')
    assert ["expected a time" in m for m in fixture_site.messages()] == [True]


def test_guide_and_readme_name_the_command() -> None:
    guide = (ROOT / "docs" / "editors-guide.md").read_text(encoding="utf-8")
    assert "## Importing a programme" in guide
    assert "python build.py import" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- all or nothing on the disk ------------------------------------------------------------------


def everything(site: FixtureSite) -> dict[str, bytes | None]:
    """Every file and folder of the content (hidden ones too), with the bytes of each file."""
    content = site.root / "content"
    return {p.relative_to(content).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(content.rglob("*"))}


def failing(monkeypatch: pytest.MonkeyPatch, name: str, within: pathlib.Path, *at: int,
            number: int = errno.ENOSPC) -> None:
    """os.`name` refuses its calls numbered `at` (from 1) on files `within` the folder (the disk is
    full, say), and only those."""
    real, calls = getattr(os, name), []

    def refusing(*args: Any, **kwargs: Any) -> Any:
        if name != "fsync" and not any(str(a).startswith(str(within)) for a in args):
            return real(*args, **kwargs)
        calls.append(args)
        if len(calls) in at:
            raise OSError(number, os.strerror(number))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, refusing)


@pytest.mark.parametrize(("name", "at", "number", "reason"), [
    ("fsync", 1, errno.ENOSPC, "the disk is full"),  # the first file, before anything is in place
    ("fsync", 7, errno.EDQUOT, "the disk quota is used up"),  # the copy of edition.yaml's old bytes
    ("replace", 1, errno.EACCES, "no permission to write there"),
    # edition.yaml, once the six new people were in place
    ("replace", 7, errno.EFBIG, "the file would be larger than this computer allows (a file-size limit)"),
])
def test_a_disk_that_refuses_a_file_leaves_the_content_as_it_was(site: FixtureSite, monkeypatch: pytest.MonkeyPatch,
                                                                 name: str, at: int, number: int,
                                                                 reason: str) -> None:
    """A full disk, a quota or a file-size limit once cut edition.yaml short and left new people behind."""
    path = site.root / "content/editions/2030-iasi/edition.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# the editor's last line\n", encoding="utf-8")
    before = everything(site)
    failing(monkeypatch, name, site.root, at, number=number)
    code, output = import_(site, PRETALX)
    assert code == 2, output
    assert before == everything(site)  # byte for byte, and no file or folder left behind
    assert "the import could not write this file: " + reason in output
    assert "nothing was written: the content is as it was before the import" in output
    assert "hint: make room on the disk" in output and "failed unexpectedly" not in output
    monkeypatch.undo()
    assert import_(site, PRETALX)[0] == 0  # and once there is room, it imports
    assert "# the editor's last line" in path.read_text(encoding="utf-8")
    assert not [p for p in everything(site) if pathlib.PurePosixPath(p).name.startswith(".")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a file-size limit as Linux sets it (prlimit)")
def test_a_file_size_limit_stops_the_import_before_anything_is_written(site: FixtureSite) -> None:
    """The review's case, for real: under `prlimit --fsize=1500` edition.yaml was cut at byte 1500."""
    import resource

    before = everything(site)
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(PRETALX), "--edition", "2030-iasi",
                           "--project", str(site.root)], capture_output=True, text=True, timeout=120, check=False,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500)))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "edition.yaml: the import could not write this file: the file would be larger" in done.stderr
    assert before == everything(site)


def test_a_file_already_replaced_is_put_back_when_a_later_one_fails(tmp_path: pathlib.Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(b"old " + name[0].encode())
    (tmp_path / "a.yaml").chmod(0o640)
    failing(monkeypatch, "replace", tmp_path, 3)  # new/c.yaml first, then a.yaml, then b.yaml
    refused = write_all(tmp_path, {"a.yaml": b"new a", "b.yaml": b"new b", "new/c.yaml": b"new c"})
    assert refused is not None and refused.where.path == "b.yaml"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]
    assert (tmp_path / "a.yaml").read_bytes() == b"old a" and (tmp_path / "b.yaml").read_bytes() == b"old b"
    assert stat.S_IMODE((tmp_path / "a.yaml").stat().st_mode) == 0o640
    monkeypatch.undo()
    failing(monkeypatch, "replace", tmp_path, 3, 4)  # b.yaml again, and then a.yaml cannot be put back
    refused = write_all(tmp_path, {"a.yaml": b"new a", "b.yaml": b"new b", "new/c.yaml": b"new c"})
    assert refused is not None and "nothing was written" not in refused.message
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith(".a.yaml.")]
    assert (f"could not be put back as they were: a.yaml (its text before the import is in {kept.name} beside it: "
            "rename it back)") in refused.message
    assert kept.read_bytes() == b"old a" and (tmp_path / "b.yaml").read_bytes() == b"old b"


def test_nothing_is_written_through_a_link_that_leads_out_of_the_project(tmp_path: pathlib.Path) -> None:
    """The names come from the programme's file: a link committed under content/ would have the
    import write where it leads."""
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "content").mkdir(parents=True)
    outside.mkdir()
    (project / "content/people").symlink_to(outside)
    refused = write_all(project, {"content/editions/a.yaml": b"a", "content/people/ana.yaml": b"name: Ana\n"})
    assert refused is not None and refused.where.path == "content/people/ana.yaml"
    assert "through a link that leads out of the project; nothing was written" in refused.message
    assert list(outside.iterdir()) == [] and not (project / "content/editions").exists()


@pytest.mark.skipif(os.name == "nt", reason="Windows has no Unix file modes")
def test_a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_usual(site: FixtureSite) -> None:
    path = site.root / "content/editions/2030-iasi/edition.yaml"
    path.chmod(0o640)
    umask = os.umask(0o022)
    os.umask(umask)
    assert import_(site, PRETALX)[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE((site.root / "content/people/mihai-rusu.yaml").stat().st_mode) == 0o666 & ~umask


# --- no traceback, ever ---------------------------------------------------------------------------

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), source=st.sampled_from([PRETALX, SESSIONIZE]))
def test_a_broken_programme_is_answered_with_problems(fixture_site: FixtureSite, tmp_path: pathlib.Path,
                                                      data: st.DataObject, source: pathlib.Path) -> None:
    if not (fixture_site.root / "content/editions/2030-iasi/edition.yaml").exists():
        edition(fixture_site)
    document = json.loads(source.read_text())
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(_paths(document)[1:]))
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = data.draw(JSON_VALUES)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    code, printed = import_(fixture_site, broken, "--dry-run")
    assert code in (0, 1), printed
    assert "failed unexpectedly" not in printed and "Traceback" not in printed, printed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(FRAB_XML)), insert=st.text(max_size=12))
def test_a_broken_schedule_xml_is_answered_with_problems(fixture_site: FixtureSite, tmp_path: pathlib.Path,
                                                         cut: int, insert: str) -> None:
    if not (fixture_site.root / "content/editions/2030-iasi/edition.yaml").exists():
        edition(fixture_site)
    broken = tmp_path / "broken.xml"
    broken.write_text(FRAB_XML[:cut] + insert + FRAB_XML[cut:], encoding="utf-8")
    code, printed = import_(fixture_site, broken, "--dry-run")
    assert code in (0, 1), printed
    assert "failed unexpectedly" not in printed and "Traceback" not in printed, printed


# --- the language a session is held in ------------------------------------------------------------


def test_the_language_upstream_gives_is_written_as_a_code(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(FRAB_XML.replace("<language>en</language>", "<language>ro-RO</language>"), encoding="utf-8")
    assert import_(site, path)[0] == 0
    assert by_title(site)["Ports & rivers"]["language"] == "ro"  # its region dropped
    assert by_title(site)["Ports & rivers"]["title"] == {"ro": "Ports & rivers"}  # and the title filed under it
    path.write_text(FRAB_XML.replace("<language>en</language>", "<language>Elvish</language>"), encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0 and "the language 'Elvish' of the session 'ABC_1' is not one the site knows" in output
    assert by_title(site)["Ports & rivers"]["language"] == "ro"  # an unreadable language removes none
    assert check(site)[0] == 0


def test_pretalx_languages_reach_the_agenda(site: FixtureSite) -> None:
    assert import_(site, PRETALX)[0] == 0
    assert {s.get("language") for s in agenda(site)} == {"en"}


def with_category(site: FixtureSite, tmp_path: pathlib.Path, title: str, items: list[str],
                  first: list[int], second: list[int]) -> dict[str, Any]:
    """The fixture's Sessionize file with one more category (its items numbered 1, 2…), the first
    two sessions given the items numbered in `first` and `second` (before their own), imported:
    the agenda's sessions by title."""
    data = json.loads(SESSIONIZE.read_text(encoding="utf-8"))
    data["categories"].append({"id": 40, "title": title, "type": "session", "sort": 2,
                               "items": [{"id": 400 + n, "name": name, "sort": n}
                                         for n, name in enumerate(items, 1)]})
    for session, numbers in zip(data["sessions"], (first, second), strict=False):
        session["categoryItems"][:0] = [400 + n for n in numbers]
    path = tmp_path / "sessionize.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0, output
    assert check(site)[0] == 0
    return by_title(site)


def test_a_sessionize_language_category_gives_the_language(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    sessions = with_category(site, tmp_path, "Session language", ["Romanian", "English"], [1], [2])
    assert sessions["Opening of the matchmaking day"]["language"] == "ro"
    assert sessions["Opening of the matchmaking day"]["kind"] == "opening"  # a language is no kind
    assert sessions["Clusters as bridges between regions"]["language"] == "en"
    assert "language" not in sessions["Clusters as bridges between regions"]["talks"][0]


def test_a_sessionize_track_category_gives_the_track(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """Sessionize has no track field: organisers add a category titled "Track" (as Global Azure
    Linz 2022 did, with "Main Conference" and "Junior")."""
    sessions = with_category(site, tmp_path, "Conference track", ["Regions", "Clusters <b>&amp; SMEs</b>"],
                             [1], [2, 1])  # two: the first
    assert sessions["Opening of the matchmaking day"]["track"] == "Regions"
    assert sessions["Opening of the matchmaking day"]["kind"] == "opening"  # a track is no kind
    assert sessions["Clusters as bridges between regions"]["track"] == "Clusters & SMEs"
    assert all("track" not in s for title, s in sessions.items()
               if title not in ("Opening of the matchmaking day", "Clusters as bridges between regions"))


@pytest.mark.parametrize("export", [schedule_xml, schedule_json])
def test_the_language_survives_a_round_trip(fixture_site: FixtureSite, tmp_path: pathlib.Path, export: Any) -> None:
    timed_site(fixture_site)
    edition_file = fixture_site.root / "content/editions/2030-iasi/edition.yaml"
    edition_file.write_text(edition_file.read_text().replace(
        "        chairs: [ion-rusu]\n", "        chairs: [ion-rusu]\n        language: bg\n"), encoding="utf-8")
    state, resolved = built(fixture_site)
    path = tmp_path / "schedule.export"
    path.write_bytes(export(state, resolved))
    fixture_site.edition("2030-copy", languages="languages: [ro, en]", title="title: {ro: Copie}")
    assert import_(fixture_site, path, edition="2030-copy")[0] == 0
    copy = by_title(fixture_site, "2030-copy")
    assert copy["Welcome"]["language"] == "bg"
    _, again = built(fixture_site)
    welcome = next(s for day in again.by_slug["2030-copy"].edition.agenda for s in day.sessions if s.language == "bg")
    assert welcome.title.pick("en").value == "Welcome"


@pytest.mark.parametrize(("date", "duration", "said"), [
    # the last moments Python's dates hold, on clocks ahead of or behind the edition's
    ("9999-12-31T23:59:00+14:00", "00:30", "the session 'Ports & rivers' on 9999-12-31 is outside the edition's dates"),
    ("9999-12-31T23:30:00-12:00", "01:00", "the session 'Ports & rivers' on 9999-12-31 is outside the edition's dates"),
    ("2030-05-12T10:00:00+03:00", "99999999999:00", ""),  # more hours than a duration holds: no end
    ("2030-05-12T10:00:00+03:00", "999999:00", "the session 'Ports & rivers' on 2030-05-12 lasts more than a day"),
])
def test_a_moment_at_the_end_of_the_calendar_is_a_message_not_a_crash(site: FixtureSite, tmp_path: pathlib.Path,
                                                                      date: str, duration: str, said: str) -> None:
    """Each of these stopped the import with 'failed unexpectedly (OverflowError: date value out of range)'."""
    path = tmp_path / "schedule.xml"
    text = FRAB_XML.replace("2030-05-12T10:00:00+03:00", date).replace("<duration>00:45", f"<duration>{duration}")
    path.write_text(text, encoding="utf-8")
    code, output = import_(site, path)
    assert "unexpectedly" not in output and said in output
    assert code == (1 if "outside" in said else 0)
    if code == 0:
        assert "end" not in by_title(site)["Ports & rivers"]


def test_a_file_whose_every_session_is_left_out_is_refused_and_says_why(site: FixtureSite,
                                                                        tmp_path: pathlib.Path) -> None:
    """FOSDEM's pentabarf files have no guid: every session was left out, one warning each (689 of
    them), and the import ended 'already matches the programme', exit 0."""
    events = "".join(f'<event id="{n}"><start>10:00</start><duration>00:30</duration><title>Talk {n}</title></event>'
                     for n in range(25))
    path = tmp_path / "schedule.xml"
    path.write_text(f'<schedule><conference><title>C</title></conference><day index="1" date="2030-05-12">'
                    f'<room name="A">{events}</room></day></schedule>', encoding="utf-8")
    before = snapshot(site)
    code, output = import_(site, path)
    assert code == 1 and snapshot(site) == before
    assert output.count("has no guid and was left out") == 10  # the first ten, then a count
    assert "and 15 more session(s) were left out, each for one of the reasons above" in output
    assert f"{path}: no session of this file can be imported: all 25 were left out, for the reasons above" in output
    assert "Nothing was written" in output


def test_a_programme_without_sessions_is_refused_so_that_prune_empties_nothing(site: FixtureSite,
                                                                               tmp_path: pathlib.Path) -> None:
    assert import_(site, SESSIONIZE)[0] == 0
    before = snapshot(site)
    data = json.loads(SESSIONIZE.read_text())
    data["sessions"] = []
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, output = import_(site, path, "--prune")
    assert code == 1 and snapshot(site) == before
    assert "no session of this file can be imported: it lists none" in output


def test_an_import_that_would_make_a_file_too_large_for_check_writes_nothing(site: FixtureSite,
                                                                            tmp_path: pathlib.Path) -> None:
    """A whole FOSDEM (883 sessions) made a 1.3 MB edition.yaml, over the 1,000 kB limit: the import
    wrote it, and then check, the build and the next import all refused the edition."""
    site.write("site.yaml", MINIMAL_SITE + "max_text_file_kb: 30\n")  # the catalogs and templates are smaller
    assert check(site)[0] == 0
    events = "".join(f'<event guid="c0ffee00-0000-4000-8000-{n:012d}" id="{n}"><date>2030-05-12T{8 + n // 30:02d}:'
                     f'{n % 30 * 2:02d}:00+03:00</date><duration>00:02</duration><room>R</room><title>Talk {n}</title>'
                     f"<abstract>{'A sentence about ports and rivers. ' * 6}</abstract></event>" for n in range(200))
    path = tmp_path / "schedule.xml"
    path.write_text(f'<schedule><conference><title>C</title></conference><day index="1" date="2030-05-12">'
                    f'<room name="R">{events}</room></day></schedule>', encoding="utf-8")
    before = snapshot(site)
    code, output = import_(site, path)
    assert code == 1 and snapshot(site) == before, output
    assert re.search(r"content/editions/2030-iasi/edition.yaml: the import would make this file [\d,]+ bytes, over "
                     r"the limit of 30,000 bytes for text files, which check refuses", output)
    site.write("site.yaml", MINIMAL_SITE)
    assert import_(site, path)[0] == 0 and check(site)[0] == 0


def test_a_mistake_in_what_the_import_would_write_is_placed_by_its_sessions(site: FixtureSite,
                                                                            tmp_path: pathlib.Path) -> None:
    """Two sessions overlapping in one room: check's error named lines 50 and 38 of an
    edition.yaml that had 35 lines on disk, since the import wrote nothing."""
    events = "".join(f'<event guid="c0ffee00-0000-4000-8000-00000000000{n}" id="{n}"><date>2030-05-12T{start}:00+03:00'
                     f"</date><duration>01:00</duration><room>Hall A</room><title>{title}</title></event>"
                     for n, start, title in ((1, "10:00", "First"), (2, "10:30", "Second")))
    path = tmp_path / "schedule.xml"
    path.write_text(f'<schedule><conference><title>C</title></conference><day index="1" date="2030-05-12">'
                    f'<room name="Hall A">{events}</room></day></schedule>', encoding="utf-8")
    code, output = import_(site, path)
    assert code == 1, output
    assert re.search(r"content/editions/2030-iasi/edition.yaml: this session overlaps the one before it in the "
                     r"same room \(at line \d+ of the file as this import would write it, which was not written: "
                     r"'- id: c0ffee00-0000-4000-8000-000000000002', 'title: \{en: Second\}'\)", output), output
    assert re.search(r"hint: the session on line \d+ \('- id: c0ffee00-0000-4000-8000-000000000001', "
                     r"'title: \{en: First\}'\) ends at 11:00", output), output


def test_a_subtitle_joins_its_title_as_a_sentence_would() -> None:
    assert titled("Open data", "a primer") == "Open data: a primer"
    assert titled("Need for Speed:", "Most Wanted") == "Need for Speed: Most Wanted"
    assert titled("Why open data?", "A primer") == "Why open data? A primer"
    assert titled("Open data", "") == "Open data" and titled("", "A primer") == "A primer"
