"""The Open311 GeoReport v2 server: every method in XML and JSON, strict records, errors, keys."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

import pytest
from freezegun import freeze_time
from open311_support import PAVEMENT, add_key, read_xml

from backend.council import forms_of
from backend.open311.records import REQUEST_KEYS
from backend.storage.db import db
from backend.storage.models import ApiKey, OutboxMessage, Report, ReportUpdate
from backend.web.logfilter import redact

W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
BASE = "/open311/v2"


def get(client, path: str, fmt: str, **params):
    response = client.get(f"{BASE}/{path}.{fmt}", query_string=params)
    body = read_xml(response.data) if fmt == "xml" else json.loads(response.data)
    return response, body


def post(client, path: str, fmt: str, data: dict):
    response = client.post(f"{BASE}/{path}.{fmt}", data=data)
    body = read_xml(response.data) if fmt == "xml" else json.loads(response.data)
    return response, body


def errors_of(body, fmt: str) -> list[dict]:
    return body["errors"]["error"] if fmt == "xml" else body


@pytest.fixture
def poster(app) -> str:
    return add_key(app, "fixmystreet", "--can-post")


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_discovery_names_the_endpoint_and_both_formats(client, fmt) -> None:
    response, body = get(client, "discovery", fmt)
    assert response.status_code == 200 and response.mimetype == {"xml": "text/xml", "json": "application/json"}[fmt]
    discovery = body["discovery"] if fmt == "xml" else body
    endpoint = discovery["endpoints"]["endpoint"] if fmt == "xml" else discovery["endpoints"][0]
    assert endpoint["url"] == "https://www.kestrelford.example/open311/v2"
    formats = endpoint["formats"]["format"] if fmt == "xml" else endpoint["formats"]
    assert formats == ["text/xml", "application/json"]
    assert W3C.match(discovery["changeset"])


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_services_are_the_forms_with_page_keywords_and_group(app, client, fmt) -> None:
    _, body = get(client, "services", fmt)
    services = body["services"]["service"] if fmt == "xml" else body
    assert [s["service_code"] for s in services] == list(forms_of(app))
    pothole = next(s for s in services if s["service_code"] == "report-a-pothole")
    assert pothole["service_name"] == "Report a pothole"
    assert pothole["keywords"] == ("hole in road, road damage, pot hole, road surface, pothole compensation, "
                                  "claim for pothole damage")
    assert pothole["group"] == "Roads and streets" and pothole["type"] == "realtime"
    assert pothole["metadata"] in ("true", True)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_service_definition_lists_questions_with_open311_datatypes(client, fmt) -> None:
    _, body = get(client, "services/report-a-missed-bin", fmt)
    definition = body["service_definition"] if fmt == "xml" else body
    attributes = definition["attributes"]["attribute"] if fmt == "xml" else definition["attributes"]
    by_code = {a["code"]: a for a in attributes}
    # Its free-text question is not an attribute: Open311's description fills it.
    assert list(by_code) == ["address_line", "postcode", "bins", "collection_date", "bin_location"]
    assert by_code["bins"]["datatype"] == "multivaluelist"
    assert by_code["bin_location"]["datatype"] == "singlevaluelist"
    assert by_code["collection_date"]["datatype"] == "datetime"
    assert by_code["address_line"]["datatype"] == "string"
    values = by_code["bins"]["values"]["value"] if fmt == "xml" else by_code["bins"]["values"]
    assert values[0] == {"key": "green-rubbish-bin", "name": "Green rubbish bin"}
    assert [a["order"] for a in attributes] == (["1", "2", "3", "4", "5"] if fmt == "xml" else [1, 2, 3, 4, 5])
    assert by_code["bins"]["required"] in ("true", True)
    assert by_code["collection_date"]["datatype_description"] == "A date, written YYYY-MM-DD."
    _, pothole = get(client, "services/report-a-pothole", fmt)
    pothole = pothole["service_definition"] if fmt == "xml" else pothole
    attrs = pothole["attributes"]["attribute"] if fmt == "xml" else pothole["attributes"]
    # Photos arrive as media_url and the place as lat/long/address_string: neither is an attribute.
    assert [a["code"] for a in attrs] == ["position", "depth", "vehicles"]
    assert attrs[2]["datatype"] == "number" and attrs[2]["datatype_description"] == "A whole number from 0 to 20."


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_report_posted_with_coordinates_only_joins_the_case_flow(app, client, poster, fmt) -> None:
    data = {**PAVEMENT, "api_key": poster}
    del data["description"]
    response, body = post(client, "requests", fmt, data)
    assert response.status_code == 200, response.data
    created = body["service_requests"]["request"][0] if fmt == "xml" else body[0]
    report = db.session.scalars(db.select(Report)).one()
    assert created["service_request_id"] == report.reference
    assert (report.channel, report.department, report.status) == ("api", "Highways and street lighting", "received")
    assert report.answers["location"] == {"description": None, "latitude": "52.6369", "longitude": "-1.1398"}
    assert report.answers["damage"] == "a-hole-in-the-pavement"
    assert (report.name, report.email) == ("Alex Resident", "resident@example.com")
    [mail] = db.session.scalars(db.select(OutboxMessage)).all()
    assert mail.to_address == "resident@example.com" and report.reference in mail.subject
    _, found = get(client, f"tokens/{created['token']}", fmt)
    found = found["service_requests"]["request"][0] if fmt == "xml" else found[0]
    assert found["service_request_id"] == report.reference


def test_a_retried_post_gets_the_same_report_not_a_second(app, client, poster) -> None:
    first, one = post(client, "requests", "json", {**PAVEMENT, "api_key": poster})
    second, two = post(client, "requests", "json", {**PAVEMENT, "api_key": poster})
    assert first.status_code == second.status_code == 200 and one == two
    assert len(db.session.scalars(db.select(Report)).all()) == 1
    assert len(db.session.scalars(db.select(OutboxMessage)).all()) == 1  # one confirmation email
    _, three = post(client, "requests", "json", {**PAVEMENT, "api_key": poster, "description": "Another one"})
    assert three[0]["service_request_id"] != one[0]["service_request_id"]


def test_description_fills_the_main_free_text_question_and_address_is_enough(app, client, poster) -> None:
    data = {**PAVEMENT, "api_key": poster, "address_string": "12 High Street"}
    del data["lat"], data["long"]
    response, _ = post(client, "requests", "json", data)
    assert response.status_code == 200, response.data
    report = db.session.scalars(db.select(Report)).one()
    assert report.answers["description"] == "A hole by the bus stop, 5cm deep"
    assert report.answers["location"]["description"] == "12 High Street"


def test_a_form_without_free_text_keeps_the_description_checked_by_the_same_rules(app, client, poster) -> None:
    pothole = {"service_code": "report-a-pothole", "lat": "52.6", "long": "-1.1", "api_key": poster,
               "attribute[position]": "near-the-kerb", "attribute[depth]": "more-than-10cm"}
    response, body = post(client, "requests", "json", {**pothole, "description": "x" * 2001})
    assert response.status_code == 400 and body[0]["description"].startswith("description: ")
    response, body = post(client, "requests", "json", {**pothole, "attribute[vehicles]": "many"})
    assert response.status_code == 400 and body[0]["description"].startswith("attribute[vehicles]: ")
    response, _ = post(client, "requests", "json", {**pothole, "description": "Deep, by the bus stop"})
    assert response.status_code == 200
    assert db.session.scalars(db.select(Report)).one().answers["description"] == "Deep, by the bus stop"


def test_contact_details_are_optional_and_no_email_means_no_email(app, client, poster) -> None:
    data = {k: v for k, v in PAVEMENT.items() if k not in ("email", "first_name", "last_name", "phone")}
    response, _ = post(client, "requests", "json", {**data, "api_key": poster, "address_id": "UPRN-100"})
    assert response.status_code == 200, response.data
    report = db.session.scalars(db.select(Report)).one()
    assert report.email is None and report.answers["location"]["address_id"] == "UPRN-100"
    assert db.session.scalars(db.select(OutboxMessage)).all() == []


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(("change", "named"), [
    ({"attribute[damage]": "lava"}, "attribute[damage]"),
    ({"attribute[colour]": "red"}, "attribute[colour]"),
    ({"email": "not-an-email"}, "email"),
    ({"lat": "", "long": ""}, "needs a location"),
    ({"long": ""}, "lat and long go together"),
    ({"lat": "95"}, "lat"),
    ({"service_code": "report-a-dragon"}, "report-a-dragon"),
    ({"service_code": ""}, "service_code"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"description": "<script>alert(1)</script>"}, "description"),
])
def test_a_bad_request_gets_400_naming_what_is_wrong_and_stores_nothing(client, poster, fmt, change, named) -> None:
    response, body = post(client, "requests", fmt, {**PAVEMENT, "api_key": poster, **change})
    expected = 404 if named == "report-a-dragon" else 400
    assert response.status_code == expected
    [error] = errors_of(body, fmt)
    assert str(error["code"]) == str(expected) and named in error["description"]
    assert db.session.scalars(db.select(Report)).all() == []


def test_a_required_attribute_missing_is_named(client, poster) -> None:
    response, body = post(client, "requests", "json", {**PAVEMENT, "api_key": poster, "attribute[damage]": ""})
    assert response.status_code == 400
    assert body[0]["description"] == "attribute[damage]: Select what the damage is"


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_posting_needs_a_live_key_that_may_post_for_that_department(app, client, fmt) -> None:
    reader = add_key(app, "reader")
    waste = add_key(app, "waste-crm", "--department", "waste and recycling", "--can-post")
    revoked = add_key(app, "old", "--can-post")
    assert app.test_cli_runner().invoke(args=["apikey", "revoke", "old"]).exit_code == 0
    for key in (None, "made-up", reader, waste, revoked):
        data = {**PAVEMENT, **({"api_key": key} if key else {})}
        response, body = post(client, "requests", fmt, data)
        assert response.status_code == 403, key
        assert str(errors_of(body, fmt)[0]["code"]) == "403"
    assert db.session.scalars(db.select(Report)).all() == []


def test_the_key_may_come_in_a_header(client, poster) -> None:
    response = client.post(f"{BASE}/requests.json", data=PAVEMENT, headers={"X-Api-Key": poster})
    assert response.status_code == 200


def _make_reports(client, poster, count: int, **change) -> list[str]:
    refs = []
    base = {k: v for k, v in PAVEMENT.items() if not k.startswith("attribute[")} if "service_code" in change \
        else PAVEMENT
    for n in range(count):  # each a different place, or the server would take them for retries
        response, body = post(client, "requests", "json", {**base, "api_key": poster, **change,
                                                           "address_string": f"{n + 1} High Street"})
        assert response.status_code == 200, response.data
        refs.append(body[0]["service_request_id"])
    return refs


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_request_records_have_every_key_and_nothing_personal(app, client, poster, fmt) -> None:
    [ref] = _make_reports(client, poster, 1)
    _, body = get(client, f"requests/{ref}", fmt)
    [record] = body["service_requests"]["request"] if fmt == "xml" else body
    assert tuple(record) == REQUEST_KEYS
    assert record["status"] == "open" and record["service_code"] == "report-a-damaged-pavement"
    assert record["description"] == "A hole by the bus stop, 5cm deep"  # the form's reports are public
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C.match(record[key]), record[key]
    assert record["address_id"] in (None, "") and record["media_url"] in (None, "")
    text = json.dumps(body)
    for personal in ("Alex", "resident@example.com", "0116 496 0123"):
        assert personal not in text
    assert float(record["lat"]) == 52.6369


def test_description_and_personal_answers_are_hidden_unless_the_form_is_public(app, client, poster) -> None:
    bin_report = {"service_code": "report-a-missed-bin", "attribute[address_line]": "1 Secret Lane",
                  "attribute[postcode]": "KF1 1AA", "attribute[bins]": "green-rubbish-bin,food-caddy",
                  "attribute[collection_date]": "2026-11-30T07:00:00Z", "attribute[bin_location]": "on-the-pavement",
                  "description": "Missed again", "api_key": poster}
    response, body = post(client, "requests", "json", bin_report)
    assert response.status_code == 200, response.data
    report = db.session.get(Report, 1) or db.session.scalars(db.select(Report)).one()
    assert report.answers["bins"] == ["green-rubbish-bin", "food-caddy"]
    assert report.answers["collection_date"] == "2026-11-30" and report.postcode == "KF1 1AA"
    _, [record] = get(client, f"requests/{body[0]['service_request_id']}", "json")
    assert record["description"] == "" and record["zipcode"] == "" and record["address"] == ""
    assert "Secret" not in json.dumps(record) and "Missed again" not in json.dumps(record)


def test_get_requests_filters_pages_and_limits(app, client, poster) -> None:
    with freeze_time("2026-11-20T10:00:00Z"):
        old = _make_reports(client, poster, 2)
    with freeze_time("2026-11-30T10:00:00Z"):
        new = _make_reports(client, poster, 3)
        pothole = _make_reports(client, poster, 1, service_code="report-a-pothole", **{
            "attribute[position]": "near-the-kerb", "attribute[depth]": "more-than-10cm"})
        report = db.session.scalars(db.select(Report).where(Report.reference == new[0])).one()
        report.status = "resolved"
        db.session.commit()
        _, everything = get(client, "requests", "json")
        ids = [r["service_request_id"] for r in everything]
        assert set(ids) == set(old + new + pothole) and ids.index(pothole[0]) < ids.index(old[0])  # newest first
        _, some = get(client, "requests", "json", service_request_id=f"{old[0]},{new[1]}, nonsense")
        assert {r["service_request_id"] for r in some} == {old[0], new[1]}
        _, potholes = get(client, "requests", "json", service_code="report-a-pothole")
        assert [r["service_request_id"] for r in potholes] == pothole
        _, closed = get(client, "requests", "json", status="closed")
        assert [r["service_request_id"] for r in closed] == [new[0]]
        _, recent = get(client, "requests", "json", start_date="2026-11-25T00:00:00Z")
        assert set(r["service_request_id"] for r in recent) == set(new + pothole)
        _, before = get(client, "requests", "json", end_date="2026-11-21T00:00:00+00:00")
        assert set(r["service_request_id"] for r in before) == set(old)
        first = client.get(f"{BASE}/requests.json", query_string={"page_size": 4})
        assert len(first.json) == 4 and 'rel="next"' in first.headers["Link"]
        second = client.get(f"{BASE}/requests.json", query_string={"page_size": 4, "page": 2})
        assert len(second.json) == 2 and "Link" not in second.headers
        assert {r["service_request_id"] for r in first.json + second.json} == set(ids)


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(("params", "named"), [
    ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90 days"),
    ({"start_date": "yesterday"}, "start_date"),
    ({"start_date": "2026-11-02T00:00:00Z", "end_date": "2026-11-01T00:00:00Z"}, "before"),
    ({"status": "pending"}, "status"),
    ({"page_size": "1001"}, "page_size"),
    ({"page": "0"}, "page"),
])
def test_bad_filters_get_400_naming_them(client, fmt, params, named) -> None:
    response, body = get(client, "requests", fmt, **params)
    assert response.status_code == 400 and named in errors_of(body, fmt)[0]["description"]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_unknown_things_are_404_and_wrong_methods_405_in_the_format_asked(client, fmt) -> None:
    for path in ("requests/4QM-7XH-9RK", "requests/nonsense", "tokens/nope", "services/report-a-dragon"):
        response, body = get(client, path, fmt)
        assert response.status_code == 404 and str(errors_of(body, fmt)[0]["code"]) == "404"
    response, body = post(client, "services", fmt, {})
    assert response.status_code == 405 and response.headers["Allow"] == "GET"
    assert str(errors_of(body, fmt)[0]["code"]) == "405"
    assert client.get(f"{BASE}/services.csv").status_code == 404


def _staff_update(report: Report, status: str | None, text: str | None, visibility: str = "public") -> None:
    if status:
        report.status = status
    db.session.add(ReportUpdate(report=report, visibility=visibility, author="staff", status=status, text=text))
    db.session.commit()


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_updates_use_extended_statuses_and_never_internal_notes(app, client, poster, fmt) -> None:
    with freeze_time("2026-11-30T10:00:00Z"):
        [ref] = _make_reports(client, poster, 1)
        report = db.session.scalars(db.select(Report)).one()
    with freeze_time("2026-11-30T11:00:00Z"):
        _staff_update(report, "scheduled", "Repair booked for Friday")
    with freeze_time("2026-11-30T12:00:00Z"):
        _staff_update(report, None, "Caller is the councillor's cousin", visibility="internal")
    with freeze_time("2026-11-30T13:00:00Z"):
        _staff_update(report, "resolved", None)
    with freeze_time("2026-12-01T09:00:00Z"):
        _, body = get(client, "servicerequestupdates", fmt, start_date="2026-11-30T00:00:00Z",
                      end_date="2026-12-01T00:00:00Z")
    updates = body["service_request_updates"]["request_update"] if fmt == "xml" else body
    assert [(u["status"], u["description"] or "") for u in updates] == [
        ("action_scheduled", "Repair booked for Friday"), ("fixed", "")]
    assert all(u["service_request_id"] == ref and u["update_id"] and W3C.match(u["updated_datetime"])
               for u in updates)
    assert "cousin" not in json.dumps(body)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_back_office_posts_updates_that_reach_the_resident_once(app, client, poster, fmt) -> None:
    [ref] = _make_reports(client, poster, 1)
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    update = {"api_key": poster, "service_request_id": ref, "update_id": "BO-77", "status": "INVESTIGATING",
              "description": "An inspector is on the way", "updated_datetime": "2026-12-01T09:00:00Z"}
    response, body = post(client, "servicerequestupdates", fmt, update)
    assert response.status_code == 200, response.data
    first = body["service_request_updates"]["request_update"][0] if fmt == "xml" else body[0]
    again, body = post(client, "servicerequestupdates", fmt, update)  # a retry by the back office
    repeat = body["service_request_updates"]["request_update"][0] if fmt == "xml" else body[0]
    assert again.status_code == 200 and repeat["update_id"] == first["update_id"]
    report = db.session.scalars(db.select(Report)).one()
    db.session.refresh(report)
    assert report.status == "in-progress"
    assert [u.text for u in report.updates] == ["An inspector is on the way"]
    [mail] = db.session.scalars(db.select(OutboxMessage)).all()
    assert mail.to_address == "resident@example.com" and "An inspector is on the way" in mail.body_text
    response, body = post(client, "servicerequestupdates", fmt, {**update, "update_id": "BO-78", "status": "melted"})
    assert response.status_code == 400 and "melted" in errors_of(body, fmt)[0]["description"]
    response, body = post(client, "servicerequestupdates", fmt, {**update, "api_key": "wrong"})
    assert response.status_code == 403


def test_keys_are_shown_once_stored_hashed_listed_by_name_and_never_logged(app, client, caplog) -> None:
    key = add_key(app, "fixmystreet", "--can-post")
    assert key.startswith("p311_") and len(key) > 40
    row = db.session.scalars(db.select(ApiKey)).one()
    assert key not in (row.key_hash, row.name) and len(row.key_hash) == 64
    listing = app.test_cli_runner().invoke(args=["apikey", "list"]).output
    assert "fixmystreet" in listing and key not in listing
    again = app.test_cli_runner().invoke(args=["apikey", "add", "fixmystreet"])
    assert again.exit_code != 0 and "already" in again.output
    unknown = app.test_cli_runner().invoke(args=["apikey", "add", "x", "--department", "Dragons"])
    assert unknown.exit_code != 0 and "Dragons" in unknown.output
    line = f'127.0.0.1 - - "GET /open311/v2/servicerequestupdates.xml?api_key={key}&start_date=x HTTP/1.1" 200'
    assert key not in redact(line) and "api_key=[key]" in redact(line)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("werkzeug").info(line)
        client.post(f"{BASE}/requests.json", data={**PAVEMENT, "api_key": key, "attribute[damage]": "lava"})
    assert key not in caplog.text


def test_rate_limits_count_per_key(app, client) -> None:
    app.config["OPEN311_RATE_LIMIT"] = "3 per minute"
    first, second = add_key(app, "one"), add_key(app, "two")
    codes = [client.get(f"{BASE}/services.json", query_string={"api_key": first}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get(f"{BASE}/services.xml", query_string={"api_key": first})
    assert read_xml(limited.data)["errors"]["error"][0]["code"] == "429"
    assert client.get(f"{BASE}/services.json", query_string={"api_key": second}).status_code == 200


def test_every_open311_view_declares_who_may_use_it(app) -> None:
    audiences = {rule.endpoint: getattr(app.view_functions[rule.endpoint], "audience", None)
                 for rule in app.url_map.iter_rules() if rule.endpoint.startswith("open311.")}
    assert audiences["open311.post_request"] == "api" and audiences["open311.post_update"] == "api"
    assert audiences["open311.list_requests"] == "public"


def test_dates_and_times_are_w3c_with_zone_and_no_fractions(app, client, poster) -> None:
    with freeze_time(dt.datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)):
        [ref] = _make_reports(client, poster, 1)
        _, [record] = get(client, f"requests/{ref}", "json")
    assert record["requested_datetime"] == "2026-07-01T09:30:15+00:00"
    assert record["expected_datetime"].endswith("+00:00")
