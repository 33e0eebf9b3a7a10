"""``GET /healthz`` for load balancers: 200 when the database answers and its tables are at the
newest migration, 503 otherwise. It says only which of those it is: no personal data, no versions."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from backend.commands import alembic_config
from backend.storage.db import db
from backend.web.access import public

bp = Blueprint("health", __name__)


def _newest_migrations() -> set[str]:
    heads = current_app.extensions.get("migration_heads")
    if heads is None:  # read the migration files once per process
        heads = current_app.extensions["migration_heads"] = set(
            ScriptDirectory.from_config(alembic_config(current_app)).get_heads())
    return heads


@bp.get("/healthz")
@public
def healthz() -> tuple[Response, int]:
    try:
        current = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()
        return _answer("database unavailable", 503)
    finally:
        db.session.rollback()  # hold no transaction open between health checks
    if current != _newest_migrations():
        return _answer("database needs upgrading: flask --app backend db upgrade", 503)
    return _answer("ok", 200)


def _answer(status: str, code: int) -> tuple[Response, int]:
    response = jsonify(status=status)
    response.headers["Cache-Control"] = "no-store"
    return response, code
