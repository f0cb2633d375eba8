"""The golden site: a small project (tests/golden/site/) whose whole built output is kept in the
repository (tests/golden/expected/) and compared file by file, byte by byte, with a fresh build.

It holds two editions of one series (one past and untimed, one upcoming with times, side-by-side
rooms, a download, a former address, texts missing in a language), people (one with a photo), an
organisation with a logo and a site page, in three interface languages: every page kind and export
but the printed programme, whose PDF bytes depend on the system's Pango (tests/test_programme.py
covers it), and the search index. Any change to what the site looks like therefore shows up in a
review as a change to these files.

When a change to the output is intended, write the expected files again and commit them with it:

    .venv/bin/python tests/test_golden.py

The build leaves out the Pagefind index (Pagefind's own output, made by its program) and uses the
suite's fixed clock, so the expected files do not move with the date. The pictures are made by the
Pillow of requirements.lock: another version may encode them otherwise. One value is set aside: the
offline worker's cache version, a hash of the engine's own source among other things (any change
to the engine is a new version for visitors' browsers, see confsite/outputs/offline.py), which
would otherwise change with every commit to the engine; tests/test_offline.py checks it.
"""

from __future__ import annotations

import difflib
import pathlib
import re
import shutil
import sys
import tempfile

import pytest
from conftest import FIXED_NOW, copy_real_templates

from confsite.pipeline import Options, build
from confsite.problems import Problem

GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"
SITE, EXPECTED = GOLDEN / "site", GOLDEN / "expected"
UPDATE = "python tests/test_golden.py"
WORKER_VERSION = re.compile(rb'^(var CACHE = PREFIX \+ ")[0-9a-f]+(";)$', re.M)
TEXT = (".html", ".css", ".js", ".json", ".xml", ".ics", ".txt", ".svg", ".webmanifest", ".md")


def build_golden(output: pathlib.Path) -> list[Problem]:
    """Build the golden site into `output` (which must not exist yet); the problems it found."""
    with tempfile.TemporaryDirectory() as temp:
        project = pathlib.Path(temp) / "project"
        shutil.copytree(SITE, project)
        copy_real_templates(project)
        result = build(Options(project=project, output=output, search=False), FIXED_NOW)
    if result.ok:
        worker = output / "sw.js"
        text, found = WORKER_VERSION.subn(rb"\1(the engine's and the content's version)\2", worker.read_bytes())
        assert found == 1, "the offline worker no longer says its version where the golden test looks for it"
        worker.write_bytes(text)
    return result.problems


def files(folder: pathlib.Path) -> dict[str, pathlib.Path]:
    return {path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file()}


def differences(expected: pathlib.Path, built: pathlib.Path, shown: int = 3) -> list[str]:
    """What differs between two folders: files only in one, and a diff of the first `shown` text
    files whose bytes differ (every other differing file by name)."""
    old, new = files(expected), files(built)
    found = sorted([f"missing from the build: {name}" for name in old.keys() - new.keys()]
                   + [f"new in the build: {name}" for name in new.keys() - old.keys()])
    changed = [name for name in sorted(old.keys() & new.keys()) if old[name].read_bytes() != new[name].read_bytes()]
    for name in changed:
        if shown == 0 or not name.endswith(TEXT):
            found.append(f"changed: {name}")
            continue
        shown -= 1
        before, after = old[name].read_text("utf-8").splitlines(), new[name].read_text("utf-8").splitlines()
        diff = difflib.unified_diff(before, after, f"expected/{name}", f"built/{name}", lineterm="", n=1)
        found.append("\n".join(list(diff)[:60]))
    return found


def test_the_golden_site_builds_exactly_the_expected_files(tmp_path: pathlib.Path) -> None:
    assert [p.format() for p in build_golden(tmp_path / "built") if p.is_error] == []
    found = differences(EXPECTED, tmp_path / "built")
    assert not found, (f"the golden site's output changed; if that is intended, run `{UPDATE}` and commit "
                       "tests/golden/expected/ with the change\n" + "\n".join(found))


def test_the_golden_site_holds_every_kind_of_output() -> None:
    """The expected files are not an empty or partial folder: each kind of page and export is there."""
    names = files(EXPECTED).keys()
    for name in ("index.html", "404.html", "robots.txt", "sitemap.xml", "assets/style.css",
                 "en/index.html", "bg/index.html", "en/series/danube-forum/index.html",
                 "en/2030-varna/index.html", "ro/2030-varna/agenda/index.html",
                 "en/2030-varna/sessions/2030-06-04-1130-room-a/index.html",
                 "en/people/mira-ivanova/index.html", "en/organisations/port-agency/index.html",
                 "en/about/index.html", "files/2030-varna/glance.pdf", "en/2030-constanta/index.html"):
        assert name in names, name
    assert any(name.startswith("images/") and name.endswith(".webp") for name in names)  # the photo
    for suffix in (".ics", ".xml", ".json", ".png", ".svg"):
        assert any(name.endswith(suffix) and "/" in name for name in names), suffix


def test_a_changed_page_is_shown_as_a_diff(tmp_path: pathlib.Path) -> None:
    """The comparison itself: a change of one word in one page is reported with its line."""
    shutil.copytree(EXPECTED, tmp_path / "built")
    page = tmp_path / "built/en/about/index.html"
    page.write_text(page.read_text("utf-8").replace("made-up", "invented"), "utf-8")
    (tmp_path / "built/extra.txt").write_text("x", "utf-8")
    found = differences(EXPECTED, tmp_path / "built")
    assert found[0] == "new in the build: extra.txt"
    assert "expected/en/about/index.html" in found[1] and "+" in found[1] and "invented" in found[1]


def test_writing_the_expected_files_again_keeps_them_when_the_site_has_an_error(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SITE, tmp_path / "site")
    (tmp_path / "site/site.yaml").write_text("title: [\n", "utf-8")
    (tmp_path / "expected").mkdir()
    (tmp_path / "expected/index.html").write_text("kept", "utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SITE", tmp_path / "site")
    monkeypatch.setattr(sys.modules[__name__], "EXPECTED", tmp_path / "expected")
    assert update() == 1
    assert (tmp_path / "expected/index.html").read_text("utf-8") == "kept"


def update() -> int:
    """Write tests/golden/expected/ again from a build of the golden site; left as it was when the
    build finds an error."""
    with tempfile.TemporaryDirectory() as temp:
        built = pathlib.Path(temp) / "built"
        problems = build_golden(built)
        for problem in problems:
            print(problem.format())
        if any(problem.is_error for problem in problems):
            print(f"the golden site has errors: {EXPECTED} is left as it was")
            return 1
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(built, EXPECTED)
    print(f"wrote {len(files(EXPECTED))} files into {EXPECTED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(update())
