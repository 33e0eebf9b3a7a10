"""The staff queue at /staff/: a department's cases, soonest due first, with filters.

Logs name officers and reports by their database ids: never tokens, codes, email addresses or names.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, g, render_template, request
from sqlalchemy import func, select

from backend.cases.answers import case_location
from backend.cases.history import is_overdue
from backend.cases.statuses import OPEN, STATUSES, label
from backend.council import forms_of, known_departments
from backend.performance.definitions import overdue_clause
from backend.staff.scope import bp, visible
from backend.storage.db import db
from backend.storage.models import Report
from backend.web.access import staff_required
from portal.slugs import is_slug
from portal.text import clean_or_empty, single_line
from portal.timezone import LONDON

QUEUE_LIMIT = 200
_STATUS_FILTERS = ("open", "closed", "any")
_DEPARTMENT = single_line(100)


@bp.get("/")
@staff_required
def queue() -> str:
    args = request.args
    status = args.get("status", "open")
    status = status if status in _STATUS_FILTERS or status in STATUSES else "open"
    # Filters come from the URL, so anything can arrive: a value that breaks the rules filters nothing.
    form_slug = args.get("form", "")
    form_slug = form_slug if is_slug(form_slug) else ""
    overdue_only = args.get("overdue") == "1"
    department = clean_or_empty(args.get("department"), _DEPARTMENT) if g.staff.is_admin else g.staff.department
    today = dt.datetime.now(LONDON).date()

    query = visible(select(Report))
    if department:
        query = query.where(Report.department == department)
    if status == "open":
        query = query.where(Report.status.in_(OPEN))
    elif status == "closed":
        query = query.where(Report.status.not_in(OPEN))
    elif status in STATUSES:
        query = query.where(Report.status == status)
    if form_slug:
        query = query.where(Report.form_slug == form_slug)
    if overdue_only:
        query = query.where(overdue_clause(today))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    reports = db.session.scalars(query.order_by(Report.due_date, Report.created_at, Report.id).limit(QUEUE_LIMIT))
    forms = forms_of(current_app)
    rows = [(r, label(r.status), is_overdue(r, today), case_location(forms.get(r.form_slug), r)) for r in reports]

    scope = visible(select(Report.form_slug, Report.form_title).distinct())
    if department:
        scope = scope.where(Report.department == department)
    form_choices = sorted({tuple(row) for row in db.session.execute(scope)}, key=lambda pair: (pair[1], pair[0]))
    departments = sorted({*known_departments(current_app),
                          *db.session.scalars(select(Report.department).distinct())}) if g.staff.is_admin else []
    status_choices = [("open", "Open (any open status)"), ("closed", "Closed (any closed status)"),
                      ("any", "Any status"), *((s.key, s.label) for s in STATUSES.values())]
    return render_template("staff/queue.html", rows=rows, total=total, limit=QUEUE_LIMIT,
                           status_choices=status_choices, status=status, form_slug=form_slug,
                           form_choices=form_choices, overdue_only=overdue_only, department=department,
                           department_choices=[(d, d) for d in departments])
