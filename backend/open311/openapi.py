"""The OpenAPI 3.1 document of the Open311 API, served at /open311/v2/openapi.json.

Each method is listed twice, once per format; the JSON schemas say exactly what the server sends
(every key of a record present, empty values as ""), so a client generator or a contract test can
trust them.
"""

from __future__ import annotations

from typing import Any

from backend.open311.records import MAX_RESULTS, REQUEST_KEYS

STR = {"type": "string"}
DATETIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$"}
DATETIME_OR_EMPTY = {"anyOf": [DATETIME, {"const": ""}]}
NUMBER_OR_EMPTY = {"anyOf": [{"type": "number"}, {"const": ""}]}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or list(properties),
            "additionalProperties": False}


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


SCHEMAS: dict[str, Any] = {
    "Errors": _list(_object({"code": {"type": "integer"}, "description": STR})),
    "Discovery": _object({
        "changeset": DATETIME, "contact": STR, "key_service": STR,
        "endpoints": _list(_object({"specification": STR, "url": STR, "changeset": DATETIME, "type": STR,
                                    "formats": _list(STR)})),
    }),
    "Services": _list(_object({
        "service_code": STR, "service_name": STR, "description": STR, "metadata": {"type": "boolean"},
        "type": {"enum": ["realtime", "batch", "blackbox"]}, "keywords": STR, "group": STR,
    })),
    "ServiceDefinition": _object({
        "service_code": STR,
        "attributes": _list(_object({
            "variable": {"type": "boolean"}, "code": STR,
            "datatype": {"enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]},
            "required": {"type": "boolean"}, "datatype_description": STR, "order": {"type": "integer"},
            "description": STR, "values": _list(_object({"key": STR, "name": STR})),
        })),
    }),
    "ServiceRequests": _list(_object({
        **{key: STR for key in REQUEST_KEYS},
        "status": {"enum": ["open", "closed"]},
        "requested_datetime": DATETIME, "updated_datetime": DATETIME, "expected_datetime": DATETIME_OR_EMPTY,
        "lat": NUMBER_OR_EMPTY, "long": NUMBER_OR_EMPTY,
    })),
    "Created": _list(_object({"service_request_id": STR, "token": STR, "service_notice": STR, "account_id": STR})),
    "Token": _list(_object({"service_request_id": STR, "token": STR})),
    "ServiceRequestUpdates": _list(_object({
        "update_id": STR, "service_request_id": STR, "status": STR, "updated_datetime": DATETIME,
        "description": STR, "media_url": STR,
    })),
    "UpdateCreated": _list(_object({"update_id": STR})),
}
_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100000}},
    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_RESULTS}},
]
_WINDOW = [
    {"name": "start_date", "in": "query", "schema": {"type": "string", "format": "date-time"}},
    {"name": "end_date", "in": "query", "schema": {"type": "string", "format": "date-time"}},
]


def _responses(fmt: str, ok: str, *errors: int) -> dict[str, Any]:
    def body(schema: str) -> dict[str, Any]:
        if fmt == "json":
            return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
        return {"text/xml": {"schema": STR}}

    described = {400: "The request has a problem the client can fix", 403: "The api_key may not do this",
                 404: "Nothing there", 405: "Not allowed on this path", 429: "Too many requests for this key"}
    responses = {"200": {"description": "OK", "content": body(ok)}}
    for code in (*errors, 404, 405, 429):
        responses[str(code)] = {"description": described[code], "content": body("Errors")}
    return responses


def _form_body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": schema}}}


def _paths(fmt: str) -> dict[str, Any]:
    path_id = {"in": "path", "required": True, "schema": {"type": "string", "pattern": r"^[^/.]+$"}}
    return {
        f"/discovery.{fmt}": {"get": {"summary": "Where the API is and what it speaks",
                                      "responses": _responses(fmt, "Discovery")}},
        f"/services.{fmt}": {"get": {"summary": "The services (one per form)",
                                     "responses": _responses(fmt, "Services")}},
        f"/services/{{service_code}}.{fmt}": {"get": {
            "summary": "A service's attributes (its form's questions)",
            "parameters": [{"name": "service_code", **path_id}], "responses": _responses(fmt, "ServiceDefinition")}},
        f"/requests.{fmt}": {
            "get": {"summary": "Service requests, newest first, at most 90 days and 1,000 a page",
                    "parameters": [{"name": "service_request_id", "in": "query", "schema": STR},
                                   {"name": "service_code", "in": "query", "schema": STR},
                                   {"name": "status", "in": "query", "schema": STR}, *_WINDOW, *_PAGING],
                    "responses": _responses(fmt, "ServiceRequests", 400)},
            "post": {"summary": "Make a report (needs an api_key that may post)",
                     "requestBody": _form_body({
                         "api_key": STR, "service_code": STR, "lat": {"type": "number"}, "long": {"type": "number"},
                         "address_string": STR, "address_id": STR, "email": STR, "first_name": STR,
                         "last_name": STR, "phone": STR, "description": STR, "media_url": STR,
                         "jurisdiction_id": STR, "device_id": STR, "account_id": STR,
                     }, ["api_key", "service_code"]),
                     "responses": _responses(fmt, "Created", 400, 403)},
        },
        f"/requests/{{service_request_id}}.{fmt}": {"get": {
            "summary": "One service request", "parameters": [{"name": "service_request_id", **path_id}],
            "responses": _responses(fmt, "ServiceRequests")}},
        f"/tokens/{{token}}.{fmt}": {"get": {
            "summary": "The service request a token from POST requests became",
            "parameters": [{"name": "token", **path_id}], "responses": _responses(fmt, "Token")}},
        f"/servicerequestupdates.{fmt}": {
            "get": {"summary": "Public updates to requests (mySociety's extension), oldest first",
                    "parameters": [*_WINDOW], "responses": _responses(fmt, "ServiceRequestUpdates", 400)},
            "post": {"summary": "A back-office system's update to a request (needs an api_key that may post)",
                     "requestBody": _form_body({
                         "api_key": STR, "service_request_id": STR, "update_id": STR, "status": STR,
                         "updated_datetime": STR, "description": STR, "media_url": STR,
                     }, ["api_key", "service_request_id", "update_id", "status"]),
                     "responses": _responses(fmt, "UpdateCreated", 400, 403)},
        },
    }


def document(server_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Open311 GeoReport v2", "version": "2",
                 "description": "Reports and requests to the council, in the Open311 GeoReport v2 standard, "
                                "with mySociety's servicerequestupdates extension."},
        "servers": [{"url": server_url}],
        "paths": {**_paths("xml"), **_paths("json")},
        "components": {"schemas": SCHEMAS},
    }
