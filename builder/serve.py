"""Preview for editors: build, serve the site on 127.0.0.1, rebuild when a file changes."""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from builder.build import FORMS_DIR, THEME_DIR
from builder.report import build_and_report


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site as a web server would, with its own 404 page."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass  # the editor watches build messages, not every request


def watch_and_rebuild(content: Path, output: Path, *, strict: bool = False, forms: Path = FORMS_DIR) -> None:
    """Rebuild whenever a file in the content, the theme or the forms changes (runs until stopped)."""
    from watchfiles import watch  # noqa: PLC0415

    folders = [p for p in (content, THEME_DIR, forms) if p.is_dir()]
    for _changes in watch(*folders):
        build_and_report(content, output, strict=strict, forms=forms, search="background")


def serve(content: Path, output: Path, *, port: int = 8000, strict: bool = False, forms: Path = FORMS_DIR) -> int:
    """Build, then serve ``output`` at http://127.0.0.1:port until interrupted."""
    build_and_report(content, output, strict=strict, forms=forms)
    handler = functools.partial(_SiteHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving the site at http://127.0.0.1:{port}/ (Ctrl+C stops). Watching for changes.",
          file=sys.stderr)
    try:
        watch_and_rebuild(content, output, strict=strict, forms=forms)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
