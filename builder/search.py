"""The static full-text search index, made by Pagefind over the built pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build_search_index(output_dir: Path) -> None:
    """Index ``output_dir`` into ``output_dir/pagefind``; pages mark what to index in the theme."""
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(output_dir), "--silent"],
        check=True,
    )
