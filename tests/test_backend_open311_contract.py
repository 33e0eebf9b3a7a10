"""The Open311 server driven over HTTP by independent clients: ``georeport`` from PyPI for JSON,
and for XML a reader that makes lists of the elements FixMyStreet's client treats as lists.
(``georeport`` 0.3 has no POST or tokens; those go through ``requests``, as a client would.)"""

from __future__ import annotations

import pytest
import requests
from georeport import GeoReport
from open311_support import add_key, read_xml, served

PAVEMENT = {"service_code": "report-a-damaged-pavement", "lat": "52.6369", "long": "-1.1398",
            "attribute[damage]": "a-damaged-kerb", "description": "The kerb is loose",
            "email": "resident@example.com", "first_name": "Alex", "last_name": "Resident"}


@pytest.fixture
def server(app):
    with served(app) as base:
        yield base + "/open311/v2"


def test_georeport_reads_every_json_method(app, server) -> None:
    key = add_key(app, "fms", "--can-post")
    client = GeoReport(server, api_key=key)
    services = client.get_service_list()
    assert "report-a-damaged-pavement" in [s["service_code"] for s in services]
    definition = client.get_service_definition("report-a-damaged-pavement")
    assert [a["code"] for a in definition["attributes"]] == ["damage"]
    created = requests.post(f"{server}/requests.json", data={**PAVEMENT, "api_key": key}, timeout=10).json()[0]
    ref = created["service_request_id"]
    one = client.get_service_request(ref)
    assert one["service_request_id"] == ref and one["status"] == "open"
    assert one["description"] == "The kerb is loose" and one["lat"] == 52.6369
    listed = client.get_service_requests(service_code="report-a-damaged-pavement", status="open")
    assert [r["service_request_id"] for r in listed] == [ref]
    assert client.get_service_requests(service_request_id=ref)[0]["service_request_id"] == ref
    token = requests.get(f"{server}/tokens/{created['token']}.json", timeout=10).json()
    assert token == [{"service_request_id": ref, "token": created["token"]}]
    posted = requests.post(f"{server}/servicerequestupdates.json", timeout=10, data={
        "api_key": key, "service_request_id": ref, "update_id": "9", "status": "FIXED", "description": "Mended"})
    assert posted.status_code == 200
    updates = requests.get(f"{server}/servicerequestupdates.json", timeout=10).json()
    assert [(u["status"], u["description"]) for u in updates] == [("fixed", "Mended")]
    assert client.get_service_request(ref)["status"] == "closed"


def test_georeport_sees_errors_as_http_errors_with_the_document(server) -> None:
    client = GeoReport(server)
    with pytest.raises(requests.HTTPError) as raised:
        client.get_service_definition("report-a-dragon")
    assert raised.value.response.status_code == 404
    assert raised.value.response.json()[0]["code"] == 404
    with pytest.raises(requests.HTTPError) as raised:
        client.get_service_requests(start_date="2020-01-01T00:00:00Z", end_date="2026-01-01T00:00:00Z")
    assert raised.value.response.status_code == 400


def test_the_xml_reads_as_fixmystreet_reads_it_for_every_method(app, server) -> None:
    key = add_key(app, "fms", "--can-post")
    discovery = read_xml(requests.get(f"{server}/discovery.xml", timeout=10).content)["discovery"]
    assert discovery["endpoints"]["endpoint"]["formats"]["format"] == ["text/xml", "application/json"]
    services = read_xml(requests.get(f"{server}/services.xml", timeout=10).content)["services"]["service"]
    assert isinstance(services, list) and services[0]["metadata"] in ("true", "false")
    definition = read_xml(requests.get(f"{server}/services/report-a-damaged-pavement.xml", timeout=10).content)
    [attribute] = definition["service_definition"]["attributes"]["attribute"]  # a list even of one
    assert attribute["values"]["value"][0]["key"] == "a-cracked-or-broken-paving-slab"
    created = read_xml(requests.post(f"{server}/requests.xml", data={**PAVEMENT, "api_key": key}, timeout=10).content)
    [request] = created["service_requests"]["request"]
    ref = request["service_request_id"]
    assert request["account_id"] is None  # present, and empty
    [record] = read_xml(requests.get(f"{server}/requests/{ref}.xml", timeout=10).content)["service_requests"]["request"]
    assert record["status"] == "open" and record["address_id"] is None and record["media_url"] is None
    listed = read_xml(requests.get(f"{server}/requests.xml", timeout=10).content)["service_requests"]["request"]
    assert [r["service_request_id"] for r in listed] == [ref]
    [token] = read_xml(requests.get(f"{server}/tokens/{request['token']}.xml", timeout=10).content)[
        "service_requests"]["request"]
    assert token["service_request_id"] == ref
    posted = read_xml(requests.post(f"{server}/servicerequestupdates.xml", timeout=10, data={
        "api_key": key, "service_request_id": ref, "update_id": "1", "status": "ACTION_SCHEDULED"}).content)
    [made] = posted["service_request_updates"]["request_update"]
    [update] = read_xml(requests.get(f"{server}/servicerequestupdates.xml", timeout=10).content)[
        "service_request_updates"]["request_update"]
    assert update["update_id"] == made["update_id"] and update["status"] == "action_scheduled"
    empty = read_xml(requests.get(f"{server}/requests.xml", params={"status": "closed"}, timeout=10).content)
    assert empty["service_requests"] is None  # an empty list is an empty element


@pytest.mark.parametrize(("method", "path", "data", "code"), [
    ("get", "services/report-a-dragon.xml", None, 404),
    ("get", "requests/4QM-7XH-9RK.xml", None, 404),
    ("get", "tokens/unknown.xml", None, 404),
    ("get", "requests.xml?status=maybe", None, 400),
    ("post", "requests.xml", PAVEMENT, 403),
    ("post", "servicerequestupdates.xml", {"service_request_id": "x"}, 403),
    ("post", "services.xml", {}, 405),
])
def test_every_xml_error_is_an_errors_document(server, method, path, data, code) -> None:
    response = getattr(requests, method)(f"{server}/{path}", data=data, timeout=10)
    assert response.status_code == code
    [error] = read_xml(response.content)["errors"]["error"]
    assert error["code"] == str(code) and error["description"]
