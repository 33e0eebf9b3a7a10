"""Reports as Open311 request records and updates, and the filters of ``GET requests``.

Nothing personal leaves here: no name, email or phone, no answer marked ``personal``, and the
description and notes only when the form says its reports are public. Every key of a record is
present even when it is empty, as strict clients expect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from backend.cases.statuses import OPEN
from backend.open311.catalogue import description_field, location_field
from backend.open311.formats import Open311Error, parse_w3c, w3c
from backend.open311.states import request_status, update_status
from backend.storage.models import Report, ReportUpdate, as_utc
from portal.forms import FormSpec
from portal.references import normalise

LONDON = ZoneInfo("Europe/London")
MAX_DAYS = 90
MAX_RESULTS = 1000
CLOSE_OF_BUSINESS = dt.time(17, 0)
REQUEST_KEYS = ("service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url")


def _coordinate(value: Any) -> float | str:
    try:
        return float(value)
    except (TypeError, ValueError):
        return ""


def _public_updates(report: Report) -> list[ReportUpdate]:
    """What the council told the resident, or another system sent: never internal notes, never the
    resident's own words."""
    return [u for u in report.updates if u.visibility == "public" and u.author != "resident"]


def request_record(report: Report, spec: FormSpec | None) -> dict[str, Any]:
    public = bool(spec and spec.public_reports)
    answers = report.answers or {}
    where = location_field(spec) if spec else None
    location = answers.get(where.name) if where and not where.personal else None
    location = location if isinstance(location, dict) else {}
    postcode = next((f for f in spec.fields if f.type == "postcode"), None) if spec else None
    main = description_field(spec) if spec else None
    updates = _public_updates(report)
    notes = next((u.text for u in reversed(updates) if u.text), None)
    due = dt.datetime.combine(report.due_date, CLOSE_OF_BUSINESS, tzinfo=LONDON)
    record = {
        "service_request_id": report.reference,
        "status": request_status(report.status),
        "status_notes": notes if public else None,
        "service_name": spec.title if spec else report.form_title,
        "service_code": report.form_slug,
        "description": (answers.get(main.name) if main else answers.get("description")) if public else None,
        "agency_responsible": report.department,
        "service_notice": spec.notice if spec else None,
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(max((as_utc(u.created_at) for u in updates), default=as_utc(report.created_at))),
        "expected_datetime": w3c(due),
        "address": location.get("description"),
        "address_id": None,
        "zipcode": report.postcode if postcode and not postcode.personal else None,
        "lat": _coordinate(location.get("latitude")),
        "long": _coordinate(location.get("longitude")),
        "media_url": None,
    }
    assert tuple(record) == REQUEST_KEYS
    return record


def update_records(report: Report, spec: FormSpec | None, since: dt.datetime, until: dt.datetime) -> list[dict]:
    """The report's public updates in the window, each with the status the case had after it."""
    public = bool(spec and spec.public_reports)
    status = "received"
    records = []
    for update in report.updates:
        status = update.status or status
        if update not in _public_updates(report) or not since <= as_utc(update.created_at) <= until:
            continue
        records.append({
            "update_id": str(update.id),
            "service_request_id": report.reference,
            "status": update_status(status),
            "updated_datetime": w3c(update.created_at),
            "description": update.text if public else None,
            "media_url": None,
        })
    return records


def window(args: Any, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    start = parse_w3c(args["start_date"], "start_date") if args.get("start_date") else None
    end = parse_w3c(args["end_date"], "end_date") if args.get("end_date") else None
    span = dt.timedelta(days=MAX_DAYS)
    if start and end is None:
        end = start + span
    end = end or now
    start = start or end - span
    if start > end:
        raise Open311Error(400, "start_date must be before end_date")
    if end - start > span:
        raise Open311Error(400, f"start_date and end_date may be at most {MAX_DAYS} days apart")
    return start, end


def _whole(args: Any, name: str, low: int, high: int, default: int) -> int:
    text = args.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise Open311Error(400, f"{name} must be a whole number from {low} to {high}")
    return int(text)


def _listed(args: Any, name: str) -> list[str]:
    return [v.strip() for v in args.get(name, "").split(",") if v.strip()]


def requests_query(args: Any, now: dt.datetime) -> tuple[Select, int, int]:
    """The query for ``GET requests``, newest first, and the page and page size asked for.

    ``service_request_id`` (comma-separated) overrides the other filters, as the standard says."""
    page = _whole(args, "page", 1, 100_000, 1)
    size = _whole(args, "page_size", 1, MAX_RESULTS, MAX_RESULTS)
    query = select(Report).options(selectinload(Report.updates)).order_by(Report.created_at.desc(),
                                                                          Report.id.desc())
    ids = _listed(args, "service_request_id")
    if ids:
        if len(ids) > MAX_RESULTS:
            raise Open311Error(400, f"service_request_id may list at most {MAX_RESULTS} ids")
        references = [r for r in (normalise(i) for i in ids) if r]
        return query.where(Report.reference.in_(references)), page, size
    statuses = _listed(args, "status")
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, "status must be open or closed (or both, comma-separated)")
    start, end = window(args, now)
    query = query.where(Report.created_at >= start, Report.created_at <= end)
    if codes := _listed(args, "service_code"):
        query = query.where(Report.form_slug.in_(codes))
    if len(set(statuses)) == 1:
        query = query.where(Report.status.in_(OPEN) if statuses[0] == "open" else Report.status.not_in(OPEN))
    return query, page, size
