"""The dev runner (`make run`, `flask --app backend dev`) composes the builder and the backend:
it builds the site the app serves from the app's own content and forms folders."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from flask.cli import FlaskGroup

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


def test_the_dev_command_builds_migrates_and_serves_the_configured_app(tmp_path: Path, monkeypatch) -> None:
    import devserver  # noqa: PLC0415

    app = create_app(Config(INSTANCE_DIR=tmp_path / "instance", FORMS_DIR=FIXTURES / "site-forms",
                            SITE_DIR=tmp_path / "site", SECRET_KEY="test"))
    seen: dict[str, object] = {}
    monkeypatch.setattr(devserver, "build_site_for", lambda built: seen.setdefault("built", built))
    monkeypatch.setattr(devserver, "build_handbook_for", lambda built: seen.setdefault("handbook", built))
    monkeypatch.setattr(devserver, "watch_and_rebuild", lambda *args, **kwargs: seen.setdefault("watched", kwargs))
    monkeypatch.setattr(devserver, "deliver_forever", lambda _app, _every: None)
    monkeypatch.setattr(devserver, "run_simple",
                        lambda host, port, served, **_: seen.update(served=(host, port, served)))
    cli = FlaskGroup(create_app=lambda: app, add_default_commands=False)
    cli.add_command(devserver.dev)
    result = CliRunner().invoke(cli, ["dev", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["built"] is app and seen["handbook"] is app and seen["served"] == ("127.0.0.1", 8123, app)
    assert seen["watched"] == {"forms": FIXTURES / "site-forms"}
    assert any((tmp_path / "instance").glob("*.db"))  # the database was brought up to date
