"""One build: read site.yaml, run Pelican with our plugin, index for search, record sources."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from builder import unchanged
from portal.errors import Problems, SourceError, shown_path

if TYPE_CHECKING:
    from builder.pelican_plugin import BuildState
    from builder.sitemodel import SiteModel

PROJECT = Path(__file__).resolve().parent.parent
THEME_DIR = PROJECT / "theme"
FORMS_DIR = PROJECT / "forms"
_CODE = (PROJECT / "builder", PROJECT / "portal")


@dataclass
class BuildResult:
    problems: Problems = field(default_factory=Problems)
    pages: int = 0

    def failed(self, strict: bool) -> bool:
        return bool(self.problems.errors or (strict and self.problems.warnings))


def build_site(content_dir: Path, output_dir: Path, *, theme_dir: Path = THEME_DIR,
               forms_dir: Path = FORMS_DIR, cache_dir: Path | None = None,
               now: dt.datetime | None = None, search: bool | str = True,
               workers: int | None = None) -> BuildResult:
    """Build ``content_dir`` into ``output_dir``; every problem found is in the result.

    Unchanged pages are left as they are and pages whose source has gone are removed, so a
    rebuild costs about as much as what changed (see ``builder.incremental``). ``search`` is True
    (index before returning), False (no index) or "background" (the preview server's choice).
    ``workers`` is how many processes read and write pages (None: every core when there are many).
    """
    content_dir, output_dir = content_dir.resolve(), output_dir.resolve()
    display_root = Path.cwd().resolve()
    now = now or dt.datetime.now(dt.UTC)
    # A new version of the builder must not reuse what an older one read or wrote.
    cache_dir = (cache_dir or display_root / ".cache" / "build") / unchanged.tree_hash(*_CODE)[:16]
    # The preview's rebuilds follow a change, and its search index is still being written after one.
    key = None if search == "background" else unchanged.inputs_key(
        (content_dir, theme_dir, forms_dir),
        (content_dir, output_dir, theme_dir, forms_dir, display_root, now.date(), bool(search)))
    if key is not None:
        from builder.events import restamp  # noqa: PLC0415 (light; Pelican stays unloaded)

        replayed = unchanged.replay(cache_dir, key, output_dir, lambda feed: restamp(feed, now))
        if replayed is not None:
            result = BuildResult(pages=replayed[0])
            result.problems.warnings = replayed[1]
            return result
    unchanged.forget(cache_dir)
    result = _build(content_dir, output_dir, display_root, cache_dir, now, theme_dir=theme_dir,
                    forms_dir=forms_dir, search=search, workers=workers)
    if key is not None:
        unchanged.record(cache_dir, key, output_dir, result.pages, result.problems.errors, result.problems.warnings)
    return result


def _build(content_dir: Path, output_dir: Path, display_root: Path, cache_dir: Path, now: dt.datetime, *,
           theme_dir: Path, forms_dir: Path, search: bool | str, workers: int | None) -> BuildResult:
    # Imported here, not above, so a build that changes nothing (``builder.unchanged``) starts fast.
    from pelican import Pelican  # noqa: PLC0415
    from pelican.writers import FileOverwriteFailedError  # noqa: PLC0415

    from builder.formchecks import check_forms  # noqa: PLC0415
    from builder.incremental import PageKeys  # noqa: PLC0415
    from builder.pelican_plugin import BuildState  # noqa: PLC0415
    from builder.searchrun import SearchRun  # noqa: PLC0415
    from builder.settings import pelican_settings  # noqa: PLC0415
    from portal.siteconfig import SiteConfigError, load_site_config  # noqa: PLC0415

    result = BuildResult()
    try:
        site = load_site_config(content_dir / "site.yaml", shown_path(content_dir / "site.yaml", display_root))
    except SiteConfigError as exc:
        result.problems.extend(exc.problems)
        return result
    except SourceError as exc:
        result.problems.errors.append(exc.problem)
        return result
    overrides = content_dir / "templates"
    page_keys = PageKeys.load(cache_dir / "page-keys.json")
    from portal.forms import read_site_forms  # noqa: PLC0415

    forms = read_site_forms(forms_dir, content_dir, display_root, site.languages, result.problems)
    check_forms(forms.values(), result.problems)
    page_keys.site_key = "|".join([
        unchanged.tree_hash(theme_dir, overrides, forms_dir), str(now.date()),
        *(hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(content_dir.glob("site*.yaml")))])
    state = BuildState(
        site=site, content_dir=content_dir, display_root=display_root,
        forms=forms,
        now=now, page_keys=page_keys, problems=result.problems, workers=workers,
        locale_dirs=(theme_dir / "locale",),
        search_run=SearchRun(output_dir, cache_dir, search),
    )
    _check_stray_files(content_dir, state)
    settings = pelican_settings(
        state, output_dir=output_dir, theme_dir=theme_dir, cache_dir=cache_dir / "pelican",
        overrides_dir=overrides if overrides.is_dir() else None,
    )
    _quieten_pelican()
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican prints a summary we report better
            Pelican(settings).run()
    except FileOverwriteFailedError as exc:
        # Pelican refuses to write one address twice; the checks have named the file that
        # takes an address already in use, so stop here unless they somehow missed it.
        state.search_run.cancel()
        if not result.problems.errors:
            result.problems.error(state.display_path(content_dir), 0, str(exc))
        return result
    except BaseException:
        state.search_run.cancel()
        raise
    finally:
        state.stop_prefetch()
    page_keys.prune(output_dir)
    page_keys.save()
    model = state.model
    if model is not None:
        result.pages = len(model.services) + len(model.events) + len(model.pages)
        _write_sources(output_dir, model)
    state.search_run.after_build(model, result.problems, page_keys.content_changed)
    return result


def _check_stray_files(content_dir: Path, state: BuildState) -> None:
    from builder.contentmodel import KINDS, MISPLACED  # noqa: PLC0415

    for path in content_dir.rglob("*.md"):
        folder = path.relative_to(content_dir).parent.as_posix()
        if folder not in KINDS:
            state.problems.error(state.display_path(path), 0, MISPLACED)


def _write_sources(output_dir: Path, model: SiteModel) -> None:
    """Tell the accessibility audit which Markdown file each page came from."""
    pages = (*model.services, *model.events, *model.pages)
    sources = {"/" + p.url: p.source_file for p in pages}
    target = output_dir / "_audit" / "sources.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(sources, indent=1, sort_keys=True), encoding="utf-8")


class _DropRejectedFiles(logging.Filter):
    """Our reader has already reported why a file was rejected, at its line; Pelican's own
    'Could not process' message would only repeat it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Could not process")


def _quieten_pelican() -> None:
    logger = logging.getLogger("pelican")
    logger.setLevel(logging.WARNING)
    if not any(isinstance(f, _DropRejectedFiles) for f in logger.filters):
        for name in ("pelican", "pelican.generators"):
            logging.getLogger(name).addFilter(_DropRejectedFiles())
