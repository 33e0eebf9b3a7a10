"""Render and write content pages on every core.

Pelican's writer renders one page after another. ``DeferredWrites`` collects the content pages
the writer is asked for, and once every page is known forks worker processes that each render
and write a share of them with Pelican's own writer (inheriting the build's context, templates
and settings by fork, so nothing is pickled). Pelican's check that no two pages take one
address runs in the build's own process, in the order Pelican asked, before any is deferred.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from builder.workers import fork_pool, worker_count

Write = Callable[..., None]


@dataclass
class DeferredWrites:
    """Calls to a writer's ``write_file``, kept until ``start`` hands them to workers."""

    jobs: list[tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)

    def add(self, *args: Any, **kwargs: Any) -> None:
        self.jobs.append((args, kwargs))

    def start(self, write: Write, workers: int | None) -> Running:
        """Begin writing every kept page with ``write``; the caller waits on the result."""
        jobs, self.jobs = self.jobs, []
        count = worker_count(len(jobs), workers)
        if count <= 1 or not jobs:
            for args, kwargs in jobs:
                write(*args, **kwargs)
            return Running(None, None)
        global _SHARES  # noqa: PLW0603 (the workers' copy, made as the pool forks them)
        _SHARES = (write, [jobs[i::count] for i in range(count)])
        try:
            pool = fork_pool(count)
        finally:
            _SHARES = None
        return Running(pool, pool.map_async(_write_share, range(count)))


@dataclass
class Running:
    pool: Any
    result: Any

    def wait(self) -> None:
        """Wait for every worker; a failure in one is raised here, as a serial build would."""
        if self.pool is None:
            return
        try:
            self.result.get()
        finally:
            self.pool.terminate()
            self.pool.join()


_SHARES: tuple[Write, list[list[tuple[tuple[Any, ...], dict[str, Any]]]]] | None = None


def _write_share(index: int) -> None:
    assert _SHARES is not None
    write, shares = _SHARES
    for args, kwargs in shares[index]:
        write(*args, **kwargs)

