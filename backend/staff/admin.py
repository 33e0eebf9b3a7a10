"""Managing staff at /staff/admin/, for admins: everyone's role, department and state, and each
change made (people.py makes the changes and logs who made them; the CLI shares it).

An admin cannot disable themself or take away their own admin role, so the council always keeps
someone who can undo a mistake.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from backend.council import known_departments
from backend.staff import people
from backend.storage.db import db
from backend.storage.models import ROLES, Staff, StaffChange
from backend.web.access import admin_required

bp = Blueprint("staff_admin", __name__, url_prefix="/staff/admin")
log = logging.getLogger(__name__)


def _staff_or_404(staff_id: int) -> Staff:
    return db.session.get(Staff, staff_id) or abort(404)


def _done(staff: Staff, message: str) -> Response:
    db.session.commit()
    log.info("staff %s changed staff account %s", g.staff.id, staff.id)
    flash(message, "success")
    return redirect(url_for("staff_admin.person", staff_id=staff.id))


@bp.get("/")
@admin_required
def people_list() -> str:
    return render_template("staff/admin/people.html", people=people.everyone(), roles=ROLES,
                           changes=people.recent_changes())


@bp.get("/<int:staff_id>")
@admin_required
def person(staff_id: int) -> str:
    return _person_page(_staff_or_404(staff_id), [])


def _person_page(staff: Staff, errors: list[tuple[str, str]]) -> str:
    changes = db.session.scalars(select(StaffChange).where(StaffChange.staff_id == staff.id)
                                 .order_by(StaffChange.id.desc())).all()
    departments = [(d, d) for d in sorted({*known_departments(current_app), staff.department})]
    return render_template("staff/admin/person.html", person=staff, roles=ROLES, errors=errors,
                           departments=departments, changes=changes, is_self=staff.id == g.staff.id)


@bp.post("/<int:staff_id>/details")
@admin_required
def details(staff_id: int) -> Response | tuple[str, int]:
    staff = _staff_or_404(staff_id)
    role, department = request.form.get("role", ""), request.form.get("department", "")
    errors = []
    if role not in ROLES:
        errors.append(("role", "Select a role"))
    elif staff.id == g.staff.id and role != "admin":
        errors.append(("role", "You cannot take away your own admin role: ask another admin"))
    if department not in {*known_departments(current_app), staff.department}:
        errors.append(("department", "Select a department"))
    if errors:
        return _person_page(staff, errors), 400
    if (role, department) == (staff.role, staff.department):
        flash("Nothing changed: the role and department were already these.", "success")
        return redirect(url_for("staff_admin.person", staff_id=staff.id))
    people.set_role(staff, role, g.staff)
    people.set_department(staff, department, g.staff)
    return _done(staff, f"{staff.email} is now {ROLES[role].lower()} in {department}.")


@bp.post("/<int:staff_id>/disable")
@admin_required
def disable(staff_id: int) -> Response | tuple[str, int]:
    staff = _staff_or_404(staff_id)
    if staff.id == g.staff.id:
        return _person_page(staff, [("disable", "You cannot disable your own account: ask another admin")]), 400
    people.disable(staff, g.staff)
    return _done(staff, f"{staff.email} is disabled and has been signed out everywhere.")


@bp.post("/<int:staff_id>/enable")
@admin_required
def enable(staff_id: int) -> Response:
    staff = _staff_or_404(staff_id)
    people.enable(staff, g.staff)
    return _done(staff, f"{staff.email} can sign in again.")


@bp.post("/<int:staff_id>/reset-password")
@admin_required
def reset_password(staff_id: int) -> Response | tuple[str, int]:
    staff = _staff_or_404(staff_id)
    if not staff.is_active:
        return _person_page(staff, [("reset", "Enable the account before resetting its password")]), 400
    people.reset_password(staff, g.staff)
    return _done(staff, f"{staff.email}'s password is reset. A link to choose a new one is on its way to them; "
                        "it works once, within 24 hours.")
