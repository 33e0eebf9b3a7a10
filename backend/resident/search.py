"""Server search at /search/?q=: answers without JavaScript from the index the build writes
(``search-index.json`` in the built site, shape and ranking in ``portal.sitesearch``), so the
server and the browser search find the same pages for the same words.

Where the backend is deployed the web server sends /search/ here; a static-only site keeps its
own search page (the browser search, or the A–Z when JavaScript is off). The index is read once
and again only when the build replaces the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, Flask, current_app, render_template, request

from backend.web.access import public
from backend.web.security import limiter
from portal.sitesearch import SearchIndex
from portal.text import clean_or_empty, single_line

bp = Blueprint("search", __name__)
RESULTS = 20
_QUERY = single_line(200)


def index_path(app: Flask) -> Path:
    return Path(app.config.get("SEARCH_INDEX") or Path(app.config["SITE_DIR"]) / "search-index.json")


def _index() -> SearchIndex | None:
    """The built index, kept on the app while the file is unchanged; None if there is none yet."""
    path = index_path(current_app)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    cached = current_app.extensions.get("search_index")
    if cached and cached[0] == (path, stamp):
        return cached[1]
    try:
        index = SearchIndex.load(path)
    except (OSError, ValueError, KeyError, json.JSONDecodeError):
        current_app.logger.exception("search index %s could not be read", path)
        return None
    current_app.extensions["search_index"] = ((path, stamp), index)
    return index


@bp.get("/search/")
@limiter.limit("60 per minute")
@public
def search() -> tuple[str, int] | str:
    query = clean_or_empty(request.args.get("q"), _QUERY)
    index = _index()
    results = index.rank(query, RESULTS) if index is not None and query else []
    page = render_template("search/results.html", query=query, results=results, available=index is not None)
    return (page, 503) if index is None and query else page
