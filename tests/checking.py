"""Running `build.py check` in-process on a fixture site, and a complete small site to break.

Each hostile-input test writes one broken thing into `complete_site` and reads the problems
the real entry point prints with --format json: exit code, file, line and hint.
"""

from __future__ import annotations

import contextlib
import io
import json
import pathlib
import subprocess
import sys

from conftest import ROOT, FixtureSite

from confsite.cli import main

E = "content/editions/2030-iasi/edition.yaml"


def check(root: pathlib.Path, *options: str) -> tuple[int, list[dict[str, object]], str]:
    """(exit code, every problem as the JSON format gives it, stderr) of `build.py check`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--format", "json", "--project", str(root), *options])
    printed = out.getvalue()
    return code, json.loads(printed) if printed.startswith("[") else [], err.getvalue()


def check_in_a_process(root: pathlib.Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The same through a real process: for inputs that could hang one (a guard, not a timing)."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--format", "json",
                           "--project", str(root), *options], capture_output=True, text=True,
                          timeout=120, check=False, env={"SOURCE_DATE_EPOCH": "1900000000", "PATH": ""})


def errors(root: pathlib.Path, *options: str) -> list[dict[str, object]]:
    code, problems, stderr = check(root, *options)
    assert "Traceback" not in stderr
    found = [p for p in problems if p["severity"] == "error"]
    assert (code == 1) == bool(found), (code, problems, stderr)
    return found


def only_error(root: pathlib.Path) -> dict[str, object]:
    """The one error a broken input gives, with a hint (every message must have one)."""
    found = errors(root)
    assert len(found) == 1, found
    assert found[0]["hint"], found[0]
    return found[0]


PERSON = "content/people/ana-popescu.yaml"
ORGANISATION = "content/organisations/acme.yaml"
PAGE = "content/pages/about.en.md"
TEXT = "content/editions/2030-iasi/index.en.md"
FILE = "content/editions/2030-iasi/files/agenda.pdf"

AGENDA = """\
agenda:
  - date: 2030-05-12
    sessions:
      - kind: panel
        title: Clusters and regions
        start: "10:00"
        end: "11:00"
        moderators: [ana-popescu]
        description: One long text.
        talks:
          - speakers: [ana-popescu]"""


def complete_site(site: FixtureSite) -> FixtureSite:
    """A small site that checks clean and has one of every kind of content file."""
    site.edition(organisations="organisations:\n  - id: acme\n    role: organiser",
                 downloads="downloads:\n  - title: Agenda\n    file: files/agenda.pdf", agenda=AGENDA)
    site.write(TEXT, "The edition, in a few words.\n")
    site.write(FILE, "%PDF-1.4\n")
    site.write(PERSON, "name: Ana Popescu\norganisation: acme\n")
    site.write(ORGANISATION, "name: ACME\n")
    site.write(PAGE, "---\ntitle: About\n---\nAbout us.\n")
    site.write(PAGE.replace(".en.", ".ro."), "---\ntitle: Despre\n---\nDespre noi.\n")
    return site
