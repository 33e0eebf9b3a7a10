"""Who may use each page: every view declares it, and a test walks the URL map to prove it.

``public`` pages are for anyone; ``resident`` pages need a signed-in resident and ``staff``
pages a signed-in officer, or they send the browser to the right sign-in page. ``manager`` pages
(the performance reports) need a manager or an admin, and ``admin`` pages (managing staff) an
admin; other officers are refused.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, g, redirect, request, session, url_for

from backend.web import sessions

AUDIENCES = ("public", "resident", "staff", "manager", "admin", "api")  # api: another system with an API key
STAFF_RETURN_TO = "staff_return_to"  # session key: the staff page to open after signing in


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    view.audience = "public"  # type: ignore[attr-defined]
    return view


def resident_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        g.account = sessions.current_account()
        if g.account is None:
            return redirect(url_for("account.sign_in"))
        return view(*args, **kwargs)

    wrapped.audience = "resident"  # type: ignore[attr-defined]
    return wrapped


def staff_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        g.staff = sessions.current_staff()
        if g.staff is None:
            if request.method == "GET":
                session[STAFF_RETURN_TO] = request.path  # kept in the session, not the URL
            return redirect(url_for("staff_signin.sign_in"))
        return view(*args, **kwargs)

    wrapped.audience = "staff"  # type: ignore[attr-defined]
    return wrapped


def sees_reports(staff: Any) -> bool:
    """Managers see their department's performance reports; admins every department's."""
    return bool(staff.is_admin) or staff.role == "manager"


def manager_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def reports_only(*args: Any, **kwargs: Any) -> Any:
        if not sees_reports(g.staff):
            abort(403)
        return view(*args, **kwargs)

    wrapped = staff_required(reports_only)
    wrapped.audience = "manager"  # type: ignore[attr-defined]
    return wrapped


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def admins_only(*args: Any, **kwargs: Any) -> Any:
        if not g.staff.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapped = staff_required(admins_only)
    wrapped.audience = "admin"  # type: ignore[attr-defined]
    return wrapped
