#!/usr/bin/env python3
"""The whole portal on one machine for development: `make run` (or `flask --app backend dev`).

It builds the static site with the builder and serves it beside the Flask backend on 127.0.0.1,
rebuilds when content, theme or forms change, and delivers mail to the local outbox folder. It
composes both layers, so it stands above them, beside build.py: ``backend`` never imports
``builder``. Flask finds the ``dev`` command through the ``flask.commands`` entry point.
"""

from __future__ import annotations

import sys
import threading

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from werkzeug.serving import run_simple

from backend import create_app
from backend.commands import deliver_round, upgrade_database
from backend.mail.outbox import deliver_forever
from builder.handbook.command import handbook_command
from builder.report import build_and_report
from builder.serve import watch_and_rebuild


def build_site_for(app: Flask) -> int:
    """Build the site the app serves, from the app's own content and forms folders; the exit code."""
    config = app.config
    return build_and_report(config["CONTENT_DIR"], config["SITE_DIR"], strict=False, forms=config["FORMS_DIR"])


def build_handbook_for(app: Flask) -> int:
    """Build the staff handbook the app serves at /staff/handbook/ from the app's folders; the exit
    code. Problems are reported and the last good handbook stays; so does a missing .venv-handbook."""
    config = app.config
    return handbook_command(["--content", str(config["CONTENT_DIR"]), "--forms", str(config["FORMS_DIR"]),
                             "--output", str(config["HANDBOOK_DIR"]), "--site", str(config["SITE_DIR"])])


@click.command("dev")
@click.option("--port", default=8000, show_default=True)
@with_appcontext
def dev(port: int) -> None:
    """Build the site, then serve it and the backend together on 127.0.0.1, as `make run` does."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    build_site_for(app)
    build_handbook_for(app)
    upgrade_database(app)
    config = app.config
    threading.Thread(target=watch_and_rebuild, args=(config["CONTENT_DIR"], config["SITE_DIR"]),
                     kwargs={"forms": config["FORMS_DIR"]}, daemon=True).start()
    threading.Thread(target=deliver_forever, args=(app, 5.0), kwargs={"work": deliver_round}, daemon=True).start()
    click.echo(f"Portal at http://127.0.0.1:{port}/ (the site and the forms; the staff handbook at "
               f"/staff/handbook/, built at start). Mail goes to "
               f"{config['MAIL_FOLDER']}. Ctrl+C stops.")
    # Flask's CLI refuses app.run() inside a command, so start Werkzeug's server directly.
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False)


def main() -> None:
    """``python devserver.py [--port N]``: the same as ``flask --app backend dev``."""
    cli = FlaskGroup(create_app=create_app, add_default_commands=False)
    cli.add_command(dev)
    cli(args=["dev", *sys.argv[1:]])


if __name__ == "__main__":
    main()
