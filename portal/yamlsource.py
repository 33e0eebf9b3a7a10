"""Read YAML written by editors, remembering the line each value came from.

Every scalar is read as text (YAML's BaseLoader rules), so ``no`` stays "no" and ``10:00``
stays "10:00"; the schema in ``portal.schema`` turns text into dates and numbers with
messages an editor can act on.

libyaml (PyYAML's C loader) reads the text when PyYAML has it: it gives the same nodes and
line marks about twenty times faster. Text it rejects is read again by the pure-Python loader,
whose error messages are the ones editors have always seen.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from portal.errors import SourceError, SourceProblem

KeyPath = tuple[Any, ...]
Lines = dict[KeyPath, int]

_NULLS = {"", "~", "null", "Null", "NULL"}
_FAST_LOADER = getattr(yaml, "CBaseLoader", None)
# Where libyaml and PyYAML part ways (libyaml takes a tab, or a '?' inside [...], within a value;
# it reads tags and byte-order marks its own way), the pure-Python loader reads the text, as it
# always has. A fuzz test checks that both give the same result everywhere else.
_NEEDS_PYTHON_LOADER = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f!\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
    "|[?].*[\\[{]|[\\[{].*[?]", re.DOTALL)


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, Lines]:
    """Parse ``text`` into plain dicts, lists and strings, plus ``{key path: line}``.

    ``first_line`` is the file line on which ``text`` starts (front matter starts on line 2).
    Raises SourceError for broken YAML or a key written twice.
    """
    try:
        node = _compose(text)
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


def _compose(text: str) -> yaml.Node | None:
    if _FAST_LOADER is not None and not _NEEDS_PYTHON_LOADER.search(text):
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # read again below, for the pure-Python loader's message and line
    return yaml.compose(text, Loader=yaml.BaseLoader)


def _convert(node: yaml.Node, key: KeyPath, lines: Lines, path: str, first_line: int) -> Any:
    lines[key] = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        # A plain scalar's style is None from the Python loader and "" from libyaml.
        if not node.style and node.value in _NULLS:
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
