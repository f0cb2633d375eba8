"""A property: after any sequence of edits to a fixture site's content, the live preview's
incremental result and a build from the cache both equal a full, uncached build, byte for byte.

This is what the inputs each output records are for: `serve` re-renders only the outputs whose
inputs changed, and the cache reuses the others; an input missing from a record would show here
as a stale page."""

from __future__ import annotations

import io
import pathlib

from conftest import FIXED_NOW, MINIMAL_SITE, edition_yaml, templated_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from confsite.pipeline import Options, Result, build
from confsite.recording import part_file
from confsite.serve import Preview

BASE_URL = "http://127.0.0.1:8000/"
AGENDA = ("agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: keynote\n        title: Opening keynote\n"
          "        start: \"09:30\"\n        end: \"10:30\"\n{extra}        talks:\n          - speakers:\n"
          "{speakers}{second}")
# a second session of the same day: a page that shows one session must follow its edits, and
# only its own (each session is recorded as a part of the file, `recording.Part`)
PANEL = ("      - kind: panel\n        title: {title}\n        start: \"11:00\"\n        end: \"12:00\"\n"
         "        talks:\n          - speakers:\n              - {{person: {person}}}\n")


def jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(data, "JPEG", quality=80)
    return data.getvalue()


VARIANTS: dict[str, tuple[str | bytes | None, ...]] = {
    "content/people/ana-popescu.yaml": (
        "name: Ana Popescu\n",
        "name: Ana Popescu-Ionescu\nrole: {en: Director, ro: Directoare}\norganisation: eccp\n",
        "name: Ana Popescu\npage: false\n",
        "# saved again with a comment: the same person (the preview renders nothing)\nname: Ana Popescu\n"),
    "content/people/ion-rusu.yaml": ("name: Ion Rusu\n", "name: Ion Rusu\norganisation: adr-nord\n",
                                     "name: {en: Ion Rusu, ro: Ion Rusu (RO)}\n"),
    "content/organisations/eccp.yaml": ("name: {en: ECCP}\n",
                                        "name: {en: European Cluster Collaboration Platform}\ncountry: BE\n"),
    "content/organisations/adr-nord.yaml": ("name: ADR Nord\n", "name: {en: ADR North, ro: ADR Nord}\ncountry: RO\n"),
    "content/editions/2030-iasi/edition.yaml": (
        edition_yaml(agenda=AGENDA.format(extra="", speakers="              - {person: ana-popescu}\n",
                                          second=PANEL.format(title="Regions", person="ion-rusu"))),
        edition_yaml(agenda=AGENDA.format(extra="        chairs: [ion-rusu]\n",
                                          speakers="              - {person: ana-popescu, organisation: adr-nord}\n",
                                          second=PANEL.format(title="Regions", person="ion-rusu")),
                     theme="theme: {en: Clusters and regions}",
                     organisations="organisations:\n  - {id: eccp, role: organiser}"),
        edition_yaml(title="title: {en: Iași 2030, ro: Iași 2030}", languages="languages: [en, ro]",
                     downloads="downloads:\n  - {title: {en: Report}, kind: report, file: files/report.pdf}"),
        edition_yaml(agenda=AGENDA.format(extra="", speakers="              - {person: ion-rusu}\n", second=""),
                     former_slugs="former_slugs: [2030-jassy]"),
        # only the second session changes: its title, then its speaker
        edition_yaml(agenda=AGENDA.format(extra="", speakers="              - {person: ana-popescu}\n",
                                          second=PANEL.format(title="Regions that grow", person="ion-rusu"))),
        edition_yaml(agenda=AGENDA.format(extra="", speakers="              - {person: ana-popescu}\n",
                                          second=PANEL.format(title="Regions", person="ana-popescu"))),
        # the first again, saved with a comment at its end (nothing changes), or at its top (every
        # value moves one line down)
        edition_yaml(agenda=AGENDA.format(extra="", speakers="              - {person: ana-popescu}\n",
                                          second=PANEL.format(title="Regions", person="ion-rusu")))
        + "# the programme is final\n",
        "# the programme is final\n"
        + edition_yaml(agenda=AGENDA.format(extra="", speakers="              - {person: ana-popescu}\n",
                                            second=PANEL.format(title="Regions", person="ion-rusu"))),
        # the second cancelled, and a third after it: the first's "after" link passes over it
        edition_yaml(agenda=AGENDA.format(
            extra="", speakers="              - {person: ana-popescu}\n",
            second=PANEL.format(title="Regions", person="ion-rusu").replace("        talks:", "        cancelled: yes\n"
                                                                            "        talks:")
            + '      - {kind: closing, title: Closing, start: "12:00"}\n'))),
    "content/editions/2031-varna/edition.yaml": (
        edition_yaml(dates="dates: {start: 2031-09-28, end: 2031-09-29}", title="title: {en: Varna 2031}"),
        edition_yaml(dates="dates: {start: 2031-03-01, end: 2031-03-01}", title="title: {en: Varna in spring}",
                     organisations="organisations:\n  - {id: adr-nord, role: host}"),
        edition_yaml(dates="dates: {start: 2031-09-28, end: 2031-09-29}", title="title: {en: Varna on the sea}",
                     format="format: online", venue="")),
    "content/editions/2030-iasi/index.en.md": ("Welcome to Iași.\n",
                                               "## Programme\n\nSee [the report](files/report.pdf).\n",
                                               "Welcome to Iași.\n\n"),
    # None: the file is deleted (or not there yet): a text appears, a person who is named nowhere else
    "content/editions/2030-iasi/index.ro.md": (None, "Bun venit la Iași.\n"),
    "content/people/maria-ionescu.yaml": (None, "name: Maria Ionescu\norganisation: eccp\n"),
    # a photo beside a person's file: it appears, changes (its size shows in the page), goes
    "content/people/ana-popescu.jpg": (None, jpeg(300, 300, (20, 40, 220)), jpeg(400, 320, (200, 40, 20))),
    "content/editions/2030-iasi/files/report.pdf": ("%PDF-1.4 short\n", "%PDF-1.4 a longer report\n" * 80),
    "site.yaml": (MINIMAL_SITE, MINIMAL_SITE.replace("name: Clusters meet Regions",
                                                     "name: Clusters meet Regions\n    description: {en: Workshops}")),
    "content/pages/about.en.md": ("---\ntitle: About\n---\nAbout us.\n", "---\ntitle: About these sites\n---\nMore.\n"),
    "content/pages/contact.en.md": (None, "---\ntitle: Contact\n---\nWrite to us.\n",
                                    "---\ntitle: Write to us\n---\nBy post.\n"),
}
FILES = sorted(VARIANTS)


def write(root: pathlib.Path, path: str, text: str | bytes | None) -> None:
    target = root / path
    if text is None:
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")


def full_build(root: pathlib.Path, cache: bool, publishing: bool = True) -> Result:
    return build(Options(project=root, output=root / "unused", base_url=BASE_URL, include_drafts=True,
                         write=False, search=False, cache=cache, jobs=1, publishing=publishing), FIXED_NOW)


def contents(result: Result) -> dict[str, bytes]:
    assert result.ok, [p.format() for p in result.errors]
    return {o.path: o.data if o.data is not None else o.copy_from.read_bytes()  # type: ignore[union-attr]
            for o in result.outputs}


def tree(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile's (conftest)
@given(st.lists(st.tuples(st.sampled_from(FILES), st.integers(0, 8)), min_size=1, max_size=4))
def test_incremental_and_cached_builds_equal_a_full_build(edits: list[tuple[str, int]]) -> None:
    with templated_project("incremental") as root:
        for path in FILES:
            write(root, path, VARIANTS[path][0])
        preview = Preview(root, root / "preview", BASE_URL, FIXED_NOW)
        assert preview.full().ok
        full_build(root, cache=True)  # fills the cache
        for path, choice in edits:
            write(root, path, VARIANTS[path][choice % len(VARIANTS[path])])
            assert preview.update({path}).ok
            # it keeps the digests of the parts the pages it shows read, no others: none piles up save
            # after save (the other facts it compares with the last site's)
            assert preview.digests.keys() == {part_file(name) for name in set().union(*preview.facts.values())} - {None}
            assert all(part_file(name) == file for file, parts in preview.digests.items() for name in parts)
            assert {name for parts in preview.digests.values() for name in parts} == {
                name for name in set().union(*preview.facts.values()) if part_file(name) is not None}
            cached = contents(full_build(root, cache=True))
        expected = contents(full_build(root, cache=False))
        assert cached == expected
        shown = tree(root / "preview")
        previewed = contents(full_build(root, cache=False, publishing=False))  # the preview publishes no extras
        assert shown.keys() == previewed.keys()
        assert [path for path in previewed if shown[path] != previewed[path]] == []
