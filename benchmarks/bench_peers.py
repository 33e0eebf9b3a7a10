#!/usr/bin/env python3
"""Our build beside its peers, alternating in one run: cold builds of build.py, plain Pelican and
Hugo on the same N generated service pages, then build.py with no change, the preview server
after one edit (search included), and the build's peak memory.

    python benchmarks/bench_peers.py --pages 3000 --rounds 5 --pelican /tmp/peer/bin/pelican
    python benchmarks/bench_peers.py --content path/to/content --rounds 3 --pelican /tmp/peer/bin/pelican

The machine may be shared, so each round runs the three cold builds one after another in a
rotating order, and the figures are medians over the rounds with each ratio taken within a
round. Peak memory is the largest sum of proportional set sizes (shared pages counted once)
over the build's process and its workers, sampled every 20 ms in two cold builds of its own
(sampling slows the process it reads, so the timed builds are not sampled).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_build import PROJECT, make_content, preview_edits
from bench_peer_hugo import as_hugo_site
from bench_peer_pelican import as_plain_pelican


def ours_command(content: Path, output: Path, root: Path, project: Path = PROJECT) -> list[str]:
    return [sys.executable, str(project / "build.py"), "--content", str(content), "--output", str(output),
            "--forms", str(root / "no-forms")]


def _tree_pss_kb(pid: int) -> int:
    """Proportional set size of ``pid`` and its descendants, in KB (0 once it has gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(command: list[str], cwd: Path, peak: list[int] | None = None, cpu: list[float] | None = None) -> float:
    """Seconds ``command`` takes; with ``peak``, also append its process tree's peak PSS (KB), and
    with ``cpu`` the CPU seconds it and every process it waited for used (on any core)."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    highest = [0]

    def sample() -> None:
        while process.poll() is None:
            highest[0] = max(highest[0], _tree_pss_kb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True) if peak is not None else None
    if sampler:
        sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if cpu is not None:
        cpu.append(_children_cpu() - cpu_before)
    if sampler:
        sampler.join()
        peak.append(highest[0])
    if process.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{stderr.decode()[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pelican", required=True, help="the Pelican peer's pelican command (its own venv)")
    parser.add_argument("--hugo", default="/usr/bin/hugo")
    parser.add_argument("--content", type=Path, help="build this content folder (a multilingual "
                        "council's, say) instead of --pages generated services")
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.content:
            content = root / "content"
            shutil.copytree(args.content, content)
        else:
            content = make_content(root, args.pages)
        (root / "no-forms").mkdir()
        as_plain_pelican(content, root / "pelican")
        as_hugo_site(content, root / "hugo")
        runs = {
            "build.py": lambda: ours_command(content, root / "output", root),
            "Pelican": lambda: [args.pelican, "content", "-o", str(root / "pelican-output"), "-s",
                                "pelicanconf.py", "-q"],
            "Hugo": lambda: [args.hugo, "--quiet", "--source", str(root / "hugo"), "--destination",
                             str(root / "hugo-output")],
        }
        cwd = {"build.py": root, "Pelican": root / "pelican", "Hugo": root}
        times: dict[str, list[float]] = {name: [] for name in runs}
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        peaks: list[int] = []
        names = list(runs)
        for round_no in range(args.rounds):
            for name in names[round_no % 3:] + names[:round_no % 3]:
                for folder in ("output", "pelican-output", "hugo-output", ".cache"):
                    shutil.rmtree(root / folder, ignore_errors=True)
                times[name].append(run_timed(runs[name](), cwd[name], cpu=cpu[name]))
            print(f"round {round_no + 1}: " + ", ".join(f"{n} {times[n][-1]:.2f} s ({cpu[n][-1]:.2f} CPU)"
                                                        for n in names)
                  + f"; load average {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
        run_timed(runs["build.py"](), root)  # the last cold build of a round may have been a peer's
        no_change_cpu: list[float] = []
        no_change = [run_timed(runs["build.py"](), root, cpu=no_change_cpu) for _ in range(args.rounds)]
        # Memory apart from the timed runs: reading a process's memory map holds up its page faults.
        for _ in range(2):
            shutil.rmtree(root / "output", ignore_errors=True)
            shutil.rmtree(root / ".cache", ignore_errors=True)
            run_timed(runs["build.py"](), root, peak=peaks)
        edits = preview_edits(content, root / "output", root, args.rounds)
    median = statistics.median
    ours, pelican, hugo = times["build.py"], times["Pelican"], times["Hugo"]
    print(f"Machine: {os.cpu_count()} cores, load average {load_at_start:.1f} at the start and "
          f"{os.getloadavg()[0]:.1f} at the end, "
          f"{args.content or f'{args.pages} generated pages'}, {args.rounds} rounds\n")
    print("| measure | median | runs |\n|---|---|---|")
    for label, values in (("build.py, cold, search included", ours), ("plain Pelican, cold", pelican),
                          ("Hugo, cold", hugo), ("build.py, no change", no_change),
                          ("build.py, no change, CPU seconds", no_change_cpu),
                          ("preview server, one edit: page shown", [e[0] for e in edits]),
                          ("preview server, one edit: search index current too", [e[1] for e in edits])):
        print(f"| {label} | {median(values):.2f} s | {' '.join(f'{v:.2f}' for v in values)} |")
    for name in names:
        print(f"| {name}, cold, CPU seconds on all cores | {median(cpu[name]):.2f} s | "
              f"{' '.join(f'{v:.2f}' for v in cpu[name])} |")
    for peer, theirs in (("Pelican", pelican), ("Hugo", hugo)):
        ratios = [o / t for o, t in zip(ours, theirs, strict=True)]
        print(f"| build.py cold / {peer}, same round | {median(ratios):.2f} | "
              f"{' '.join(f'{r:.2f}' for r in ratios)} |")
    print(f"| build.py cold, peak memory (PSS, all processes, two untimed builds) | {max(peaks) / 1024:.0f} MB | "
          f"{' '.join(f'{p / 1024:.0f}' for p in peaks)} |")


if __name__ == "__main__":
    main()
