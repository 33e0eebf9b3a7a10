#!/usr/bin/env python3
"""Time the contact-centre handbook build: the sample content, and N generated service pages.

    python benchmarks/bench_handbook.py --pages 3000 [--peer]

Each build is a fresh `python build.py handbook` process (reading content, writing Markdown and
mkdocs.yml, running mkdocs-material from .venv-handbook). Generated content comes from
bench_build.py's generator, with staff notes on every tenth service. With --peer, the same
Markdown is also built by mkdocs-material with its own templates and the navigation left to
mkdocs (every page in every page's sidebar), alternately with ours, to show what the explicit,
grouped navigation saves. Prints Markdown rows for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import PROJECT, make_content  # noqa: E402

NOTES = """---
questions:
  - Where exactly is it?
  - Has anyone been hurt?
  - Is it blocking the road?
eligibility:
  - It is on council land
escalate_to: general
escalate_when: Someone has been hurt or it is dangerous now
owner: Contact centre team leader
---
## Before you record it

Check the service alert on the home page. If the round is running late, say when it will be done.
"""


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return seconds


def build_handbook(content: Path, forms: Path, output: Path, cwd: Path) -> float:
    return timed([sys.executable, str(PROJECT / "build.py"), "handbook", "--content", str(content),
                  "--forms", str(forms), "--output", str(output), "--site", str(cwd / "output")], cwd)


def peer_config(ours: Path, site_dir: Path) -> Path:
    """The same docs with mkdocs-material's own templates and navigation."""
    config = yaml.safe_load(ours.read_text(encoding="utf-8"))
    config["theme"].pop("custom_dir", None)
    config.pop("nav", None)
    config["site_dir"] = str(site_dir)
    peer = ours.with_name("mkdocs-peer.yml")
    peer.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return peer


def generated(root: Path, pages: int) -> tuple[Path, Path]:
    content = make_content(root, pages)
    services = sorted((content / "services").glob("*.md"))
    for service in services[::10]:
        service.with_name(service.stem + ".staff.md").write_text(NOTES, encoding="utf-8")
    forms = root / "forms"
    forms.mkdir()
    for form in ("report-a-pothole", "report-a-missed-bin"):
        shutil.copy(PROJECT / "forms" / f"{form}.yaml", forms)
    return content, forms


def run(label: str, content: Path, forms: Path, root: Path, peer: bool, rounds: int) -> list[str]:
    rows = []
    ours_times, mkdocs_ours, mkdocs_peer = [], [], []
    mkdocs = str(PROJECT / ".venv-handbook" / "bin" / "mkdocs")
    for _ in range(rounds):
        ours_times.append(build_handbook(content, forms, root / "output-handbook", root))
        if peer:
            config = root / ".cache" / "handbook" / "mkdocs.yml"
            mkdocs_ours.append(timed([mkdocs, "build", "-q", "-f", str(config)], root))
            mkdocs_peer.append(timed([mkdocs, "build", "-q", "-f", str(peer_config(config, root / "peer"))], root))
    pages = sum(1 for _ in (root / "output-handbook").rglob("index.html"))
    rows.append(f"| {label} | {pages} | {min(ours_times):.1f} s | " + (
        f"{min(mkdocs_ours):.1f} s | {min(mkdocs_peer):.1f} s | {min(mkdocs_peer) / min(mkdocs_ours):.1f} |"
        if peer else "– | – | – |"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[3000])
    parser.add_argument("--peer", action="store_true", help="also build with mkdocs-material's own navigation")
    parser.add_argument("--rounds", type=int, default=1, help="builds of each kind, alternately (best is shown)")
    args = parser.parse_args()
    print("| content | pages built | build.py handbook | mkdocs, our templates and nav | "
          "mkdocs, material's own nav | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        sample.mkdir()
        for row in run("sample", PROJECT / "content", PROJECT / "forms", sample, args.peer, args.rounds):
            print(row, flush=True)
        for pages in args.pages:
            root = Path(tmp) / f"gen-{pages}"
            root.mkdir()
            content, forms = generated(root, pages)
            for row in run(f"{pages} generated services", content, forms, root, args.peer, args.rounds):
                print(row, flush=True)


if __name__ == "__main__":
    main()
