"""The Open311 GeoReport v2 server at /open311/v2/, with mySociety's ``servicerequestupdates``.

Every method answers in XML (``.xml``) or JSON (``.json``); every error is Open311's error document
with 400, 403, 404, 405 or 429. Reading needs no key; posting needs a key that may post. Keys
are rate-limited one by one (addresses without a key, by address).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.wrappers import Response

from backend.council import forms_of, site_config
from backend.open311 import catalogue, intake, records
from backend.open311.formats import Open311Error, error_response, render
from backend.open311.incoming import apply_update
from backend.open311.keys import api_key_required, current_key, rate_limit_key
from backend.open311.openapi import document
from backend.storage.db import db
from backend.storage.models import ApiSubmission, ExternalUpdate, Report, ReportUpdate, utcnow
from backend.web.access import public
from backend.web.security import limiter
from portal.forms import FormSpec
from portal.references import normalise

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
FMT = "<any(xml, json):fmt>"
CHANGESET = "2026-12-01T00:00:00+00:00"  # when this API last changed shape
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
rate_limited = limiter.limit(lambda: current_app.config["OPEN311_RATE_LIMIT"], key_func=rate_limit_key)


def _fmt() -> str:
    fmt = (request.view_args or {}).get("fmt")
    return fmt or ("json" if request.path.endswith(".json") else "xml")


@bp.errorhandler(Open311Error)
def _open311_error(error: Open311Error) -> Response:
    return error_response(_fmt(), error.status, *error.descriptions)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    response = error_response(_fmt(), error.code or 500, error.description or error.name)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


@bp.errorhandler(Exception)
def _unexpected(error: Exception) -> Response:
    current_app.logger.exception("unexpected error in the Open311 API: %s", type(error).__name__)
    return error_response(_fmt(), 500, "something went wrong on our side; try again later")


def _service(code: str) -> FormSpec:
    spec = forms_of(current_app).get(code)
    if spec is None:
        raise Open311Error(404, f"service_code '{code[:80]}' is not a service here; GET services lists them")
    return spec


def _department_check(spec_department: str) -> None:
    key = current_key()
    if key is not None and key.department and key.department != spec_department:
        raise Open311Error(403, f"this api_key is for {key.department} only")


@bp.get(f"/discovery.{FMT}")
@rate_limited
@public
def discovery(fmt: str) -> Response:
    site = site_config(current_app)
    base = current_app.config["PUBLIC_URL"] + bp.url_prefix
    return render(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": f"{site.council_name}: {current_app.config['PUBLIC_URL']}/contact/",
        "key_service": f"Ask {site.council_name}'s IT team for an API key; reading needs none.",
        "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    })


@bp.get(f"/services.{FMT}")
@rate_limited
@public
def services(fmt: str) -> Response:
    pages = current_app.extensions["open311_service_pages"]
    return render(fmt, "services", [catalogue.service(spec, pages.get(spec.service))
                                    for spec in forms_of(current_app).values()])


@bp.get(f"/services/<code>.{FMT}")
@rate_limited
@public
def service_definition(code: str, fmt: str) -> Response:
    return render(fmt, "service_definition", catalogue.definition(_service(code)))


@bp.get(f"/requests.{FMT}")
@rate_limited
@public
def list_requests(fmt: str) -> Response:
    query, page, size = records.requests_query(request.args, utcnow())
    found = list(db.session.scalars(query.offset((page - 1) * size).limit(size + 1)))
    forms = forms_of(current_app)
    response = render(fmt, "service_requests", [records.request_record(r, forms.get(r.form_slug))
                                                for r in found[:size]])
    if len(found) > size:
        following = url_for("open311.list_requests", fmt=fmt, **{**request.args.to_dict(), "page": page + 1})
        response.headers["Link"] = f'<{following}>; rel="next"'
    return response


@bp.post(f"/requests.{FMT}")
@rate_limited
@api_key_required
def post_request(fmt: str) -> Response:
    code = request.form.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is missing; GET services lists them")
    spec = _service(code)
    _department_check(spec.department)
    report, token = intake.submit(spec, request.form, current_key())
    return render(fmt, "service_requests", [{"service_request_id": report.reference, "token": token,
                                             "service_notice": spec.notice, "account_id": None}])


@bp.get(f"/requests/<service_request_id>.{FMT}")
@rate_limited
@public
def one_request(service_request_id: str, fmt: str) -> Response:
    report = _report_or_404(service_request_id)
    spec = forms_of(current_app).get(report.form_slug)
    return render(fmt, "service_requests", [records.request_record(report, spec)])


def _report_or_404(service_request_id: str) -> Report:
    reference = normalise(service_request_id)
    report = db.session.scalar(select(Report).where(Report.reference == reference)) if reference else None
    if report is None:
        raise Open311Error(404, f"there is no service request '{service_request_id[:40]}'")
    return report


@bp.get(f"/tokens/<token>.{FMT}")
@rate_limited
@public
def token_lookup(token: str, fmt: str) -> Response:
    found = db.session.get(ApiSubmission, token) if len(token) <= 64 else None
    if found is None:
        raise Open311Error(404, "there is no request with that token")
    report = db.session.get(Report, found.report_id)
    return render(fmt, "service_requests", [{"service_request_id": report.reference, "token": token}])


@bp.get(f"/servicerequestupdates.{FMT}")
@rate_limited
@public
def list_updates(fmt: str) -> Response:
    start, end = records.window(request.args, utcnow())
    ids = list(db.session.scalars(
        select(ReportUpdate.id).where(ReportUpdate.visibility == "public", ReportUpdate.author != "resident",
                                      ReportUpdate.created_at >= start, ReportUpdate.created_at <= end)
        .order_by(ReportUpdate.created_at, ReportUpdate.id).limit(records.MAX_RESULTS)))
    reports = db.session.scalars(select(Report).options(selectinload(Report.updates)).where(
        Report.id.in_(select(ReportUpdate.report_id).where(ReportUpdate.id.in_(ids)))))
    forms = forms_of(current_app)
    wanted = {str(i) for i in ids}
    updates = [u for r in reports for u in records.update_records(r, forms.get(r.form_slug), start, end)
               if u["update_id"] in wanted]
    updates.sort(key=lambda u: (u["updated_datetime"], int(u["update_id"])))
    return render(fmt, "service_request_updates", updates)


@bp.post(f"/servicerequestupdates.{FMT}")
@rate_limited
@api_key_required
def post_update(fmt: str) -> Response:
    form = request.form
    missing = [name for name in ("service_request_id", "update_id", "status") if not form.get(name, "").strip()]
    if missing:
        raise Open311Error(400, *(f"{name} is missing" for name in missing))
    report = _report_or_404(form["service_request_id"])
    _department_check(report.department)
    key = current_key()
    source, update_id = f"key:{key.id}", form["update_id"].strip()
    new = apply_update(report, source=source, update_id=update_id, status=form["status"],
                       text=form.get("description"))
    db.session.commit()
    if new is None:
        earlier = db.session.scalar(select(ExternalUpdate).where(ExternalUpdate.source == source,
                                                                 ExternalUpdate.update_id == update_id[:100]))
        new_id = earlier.report_update_id if earlier and earlier.report_update_id else None
    else:
        new_id = new.id
    return render(fmt, "service_request_updates", [{"update_id": str(new_id) if new_id else update_id}])


@bp.get("/openapi.json")
@public
def openapi() -> Response:
    return jsonify(document(current_app.config["PUBLIC_URL"] + bp.url_prefix))


@bp.route("/<path:anything>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@public
def not_found(anything: str) -> Response:
    """Anything else under /open311/v2/: the method the path allows (405), or nothing there (404)."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in ("GET", "POST"):
        try:
            endpoint, _ = adapter.match(request.path, method=method)
        except HTTPException:
            continue
        if endpoint != "open311.not_found":
            allowed.append(method)
    if allowed and request.method not in allowed:
        raise MethodNotAllowed(valid_methods=allowed, description=f"use {' or '.join(allowed)} here")
    raise NotFound("there is nothing here: paths end .xml or .json; see discovery.xml or openapi.json")
