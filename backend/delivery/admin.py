"""Failed deliveries, for admins: /staff/deliveries lists reports that did not reach their
department's system after every retry, and each can be tried again."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from backend.storage.db import db
from backend.storage.models import Delivery, utcnow
from backend.web.access import staff_required

bp = Blueprint("deliveries", __name__, url_prefix="/staff/deliveries")
log = logging.getLogger(__name__)


def _admin_only() -> None:
    if not g.staff.is_admin:
        abort(404)


@bp.get("/")
@staff_required
def failed() -> str:
    _admin_only()
    rows = db.session.scalars(select(Delivery).where(Delivery.state == "failed").order_by(Delivery.id.desc()))
    return render_template("staff/deliveries.html", deliveries=list(rows))


@bp.post("/<int:delivery_id>/retry")
@staff_required
def retry(delivery_id: int) -> Response:
    _admin_only()
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None or delivery.state != "failed":
        abort(404)
    delivery.state, delivery.attempts, delivery.next_attempt_at, delivery.lease_until = "pending", 0, utcnow(), None
    db.session.commit()
    log.info("staff %s retried delivery %s", g.staff.id, delivery.id)
    flash(f"{delivery.report.reference} will be sent again within a few minutes.")
    return redirect(url_for("deliveries.failed"))
