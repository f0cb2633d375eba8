"""Save-to-rebuilt time of the live preview, as `serve` runs it: on the real site, or on another
project such as a generated series (--project).

For each of N saves of a content file, measures from the write to the end of the rebuild that
the file watcher triggered (watch latency plus the incremental rebuild), then prints the median,
the 95th percentile and the worst. Target (issue 11): 95th percentile under 100 ms.

By default each save adds or removes a newline at the end of the file, which changes no value the
site shows (the preview then renders nothing again). With --edit each save changes a value the
pages show instead: a session title, a word of a text, a person's and an organisation's name (on
the real site only: the edits are its words).

With --project, the saves go to that project's first edition.yaml, first edition text, first
person and first organisation, in a copy of it (its .cache/ and output left out).

usage: .venv/bin/python benchmarks/preview.py [--saves 40] [--edit] [--project DIR]
"""

from __future__ import annotations

import argparse
import pathlib
import queue
import shutil
import statistics
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from confsite.serve import Preview  # noqa: E402
from confsite.watching import changes  # noqa: E402

FILES = ["content/editions/2023-iasi/edition.yaml", "content/editions/2024-chisinau/index.en.md",
         "content/people/todor-tonev.yaml", "content/organisations/eccp.yaml"]
EDITS = {FILES[0]: ("facilitators of smart growth", "facilitators of smarter growth"),
         FILES[1]: ("welcomed Clusters", "hosted Clusters"),
         FILES[2]: ("en: Todor Tonev", "en: Todor T. Tonev"),
         FILES[3]: ("en: European Cluster", "en: The European Cluster")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--edit", action="store_true", help="change a value the pages show on each save")
    parser.add_argument("--project", type=pathlib.Path, help="another project than the real site")
    args = parser.parse_args()
    if args.edit and args.project:
        parser.error("--edit changes the real site's words: it cannot be used with --project")
    with tempfile.TemporaryDirectory() as temp:
        project = pathlib.Path(temp) / "project"
        shutil.copytree(args.project or ROOT, project,
                        ignore=shutil.ignore_patterns(".venv", ".git", "_site", "__pycache__", ".cache", "public"))
        files = FILES if args.project is None else _first_files(project)
        preview = Preview(project, pathlib.Path(temp) / "preview", "http://127.0.0.1:8000/")
        started = time.perf_counter()
        first = preview.full()
        if not first.ok:  # (its saves would never be rebuilt: the preview waits for a good build)
            sys.exit(f"the project does not build, so its saves cannot be timed:\n{first.describe()}")
        print(f"first full build: {(time.perf_counter() - started) * 1000:.0f} ms")
        stop, done = threading.Event(), queue.Queue()  # type: ignore[var-annotated]

        def watch() -> None:
            for changed in changes(project, stop):
                report = preview.update(changed)
                done.put((time.perf_counter(), report))
                time.sleep(0.05)  # as `serve` does: the reload goes out, then the preview is idle
                preview.idle()

        threading.Thread(target=watch, daemon=True).start()
        time.sleep(0.5)  # let the watcher start
        samples = []
        for number in range(args.saves):
            path = project / files[number % len(files)]
            text = path.read_text(encoding="utf-8")
            saved = time.perf_counter()
            if args.edit:
                path.write_text(text.replace(*EDITS[files[number % len(files)]]), encoding="utf-8")
            else:
                path.write_text(text + ("\n" if number % 2 == 0 else ""), encoding="utf-8")
            finished, report = done.get(timeout=10)
            assert report.ok, report.describe()
            samples.append((finished - saved) * 1000)
            time.sleep(0.2)
            path.write_text(text, encoding="utf-8")
            done.get(timeout=10)
            time.sleep(0.2)
        stop.set()
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    print(f"{len(samples)} saves: median {statistics.median(samples):.0f} ms, "
          f"95th percentile {p95:.0f} ms, worst {samples[-1]:.0f} ms (target: 95th percentile < 100 ms)")


def _first_files(project: pathlib.Path) -> list[str]:
    """A project's first edition.yaml, edition text, person and organisation (those it has)."""
    content = project / "content"
    found = [next(iter(sorted(content.glob(pattern))), None) for pattern in
             ("editions/*/edition.yaml", "editions/*/index.*.md", "people/*.yaml", "organisations/*.yaml")]
    return [path.relative_to(project).as_posix() for path in found if path is not None]


if __name__ == "__main__":
    main()
