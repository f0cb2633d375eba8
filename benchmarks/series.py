"""Build time and peak memory of generated conference series, cold and warm.

Generates series of N editions with the peer harness's generator (../shared/bench/gen_series.py),
builds each with `build.py build` (cold: no .cache/; warm: again, nothing changed), and samples
the resident memory of the whole process tree (the build and its render workers and Pagefind) every
20 ms, because `wait4` reports only the largest single process. Prints a Markdown table with two
sums: resident memory (RSS), which counts the pages a forked worker shares with its parent once in
each process, and proportional memory (PSS, from /proc/<pid>/smaps_rollup, read at most every
0.25 s near the peak), which divides each shared page among the processes sharing it, so that the
sum is the memory the build really holds.

usage: .venv/bin/python benchmarks/series.py [--editions 10 100 300] [--no-search]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_series.py"


def tree_memory(pid: int, proportional: bool = True) -> tuple[int, int]:
    """Resident and proportional bytes (RSS, PSS) of `pid` and all its descendants, from /proc
    (PSS 0 unless `proportional`: reading it walks each process's page tables, see `measure`)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, pss, stack = 0, 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        pss += _pss(current) if proportional else 0
        stack += children.get(current, [])
    return total, pss


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def measure(project: pathlib.Path, output: pathlib.Path, extra: list[str]) -> tuple[float, int, int]:
    """Seconds and peak tree memory (RSS, PSS) of one build."""
    command = [sys.executable, str(ROOT / "build.py"), "build", "--project", str(project), "--output", str(output),
               *extra]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1764460800"}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    # RSS every 20 ms, PSS at most every 0.25 s, and only near the peak so far: reading a process's
    # smaps_rollup walks its page tables (20 ms of CPU for the 300-edition build's tree, against
    # 1.4 ms for its RSS), and every 20 ms it took half of one of the two cores from the build
    peak, peak_pss, read_pss = 0, 0, 0.0
    while process.poll() is None:
        now = time.perf_counter()
        resident, _ = tree_memory(process.pid, proportional=False)
        peak = max(peak, resident)
        if now - read_pss >= 0.25 and resident >= 0.9 * peak:
            read_pss = now
            peak_pss = max(peak_pss, tree_memory(process.pid)[1])
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"the build of {project} failed:\n{process.stderr.read().decode() if process.stderr else ''}")
    return seconds, peak, peak_pss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--editions", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--no-search", action="store_true", help="pass --no-search to the builds")
    args = parser.parse_args()
    extra = ["--no-search"] if args.no_search else []
    print(f"| editions | cold | peak RSS, all processes | peak PSS, all processes | warm | ({os.cpu_count()} cores"
          f"{', --no-search' if extra else ''}) |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="series-") as folder:
        for count in args.editions:
            project = pathlib.Path(folder) / f"series{count}"
            subprocess.run([sys.executable, str(GENERATOR), "--editions", str(count), "--out", str(project),
                            "--src", str(ROOT)], check=True, stdout=subprocess.DEVNULL)
            cold, cold_peak, cold_pss = measure(project, project / "_out", extra)
            warm, _, _ = measure(project, project / "_out", extra)
            memory = f"{cold_peak / 2**20:.0f} MB | {cold_pss / 2**20:.0f} MB"
            print(f"| {count} | {cold:.1f} s | {memory} | {warm:.1f} s | |", flush=True)
            shutil.rmtree(project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
