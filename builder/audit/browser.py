"""Finding and starting Chromium for the audit.

Lookup order: ``$PORTAL_CHROMIUM``, then ``chromium``, ``chromium-browser`` and
``google-chrome`` on ``PATH``, then a Chromium that Playwright downloaded earlier (we never
download one).  Playwright drives it through ``executable_path``.
"""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

INSTALL_HINT = (
    "No Chromium found: install Debian's chromium (apt-get install chromium) "
    "or set PORTAL_CHROMIUM=/path/to/chrome"
)

NAMES = ("chromium", "chromium-browser", "google-chrome")

# The machine may have no network but loopback, and runs as root in CI.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--mute-audio",
]


class BrowserNotFound(Exception):
    """No Chromium to run the audit in; ``str()`` is one line saying how to install one."""

    def __init__(self, message: str = INSTALL_HINT) -> None:
        super().__init__(message)


def _executable(path: str | os.PathLike[str]) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _playwright_downloaded() -> str | None:
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    patterns = ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-linux*/headless_shell",
                "chromium_headless_shell-*/chrome-headless-shell-linux*/chrome-headless-shell")
    for pattern in patterns:
        for found in sorted(glob.glob(os.path.join(root, pattern)), reverse=True):
            if _executable(found):
                return found
    return None


def find_chromium() -> str:
    """Path of the Chromium to use; raises BrowserNotFound if there is none."""
    configured = os.environ.get("PORTAL_CHROMIUM")
    if configured:
        if _executable(configured):
            return configured
        raise BrowserNotFound(f"PORTAL_CHROMIUM={configured} is not an executable file: point it at Chrome or "
                              "Chromium, or unset it and install Debian's chromium (apt-get install chromium)")
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    found = _playwright_downloaded()
    if found:
        return found
    raise BrowserNotFound()
