"""Read YAML written by editors, remembering the line each value came from.

Every scalar is read as text (YAML's BaseLoader rules), so ``no`` stays "no" and ``10:00``
stays "10:00"; the schema in ``portal.schema`` turns text into dates and numbers with
messages an editor can act on.
"""

from __future__ import annotations

from typing import Any

import yaml

from portal.errors import SourceError, SourceProblem

KeyPath = tuple[Any, ...]
Lines = dict[KeyPath, int]

_NULLS = {"", "~", "null", "Null", "NULL"}


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, Lines]:
    """Parse ``text`` into plain dicts, lists and strings, plus ``{key path: line}``.

    ``first_line`` is the file line on which ``text`` starts (front matter starts on line 2).
    Raises SourceError for broken YAML or a key written twice.
    """
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise SourceError(
            SourceProblem(
                path,
                line,
                f"this is not valid YAML ({exc.problem}); check the indentation, and put "
                "text that contains a colon in quotes",
            )
        ) from None
    lines: Lines = {}
    if node is None:
        return {}, lines
    return _convert(node, (), lines, path, first_line), lines


def _convert(node: yaml.Node, key: KeyPath, lines: Lines, path: str, first_line: int) -> Any:
    lines[key] = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(child, (*key, i), lines, path, first_line)
            for i, child in enumerate(node.value)
        ]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        name = str(key_node.value)
        if name in result:
            raise SourceError(
                SourceProblem(
                    path,
                    first_line + key_node.start_mark.line,
                    f"'{name}' appears twice (first on line {lines[(*key, name)]}); keep one",
                )
            )
        result[name] = _convert(value_node, (*key, name), lines, path, first_line)
        # Point at the key's line, which is where an editor looks for it.
        lines[(*key, name)] = first_line + key_node.start_mark.line
    return result
