"""Know when a build would change nothing, and then skip it: no Pelican, no reading, no writing.

After a build without errors, ``record`` keeps a fingerprint of everything the build read (the
bytes of every file under the content folder, the theme and the forms; the installed packages;
the day; the build's arguments) and of everything it left in the output folder (each file's
size, modification and change times). The next build whose fingerprint is the same on both
sides (``replay``) would write the very bytes that are already there, so it gives back the
recorded page count and problems instead, and only stamps the events feeds with the time, as a
full build does. The builder's own code is part of the cache folder's name, so a new version
of it never finds an old record.

This module imports nothing heavy, so ``build.py`` with no change never loads Pelican.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import sysconfig
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from portal.errors import SourceProblem

RECORD = "last-build.json"
# Feeds carry the build's time (DTSTAMP), so every build rewrites them: not part of the output fingerprint.
_STAMPED = ".ics"


def tree_hash(*folders: Path) -> str:
    """One hash of every file under ``folders``: names and bytes."""
    digest = hashlib.sha256()
    for folder in folders:
        for entry in _files(str(folder)):
            digest.update(entry.path.encode())
            with open(entry.path, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()


def _files(folder: str) -> Iterator[os.DirEntry[str]]:
    """Every file under ``folder`` (none if it is missing), in an order that depends on names only."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir():
            yield from _files(entry.path)
        elif entry.is_file():
            yield entry


def inputs_key(folders: Iterable[Path], arguments: Iterable[object]) -> str:
    """Hash of what a build reads: files under ``folders``, the installed packages, ``arguments``."""
    digest = hashlib.sha256(repr([sys.version, _packages(), *map(str, arguments)]).encode())
    digest.update(tree_hash(*folders).encode())
    return digest.hexdigest()


def _packages() -> list[str]:
    # A new version of Pelican, Jinja or markdown-it could write other bytes: their folders'
    # names (``jinja2-3.1.4.dist-info``) change with the version.
    folder = Path(sysconfig.get_paths()["purelib"])
    return sorted(os.listdir(folder)) if folder.is_dir() else []


def _output_key(output_dir: Path) -> str:
    digest = hashlib.sha256()
    for entry in _files(str(output_dir)):
        if not entry.name.endswith(_STAMPED):
            st = entry.stat()
            digest.update(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode())
    return digest.hexdigest()


def _feeds(output_dir: Path) -> dict[str, str]:
    # Bytes as they are: the feeds' lines end in CRLF, which reading as text would change.
    return {p.relative_to(output_dir).as_posix(): p.read_bytes().decode("utf-8")
            for p in sorted(output_dir.rglob(f"*{_STAMPED}"))}


def forget(cache_dir: Path) -> None:
    """A full build is starting: whatever it leaves, the old record no longer describes it."""
    (cache_dir / RECORD).unlink(missing_ok=True)


def record(cache_dir: Path, key: str, output_dir: Path, pages: int,
           errors: list[SourceProblem], warnings: list[SourceProblem]) -> None:
    """Remember a finished build that had no errors, for ``replay``."""
    if errors:
        return
    data = {"inputs": key, "output": _output_key(output_dir), "pages": pages,
            "warnings": [[p.path, p.line, p.message] for p in warnings], "feeds": _feeds(output_dir)}
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / RECORD).write_text(json.dumps(data), encoding="utf-8")


def replay(cache_dir: Path, key: str, output_dir: Path, stamp: Any) -> tuple[int, list[SourceProblem]] | None:
    """(pages, warnings) of the recorded build if nothing has changed since, else None.

    ``stamp`` turns a recorded feed into the feed a build now would write (the time in it)."""
    try:
        data = json.loads((cache_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("inputs") != key or data.get("output") != _output_key(output_dir):
        return None
    for name, text in data["feeds"].items():
        (output_dir / name).write_bytes(stamp(text).encode("utf-8"))
    return data["pages"], [SourceProblem(*p) for p in data["warnings"]]
