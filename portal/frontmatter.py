"""Split a Markdown file into its YAML front matter and its body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

from portal.errors import SourceError, SourceProblem


@dataclass(frozen=True)
class SplitSource:
    front_matter: str
    front_matter_line: int  # file line of the first front-matter line
    body: str
    body_line: int  # file line of the first body line


def split_front_matter(text: str, path: str) -> SplitSource:
    """Return the front matter between the opening and closing ``---`` lines, and the body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise SourceError(
            SourceProblem(path, 1, "the file must start with a line '---', then the front matter "
                          "(title, summary...), then another '---' line")
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return SplitSource(
                front_matter="".join(lines[1:index]),
                front_matter_line=2,
                body="".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    raise SourceError(
        SourceProblem(path, 1, "the front matter is not closed; add a line '---' after its last key")
    )
