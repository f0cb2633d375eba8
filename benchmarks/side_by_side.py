"""Old and new code side by side: cold builds of one project by two commits, taken in turn.

A change meant to make the build quicker is measured against the commit before it, on the same
machine and in one run, pair after pair (before and after, then after and before...), so that the
machine's drift from minute to minute, and whatever the second build of a pair owes to coming
second, fall on both alike. Single runs a few minutes apart cannot tell a change of a few percent
from the machine's noise; pairs taken in turn can, when every pair moves the same way.

Each commit is exported (`git archive`) into a folder of its own under --work and run with this
checkout's .venv: the two commits must pin the same dependencies (requirements.lock), or the
script stops. The project (its site.yaml, content/, templates/ and locales/) is copied under
--work too, so the builds never touch it. Every build is cold (the copy's .cache/ removed first)
and all of them get one SOURCE_DATE_EPOCH, so the first pair's two sites are compared file by
file: a change made for speed should give the same site, byte for byte (but the service worker,
which names its offline cache after the engine's code).

Prints a Markdown table: each pair's wall time and CPU time (user and system, its render workers'
included), the medians, and after / before.

With --own-templates, each commit builds with its own templates/ and locales/ (a change of a
template, which the other commit's code may not render), and the two sites differ as intended.

usage: .venv/bin/python benchmarks/side_by_side.py BEFORE [AFTER] --project PATH [--pairs 4]
                                                   [--search] [--own-templates]
                                                   [--work /tmp/ssg-ram/side-by-side]

AFTER is HEAD when not given (uncommitted changes are not measured). For example, the session's
first commit's parent against its last, on a generated series of 100 editions:

    .venv/bin/python ../shared/bench/gen_series.py --editions 100 --out /tmp/ssg-ram/s100 --src .
    .venv/bin/python benchmarks/side_by_side.py 10c06eb HEAD --project /tmp/ssg-ram/s100
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class Version:
    """One commit, exported into `tree`."""

    commit: str
    subject: str
    tree: pathlib.Path


@dataclasses.dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float  # user and system seconds of the build and every process it waited for


def git(*arguments: str) -> bytes:
    return subprocess.run(["git", "-C", str(ROOT), *arguments], check=True, capture_output=True).stdout


def exported(revision: str, work: pathlib.Path) -> Version:
    """`revision`'s files in a folder of their own under `work` (made once per commit)."""
    commit = git("rev-parse", "--verify", f"{revision}^{{commit}}").decode().strip()
    subject = git("log", "-1", "--format=%s", commit).decode().strip()
    tree = work / f"tree-{commit[:12]}"
    if not (tree / "build.py").is_file():
        shutil.rmtree(tree, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(git("archive", "--format=tar", commit))) as archive:
            archive.extractall(tree, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return Version(commit, subject, tree)


def same_dependencies(versions: list[Version]) -> str | None:
    """Why the versions cannot run with this checkout's .venv, or None when they can."""
    installed = (ROOT / "requirements.lock").read_bytes()
    for version in versions:
        if (version.tree / "requirements.lock").read_bytes() != installed:
            return (f"{version.commit[:12]} pins other dependencies than this checkout's requirements.lock, "
                    "which its .venv was installed from: measure it from a checkout of its own")
    return None


PROJECT = ("site.yaml", "content", "templates", "locales")  # what a build reads of a project


OWN = ("templates", "locales")  # what --own-templates takes from each commit rather than the project


def project_copy(project: pathlib.Path, work: pathlib.Path, name: str = "project",
                 own: pathlib.Path | None = None) -> pathlib.Path:
    """A copy of what a build reads of `project`, at work/name; with `own`, a commit's exported
    tree, its templates and catalogs rather than the project's."""
    copy = work / name
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    for part in PROJECT:
        source = own / part if own is not None and part in OWN else project / part
        if source.is_dir():
            shutil.copytree(source, copy / part)
        elif source.is_file():
            shutil.copy2(source, copy / part)
    return copy


def build(version: Version, project: pathlib.Path, output: pathlib.Path, search: bool,
          environment: dict[str, str]) -> Timing:
    """One cold build of `project` by `version` into `output`."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, str(version.tree / "build.py"), "build", "--project", str(project),
               "--output", str(output), *([] if search else ["--no-search"])]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, cwd=version.tree, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"the build by {version.commit[:12]} failed (exit code {done.returncode}):\n"
                 f"{(done.stdout + done.stderr)[-2000:]}")
    return Timing(wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


def files(site: pathlib.Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


# the service worker names its offline cache after the engine's code (`cache.engine_version`), so
# that visitors' browsers drop what an older engine made: it differs between any two commits
NAMED_AFTER_THE_CODE = frozenset({"sw.js"})


def differences(first: pathlib.Path, second: pathlib.Path) -> list[str]:
    """The files of two sites that are in one only or differ, by path (but `NAMED_AFTER_THE_CODE`)."""
    ones, others = files(first), files(second)
    found = [f"only before: {path}" for path in sorted(ones - others)]
    found += [f"only after: {path}" for path in sorted(others - ones)]
    found += [f"differs: {path}" for path in sorted(ones & others - NAMED_AFTER_THE_CODE)
              if (first / path).read_bytes() != (second / path).read_bytes()]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after", nargs="?", default="HEAD")
    parser.add_argument("--project", type=pathlib.Path, required=True)
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--search", action="store_true", help="build the search index too (left out by default)")
    parser.add_argument("--work", type=pathlib.Path, default=pathlib.Path("/tmp/ssg-ram/side-by-side"))
    parser.add_argument("--own-templates", action="store_true",
                        help="build each commit with its own templates/ and locales/ (the project's content and "
                             "site.yaml for both): for commits whose templates differ")
    args = parser.parse_args()
    if not (args.project / "site.yaml").is_file():
        parser.error(f"{args.project} holds no site.yaml")
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        versions = [exported(args.before, work), exported(args.after, work)]
    except subprocess.CalledProcessError as error:
        parser.error(f"git could not find that commit: {error.stderr.decode().strip()}")
    refused = same_dependencies(versions)
    if refused:
        parser.error(refused)
    projects = ([project_copy(args.project.resolve(), work, f"project-{side}", version.tree)
                 for side, version in zip(("before", "after"), versions, strict=True)] if args.own_templates
                else [project_copy(args.project.resolve(), work)] * 2)
    # one moment for every build: the sites of two commits can then be compared byte for byte
    environment = os.environ | {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", str(int(time.time())))}
    started = dt.datetime.now(dt.UTC)
    timings: list[tuple[Timing, Timing]] = []
    for pair in range(args.pairs):
        outputs = [work / "site-before", work / "site-after"] if pair == 0 else [work / "site"] * 2
        # every other pair starts with the new code: whatever the second build of a pair gains or
        # loses by coming second (a warmer disk cache, a hotter processor) falls on both alike
        order = (0, 1) if pair % 2 == 0 else (1, 0)
        took = {side: build(versions[side], projects[side], outputs[side], args.search, environment)
                for side in order}
        before, after = took[0], took[1]
        timings.append((before, after))
        print(f"pair {pair + 1}: before {before.wall:.2f} s, after {after.wall:.2f} s"
              f"{'' if order == (0, 1) else ' (after first)'}", file=sys.stderr, flush=True)
    found = differences(work / "site-before", work / "site-after")
    print(f"{args.project} ({len(files(work / 'site-before'))} files made), cold builds"
          f"{'' if args.search else ', --no-search'}, {started:%Y-%m-%d %H:%M} UTC, {args.pairs} pairs")
    print(f"before: {versions[0].commit[:12]} {versions[0].subject}")
    print(f"after: {versions[1].commit[:12]} {versions[1].subject}\n")
    print("| pair | before: wall (CPU) | after: wall (CPU) |\n|---:|---:|---:|")
    for number, (before, after) in enumerate(timings, 1):
        print(f"| {number} | {before.wall:.2f} s ({before.cpu:.1f} s) | {after.wall:.2f} s ({after.cpu:.1f} s) |")
    medians = [Timing(statistics.median(t.wall for t in side), statistics.median(t.cpu for t in side))
               for side in zip(*timings, strict=True)]
    print(f"| median | {medians[0].wall:.2f} s ({medians[0].cpu:.1f} s) "
          f"| {medians[1].wall:.2f} s ({medians[1].cpu:.1f} s) |\n")
    quicker = sum(1 for before, after in timings if after.wall < before.wall)
    print(f"after / before: wall {medians[1].wall / medians[0].wall:.3f}, CPU {medians[1].cpu / medians[0].cpu:.3f}; "
          f"after was quicker in {quicker} of {args.pairs} pairs")
    if found:
        print(f"the two sites differ: {len(found)} of their files", *found[:10], sep="\n  ")
    else:
        print(f"the two sites are the same, file for file (but {', '.join(sorted(NAMED_AFTER_THE_CODE))}, "
              "named after the code)")


if __name__ == "__main__":
    main()
