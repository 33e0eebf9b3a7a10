"""Run mkdocs-material from its own virtual environment (``.venv-handbook``, made by `make handbook`).

mkdocs-material pins a Pygments that Pelican's pins exclude, so it never shares an environment
with the site builder or the backend: the build writes Markdown and mkdocs.yml with this
project's Python, then runs that environment's ``mkdocs`` as a separate program.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
HANDBOOK_VENV = PROJECT / ".venv-handbook"
MKDOCS_ENV = "PORTAL_HANDBOOK_MKDOCS"  # another mkdocs, for a venv kept elsewhere
_LOG_LINE = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")


class MkdocsMissing(Exception):
    """The handbook's mkdocs is not installed where we look for it."""


@dataclass
class MkdocsRun:
    ok: bool
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def find_mkdocs(explicit: Path | None = None) -> Path:
    """The handbook environment's ``mkdocs``: ``explicit``, else $PORTAL_HANDBOOK_MKDOCS, else .venv-handbook's."""
    candidate = explicit or (Path(os.environ[MKDOCS_ENV]) if os.environ.get(MKDOCS_ENV) else
                             HANDBOOK_VENV / "bin" / "mkdocs")
    if not candidate.is_file():
        raise MkdocsMissing(
            f"mkdocs-material is not installed for the handbook ({candidate} is missing): run "
            f"`make handbook`, which makes {HANDBOOK_VENV.name}/ and builds it, or set {MKDOCS_ENV}")
    return candidate


def run_mkdocs(mkdocs: Path, config_file: Path) -> MkdocsRun:
    """``mkdocs build`` with ``config_file``; its warnings and errors, one line each."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(mkdocs), "build", "--clean", "--config-file", str(config_file)],
                          capture_output=True, text=True, env=env, check=False)
    run = MkdocsRun(ok=done.returncode == 0)
    for line in (done.stderr + done.stdout).splitlines():
        match = _LOG_LINE.match(line.strip())
        if match:
            (run.errors if match.group(1) == "ERROR" else run.warnings).append(match.group(2))
    if not run.ok and not run.errors:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        run.errors.append(f"mkdocs stopped (exit {done.returncode}): {tail[0]}")
    return run
