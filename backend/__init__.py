"""The Flask backend: residents report and request things, track them, and staff answer.

``create_app(config)`` is the factory (``flask --app backend ...`` finds it); each journey is a
blueprint. Nothing is kept in process memory that another process would need.
"""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from backend.config import Config


def create_app(config: Config | None = None) -> Flask:
    """Make the app. Without a config: the embedded defaults, or production's when PORTAL_ENV says so."""
    if config is None:
        config = Config.production() if os.environ.get("PORTAL_ENV") == "production" else Config.from_env()
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR.resolve()))
    app.config.from_mapping(config.flask_settings())
    config.INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    if config.TRUSTED_PROXIES:
        # Behind N proxies, the resident's address and scheme are what the Nth proxy from us saw.
        n = config.TRUSTED_PROXIES
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]

    from backend import commands, council  # noqa: PLC0415
    from backend.delivery import init_app as init_delivery  # noqa: PLC0415
    from backend.open311 import init_app as init_open311  # noqa: PLC0415
    from backend.performance import views as performance  # noqa: PLC0415
    from backend.resident import account, search, submit, track  # noqa: PLC0415
    from backend.staff import admin as staff_admin  # noqa: PLC0415
    from backend.staff import case, queue, record, scope  # noqa: PLC0415, F401 (each adds its views to scope.bp)
    from backend.staff import handbook as staff_handbook  # noqa: PLC0415
    from backend.staff import password as staff_password  # noqa: PLC0415
    from backend.staff import signin as staff_signin  # noqa: PLC0415
    from backend.storage import photostore  # noqa: PLC0415
    from backend.storage.db import db  # noqa: PLC0415
    from backend.web import errors, health, logfilter, security, site  # noqa: PLC0415

    logfilter.install()
    db.init_app(app)
    security.init_app(app)
    photostore.init_app(app)
    council.init_app(app)
    errors.init_app(app)
    commands.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(submit.bp)
    app.register_blueprint(track.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(staff_signin.bp)
    app.register_blueprint(staff_password.bp)
    app.register_blueprint(staff_admin.bp)
    app.register_blueprint(scope.bp)
    app.register_blueprint(staff_handbook.bp)
    init_open311(app)
    init_delivery(app)
    app.register_blueprint(performance.bp)
    if config.SERVE_SITE:
        app.register_blueprint(site.bp)
    return app
