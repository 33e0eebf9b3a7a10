"""Problems found in editors' files, reported as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, order=True)
class SourceProblem:
    """One problem in a source file. ``line`` is 1-based; 0 means the whole file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class SourceError(Exception):
    """Raised where one problem stops a file from being read at all."""

    def __init__(self, problem: SourceProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Problems:
    """Errors (which fail the build) and warnings (which fail it only under --strict)."""

    errors: list[SourceProblem] = field(default_factory=list)
    warnings: list[SourceProblem] = field(default_factory=list)

    def error(self, path: str | Path, line: int, message: str) -> None:
        self.errors.append(SourceProblem(str(path), line, message))

    def warning(self, path: str | Path, line: int, message: str) -> None:
        self.warnings.append(SourceProblem(str(path), line, message))

    def extend(self, other: Problems) -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)


def shown_path(path: str | Path, root: Path) -> str:
    """How problems name a file: relative to ``root`` (where the command runs), else in full."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(_real(root) if root.is_absolute() else root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


@lru_cache(maxsize=16)
def _real(root: Path) -> Path:
    # Asked once per content file by the build: resolving the same root each time cost as much as
    # resolving the file.
    return root.resolve()
