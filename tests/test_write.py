"""Write stage: atomic swap, the last good site survives a failed build, guarded output folders."""

import pathlib

import pytest
from conftest import FixtureSite

from confsite.render import Output
from confsite.write import OutputFolderError, check_output_folder, write_outputs


def test_a_failed_build_leaves_the_last_good_site(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    assert fixture_site.build().ok
    good = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    fixture_site.edition(format="format: teleport")
    result = fixture_site.build()
    assert not result.ok
    assert (fixture_site.root / "_site/en/2030-iasi/index.html").read_text() == good
    assert not list(fixture_site.root.glob(".*staging*"))


def test_an_error_while_writing_keeps_the_old_site(tmp_path: pathlib.Path) -> None:
    output = tmp_path / "site"
    write_outputs([Output("index.html", (), b"old")], output)
    broken = [Output("index.html", (), b"new"), Output("x.bin", (), copy_from=tmp_path / "missing")]
    with pytest.raises(FileNotFoundError):
        write_outputs(broken, output)
    assert (output / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_stale_files_disappear_on_rebuild(tmp_path: pathlib.Path) -> None:
    output = tmp_path / "site"
    write_outputs([Output("a.html", (), b"a"), Output("b.html", (), b"b")], output)
    write_outputs([Output("a.html", (), b"a")], output)
    assert sorted(p.name for p in output.iterdir()) == [".confsite-build", "a.html"]


@pytest.mark.parametrize("folder", [".", "..", "content", "content/editions/out", "templates", "locales"])
def test_output_folders_that_would_destroy_sources_are_refused(tmp_path: pathlib.Path, folder: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    with pytest.raises(OutputFolderError):
        check_output_folder(project / folder, project)
    check_output_folder(project / "_site", project)


def test_a_file_or_a_foreign_folder_is_never_replaced(tmp_path: pathlib.Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "site.yaml").write_text("title: x\n")
    with pytest.raises(OutputFolderError, match="it is a file"):
        check_output_folder(project / "site.yaml", project)
    (project / ".venv").mkdir()
    (project / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    with pytest.raises(OutputFolderError, match="no earlier build"):
        check_output_folder(project / ".venv", project)
    write_outputs([Output("index.html", (), b"site")], project / "_site")
    check_output_folder(project / "_site", project)  # its own earlier build: fine
