"""Shared fixtures: the real site built once per session, and tiny fixture sites written inline."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import io
import os
import pathlib
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator

import pytest
from hypothesis import settings

from confsite import cli
from confsite.pipeline import Options, Result, build
from confsite.problems import Problem

ROOT = pathlib.Path(__file__).resolve().parent.parent
# A fixed "today" for the real site: 25 November 2026, after every edition.
FIXED_NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
FIXED_EPOCH = str(int(FIXED_NOW.timestamp()))
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(tool: str, why: str) -> None:
    """Skip on a laptop without `tool`, but fail under CI=true, where .ci/run must have installed it."""
    message = f"{tool} is not available: {why}"
    if IN_CI:
        pytest.fail(message + " (CI=true: .ci/run should have installed it)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The real content, built once for the whole session into a temporary folder."""
    output = tmp_path_factory.mktemp("real") / "site"
    result = build(Options(project=ROOT, output=output), FIXED_NOW)
    assert result.ok, "\n".join(p.format() for p in result.errors)
    return result


@pytest.fixture(scope="session")
def site_dir(real_site: Result) -> pathlib.Path:
    assert real_site.output_folder is not None
    return real_site.output_folder


@pytest.fixture(scope="session")
def page(site_dir: pathlib.Path) -> Callable[[str], str]:
    def read(path: str) -> str:
        target = site_dir / path
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return target.read_text(encoding="utf-8")
    return read


def copy_real_templates(root: pathlib.Path) -> None:
    """The real templates and catalogs, copied into the project folder `root`."""
    for name in ("templates", "locales"):
        shutil.copytree(ROOT / name, root / name)


# The projects of `templated_project`, by name: made once in this process, each at one path
_TEMPLATED: dict[str, pathlib.Path] = {}


@contextlib.contextmanager
def templated_project(name: str) -> Iterator[pathlib.Path]:
    """A project folder holding a copy of the real templates and catalogs and nothing else, to fill
    with content files; emptied of them again afterwards. It is the same folder at each use in this
    process: the engine keeps its compiled templates by their folder, so the examples of a property
    test share them, where a new copy each time compiled all the templates again (1.1 s of the 2.5 s
    an example of the incremental property took). Only content goes in: templates and catalogs
    written here would be seen by the next use."""
    root = _TEMPLATED.get(name)
    if root is None:
        folder = tempfile.mkdtemp(prefix=f"{name}-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        root = _TEMPLATED[name] = pathlib.Path(folder) / "project"
        copy_real_templates(root)
    try:
        yield root
    finally:
        for child in root.iterdir():
            if child.name not in ("templates", "locales"):
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()


MINIMAL_SITE = """\
title: {en: Test Conferences, ro: Conferințe de test}
base_url: https://example.org/conf/
languages: [en, ro]
series:
  - id: cmr
    name: Clusters meet Regions
navigation: [home, people]
"""


def edition_yaml(**overrides: str) -> str:
    """A valid edition.yaml; each override replaces one top-level block verbatim."""
    blocks = {
        "series": "series: cmr",
        "languages": "languages: [en]",
        "title": "title: {en: Test Edition}",
        "dates": "dates:\n  start: 2030-05-12\n  end: 2030-05-13",
        "timezone": "timezone: Europe/Bucharest",
        "format": "format: in-person",
        "venue": "venue:\n  city: Iași\n  country: RO",
    }
    blocks.update(overrides)
    return "\n".join(block for block in blocks.values() if block) + "\n"


class FixtureSite:
    """A tiny project written into a temporary folder, with the real templates and catalogs."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        copy_real_templates(root)
        self.write("site.yaml", MINIMAL_SITE)

    def write(self, path: str, text: str) -> pathlib.Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
        return target

    def edition(self, slug: str = "2030-iasi", **overrides: str) -> pathlib.Path:
        return self.write(f"content/editions/{slug}/edition.yaml", edition_yaml(**overrides))

    def build(self, now: dt.datetime = FIXED_NOW, **options: object) -> Result:
        return build(Options(project=self.root, output=self.root / "_site", **options), now)  # type: ignore[arg-type]

    def the_error(self, now: dt.datetime = FIXED_NOW) -> Problem:
        """The one error the content gives (a test of one mistake fails when it gives more)."""
        [error] = [p for p in self.build(now, write=False).problems if p.is_error]
        return error

    def messages(self, now: dt.datetime = FIXED_NOW) -> list[str]:
        """Every error as 'path:line:column: message', the way editors see it."""
        return [f"{p.where}: {p.message}" for p in self.build(now, write=False).problems if p.is_error]

    def warnings(self, now: dt.datetime = FIXED_NOW) -> list[str]:
        return [f"{p.where}: {p.message}" for p in self.build(now, write=False).problems if p.severity == "warning"]


def run_cli(arguments: list[str]) -> tuple[int, str]:
    """The command line in this process, as an editor calls it: its exit code and all it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(arguments)
        except SystemExit as stop:  # argparse's own usage errors (exit 2) and --help (exit 0)
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue() + err.getvalue()


@pytest.fixture
def fixture_site(tmp_path: pathlib.Path) -> FixtureSite:
    return FixtureSite(tmp_path / "project")


# Hypothesis: a short run by default, a bounded repeatable one in CI, a long one by hand
# (HYPOTHESIS_PROFILE=long). Local runs keep failing examples in .hypothesis/ and replay them first.
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True, print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))
