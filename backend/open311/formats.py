"""Open311's two formats from one description of a document: XML as FixMyStreet and back-office
adapters read it, and JSON. Also its datetimes and its error documents.

A document is plain data: dicts (elements with children), lists (repeated elements, named from
``LIST_ITEMS``), strings, numbers, booleans and None (an empty element, or "" in JSON, so every
key is present even when it has no value).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.etree import ElementTree as ET

from flask import Response

from backend.storage.models import as_utc

FORMATS = ("xml", "json")
MIMETYPES = {"xml": "text/xml", "json": "application/json"}
# The name of each repeated element, by the name of the list that holds it.
LIST_ITEMS = {
    "services": "service", "attributes": "attribute", "values": "value", "service_requests": "request",
    "errors": "error", "service_request_updates": "request_update", "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    """A problem the client can fix (400), a key that may not do this (403) or nothing there (404)."""

    def __init__(self, status: int, description: str, *more: str) -> None:
        super().__init__(description)
        self.status = status
        self.descriptions = (description, *more)


def w3c(moment: dt.datetime | None) -> str:
    """A W3C datetime with its time zone and no fractional seconds: ``2026-12-01T09:30:00+00:00``."""
    if moment is None:
        return ""
    return as_utc(moment).astimezone(dt.UTC).replace(microsecond=0).isoformat()


def parse_w3c(text: str, name: str) -> dt.datetime:
    """A client's datetime (``Z`` or an offset; none means UTC); Open311Error naming the parameter if bad."""
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace(" ", "+", 1) if "T" in text and " " in text
                                           else text.strip())
    except ValueError:
        raise Open311Error(400, f"{name} must be a W3C datetime, like 2026-12-01T09:30:00Z; found '{text[:40]}'") \
            from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _xml_element(name: str, value: Any) -> ET.Element:
    element = ET.Element(name)
    if isinstance(value, dict):
        element.extend(_xml_element(key, child) for key, child in value.items())
    elif isinstance(value, list):
        item = LIST_ITEMS[name]
        element.extend(_xml_element(item, child) for child in value)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def _json_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_value(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_json_value(child) for child in value]
    return "" if value is None else value


def render(fmt: str, root: str, document: Any, status: int = 200) -> Response:
    """The response for ``document`` whose XML root element is ``root`` (JSON has no root)."""
    if fmt == "xml":
        body = ET.tostring(_xml_element(root, document), encoding="unicode", xml_declaration=False)
        text = '<?xml version="1.0" encoding="utf-8"?>\n' + body
    else:
        text = json.dumps(_json_value(document), ensure_ascii=False)
    return Response(text, status=status, mimetype=MIMETYPES[fmt],
                    content_type=f"{MIMETYPES[fmt]}; charset=utf-8")


def error_response(fmt: str, status: int, *descriptions: str) -> Response:
    """``<errors><error><code/><description/></error></errors>``, or the JSON list of the same."""
    return render(fmt if fmt in FORMATS else "xml", "errors",
                  [{"code": status, "description": d} for d in descriptions], status)
