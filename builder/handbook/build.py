"""One handbook build: check the content, write Markdown and mkdocs.yml, run mkdocs, swap it in.

The built handbook goes to its own folder (``output-handbook/`` by default), never into the
public site: the build refuses a folder that overlaps the public site's, or one with other
files in it. mkdocs writes into a fresh folder beside it, which replaces the old one only when
the build has succeeded, so the backend never serves half a handbook.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from builder.handbook.mkdocsconfig import ASSETS, council_css, mkdocs_config, write_config
from builder.handbook.model import Handbook, load_handbook
from builder.handbook.pages import write_pages
from builder.handbook.runner import find_mkdocs, run_mkdocs
from portal.errors import Problems, shown_path

MARKER = ".portal-handbook"  # marks a folder this build made, so a rebuild may replace it
_ASSETS_DIR = Path(__file__).resolve().parent / "assets"
# The backend answers missing pages with its own 404 (mkdocs' links only work at one depth), and a
# staff-only handbook that asks search engines to keep out has no use for a sitemap.
_NOT_SERVED = ("404.html", "sitemap.xml", "sitemap.xml.gz")


@dataclass
class HandbookResult:
    problems: Problems = field(default_factory=Problems)
    pages: int = 0

    def failed(self, strict: bool) -> bool:
        return bool(self.problems.errors or (strict and self.problems.warnings))


def build_handbook(content_dir: Path, output_dir: Path, *, forms_dir: Path, public_output: Path | None = None,
                   work_dir: Path | None = None, mkdocs: Path | None = None, nav: bool = True,
                   today: dt.date | None = None) -> HandbookResult:
    """Build the handbook from ``content_dir`` and ``forms_dir`` into ``output_dir``.

    Content is checked first, so its problems are reported even where mkdocs is not installed;
    then ``MkdocsMissing`` is raised if the handbook's environment is missing.
    """
    display_root = Path.cwd().resolve()
    content_dir, output_dir = content_dir.resolve(), output_dir.resolve()
    result = HandbookResult()
    shown = shown_path(output_dir, display_root)
    problem = _unsafe_output(output_dir, content_dir, public_output.resolve() if public_output else None)
    if problem:
        result.problems.error(shown, 0, problem)
        return result
    handbook = load_handbook(content_dir, forms_dir, display_root, result.problems, today=today)
    if handbook is None or result.problems.errors:
        return result
    mkdocs = find_mkdocs(mkdocs)
    work_dir = (work_dir or display_root / ".cache" / "handbook").resolve()
    docs_dir, staging = work_dir / "docs", output_dir.with_name(output_dir.name + ".building")
    docs_dir.mkdir(parents=True, exist_ok=True)
    result.pages = write_pages(handbook, docs_dir)
    _write_assets(handbook, content_dir, docs_dir / ASSETS)
    config_file = work_dir / "mkdocs.yml"
    logo = f"{ASSETS}/{Path(handbook.site.logo).name}" if (content_dir / handbook.site.logo).is_file() else None
    write_config(mkdocs_config(handbook, docs_dir=docs_dir, site_dir=staging, logo=logo, nav=nav), config_file)
    run = run_mkdocs(mkdocs, config_file)
    config_shown = shown_path(config_file, display_root)
    for message in run.errors:
        result.problems.error(config_shown, 0, f"mkdocs: {message}")
    for message in run.warnings:
        result.problems.warning(config_shown, 0, f"mkdocs: {message}")
    if not run.ok or result.problems.errors:
        shutil.rmtree(staging, ignore_errors=True)
        return result
    for unwanted in _NOT_SERVED:
        (staging / unwanted).unlink(missing_ok=True)
    (staging / MARKER).write_text("Built by `python build.py handbook`; replaced on every build.\n", encoding="utf-8")
    _swap_in(staging, output_dir)
    return result


def _unsafe_output(output_dir: Path, content_dir: Path, public_output: Path | None) -> str | None:
    """Why the handbook may not be written to ``output_dir``, or None if it may."""
    for other, what in ((public_output, "the public site's folder"), (content_dir, "the content folder")):
        if other is not None and (output_dir == other or output_dir.is_relative_to(other)
                                  or other.is_relative_to(output_dir)):
            return (f"the handbook is staff-only and cannot be built into or around {what} ({other}); "
                    "build it into its own folder, such as output-handbook")
    if output_dir.is_dir() and any(output_dir.iterdir()) and not (output_dir / MARKER).is_file():
        return ("this folder has files the handbook build did not make; the build replaces the whole "
                "folder, so choose an empty or new folder, such as output-handbook")
    return None


def _write_assets(handbook: Handbook, content_dir: Path, assets_dir: Path) -> None:
    if assets_dir.exists():
        shutil.rmtree(assets_dir)
    shutil.copytree(_ASSETS_DIR, assets_dir)
    (assets_dir / "council.css").write_text(council_css(handbook), encoding="utf-8")
    logo = content_dir / handbook.site.logo
    if logo.is_file():
        shutil.copyfile(logo, assets_dir / logo.name)


def _swap_in(staging: Path, output_dir: Path) -> None:
    old = output_dir.with_name(output_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if output_dir.exists():
        output_dir.rename(old)
    staging.rename(output_dir)
    shutil.rmtree(old, ignore_errors=True)
