"""Preview for editors: build, serve the site on 127.0.0.1, rebuild when a file changes.

Each page served carries a small reload script, and after a failed rebuild the problems
(file:line) at its top (see ``builder.preview``); the built files are never changed.
"""

from __future__ import annotations

import errno
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from builder.build import FORMS_DIR, THEME_DIR
from builder.preview import STATUS_PATH, PreviewState
from builder.previewsession import PreviewSession
from builder.report import build_and_report


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site as a web server would, with its own 404 page."""

    preview: PreviewState | None = None

    def do_GET(self) -> None:  # noqa: N802 (the base class's name)
        if self.preview is not None and self.path.split("?", 1)[0] == STATUS_PATH:
            self._send(200, "application/json", self.preview.status_json())
            return
        page = self._html_file()
        if self.preview is not None and page is not None:
            self._send(200, "text/html; charset=utf-8", self.preview.decorate(page.read_bytes()))
            return
        super().do_GET()

    def _html_file(self) -> Path | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and (page.is_file() or self.preview is not None):
            # Before a first good build there is no 404 page, but the problems are still shown.
            body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><html><body></body></html>"
            self._send(404, "text/html; charset=utf-8", self.preview.decorate(body) if self.preview else body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass  # the editor watches build messages, not every request


def start_preview_server(output: Path, port: int, preview: PreviewState | None = None) -> ThreadingHTTPServer:
    """Serve ``output`` on 127.0.0.1:``port`` in a background thread; raises OSError if the port is taken."""
    handler = functools.partial(type("PreviewHandler", (_SiteHandler,), {"preview": preview}),
                                directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch_and_rebuild(content: Path, output: Path, *, strict: bool = False, forms: Path = FORMS_DIR,
                      preview: PreviewState | None = None, stop_event: threading.Event | None = None,
                      session: PreviewSession | None = None) -> None:
    """Rebuild whenever a file in the content, the theme or the forms changes (until stopped):
    only what the change touches when it is to content pages (``builder.previewsession``)."""
    from watchfiles import watch  # noqa: PLC0415

    folders = [p for p in (content, THEME_DIR, forms) if p.is_dir()]
    on_result = functools.partial(preview.record, strict=strict) if preview else None
    session = session or PreviewSession(content, output, forms=forms)
    for changes in watch(*folders, stop_event=stop_event):
        changed = {Path(path) for _change, path in changes}
        build_and_report(content, output, strict=strict, forms=forms, on_result=on_result,
                         build=lambda changed=changed: session.build(changed))


def serve(content: Path, output: Path, *, port: int = 8000, strict: bool = False, forms: Path = FORMS_DIR) -> int:
    """Build, then serve ``output`` at http://127.0.0.1:port until interrupted; 2 if the port is taken."""
    preview = PreviewState()
    output.mkdir(parents=True, exist_ok=True)
    try:
        server = start_preview_server(output, port, preview)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(f"build.py: port {port} is already in use (is another preview running?); stop it, or "
              f"use another port: python build.py --serve --port {port + 1}", file=sys.stderr)
        return 2
    # The first build is a full one, kept in memory so that an edit rebuilds only what it changes.
    session = PreviewSession(content, output, forms=forms)
    build_and_report(content, output, strict=strict, forms=forms,
                     on_result=functools.partial(preview.record, strict=strict), build=session.build)
    print(f"Serving the site at http://127.0.0.1:{port}/ (Ctrl+C stops). Watching for changes.",
          file=sys.stderr)
    try:
        watch_and_rebuild(content, output, strict=strict, forms=forms, preview=preview, session=session)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
