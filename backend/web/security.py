"""Security that every response and form gets: headers, CSRF protection and rate limits.

One function sets the headers (tested for an exact match), so a change to them is deliberate.
"""

from __future__ import annotations

from flask import Flask, Response
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed session cookie, with its signer made once per app and key, not per request."""

    def get_signing_serializer(self, app: Flask):  # type: ignore[no-untyped-def]  (Flask's signature)
        keys = (app.secret_key, *app.config.get("SECRET_KEY_FALLBACKS", ()))
        made = app.extensions.get("portal_cookie_signer")
        if made is None or made[0] != keys:
            made = app.extensions["portal_cookie_signer"] = (keys, super().get_signing_serializer(app))
        return made[1]


csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def set_security_headers(response: Response) -> Response:
    """Add the security headers to a response; pages with personal data are not cached."""
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    # The limiter object outlives apps (tests make many): a new app's store starts as alive, not as
    # the last app's Redis was found. Flask-Limiter (4.1) has no public way to say so: the flag is
    # set and cleared only inside the extension (cleared once a request finds the store answering
    # again, with back-off), and neither init_app nor reset() touches it; hence the private name.
    limiter._storage_dead = False
    if not (app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION")):
        # Flask-Limiter checks every request in a before_request hook, for limits that apply to
        # every view (default and application-wide limits). The portal has none: each limited view
        # is decorated, and its decorator checks that view's limits itself. So the hook only cost
        # every page a look-up through the limiter; without it the limits, their Redis fallback and
        # the after_request hook that adds X-RateLimit-* and Retry-After (on 429s too) are as before.
        # Flask-Limiter (4.1) has no switch for it, hence its method's private name.
        app.before_request_funcs[None].remove(limiter._check_request_limit)
    app.after_request(set_security_headers)
