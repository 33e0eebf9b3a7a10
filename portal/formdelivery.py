"""How a form's reports leave the portal for the department's own system: the ``delivery:`` key.

```yaml
delivery:
  method: webhook                       # email | webhook | open311
  url: https://crm.council.example/hooks/portal
  secret_env: PORTAL_CRM_WEBHOOK_SECRET # the secret itself lives in the environment
```

``email`` needs ``to``; ``webhook`` needs ``url`` and ``secret_env``; ``open311`` needs ``endpoint``
(the server's base URL, ending ``/open311/v2`` or similar), ``service_code`` and ``api_key_env``,
and may give ``jurisdiction_id``. Secrets are never written in a form file: a key that looks like
one is refused, and the message says which environment variable to use instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from portal import schema as s
from portal.errors import Problems
from portal.yamlsource import KeyPath, Lines

METHODS: tuple[str, ...] = ("email", "webhook", "open311")
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
# What editors may write instead of naming an environment variable; refused with the fix.
_SECRET_KEYS = {"secret": "secret_env", "api_key": "api_key_env", "password": "secret_env", "token": "secret_env"}


@dataclass(frozen=True)
class DeliverySpec:
    """Where a form's reports are sent. Names of environment variables, never their values."""

    method: str
    to: str | None = None
    url: str | None = None
    secret_env: str | None = None
    endpoint: str | None = None
    service_code: str | None = None
    api_key_env: str | None = None
    jurisdiction_id: str | None = None

    @property
    def target(self) -> str:
        """Where it goes, as shown to staff: a mailbox, a URL or an Open311 endpoint."""
        return self.to or self.url or self.endpoint or ""


def _url() -> s.Parser:
    def parse(raw: Any) -> str:
        value = s.text(500)(raw)
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
            raise ValueError(f"should be a web address starting https://; found '{value}'")
        return value.rstrip("/")

    return parse


def _env_name() -> s.Parser:
    def parse(raw: Any) -> str:
        value = s.text(100)(raw)
        if not _ENV_NAME.fullmatch(value):
            raise ValueError(f"should name an environment variable in capitals, like PORTAL_CRM_SECRET; "
                             f"found '{value}'")
        return value

    return parse


_KEYS = [
    s.Field("method", s.choice(METHODS), "webhook"),
    s.Field("to", s.email(), "highways@council.example", required=False),
    s.Field("url", _url(), "https://crm.council.example/hooks/portal", required=False),
    s.Field("secret_env", _env_name(), "PORTAL_CRM_WEBHOOK_SECRET", required=False),
    s.Field("endpoint", _url(), "https://backoffice.council.example/open311/v2", required=False),
    s.Field("service_code", s.text(100), "POTHOLE", required=False),
    s.Field("api_key_env", _env_name(), "PORTAL_BACKOFFICE_API_KEY", required=False),
    s.Field("jurisdiction_id", s.text(100), "kestrelford.gov.uk", required=False),
]
_NEEDS = {"email": ("to",), "webhook": ("url", "secret_env"), "open311": ("endpoint", "service_code", "api_key_env")}
_EXAMPLES = {f.name: f.example for f in _KEYS}


def read_delivery(raw: Any, *, path: str, lines: Lines, problems: Problems,
                  at: KeyPath = ("delivery",)) -> DeliverySpec | None:
    """Check a form's ``delivery:`` mapping; every problem goes to ``problems`` as file:line."""
    if isinstance(raw, dict):
        for key, instead in _SECRET_KEYS.items():
            if key in raw:
                problems.error(path, lines.get((*at, key), lines.get(at, 1)),
                               f"delivery: never write a {key} in a form file, where anyone who reads the "
                               f"files can see it; put it in an environment variable and name that "
                               f"variable with '{instead}: PORTAL_..._SECRET'")
        raw = {k: v for k, v in raw.items() if k not in _SECRET_KEYS}
    found = Problems()
    values = s.check_fields(raw, _KEYS, path=path, lines=lines, problems=found, at=at, what="delivery:")
    for problem in found.errors:
        message = problem.message if problem.message.startswith("delivery") else f"delivery: {problem.message}"
        problems.error(problem.path, problem.line, message)
    method = values["method"]
    if method is None:
        return None
    ok = not found.errors
    for key in _NEEDS[method]:
        if values[key] is None and not (isinstance(raw, dict) and raw.get(key)):
            problems.error(path, lines.get(at, 1), f"delivery: method {method} needs {key}; add a line like "
                           f"'{key}: {_EXAMPLES[key]}' under delivery")
            ok = False
    for key, value in values.items():
        if value is not None and key != "method" and key not in _NEEDS[method] and \
                not (method == "open311" and key == "jurisdiction_id"):
            problems.error(path, lines.get((*at, key), 1), f"delivery: {key} does not apply to method {method}; "
                           f"remove it (method {method} uses {', '.join(_NEEDS[method])})")
            ok = False
    return DeliverySpec(**values) if ok else None
