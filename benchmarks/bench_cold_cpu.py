#!/usr/bin/env python3
"""CPU seconds of a cold one-process build of N generated pages, and where they go.

    python benchmarks/bench_cold_cpu.py --pages 3000 --rounds 3 [--profile] [--bodies]

Builds ``bench_build.py``'s generated services in this process (``workers=1``, no search index,
fresh output and cache each round) and prints ``time.process_time`` for each round. With
``--profile`` one more build runs under cProfile and the share of the profiled time spent in
Markdown (the parser and its renderer, and the builder's body module around them) is printed.
With ``--bodies``, the CPU of rendering the pages' Markdown bodies alone (``render_body`` on each,
as the reader calls it) is printed for each round too. CPU time, not wall time, so figures from a
shared machine can be compared.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

from bench_build import make_content  # noqa: E402

from builder.build import build_site  # noqa: E402

# Where Markdown's time is counted: the parsers' packages and the builder's modules that walk
# their output (cumulative time of the body renderer covers the parse, the checks and the HTML).
_MARKDOWN_ENTRY = ("builder/body.py", "render_body")


def _build(content: Path, root: Path, n: int) -> float:
    out, cache, forms = root / f"out{n}", root / f"cache{n}", root / f"forms{n}"
    forms.mkdir()
    start = time.process_time()
    result = build_site(content, out, forms_dir=forms, cache_dir=cache, search=False, workers=1)
    spent = time.process_time() - start
    if result.problems.errors:
        raise SystemExit(f"build failed: {result.problems.errors[:3]}")
    shutil.rmtree(out)
    shutil.rmtree(cache)
    return spent


def _bodies(content: Path) -> float:
    from builder.body import render_body
    from portal.errors import Problems
    from portal.frontmatter import split_front_matter

    splits = [split_front_matter(p.read_text(encoding="utf-8"), str(p)) for p in sorted(content.rglob("*.md"))]
    start = time.process_time()
    for split in splits:
        render_body(split.body, path="x.md", first_line=split.body_line, folder="services",
                    url_for_source=lambda _source: "/services/x/", problems=Problems())
    return time.process_time() - start


def _markdown_share(content: Path, root: Path) -> str:
    profile = cProfile.Profile()
    profile.enable()
    _build(content, root, 999)
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]
    body = 0.0
    for (file, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if file.endswith(_MARKDOWN_ENTRY[0]) and name == _MARKDOWN_ENTRY[1]:
            body += cumulative
    return f"profiled {total:.1f} s; render_body (parse, checks, HTML) {body:.1f} s = {100 * body / total:.1f} %"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--bodies", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root, args.pages)
        runs = [_build(content, root, n) for n in range(args.rounds)]
        if runs:
            print(f"{args.pages} pages, cold, one process, CPU s: median {statistics.median(runs):.2f} "
                  f"(runs {' '.join(f'{r:.2f}' for r in runs)})")
        if args.bodies:
            runs = [_bodies(content) for _ in range(max(args.rounds, 1))]
            print(f"render_body on every body, CPU s: median {statistics.median(runs):.2f} "
                  f"(runs {' '.join(f'{r:.2f}' for r in runs)})")
        if args.profile:
            print(_markdown_share(content, root))


if __name__ == "__main__":
    main()
