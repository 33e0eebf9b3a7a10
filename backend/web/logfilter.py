"""Keeps secrets out of the logs: links in emails carry tokens in their paths, and web servers
log every path they serve. This filter blanks those tokens (and any email address) in the
records of the app, Werkzeug's server and Gunicorn's access log, wherever they are written."""

from __future__ import annotations

import logging
import re

_TOKEN_PATH = re.compile(r"(/(?:account/sign-in|track|staff/sign-in|staff/reset-password)/)[^\s\"?/]+")
# Open311 clients (FixMyStreet among them) send their key in the query string.
_API_KEY = re.compile(r"(api_key=)[^\s&\"]+", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@<>\"']+@[^\s@<>\"']+\.[A-Za-z]{2,}")
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error", "backend", "flask.app")


def redact(text: str) -> str:
    return _EMAIL.sub("[email]", _API_KEY.sub(r"\1[key]", _TOKEN_PATH.sub(r"\1[token]", text)))


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install() -> None:
    """Attach the filter to the loggers that see requests (once, however many apps are made)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
