"""Write stage: atomic swap, the last good site survives a failed build, guarded output folders
(site.yaml's `output` kept inside the project)."""

import errno
import os
import pathlib
import subprocess
import sys

import pytest
from checking import check
from conftest import FIXED_NOW, MINIMAL_SITE, ROOT, FixtureSite, run_cli

from confsite.pipeline import Options, Result, build
from confsite.render import Output
from confsite.write import (
    MARKER,
    OutputFolderError,
    OutputWriteError,
    check_output_folder,
    output_lock,
    staging_folder,
    swap_in,
    write_outputs,
)


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


@pytest.mark.parametrize(("folder", "reason"), [(".", "the project"), ("..", "the folder that holds the project"),
                                               ("content", "content/ is a source folder"),
                                               ("content/editions/out", "content/ is a source folder"),
                                               ("templates", "templates/"), ("locales", "locales/")])
def test_output_folders_that_would_destroy_sources_are_refused(tmp_path: pathlib.Path, folder: str,
                                                               reason: str) -> None:
    project = tmp_path / "project"
    project.mkdir()
    with pytest.raises(OutputFolderError, match=reason):
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


def built_as_site_yaml_says(site: FixtureSite, output: str) -> Result:
    """A build without --output, into the folder site.yaml's `output` names (as CI builds a pull request)."""
    site.write("site.yaml", MINIMAL_SITE + f"output: {output}\n")
    return build(Options(project=site.root, search=False), FIXED_NOW)


OUTPUT_LINE = MINIMAL_SITE.count("\n") + 1  # where built_as_site_yaml_says writes `output`


@pytest.mark.parametrize("output", ["../escaped", "../../escaped", "{tmp}/escaped", "'C:\\\\site'", "..",
                                    "site/../../escaped", ".", "./", ".git/site", ".cache", "public/.hidden",
                                    "content", "content/site", "templates/x", "Locales", "./docs/site"])
def test_an_output_folder_out_of_the_project_in_site_yaml_is_a_content_problem(
        fixture_site: FixtureSite, output: str) -> None:
    fixture_site.edition()
    result = built_as_site_yaml_says(fixture_site, output.format(tmp=fixture_site.root.parent))
    [problem] = result.errors
    assert (problem.where.path, problem.where.line) == ("site.yaml", OUTPUT_LINE)
    assert problem.message.startswith("'output': ") and "output: _site" in problem.hint
    assert result.written == 0
    assert not [up for up in fixture_site.root.parents[:2] if (up / "escaped").exists()]
    assert not list(fixture_site.root.rglob(".confsite-build"))  # nothing written anywhere in the project


def test_a_default_output_folder_holding_other_files_is_named_with_what_to_do(fixture_site: FixtureSite) -> None:
    """Without 'output:' in site.yaml there is no line to change: the hint is about the folder."""
    fixture_site.edition()
    fixture_site.write("site.yaml", MINIMAL_SITE)
    (fixture_site.root / "_site").mkdir(exist_ok=True)
    (fixture_site.root / "_site" / "notes.txt").write_text("not a site\n")
    result = build(Options(project=fixture_site.root, search=False), FIXED_NOW)
    [problem] = result.errors
    assert problem.where.path == "site.yaml" and "'_site', the default output folder" in problem.message
    assert problem.hint.startswith("move or empty the folder _site/")
    assert (fixture_site.root / "_site" / "notes.txt").read_text() == "not a site\n"


def test_an_output_folder_through_a_link_out_of_the_project_is_refused(fixture_site: FixtureSite,
                                                                      tmp_path: pathlib.Path) -> None:
    fixture_site.edition()
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "site").mkdir(parents=True)
    (elsewhere / "site" / MARKER).write_text("")  # even a build of the site, once it is outside
    (elsewhere / "site" / "keep.txt").write_text("not the project's")
    (fixture_site.root / "public").symlink_to(elsewhere)
    (fixture_site.root / "hidden").symlink_to(fixture_site.root / ".cache", target_is_directory=True)
    for output, reason in (("public/site", "leads out of the project"), ("public", "leads out of the project"),
                           ("hidden/site", "hidden folder"), ("site.yaml", "it is a file")):
        result = built_as_site_yaml_says(fixture_site, output)
        [problem] = result.errors
        assert (problem.where.path, problem.where.line) == ("site.yaml", OUTPUT_LINE), output
        assert reason in problem.message and problem.hint, output
    assert sorted(p.name for p in (elsewhere / "site").iterdir()) == [MARKER, "keep.txt"]
    assert not (fixture_site.root / ".cache/site").exists()
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith((".site", ".public"))]  # no staging made there
    assert check(fixture_site.root)[0] == 1  # `check` says so too
    assert built_as_site_yaml_says(fixture_site, "public-site/2030").ok  # a folder of the project is fine
    assert (fixture_site.root / "public-site/2030/en/2030-iasi/index.html").is_file()


def test_the_output_option_may_name_a_folder_anywhere(fixture_site: FixtureSite, tmp_path: pathlib.Path) -> None:
    fixture_site.edition()
    code, printed = run_cli(["build", "--project", str(fixture_site.root), "--output", str(tmp_path / "served"),
                             "--no-search"])
    assert code == 0, printed
    assert (tmp_path / "served/en/2030-iasi/index.html").is_file()
    with pytest.raises(OutputFolderError, match="source folder"):  # the operator's, checked as before
        check_output_folder(fixture_site.root / "content", fixture_site.root)


def test_a_second_build_into_the_same_folder_at_once_is_refused(fixture_site: FixtureSite,
                                                                tmp_path: pathlib.Path) -> None:
    """Two builds at once into one folder removed each other's staging folder: both said they had
    built the site, and the folder held a part of one (or nothing but the search index)."""
    fixture_site.edition()
    out = tmp_path / "served"
    command = ["build", "--project", str(fixture_site.root), "--output", str(out), "--no-search"]
    with output_lock(out):  # as another build holds it while it writes
        code, printed = run_cli(command)
    assert code == 2 and f"another build is writing the site into {out} now" in printed
    assert not out.exists() and not (tmp_path / ".served.staging").exists()
    code, printed = run_cli(command)
    assert code == 0 and (out / "en/2030-iasi/index.html").is_file(), printed


def test_a_link_where_the_lock_file_goes_is_refused_and_creates_nothing(fixture_site: FixtureSite,
                                                                        tmp_path: pathlib.Path) -> None:
    """A committed link `._site.lock` made the build create the file it named, outside the project
    (`/etc/nologin` for a build run as root): it is refused, and nothing is made where it points."""
    fixture_site.edition()
    outside = tmp_path / "created-outside"
    (fixture_site.root / "._site.lock").symlink_to(outside)
    code, printed = run_cli(["build", "--project", str(fixture_site.root), "--no-search"])
    assert code == 2 and "._site.lock beside it is a link, where the build keeps its lock file" in printed, printed
    assert not outside.exists() and not (fixture_site.root / "_site").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a file-size limit as Linux sets it (prlimit)")
def test_a_file_size_limit_is_said_in_words(fixture_site: FixtureSite, tmp_path: pathlib.Path) -> None:
    """Under a file-size limit (`ulimit -f`, `prlimit --fsize`) the build said it "failed
    unexpectedly": it is the operator's to mend (exit 2), in words, and the last site stays."""
    import resource

    fixture_site.edition()
    output = tmp_path / "site"
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--project", str(fixture_site.root),
                           "--output", str(output), "--no-search"], capture_output=True, text=True, timeout=300,
                          check=False, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000)))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the file would be larger than this computer allows (a file-size limit)" in done.stderr
    assert "unexpectedly" not in done.stderr and not output.exists()


def test_a_disk_that_will_not_take_the_site_is_the_operators_to_mend(fixture_site: FixtureSite,
                                                                     tmp_path: pathlib.Path) -> None:
    """A read-only or full disk, or a file in the way, was reported as a fault of the engine ("please
    report it", exit 1), without the folder; it is a usage error (exit 2) that says where and why."""
    fixture_site.edition()
    (tmp_path / "a-file").write_text("")
    output = tmp_path / "a-file/site"
    code, printed = run_cli(["build", "--project", str(fixture_site.root), "--output", str(output)])
    assert code == 2 and f"could not be written into {output}: a part of the path is a file" in printed, printed
    assert "report" not in printed


def test_a_missing_file_of_the_engine_is_no_disk_refusal(fixture_site: FixtureSite,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the site's own folders make a refusal to write: the same error about another file (the
    time zone data, a font) is the engine's, reported as such (exit 1, 'report it')."""
    from confsite import discovery

    fixture_site.edition()

    def missing(site: object) -> bytes:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "/usr/share/zoneinfo/Nowhere")

    monkeypatch.setattr(discovery, "robots", missing)
    code, printed = run_cli(["build", "--project", str(fixture_site.root), "--no-search"])
    assert code == 1 and "/usr/share/zoneinfo/Nowhere" in printed and "please report it" in printed, printed
    assert "could not be written" not in printed


def test_a_swap_the_system_refuses_keeps_the_last_site_and_leaves_no_copy(fixture_site: FixtureSite,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fixture_site.edition()
    assert fixture_site.build(search=False).ok
    site = fixture_site.root / "_site"
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    real = os.replace

    def busy(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if pathlib.Path(source).name == "._site.staging":
            raise OSError(errno.EBUSY, "Device or resource busy", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", busy)
    with pytest.raises(OutputWriteError, match="it is in use"):
        fixture_site.build(search=False, cache=False)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before  # put back where it was
    assert sorted(p.name for p in fixture_site.root.iterdir() if p.name.startswith("._site")) == ["._site.lock"]


@pytest.mark.parametrize("name", ["._site.staging", "._site.previous"])
def test_a_staging_or_previous_folder_the_build_did_not_make_is_left_alone(fixture_site: FixtureSite,
                                                                          name: str) -> None:
    fixture_site.edition()
    assert fixture_site.build(search=False).ok
    good = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    foreign = fixture_site.root / name
    foreign.mkdir()
    (foreign / "notes.txt").write_text("someone's")
    fixture_site.edition(title="title: {en: Renamed}")
    result = fixture_site.build(search=False)
    [problem] = result.errors
    assert problem.where.path == name and "did not make it" in problem.message and "move it" in problem.hint
    assert (foreign / "notes.txt").read_text() == "someone's"
    assert (fixture_site.root / "_site/en/2030-iasi/index.html").read_text() == good  # nothing written
    code, printed = run_cli(["build", "--project", str(fixture_site.root), "--no-search"])
    assert code == 1 and f"{name}: this has the name" in printed and "hint:" in printed
    assert (foreign / "notes.txt").is_file()


def test_a_link_or_a_file_by_the_staging_folders_name_is_never_followed(tmp_path: pathlib.Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / MARKER).write_text("")  # an earlier build somewhere else: still not this build's own copy
    (elsewhere / "index.html").write_text("kept")
    output = tmp_path / "site"
    (tmp_path / ".site.previous").symlink_to(elsewhere)
    with pytest.raises(OutputFolderError, match="did not make it"):
        staging_folder(output)
    (tmp_path / ".site.previous").unlink()
    (tmp_path / ".site.staging").write_text("a file")
    with pytest.raises(OutputFolderError, match="did not make it"):
        write_outputs([Output("index.html", (), b"new")], output)
    assert (elsewhere / "index.html").read_text() == "kept" and (tmp_path / ".site.staging").read_text() == "a file"
    assert not output.exists()


def test_what_an_interrupted_build_left_is_removed_by_the_next(tmp_path: pathlib.Path) -> None:
    output = tmp_path / "site"
    write_outputs([Output("index.html", (), b"old")], output)
    staging = staging_folder(output)  # a build stopped while it rendered...
    assert sorted(p.name for p in staging.iterdir()) == [MARKER]  # (marked as soon as it is made)
    (staging / "half.html").write_text("half")
    (tmp_path / ".site.previous").mkdir()  # ...and a swap of an empty output folder stopped halfway
    assert write_outputs([Output("index.html", (), b"new")], output) == 1
    assert (output / "index.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_swap_deletes_only_the_site_it_moved_aside(tmp_path: pathlib.Path) -> None:
    staging, output, previous = tmp_path / ".site.staging", tmp_path / "site", tmp_path / ".site.previous"
    staging.mkdir()
    previous.mkdir()  # appeared after the build looked (there was no site to move aside)
    (previous / "notes.txt").write_text("someone's")
    swap_in(staging, output, previous)
    assert output.is_dir() and (previous / "notes.txt").is_file()
