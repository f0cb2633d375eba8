"""`new`: scaffolds that pass check right away and never overwrite."""

import os
import pathlib
import subprocess
import sys

import pytest
from conftest import ROOT, FixtureSite

from confsite.scaffold import ScaffoldError, new_person, slugify


def run(site: FixtureSite, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--project", str(site.root)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1900000000"})


@pytest.mark.parametrize(("text", "slug"), [("Chișinău", "chisinau"), ("Iași", "iasi"), ("Варна", "varna"),
                                            ("Ana Popescu", "ana-popescu"), ("Rezső Kádár", "rezso-kadar")])
def test_slugs_are_ascii(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_new_files_pass_check_and_drafts_stay_out_of_build(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    created = run(fixture_site, "new", "edition", "2031", "Ruse", "--from", "2030-iasi")
    assert created.returncode == 0, created.stderr
    assert "created content/editions/2031-ruse/edition.yaml" in created.stdout
    assert run(fixture_site, "new", "person", "Ана Попеску").returncode == 0
    assert (fixture_site.root / "content/people/ana-popesku.yaml").is_file()
    assert run(fixture_site, "new", "page", "contact", "--title", "Contact").returncode == 0
    check = run(fixture_site, "check")
    assert check.returncode == 0, check.stderr
    assert run(fixture_site, "build").returncode == 0
    assert not (fixture_site.root / "_site/en/2031-ruse").exists()  # a draft until its editor says otherwise
    assert (fixture_site.root / "_site/en/contact/index.html").is_file()


def test_nothing_is_overwritten(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    before = (fixture_site.root / "content/editions/2030-iasi/edition.yaml").read_text()
    again = run(fixture_site, "new", "edition", "2030", "Iasi")
    assert again.returncode == 2 and "already exists: nothing was changed" in again.stderr
    assert (fixture_site.root / "content/editions/2030-iasi/edition.yaml").read_text() == before
    new_person(fixture_site.root, "Ana Popescu")
    with pytest.raises(ScaffoldError):
        new_person(fixture_site.root, "Ana Popescu")


def test_unknown_series_or_source_is_a_usage_error(fixture_site: FixtureSite, tmp_path: pathlib.Path) -> None:
    assert run(fixture_site, "new", "edition", "2031", "Ruse", "--series", "nope").returncode == 2
    assert run(fixture_site, "new", "edition", "2031", "Ruse", "--from", "1999-nowhere").returncode == 2
