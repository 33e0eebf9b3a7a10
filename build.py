#!/usr/bin/env python3
"""Build the council's site from content/ into output/.

    python build.py                      build content/ into output/
    python build.py --strict             warnings (such as pages past review) fail the build too
    python build.py --serve              build, serve on http://127.0.0.1:8000, rebuild on change
    python build.py --audit              build, then check every page in a real browser
    python build.py audit --site DIR     check an already built folder
    python build.py handbook             build the contact-centre handbook into output-handbook/

Exit codes: 0 built (and audited) cleanly, 1 content or accessibility errors, 2 bad usage or
no browser for the audit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
IMPACTS = ("minor", "moderate", "serious", "critical")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["audit"]:
        return _audit_command(argv[1:])
    if argv[:1] == ["handbook"]:
        from builder.handbook.command import handbook_command  # noqa: PLC0415

        return handbook_command(argv[1:])
    parser = argparse.ArgumentParser(prog="build.py", description="Build the council's site.")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    parser.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: output)")
    parser.add_argument("--forms", type=Path, default=Path("forms"), help="form definitions (default: forms)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--serve", action="store_true", help="preview on 127.0.0.1 and rebuild on change")
    parser.add_argument("--port", type=int, default=8000, help="port for --serve (default: 8000)")
    parser.add_argument("--audit", action="store_true", help="audit every page in headless Chromium")
    parser.add_argument("--fail-on", choices=IMPACTS, default="minor",
                        help="lowest impact that fails the audit (default: minor, that is any)")
    args = parser.parse_args(argv)
    if not (args.content / "site.yaml").is_file():
        parser.error(f"{args.content} is not a content folder: it has no site.yaml")

    from builder.report import build_and_report  # noqa: PLC0415 (keep --help fast)

    if args.serve:
        from builder.serve import serve  # noqa: PLC0415

        return serve(args.content, args.output, port=args.port, strict=args.strict, forms=args.forms)
    status = build_and_report(args.content, args.output, strict=args.strict, forms=args.forms)
    if status != EXIT_OK or not args.audit:
        return status
    return _run_audit(args.output, args.fail_on)


def _audit_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="build.py audit", description="Audit a built site.")
    parser.add_argument("--site", type=Path, default=Path("output"), help="built site folder (default: output)")
    parser.add_argument("--fail-on", choices=IMPACTS, default="minor",
                        help="lowest impact that fails the audit (default: minor, that is any)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} is not a built site: it has no index.html")
    return _run_audit(args.site, args.fail_on)


def _run_audit(site: Path, fail_on: str) -> int:
    from builder.audit import BrowserNotFound, run_audit  # noqa: PLC0415

    try:
        return run_audit(site, fail_on=fail_on)
    except BrowserNotFound as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
