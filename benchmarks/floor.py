"""A floor for the corpus benchmark: the least a generator built on Python-Markdown can take.

Each page of a corpus of the peer harness (../shared/bench/gen_corpus.py) is read, its front
matter parsed, its Markdown converted by this project's converter (Python-Markdown with the
editors' guide's extensions, `confsite.converter`) and written into a bare HTML page, on every
core. Nothing else: no site chrome, no navigation, no sanitising, no link or language checks, no
cache, none of the real site's pages, PDFs or share cards. It is not a peer but a lower bound:
run in the harness's slot beside Hugo and this project, it shows how much of a ratio to Hugo
Python-Markdown alone takes on this machine.

    OURS_CMD='.venv/bin/python benchmarks/floor.py {corpus} {out}' OURS_NAME=floor \\
        PEERS="hugo confsite" CONFSITE_ARGS=--no-search RUNS=3 ../shared/bench/run.sh 1000 en,ro,bg

(the harness's examples/naive_ssg.py is the same in one process, with Python-Markdown's own
converter.)

usage: .venv/bin/python benchmarks/floor.py CORPUS OUT
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import pathlib
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from confsite.converter import markdown_converter  # the project, from its checkout

_CONVERTER = markdown_converter()


def page_of(path: str, corpus: pathlib.Path, layout: str, languages: list[str]) -> tuple[str, str, str]:
    """Where a corpus file goes (its language and slug) and the bare page made of it."""
    relative = pathlib.PurePosixPath(pathlib.Path(path).relative_to(corpus).as_posix()[:-3])
    if layout == "folder":
        lang, slug = relative.parts
    elif layout == "suffix":
        slug, lang = relative.name.rsplit(".", 1)
    else:
        lang, slug = languages[0], relative.name
    _, front, body = pathlib.Path(path).read_text(encoding="utf-8").split("---\n", 2)
    title = html.escape(str(yaml.load(front, Loader=yaml.CSafeLoader)["title"]))
    _CONVERTER.reset()
    page = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><h1>{title}</h1>{_CONVERTER.convert(body)}</body></html>\n")
    return lang, slug, page


def write(task: tuple[str, str, str, str, list[str]]) -> None:
    path, corpus, out, layout, languages = task
    lang, slug, page = page_of(path, pathlib.Path(corpus), layout, languages)
    folder = pathlib.Path(out, lang if len(languages) > 1 else "", slug)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(page, encoding="utf-8")


def main() -> None:
    corpus, out = sys.argv[1:3]
    meta = json.loads(pathlib.Path(corpus, "corpus.json").read_text(encoding="utf-8"))
    languages = meta["langs"] if isinstance(meta["langs"], list) else meta["langs"].split(",")
    files = sorted(str(p) for p in pathlib.Path(corpus).rglob("*.md"))
    tasks = [(path, corpus, out, meta["layout"], languages) for path in files]
    with multiprocessing.get_context("fork").Pool(len(os.sched_getaffinity(0))) as pool:
        pool.map(write, tasks, chunksize=16)


if __name__ == "__main__":
    main()
