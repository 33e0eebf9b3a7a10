"""The dev runner (`make run`, `flask --app backend dev`) composes the builder and the backend:
it builds the site the app serves from the app's own content and forms folders."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from backend import create_app
from backend.config import Config
from devserver import build_site_for

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_site_is_built_with_the_apps_configured_forms(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())  # the build's report to the editor
    app = create_app(Config(INSTANCE_DIR=tmp_path / "instance", CONTENT_DIR=FIXTURES / "site",
                            FORMS_DIR=FIXTURES / "site-forms", SITE_DIR=tmp_path / "site", SECRET_KEY="test"))
    assert build_site_for(app) == 0
    built = sorted(p.parent.name for p in (tmp_path / "site" / "forms").glob("*/index.html"))
    assert built == sorted(p.stem for p in (FIXTURES / "site-forms").glob("*.yaml"))
    assert built != sorted(p.stem for p in (Path(__file__).parent.parent / "forms").glob("*.yaml"))


def test_flask_finds_the_dev_command_through_its_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "backend", "dev", "--help"],
                            capture_output=True, text=True, cwd=Path(__file__).parent.parent, check=False)
    assert result.returncode == 0, result.stderr
    assert "serve it and the backend together" in " ".join(result.stdout.split())
