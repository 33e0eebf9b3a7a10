"""Serves the built static site next to the backend, for `make run` (production uses a web server)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from werkzeug.wrappers import Response

from backend.web.access import public
from backend.web.builtfiles import built_file

bp = Blueprint("site", __name__)


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
@public
def static_page(path: str) -> Response:
    root = Path(current_app.config["SITE_DIR"]).resolve()
    found = built_file(root, path)
    if found is None:
        abort(404)
    return send_from_directory(root, found, max_age=0)
