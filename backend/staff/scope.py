"""The staff pages' blueprint and what an officer may see: their own department's cases, or every
department's for an admin. Anything else is "not found", so a guessed reference reveals nothing.

The queue, a case and recording a report are separate modules that add their views to ``bp``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g
from sqlalchemy import select

from backend.storage.db import db
from backend.storage.models import Report
from portal.references import normalise

bp = Blueprint("staff", __name__, url_prefix="/staff")


def visible(query: Any) -> Any:
    """``query`` narrowed to the reports this officer may see."""
    return query if g.staff.is_admin else query.where(Report.department == g.staff.department)


def case_or_404(reference: str) -> Report:
    """The case with that reference if this officer may see it; 404 for anything else."""
    canonical = normalise(reference)
    report = db.session.scalar(select(Report).where(Report.reference == canonical)) if canonical else None
    if report is None or not (g.staff.is_admin or report.department == g.staff.department):
        abort(404)
    return report
