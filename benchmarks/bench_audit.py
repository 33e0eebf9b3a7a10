"""Benchmark the accessibility audit: cold cache, warm cache, and after editing one page.

    python benchmarks/bench_audit.py --pages 300        # N synthetic pages
    python benchmarks/bench_audit.py --site output      # a built site (copied to a temp folder)

Synthetic pages are copies of the realistic service page of the audit tests
(tests/fixtures/audit/site/services/report-a-pothole/) with varied titles, text, lists and
links, in a temp site folder with the fixture theme.  Each run is a full ``run_audit`` (browser
start included), as ``build.py --audit`` does it.  Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.audit import VIEWPORTS, run_audit  # noqa: E402
from builder.audit.axe import axe_version  # noqa: E402

FIXTURE_SITE = ROOT / "tests" / "fixtures" / "audit" / "site"
TEMPLATE_PAGE = FIXTURE_SITE / "services" / "report-a-pothole" / "index.html"

WORDS = [
    "council", "tax", "bin", "collection", "recycling", "garden", "waste", "pothole", "street", "light",
    "parking", "permit", "library", "housing", "benefit", "planning", "application", "school", "admission",
    "licence", "register", "vote", "road", "gritting", "graffiti", "noise", "complaint", "pest", "control",
    "allotment", "cemetery", "leisure", "centre", "bus", "pass", "blue", "badge", "flooding", "tree", "hedge",
    "fly-tipping", "abandoned", "vehicle", "dropped", "kerb", "business", "rates", "food", "hygiene",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def synthetic_page(template: str, n: int, rng: random.Random) -> str:
    """The template page with a different title, lead, body text, list and links."""
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize() + f" {n}"
    html = template.replace("Report a pothole", title)
    paragraphs = "\n".join(f"<p>{_sentence(rng, rng.randint(12, 60))}</p>" for _ in range(rng.randint(2, 8)))
    items = "\n".join(
        f'<li><a href="/services/page-{rng.randrange(10_000)}/">{_sentence(rng, rng.randint(2, 6))[:-1]}</a></li>'
        for _ in range(rng.randint(2, 12)))
    extra = f'{paragraphs}\n<h2 id="more-{n}">More about {title.lower()}</h2>\n<ul>\n{items}\n</ul>\n'
    return html.replace('<h2 id="what-happens-next">', extra + '<h2 id="what-happens-next">', 1)


def make_site(folder: Path, pages: int, seed: int = 1) -> Path:
    site = folder / "site"
    shutil.copytree(FIXTURE_SITE / "theme", site / "theme")
    shutil.copytree(FIXTURE_SITE / "images", site / "images")
    template = TEMPLATE_PAGE.read_text(encoding="utf-8")
    rng = random.Random(seed)
    for n in range(pages):
        target = site / "services" / f"page-{n:05d}" / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(synthetic_page(template, n, rng), encoding="utf-8")
    return site


def edit_one_page(site: Path) -> Path:
    pages = sorted(p for p in site.rglob("*.html") if "_audit" not in p.parts)
    page = pages[len(pages) // 2]
    html = page.read_text(encoding="utf-8")
    edited, count = re.subn(r"(<main\b[^>]*>)", r"\1\n<p>Edited for the benchmark.</p>", html, count=1)
    if not count:
        edited = html.replace("</body>", "<p>Edited for the benchmark.</p>\n</body>", 1)
    page.write_text(edited, encoding="utf-8")
    return page


def timed_run(site: Path, cache: Path) -> tuple[float, int, str]:
    out = io.StringIO()
    started = time.perf_counter()
    code = run_audit(site, cache_dir=cache, out=out)
    seconds = time.perf_counter() - started
    status = next((line for line in out.getvalue().splitlines() if line.startswith(("PASSED", "FAILED"))), "")
    audited = next((line.strip() for line in out.getvalue().splitlines() if "audited," in line), "")
    return seconds, code, f"{audited} | {status.split(':')[0]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--pages", type=int, help="generate this many synthetic pages")
    group.add_argument("--site", type=Path, help="benchmark a built site (copied to a temp folder first)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        tmp_path = Path(tmp)
        if args.site:
            site = tmp_path / "site"
            # The audit's own reports are left behind; sources.json comes along.
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("report.json", "report.html", "junit.xml"))
            label = f"site {args.site}"
        else:
            site = make_site(tmp_path, args.pages)
            label = f"{args.pages} synthetic pages"
        pages = sum(1 for p in site.rglob("*.html") if "_audit" not in p.relative_to(site).parts)
        cache = tmp_path / "cache"
        rows = []
        for name, prepare in (("cold cache", None), ("warm cache, no change", None),
                              ("warm cache, one page edited", edit_one_page)):
            if prepare:
                prepare(site)
            seconds, code, detail = timed_run(site, cache)
            rows.append((name, seconds, code, detail))
            print(f"{name}: {seconds:.1f} s (exit {code})", file=sys.stderr, flush=True)
    views = " + ".join(f"{v.width}×{v.height}" for v in VIEWPORTS)
    print(f"\n### Audit: {label} ({pages} pages × {len(VIEWPORTS)} viewports, {views})\n")
    print(f"axe-core {axe_version()}, Python {platform.python_version()}, {os.cpu_count()} cores\n")
    print("| run | seconds | exit | details |")
    print("| --- | ---: | ---: | --- |")
    for name, seconds, code, detail in rows:
        print(f"| {name} | {seconds:.1f} | {code} | {detail} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
