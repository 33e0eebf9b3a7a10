"""What a department's system receives: the mailbox's plain-text email, the webhook's JSON, and
the fields of an Open311 ``POST requests`` to a back office. All made from the stored report."""

from __future__ import annotations

from typing import Any

from flask import current_app

from backend.cases.reports import CHANNELS, CONTACT_FIELDS
from backend.open311.catalogue import location_field
from backend.open311.formats import w3c
from backend.storage.models import Report
from portal.forms import FormSpec, display_answer


def case_url(report: Report) -> str:
    return f"{current_app.config['PUBLIC_URL']}/staff/cases/{report.reference}"


def _answers(report: Report, spec: FormSpec) -> list[dict[str, Any]]:
    answers = report.answers or {}
    rows = []
    for field in spec.fields:
        if field.name in CONTACT_FIELDS:
            continue
        photos = sum(1 for p in report.photos if p.field_name == field.name)
        rows.append({"code": field.name, "question": field.label, "value": answers.get(field.name),
                     "display": display_answer(field, answers.get(field.name), photos)})
    return rows


def _location(report: Report, spec: FormSpec) -> dict[str, Any]:
    where = location_field(spec)
    value = (report.answers or {}).get(where.name) if where else None
    return value if isinstance(value, dict) else {}


def email(report: Report, spec: FormSpec) -> tuple[str, str]:
    """Subject and text for the department's mailbox: answers in words, photos by link, no inline files."""
    lines = [f"{spec.title}: {report.reference}", "",
             f"Received {w3c(report.created_at)} ({CHANNELS.get(report.channel, report.channel).lower()}), "
             f"due {report.due_date:%d %B %Y}.", ""]
    for row in _answers(report, spec):
        lines += [row["question"], row["display"], ""]
    lines += ["Contact details",
              f"Name: {report.name or 'Not given'}", f"Email: {report.email or 'Not given'}",
              f"Phone: {report.phone or 'Not given'}", "",
              f"Open the case (photos, history, replies): {case_url(report)}"]
    return f"New {spec.kind}: {spec.title} ({report.reference})", "\n".join(lines)


def webhook(report: Report, spec: FormSpec, delivery_id: int) -> dict[str, Any]:
    return {
        "event": "report.created",
        "delivery_id": delivery_id,
        "reference": report.reference,
        "service_code": spec.slug,
        "service_name": spec.title,
        "kind": spec.kind,
        "department": report.department,
        "channel": report.channel,
        "status": report.status,
        "requested_datetime": w3c(report.created_at),
        "due_date": report.due_date.isoformat(),
        "case_url": case_url(report),
        "location": _location(report, spec),
        "answers": _answers(report, spec),
        "photos": len(report.photos),
        "contact": {"name": report.name, "email": report.email, "phone": report.phone, "postcode": report.postcode},
    }


def open311_request(report: Report, spec: FormSpec) -> dict[str, str]:
    """The form fields of ``POST requests``, as FixMyStreet sends them (no api_key: the sender adds it)."""
    location = _location(report, spec)
    first, _, last = (report.name or "").partition(" ")
    text = "\n".join(f"{row['question']}: {row['display']}" for row in _answers(report, spec)
                     if row["value"] not in (None, "", [], {}))
    fields = {
        "service_code": spec.delivery.service_code if spec.delivery else spec.slug,
        "description": f"{spec.title} ({report.reference})\n\n{text}\n\n{case_url(report)}",
        "first_name": first, "last_name": last, "email": report.email or "", "phone": report.phone or "",
        "address_string": location.get("description") or report.postcode or "",
    }
    if location.get("latitude") and location.get("longitude"):
        fields.update(lat=str(location["latitude"]), long=str(location["longitude"]))
    if spec.delivery and spec.delivery.jurisdiction_id:
        fields["jurisdiction_id"] = spec.delivery.jurisdiction_id
    return {k: v for k, v in fields.items() if v}
