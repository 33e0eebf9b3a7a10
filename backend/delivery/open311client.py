"""Talking to another Open311 server, as FixMyStreet does: ``POST requests`` to send a report and
``GET servicerequestupdates`` to hear what happened to it. XML, which every such server speaks."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree as ET

import requests

from backend.open311.formats import w3c

TIMEOUT = 30


class DeliveryError(Exception):
    """The other side could not be reached or said no; the message says which, without secrets."""


def _document(response: requests.Response) -> ET.Element:
    try:
        return ET.fromstring(response.content)
    except ET.ParseError:
        raise DeliveryError(f"HTTP {response.status_code}: the answer was not XML") from None


def _check(response: requests.Response) -> ET.Element:
    if response.status_code >= 400:
        try:
            described = "; ".join(e.findtext("description", "") for e in _document(response).iter("error"))
        except DeliveryError:
            described = ""
        raise DeliveryError(f"HTTP {response.status_code}{': ' + described if described else ''}"[:480])
    return _document(response)


def post_request(endpoint: str, api_key: str, fields: dict[str, str]) -> str:
    """Send a report; return the back office's service_request_id."""
    try:
        response = requests.post(f"{endpoint}/requests.xml", data={**fields, "api_key": api_key}, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise DeliveryError(f"{type(exc).__name__}: could not reach {endpoint}") from None
    request = _check(response).find("request")
    identifier = (request.findtext("service_request_id") or "").strip() if request is not None else ""
    if not identifier:
        raise DeliveryError("the back office answered without a service_request_id")
    return identifier[:100]


def fetch_updates(endpoint: str, api_key: str, start: dt.datetime, end: dt.datetime,
                  jurisdiction_id: str | None = None) -> list[dict[str, Any]]:
    """The updates the server made between ``start`` and ``end``, each as a dict of its elements."""
    params = {"api_key": api_key, "start_date": w3c(start), "end_date": w3c(end)}
    if jurisdiction_id:
        params["jurisdiction_id"] = jurisdiction_id
    try:
        response = requests.get(f"{endpoint}/servicerequestupdates.xml", params=params, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise DeliveryError(f"{type(exc).__name__}: could not reach {endpoint}") from None
    return [{child.tag: (child.text or "").strip() for child in update}
            for update in _check(response).iter("request_update")]
