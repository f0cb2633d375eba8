"""The engine as a normal install (not the README's editable one) holds it: a deployment or a
wheel built from pyproject.toml has every module and data file of confsite/."""

import fnmatch
import subprocess
import warnings

from conftest import ROOT
from setuptools.config.pyprojecttoml import apply_configuration
from setuptools.dist import Distribution


def installed(files: list[str]) -> set[str]:
    """Those of the engine's `files` that pyproject.toml installs: the modules of its packages, and
    their other files that its package data names."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # setuptools calls its pyproject.toml support beta
        dist = apply_configuration(Distribution(), ROOT / "pyproject.toml")
    kept = set()
    for package in dist.packages:
        folder = package.replace(".", "/") + "/"
        for path in files:
            inside = path.removeprefix(folder)
            if inside == path or ("/" in inside and path.endswith(".py")):
                continue  # not in this package, or a module of a package below it
            if path.endswith(".py") or any(fnmatch.fnmatch(inside, p) for p in dist.package_data.get(package, [])):
                kept.add(path)
    return kept


def test_a_normal_install_holds_every_module_and_data_file_of_the_engine() -> None:
    files = subprocess.run(["git", "ls-files", "confsite"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    held = installed(files)
    assert {"confsite/outputs/registry.py", "confsite/fonts/DejaVuSans.ttf"} <= held
    assert set(files) - held == set()
