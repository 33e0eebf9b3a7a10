"""The A–Z of services: every service under its letter, and residents' words as "see" entries.

Modelled on GOV.UK's A–Z: all 26 letters are shown, letters with no entry are not links, and a
synonym reads "Bins — see Waste and recycling collections". Another language's A–Z shows its own
alphabet and sorts by its rules (``portal.collation``: Welsh "Ch" entries after all "C" entries).
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from portal import collation


@dataclass
class AzEntry:
    label: str
    # The service pages this entry leads to: one for a service's own title, one or more for a synonym.
    targets: list[Any] = field(default_factory=list)
    synonym: bool = False


@dataclass
class AzLetter:
    letter: str
    entries: list[AzEntry]

    @property
    def anchor(self) -> str:
        return "letter-" + ("0-9" if self.letter == "0–9" else self.letter.lower())


def build_az(services: Iterable[Any], code: str | None = None,
             keywords_of: Any = None) -> list[AzLetter]:
    """Group services (objects with ``title`` and ``keywords``) under their letters.

    ``code`` is a language other than the default (its alphabet and order); ``keywords_of(service)``
    gives the words that become "see" entries (default: the service's keywords).
    """
    services = list(services)
    keywords_of = keywords_of or (lambda service: getattr(service, "keywords", None) or [])
    entries: dict[str, AzEntry] = {}
    titles = {s.title.casefold() for s in services}
    for service in services:
        entries[service.title.casefold()] = AzEntry(service.title, [service])
    for service in services:
        for keyword in keywords_of(service):
            key = keyword.casefold()
            if key in titles:
                continue
            label = keyword[:1].upper() + keyword[1:]  # the rest as written: "Band D", "Voter ID"
            entry = entries.setdefault(key, AzEntry(label, synonym=True))
            if _capitals(label) > _capitals(entry.label):  # one page wrote "voter id", another "voter ID"
                entry.label = label
            if service not in entry.targets:
                entry.targets.append(service)
    if code is not None:
        return _by_alphabet(entries.values(), code)
    for entry in entries.values():
        entry.targets.sort(key=lambda s: s.title.casefold())
    letters = {letter: [] for letter in string.ascii_uppercase}
    digits: list[AzEntry] = []
    for entry in sorted(entries.values(), key=lambda e: e.label.casefold()):
        first = next((c for c in entry.label.upper() if c.isalnum()), "")
        letters.get(first, digits).append(entry)
    result = [AzLetter(letter, found) for letter, found in letters.items()]
    if digits:
        result.append(AzLetter("0–9", digits))
    return result


def _by_alphabet(entries: Iterable[AzEntry], code: str) -> list[AzLetter]:
    """The A–Z in language ``code``: its alphabet's letters, then any other initials found."""
    groups: dict[str, list[AzEntry]] = {letter.upper()[:1] + letter[1:]: [] for letter in collation.alphabet(code)}
    digits: list[AzEntry] = []
    for entry in sorted(entries, key=lambda e: collation.sort_key(e.label, code)):
        entry.targets.sort(key=lambda s: collation.sort_key(s.title, code))
        first = collation.first_letter(entry.label, code)
        groups.setdefault(first, []).append(entry) if first else digits.append(entry)
    result = [AzLetter(letter, found) for letter, found in groups.items()]
    if digits:
        result.append(AzLetter("0–9", digits))
    return result


def _capitals(text: str) -> int:
    return sum(c.isupper() for c in text)
