"""The layers stay apart: ``portal`` needs neither Flask nor Pelican, and ``backend`` never imports
``builder`` (the dev runner that composes them lives above both). Every module is imported, so a
new module cannot slip past."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent.parent


def modules_loaded_by(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """Import every module of ``package`` in a fresh interpreter; the forbidden top-level packages
    that ended up loaded."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"import {package}\n"
        f"for info in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    if '.migrations' not in info.name:\n"
        "        importlib.import_module(info.name)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(forbidden)!r}))\n"
        "print(len([m for m in sys.modules if m.startswith('" + package + ".')]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT)
    loaded, count = result.stdout.strip().splitlines()
    assert int(count) >= 5, f"walked only {count} modules of {package}"
    return ast.literal_eval(loaded)


def test_portal_needs_neither_flask_nor_pelican_in_any_module() -> None:
    assert modules_loaded_by("portal", ("flask", "pelican", "wtforms", "flask_wtf", "werkzeug")) == []


def test_backend_never_imports_the_builder() -> None:
    assert modules_loaded_by("backend", ("builder", "pelican", "devserver")) == []


def test_builder_never_imports_the_backend() -> None:
    assert modules_loaded_by("builder", ("backend", "flask", "devserver")) == []


@pytest.mark.parametrize("package", ["portal", "backend", "builder"])
def test_no_module_is_over_400_lines(package: str) -> None:
    long = {str(p.relative_to(PROJECT)): n for p in (PROJECT / package).rglob("*.py")
            if "versions" not in p.parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
