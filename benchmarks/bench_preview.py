#!/usr/bin/env python3
"""The preview server after one edit, on N generated service pages: an edit to a page's body and an
edit to its title, each timed until the page is written and until the search index is current.

    python benchmarks/bench_preview.py --pages 3000 --rounds 5

The preview as ``build.py --serve`` runs it (``builder.previewsession``: the site kept in memory,
only what the edit changes written) alternates, edit by edit in one process, with the preview as it
was before (a build through Pelican after each edit, ``build_site(search="background")``) on the
same content and edits. Wall seconds and CPU seconds (this process; "with Pagefind" adds the
Pagefind processes' CPU); medians over the rounds, with the load average beside them.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_build import make_content  # noqa: E402

from builder.build import build_site  # noqa: E402
from builder.previewsession import PreviewSession  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _edit(page: Path, kind: str, n: int) -> None:
    text = page.read_text()
    if kind == "body":
        text = re.sub(r"^## (Changed \d+ )?", f"## Changed {n} ", text, count=1, flags=re.M)
    else:
        text = re.sub(r"^title: .*$", f"title: Report a pothole {n}", text, count=1, flags=re.M)
    page.write_text(text)


def _measure(rebuild, wait, written: Path) -> tuple[float, float, float, float, float]:
    """(edited page written s, rebuild done s, search current s, CPU of the rebuild s, CPU with
    Pagefind s) of one rebuild; the page's time is its file's modification time."""
    wall, started, cpu, children = time.time(), time.perf_counter(), time.process_time(), _children_cpu()
    rebuild()
    done, done_cpu = time.perf_counter() - started, time.process_time() - cpu
    page = written.stat().st_mtime - wall
    wait()
    return (page, done, time.perf_counter() - started, done_cpu,
            time.process_time() - cpu + _children_cpu() - children)


def _join_background() -> None:
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and thread.daemon:
            thread.join()


def run(pages: int, rounds: int) -> dict[str, list[tuple[float, float, float, float]]]:
    results: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root, pages)
        forms = root / "no-forms"
        forms.mkdir()
        page = content / "services" / "report-a-pothole.md"
        before_out = root / "before-output"
        build_site(content, before_out, forms_dir=forms, cache_dir=root / "before-cache")
        session = PreviewSession(content, root / "output", forms=forms, cache_dir=root / "cache")
        session.build()
        session.wait_for_search()
        n = 0
        for round_no in range(rounds):
            for kind in ("body", "title"):
                # The same edit for both, one after the other: the session's first, then before's.
                n += 1
                _edit(page, kind, n)
                now = _measure(lambda: session.build({page}), session.wait_for_search,
                               root / "output" / "services" / "report-a-pothole" / "index.html")
                assert not session.last_was_full
                old = _measure(lambda: build_site(content, before_out, forms_dir=forms,
                                                  cache_dir=root / "before-cache", search="background"),
                               _join_background, before_out / "services" / "report-a-pothole" / "index.html")
                results.setdefault(f"now, {kind}", []).append(now)
                results.setdefault(f"before, {kind}", []).append(old)
            print(f"round {round_no + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f}/{v[-1][1]:.2f}/{v[-1][2]:.2f} s"
                                                          for k, v in results.items())
                  + f"; load average {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
        shutil.rmtree(root / "output", ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    results = run(args.pages, args.rounds)
    print(f"Machine: {os.cpu_count()} cores, load average {load:.1f} at the start and "
          f"{os.getloadavg()[0]:.1f} at the end, {args.pages} generated pages, {args.rounds} rounds\n")
    print("| preview, one edit | edited page written | rebuild done (page shown) | search current | "
          "CPU of the rebuild | CPU with Pagefind |")
    print("|---|---|---|---|---|---|")
    for name, runs in sorted(results.items()):
        medians = [statistics.median(r[i] for r in runs) for i in range(5)]
        print(f"| {name} | " + " | ".join(f"{m:.2f} s" for m in medians) + " |")
    for kind in ("body", "title"):
        ratios = [n[1] / b[1] for n, b in zip(results[f"now, {kind}"], results[f"before, {kind}"], strict=True)]
        print(f"| now / before, {kind}, rebuild done, same round | | {statistics.median(ratios):.2f} | | | |")


if __name__ == "__main__":
    main()
