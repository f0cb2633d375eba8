"""What the printed programmes cost: the real site built with every edition that has an agenda
asking for its PDF, then the same site with no edition asking for one, cold (--no-cache,
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


def project(target: pathlib.Path, printed: bool) -> pathlib.Path:
    """A copy of the real site in which every edition with an agenda asks for its programme, or none."""
    target.mkdir()
    for name in ("site.yaml", "content", "templates", "locales"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    for edition in (target / "content/editions").glob("*/edition.yaml"):
        text = "".join(line for line in edition.read_text(encoding="utf-8").splitlines(keepends=True)
                       if not line.startswith("programme_pdf:"))
        if printed and ("\nagenda:" in text or "\n  date:" in text):
            text += "programme_pdf: true\n"
        edition.write_text(text, encoding="utf-8")
    return target


def timed(project: pathlib.Path) -> tuple[float, list[int]]:
    output = project / "_site"
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    result = build(Options(project=project, output=output, cache=False, search=False))
    seconds = time.perf_counter() - started
    assert result.ok, [p.format() for p in result.errors]
    return seconds, [pdf.stat().st_size for pdf in output.rglob("*.pdf")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        projects = {printed: project(pathlib.Path(folder) / str(printed), printed) for printed in (True, False)}
        timed(projects[True])  # warm-up: imports, fonts
        times: dict[bool, list[float]] = {True: [], False: []}
        pdfs: list[int] = []
        for _ in range(runs):
            for printed in (True, False):
                seconds, made = timed(projects[printed])
                times[printed].append(seconds)
                pdfs = made if printed else pdfs
        size = sum(pdfs)
        with_pdfs, without = statistics.median(times[True]), statistics.median(times[False])
        print(f"with the PDFs ({len(pdfs)} files, {size / 1000:.0f} kB): {with_pdfs:.2f} s; without: {without:.2f} s; "
              f"the PDFs cost {with_pdfs - without:.2f} s ({(with_pdfs - without) / max(len(pdfs), 1):.2f} s each)")


if __name__ == "__main__":
    main()
