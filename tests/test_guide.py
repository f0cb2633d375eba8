"""The editors' guide cannot go stale: every example in it is parsed and built here."""

import pathlib
import re
import shutil

import pypdf
import yaml
from conftest import ROOT, FixtureSite
from PIL import Image

from confsite.documents import parse_yaml

GUIDE = (ROOT / "docs/editors-guide.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^## (.+?)$|^```(yaml|markdown)\n(.*?)^```", GUIDE, re.S | re.M)


def examples() -> dict[str, list[str]]:
    """The guide's code blocks, grouped by the section they are in."""
    found: dict[str, list[str]] = {}
    section = ""
    for heading, kind, body in BLOCKS:
        if heading:
            section = heading.strip()
        elif kind:
            found.setdefault(section, []).append(body)
    return found


def test_every_yaml_example_parses_without_problems() -> None:
    blocks = [b for bodies in examples().values() for b in bodies if not b.startswith("---")]
    assert len(blocks) >= 6
    for body in blocks:
        data, problems = parse_yaml(body, "guide")
        assert problems == [] and data, body


def test_the_examples_make_a_site_that_builds(fixture_site: FixtureSite) -> None:
    found = examples()
    fixture_site.write("site.yaml", found["site.yaml"][0])
    edition = found["edition.yaml"][0]
    fixture_site.write("content/editions/2026-ruse/edition.yaml", edition)
    (fixture_site.root / "content/editions/2026-ruse/files").mkdir()
    (fixture_site.root / "content/editions/2026-ruse/files/agenda.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    fixture_site.write("content/people/ana-popescu.yaml", found["people/<id>.yaml"][0])
    fixture_site.write("content/organisations/example-agency.yaml", found["organisations/<id>.yaml"][0])
    fixture_site.write("content/pages/about.en.md", found["Site pages"][0])
    result = fixture_site.build()
    assert [p.format() for p in result.errors] == []
    out = fixture_site.root / "_site"
    page = (out / "en/2026-ruse/index.html").read_text()
    assert "Clusters meet Regions in Ruse" in page and "12–13 May 2026" in page
    assert (out / "files/2026-ruse/agenda.pdf").is_file()
    assert f'<meta property="og:image" content="{result.site.urls.absolute("en/2026-ruse/share.png")}">' in page
    assert (out / "en/2026-ruse/share.png").is_file()  # "Sharing a link"
    assert "Twenty years of cooperation" in (out / "en/2026-ruse/agenda/index.html").read_text()
    assert (out / "en/about/index.html").is_file()
    assert "Twenty years of cooperation" in " ".join(
        pypdf.PdfReader(out / "2026-ruse/programme-2026-ruse-en.pdf").pages[0].extract_text().split())
    assert "<title>Ruse: Clusters meet Regions in Ruse</title>" in (out / "en/map.svg").read_text()


def test_the_example_folder_is_the_guides_example(fixture_site: FixtureSite) -> None:
    folder = ROOT / "docs/examples/2026-example"
    assert (folder / "edition.yaml").read_text(encoding="utf-8") == examples()["edition.yaml"][0]
    # and it builds as an edition once copied into content/, as the tour says
    found = examples()
    fixture_site.write("site.yaml", found["site.yaml"][0])
    shutil.copytree(folder, fixture_site.root / "content/editions/2026-ruse")
    fixture_site.write("content/people/ana-popescu.yaml", found["people/<id>.yaml"][0])
    fixture_site.write("content/organisations/example-agency.yaml", found["organisations/<id>.yaml"][0])
    fixture_site.write("content/pages/about.en.md", found["Site pages"][0])
    assert [p.format() for p in fixture_site.build().errors] == []


def build_sessions_example(site: FixtureSite, word: str) -> pathlib.Path:
    """The guide's example of a day's sessions that holds `word`, as the agenda of the guide's
    example edition, built: the site's output folder."""
    found = examples()
    [sessions] = [b for b in found["edition.yaml"] if b.startswith("sessions:") and word in b]
    site.write("site.yaml", found["site.yaml"][0])
    site.write("content/people/ana-popescu.yaml", found["people/<id>.yaml"][0])
    site.write("content/organisations/example-agency.yaml", found["organisations/<id>.yaml"][0])
    site.write("content/pages/about.en.md", found["Site pages"][0])
    agenda = "agenda:\n  - date: 2026-05-12\n" + "".join(f"    {line}\n" for line in sessions.splitlines())
    edition = found["edition.yaml"][0].split("\nagenda:\n", 1)[0] + "\n" + agenda
    site.write("content/editions/2026-ruse/edition.yaml", edition)
    site.write("content/editions/2026-ruse/files/agenda.pdf", "%PDF-1.4\n%%EOF\n")
    result = site.build(search=False)
    assert [p.format() for p in result.errors] == []
    return site.root / "_site"


def test_the_session_language_example_builds_its_page_and_badge(fixture_site: FixtureSite) -> None:
    out = build_sessions_example(fixture_site, "interpretation")
    page = (out / "ro/2026-ruse/sessions/2026-05-12-1100/index.html").read_text()
    assert "Clusterele din Moldova" in page and "Limba: română și bulgară" in page
    assert "Traducere simultană: engleză" in page


def test_the_cancelled_session_example_builds_as_the_guide_says(fixture_site: FixtureSite) -> None:
    out = build_sessions_example(fixture_site, "cancelled")  # (the replacement in the same room is no clash)
    agenda_page = (out / "ro/2026-ruse/agenda/index.html").read_text()
    assert agenda_page.count('<strong class="cancelled-label">Anulat</strong>') == 2  # the keynote and the talk
    page = (out / "en/2026-ruse/sessions/2026-05-12-1000/index.html").read_text()
    assert "Cancelled" in page and "Add to calendar" not in page
    assert b"STATUS:CANCELLED" in (out / "en/2026-ruse/calendar/2026-05-12-1000.ics").read_bytes()
    assert b"Regions that learn" not in (out / "2026-ruse/schedule.json").read_bytes()


def test_the_picture_examples_build(fixture_site: FixtureSite) -> None:
    """Each picture field of the guide, with pictures made here, in the guide's example site."""
    found = examples()
    photo, logo, banner = found["Pictures"]
    fixture_site.write("site.yaml", found["site.yaml"][0])
    edition = yaml.safe_load(found["edition.yaml"][0]) | yaml.safe_load(banner)
    folder = fixture_site.root / "content/editions/2026-ruse"
    fixture_site.write("content/editions/2026-ruse/edition.yaml", yaml.safe_dump(edition, allow_unicode=True))
    (folder / "files").mkdir()
    (folder / "files/agenda.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    Image.new("RGB", (1200, 500), (30, 90, 150)).save(folder / "banner.jpg")
    Image.new("RGB", (800, 500), (150, 90, 30)).save(folder / "hall.jpg")
    fixture_site.write("content/people/ana-popescu.yaml", found["people/<id>.yaml"][0] + photo)
    Image.new("RGB", (300, 400), (90, 150, 30)).save(fixture_site.root / "content/people/ana-popescu.jpg")
    fixture_site.write("content/organisations/example-agency.yaml", found["organisations/<id>.yaml"][0] + logo)
    fixture_site.write("content/organisations/example-agency.svg",
                       '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80"><path d="M0 40h200"/></svg>\n')
    fixture_site.write("content/pages/about.en.md", found["Site pages"][0])
    result = fixture_site.build()
    assert [p.format() for p in result.errors] == []
    out = fixture_site.root / "_site"
    assert 'alt="The old town hall of Ruse at dusk"' in (out / "en/2026-ruse/index.html").read_text()
    assert 'alt="Sala de conferințe cu rânduri de scaune"' in (out / "ro/2026-ruse/index.html").read_text()
    assert 'alt="Ana Popescu vorbind la un pupitru"' in (out / "ro/people/ana-popescu/index.html").read_text()
    assert "Photo: Maria Pop, CC BY 4.0" in (out / "en/people/ana-popescu/index.html").read_text()
    assert 'alt="Example Regional Agency: a blue river"' in (
        out / "en/organisations/example-agency/index.html").read_text()
