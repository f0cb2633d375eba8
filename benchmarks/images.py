"""What pictures cost a build: 50 speakers' photos (phone-sized, 3000 × 4000 JPEG), processed cold
(empty .cache/) and warm (the same photos again), in a generated project.

usage: .venv/bin/python benchmarks/images.py [--photos 50] [--jobs 0]

Prints, for a cold and a warm build: the whole build's time, the time of load (which reads and
inspects every picture) and of render (which makes the renditions: 12 files per photo), and the
renditions' total weight. Numbers, not a test: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import shutil
import sys
import tempfile
import time

from PIL import Image, ImageFilter

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from confsite.pipeline import Options, build  # noqa: E402 - after the path is set

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
SITE = """\
title: Picture benchmark
base_url: https://example.org/conf/
languages: [en]
series:
  - id: cmr
    name: Clusters meet Regions
"""


def photo(path: pathlib.Path, n: int) -> None:
    """A phone-sized stand-in for a photograph: shading and fine grain, which compress like one."""
    size = (3000, 4000)
    grain = Image.effect_noise((750, 1000), 20).filter(ImageFilter.GaussianBlur(0.8)).resize(size)
    shade = Image.linear_gradient("L").resize(size)
    layers = [Image.blend(shade, grain, 0.5).point(lambda v, t=t: (v * t) // 255)
              for t in (160 + n % 90, 140, 100 + n % 120)]
    Image.merge("RGB", layers).save(path, "JPEG", quality=90)


def project(folder: pathlib.Path, count: int) -> None:
    shutil.copytree(ROOT / "templates", folder / "templates")
    shutil.copytree(ROOT / "locales", folder / "locales")
    (folder / "site.yaml").write_text(SITE, encoding="utf-8")
    people = folder / "content/people"
    people.mkdir(parents=True)
    ids = [f"speaker-{n:02d}" for n in range(count)]
    for n, ident in enumerate(ids):
        (people / f"{ident}.yaml").write_text(f"name: Speaker Number{n}\nphoto:\n  file: {ident}.jpg\n"
                                              f"  alt: Speaker {n} at the lectern\n", encoding="utf-8")
        photo(people / f"{ident}.jpg", n)
    edition = folder / "content/editions/2030-iasi"
    edition.mkdir(parents=True)
    talks = "".join(f"          - speakers: [{ident}]\n" for ident in ids)
    (edition / "edition.yaml").write_text(
        "series: cmr\nlanguages: [en]\ntitle: Benchmark edition\ndates: {start: 2030-05-12, end: 2030-05-12}\n"
        "timezone: Europe/Bucharest\nformat: in-person\nvenue: {city: Iasi, country: RO}\nagenda:\n"
        "  - date: 2030-05-12\n    sessions:\n      - kind: panel\n        title: Many voices\n"
        f"        talks:\n{talks}", encoding="utf-8")


def run(folder: pathlib.Path, jobs: int, label: str) -> None:
    started = time.perf_counter()
    result = build(Options(project=folder, output=folder / "_site", jobs=jobs, search=False), NOW)
    total = time.perf_counter() - started
    if not result.ok:
        sys.exit("\n".join(p.format() for p in result.errors))
    weight = sum(p.stat().st_size for p in (folder / "_site/images").iterdir())
    count = len(list((folder / "_site/images").iterdir()))
    print(f"{label}: build {total:.2f} s (load {result.timings['load']:.2f} s, render "
          f"{result.timings['render']:.2f} s); {count} renditions, {weight / 1000:,.0f} kB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=0, help="processes that render (0: one per core)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = pathlib.Path(temporary)
        project(folder, args.photos)
        size = sum(p.stat().st_size for p in (folder / "content/people").glob("*.jpg"))
        print(f"{args.photos} photos of 3000 × 4000 pixels, {size / 1e6:.1f} MB in all")
        run(folder, args.jobs, "cold (empty .cache/)")
        run(folder, args.jobs, "warm (same photos) ")


if __name__ == "__main__":
    main()
