"""CSV text as the downloads write it: the csv module's lines, and cells a spreadsheet will not run."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> object:
    """A spreadsheet would run a cell starting like a formula; a leading apostrophe keeps it text."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_lines(rows: Iterable[Iterable[object]], *, guarded: bool = False) -> Iterator[str]:
    """CSV text, a chunk of lines at a time (``guarded``: the rows' text is already made safe)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for count, row in enumerate(rows, 1):
        writer.writerow(row if guarded else [safe(v) for v in row])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def cell(text: str) -> str:
    """One text as a finished, safe cell of a line."""
    return "".join(csv_lines([[text]]))[: -len("\r\n")]
