"""Helpers for the Open311 tests: an app served on loopback, API keys, an XML reader that makes
lists as FixMyStreet's client does, and a fake back office (webhook receiver and Open311 server)."""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import xmltodict
from flask import Flask, Response, request
from werkzeug.serving import make_server

# The elements FixMyStreet's Open311 client reads with ForceArray: always lists, even of one.
FORCE_LIST = ("service", "attribute", "value", "request", "error", "request_update")
# A report as FixMyStreet posts it: every field it can send, each answered.
PAVEMENT = {"service_code": "report-a-damaged-pavement", "lat": "52.6369", "long": "-1.1398",
            "attribute[damage]": "a-hole-in-the-pavement", "description": "A hole by the bus stop, 5cm deep",
            "email": "resident@example.com", "first_name": "Alex", "last_name": "Resident", "phone": "0116 496 0123"}


def read_xml(text: str | bytes) -> dict[str, Any]:
    """An XML document as FixMyStreet's client sees it: empty elements as "", the listed ones as lists."""
    return xmltodict.parse(text, force_list=FORCE_LIST)


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def add_key(app: Flask, name: str, *options: str) -> str:
    """Make an API key with the real command; returns the key it printed once."""
    result = app.test_cli_runner().invoke(args=["apikey", "add", name, *options])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


@dataclass
class BackOffice:
    """What the fake back office saw and will say."""

    secret: str
    webhooks: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)
    updates: list[dict[str, str]] = field(default_factory=list)
    update_queries: list[dict[str, str]] = field(default_factory=list)
    fail_webhooks: int = 0  # answer 503 to this many webhooks first
    api_key: str = "backoffice-key"


def verify_signature(secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """The receiver's check, written from the README's description, not from the portal's code."""
    parts = dict(p.split("=", 1) for p in header.split(","))
    stamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return abs(now - stamp) <= tolerance and hmac.compare_digest(expected, parts["v1"])


def back_office_app(office: BackOffice) -> Flask:
    """A CRM's webhook receiver and a highways system's Open311 server, in one small app."""
    import time

    app = Flask("back_office")

    @app.post("/hooks/portal")
    def webhook() -> Response:
        body = request.get_data()
        if not verify_signature(office.secret, request.headers.get("X-Portal-Signature", ""), body, int(time.time())):
            return Response("bad signature", status=401)
        if office.fail_webhooks > 0:
            office.fail_webhooks -= 1
            return Response("busy", status=503)
        office.webhooks.append({"delivery": request.headers["X-Portal-Delivery"], "json": request.get_json(),
                                "body": body, "signature": request.headers["X-Portal-Signature"]})
        return Response("", status=204)

    @app.post("/open311/v2/requests.xml")
    def post_request() -> Response:
        if request.form.get("api_key") != office.api_key:
            return Response("<errors><error><code>403</code><description>bad key</description></error></errors>",
                            status=403, mimetype="text/xml")
        office.requests.append(request.form.to_dict())
        number = f"BO-{1000 + len(office.requests)}"
        return Response(f"<?xml version='1.0'?><service_requests><request><service_request_id>{number}"
                        "</service_request_id></request></service_requests>", mimetype="text/xml")

    @app.get("/open311/v2/servicerequestupdates.xml")
    def updates() -> Response:
        office.update_queries.append(request.args.to_dict())
        items = "".join("<request_update>" + "".join(f"<{k}>{v}</{k}>" for k, v in u.items()) + "</request_update>"
                        for u in office.updates)
        return Response(f"<?xml version='1.0'?><service_request_updates>{items}</service_request_updates>",
                        mimetype="text/xml")

    return app
