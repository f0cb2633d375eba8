"""A failure the generator did not foresee is still one clear message and exit 1, never a traceback.

The failures here are injected on purpose (a stage that raises), standing in for the bugs the fuzzers
in test_fuzz.py hunt for: what matters is what the editor sees when one gets through.
"""

from __future__ import annotations

import pathlib

import pytest
from conftest import FIXED_NOW, FixtureSite
from conftest import run_cli as run

from confsite import documents, load, pipeline
from confsite.serve import Preview


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


@pytest.mark.parametrize("stage", ["validate", "resolve", "render_site", "check_outputs"])
def test_a_failing_stage_is_one_problem_and_exit_1(fixture_site: FixtureSite, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str], stage: str) -> None:
    fixture_site.edition()
    monkeypatch.setattr(pipeline, stage, _boom)
    code, printed = run(["build", "--project", str(fixture_site.root)])
    assert code == 1
    assert "failed unexpectedly (RuntimeError: boom)" in printed and "hint: run the command again with --debug" \
        in printed
    assert "Traceback" not in printed
    assert not (fixture_site.root / "_site").exists()  # nothing written, the last good site untouched


def test_debug_shows_the_traceback(fixture_site: FixtureSite, monkeypatch: pytest.MonkeyPatch) -> None:
    fixture_site.edition()
    monkeypatch.setattr(pipeline, "resolve", _boom)
    code, printed = run(["check", "--debug", "--project", str(fixture_site.root)])
    assert code == 1
    assert "Traceback (most recent call last)" in printed and "RuntimeError: boom" in printed


@pytest.mark.parametrize(("path", "stage"), [("site.yaml", "load"), ("content/people/ana.yaml", "validate")])
def test_the_failure_names_the_file_being_read(fixture_site: FixtureSite, monkeypatch: pytest.MonkeyPatch,
                                               path: str, stage: str) -> None:
    """site.yaml is parsed as it is loaded, the other YAML files as they are validated."""
    fixture_site.edition()
    fixture_site.write("content/people/ana.yaml", "name: Ana\n")
    real = documents.parse_yaml

    def fails_on(text: str, at: str) -> object:
        if at == path:
            raise ValueError("odd value")
        return real(text, at)

    monkeypatch.setattr(documents, "parse_yaml", fails_on)
    monkeypatch.setattr(load, "parse_yaml", fails_on)
    code, printed = run(["check", "--project", str(fixture_site.root)])
    assert code == 1
    assert printed.startswith(f"{path}: the {stage} stage failed unexpectedly on this file (ValueError: odd value)")


def test_a_command_outside_the_pipeline_is_caught_too(fixture_site: FixtureSite,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from confsite import scaffold

    monkeypatch.setattr(scaffold, "new_person", _boom)
    code, printed = run(["new", "person", "Ana Popescu", "--project", str(fixture_site.root)])
    assert code == 1 and "the command 'new' failed unexpectedly (RuntimeError: boom)" in printed
    assert "Traceback" not in printed


def test_the_preview_shows_an_unexpected_failure_and_heals(fixture_site: FixtureSite, tmp_path: pathlib.Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    fixture_site.edition()
    preview = Preview(fixture_site.root, tmp_path / "out", "http://127.0.0.1:8000/", FIXED_NOW)
    assert preview.full().ok
    monkeypatch.setattr(Preview, "_write", _boom)
    report = preview.update(["content/editions/2030-iasi/edition.yaml"])
    assert not report.ok and "the preview's rebuild failed unexpectedly" in report.describe()
    page = (tmp_path / "out/en/2030-iasi/index.html").read_text()
    assert "build-problems" in page and "RuntimeError: boom" in page
    monkeypatch.undo()
    assert preview.update(["content/editions/2030-iasi/edition.yaml"]).ok
    assert "build-problems" not in (tmp_path / "out/en/2030-iasi/index.html").read_text()


def test_a_failure_while_validating_names_the_edition(fixture_site: FixtureSite,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from confsite import validate

    fixture_site.edition()
    monkeypatch.setattr(validate, "read_edition", _boom)
    code, printed = run(["check", "--project", str(fixture_site.root)])
    assert code == 1
    assert printed.startswith("content/editions/2030-iasi/edition.yaml: the validate stage failed unexpectedly "
                              "on this file (RuntimeError: boom)")
