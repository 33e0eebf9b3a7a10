"""``POST requests``: a report sent by another system joins the same case flow as a web report.

The request is turned into the form's answers and checked by the very same form classes a
resident's pages use, so the same rules and messages apply; then ``create_report`` gives it a
reference, a due date, the department's queue, its delivery and the confirmation email.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from backend.cases.reports import create_report
from backend.forms.fields import page_answers, page_form_class
from backend.open311.catalogue import attribute_fields, description_field, location_field
from backend.open311.formats import Open311Error, parse_w3c
from backend.storage.db import db
from backend.storage.models import ApiKey, ApiSubmission, Report, utcnow
from portal.forms import ANONYMOUS_CONTACT_PAGE, CONTACT_PAGE_TITLE, FieldSpec, FormSpec, PageSpec
from portal.forms.types import date_boxes

_DESCRIPTION = FieldSpec("description", "textarea", "Description", required=False, max_length=2000)
_DESCRIPTION_PAGE = PageSpec("Description", (_DESCRIPTION,))
RETRY_WINDOW = dt.timedelta(days=1)
_ATTRIBUTE = re.compile(r"attribute\[([^\]]*)\](\[\])?")
_URL = re.compile(r"https?://\S{1,490}")


def _attributes(spec: FormSpec, values: MultiDict) -> dict[str, list[str]]:
    """``attribute[code]`` (or ``attribute[code][]``, repeated or comma-separated) by code."""
    allowed = {f.name: f for f in attribute_fields(spec)}
    found: dict[str, list[str]] = {}
    unknown = []
    for key in values:
        match = _ATTRIBUTE.fullmatch(key)
        if not match:
            continue
        code = match[1]
        if code not in allowed:
            unknown.append(f"attribute[{code[:60]}] is not a question of service {spec.slug}; its attributes "
                           f"are: {', '.join(allowed) or 'none'} (GET services/{spec.slug} lists them)")
            continue
        for value in values.getlist(key):
            if allowed[code].field_type.open311 == "multivaluelist":
                found.setdefault(code, []).extend(v.strip() for v in value.split(",") if v.strip())
            else:
                found.setdefault(code, []).append(value)
    if unknown:
        raise Open311Error(400, *unknown)
    return found


def _location(spec: FormSpec, values: MultiDict) -> tuple[dict[str, str], dict[str, Any] | None]:
    """Form data for the location question from lat/long, address_string or address_id (any one will
    do), and the stored answer's parts the form classes do not make."""
    where = location_field(spec)
    lat, long = (values.get("lat", "").strip(), values.get("long", "").strip())
    address, address_id = values.get("address_string", "").strip(), values.get("address_id", "").strip()
    if where is None:
        return {}, None
    if bool(lat) != bool(long):
        raise Open311Error(400, "lat and long go together: send both, or neither and an address_string")
    if not (lat or address or address_id):
        raise Open311Error(400, f"service {spec.slug} needs a location: send lat and long, address_string "
                           "or address_id")
    if len(address_id) > 100:
        raise Open311Error(400, "address_id must be 100 characters or fewer")
    # The location question needs words; a client that sends only coordinates or an address id
    # (FixMyStreet sends coordinates) is given words to pass the check, and they are not kept.
    stand_in = address or (f"Address {address_id}" if address_id else f"{lat}, {long}")
    data = {where.name: stand_in, f"{where.name}_latitude": lat, f"{where.name}_longitude": long}
    return data, {"description": address or None, **({"address_id": address_id} if address_id else {})}


def _date_boxes(code: str, value: str) -> dict[str, str]:
    """A date question's answer (``YYYY-MM-DD``, or a W3C datetime: its date in its own time zone)
    as the three boxes of the form's date input, so the form's own date check reads it."""
    name = f"attribute[{code}]"
    iso = parse_w3c(value, name).date().isoformat() if "T" in value else value.strip()
    boxes = date_boxes(iso)
    if value.strip() and not any(boxes.values()):
        raise Open311Error(400, f"{name} must be a date, written YYYY-MM-DD; found '{value[:40]}'")
    return {f"{code}-{box}": text for box, text in boxes.items()}


def _form_data(spec: FormSpec, values: MultiDict) -> tuple[MultiDict, dict[str, Any] | None]:
    data: MultiDict = MultiDict()
    for code, answers in _attributes(spec, values).items():
        field = spec.field(code)
        for answer in answers:
            if field.type == "date":
                data.update(_date_boxes(code, answer))
            else:
                data.add(code, answer)
    main = description_field(spec)
    data[main.name if main else _DESCRIPTION.name] = values.get("description", "")
    location_data, location_extra = _location(spec, values)
    data.update(location_data)
    name = " ".join(v.strip() for v in (values.get("first_name", ""), values.get("last_name", "")) if v.strip())
    data.update({"name": name, "email": values.get("email", "").strip(), "phone": values.get("phone", "").strip()})
    return data, location_extra


def _where(name: str, spec: FormSpec) -> str:
    """The request parameter behind a form field, for error messages."""
    main, where = description_field(spec), location_field(spec)
    if (main and name == main.name) or (not main and name == _DESCRIPTION.name):
        return "description"
    if where and name.startswith(where.name):
        return {"": "address_string", "_latitude": "lat", "_longitude": "long"}.get(name[len(where.name):], name)
    return {"name": "first_name", "email": "email", "phone": "phone"}.get(name, f"attribute[{name}]")


def _pages(spec: FormSpec) -> list[PageSpec]:
    # Contact details are optional through the API, as in the standard: without an email the
    # report is made and simply no email is sent. A form with no free-text question keeps the
    # description as an answer of its own, checked by the same rules.
    pages = [p if p.title != CONTACT_PAGE_TITLE else ANONYMOUS_CONTACT_PAGE for p in spec.pages]
    return pages if description_field(spec) else [*pages, _DESCRIPTION_PAGE]


def _fingerprint(values: MultiDict) -> str:
    sent = sorted((k, v) for k, vs in values.lists() if k != "api_key" for v in vs)
    return hashlib.sha256(json.dumps(sent).encode("utf-8")).hexdigest()


def _earlier(key: ApiKey, fingerprint: str) -> ApiSubmission | None:
    """The same request from the same key within the last day: a client retrying after a timeout."""
    return db.session.scalar(select(ApiSubmission).where(
        ApiSubmission.api_key_id == key.id, ApiSubmission.request_hash == fingerprint,
        ApiSubmission.created_at >= utcnow() - RETRY_WINDOW))


def submit(spec: FormSpec, values: MultiDict, key: ApiKey) -> tuple[Report, str]:
    """Check and store a report sent through the API; returns it and its token. Raises Open311Error.

    Sending the same request again (as a client does when an answer is lost) returns the first
    report rather than making a second."""
    fingerprint = _fingerprint(values)
    if (earlier := _earlier(key, fingerprint)) is not None:
        return db.session.get(Report, earlier.report_id), earlier.token
    media_url = values.get("media_url", "").strip()
    if media_url and not _URL.fullmatch(media_url):
        raise Open311Error(400, "media_url must be a web address starting http:// or https://, "
                           "of 500 characters or fewer")
    data, location_extra = _form_data(spec, values)
    answers: dict[str, Any] = {}
    problems = []
    for page in _pages(spec):
        form = page_form_class(page)(formdata=data, meta={"csrf": False})
        if not form.validate():
            problems += [f"{_where(name, spec)}: {messages[0]}" for name, messages in form.errors.items()]
            continue
        answers.update(page_answers(page, form))
    if problems:
        raise Open311Error(400, *problems)
    where = location_field(spec)
    if where is not None and location_extra is not None:
        answers[where.name] = {**answers[where.name], **location_extra}
    if description_field(spec) is None and answers.get(_DESCRIPTION.name) is None:
        answers.pop(_DESCRIPTION.name, None)
    if media_url:
        answers["media_url"] = media_url
    report = create_report(spec, answers, channel="api")
    token = secrets.token_urlsafe(16)
    db.session.add(ApiSubmission(token=token, report_id=report.id, api_key_id=key.id, request_hash=fingerprint))
    db.session.commit()
    return report, token
