"""The contact-centre handbook at /staff/handbook/, for signed-in staff only.

`python build.py handbook` (or `make handbook`) builds it into HANDBOOK_DIR; this blueprint
serves those files behind the staff sign-in, in production as in `make run`, because the
handbook holds staff notes that must never be public. Its pages link to each other relatively,
so a folder's address is always served with its trailing slash.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_from_directory
from werkzeug.wrappers import Response

from backend.web.access import staff_required
from backend.web.builtfiles import built_file, is_folder

bp = Blueprint("staff_handbook", __name__, url_prefix="/staff/handbook")


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
@staff_required
def handbook_file(path: str) -> Response | tuple[str, int]:
    root = Path(current_app.config["HANDBOOK_DIR"]).resolve()
    if not (root / "index.html").is_file():
        return render_template("staff/handbook_missing.html"), 503
    if path and not path.endswith("/") and is_folder(root, path):
        return redirect(request.path + "/")
    found = built_file(root, path)
    if found is None:
        abort(404)
    response = send_from_directory(root, found, max_age=0)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "private, no-cache"
    return response
