"""Front matter reads the same, values, lines and messages, whichever YAML loader reads it."""

from __future__ import annotations

import random

import pytest
import yaml
from conftest import FIXTURES, PROJECT

from portal import yamlsource
from portal.errors import SourceError

# Characters and pieces of YAML where loaders are most likely to disagree.
EDITS = [*":-[]{}\"'\t #&*!|>%@`,?~\\é\x85\u2028\ufeff\x07\r\x00\x0b\x7f", "  ", "\n  ", "- ", ": ",
         "null", "\r\n", "&a ", "*a", "%YAML 1.1\n", "--- ", "...\n", "<<: ", "? "]


def read(text: str, *, fast: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setattr(yamlsource, "_FAST_LOADER", yaml.CBaseLoader if fast else None)
    try:
        return yamlsource.load_yaml(text, "content/services/x.md", 2)
    except SourceError as exc:
        return str(exc)
    except yaml.YAMLError as exc:  # a control character: PyYAML's reader refuses it before any mark
        return repr(exc)


def front_matters() -> list[str]:
    files = [*PROJECT.glob("content/*/*.md"), *FIXTURES.glob("*/*/*.md"), *FIXTURES.glob("broken/*.md")]
    texts = [p.read_text(encoding="utf-8") for p in files]
    return sorted(t.split("---\n")[1] for t in texts if t.startswith("---\n") and t.count("---\n") >= 2)


@pytest.mark.skipif(not hasattr(yaml, "CBaseLoader"), reason="this PyYAML has no libyaml")
def test_libyaml_and_pure_python_read_every_edited_front_matter_alike(monkeypatch) -> None:
    rng = random.Random(17)
    seeds = front_matters()
    for _ in range(3000):
        text = rng.choice(seeds)
        for _edit in range(rng.randint(1, 4)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(EDITS) + text[at + rng.choice((0, 0, 1, 3)):]
        slow = read(text, fast=False, monkeypatch=monkeypatch)
        assert read(text, fast=True, monkeypatch=monkeypatch) == slow, repr(text)


@pytest.mark.skipif(not hasattr(yaml, "CBaseLoader"), reason="this PyYAML has no libyaml")
def test_unquoted_empty_values_are_none_and_quoted_ones_are_text(monkeypatch) -> None:
    text = 'a:\nb: ""\nc: ~\nd: [x, null, "null"]\n'
    data, lines = read(text, fast=True, monkeypatch=monkeypatch)
    assert data == {"a": None, "b": "", "c": None, "d": ["x", None, "null"]}
    assert lines[("d", 2)] == 5
