"""Schemathesis runs the OpenAPI document against the app: whatever a client sends within (and
outside) the document, the server never fails with a 500 and every response matches the document."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from open311_support import add_key
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_the_api_keeps_to_its_document(app) -> None:
    # Schemathesis's pytest plugin does not work with this pytest, so each operation's strategy is
    # driven by Hypothesis directly: the same cases and checks, bounded to a few examples each.
    schema = schemathesis.openapi.from_wsgi("/open311/v2/openapi.json", app)
    key = add_key(app, "schemathesis", "--can-post")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def keeps_to_document(case) -> None:
            # Half the posts carry a real key, so the checks behind it are reached too.
            headers = {"X-Api-Key": key} if case.method == "POST" and len(str(case.body)) % 2 else None
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_to_document()


def test_the_document_is_openapi_3_1_and_lists_every_method(client) -> None:
    document = client.get("/open311/v2/openapi.json").json
    assert document["openapi"] == "3.1.0"
    paths = document["paths"]
    for fmt in ("xml", "json"):
        for path in ("discovery", "services", "services/{service_code}", "requests", "requests/{service_request_id}",
                     "tokens/{token}", "servicerequestupdates"):
            assert f"/{path}.{fmt}" in paths
        assert set(paths[f"/requests.{fmt}"]) == {"get", "post"}
        assert set(paths[f"/servicerequestupdates.{fmt}"]) == {"get", "post"}
