#!/usr/bin/env python3
"""Time site search on N generated service pages: making the browser index, and ranking queries.

    python benchmarks/bench_search.py --pages 3000

The build's share: writing search-index.json and making Pagefind's index from it, beside the
whole build without search, measured alternately in one run so the shared machine's load falls on
both. Then the Python ranker (portal.sitesearch, what the server search will use): loading the
index and the time per phrase query. Prints Markdown rows for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import make_content  # noqa: E402

from builder.build import build_site  # noqa: E402
from builder.search import build_search_index  # noqa: E402
from portal.sitesearch import SearchIndex  # noqa: E402

PHRASES = ["my bins were missed", "pothole compensation", "bus pass for older people",
           "parking permit for my street", "help paying my rent", "street light not working"]


def run(pages: int, rounds: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root, pages)
        output = root / "output"
        builds, indexes = [], []
        for n in range(rounds):
            shutil.rmtree(output, ignore_errors=True)
            started = time.perf_counter()  # a cold build without the Pagefind index
            result = build_site(content, output, cache_dir=root / f"cache{n}", forms_dir=root / "no-forms",
                                search=False)
            builds.append(time.perf_counter() - started)
            assert not result.problems.errors, result.problems.errors[:3]
            started = time.perf_counter()
            build_search_index(output)
            indexes.append(time.perf_counter() - started)
        started = time.perf_counter()
        index = SearchIndex.load(output / "search-index.json")
        load = time.perf_counter() - started
        started = time.perf_counter()
        for phrase in PHRASES * 5:
            index.rank(phrase)
        per_query = (time.perf_counter() - started) / (len(PHRASES) * 5)
        size = (output / "search-index.json").stat().st_size / 1024
    build_s, index_s = statistics.median(builds), statistics.median(indexes)
    return [f"| {pages} | {build_s:.2f} s | {index_s:.2f} s | {index_s / build_s:.2f} | "
            f"{size:.0f} KB | {load * 1000:.0f} ms | {per_query * 1000:.1f} ms |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| service pages | cold build, no Pagefind | Pagefind from search-index.json | ratio "
          "| search-index.json | load index (Python) | rank one phrase (Python) |")
    print("|---|---|---|---|---|---|---|")
    for pages in args.pages:
        for row in run(pages, args.rounds):
            print(row, flush=True)


if __name__ == "__main__":
    main()
