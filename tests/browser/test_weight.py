"""Fast on a phone: every page's HTML plus its CSS under 50 kB, nothing that blocks rendering in
<head>, no font (nor anything else the page needs to show) from another host.

The measuring is benchmarks/weight.py's, so the budget the tests hold and the numbers the script
prints are one and the same. No browser is needed here.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import subprocess
import sys
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT

SCRIPT = ROOT / "benchmarks" / "weight.py"
BUDGET = 50 * 1000  # bytes: HTML + CSS per page, uncompressed, images excluded


def load_weight() -> ModuleType:
    spec = importlib.util.spec_from_file_location("weight", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["weight"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def weight() -> ModuleType:
    return load_weight()


@pytest.fixture(scope="module")
def weights(weight: ModuleType, site_dir: pathlib.Path) -> list[Any]:
    return weight.measure(site_dir)


def test_every_page_is_measured_with_its_stylesheet(weights: list[Any], site_dir: pathlib.Path) -> None:
    assert len(weights) == len(list(site_dir.rglob("*.html")))
    assert all(w.stylesheets and w.css > 0 for w in weights), "every page links the site's stylesheet"
    assert not [(w.page, w.missing, w.foreign) for w in weights if w.missing or w.foreign]


def test_every_page_with_its_css_is_under_50_kb(weights: list[Any]) -> None:
    over = [f"/{w.page}: {w.total:,} bytes (HTML {w.html:,} + CSS {w.css:,})" for w in weights if w.total > BUDGET]
    assert not over, "over the 50 kB budget:\n" + "\n".join(over)


def test_no_script_in_head_blocks_rendering(weights: list[Any]) -> None:
    blocking = [f"/{w.page}: {script}" for w in weights for script in w.blocking]
    assert not blocking, "scripts in <head> need defer or async (or are data):\n" + "\n".join(blocking)


def test_the_blocking_check_knows_what_blocks(weight: ModuleType) -> None:
    parser = weight._PageParser()
    parser.feed('<html><head><script src="a.js"></script><script src="b.js" defer></script>'
                '<script async src="c.js"></script><script type="application/ld+json">{}</script>'
                '<script>inline()</script></head><body><script src="late.js"></script></body></html>')
    assert parser.blocking == ['<script src="a.js">', "<script>"]


EXTERNAL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?)(?:https?:)?//""", re.IGNORECASE)
LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)


def test_no_font_or_stylesheet_from_another_host(site_dir: pathlib.Path) -> None:
    found = [f"{css.relative_to(site_dir)}: {match.group(0)}" for css in site_dir.rglob("*.css")
             for match in EXTERNAL.finditer(css.read_text(encoding="utf-8"))]
    for page in site_dir.rglob("*.html"):
        for tag in LINK.findall(page.read_text(encoding="utf-8")):
            rel = re.search(r'rel="([^"]*)"', tag)
            if rel and set(rel.group(1).split()) & {"stylesheet", "preload", "preconnect", "dns-prefetch",
                                                     "modulepreload"} and re.search(r'href="(https?:)?//', tag):
                found.append(f"{page.relative_to(site_dir)}: {tag}")
    assert not found, "fetched from another host:\n" + "\n".join(found)


def test_the_script_prints_every_page_and_the_largest(site_dir: pathlib.Path) -> None:
    completed = subprocess.run([sys.executable, str(SCRIPT), str(site_dir), "--top", "5"],
                               capture_output=True, text=True, check=False, timeout=120)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0].split() == ["page", "HTML", "CSS", "scripts", "HTML+CSS", "gzipped"]
    assert "/en/2023-iasi/agenda/" in completed.stdout and "/404.html" in completed.stdout
    summary = next(line for line in lines if line.startswith(f"{len(list(site_dir.rglob('*.html')))} pages;"))
    assert "every page within it" in summary
    largest = lines[lines.index("The 5 largest:") + 1:][:5]
    assert len(largest) == 5 and all(line.startswith("  /") for line in largest)


def test_the_script_fails_a_page_over_the_budget(tmp_path: pathlib.Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "style.css").write_text("p { color: red; }\n" * 100)
    (tmp_path / "index.html").write_text('<!doctype html><link rel="stylesheet" href="/conf/assets/style.css">'
                                         + "<p>text</p>" * 200)
    completed = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), "--budget-kb", "1"],
                               capture_output=True, text=True, check=False, timeout=60)
    assert completed.returncode == 1
    assert "1 over it" in completed.stdout and "OVER BUDGET" in completed.stdout
    assert "CSS 1.8 kB" in completed.stdout, "the root-relative stylesheet is found under any base path"
