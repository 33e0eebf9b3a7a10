"""The backend's own words in Welsh: every string a resident can meet in the backend's templates
and code (and portal's messages to residents) has its Welsh in backend/locale/cy (or the theme's
catalogue, which the backend's pages share). A new string without Welsh fails here; run
`make messages` and translate it.

Strings are extracted from the source as `make messages` does (babel.cfg), not read from the
.pot, so a string nobody has extracted yet is caught too.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

PROJECT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _source_strings() -> dict[str, str]:
    """msgid -> where it is, from the backend and portal as `make messages` extracts them."""
    with open(PROJECT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, str] = {}
    for folder in ("backend", "portal"):
        for filename, line, message, _comments, _context in extract_from_dir(
                PROJECT / folder, method_map, options_map):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault(msgid, f"{folder}/{filename}:{line}")
    return found


def _welsh() -> dict[str, object]:
    words: dict[str, object] = {}
    for layer in ("theme", "backend"):
        path = PROJECT / layer / "locale" / "cy" / "LC_MESSAGES" / "messages.po"
        if path.exists():
            with open(path, "rb") as source:
                for message in read_po(source, locale="cy"):
                    key = message.id[0] if isinstance(message.id, tuple) else message.id
                    if key and message.string and "fuzzy" not in message.flags and all(message.string):
                        words.setdefault(key, message.string)
    return words


def test_every_backend_string_has_its_welsh() -> None:
    welsh = _welsh()
    missing = [f"{where}: {msgid!r}" for msgid, where in _source_strings().items() if msgid not in welsh]
    assert missing == [], "run `make messages`, then translate in backend/locale/cy/LC_MESSAGES/messages.po:\n" + \
        "\n".join(missing)


def test_welsh_keeps_the_placeholders_it_is_given() -> None:
    wrong = []
    for msgid, string in _welsh().items():
        for text in (string if isinstance(string, tuple) else (string,)):
            if not set(_PLACEHOLDER.findall(text)) <= set(_PLACEHOLDER.findall(msgid)):
                wrong.append(f"{msgid!r} -> {text!r}")
    assert wrong == []


def test_the_sources_strings_include_the_pages_and_the_emails() -> None:
    found = _source_strings()
    assert "There is a problem" in found  # a template: the error summary
    assert "%(form)s: your reference is %(reference)s" in found  # code: the confirmation email's subject
    assert "%(what)s must be a real date" in found  # portal: a date-box error
    assert "Your contact details" in found  # portal: the contact page, marked with N_
