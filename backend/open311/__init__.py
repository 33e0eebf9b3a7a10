"""The Open311 GeoReport v2 API: other systems (FixMyStreet, back-office adapters) read the
services and requests, make reports and send updates back. ``views`` has the routes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from backend.council import site_config  # noqa: PLC0415
    from backend.open311 import catalogue, keys, views  # noqa: PLC0415
    from backend.web.security import csrf  # noqa: PLC0415

    catalogue.init_app(app, site_config(app))
    csrf.exempt(views.bp)  # other systems authenticate with an api_key, not a browser's cookies
    app.register_blueprint(views.bp)
    app.cli.add_command(keys.apikey_cli)
