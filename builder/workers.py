"""Worker processes for a big build: how many, and how they start.

Reading Markdown (``builder.prefetch``) and rendering pages (``builder.parallel_writes``) share
these rules, so a build uses its cores the same way for both.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.pool import Pool
from typing import Any

# Below this many pages to read or write, starting worker processes costs more than it saves.
MIN_FILES = 64


def worker_count(jobs: int, requested: int | None = None) -> int:
    """How many processes to share ``jobs`` pages between (reading or writing them): 1 means
    the build's own process does them all; ``requested`` is the build's ``workers`` setting."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # Windows: workers could not share the build's memory, so the build works alone
    if requested is not None:
        return max(1, requested)
    return (os.cpu_count() or 1) if jobs >= MIN_FILES else 1


def fork_pool(count: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Pool:
    """``count`` workers forked from this process: they start at once, with the build's modules,
    settings and pages already in memory, and nothing to pickle to get them there."""
    # Objects made so far move out of the collector's sight, so a worker's garbage collection
    # does not touch (and so copy) every page of memory it shares with this process.
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(count, initializer=initializer, initargs=initargs)
    finally:
        gc.unfreeze()
