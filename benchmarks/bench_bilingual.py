#!/usr/bin/env python3
"""What a second language costs the build: N generated services in English alone, beside the same
N with a Welsh translation of every page (2 × N pages), cold builds alternating in one run; then
each with no change, and the sample council (English, Welsh and Urdu) cold.

    cd benchmarks && ../.venv/bin/python bench_bilingual.py --pages 3000 --rounds 3

Each round builds both sites one after the other, in an order that rotates, into fresh folders
(search index included); ratios are taken within a round, so load on a shared machine falls on
both alike.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench_build import PROJECT, make_content
from bench_peers import ours_command, run_timed


def command(name: str, root: Path) -> list[str]:
    """build.py on ``root``'s content; the sample council with its own forms, the generated sites with none."""
    words = ours_command(root / "content", root / "output", root)
    return [*words[:-1], str(PROJECT / "forms")] if name.startswith("sample") else words


def add_welsh(content: Path) -> int:
    """Declare Welsh and write ``x.cy.md`` beside every service: the same keys, its own title and
    summary (the words stay the generator's: the build does the same work for any text)."""
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("languages:\n  cy: partial\n")
    written = 0
    for page in sorted((content / "services").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"^title: (.*)$", r"title: Cymraeg \1", text, count=1, flags=re.M)
        text = re.sub(r"^summary: (.*)$", r"summary: Yn Gymraeg, \1", text, count=1, flags=re.M)
        page.with_name(page.stem + ".cy.md").write_text(text, encoding="utf-8")
        written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    median = statistics.median
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"English only": Path(tmp) / "en", "English and Welsh": Path(tmp) / "en-cy",
                 "sample council (en, cy, ur)": Path(tmp) / "sample"}
        for root in roots.values():
            root.mkdir()
            (root / "no-forms").mkdir()
        make_content(roots["English only"], args.pages)
        make_content(roots["English and Welsh"], args.pages)
        translated = add_welsh(roots["English and Welsh"] / "content")
        shutil.copytree(PROJECT / "content", roots["sample council (en, cy, ur)"] / "content")
        times: dict[str, list[float]] = {name: [] for name in roots}
        cpu: dict[str, list[float]] = {name: [] for name in roots}
        names = list(roots)
        for round_no in range(args.rounds):
            for name in names[round_no % 3:] + names[:round_no % 3]:
                root = roots[name]
                for folder in ("output", ".cache"):
                    shutil.rmtree(root / folder, ignore_errors=True)
                times[name].append(run_timed(command(name, root), root, cpu=cpu[name]))
            print(f"round {round_no + 1}: " + ", ".join(f"{n} {times[n][-1]:.2f} s" for n in names)
                  + f"; load average {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
        no_change = {name: [run_timed(command(name, roots[name]), roots[name]) for _ in range(args.rounds)]
                     for name in names}
    print(f"Machine: {os.cpu_count()} cores, load average {load_at_start:.1f} at the start and "
          f"{os.getloadavg()[0]:.1f} at the end; {args.pages} generated services, {translated} Welsh "
          f"translations; {args.rounds} rounds\n")
    print("| site | cold, median | cold runs | CPU seconds, median | no change, median |\n|---|---|---|---|---|")
    for name in names:
        print(f"| {name} | {median(times[name]):.2f} s | {' '.join(f'{v:.2f}' for v in times[name])} | "
              f"{median(cpu[name]):.2f} s | {median(no_change[name]):.2f} s |")
    ratios = [b / a for a, b in zip(times["English only"], times["English and Welsh"], strict=True)]
    print(f"| English and Welsh / English only, same round | {median(ratios):.2f} | "
          f"{' '.join(f'{r:.2f}' for r in ratios)} | | |")


if __name__ == "__main__":
    main()
