"""One page changed: this project's warm build after an edit to one corpus page, against Hugo's
cold build of the same corpus, interleaved in one run (issue 11: "one page changed, with
--no-search: ≤ 1× Hugo's cold build").

Lays out the peer harness's corpus with both adapters (`../shared/bench/peers/`), builds ours once
to fill its cache, then for each round: Hugo cold (its output removed), and ours after appending a
sentence to one page (a different page each round), with `--no-search`. Prints the medians, the
spread and the ratio. Use a tmpfs for --work, as the harness's README says.

usage: .venv/bin/python benchmarks/changed.py [--pages 1000] [--langs en,ro,bg] [--rounds 5]
                                                [--work /tmp/ssg-ram/changed]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
PEERS_PYTHON = pathlib.Path(os.environ.get("VENV", "/tmp/peers-venv")) / "bin" / "python"


def run(command: list[str], **kwargs: object) -> float:
    """Wall seconds of one command, which must succeed."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--langs", default="en,ro,bg")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=pathlib.Path, default=pathlib.Path("/tmp/ssg-ram/changed"))
    args = parser.parse_args()
    work = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    corpus, hugo, ours = work / "corpus", work / "hugo", work / "confsite"
    run([str(PEERS_PYTHON), str(BENCH / "gen_corpus.py"), "--pages", str(args.pages), "--langs", args.langs,
         "--out", str(corpus)])
    env = os.environ | {"CONFSITE_SRC": str(ROOT), "CONFSITE_ARGS": "--no-search", "CONFSITE_WARM": "1"}
    for peer, folder in (("hugo", hugo), ("confsite", ours)):
        run(["bash", str(BENCH / "peers" / f"{peer}.sh"), "prepare", str(corpus), str(folder)], env=env)
    adapter = {peer: ["bash", str(BENCH / "peers" / f"{peer}.sh")] for peer in ("hugo", "confsite")}
    run([*adapter["confsite"], "build", str(ours)], env=env)  # fills .cache/
    pages = sorted((ours / "content" / "pages").glob("page-*.md"))
    times: dict[str, list[float]] = {"hugo cold": [], "confsite, one page changed": []}
    for number in range(args.rounds):
        run([*adapter["hugo"], "clean", str(hugo)], env=env)
        times["hugo cold"].append(run([*adapter["hugo"], "compile", str(hugo)], env=env))
        page = pages[(number * 7919) % len(pages)]
        with page.open("a", encoding="utf-8") as text:
            text.write(f"\nOne more sentence, written by round {number} of the benchmark.\n")
        run([*adapter["confsite"], "clean", str(ours)], env=env)
        times["confsite, one page changed"].append(run([*adapter["confsite"], "compile", str(ours)], env=env))
    print(f"{args.pages} pages x {args.langs}, {args.rounds} rounds, interleaved\n")
    print("| build | median | min | max |\n|---|---:|---:|---:|")
    for name, samples in times.items():
        print(f"| {name} | {statistics.median(samples):.2f} s | {min(samples):.2f} s | {max(samples):.2f} s |")
    ratio = statistics.median(times["confsite, one page changed"]) / statistics.median(times["hugo cold"])
    print(f"\nratio (medians): {ratio:.2f}x Hugo's cold build (target: <= 1x)")


if __name__ == "__main__":
    main()
