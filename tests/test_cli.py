"""The command line: help, exit codes 0/1/2, problem formats for people, tools and GitHub."""

import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import time

from conftest import ROOT, FixtureSite

from confsite.preview_server import port_taken


def run(*args: str, cwd: pathlib.Path = ROOT, epoch: str = "1900000000") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def test_help_explains_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("build", "check", "exit codes: 0 ok, 1 content problems, 2 usage errors"):
        assert word in result.stdout


def test_check_on_the_real_content_passes() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "No errors in 5 editions; no problems." in result.stdout


def test_content_problems_exit_1_with_file_line_and_hint(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="format: inperson")
    result = run("check", "--project", str(fixture_site.root))
    assert result.returncode == 1
    assert ("content/editions/2030-iasi/edition.yaml:8:9: 'format': 'inperson' is not one of: "
            "in-person, online, hybrid\n  hint: did you mean 'in-person'?") in result.stderr
    assert "Traceback" not in result.stderr


def test_json_and_github_formats(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="format: inperson")
    data = json.loads(run("check", "--format", "json", "--project", str(fixture_site.root)).stdout)
    assert data == [{"path": "content/editions/2030-iasi/edition.yaml", "line": 8, "column": 9,
                     "severity": "error", "message": "'format': 'inperson' is not one of: in-person, online, hybrid",
                     "hint": "did you mean 'in-person'?"}]
    github = run("check", "--format", "github", "--project", str(fixture_site.root)).stdout
    assert github.startswith("::error file=content/editions/2030-iasi/edition.yaml,line=8,col=9::'format'")


def test_a_hostile_file_name_can_neither_drive_the_terminal_nor_start_a_workflow_command(
        fixture_site: FixtureSite) -> None:
    """A name in a pull request may hold escape sequences (which recolour or rewrite a terminal) and a
    carriage return followed by '::error …' (which GitHub's runner would read as a command of its own)."""
    fixture_site.edition()
    fixture_site.write("content/pages/x\x1b[31mred\r::error file=README.md,line=1::INJECTED 100%.en.md", "# Hi\n")
    text = run("check", "--project", str(fixture_site.root))
    assert text.returncode == 1
    assert "\x1b" not in text.stderr and "\r" not in text.stderr
    assert "content/pages/x\\x1b[31mred\\r::error file=README.md,line=1::INJECTED 100%.en.md" in text.stderr
    github = run("check", "--format", "github", "--project", str(fixture_site.root)).stdout.splitlines()
    [line] = [line for line in github if "INJECTED" in line]
    assert line.startswith("::error file=content/pages/x\\x1b[31mred\\r%3A%3Aerror file=README.md%2Cline=1%3A%3A"
                           "INJECTED 100%25.en.md,line=1,col=1::"), line
    assert all(line.startswith("::") for line in github)


def test_a_python_without_the_libraries_is_told_which_python_to_use() -> None:
    """The guide's commands say `python build.py`; a system Python without the .venv's libraries
    gave a traceback (ModuleNotFoundError: babel)."""
    bare = subprocess.run([sys.executable, "-S", str(ROOT / "build.py"), "check"], cwd=ROOT, capture_output=True,
                          text=True, check=False)  # -S: no site-packages, as a Python without them
    assert bare.returncode == 2
    assert "Traceback" not in bare.stderr and ".venv/bin/python build.py" in bare.stderr


def test_usage_errors_exit_2(fixture_site: FixtureSite, tmp_path: pathlib.Path) -> None:
    fixture_site.edition()
    assert run("--no-such-option").returncode == 2
    assert run("check", "--project", str(tmp_path)).returncode == 2  # no site.yaml there
    for epoch in ("yesterday", "-5"):
        assert run("build", "--project", str(fixture_site.root), epoch=epoch).returncode == 2, epoch
    refused = run("build", "--project", str(fixture_site.root), "--output", str(fixture_site.root / "content"))
    assert refused.returncode == 2 and "source folder" in refused.stderr
    nowhere = run("check", "--project", str(tmp_path / "nowhere"))
    assert nowhere.returncode == 2 and "nowhere does not exist" in nowhere.stderr
    for port in ("99999", "-1", "eighty"):
        wrong = run("serve", "--project", str(fixture_site.root), "--port", port)
        assert wrong.returncode == 2 and f"{port!r} is not a port" in wrong.stderr, wrong.stderr


def test_serve_on_a_port_in_use_says_so_before_building(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert port_taken("127.0.0.1", port)
        preview = run("serve", "--project", str(fixture_site.root), "--port", str(port))
    assert preview.returncode == 2 and f"cannot listen on port {port}" in preview.stderr, preview.stderr
    assert "unexpectedly" not in preview.stderr and "Built" not in preview.stdout
    assert port_taken("127.0.0.1", port) is None  # free again once the other has closed


def test_build_prints_a_summary(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    result = run("build", "--project", str(fixture_site.root))
    assert result.returncode == 0, result.stderr
    assert "Built 12 pages (en 6, ro 6)" in result.stdout  # with the series page
    assert "Time per stage: load" in result.stdout
    assert (fixture_site.root / "_site/en/2030-iasi/index.html").is_file()
    # run from the engine's folder on another project, or from the project's: a command that works there
    assert f" build.py serve --project {fixture_site.root}\n" in result.stdout
    in_project = run("build", "--project", str(fixture_site.root), cwd=fixture_site.root)
    assert f"Preview it with: {sys.executable} {ROOT / 'build.py'} serve\n" in in_project.stdout


UNIT_TIME = re.compile(r"  (\S+) +([\d,]+) made(?: +([\d.]+) s +([\d.]+) ms each)?(?:, ([\d,]+) kept from the cache)?")


def unit_times(stdout: str) -> dict[str, tuple[int, float, int]]:
    """`build --timings`'s lines: each kind of output's number made, their seconds, the number kept."""
    lines = stdout.split("Time per kind of output (made in this build, all processes together):\n", 1)[1]
    found = {}
    for line in lines.splitlines():
        match = UNIT_TIME.fullmatch(line)
        if match is None:
            break
        name, made, seconds, _, kept = match.groups()
        found[name] = (int(made.replace(",", "")), float(seconds or 0), int((kept or "0").replace(",", "")))
    return found


def test_build_timings_say_what_each_kind_of_output_took(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    cold = run("build", "--timings", "--no-search", "--project", str(fixture_site.root))
    assert cold.returncode == 0, cold.stderr
    files = int(re.search(r"\), (\d+) files", cold.stdout).group(1))
    spent = unit_times(cold.stdout)
    assert spent["edition"][0] == 2 and spent["assets"][0] == 7  # the edition's page in en and ro
    assert "agenda" not in spent  # an edition without sessions has none
    assert sum(made for made, _, _ in spent.values()) == files  # each file counted once, all made
    assert all(kept == 0 for _, _, kept in spent.values())
    seconds = [took for _, took, _ in spent.values()]
    assert seconds == sorted(seconds, reverse=True) and seconds[0] > 0  # the slowest first
    warm = unit_times(run("build", "--timings", "--no-search", "--project", str(fixture_site.root)).stdout)
    assert warm["edition"] == (0, 0.0, 2)  # the cache had them
    assert sum(made + kept for made, _, kept in warm.values()) == files
    assert "Time per kind" not in run("build", "--no-search", "--project", str(fixture_site.root)).stdout


def test_check_notes_why_an_edition_has_no_schedule_without_failing(tmp_path: pathlib.Path) -> None:
    result = run("check", "--strict", "--verbose")
    assert result.returncode == 0
    assert ("content/editions/2023-iasi/edition.yaml:1:1: note: 2023-iasi gets no schedule.xml or schedule.json: "
            "its agenda gives no session times") in result.stderr
    quiet = run("check", "--strict")  # by default, one line for them all
    assert quiet.returncode == 0
    [note] = quiet.stderr.splitlines()
    assert note.startswith("content/editions: note: 5 editions give no session times, so they get no "
                           "schedule.xml or schedule.json: 2019-sofia, ")
    assert note.endswith("(--verbose: one note each)")
    assert "note:" not in run("build", "--output", str(tmp_path / "site")).stderr


def test_a_bad_base_url_is_a_usage_error(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    result = run("build", "--project", str(fixture_site.root), "--base-url", "example.org/conf")
    assert result.returncode == 2 and "--base-url: 'example.org/conf' is not a web address" in result.stderr


def test_ctrl_c_while_the_workers_render_stops_at_once_without_a_traceback(tmp_path: pathlib.Path) -> None:
    """Ctrl-C reaches every process of the terminal's group. A render worker it stopped died with a
    traceback on the terminal, and the chunk it held never came back, so the build could wait for
    it until a second Ctrl-C. The workers now leave it to the build's own process."""
    out = tmp_path / "site"
    staging = tmp_path / ".site.staging"
    build = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "--no-search", "--output", str(out)],
        cwd=ROOT, env={**os.environ, "SOURCE_DATE_EPOCH": "1900000000"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,  # a group of its own, as a terminal's
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for _ in range(3000):  # until the workers write pages into the staging folder (after the site-wide ones)
            if (staging.is_dir() and len(list(staging.rglob("index.html"))) > 60) or build.poll() is not None:
                break
            time.sleep(0.01)
        assert build.poll() is None, "the build ended before it could be interrupted"
        os.killpg(build.pid, signal.SIGINT)
        printed, _ = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 130 and "Traceback" not in printed and printed.strip().endswith("stopped."), printed
    assert not out.exists() and not staging.exists()


def test_ctrl_c_during_a_finalizer_still_stops_the_command() -> None:
    """Ctrl-C that reaches Python inside a weak reference's callback (a garbage collection in the
    middle of the render) was printed as an ignored exception, a traceback, and the build went on to
    write the site. The command line's hook sends it again, where it stops the command."""
    check = """
import sys, time, weakref
sys.path.insert(0, sys.argv[1])
from confsite.cli import _interrupt_kept
sys.unraisablehook = _interrupt_kept
class Thing: pass
def finalizer(reference): raise KeyboardInterrupt
thing = Thing()
reference = weakref.ref(thing, finalizer)
try:
    del thing
    time.sleep(5)
    print("went on")
except KeyboardInterrupt:
    print("stopped")
"""
    done = subprocess.run([sys.executable, "-c", check, str(ROOT)], capture_output=True, text=True, timeout=30,
                          check=False)
    assert done.stdout == "stopped\n" and "Traceback" not in done.stderr, (done.stdout, done.stderr)


def test_a_build_loads_neither_the_importer_nor_its_libraries(fixture_site: FixtureSite) -> None:
    # each library a build loads is time before its first page, in every build and every CI run
    fixture_site.edition()
    script = ("import sys; from confsite import cli\n"
              "try:\n    cli.main(['build', '--project', sys.argv[1], '--no-search'])\n"
              "except SystemExit as end:\n    assert not end.code, end.code\n"
              "print(' '.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", script, str(fixture_site.root)], capture_output=True, text=True,
                            check=False, env={**os.environ, "SOURCE_DATE_EPOCH": "1900000000"})
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.splitlines()[-1].split())
    assert "confsite.pipeline" in loaded and "confsite.render" in loaded
    assert {"confsite.importer", "jsonschema", "ruamel.yaml"}.isdisjoint(loaded)
