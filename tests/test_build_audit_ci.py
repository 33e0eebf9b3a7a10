"""The CI workflow files councils copy (ci/council/): valid YAML, and every command they run exists.

The workflows install Debian's chromium, build with --strict, audit, publish the reports and
keep the audit cache; these tests hold them to what build.py and the audit really offer.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT

from builder.audit.browser import NAMES
from builder.audit.report import REPORT_DIR
from builder.audit.runner import default_cache_dir

COUNCIL_CI = PROJECT / "ci" / "council"
KNOWN_PROGRAMS = {"apt-get", "python"}
REPORTS = {"junit.xml", "report.html"}


def _github() -> dict:
    return yaml.safe_load((COUNCIL_CI / "github-actions.yml").read_text(encoding="utf-8"))


def _gitlab() -> dict:
    return yaml.safe_load((COUNCIL_CI / "gitlab-ci.yml").read_text(encoding="utf-8"))


def _commands() -> list[str]:
    steps = _github()["jobs"]["audit"]["steps"]
    job = _gitlab()["accessibility"]
    lines = [step["run"] for step in steps if "run" in step] + job["before_script"] + job["script"]
    return [part.strip() for line in lines for part in line.split("&&")]


def _help(*args: str) -> str:
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, "--help"], capture_output=True,
                          text=True, check=True, cwd=PROJECT)
    return done.stdout


def test_workflows_are_valid_yaml_with_the_expected_shape() -> None:
    github = _github()
    triggers = github[True] if True in github else github["on"]  # YAML 1.1 reads a bare "on" as true
    assert {"push", "pull_request"} <= set(triggers)
    assert github["jobs"]["audit"]["container"].endswith("bookworm")  # Debian, for Debian's chromium
    gitlab = _gitlab()
    assert gitlab["accessibility"]["image"].endswith("bookworm")
    assert gitlab["accessibility"]["artifacts"]["reports"]["junit"] == f"output/{REPORT_DIR}/junit.xml"


@pytest.mark.parametrize("command", _commands())
def test_every_command_exists(command: str) -> None:
    words = shlex.split(command)
    assert words[0] in KNOWN_PROGRAMS, command
    if words[0] == "apt-get" and "install" in words:
        assert [w for w in words[2:] if not w.startswith("-")] == [NAMES[0]]  # the browser the audit looks for
    if words[:2] == ["python", "build.py"]:
        sub = ["audit"] if words[2:3] == ["audit"] else []
        options = _help(*sub)
        for word in words[2 + len(sub):]:
            if word.startswith("--"):
                assert word in options, f"{command}: build.py has no {word}"
    if words[:3] == ["python", "-m", "pip"]:
        assert words[3:] == ["install", "."] and (PROJECT / "pyproject.toml").is_file()


def test_both_build_strictly_audit_and_publish_the_reports() -> None:
    commands = _commands()
    assert "python build.py --strict --output output" in commands
    assert "python build.py audit --site output" in commands
    steps = _github()["jobs"]["audit"]["steps"]
    uploaded = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert uploaded["with"]["path"] == f"output/{REPORT_DIR}/"
    assert uploaded["if"] == "always()"
    junit = next(s for s in steps if "junit" in s.get("uses", ""))
    assert junit["with"]["report_paths"] == f"output/{REPORT_DIR}/junit.xml"
    published = {p.rsplit("/", 1)[1] for p in _gitlab()["accessibility"]["artifacts"]["paths"]}
    assert published >= REPORTS


def test_the_audit_cache_is_kept_and_keyed_by_the_theme() -> None:
    cache_dir = default_cache_dir().relative_to(Path.cwd()).as_posix()  # where build.py audit keeps it
    assert cache_dir == ".cache/audit"
    steps = _github()["jobs"]["audit"]["steps"]
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore"))
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save"))
    assert restore["with"]["path"] == save["with"]["path"] == cache_dir
    assert "hashFiles('theme/**'" in restore["with"]["key"] and restore["with"]["key"] == save["with"]["key"]
    assert save["if"] == "always()"  # a failing audit still keeps what it checked
    names = [s.get("name", "") for s in steps]
    assert names.index("Restore the audit cache") < names.index("Audit every page in Chromium")
    cache = _gitlab()["accessibility"]["cache"]
    assert cache["paths"] == [cache_dir + "/"] and cache["when"] == "always"
    assert all((PROJECT / f).is_file() and f.startswith("theme/") for f in cache["key"]["files"])
