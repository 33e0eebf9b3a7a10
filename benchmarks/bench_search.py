#!/usr/bin/env python3
"""Time the search index on N generated service pages, against the build before issue 13.

    git archive 6516dac8 | (mkdir -p /tmp/before && tar -x -C /tmp/before)   # any commit before it
    python benchmarks/bench_search.py --pages 3000 --before /tmp/before

Three ways of making the Pagefind index, measured alternately in one run so the shared machine's
load falls on all: the old build's (Pagefind crawling every built page), and ours (Pagefind
reading one small record per document of search-index.json) cold (every record written) and warm
(records kept between builds, as the build keeps them in its cache). Then the Python ranker that
the server search will use (portal.sitesearch): loading the index and ranking one phrase.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import make_content  # noqa: E402

from portal.sitesearch import SearchIndex  # noqa: E402

PHRASES = ["my bins were missed", "pothole compensation", "bus pass for older people",
           "parking permit for my street", "help paying my rent", "street light not working"]


def _python(code_dir: Path, code: str, cwd: Path) -> float:
    """Run ``code`` with ``code_dir``'s builder in a fresh process; seconds taken."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(code_dir)!r}); {code}"],
                   check=True, cwd=cwd, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return time.perf_counter() - started


def _build(code_dir: Path, content: Path, output: Path, root: Path) -> None:
    _python(code_dir, "from pathlib import Path; from builder.build import build_site; "
            f"r = build_site(Path({str(content)!r}), Path({str(output)!r}), forms_dir=Path('no-forms'), "
            f"cache_dir=Path({str(root / output.name)!r} + '-cache'), search=False); "
            "assert not r.problems.errors, r.problems.errors[:3]", root)


def run(pages: int, before: Path, rounds: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root, pages)
        _build(before, content, root / "old", root)
        _build(PROJECT, content, root / "new", root)
        index = "from pathlib import Path; from builder.search import build_search_index; build_search_index"
        old, cold, warm = [], [], []
        for n in range(rounds):
            old.append(_python(before, f"{index}(Path('old'))", root))
            cold.append(_python(PROJECT, f"{index}(Path('new'), Path('staging{n}'))", root))
            warm.append(_python(PROJECT, f"{index}(Path('new'), Path('staging{n}'))", root))
        started = time.perf_counter()
        search = SearchIndex.load(root / "new" / "search-index.json")
        load = time.perf_counter() - started
        started = time.perf_counter()
        for phrase in PHRASES * 5:
            search.rank(phrase)
        per_query = (time.perf_counter() - started) / (len(PHRASES) * 5)
        size = (root / "new" / "search-index.json").stat().st_size / 1024
    o, c, w = (statistics.median(x) for x in (old, cold, warm))
    return (f"| {pages} | {o:.1f} s | {c:.1f} s ({c / o:.2f}) | {w:.1f} s ({w / o:.2f}) | {size:.0f} KB | "
            f"{load * 1000:.0f} ms | {per_query * 1000:.1f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the build before issue 13")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| service pages | old: Pagefind crawls the pages | ours, cold (ratio) | ours, warm (ratio) "
          "| search-index.json | load it (Python) | rank one phrase (Python) |")
    print("|---|---|---|---|---|---|---|")
    for pages in args.pages:
        print(run(pages, args.before.resolve(), args.rounds), flush=True)


if __name__ == "__main__":
    main()
