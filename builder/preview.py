"""What the editor's preview adds to pages, and only the preview: the problems of a failed
rebuild at the top of the page being previewed, and a small script that reloads the page when a
rebuild finishes. The published site never has either; ``builder.serve`` adds them as it serves.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field

from builder.build import BuildResult

STATUS_PATH = "/__preview/status"

_RELOAD_SCRIPT = """<script>
/* Preview only: reload when a rebuild finishes. */
(() => {
  let seen = null;
  async function poll() {
    try {
      const status = await (await fetch("STATUS_PATH", { cache: "no-store" })).json();
      if (seen !== null && status.generation !== seen) { location.reload(); return; }
      seen = status.generation;
    } catch (e) { /* the preview is restarting; try again */ }
    setTimeout(poll, 700);
  }
  poll();
})();
</script>""".replace("STATUS_PATH", STATUS_PATH)

_BANNER_STYLE = ("margin:0;padding:1rem 1.5rem;background:#d4351c;color:#fff;font:1rem/1.5 sans-serif;"
                 "border-bottom:.5rem solid #0b0c0c")


@dataclass
class PreviewState:
    """The last rebuild, as the preview server tells the browser about it."""

    generation: int = 0
    failed: bool = False
    problems: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, result: BuildResult, *, strict: bool) -> None:
        """Note a finished rebuild; open pages reload themselves."""
        found = sorted(set(result.problems.errors)) + (sorted(set(result.problems.warnings)) if strict else [])
        with self._lock:
            self.generation += 1
            self.failed = result.failed(strict)
            self.problems = [str(p) for p in found] if self.failed else []

    def status_json(self) -> bytes:
        with self._lock:
            return json.dumps({"generation": self.generation, "failed": self.failed}).encode()

    def decorate(self, page: bytes) -> bytes:
        """``page`` with the failed rebuild's problems at the top and the reload script at the end."""
        text = page.decode("utf-8", errors="replace")
        with self._lock:
            failed, problems = self.failed, list(self.problems)
        if failed:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
            banner = (f'<div role="alert" style="{_BANNER_STYLE}"><p style="margin:0 0 .5rem;font-weight:700">'
                      "The last rebuild failed, so this is the page from before it. Fix these and save:"
                      f'</p><ul style="margin:0">{items}</ul></div>')
            text = _after_body_tag(text, banner)
        closing = text.rfind("</body>")
        text = text[:closing] + _RELOAD_SCRIPT + text[closing:] if closing >= 0 else text + _RELOAD_SCRIPT
        return text.encode("utf-8")


def _after_body_tag(text: str, insert: str) -> str:
    start = text.find("<body")
    end = text.find(">", start) if start >= 0 else -1
    return text[:end + 1] + insert + text[end + 1:] if end >= 0 else insert + text
