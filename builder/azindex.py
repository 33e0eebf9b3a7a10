"""The A–Z of services: every service under its letter, and residents' words as "see" entries.

Modelled on GOV.UK's A–Z: all 26 letters are shown, letters with no entry are not links, and a
synonym reads "Bins — see Waste and recycling collections".
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


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


def build_az(services: Iterable[Any]) -> list[AzLetter]:
    """Group services (objects with ``title`` and ``keywords``) under their letters."""
    services = list(services)
    entries: dict[str, AzEntry] = {}
    titles = {s.title.casefold() for s in services}
    for service in services:
        entries[service.title.casefold()] = AzEntry(service.title, [service])
    for service in services:
        for keyword in getattr(service, "keywords", None) or []:
            key = keyword.casefold()
            if key in titles:
                continue
            label = keyword[:1].upper() + keyword[1:]  # the rest as written: "Band D", "Voter ID"
            entry = entries.setdefault(key, AzEntry(label, synonym=True))
            if _capitals(label) > _capitals(entry.label):  # one page wrote "voter id", another "voter ID"
                entry.label = label
            if service not in entry.targets:
                entry.targets.append(service)
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


def _capitals(text: str) -> int:
    return sum(c.isupper() for c in text)
