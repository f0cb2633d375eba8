"""No traceback, ever: generated broken inputs through every public entry point.

The seed is the editors' guide's own example site (every field an editor can write). Hypothesis
breaks it in three ways: whole YAML texts made of YAML's own syntax, values of the content model
replaced by values of the wrong type, size or alphabet, and raw edits of a file's characters. Every
entry point must then answer with problems and an exit code (0, 1 or 2), and never with an
unexpected failure: `unexpected` problems mean the generator, not the editor, is at fault.

Profiles (tests/conftest.py): `dev` by default, `ci` under CI=true (bounded and derandomised, so a
run is repeatable), `long` by hand: HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py
Failures found locally are kept in .hypothesis/ and replayed first on the next run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pathlib
import tempfile
from collections.abc import Iterator
from typing import Any

import yaml
from conftest import FIXED_NOW, ROOT, templated_project
from conftest import run_cli as run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_guide import examples

from confsite.documents import parse_yaml
from confsite.pipeline import Options, build
from confsite.serve import Preview

UNEXPECTED = "failed unexpectedly"
SLOW = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# -- the seed project ---------------------------------------------------------------------------------------

GUIDE = examples()
SEED_FILES = {
    "site.yaml": GUIDE["site.yaml"][0],
    "content/editions/2026-ruse/edition.yaml": GUIDE["edition.yaml"][0],
    "content/editions/2026-ruse/index.en.md": (ROOT / "docs/examples/2026-example/index.en.md").read_text("utf-8"),
    "content/people/ana-popescu.yaml": GUIDE["people/<id>.yaml"][0],
    "content/organisations/example-agency.yaml": GUIDE["organisations/<id>.yaml"][0],
    "content/pages/about.en.md": GUIDE["Site pages"][0],
}
YAML_FILES = [path for path in SEED_FILES if path.endswith(".yaml")]
TEXT_FILES = list(SEED_FILES)


@contextlib.contextmanager
def project(files: dict[str, str]) -> Iterator[pathlib.Path]:
    """A throwaway project: the real templates and catalogs, and these content files."""
    assert not any(path.startswith(("templates/", "locales/")) for path in files), "content only"
    with templated_project("fuzz") as root:
        for path, text in files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (root / "content/editions/2026-ruse/files").mkdir(parents=True, exist_ok=True)
        (root / "content/editions/2026-ruse/files/agenda.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
        yield root


def test_the_seed_builds_cleanly() -> None:
    """The fuzzers break a site that is valid to begin with, so every problem they see is theirs."""
    with project(SEED_FILES) as root:
        result = build(Options(project=root, write=False), FIXED_NOW)
    assert [p.format() for p in result.errors] == []


# -- strategies: families of broken input -------------------------------------------------------------------

# YAML's own syntax, and the characters editors' tools and attackers bring in.
YAML_PIECES = st.sampled_from([
    "key: value\n", "- item\n", "  ", "\t", ": ", "- ", "? ", "&a ", "*a ", "<<: *a\n", "!!python/object ", "!x ",
    "[", "]", "{", "}", ",", '"', "'", "|\n", ">\n", "#", "---\n", "...\n", "%YAML 1.1\n", "null", "~", "2026-02-30",
    "1e999", "0x1F", "yes", "\x00", "\x1b", "\u202e", "\u200b", "\ufeff", "\ufffe", "\r", "\r\n", "é", "ș", "Ж", "😀",
    "title:", "agenda:", "sessions:", "date:", "start:", "en:", "\n",
])
yaml_texts = st.one_of(
    st.text(max_size=300),
    st.lists(YAML_PIECES, max_size=40).map("".join),
)

# Values of the wrong type, size or alphabet, to put anywhere in the content model.
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(["", " ", "\n", "x" * 5000, "2026-02-30", "25:99", "../../etc/passwd", "/etc/passwd",
                     "files/../../site.yaml", "javascript:alert(1)", "<script>alert(1)</script>", "%(x)s",
                     "{{ 7*7 }}", "a\x00b", "a\rb", "a\u202eb", "\ufffe", "https://", "http://exa mple.org"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)


def _places(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a YAML document where a value sits, as a path of keys and indexes."""
    if at:
        yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _places(value, (*at, index))


def _replace(data: Any, at: tuple[Any, ...], value: Any) -> Any:
    if not at:
        return value
    head, rest = at[0], at[1:]
    if isinstance(data, dict):
        return {**data, head: _replace(data[head], rest, value)}
    copy = list(data)
    copy[head] = _replace(data[head], rest, value)
    return copy


@st.composite
def model_mutations(draw: st.DrawFn) -> dict[str, str]:
    """The seed with one to three values of its content model replaced (or removed)."""
    files = dict(SEED_FILES)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(YAML_FILES))
        data = yaml.safe_load(files[path])
        at = draw(st.sampled_from(list(_places(data))))
        if draw(st.booleans()) and isinstance(at[-1], str):  # drop the key: a missing field
            parent = data
            for step in at[:-1]:
                parent = parent[step]
            data = _replace(data, at[:-1], {k: v for k, v in parent.items() if k != at[-1]})
        else:
            data = _replace(data, at, draw(VALUES))
        files[path] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return files


@st.composite
def text_edits(draw: st.DrawFn) -> dict[str, str]:
    """The seed with characters inserted into or cut out of one file: syntax and encoding breakage."""
    files = dict(SEED_FILES)
    path = draw(st.sampled_from(TEXT_FILES))
    text = files[path]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.one_of(YAML_PIECES, st.text(max_size=8))) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
    files[path] = text
    return files


broken_projects = st.one_of(model_mutations(), text_edits(),
                            st.builds(lambda path, text: {**SEED_FILES, path: text},
                                      st.sampled_from(YAML_FILES), yaml_texts))


# -- properties ---------------------------------------------------------------------------------------------

@given(text=yaml_texts)
def test_the_yaml_loader_answers_every_text_with_values_or_problems(text: str) -> None:
    data, problems = parse_yaml(text, "content/x.yaml")
    assert data is not None or problems, "a text that gives no data must say why"
    for problem in problems:
        assert problem.where.path == "content/x.yaml" and problem.message and problem.hint


@SLOW
@given(files=broken_projects)
def test_check_and_build_answer_broken_content_with_problems(files: dict[str, str]) -> None:
    with project(files) as root:
        for command in (["check", "--project", str(root)],
                        ["build", "--project", str(root), "--output", str(root / "_site")]):
            code, printed = run(command)
            assert code in (0, 1, 2), printed
            assert UNEXPECTED not in printed and "Traceback" not in printed, printed
            if code == 1:
                assert ": " in printed and "hint:" in printed, printed


@SLOW
@given(files=broken_projects)
def test_the_preview_survives_any_save(files: dict[str, str]) -> None:
    with project(SEED_FILES) as root, tempfile.TemporaryDirectory() as out:
        preview = Preview(root, pathlib.Path(out), "http://127.0.0.1:8000/", FIXED_NOW)
        assert preview.full().ok
        changed = [path for path, text in files.items() if SEED_FILES.get(path) != text]
        for path in changed:
            (root / path).write_text(files[path], encoding="utf-8")
        report = preview.update(changed)
        assert not any(UNEXPECTED in p.message for p in report.problems), report.describe()
        for path in changed:  # and it heals once the file is put back
            (root / path).write_text(SEED_FILES[path], encoding="utf-8")
        assert preview.update(changed).ok


@SLOW
@given(files=broken_projects, name=st.text(max_size=60), year=st.integers(-5, 100_000),
       kind=st.sampled_from(["edition", "person", "page"]))
def test_new_answers_with_files_or_a_message(files: dict[str, str], name: str, year: int, kind: str) -> None:
    with project(files) as root:
        arguments = {"edition": ["new", "edition", str(year), name],
                     "person": ["new", "person", name],
                     "page": ["new", "page", name, "--title", name]}[kind]
        code, printed = run([*arguments, "--project", str(root)])
        assert code in (0, 1, 2), printed
        assert UNEXPECTED not in printed and "Traceback" not in printed, printed


@SLOW
@given(files=broken_projects, action=st.sampled_from(["report", "extract"]))
def test_i18n_answers_broken_content_with_problems(files: dict[str, str], action: str) -> None:
    with project(files) as root:
        code, printed = run(["i18n", action, "--project", str(root)])
        assert code in (0, 1, 2), printed
        assert UNEXPECTED not in printed and "Traceback" not in printed, printed
