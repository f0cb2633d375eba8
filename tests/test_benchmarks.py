"""The scripts of benchmarks/ start: each is run at the end of a session to fill RESULTS.md, and
one that a change broke (an import moved) was found only then. Their numbers are not tested."""

import json
import pathlib
import subprocess
import sys

import pytest
from conftest import ROOT

SCRIPTS = sorted(p.name for p in (ROOT / "benchmarks").glob("*.py") if p.name != "floor.py")


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_benchmark_script_starts_and_says_how_to_use_it(script: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), "--help"], capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_the_floor_converts_each_page_of_a_corpus(tmp_path: pathlib.Path) -> None:
    corpus = tmp_path / "corpus"
    for lang in ("en", "ro"):
        (corpus / lang).mkdir(parents=True)
        (corpus / lang / "page-0001.md").write_text(f"---\ntitle: Page {lang}\n---\nSome *{lang}* words.\n")
    (corpus / "corpus.json").write_text(json.dumps({"langs": ["en", "ro"], "layout": "folder"}))
    subprocess.run([sys.executable, str(ROOT / "benchmarks/floor.py"), str(corpus), str(tmp_path / "out")],
                   check=True, timeout=60)
    page = (tmp_path / "out/ro/page-0001/index.html").read_text()
    assert '<html lang="ro">' in page and "<h1>Page ro</h1>" in page and "<p>Some <em>ro</em> words.</p>" in page
