"""The deploy workflows: valid against GitHub's workflow schema (offline), and doing what README says."""

import shutil
import subprocess
import sys

import yaml
from conftest import ROOT, need

WORKFLOW = ROOT / ".github/workflows/site.yml"


def test_workflows_validate_against_the_github_schema() -> None:
    tool = shutil.which("check-jsonschema", path=str(ROOT / ".venv/bin")) or shutil.which("check-jsonschema")
    if tool is None:
        need("check-jsonschema", "it validates the workflows offline (pip install -e '.[test]')")
    files = sorted(str(p) for p in (ROOT / ".github/workflows").glob("*.yml"))
    result = subprocess.run([tool, "--builtin-schema", "vendor.github-workflows", *files],  # type: ignore[list-item]
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_checks_builds_previews_and_deploys() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text())
    triggers = flow[True]  # YAML 1.1 reads the key 'on' as true
    assert {"pull_request", "push", "schedule"} <= set(triggers)
    build = "\n".join(step.get("run", "") for step in flow["jobs"]["build"]["steps"])
    assert "build.py check --strict --format github" in build and "--base-url" in build
    # what is published is rendered from the commit, never read from a .cache/ committed with it
    assert "build.py build --no-cache" in build
    uploads = [s for s in flow["jobs"]["build"]["steps"] if "upload" in s.get("uses", "")]
    assert any(s["if"] == "github.event_name == 'pull_request'" for s in uploads)  # the preview artefact
    assert "bash .ci/run" in "\n".join(step.get("run", "") for step in flow["jobs"]["test"]["steps"])
    deploy = flow["jobs"]["deploy"]
    assert set(deploy["needs"]) == {"test", "build"} and "refs/heads/main" in deploy["if"]
    assert flow["jobs"]["external-links"]["continue-on-error"] is True


def test_the_ci_script_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    command = next(line.strip() for line in readme.splitlines() if "pytest" in line and "pip install" in line)
    assert command in ci
    assert sys.version_info >= (3, 11)
