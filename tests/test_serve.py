"""The live preview's rebuild: only what a change affects, equal to a full build, errors as a banner."""

import contextlib
import dataclasses
import filecmp
import pathlib
import queue
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from conftest import FIXED_NOW, ROOT, FixtureSite
from PIL import Image

from confsite import disk_memory, documents, load, readings, resolve, validate, validate_references
from confsite.outputs import registry
from confsite.outputs.base import EditionPlanner
from confsite.pipeline import Options, build
from confsite.preview_notes import with_banner
from confsite.serve import Preview, Rebuild
from confsite.watching import WATCHED, relative_changes
from confsite.write import MARKER


def preview_of(site: FixtureSite) -> Preview:
    preview = Preview(site.root, site.root / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    assert preview.full().ok
    return preview


def two_editions(site: FixtureSite) -> None:
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.edition("2030-iasi", agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                     "      - kind: keynote\n        title: Opening keynote\n"
                                     "        talks:\n          - speakers: [ana-popescu]")
    site.edition("2031-varna", dates="dates: {start: 2031-09-28, end: 2031-09-29}",
                 series="series: cmr", title="title: {en: Varna 2031}")


def same_tree(a: pathlib.Path, b: pathlib.Path) -> None:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file() and p.name != MARKER)
    assert files_a == files_b
    _, mismatch, errors = filecmp.cmpfiles(a, b, files_a, shallow=False)
    assert mismatch == [] and errors == []


def test_a_change_rebuilds_only_the_dependent_outputs(fixture_site: FixtureSite) -> None:
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    fixture_site.write("content/editions/2031-varna/edition.yaml",
                       (fixture_site.root / "content/editions/2031-varna/edition.yaml").read_text()
                       .replace("Varna 2031", "Varna on the Black Sea"))
    report = preview.update({"content/editions/2031-varna/edition.yaml"})
    assert report.ok and not report.full
    # what read Varna while it rendered: Iași 2030 is upcoming, so its page shows no "later
    # edition" banner and does not read Varna; the people, organisations and sitemap do not either
    assert set(report.rendered) == {
        "en/index.html", "ro/index.html",  # the archive lists it
        "en/2031-varna/index.html", "ro/2031-varna/index.html",
        "en/series/cmr/index.html", "ro/series/cmr/index.html",  # its series lists it
        "2031-varna.ics", "calendar.ics",  # its calendar and the site's, at the root and in each language
        "en/2031-varna.ics", "ro/2031-varna.ics", "en/calendar.ics", "ro/calendar.ics",
        "en/map.svg", "ro/map.svg", "en/series/cmr/map.svg", "ro/series/cmr/map.svg",  # its title marks its city
        "en/feed.xml", "ro/feed.xml",
    }
    assert "Varna on the Black Sea" in (fixture_site.root / "preview/en/2031-varna/index.html").read_text()
    full = build(Options(project=fixture_site.root, output=fixture_site.root / "full",
                         base_url="http://127.0.0.1:8000/", include_drafts=True, search=False, publishing=False),
                 FIXED_NOW)  # the preview draws no share cards, prints nothing, registers no worker
    assert full.ok
    same_tree(fixture_site.root / "preview", fixture_site.root / "full")


def test_a_save_of_the_macros_makes_again_only_the_pages_that_import_them(fixture_site: FixtureSite) -> None:
    two_editions(fixture_site)
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\nWords.\n")
    preview = preview_of(fixture_site)
    macros = fixture_site.root / "templates/macros.html"
    macros.write_text(macros.read_text(encoding="utf-8").replace('_("Keynote")', '_("Keynote talk")'),
                      encoding="utf-8")
    report = preview.update({"templates/macros.html"})
    assert report.ok and not report.full
    assert {"en/2030-iasi/agenda/index.html", "en/2030-iasi/index.html"} <= set(report.rendered)
    assert not {"en/about/index.html", "en/search/index.html", "404.html"} & set(report.rendered)
    assert "Keynote talk" in (fixture_site.root / "preview/en/2030-iasi/agenda/index.html").read_text()
    full = build(Options(project=fixture_site.root, output=fixture_site.root / "full",
                         base_url="http://127.0.0.1:8000/", include_drafts=True, search=False, publishing=False),
                 FIXED_NOW)
    assert full.ok
    same_tree(fixture_site.root / "preview", fixture_site.root / "full")


def test_the_preview_parses_only_the_files_whose_text_changed(fixture_site: FixtureSite,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    parsed: list[str] = []
    real = documents._parse_yaml
    monkeypatch.setattr(documents, "_parse_yaml", lambda text, path: (parsed.append(path), real(text, path))[1])
    edition = fixture_site.root / "content/editions/2031-varna/edition.yaml"
    edition.write_text(edition.read_text().replace("Varna 2031", "Varna on the Black Sea"))
    assert preview.update({"content/editions/2031-varna/edition.yaml"}).ok
    assert parsed == ["content/editions/2031-varna/edition.yaml"]
    # a build keeps no parse (what it parsed is freed once validated): it reads every file again
    parsed.clear()
    assert build(Options(project=fixture_site.root, output=fixture_site.root / "out", search=False), FIXED_NOW).ok
    assert "content/editions/2030-iasi/edition.yaml" in parsed and "site.yaml" in parsed
    parsed.clear()
    assert build(Options(project=fixture_site.root, output=fixture_site.root / "out", search=False), FIXED_NOW).ok
    assert "content/editions/2030-iasi/edition.yaml" in parsed and "site.yaml" in parsed
    assert documents._kept is None


def test_a_save_is_read_from_the_disk_alone_and_only_what_it_changed_is_made_again(
        fixture_site: FixtureSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview's memory (`pipeline.Memory`): after a save, the other files are not read again,
    the documents that did not change are not validated again, nor their editions resolved."""
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    read: list[str] = []
    real_read = load._Disk._read
    monkeypatch.setattr(load._Disk, "_read", lambda disk, path: (read.append(path.name), real_read(disk, path))[1])
    folders: list[str] = []  # the edition folders gone through again
    real_edition_folder = load._Disk._edition
    monkeypatch.setattr(load._Disk, "_edition",
                        lambda disk, folder: (folders.append(folder.name), real_edition_folder(disk, folder))[1])
    made: list[str] = []
    real_person, real_edition = validate.read_person, validate.read_edition
    monkeypatch.setattr(validate, "read_person", lambda slug, *rest: (made.append(slug), real_person(slug, *rest))[1])
    monkeypatch.setattr(validate, "read_edition",
                        lambda document, slug, *rest: (made.append(slug), real_edition(document, slug, *rest))[1])
    resolved: list[str] = []
    real_resolve = resolve.resolve_edition
    monkeypatch.setattr(resolve, "resolve_edition",
                        lambda edition, *rest: (resolved.append(edition.slug), real_resolve(edition, *rest))[1])
    named: list[str] = []  # the editions whose references to people and organisations are gone through
    real_references = validate_references.references
    monkeypatch.setattr(validate_references, "references",
                        lambda edition: (named.append(edition.slug), real_references(edition))[1])
    asked: list[tuple[str, ...]] = []  # the documents whose kept reading is looked for
    real_reading = readings.Readings.read
    monkeypatch.setattr(readings.Readings, "read",
                        lambda memory, key, *rest: (asked.append(key), real_reading(memory, key, *rest))[1])
    planned: list[str] = []

    def counted(planner: EditionPlanner) -> EditionPlanner:
        return lambda site, state, earlier: (planned.append(state.edition.slug), planner(site, state, earlier))[1]
    monkeypatch.setattr(registry, "PAGES", tuple(
        dataclasses.replace(unit, plan_edition=counted(unit.plan_edition)) if unit.plan_edition else unit
        for unit in registry.PAGES))
    before = preview.site
    assert before is not None
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu-Ionescu\n")
    assert preview.update({"content/people/ana-popescu.yaml"}).ok
    assert (read, made, resolved, named, planned) == (["ana-popescu.yaml"], ["ana-popescu"], [], [], [])
    assert folders == []
    after = preview.site
    assert after is not None and after.by_slug.data["2031-varna"] is before.by_slug.data["2031-varna"]
    # no page came or went: the plans are the last site's own, and their index
    assert after.pages is before.pages and after.plan_index is before.plan_index
    # no edition changed: the site's indexes of who appeared where are the last site's own
    for name in ("appearances", "person_editions"):
        assert getattr(after, name).data["ana-popescu"] is getattr(before, name).data["ana-popescu"]
    # a new file in a folder is listed, a removed one is gone, though no other file is read again
    read.clear()
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    report = preview.update({"content/people/ion-rusu.yaml"})
    assert read == ["ion-rusu.yaml"]
    assert any("no edition refers to this person" in p.message for p in report.problems)
    (fixture_site.root / "content/people/ion-rusu.yaml").unlink()
    report = preview.update({"content/people/ion-rusu.yaml"})
    assert not any("no edition refers" in p.message for p in report.problems)
    # the edition whose file was saved is read, validated and resolved again, and the one before
    # it in its series, whose banner names the next edition
    read.clear(), made.clear(), named.clear(), asked.clear()
    varna = fixture_site.root / "content/editions/2031-varna/edition.yaml"
    varna.write_text(varna.read_text().replace("Varna 2031", "Varna on the Black Sea"))
    assert preview.update({"content/editions/2031-varna/edition.yaml"}).ok
    assert (read, made, sorted(resolved)) == (["edition.yaml"], ["2031-varna"], ["2030-iasi", "2031-varna"])
    assert set(planned) == {"2030-iasi", "2031-varna"}  # each of its page kinds, for these two only
    assert named == ["2031-varna"] and folders == ["2031-varna"]
    # the people's and organisations' folders are what they were: not gone through, document by document
    assert ("edition", "2031-varna") in asked and {key[0] for key in asked} <= {"edition", "page"}


def test_a_file_read_through_a_link_is_read_again_at_each_save(fixture_site: FixtureSite,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A save names the file it changed, not the links to it: what is read through a link inside
    the project is never taken from the preview's memory."""
    two_editions(fixture_site)
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    (fixture_site.root / "content/people/ion.yaml").symlink_to(fixture_site.root / "content/people/ion-rusu.yaml")
    preview = preview_of(fixture_site)
    read: list[str] = []
    real_read = load._Disk._read
    monkeypatch.setattr(load._Disk, "_read", lambda disk, path: (read.append(path.name), real_read(disk, path))[1])
    folders: list[str] = []  # the edition folders gone through again
    real_edition_folder = load._Disk._edition
    monkeypatch.setattr(load._Disk, "_edition",
                        lambda disk, folder: (folders.append(folder.name), real_edition_folder(disk, folder))[1])
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu-Ionescu\n")
    assert preview.update({"content/people/ana-popescu.yaml"}).ok
    assert sorted(read) == ["ana-popescu.yaml", "ion.yaml"]


def test_a_link_that_replaces_a_file_is_a_change_of_that_path(tmp_path: pathlib.Path) -> None:
    (tmp_path / "content/people").mkdir(parents=True)
    (tmp_path / "shared.yaml").write_text("name: Ion Rusu\n")
    link = tmp_path / "content/people/ion-rusu.yaml"
    link.symlink_to(tmp_path / "shared.yaml")
    assert relative_changes(tmp_path, [(None, str(link))]) == {"content/people/ion-rusu.yaml", "shared.yaml"}


def test_a_download_reached_through_a_link_is_measured_at_each_load(tmp_path: pathlib.Path) -> None:
    """What met a link while it was read is not kept: an edition's files/ with a link in it is
    listed again, and the file it leads to measured again, at each load of the preview."""
    root = tmp_path / "project"
    (root / "content/editions/2030-iasi/files").mkdir(parents=True)
    (root / "site.yaml").write_text("title: T\nbase_url: https://example.org/\nlanguages: [en]\n")
    (root / "content/editions/2030-iasi/edition.yaml").write_text("title: Iasi\n")
    (root / "report.pdf").write_bytes(b"%PDF short")
    (root / "content/editions/2030-iasi/files/report.pdf").symlink_to(root / "report.pdf")
    memory = disk_memory.DiskMemory()
    assert load.load_sources(root, memory=memory)[0].files["2030-iasi"] == {"files/report.pdf": 10}
    (root / "report.pdf").write_bytes(b"%PDF a longer report")
    assert load.load_sources(root, memory=memory)[0].files["2030-iasi"] == {"files/report.pdf": 20}


def test_a_file_edited_in_place_is_read_again_alone_and_the_load_is_as_a_fresh_one(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`disk_memory.DiskMemory`: a YAML file saved in place is looked at again on its own, not with its
    folder's thousands; files that come, go, break, mend or turn into links still give what a load
    without memory gives, in the same order and with the same problems."""
    root = tmp_path / "project"
    people = root / "content/people"
    people.mkdir(parents=True)
    (root / "site.yaml").write_text("title: T\nbase_url: https://example.org/\nlanguages: [en]\n")
    for name in ("ana", "ion", "maria"):
        (people / f"{name}.yaml").write_text(f"name: {name.title()}\n")
    (people / "old.yml").write_text("name: Old\n")
    Image.new("RGB", (60, 60), (20, 40, 220)).save(people / "ana.jpg")
    asked: list[str] = []
    real_source = load._Disk.source
    monkeypatch.setattr(load._Disk, "source",
                        lambda disk, path: (asked.append(path.name), real_source(disk, path))[1])
    memory = disk_memory.DiskMemory()
    load.load_sources(root, memory=memory)

    def save(*changes: tuple[str, str | bytes | None]) -> list[str]:
        """Make the changes (a text, bytes, None: gone, "->path": a link), and load: the people's
        files the remembering load looked at."""
        for name, text in changes:
            path = people / name
            if path.is_symlink() or path.exists():
                path.unlink()
            if isinstance(text, bytes):
                path.write_bytes(text)
            elif text is not None and text.startswith("->"):
                path.symlink_to(root / text[2:])
            elif text is not None:
                path.write_text(text)
        memory.forget(root.resolve(), [f"content/people/{name}" for name, _ in changes])
        asked.clear()
        remembered, found = load.load_sources(root, memory=memory)
        looked_at = sorted(name for name in asked if name != "site.yaml")
        fresh, expected = load.load_sources(root)
        assert list(remembered.people.items()) == list(fresh.people.items())
        assert remembered.photos == fresh.photos and remembered.images == fresh.images
        assert sorted(found, key=str) == sorted(expected, key=str)
        return looked_at

    assert save(("ion.yaml", "name: Ion Rusu\nname: Ion\n")) == ["ion.yaml"]  # (validate finds the problem)
    assert save(("ion.yaml", "name: Ion Rusu\n")) == ["ion.yaml"]
    # no longer read (not UTF-8: out of the folder's people), then back at its place between Ana and Maria
    assert save(("ion.yaml", "name: Ion R\xfcsu\n".encode("latin-1"))) == ["ion.yaml"]
    save(("ion.yaml", "name: Ion Rusu\n"))
    assert save(("ana.yaml", "name: Ana P.\n"), ("maria.yaml", "name: Maria I.\n")) == [  # two saves, one load
        "ana.yaml", "maria.yaml"]
    save(("old.yml", "name: Older\n"))
    save(("bob.yaml", "name: Bob\n"))  # a new file
    save(("ana.yaml", None))  # a file gone
    save(("shared.yaml", "name: Shared\n"), ("maria.yaml", "->content/people/shared.yaml"))  # now a link
    assert set(load.load_sources(root, memory=memory)[0].people) == {"bob", "ion", "maria", "shared"}


def test_a_new_photo_reads_again_only_its_own_person(fixture_site: FixtureSite, monkeypatch: pytest.MonkeyPatch,
                                                     ) -> None:
    """A person's reading depends on the pictures it looked up, not on every picture beside it."""
    two_editions(fixture_site)
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    preview = preview_of(fixture_site)
    made: list[str] = []
    real_person = validate.read_person
    monkeypatch.setattr(validate, "read_person", lambda slug, *rest: (made.append(slug), real_person(slug, *rest))[1])
    Image.new("RGB", (300, 300), (20, 40, 220)).save(fixture_site.root / "content/people/ion-rusu.jpg")
    assert preview.update({"content/people/ion-rusu.jpg"}).ok
    assert made == ["ion-rusu"]


def test_a_file_read_again_into_the_same_value_stands_for_it_as_the_same_object(fixture_site: FixtureSite) -> None:
    """`readings.Readings.read`: a file whose text changed but reads into the same value, in every
    field and place (a blank line added at its end), is the last value itself, so nothing made of
    it is made again; one whose places moved (a line added above) is a new value."""
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    path = "content/editions/2030-iasi/edition.yaml"
    text = (fixture_site.root / path).read_text()
    before = preview.site
    assert before is not None
    fixture_site.write(path, text + "\n\n")
    report = preview.update({path})
    assert report.ok and report.rendered == ()
    after = preview.site
    assert after is not None and after.by_slug.data["2030-iasi"].edition is before.by_slug.data["2030-iasi"].edition
    assert after.appearances is before.appearances
    fixture_site.write(path, "# a comment above it all\n" + text)
    report = preview.update({path})
    assert report.ok
    moved = preview.site
    assert moved is not None and moved.by_slug.data["2030-iasi"].edition is not before.by_slug.data["2030-iasi"].edition
    text_path = "content/editions/2030-iasi/index.en.md"  # a text: the blank lines at its end say nothing
    fixture_site.write(text_path, "Iasi, by the **Bahlui**.\n")
    assert preview.update({text_path}).ok
    shown = preview.site.by_slug.data["2030-iasi"].edition
    for ending in ("\n\n\n", "", "\n"):
        fixture_site.write(text_path, "Iasi, by the **Bahlui**." + ending)
        report = preview.update({text_path})
        assert report.ok and report.rendered == ()
        assert preview.site.by_slug.data["2030-iasi"].edition is shown
    fixture_site.write(text_path, "Iasi, by the **Bahlui** river.\n")
    report = preview.update({text_path})
    assert "en/2030-iasi/index.html" in report.rendered
    assert "by the <strong>Bahlui</strong> river." in (preview.output / "en/2030-iasi/index.html").read_text()
    ana = "content/people/ana-popescu.yaml"
    person = preview.site.content.people["ana-popescu"]
    fixture_site.write(ana, (fixture_site.root / ana).read_text() + "\n")
    assert preview.update({ana}).ok
    assert preview.site is not None and preview.site.content.people["ana-popescu"] is person


def test_a_persons_save_reads_again_that_person_alone(fixture_site: FixtureSite,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`readings.Readings.folder`: when the people are the same files but one, only that one's
    reading is looked at again; what the others found is still reported, and a mistake in the
    saved file shows and goes."""
    two_editions(fixture_site)
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    fixture_site.write("content/people/maria-ionescu.yaml", "name: Maria Ionescu\n")
    preview = preview_of(fixture_site)
    asked: list[tuple[str, ...]] = []
    real_reading = readings.Readings.read
    monkeypatch.setattr(readings.Readings, "read",
                        lambda memory, key, *rest: (asked.append(key), real_reading(memory, key, *rest))[1])

    def unreferenced(report: Rebuild) -> list[str]:
        return sorted(p.where.path for p in report.problems if "no edition refers to this person" in p.message)

    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\nrole: {en: Director}\n")
    report = preview.update({"content/people/ana-popescu.yaml"})
    assert report.ok and [key for key in asked if key[0] == "person"] == [("person", "ana-popescu")]
    assert unreferenced(report) == ["content/people/ion-rusu.yaml", "content/people/maria-ionescu.yaml"]
    assert preview.site is not None and preview.site.content.people["ana-popescu"].role is not None
    asked.clear()
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\nnmae: typo\n")
    report = preview.update({"content/people/ion-rusu.yaml"})
    assert [key for key in asked if key[0] == "person"] == [("person", "ion-rusu")]
    assert [(p.where.path, p.where.line) for p in report.problems if "nmae" in p.message] == [
        ("content/people/ion-rusu.yaml", 2)]
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    report = preview.update({"content/people/ion-rusu.yaml"})
    assert report.ok and not any("nmae" in p.message for p in report.problems)
    assert unreferenced(report) == ["content/people/ion-rusu.yaml", "content/people/maria-ionescu.yaml"]
    # a file that cannot be parsed is read into no person, and mended is read into one again, in its place
    asked.clear()
    fixture_site.write("content/people/ion-rusu.yaml", "name: [Ion Rusu\n")
    report = preview.update({"content/people/ion-rusu.yaml"})
    assert [key for key in asked if key[0] == "person"] == [("person", "ion-rusu")]
    assert [p.where.path for p in report.problems if p.is_error] == ["content/people/ion-rusu.yaml"]
    assert unreferenced(report) == []  # (with an error, no warning that a person is named nowhere)
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    report = preview.update({"content/people/ion-rusu.yaml"})
    assert report.ok and preview.site is not None
    assert unreferenced(report) == ["content/people/ion-rusu.yaml", "content/people/maria-ionescu.yaml"]
    fresh = build(Options(project=fixture_site.root, write=False, search=False, cache=False), FIXED_NOW)
    assert fresh.site is not None and list(preview.site.content.people) == list(fresh.site.content.people)


def test_a_persons_save_makes_again_their_own_entry_of_the_peoples_index(fixture_site: FixtureSite) -> None:
    """`resolve_memory.ResolveMemory`: the people's index keeps its order and the other entries as they were,
    unless the saved person's name (or whether they have a page) changed."""
    two_editions(fixture_site)
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    fixture_site.edition("2030-iasi", agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                             "      - kind: keynote\n        title: Opening keynote\n"
                                             "        talks:\n          - speakers: [ana-popescu, ion-rusu]")
    preview = preview_of(fixture_site)

    def index() -> dict[str, list[tuple[str, str, int]]]:
        assert preview.site is not None
        return {lang: [(entry.person.id, entry.person.name.pick(lang).value, entry.editions) for entry in listed]
                for lang, listed in preview.site.people_index.data.items()}

    before = preview.site
    assert before is not None and index()["en"] == [("ana-popescu", "Ana Popescu", 1), ("ion-rusu", "Ion Rusu", 1)]
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\nrole: {en: Director}\n")
    assert preview.update({"content/people/ana-popescu.yaml"}).ok
    after = preview.site
    assert after is not None
    for lang, listed in after.people_index.data.items():
        assert [(new is old) for new, old in zip(listed, before.people_index.data[lang], strict=True)] == [False, True]
    assert after.people_index.data["en"][0].person is after.content.people.data["ana-popescu"]
    assert after.people_with_pages[0] is after.content.people.data["ana-popescu"]
    fixture_site.write("content/people/ana-popescu.yaml", "name: Zoe Popescu\n")  # now after Ion
    assert preview.update({"content/people/ana-popescu.yaml"}).ok
    assert index()["en"] == [("ion-rusu", "Ion Rusu", 1), ("ana-popescu", "Zoe Popescu", 1)]
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\npage: false\n")  # leaves the index
    assert preview.update({"content/people/ion-rusu.yaml"}).ok
    assert index()["en"] == [("ana-popescu", "Zoe Popescu", 1)]


def test_a_save_that_touches_no_listed_person_keeps_the_last_sites_indexes(fixture_site: FixtureSite) -> None:
    """`resolve_memory.ResolveMemory`: when a save changes no edition of theirs and no listed person, the
    site's indexes of who appeared where, the people's index and the pages planned for them are
    the last site's own objects: comparing the two sites, and planning, stop at once."""
    two_editions(fixture_site)
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")  # at no edition: no page
    preview = preview_of(fixture_site)
    indexes = ("appearances", "person_editions", "involvements", "speakers_from", "organisation_work",
               "people_index", "people_with_pages", "published_organisations", "pages")
    for path, text in (("content/people/ion-rusu.yaml", "name: Ion R. Rusu\n"),  # listed nowhere
                       ("content/editions/2031-varna/edition.yaml", None)):  # an edition nobody appears at
        before = preview.site
        assert before is not None
        if text is None:
            text = (fixture_site.root / path).read_text().replace("Varna 2031", "Varna on the Black Sea")
        fixture_site.write(path, text)
        report = preview.update({path})
        assert report.ok and (bool(report.rendered) or path.endswith("ion-rusu.yaml"))
        after = preview.site
        assert after is not None
        assert [name for name in indexes if getattr(after, name) is not getattr(before, name)] == [], path
    # a save that does change a listed person's entry makes that index again, and only its entry
    before = preview.site
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\nrole: {en: Director}\n")
    assert preview.update({"content/people/ana-popescu.yaml"}).ok
    assert preview.site is not None and preview.site.people_index is not before.people_index
    assert preview.site.appearances is before.appearances  # no edition changed


def test_a_person_change_touches_their_pages_only(fixture_site: FixtureSite) -> None:
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu-Ionescu\n")
    report = preview.update({"content/people/ana-popescu.yaml"})
    pages = {f"{lang}/{page}" for lang in ("en", "ro") for page in (
        "2030-iasi/index.html", "2030-iasi/agenda/index.html", "2030-iasi/speakers/index.html",
        "people/index.html", "people/ana-popescu/index.html")}
    # the edition page names its speakers in its structured data; the sitemap, the feeds and the
    # organisations do not show a person's name, so they do not depend on their file
    assert set(report.rendered) == pages
    assert set(report.written) == pages


def test_a_session_change_touches_the_pages_that_show_that_session(fixture_site: FixtureSite) -> None:
    """Each session is a part of its edition.yaml (`recording.Part`): a page records the sessions it
    shows, not the file, so a change to one session leaves the pages of another session's people
    alone; and its edition's fields one by one, so a new title reaches who shows the title."""
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    edition = fixture_site.edition("2030-iasi", agenda=(
        "agenda:\n  - date: 2030-05-12\n    sessions:\n"
        "      - kind: keynote\n        title: Opening keynote\n        talks:\n          - speakers: [ana-popescu]\n"
        "      - kind: panel\n        title: Regions\n        talks:\n          - speakers: [ion-rusu]"))
    preview = preview_of(fixture_site)
    edition.write_text(edition.read_text().replace("title: Regions", "title: Regions that grow"))
    report = preview.update({"content/editions/2030-iasi/edition.yaml"})
    assert report.ok
    ion, ana = "en/people/ion-rusu/index.html", "en/people/ana-popescu/index.html"
    assert {ion, "en/2030-iasi/agenda/index.html", "en/2030-iasi/speakers/index.html"} <= set(report.written)
    assert ana not in report.rendered and "en/people/index.html" not in report.rendered
    assert "Regions that grow" in (fixture_site.root / "preview" / ion).read_text()
    edition.write_text(edition.read_text().replace("{en: Test Edition}", "{en: Iasi 2030}"))
    report = preview.update({"content/editions/2030-iasi/edition.yaml"})
    assert {ion, ana, "en/index.html"} <= set(report.written)  # each names the edition
    full = build(Options(project=fixture_site.root, output=fixture_site.root / "full",
                         base_url="http://127.0.0.1:8000/", include_drafts=True, search=False, publishing=False),
                 FIXED_NOW)
    assert full.ok
    same_tree(fixture_site.root / "preview", fixture_site.root / "full")


def test_a_new_edition_reaches_the_past_edition_whose_banner_names_it(fixture_site: FixtureSite) -> None:
    """Which edition comes next is a fact of the resolved site, recorded by the page that shows it:
    a new edition in between is a change to the past edition's page, though its file is not."""
    fixture_site.edition("2024-iasi", dates="dates: {start: 2024-05-12, end: 2024-05-13}",
                         title="title: {en: Iasi 2024}")
    fixture_site.edition("2030-varna", dates="dates: {start: 2030-05-12, end: 2030-05-13}",
                         title="title: {en: Varna 2030}")
    preview = preview_of(fixture_site)
    page = fixture_site.root / "preview/en/2024-iasi/index.html"
    assert "See the later edition: Varna 2030" in page.read_text()
    fixture_site.edition("2027-ruse", dates="dates: {start: 2027-05-12, end: 2027-05-13}",
                         title="title: {en: Ruse 2027}")
    report = preview.update({"content/editions/2027-ruse/edition.yaml"})
    assert report.ok and "en/2024-iasi/index.html" in report.written
    assert "See the later edition: Ruse 2027" in page.read_text()
    assert "en/2030-varna/index.html" not in report.rendered  # it is upcoming: no banner, no later edition
    recorded = preview.good["en/2024-iasi/index.html"].inputs
    # the state's field that names the next edition, and the title of that edition
    assert "@state/2024-iasi#later" in recorded
    assert "@part/content/editions/2027-ruse/edition.yaml:1:1#title" in recorded
    assert "content/editions/2030-varna/edition.yaml" not in recorded


def test_a_mistake_shows_as_a_banner_over_the_last_good_page_then_heals(fixture_site: FixtureSite) -> None:
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    page = fixture_site.root / "preview/en/2030-iasi/index.html"
    good = page.read_text()
    edition = fixture_site.root / "content/editions/2030-iasi/edition.yaml"
    original = edition.read_text()
    edition.write_text(original.replace("format: in-person", "format: inperson"))
    report = preview.update({"content/editions/2030-iasi/edition.yaml"})
    assert not report.ok
    shown = page.read_text()
    assert 'class="build-problems" role="alert"' in shown
    assert "content/editions/2030-iasi/edition.yaml:8:9" in shown and "did you mean &#x27;in-person&#x27;?" in shown
    assert shown.replace(shown[shown.index('<div class="build-problems"'):shown.index("</div>") + 6], "") == good
    edition.write_text(original)
    assert preview.update({"content/editions/2030-iasi/edition.yaml"}).ok
    assert page.read_text() == good


def test_the_preview_checks_the_links_check_and_build_check(fixture_site: FixtureSite) -> None:
    """A picture from another website fails `check` and `build`: the preview shows it as an error at
    its line, over the last good page, and a broken link as a warning, which stays shown while
    other files are saved (the page that holds it is not made again) and goes once it is fixed."""
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    text = fixture_site.write("content/editions/2030-iasi/index.en.md", "Welcome.\n")
    assert preview.update({"content/editions/2030-iasi/index.en.md"}).ok
    text.write_text("Welcome.\n\n![A photo](https://example.com/x.jpg)\n")
    report = preview.update({"content/editions/2030-iasi/index.en.md"})
    assert not report.ok
    assert [p.format().split("\n")[0] for p in report.problems if p.is_error] == [
        "content/editions/2030-iasi/index.en.md:3:12: 'https://example.com/x.jpg' loads from another website "
        f"(on /{lang}/2030-iasi/index.html)" for lang in ("en", "ro")]  # (the Romanian page shows the English text)
    assert 'class="build-problems"' in (fixture_site.root / "preview/en/2030-iasi/index.html").read_text()
    text.write_text("Welcome.\n\nSee [nowhere](../nowhere/).\n")
    report = preview.update({"content/editions/2030-iasi/index.en.md"})
    broken = "content/editions/2030-iasi/index.en.md:3:15: warning: broken link '../nowhere/'"
    assert report.ok and any(p.format().startswith(broken) for p in report.problems)
    fixture_site.edition("2031-varna", dates="dates: {start: 2031-09-28, end: 2031-09-29}",
                         series="series: cmr", title="title: {en: Varna 2031 again}")
    report = preview.update({"content/editions/2031-varna/edition.yaml"})
    assert "en/2030-iasi/index.html" not in report.written  # not made again, and its warning still shown
    assert report.ok and any(p.format().startswith(broken) for p in report.problems)
    text.write_text("Welcome.\n")
    report = preview.update({"content/editions/2030-iasi/index.en.md"})
    assert report.ok and not any("broken link" in p.message for p in report.problems)


def test_a_new_person_page_appears_and_a_removed_one_goes(fixture_site: FixtureSite) -> None:
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    (fixture_site.root / "content/people/ana-popescu.yaml").unlink()
    fixture_site.edition("2030-iasi")
    report = preview.update({"content/people/ana-popescu.yaml", "content/editions/2030-iasi/edition.yaml"})
    assert report.ok
    assert "en/people/ana-popescu/index.html" in report.removed
    assert not (fixture_site.root / "preview/en/people/ana-popescu/index.html").exists()


def test_drafts_are_previewed_with_a_banner_but_never_built(fixture_site: FixtureSite) -> None:
    fixture_site.edition(draft="draft: true")
    preview_of(fixture_site)
    html = (fixture_site.root / "preview/en/2030-iasi/index.html").read_text()
    assert 'class="banner draft wrap"' in html
    result = fixture_site.build()
    assert result.ok and not (fixture_site.root / "_site/en/2030-iasi").exists()


def test_banner_goes_right_after_body() -> None:
    assert with_banner(b"<html><body class='x'><p>a</p></body>", b"<div>!</div>") == \
        b"<html><body class='x'><div>!</div><p>a</p></body>"


def test_the_real_site_previews(tmp_path: pathlib.Path) -> None:
    project = tmp_path / "project"
    for name in ("content", "templates", "locales"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "site.yaml", project)
    preview = Preview(project, tmp_path / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    assert preview.full().ok
    person = project / "content/people/todor-tonev.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "\n# a comment changes nothing\n", encoding="utf-8")
    report = preview.update({"content/people/todor-tonev.yaml"})
    assert report.ok and report.rendered == () and report.written == ()
    person.write_text(person.read_text(encoding="utf-8").replace("en: Todor Tonev", "en: Todor T. Tonev"),
                      encoding="utf-8")
    report = preview.update({"content/people/todor-tonev.yaml"})
    assert report.ok and "en/people/todor-tonev/index.html" in report.written
    assert "Todor T. Tonev" in (tmp_path / "preview/en/people/todor-tonev/index.html").read_text()
    assert "en/2023-iasi/index.html" not in report.rendered  # he did not speak there
    text = project / "content/editions/2024-chisinau/index.en.md"
    text.write_text(text.read_text(encoding="utf-8").replace("welcomed Clusters", "hosted Clusters"), encoding="utf-8")
    report = preview.update({"content/editions/2024-chisinau/index.en.md"})
    assert report.ok and "hosted Clusters" in (tmp_path / "preview/en/2024-chisinau/index.html").read_text()
    # the pages that do not show the edition's text are left as they were: its people, the home page
    assert "en/2024-chisinau/index.html" in report.written and "en/index.html" not in report.rendered
    assert not any("/people/" in path or "/organisations/" in path for path in report.rendered)


def test_a_burst_of_saves_is_one_rebuild(fixture_site: FixtureSite) -> None:
    two_editions(fixture_site)
    files = ["content/editions/2030-iasi/edition.yaml", "content/editions/2031-varna/edition.yaml",
             "content/people/ana-popescu.yaml"]
    site = fixture_site.root / "site.yaml"
    seen: list[list[set[str]]] = []
    with watching(fixture_site.root) as batches:
        saved_until_seen(batches, lambda: site.write_text(site.read_text() + "\n"), "site.yaml")
        # The watcher groups saves written within 5 ms of each other. Three writes in a row take
        # microseconds, but a machine busy with other work may pause this process between two of
        # them for longer: a burst split so is tried again, up to three times in all.
        for _ in range(3):
            texts = {name: (fixture_site.root / name).read_text() + "\n" for name in files}
            for name, text in texts.items():  # like an editor's "save all"
                (fixture_site.root / name).write_text(text)
            burst = [batches.get(timeout=5)]
            with contextlib.suppress(queue.Empty):  # (the watcher yields no empty batch)
                while True:
                    burst.append(batches.get(timeout=0.3))
            seen.append(burst)
            if len(burst) == 1:
                break
    assert seen[-1] == [set(files)], f"each burst came as {seen}"


def test_the_banner_speaks_the_pages_language(fixture_site: FixtureSite) -> None:
    two_editions(fixture_site)
    fixture_site.write("site.yaml", (fixture_site.root / "site.yaml").read_text().replace(
        "languages: [en, ro]", "languages: [en, ro, bg]"))
    preview = preview_of(fixture_site)
    edition = fixture_site.root / "content/editions/2030-iasi/edition.yaml"
    edition.write_text(edition.read_text().replace("format: in-person", "format: inperson"))
    assert not preview.update({"content/editions/2030-iasi/edition.yaml"}).ok
    shown = {lang: (fixture_site.root / f"preview/{lang}/2030-iasi/index.html").read_text()
             for lang in ("en", "ro", "bg")}
    assert "<strong>The site could not be rebuilt." in shown["en"]
    assert "<strong>Site-ul nu a putut fi reconstruit." in shown["ro"]
    assert "<strong>Сайтът не можа да бъде изграден отново." in shown["bg"]
    assert "<small>Ce trebuie făcut: <span lang=\"en\">did you mean &#x27;in-person&#x27;?</span>" in shown["ro"]
    for page in shown.values():  # the problem itself as check words it, marked as English
        assert ('edition.yaml:8:9</code> <span lang="en">&#x27;format&#x27;: &#x27;inperson&#x27; is not one of'
                in page)


def test_a_preview_that_starts_with_a_mistake_shows_it_at_every_address(fixture_site: FixtureSite) -> None:
    """Started while a file has an error, the preview has no last good page to show under the
    banner: every address answers with the problems (it said it showed the last good pages and
    answered 404 everywhere). Once fixed, a missing address gets the site's own 404 page."""
    two_editions(fixture_site)
    edition = fixture_site.root / "content/editions/2030-iasi/edition.yaml"
    good = edition.read_text()
    edition.write_text(good.replace("format: in-person", "format: inperson"))
    preview = Preview(fixture_site.root, fixture_site.root / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    report = preview.full()
    assert not report.ok and "no page to show yet: it shows these problems at every address" in report.describe()
    assert "last good" not in report.describe()
    page = (preview.not_found() or b"").decode()
    assert "The site could not be built. Fix these" in page and "edition.yaml:8:9</code>" in page
    assert "did you mean &#x27;in-person&#x27;?" in page and "</head>" in page  # (where the reload script goes)
    edition.write_text(good)
    assert preview.update({"content/editions/2030-iasi/edition.yaml"}).ok
    assert b"This page does not exist" in (preview.not_found() or b"")
    edition.write_text(good.replace("format: in-person", "format: inperson"))
    report = preview.update({"content/editions/2030-iasi/edition.yaml"})
    assert "the preview shows the last good pages" in report.describe()
    shown = preview.not_found() or b""  # the last good 404 page, under the banner like every page
    assert b"This page does not exist" in shown and b"The site could not be rebuilt" in shown


Batches = queue.Queue[set[str]]


@contextlib.contextmanager
def watching(root: pathlib.Path) -> Iterator[Batches]:
    """The preview's watcher (`watching.changes`) on a project, in a thread: each burst it sees."""
    from confsite.watching import changes

    stop, batches = threading.Event(), queue.Queue()  # type: ignore[var-annotated]
    threading.Thread(target=lambda: [batches.put(b) for b in changes(root, stop)], daemon=True).start()
    try:
        yield batches
    finally:
        stop.set()


def saved_until_seen(batches: Batches, save: Callable[[], None], name: str) -> None:
    """`save` again until the watcher sees `name` (once it sees one, it is watching), then what
    else that save made it see."""
    for _ in range(40):
        save()
        with contextlib.suppress(queue.Empty):
            if name in batches.get(timeout=0.5):
                break
    else:
        raise AssertionError(f"the watcher did not see {name} saved")
    quiet(batches)


def quiet(batches: Batches) -> None:
    """Takes what the watcher sees until it sees nothing for 1.5 s."""
    with contextlib.suppress(queue.Empty):
        while True:
            batches.get(timeout=1.5)


def test_a_content_folder_replaced_whole_is_watched_again(fixture_site: FixtureSite) -> None:
    """An editor restores content/ from a copy (deleted, then copied back): the file events came
    from the deleted folder, so every save after it went unseen until the preview restarted."""
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    person = fixture_site.root / "content/people/ana-popescu.yaml"
    content = fixture_site.root / "content"
    with watching(fixture_site.root) as batches:
        saved_until_seen(batches, lambda: person.write_text(person.read_text() + "\n"),
                         "content/people/ana-popescu.yaml")
        shutil.copytree(content, fixture_site.root / "backup")
        shutil.rmtree(content)
        shutil.copytree(fixture_site.root / "backup", content)
        seen: set[str] = set()
        while "content" not in seen or not content.is_dir():
            seen |= batches.get(timeout=5)
        assert preview.update(seen).full  # a folder replaced: everything is read again
        quiet(batches)  # what the copy itself made the watcher see, if anything, before the save below
        edition = content / "editions/2030-iasi/edition.yaml"
        edition.write_text(edition.read_text().replace("Opening keynote", "Opening address"))
        assert "content/editions/2030-iasi/edition.yaml" in batches.get(timeout=5)
    report = preview.update({"content/editions/2030-iasi/edition.yaml"})
    assert report.ok and "Opening address" in (fixture_site.root / "preview/en/2030-iasi/agenda/index.html").read_text()


def test_a_path_gone_as_the_watching_starts_makes_it_start_again_and_read_everything(
        fixture_site: FixtureSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A watched path removed between the look at what is there and the start of the watching (a
    git checkout) makes watchfiles refuse to start. The watcher looks again a second later, then
    says that every watched name changed, since saves made meanwhile went unseen; and it watches."""
    import watchfiles

    two_editions(fixture_site)
    real, starts = watchfiles.watch, []

    def refusing_once(*paths: pathlib.Path, **options: Any) -> Any:
        starts.append(paths)
        if len(starts) == 1:
            raise FileNotFoundError(2, "No such file or directory", str(paths[0]))
        return real(*paths, **options)

    monkeypatch.setattr(watchfiles, "watch", refusing_once)
    person = fixture_site.root / "content/people/ana-popescu.yaml"
    with watching(fixture_site.root) as batches:
        assert batches.get(timeout=10) == set(WATCHED)
        saved_until_seen(batches, lambda: person.write_text(person.read_text() + "\n"),
                         "content/people/ana-popescu.yaml")
    assert len(starts) >= 2


def test_site_yaml_saved_by_renaming_a_new_file_over_it_is_seen_every_time(fixture_site: FixtureSite) -> None:
    """Many editors save a file by writing a new one and renaming it over the old: site.yaml is
    watched as a file, and its events came from the file it was when the watching began."""
    two_editions(fixture_site)
    site = fixture_site.root / "site.yaml"

    def save() -> None:
        saved = site.with_name(".site.yaml.new")
        saved.write_text(site.read_text() + "\n")
        saved.replace(site)

    with watching(fixture_site.root) as batches:
        saved_until_seen(batches, save, "site.yaml")  # (until the watcher is watching)
        for _ in range(3):  # then each save once: each is seen
            save()
            assert "site.yaml" in batches.get(timeout=5)
            quiet(batches)


@contextlib.contextmanager
def serving(preview: Preview) -> Iterator[str]:
    """The preview's file handler (`preview_server.answering`) behind a real server, in a thread: its address."""
    import asyncio

    from tornado import httpserver, ioloop, netutil, web

    from confsite.preview_server import answering

    app = web.Application([(r"/(.*)", answering(preview), {"path": str(preview.output),
                                                            "default_filename": "index.html"})])
    ready, held = threading.Event(), {}

    def run() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        sockets = netutil.bind_sockets(0, "127.0.0.1")
        httpserver.HTTPServer(app).add_sockets(sockets)
        held["port"], held["loop"] = sockets[0].getsockname()[1], ioloop.IOLoop.current()
        ready.set()
        held["loop"].start()

    threading.Thread(target=run, daemon=True).start()
    assert ready.wait(10)
    try:
        yield f"http://127.0.0.1:{held['port']}"
    finally:
        held["loop"].add_callback(held["loop"].stop)


def fetched(address: str, etag: str = "") -> tuple[int, str]:
    """The status and body of a GET, sent as a browser reloading a page it keeps under `etag` would."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(address, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def etag_of(address: str, method: str = "GET") -> str:
    import urllib.request

    with urllib.request.urlopen(urllib.request.Request(address, method=method), timeout=10) as answer:
        return str(answer.headers["ETag"])


def test_the_preview_answers_only_its_own_address(fixture_site: FixtureSite) -> None:
    """A security review: the preview answered a request naming any host, so a web page the editor
    visits could give its own name the address 127.0.0.1 and read the preview, drafts and all (DNS
    rebinding). A request that names another host is refused."""
    import urllib.error
    import urllib.request

    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    with serving(preview) as address:
        port = address.rsplit(":", 1)[1]
        for name, status in (("127.0.0.1", 200), ("localhost", 200), ("attacker.example", 400)):
            request = urllib.request.Request(f"{address}/en/", headers={"Host": f"{name}:{port}"})
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    got, body = answer.status, answer.read().decode()
            except urllib.error.HTTPError as error:
                got, body = error.code, error.read().decode()
            assert got == status, (name, got)
            assert ("Varna 2031" in body) == (status == 200)


def test_each_page_is_served_under_the_last_builds_warnings(fixture_site: FixtureSite) -> None:
    """Warnings stop nothing, so the preview printed them in the terminal only: an editor who
    watches the browser never saw them. Each page now goes out under them, folded, in its own
    language; the files on the disk stay the build's."""
    two_editions(fixture_site)
    person = fixture_site.root / "content/people/ana-popescu.yaml"
    person.write_text("name: Ana <b>Popescu</b>\n")
    preview = Preview(fixture_site.root, fixture_site.root / "preview", "http://127.0.0.1:8000/", FIXED_NOW)
    said = preview.full().describe().splitlines()  # the terminal: each warning once, when it appears
    assert said[0].startswith("content/people/ana-popescu.yaml:1:7: warning: the HTML tag '<b>' shows as written")
    assert said[-1].endswith("; 1 warning(s), shown over each page")
    assert [p.where.path for p in preview.warnings] == ["content/people/ana-popescu.yaml"]
    fixture_site.edition("2031-varna", dates="dates: {start: 2031-09-28, end: 2031-09-29}", series="series: cmr",
                         title="title: {en: Varna 2031, ro: Varna 2031}")
    said = preview.update({"content/editions/2031-varna/edition.yaml"}).describe().splitlines()
    assert len(said) == 1 and said[0].startswith("rebuilt: ")
    assert said[0].endswith("; 1 warning(s), shown over each page")
    on_disk = (preview.output / "en/2030-iasi/index.html").read_text()
    assert "build-warnings" not in on_disk
    with serving(preview) as site:
        status, page = fetched(f"{site}/en/2030-iasi/")
        assert status == 200
        assert page == with_banner(on_disk.encode(), page[page.index("<details"):page.index("</details>") + 10]
                                   .encode()).decode()
        panel = page[page.index('<details class="build-warnings">'):page.index("</details>")]
        assert "<summary>Warnings about the content, shown only in this preview: 1</summary>" in panel
        assert ("<code>content/people/ana-popescu.yaml:1:7</code> <span lang=\"en\">the HTML tag &#x27;&lt;b&gt;&#x27; "
                "shows as written") in panel
        assert "Avertismente despre conținut, afișate doar în această previzualizare: 1" in fetched(
            f"{site}/ro/2030-iasi/")[1]
        status, missing = fetched(f"{site}/en/no-such-page/")
        assert status == 404 and "build-warnings" in missing and "This page does not exist" in missing
        # a second warning rewrites no page: a browser that kept the page must not be told it is the same
        kept = etag_of(f"{site}/en/2030-iasi/")
        assert etag_of(f"{site}/en/2030-iasi/", "HEAD") == kept  # a HEAD is told of the page a GET gets
        fixture_site.write("content/people/ion-rusu.yaml", "name: Ion **Rusu**\n")
        assert preview.update({"content/people/ion-rusu.yaml"}).written == ()
        status, page = fetched(f"{site}/en/2030-iasi/", etag=kept)
        assert status == 200 and "shown only in this preview: 3</summary>" in page
        (fixture_site.root / "content/people/ion-rusu.yaml").unlink()
        preview.update({"content/people/ion-rusu.yaml"})
        stylesheet = next((preview.output / "assets").glob("*.css"))
        assert fetched(f"{site}/assets/{stylesheet.name}")[1] == stylesheet.read_text()
        person.write_text("name: Ana Popescu\n")
        report = preview.update({"content/people/ana-popescu.yaml"})
        assert report.ok and preview.warnings == () and "warning" not in report.describe()
        assert "build-warnings" not in fetched(f"{site}/en/2030-iasi/")[1]


def test_a_warning_made_in_a_save_that_failed_is_printed_once_it_builds(fixture_site: FixtureSite) -> None:
    """A failed rebuild prints its errors only: a warning made in the same save was counted as
    printed, and the terminal never showed it. A warning that only moved down a line is not new."""
    two_editions(fixture_site)
    preview = preview_of(fixture_site)
    person = fixture_site.root / "content/people/ana-popescu.yaml"
    edition = fixture_site.root / "content/editions/2030-iasi/edition.yaml"
    good = edition.read_text()
    person.write_text("name: Ana <b>Popescu</b>\n")
    edition.write_text(good.replace("format: in-person", "format: inperson"))
    failed = preview.update({"content/people/ana-popescu.yaml", "content/editions/2030-iasi/edition.yaml"})
    assert not failed.ok and "<b>" not in failed.describe()
    edition.write_text(good)
    said = preview.update({"content/editions/2030-iasi/edition.yaml"}).describe()
    assert said.startswith("content/people/ana-popescu.yaml:1:7: warning: the HTML tag '<b>' shows as written")
    person.write_text("# a comment above it\nname: Ana <b>Popescu</b>\n")
    said = preview.update({"content/people/ana-popescu.yaml"}).describe()
    assert "<b>" not in said and said.endswith("; 1 warning(s), shown over each page")



def test_the_terminal_names_the_saved_files_not_the_editors_scratch_files() -> None:
    from confsite.watching import saved

    assert saved({"content/people/4913", "content/people/ana.yaml", "content/people/ana.yaml~",
                  "content/people/.#ana.yaml", "content/people/#ana.yaml#", "site.yaml___jb_tmp___",
                  "content/pages/about.en.md.tmp", "content/people/sedX3kQ9a"}) == ["content/people/ana.yaml"]
    assert saved({"content/people/ana.yaml~"}) == ["content/people/ana.yaml~"]  # (something is named)
    assert saved({"content/editions/2030-iasi/files/2030.pdf"}) == ["content/editions/2030-iasi/files/2030.pdf"]


def test_a_link_to_a_page_added_or_removed_in_a_save_is_checked_again_on_the_pages_not_made_again(
        fixture_site: FixtureSite) -> None:
    """The pages that link to a new or a removed page read nothing of it, so the save does not make
    them again: their links are checked again against the files the site has now."""
    two_editions(fixture_site)
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Welcome.\n\nSee [the venue](../venue/).\n")
    preview = preview_of(fixture_site)
    broken = "content/editions/2030-iasi/index.en.md:3:17: warning: broken link '../venue/'"

    def other_save(number: int) -> Rebuild:
        fixture_site.edition("2031-varna", dates="dates: {start: 2031-09-28, end: 2031-09-29}",
                             series="series: cmr", title=f"title: {{en: Varna 2031 take {number}}}")
        report = preview.update({"content/editions/2031-varna/edition.yaml"})
        assert report.ok and "en/2030-iasi/index.html" not in report.written
        return report

    assert any(p.format().startswith(broken) for p in preview.full().problems)
    venue = fixture_site.write("content/pages/venue.en.md", "---\ntitle: Venue\n---\nThe hall.\n")
    report = preview.update({"content/pages/venue.en.md"})
    assert "en/venue/index.html" in report.written and "en/2030-iasi/index.html" not in report.written
    assert report.ok and not any("broken link" in p.message for p in report.problems), report.problems
    report = other_save(1)  # and so at the saves after
    assert report.ok and not any("broken link" in p.message for p in report.problems), report.problems
    venue.unlink()
    report = preview.update({"content/pages/venue.en.md"})
    assert "en/2030-iasi/index.html" not in report.written
    assert report.ok and any(p.format().startswith(broken) for p in report.problems), report.problems
    report = other_save(2)
    assert report.ok and any(p.format().startswith(broken) for p in report.problems), report.problems


def test_links_checked_again_at_a_save_find_files_however_spelled_and_keep_the_draft_warning(
        fixture_site: FixtureSite) -> None:
    """A link may spell a file's name with character references or percent escapes of its own;
    and a link to a draft edition stays a warning on a page checked again."""
    two_editions(fixture_site)
    fixture_site.edition("2032-ruse", dates="dates: {start: 2032-09-28, end: 2032-09-29}", draft="draft: true",
                         title="title: {en: Ruse 2032}")
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "Welcome.\n\n[Q&A](files/Q&A.pdf), [the programme](files/Programme%20(final).pdf), "
                       "[the café](files/caf%c3%a9.pdf), [Ruse](../2032-ruse/).\n")
    preview = preview_of(fixture_site)
    names = ("Q&A.pdf", "Programme (final).pdf", "café.pdf")

    def warnings(report_problems: Iterable[Any]) -> list[str]:
        return sorted({p.message.split(" (on ")[0] for p in report_problems if p.severity == "warning"})

    before = warnings(preview.full().problems)
    assert len([w for w in before if "broken link" in w]) == 3 and any("draft" in w for w in before), before
    folder = fixture_site.root / "content/editions/2030-iasi/files"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(b"%PDF-1.4\n" + b"0" * 100)
    report = preview.update({f"content/editions/2030-iasi/files/{name}" for name in names})
    assert report.ok and warnings(report.problems) == warnings(preview.full().problems) == \
        [w for w in before if "broken link" not in w], report.problems
