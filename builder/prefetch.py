"""Read and render Markdown files on every core before Pelican asks for them.

Pelican reads pages one after another on one core. When a build has many files to read (not
already in Pelican's reader cache), ``Prefetch`` hands them to a pool of worker processes as
soon as the pages generator starts; ``PortalReader`` then takes each file's finished HTML,
metadata and problems from here instead of reading it itself. What a worker returns is exactly
what reading the file in the build's own process gives (``read_markdown`` is the one reader),
so pages and messages do not depend on how many cores there are.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.contentmodel import ContentProblems, read_source
from builder.workers import fork_pool
from portal.errors import Problems, shown_path


@dataclass
class ReadOutcome:
    """One Markdown file read: its HTML and metadata, or the problems that stop it."""

    html: str | None
    metadata: dict[str, Any] | None
    problems: Problems = field(default_factory=Problems)
    # Anything else that went wrong in a worker, raised again where Pelican reads the file.
    error: Exception | None = None
    # What could be read of a file with problems, for the checks across files (links to it).
    rejected: dict[str, Any] | None = None


def read_markdown(source_path: str, content_dir: Path, display_root: Path) -> ReadOutcome:
    """Read, check and render one content file (an absolute path inside ``content_dir``)."""
    path = Path(source_path)
    source = path.resolve().relative_to(content_dir).as_posix()
    shown = shown_path(path, display_root)
    outcome = ReadOutcome(None, None)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        outcome.problems.error(shown, 0, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
        return outcome
    try:
        outcome.html, outcome.metadata = read_source(text, path=shown, source=source)
    except ContentProblems as exc:
        outcome.problems, outcome.rejected = exc.problems, exc.metadata
    return outcome


_WORKER_ARGS: tuple[Path, Path] | None = None


def _start_worker(content_dir: Path, display_root: Path) -> None:
    global _WORKER_ARGS  # noqa: PLW0603 (one per worker process, set once as it starts)
    _WORKER_ARGS = (content_dir, display_root)


def _read_in_worker(source_path: str) -> tuple[str, ReadOutcome]:
    assert _WORKER_ARGS is not None
    try:
        return source_path, read_markdown(source_path, *_WORKER_ARGS)
    except Exception as exc:  # noqa: BLE001 (handed to the reader, which raises it as before)
        try:
            pickle.loads(pickle.dumps(exc))  # a result that cannot be unpickled would stall the pool
        except Exception:  # noqa: BLE001 (an exception that cannot cross to the build's process)
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        return source_path, ReadOutcome(None, None, error=exc)


class Prefetch:
    """Files being read by worker processes, handed out by absolute path as they finish."""

    def __init__(self, paths: Iterable[str], content_dir: Path, display_root: Path, workers: int) -> None:
        self._waiting = set(paths)
        self._done: dict[str, ReadOutcome] = {}
        self._pool = fork_pool(workers, initializer=_start_worker, initargs=(content_dir, display_root))
        chunk = max(1, min(32, len(self._waiting) // (workers * 8)))
        self._results: Iterator[tuple[str, ReadOutcome]] = self._pool.imap_unordered(
            _read_in_worker, sorted(self._waiting), chunksize=chunk)

    def take(self, source_path: str) -> ReadOutcome | None:
        """The outcome for ``source_path``, waiting for it if need be; None if it is not here."""
        if source_path not in self._waiting:
            return None
        self._waiting.discard(source_path)
        while source_path not in self._done:
            path, outcome = next(self._results)
            self._done[path] = outcome
        return self._done.pop(source_path)

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()
