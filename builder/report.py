"""Run a build and tell the editor what happened: problems as file:line lines, then a summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from builder.build import FORMS_DIR, BuildResult, build_site


def build_and_report(content: Path, output: Path, *, strict: bool, forms: Path = FORMS_DIR,
                     out: TextIO = sys.stderr, search: bool | str = True,
                     on_result: Callable[[BuildResult], None] | None = None,
                     build: Callable[[], BuildResult] | None = None) -> int:
    """Build, print every problem sorted by file and line, and return the exit code.

    ``on_result`` is given the result too (the preview shows it in the browser); ``build``, if
    given, makes the build instead of ``build_site`` (the preview's, ``builder.previewsession``)."""
    started = time.perf_counter()
    result = build() if build is not None else build_site(content, output, forms_dir=forms, search=search)
    if on_result is not None:
        on_result(result)
    print_problems(result, strict=strict, out=out)
    seconds = time.perf_counter() - started
    if result.failed(strict):
        count = len(result.problems.errors) + (len(result.problems.warnings) if strict else 0)
        print(f"Build failed: {count} problem{'s' if count != 1 else ''} to fix.", file=out)
        return 1
    print(f"Built {result.pages} pages into {output} in {seconds:.1f}s.", file=out)
    return 0


def print_problems(result: BuildResult, *, strict: bool, out: TextIO) -> None:
    for problem in sorted(set(result.problems.errors)):
        print(f"{problem}", file=out)
    label = "error (--strict)" if strict else "warning"
    for problem in sorted(set(result.problems.warnings)):
        print(f"{problem} [{label}]", file=out)
