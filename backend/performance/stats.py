"""Medians and percentiles from counts the database has grouped, so no list of cases is needed."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping


def percentile(histogram: Mapping[int, int], fraction: float) -> int | None:
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of the cases at or
    below it (the median of 1, 2, 3, 4 days is 2). None when there are no cases."""
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return None  # unreachable: seen reaches total


def merged(histograms: list[Mapping[int, int]]) -> Counter[int]:
    total: Counter[int] = Counter()
    for histogram in histograms:
        total.update(histogram)
    return total


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a fraction; None (not a division by zero) when there is no whole."""
    return part / whole if whole else None
