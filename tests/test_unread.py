"""What nothing reads in content/ is said at its path: a document meant for the site but put
beside edition.yaml, a folder named almost like ours, and (as a note, which fails nothing) a
README, a backup or the team's notes. Each used to be passed over without a word."""

from __future__ import annotations

import pathlib

import pytest
from checking import FILE, check, complete_site
from conftest import FixtureSite

from confsite import disk_memory, load

EDITION = "content/editions/2030-iasi"


@pytest.fixture
def site(fixture_site: FixtureSite) -> FixtureSite:
    return complete_site(fixture_site)


def said(root: pathlib.Path) -> list[tuple[str, str, str]]:
    code, problems, stderr = check(root)
    assert code == 0 and "Traceback" not in stderr, (code, problems, stderr)
    return sorted((str(p["path"]), str(p["severity"]), str(p["message"])) for p in problems
                  if "read" in str(p["message"]) or "published" in str(p["message"]))


def test_stray_files_are_said_at_their_paths(site: FixtureSite) -> None:
    site.write(f"{EDITION}/programme.pdf", "%PDF-1.4\n")
    site.write(f"{EDITION}/edition.yaml.bak", "title: old\n")
    site.write(f"{EDITION}/photos/hall.txt", "a list of photos\n")
    site.write("content/README.md", "# How we write content\n")
    site.write("content/editions/README.md", "Editions\n")
    site.write("content/pages/about.html", "<p>About</p>\n")
    site.write("content/organisations/acme-notes.txt", "call them\n")
    site.write(f"{EDITION}/.hidden-notes", "editors' tools leave such files\n")
    site.write(f"{EDITION}/files/.keep", "")
    edition_note = ("this {} is not read: an edition's folder holds its edition.yaml, its texts (index.<lang>.md), "
                    "its pictures and files/")
    assert said(site.root) == [
        ("content/README.md", "note", "this file is not read: content/ holds the folders editions/, organisations/, "
                                      "pages/, people/"),
        ("content/editions/2030-iasi/edition.yaml.bak", "note", edition_note.format("file")),
        ("content/editions/2030-iasi/photos", "note", edition_note.format("folder")),
        ("content/editions/2030-iasi/programme.pdf", "warning",
         "this file is not published: an edition's documents are in its files/ folder"),
        ("content/editions/README.md", "note",
         "this file is not read: content/editions/ holds one folder per edition, like 2026-ruse/"),
        ("content/organisations/acme-notes.txt", "note",
         "this file is not read: content/organisations/ holds the organisations' files and their logos"),
        ("content/pages/about.html", "note",
         "this file is not read: content/pages/ holds the site pages, each a Markdown file like about.en.md"),
    ]
    result = site.build()
    assert result.ok
    assert not [p for p in (site.root / "_site").rglob("*") if p.name in ("programme.pdf", "about.html", "hall.txt")
                or "README" in p.name or ".bak" in p.name]


def test_the_hint_says_where_a_document_goes(site: FixtureSite) -> None:
    site.write(f"{EDITION}/report.pptx", "slides\n")
    problems = check(site.root)[1]
    [warning] = [p for p in problems if p["path"] == f"{EDITION}/report.pptx"]
    assert warning["hint"] == (f"move it to {EDITION}/files/report.pptx and list it under 'downloads:' as "
                               "'file: files/report.pptx'")


@pytest.mark.parametrize(("folder", "message", "hint"), [
    ("content/page", "nothing in this folder is read: did you mean pages/?", "rename it to content/pages/"),
    ("content/Editions", "nothing in this folder is read: did you mean editions/?", "rename it to content/editions/"),
    (f"{EDITION}/Files", "nothing in this folder is published: an edition's documents are in its files/ folder",
     f"rename it to {EDITION}/files/"),
    (f"{EDITION}/downloads", "nothing in this folder is published: an edition's documents are in its files/ folder",
     f"rename it to {EDITION}/files/"),
])
def test_a_folder_named_almost_like_ours_is_a_warning(site: FixtureSite, folder: str, message: str,
                                                      hint: str) -> None:
    site.write(f"{folder}/x.pdf", "%PDF-1.4\n")
    problems = [p for p in check(site.root)[1] if p["path"] == folder]
    assert [(p["severity"], p["message"]) for p in problems] == [("warning", message)]
    assert str(problems[0]["hint"]).startswith(hint)


def test_the_real_places_say_nothing(site: FixtureSite) -> None:
    # the complete site has an edition's text, its files/, a person, an organisation and a page
    assert (site.root / FILE).exists()
    assert said(site.root) == []


def test_the_preview_sees_a_file_become_a_folder(site: FixtureSite) -> None:
    memory = disk_memory.DiskMemory()

    def said() -> list[tuple[str, str]]:
        return [(p.severity, p.message) for p in load.load_sources(site.root, memory=memory)[1]
                if p.where.path == f"{EDITION}/Files"]

    site.write(f"{EDITION}/Files", "a file where a folder was meant\n")
    memory.forget(site.root, [f"{EDITION}/Files"])
    assert [message.split(":")[0] for _, message in said()] == ["this file is not read"]
    (site.root / EDITION / "Files").unlink()
    site.write(f"{EDITION}/Files/agenda.pdf", "%PDF-1.4\n")
    memory.forget(site.root, [f"{EDITION}/Files", f"{EDITION}/Files/agenda.pdf"])
    assert said() == [("warning", "nothing in this folder is published: an edition's documents are in its "
                                  "files/ folder")]


def test_the_preview_sees_a_stray_file_come_and_go(site: FixtureSite) -> None:
    memory = disk_memory.DiskMemory()

    def strays() -> list[str]:
        return sorted(p.where.path for p in load.load_sources(site.root, memory=memory)[1] if p.severity != "error")

    assert strays() == []
    for path in (f"{EDITION}/agenda.pdf", "content/notes.txt"):
        site.write(path, "%PDF-1.4\n")
        memory.forget(site.root, [path])
    assert strays() == ["content/editions/2030-iasi/agenda.pdf", "content/notes.txt"]
    (site.root / EDITION / "agenda.pdf").unlink()
    memory.forget(site.root, [f"{EDITION}/agenda.pdf"])
    assert strays() == ["content/notes.txt"]


def picture(path: pathlib.Path, kind: str = "JPEG") -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 600), (30, 90, 160)).save(path, kind)


def test_a_picture_no_file_names_is_a_warning(site: FixtureSite) -> None:
    """A picture beside edition.yaml or the organisations' files shows only where a field names
    it: one that nothing names (a banner not yet named, a GIF logo) was passed over in silence."""
    picture(site.root / EDITION / "hall.jpg")
    picture(site.root / EDITION / "crowd.gif", "GIF")
    picture(site.root / "content/organisations/acme-logo.png", "PNG")
    picture(site.root / "content/people/old/ana.jpg")
    picture(site.root / "content/people/Photos/ion.jpg")
    picture(site.root / EDITION / "a.jpg")  # (its name is in 'data.jpg', which edition.yaml names: not its own)
    edition = site.root / EDITION / "edition.yaml"
    # a comment names nothing: hall.jpg is still not used
    edition.write_text(edition.read_text() + "# the banner will be data.jpg, not hall.jpg\n")
    found = {str(p["path"]): (p["severity"], p["message"], p["hint"]) for p in check(site.root)[1]
             if "picture" in str(p["message"]) or " read" in str(p["message"])}
    assert found == {
        f"{EDITION}/hall.jpg": ("warning", "this picture is not used: no file beside it names it",
                                "name it in edition.yaml, as the edition's or the venue's 'image' (file: hall.jpg, "
                                "with its 'alt'), or remove it"),
        f"{EDITION}/crowd.gif": ("warning", "this picture is not used: no file beside it names it",
                                 "the site shows JPEG, PNG, WebP and SVG pictures: save it as one of them and name it "
                                 "in edition.yaml, as the edition's or the venue's 'image'"),
        "content/organisations/acme-logo.png": ("warning", "this picture is not used: no file beside it names it",
                                                "name it in its organisation's file, as its 'logo' (file: "
                                                "acme-logo.png, with its 'alt'), or remove it"),
        "content/people/old": ("note", "this folder is not read: content/people/ holds the people's files and their "
                               "photos, not folders", "nothing of it is published, and it may stay there; a "
                               "document to publish goes in an edition's files/ folder"),
        "content/people/Photos": ("warning", "nothing in this folder is read: content/people/ holds the people's "
                                  "files and their photos, not folders", "put each photo beside its person's file, "
                                  "named like it (ana-popescu.jpg beside ana-popescu.yaml)"),
        f"{EDITION}/a.jpg": ("warning", "this picture is not used: no file beside it names it",
                             "name it in edition.yaml, as the edition's or the venue's 'image' (file: a.jpg, "
                             "with its 'alt'), or remove it"),
    }
    # named, each is used, and nothing is said of it
    edition.write_text(edition.read_text() + "image: {file: hall.jpg, alt: {en: The hall}}\n")
    organisation = site.root / "content/organisations/acme.yaml"
    organisation.write_text(organisation.read_text() + "logo: {file: acme-logo.png, alt: {en: ACME}}\n")
    left = [str(p["path"]) for p in check(site.root)[1] if "picture is not used" in str(p["message"])]
    assert sorted(left) == [f"{EDITION}/a.jpg", f"{EDITION}/crowd.gif"]


@pytest.mark.parametrize("name", ["edition.yml", "Edition.yaml", "edition.yaml.txt"])
def test_an_edition_yaml_under_another_spelling_is_told_to_be_renamed(site: FixtureSite, name: str) -> None:
    folder = site.root / "content/editions/2031-ruse"
    folder.mkdir(parents=True)
    (folder / name).write_text((site.root / EDITION / "edition.yaml").read_text())
    [problem] = [p for p in check(site.root)[1] if str(p["path"]).startswith("content/editions/2031-ruse")]
    assert (problem["path"], problem["severity"], problem["message"]) == (
        "content/editions/2031-ruse", "error", "this edition folder has no edition.yaml")
    assert problem["hint"] == f"rename {name} to edition.yaml (in small letters, ending in .yaml)"
