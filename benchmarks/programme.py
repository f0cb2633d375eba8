"""What the printed programmes cost: the real site built with every edition that has an agenda
asking for its PDF, then the same build without them (as `serve` builds), cold (--no-cache,
--no-search), median of a few runs. Prints the times, the PDFs' number and their total size.

    .venv/bin/python benchmarks/programme.py [--runs 3]
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from confsite.pipeline import Options, build  # noqa: E402


def project_with_every_programme(target: pathlib.Path) -> None:
    for name in ("site.yaml", "content", "templates", "locales"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    for edition in (target / "content/editions").glob("*/edition.yaml"):
        text = edition.read_text(encoding="utf-8")
        if ("\nagenda:" in text or "\n  date:" in text) and "programme_pdf:" not in text:
            edition.write_text(text + "programme_pdf: true\n", encoding="utf-8")


def timed(project: pathlib.Path, output: pathlib.Path, printing: bool) -> tuple[float, list[int]]:
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    result = build(Options(project=project, output=output, cache=False, search=False, printing=printing))
    seconds = time.perf_counter() - started
    assert result.ok, [p.format() for p in result.errors]
    return seconds, [pdf.stat().st_size for pdf in output.rglob("*.pdf")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        project = pathlib.Path(folder) / "project"
        project.mkdir()
        project_with_every_programme(project)
        timed(project, project / "_site", True)  # warm-up: imports, fonts
        times: dict[bool, list[float]] = {True: [], False: []}
        pdfs: list[int] = []
        for _ in range(runs):
            for printing in (True, False):
                seconds, made = timed(project, project / "_site", printing)
                times[printing].append(seconds)
                pdfs = made if printing else pdfs
        size = sum(pdfs)
        with_pdfs, without = statistics.median(times[True]), statistics.median(times[False])
        print(f"with the PDFs ({len(pdfs)} files, {size / 1000:.0f} kB): {with_pdfs:.2f} s; without: {without:.2f} s; "
              f"the PDFs cost {with_pdfs - without:.2f} s ({(with_pdfs - without) / max(len(pdfs), 1):.2f} s each)")


if __name__ == "__main__":
    main()
