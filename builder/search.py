"""The static full-text search index, made by Pagefind (a binary shipped in a PyPI wheel) over
the built pages. Templates mark what to index: the main content of service, event and plain pages."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from pagefind_bin import get_executable


def build_search_index(output_dir: Path) -> None:
    """Index ``output_dir`` into ``output_dir/pagefind``."""
    subprocess.run([str(get_executable()), "--site", str(output_dir), "--silent"], check=True)


def refresh_search_index_later(output_dir: Path) -> threading.Thread:
    """Re-index in the background, for the preview server: an edited page shows at once and
    search catches up a moment later, instead of the editor waiting for both."""
    thread = threading.Thread(target=build_search_index, args=(output_dir,), daemon=True)
    thread.start()
    return thread
