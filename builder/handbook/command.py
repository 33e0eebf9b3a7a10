"""``python build.py handbook``: build the contact-centre handbook and say what happened."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from builder.handbook.build import build_handbook
from builder.handbook.runner import MKDOCS_ENV, MkdocsMissing
from builder.report import print_problems

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def handbook_command(argv: list[str], out: TextIO = sys.stderr) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py handbook",
        description="Build the staff-only contact-centre handbook with mkdocs-material.")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.add_argument("--forms", type=Path, default=Path("forms"), help="form definitions (default: forms)")
    parser.add_argument("--output", type=Path, default=Path("output-handbook"),
                        help="handbook folder (default: output-handbook)")
    parser.add_argument("--site", type=Path, default=Path("output"),
                        help="the public site's folder, which the handbook must never be built into (default: output)")
    parser.add_argument("--mkdocs", type=Path, default=None,
                        help=f"mkdocs program of the handbook's environment (default: ${MKDOCS_ENV}, "
                             "else .venv-handbook/bin/mkdocs)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    args = parser.parse_args(argv)
    if not (args.content / "site.yaml").is_file():
        parser.error(f"{args.content} is not a content folder: it has no site.yaml")
    started = time.perf_counter()
    try:
        result = build_handbook(args.content, args.output, forms_dir=args.forms, public_output=args.site,
                                mkdocs=args.mkdocs)
    except MkdocsMissing as exc:
        print(f"build.py handbook: {exc}", file=out)
        return EXIT_USAGE
    print_problems(result, strict=args.strict, out=out)
    if result.failed(args.strict):
        count = len(result.problems.errors) + (len(result.problems.warnings) if args.strict else 0)
        print(f"Handbook not built: {count} problem{'s' if count != 1 else ''} to fix.", file=out)
        return EXIT_PROBLEMS
    seconds = time.perf_counter() - started
    print(f"Built the handbook ({result.pages} pages) into {args.output} in {seconds:.1f}s.", file=out)
    return EXIT_OK
