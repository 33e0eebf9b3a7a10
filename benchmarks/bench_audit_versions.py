"""The audit of this checkout against the audit of another git revision, on the same pages.

    python benchmarks/bench_audit_versions.py --ref main --pages 30 --rounds 3

The other revision's ``builder/audit`` is exported (``git archive``) into a temp folder and
imported beside this one; both audit the same synthetic pages (see bench_audit.py) with a
cold cache, alternately, so a machine shared with others slows both alike.  Prints each run
and the ratio of the totals (this checkout / the other).
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_audit import make_site  # noqa: E402

from builder import audit as this_audit  # noqa: E402


def other_audit(ref: str, folder: Path):
    """The ``builder.audit`` package of ``ref``, imported as ``audit_<ref>``."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / "audit.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", ref, "builder/audit"], cwd=ROOT, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    name = "audit_" + "".join(c if c.isalnum() else "_" for c in ref)
    (folder / "builder" / "audit").rename(folder / name)
    sys.path.insert(0, str(folder))
    return importlib.import_module(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--pages", type=int, default=30, help="synthetic pages (default: 30)")
    parser.add_argument("--rounds", type=int, default=3, help="cold runs of each (default: 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-audit-versions-") as tmp:
        tmp_path = Path(tmp)
        other = other_audit(args.ref, tmp_path / "other")
        site = make_site(tmp_path, args.pages)
        totals = {"this": 0.0, args.ref: 0.0}
        with this_audit.Auditor() as mine, other.Auditor() as theirs:
            for round_number in range(args.rounds):
                for label, auditor in (("this", mine), (args.ref, theirs)):
                    started = time.perf_counter()
                    result = auditor.audit(site, cache_dir=tmp_path / f"cache-{label}-{round_number}", out=None)
                    seconds = time.perf_counter() - started
                    totals[label] += seconds
                    print(f"round {round_number + 1} {label}: {seconds:.1f} s, {result.audited} audits, "
                          f"{len(result.violations)} violations", flush=True)
    print(f"this checkout {totals['this']:.1f} s, {args.ref} {totals[args.ref]:.1f} s: "
          f"ratio {totals['this'] / totals[args.ref]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
