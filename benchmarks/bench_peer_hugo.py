#!/usr/bin/env python3
"""The second peer beside our build: Hugo (Debian's `hugo`) with a minimal layout on the same N
generated service pages, each with a list of up to six related pages from its category, as ours.

    python benchmarks/bench_peer_hugo.py --pages 3000 [--hugo /usr/bin/hugo]

Hugo reads the same Markdown files with their YAML front matter unchanged; only a `categories`
list is added, so Hugo's taxonomy gives each page its category's other pages.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import make_content, timed_build

CONFIG = """baseURL = "https://example.org/"
title = "Peer"
disableKinds = ["RSS"]
[markup.goldmark.renderer]
unsafe = false
"""
BASEOF = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}
{{ $category := index .Params.categories 0 }}
<h2>Related services</h2><ul>
{{ range first 6 (complement (slice .) (index site.Taxonomies.categories $category).Pages) }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def as_hugo_site(content: Path, target: Path) -> None:
    """The same pages as a Hugo site: front matter as it is, plus `categories: [its category]`."""
    services = target / "content" / "services"
    services.mkdir(parents=True)
    for page in (content / "services").glob("*.md"):
        text = page.read_text()
        _, front, body = text.split("---\n", 2)
        category = next(line.split(": ", 1)[1] for line in front.splitlines() if line.startswith("category: "))
        (services / page.name).write_text(f"---\n{front}categories: [{category}]\n---\n{body}")
    (target / "config.toml").write_text(CONFIG)
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(BASEOF)
    (layouts / "single.html").write_text(SINGLE)
    (layouts / "list.html").write_text(LIST)


def timed_hugo(site: Path, hugo: str, output: Path) -> float:
    started = time.perf_counter()
    subprocess.run([hugo, "--quiet", "--source", str(site), "--destination", str(output)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--hugo", default="hugo", help="the peer's hugo command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = make_content(root, args.pages)
        (root / "no-forms").mkdir()
        as_hugo_site(content, root / "hugo")
        peer_seconds = timed_hugo(root / "hugo", args.hugo, root / "hugo-output")
        ours = timed_build(content, root / "output", root)
    print(f"| {args.pages} | Hugo {peer_seconds:.1f} s | build.py {ours:.1f} s | ratio {ours / peer_seconds:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
