#!/usr/bin/env python3
"""This checkout's cold build against another checkout's (say main before a change), alternating
in one run on the same N generated pages, search index included: wall and CPU seconds, medians.

    git archive main | tar -x -C /tmp/main-code
    python benchmarks/bench_against.py --other /tmp/main-code --pages 3000 --rounds 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench_build import PROJECT, make_content
from bench_peers import ours_command, run_timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the other checkout's folder")
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    builds = {"this checkout": PROJECT, "other checkout": args.other.resolve()}
    wall: dict[str, list[float]] = {name: [] for name in builds}
    cpu: dict[str, list[float]] = {name: [] for name in builds}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root, args.pages)
        (root / "no-forms").mkdir()
        for round_no in range(args.rounds):
            order = list(builds) if round_no % 2 == 0 else list(reversed(builds))
            for name in order:
                shutil.rmtree(root / "output", ignore_errors=True)
                shutil.rmtree(root / ".cache", ignore_errors=True)
                wall[name].append(run_timed(ours_command(content, root / "output", root, builds[name]), root,
                                            cpu=cpu[name]))
            print(f"round {round_no + 1}: " + ", ".join(f"{n} {wall[n][-1]:.2f} s ({cpu[n][-1]:.2f} CPU)"
                                                        for n in builds), file=sys.stderr, flush=True)
    median = statistics.median
    print("| cold build, search included | wall, median | CPU on all cores, median | runs (wall) |\n|---|---|---|---|")
    for name in builds:
        print(f"| {name} | {median(wall[name]):.2f} s | {median(cpu[name]):.2f} s | "
              f"{' '.join(f'{v:.2f}' for v in wall[name])} |")
    ratios = [a / b for a, b in zip(wall["this checkout"], wall["other checkout"], strict=True)]
    print(f"| this / other, same round | {median(ratios):.2f} | | {' '.join(f'{r:.2f}' for r in ratios)} |")


if __name__ == "__main__":
    main()
