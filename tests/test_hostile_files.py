"""Paths: nothing is read from outside the project, nothing but an ordinary file is opened, and no
text file is read past its size limit. Each refusal is an error at the path, with a hint."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest
from checking import FILE, ORGANISATION, PAGE, PERSON, TEXT, E, check_in_a_process, complete_site, errors, only_error
from conftest import ROOT, FixtureSite

CATALOG = "locales/ro/LC_MESSAGES/messages.po"
# every kind of path the build reads: files, then whole folders
FILES = ["site.yaml", E, TEXT, FILE, PERSON, ORGANISATION, PAGE, "templates/base.html", CATALOG]
FOLDERS = ["content", "content/editions/2030-iasi", "content/editions/2030-iasi/files", "content/people",
           "content/organisations", "content/pages", "templates/partials"]


@pytest.fixture
def site(fixture_site: FixtureSite) -> FixtureSite:
    return complete_site(fixture_site)


def _move_out(site: FixtureSite, path: str, outside: pathlib.Path) -> pathlib.Path:
    """Move `path` out of the project and leave a link to it: its content stays valid."""
    target = outside / path.replace("/", "_")
    outside.mkdir(exist_ok=True)
    shutil.move(site.root / path, target)
    (site.root / path).symlink_to(target)
    return target


@pytest.mark.parametrize("path", FILES + FOLDERS)
def test_a_link_out_of_the_project_is_an_error_at_the_link(site: FixtureSite, path: str,
                                                           tmp_path: pathlib.Path) -> None:
    (site.root / "templates/partials").mkdir(exist_ok=True)
    target = _move_out(site, path, tmp_path / "outside")
    found = [p for p in errors(site.root) if "outside the project" in str(p["message"])]
    assert [(p["path"], p["line"]) for p in found] == [(path, 0)]  # about the whole file or folder
    assert str(target) in str(found[0]["message"]) and found[0]["hint"]


def test_a_link_to_etc_passwd_is_refused(site: FixtureSite) -> None:
    (site.root / PAGE).unlink()
    (site.root / PAGE).symlink_to("/etc/passwd")
    assert only_error(site.root)["path"] == PAGE


@pytest.mark.parametrize("path", [PAGE, FILE, PERSON])
def test_a_link_inside_the_project_is_allowed(site: FixtureSite, path: str) -> None:
    shared = site.root / "shared" / pathlib.Path(path).name
    shared.parent.mkdir()
    shutil.move(site.root / path, shared)
    (site.root / path).symlink_to(shared)
    assert errors(site.root) == []


@pytest.mark.parametrize("target", [".git/config", ".cache/secret.pdf", ".venv"])
@pytest.mark.parametrize("path", [FILE, PAGE, "content/editions/2030-iasi/files/notes.txt"])
def test_a_link_into_a_hidden_part_of_the_project_is_an_error(site: FixtureSite, path: str, target: str) -> None:
    """.git/config holds the token a CI checkout fetched with: a link to it in files/ would publish it."""
    hidden = site.root / target
    hidden.parent.mkdir(parents=True, exist_ok=True)
    if target == ".venv":
        hidden.mkdir()
        (hidden / "config").write_text("[core]\n")
    else:
        hidden.write_text("[http]\n\textraheader = AUTHORIZATION: basic SECRET\n")
    if (site.root / path).exists():
        (site.root / path).unlink()
    (site.root / path).symlink_to(hidden)
    found = [p for p in errors(site.root) if "hidden part of the project" in str(p["message"])]
    assert [p["path"] for p in found] == [path] and target.split("/")[0] in str(found[0]["message"])


def test_a_link_that_leads_nowhere_is_an_error(site: FixtureSite) -> None:
    (site.root / PERSON).unlink()
    (site.root / PERSON).symlink_to(site.root / "gone.yaml")
    found = [p for p in errors(site.root) if p["path"] == PERSON]
    assert [p["message"] for p in found] == ["this cannot be read (a link that leads nowhere, or no permission)"]


@pytest.mark.parametrize("path", FILES)
def test_a_named_pipe_is_an_error_and_never_opened(site: FixtureSite, path: str) -> None:
    (site.root / path).unlink()
    os.mkfifo(site.root / path)
    result = check_in_a_process(site.root)  # opening a pipe would wait for a writer forever
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f'"path": "{path}"' in result.stdout and "a named pipe, not an ordinary file" in result.stdout


@pytest.mark.parametrize("path", ["site.yaml", E, TEXT, PERSON, ORGANISATION, PAGE])
def test_a_folder_where_a_file_is_expected_is_an_error(site: FixtureSite, path: str) -> None:
    (site.root / path).unlink()
    (site.root / path).mkdir()
    found = [p for p in errors(site.root) if p["path"] == path]
    assert [p["message"] for p in found] == ["this is a folder, where a file is expected"]
    assert found[0]["hint"]


@pytest.mark.parametrize("path", [E, TEXT, PERSON, ORGANISATION, PAGE, CATALOG, "templates/base.html"])
def test_text_files_over_the_configured_limit_are_refused(site: FixtureSite, path: str) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "max_text_file_kb: 30\n")
    with (site.root / path).open("a", encoding="utf-8") as stream:
        stream.write("\n# " + "x" * 40_000 + "\n")
    found = [p for p in errors(site.root) if p["path"] == path]
    assert len(found) == 1 and "over the limit of 30,000 bytes" in str(found[0]["message"])
    assert "max_text_file_kb" in str(found[0]["hint"])


def test_the_default_limit_is_one_megabyte(site: FixtureSite) -> None:
    site.write(TEXT, "Words. " * 150_000)  # 1.05 MB of Markdown
    error = only_error(site.root)
    assert error["path"] == TEXT and "over the limit of 1,000,000 bytes" in str(error["message"])


def test_the_limit_itself_must_be_a_positive_number(site: FixtureSite) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + "max_text_file_kb: 0\n")
    error = only_error(site.root)
    assert (error["path"], error["line"]) == ("site.yaml", 8)
    assert "expected a number above 0" in str(error["message"])


@pytest.mark.parametrize("broken", ["link out", "alias bomb", "pipe"])
def test_new_reads_site_yaml_with_the_same_refusals(site: FixtureSite, broken: str, tmp_path: pathlib.Path) -> None:
    from test_yaml_hardening import BOMB

    site_yaml = site.root / "site.yaml"
    if broken == "link out":
        _move_out(site, "site.yaml", tmp_path / "outside")
    elif broken == "alias bomb":
        site_yaml.write_text(BOMB)
    else:
        site_yaml.unlink()
        os.mkfifo(site_yaml)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "new", "person", "Ion Pop", "--project",
                             str(site.root)], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: site.yaml") and "hint:" in result.stderr
    assert not (site.root / "content/people/ion-pop.yaml").exists()


@pytest.mark.parametrize(("name", "shown"), [("b\u202egpj.exe", "b\\u202egpj.exe"), ("c\nd.pdf", "c\\nd.pdf"),
                                             ("e\u200bf.pdf", "e\\u200bf.pdf"), ("g\x07.pdf", "g\\x07.pdf")])
def test_a_download_whose_name_hides_characters_is_refused(site: FixtureSite, name: str, shown: str) -> None:
    (site.root / "content/editions/2030-iasi/files" / name).write_bytes(b"x")
    problem = only_error(site.root)
    assert problem["path"] == "content/editions/2030-iasi/files"
    assert str(problem["message"]).startswith(f"the file name '{shown}' holds ") and problem["hint"]


@pytest.mark.parametrize(("name", "shown"), [("b\u202egpj.exe", "b\\u202egpj.exe"), ("c\nd", "c\\nd"),
                                             ("e\u200bf", "e\\u200bf")])
def test_a_folder_in_files_whose_name_hides_characters_is_refused(site: FixtureSite, name: str, shown: str) -> None:
    """A folder's name is part of the address of each file in it: it was published as it was."""
    folder = site.root / "content/editions/2030-iasi/files" / name
    folder.mkdir()
    (folder / "slides.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    problem = only_error(site.root)
    assert problem["path"] == "content/editions/2030-iasi/files"
    assert str(problem["message"]).startswith(f"the folder name '{shown}' holds ") and problem["hint"]


@pytest.mark.parametrize("kind", ["page", "edition", "person"])
def test_a_name_ending_in_a_line_break_is_no_id(site: FixtureSite, kind: str) -> None:
    """`$` matched before a line break at the end of a name: a page file 'about\\n.en.md', an edition
    folder '2030-iasi\\n' or a person 'ana-popescu\\n.yaml' passed for the id it looks like, and the
    page or edition was published again at an address holding the line break."""
    if kind == "page":
        shutil.copy(site.root / PAGE, site.root / "content/pages/about\n.en.md")
        path = "content/pages/about\n.en.md"
    elif kind == "edition":
        shutil.copytree(site.root / "content/editions/2030-iasi", site.root / "content/editions/2030-iasi\n")
        path = "content/editions/2030-iasi\n/edition.yaml"
    else:
        shutil.copy(site.root / PERSON, site.root / "content/people/ana-popescu\n.yaml")
        path = "content/people/ana-popescu\n.yaml"
    found = [p for p in errors(site.root) if p["path"] == path]
    assert len(found) == 1 and "\\n" in str(found[0]["message"]) and found[0]["hint"], found
