"""Reference numbers: residents can read them out, and a slip in typing one is caught."""

from __future__ import annotations

import re

import pytest

from portal.references import ALPHABET, is_valid, new_reference, normalise

SHAPE = re.compile(rf"^[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}$")


@pytest.fixture(scope="module")
def references() -> list[str]:
    return [new_reference() for _ in range(10_000)]


def test_alphabet_has_no_characters_that_look_or_sound_alike() -> None:
    assert not set("0O1ILUVZ") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) and len(ALPHABET) % 2 == 0


def test_ten_thousand_new_references_are_valid_distinct_and_readable(references: list[str]) -> None:
    # 28^8 possible references: the chance of any repeat among 10,000 is about 1 in 7,500.
    assert len(set(references)) == len(references)
    assert all(SHAPE.match(ref) for ref in references)
    assert all(is_valid(ref) and normalise(ref) == ref for ref in references)


def test_every_mistyped_character_is_caught(references: list[str]) -> None:
    for ref in references[:300]:
        compact = ref.replace("-", "")
        for i, original in enumerate(compact):
            for wrong in ALPHABET.replace(original, ""):
                assert not is_valid(compact[:i] + wrong + compact[i + 1 :]), (ref, i, wrong)


def test_every_swap_of_neighbouring_characters_is_caught(references: list[str]) -> None:
    for ref in references:
        compact = ref.replace("-", "")
        for i in range(len(compact) - 1):
            if compact[i] != compact[i + 1]:
                swapped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2 :]
                assert not is_valid(swapped), (ref, i)


def test_normalise_accepts_what_residents_type(references: list[str]) -> None:
    ref = references[0]
    compact = ref.replace("-", "")
    assert normalise(ref.lower()) == ref
    assert normalise(" ".join(compact)) == ref
    assert normalise(compact) == ref
    assert normalise(f"  {ref[:3]} {ref[4:7]}\u2013{ref[8:]} ") == ref


def test_normalise_reads_z_as_2() -> None:
    ref = next(r for r in iter(new_reference, None) if "2" in r)
    assert normalise(ref.replace("2", "z")) == ref


def test_normalise_refuses_wrong_length_and_unknown_characters(references: list[str]) -> None:
    ref = references[0]
    assert normalise(ref[:-1]) is None
    assert normalise(ref + "A") is None
    assert normalise("") is None
    assert normalise(ref[:-1] + "O") is None
    assert normalise(ref[:-1] + "1") is None
