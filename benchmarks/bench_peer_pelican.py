#!/usr/bin/env python3
"""The peer beside our build: plain Pelican (Python-Markdown, its default theme, no caching) on
the same N generated service pages, so BENCHMARKS.md can give our cold build as a ratio.

    python benchmarks/bench_peer_pelican.py --pages 3000 --pelican /path/to/venv/bin/pelican

The peer needs Pelican with Python-Markdown (`pip install pelican markdown` in a separate venv:
Markdown is not one of the portal's dependencies).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import make_content, timed_build


def as_plain_pelican(content: Path, target: Path) -> None:
    """The same pages as Pelican articles: `Key: value` metadata, the same Markdown body."""
    (target / "content").mkdir(parents=True)
    for page in (content / "services").glob("*.md"):
        text = page.read_text()
        _, front, body = text.split("---\n", 2)
        title = re.search(r"^title: (.*)$", front, re.M).group(1)
        summary = re.search(r"^summary: (.*)$", front, re.M).group(1)
        category = re.search(r"^category: (.*)$", front, re.M).group(1)
        (target / "content" / page.name).write_text(
            f"Title: {title}\nDate: 2026-10-01\nCategory: {category}\nSummary: {summary}\n\n{body}")
    (target / "pelicanconf.py").write_text("SITENAME = 'Peer'\nSITEURL = ''\nTIMEZONE = 'Europe/London'\n"
                                           "DEFAULT_LANG = 'en'\nFEED_ALL_ATOM = None\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--pelican", required=True, help="the peer's pelican command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root, args.pages)
        (root / "no-forms").mkdir()
        peer = root / "peer"
        as_plain_pelican(content, peer)
        started = time.perf_counter()
        subprocess.run([args.pelican, "content", "-o", "output", "-s", "pelicanconf.py", "-q"], cwd=peer,
                       check=True, capture_output=True)
        peer_seconds = time.perf_counter() - started
        ours = timed_build(content, root / "output", root)
    print(f"| {args.pages} | plain Pelican {peer_seconds:.1f} s | build.py {ours:.1f} s | "
          f"ratio {ours / peer_seconds:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
