"""Find a file in a folder the build made (the public site, the handbook) for a URL path, safely.

One rule for both: nothing outside the folder, and a folder's address serves its index.html.
"""

from __future__ import annotations

from pathlib import Path


def built_file(root: Path, path: str) -> str | None:
    """The file ``path`` names inside ``root`` (relative to it), or None if there is none."""
    root = root.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return None
    return target.relative_to(root).as_posix()


def is_folder(root: Path, path: str) -> bool:
    """Whether ``path`` names a folder inside ``root`` (so its address should end in a slash)."""
    root = root.resolve()
    target = (root / path).resolve()
    return target.is_relative_to(root) and target.is_dir()
