#!/usr/bin/env python3
"""Time build.py on N generated service pages: cold, warm, after one edit; and page weight.

    python benchmarks/bench_build.py --pages 300 3000

Prints a Markdown table for BENCHMARKS.md. Each run is a fresh `python build.py` process, as an
editor would run it, with the cache and output folders inside a temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
WORDS = [
    "bin",
    "collection",
    "council",
    "residents",
    "apply",
    "online",
    "form",
    "payment",
    "housing",
    "benefit",
    "library",
    "parking",
    "permit",
    "street",
    "light",
    "repair",
    "pothole",
    "school",
    "admission",
    "care",
    "support",
    "tenant",
    "recycling",
    "garden",
    "waste",
    "licence",
    "planning",
    "application",
    "register",
    "vote",
    "tax",
    "band",
    "discount",
]


def make_content(root: Path, pages: int, seed: int = 1) -> Path:
    """A content folder with ``pages`` services in 20 categories, like the sample's shape."""
    rng = random.Random(seed)
    content = root / "content"
    shutil.copytree(PROJECT / "tests" / "fixtures" / "site", content)
    shutil.rmtree(content / "services")
    (content / "services").mkdir()
    categories = [f"topic-{i}" for i in range(20)]
    site = (content / "site.yaml").read_text()
    site = site.replace(
        "categories:\n",
        "categories:\n"
        + "".join(
            f"  {c}:\n    title: Topic {i}\n    summary: Services about topic {i}.\n" for i, c in enumerate(categories)
        ),
    )
    (content / "site.yaml").write_text(site)
    slugs = ["report-a-missed-bin", "pay-council-tax", "bin-collection-days", "report-a-pothole"]
    slugs += [f"service-{i:05d}" for i in range(pages - len(slugs))]
    for i, slug in enumerate(slugs):
        words = lambda n: " ".join(rng.choice(WORDS) for _ in range(n))  # noqa: E731
        links = " ".join(f"See [{words(3)}](/services/{rng.choice(slugs)}/)." for _ in range(2))
        body = (
            f"{words(40).capitalize()}.\n\n## {words(3).capitalize()}\n\n{words(60)}. {links}\n\n"
            f"1. {words(8)}\n2. {words(8)}\n3. {words(8)}\n\n## {words(2).capitalize()}\n\n"
            f"| {words(1)} | {words(1)} |\n|---|---|\n| {words(3)} | {words(3)} |\n\n{words(80)}.\n"
        )
        (content / "services" / f"{slug}.md").write_text(
            f"---\ntitle: {words(3).capitalize()} {i}\nsummary: {words(12).capitalize()}.\n"
            f"category: {categories[i % 20]}\nkeywords: [{words(1)}, {words(2)}]\ncontact: "
            f"{rng.choice(['general', 'waste'])}\nlast_reviewed: 2026-10-01\nreview_by: 2027-10-01\n"
            f"owner: Team {i % 7}\n---\n{body}"
        )
    return content


def timed_build(content: Path, output: Path, cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--content", str(content), "--output", str(output),
         "--forms", str(cwd / "no-forms")],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    return seconds


_PREVIEW = """
import sys, time
from pathlib import Path
sys.path.insert(0, {project!r})
from builder.previewsession import PreviewSession
content, output, forms = Path({content!r}), Path({output!r}), Path({forms!r})
session = PreviewSession(content, output, forms=forms)  # what build.py --serve runs
session.build()
session.wait_for_search()
page = content / "services" / {page!r}

for n in range({edits}):
    page.write_text(page.read_text().replace("## ", f"## Changed {{n}} ", 1))
    started = time.perf_counter()
    session.build({{page}})
    shown = time.perf_counter() - started
    session.wait_for_search()
    print(shown, time.perf_counter() - started)
"""


def preview_edits(content: Path, output: Path, root: Path, edits: int) -> list[tuple[float, float]]:
    """(page shown, search index current) seconds after each of ``edits`` edits in the preview
    server (build.py --serve), which shows the page first and brings Pagefind's index up to date after."""
    page = "report-a-pothole.md" if (content / "services" / "report-a-pothole.md").is_file() else \
        sorted(p.name for p in (content / "services").glob("*.md") if p.name.count(".") == 1)[0]
    code = _PREVIEW.format(project=str(PROJECT), content=str(content), output=str(output),
                           forms=str(root / "no-forms"), edits=edits, page=page)
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    return [tuple(map(float, line.split())) for line in done.stdout.strip().splitlines()]


def page_weight(output: Path, url: str) -> int:
    """Gzip bytes of a page plus every stylesheet, script and image it loads."""
    import re

    html = (output / url.strip("/") / "index.html").read_text()
    assets = re.findall(r'(?:href|src)="(/[^"]+\.(?:css|js|svg))"', html)
    total = len(gzip.compress(html.encode(), 9))
    for asset in sorted(set(assets)):
        total += len(gzip.compress((output / asset.lstrip("/")).read_bytes(), 9))
    return total


def run(pages: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root, pages)
        (root / "no-forms").mkdir()
        output = root / "output"
        cold = timed_build(content, output, root)
        warm = timed_build(content, output, root)
        edited = content / "services" / "report-a-pothole.md"
        time.sleep(0.01)
        edited.write_text(edited.read_text().replace("## ", "## Edited ", 1))
        after_edit = timed_build(content, output, root)
        weight = page_weight(output, "/services/report-a-pothole/")
        preview = preview_edits(content, output, root, 1)[0][0]
    return [f"| {pages} | {cold:.1f} s | {warm:.1f} s | {after_edit:.1f} s | {preview:.2f} s | "
            f"{weight / 1024:.1f} KB |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[300, 3000])
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| service pages | cold build | no change | after editing one page | preview server, one edit | "
          "service page, gzip, all in |")
    print("|---|---|---|---|---|---|")
    for pages in args.pages:
        for row in run(pages):
            print(row, flush=True)


if __name__ == "__main__":
    main()
