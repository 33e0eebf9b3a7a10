"""Named points in the backend where tests stop or pause a request, to prove what a crash there leaves.

``checkpoint(name)`` calls the app's ``FAULT_HOOK`` (a callable taking the point's name) when a
test has set one in the config; it does nothing otherwise. It is never read from the environment,
so a deployed portal cannot be made to pause.
"""

from __future__ import annotations

from flask import current_app


def checkpoint(name: str) -> None:
    hook = current_app.config.get("FAULT_HOOK")
    if callable(hook):
        hook(name)
