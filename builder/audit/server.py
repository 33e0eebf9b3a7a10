"""Serve the built site over http on 127.0.0.1, so pages load their CSS and JS as in production."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no request log; CSS, JS, images and fonts may be cached by the browser
    for the run (the HTML of each page is handed to the browser directly, see session.py)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def end_headers(self) -> None:
        if not self.path.endswith(("/", ".html")):
            self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on an ephemeral loopback port; yields the base URL (no trailing /)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="audit-http",
                              daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
