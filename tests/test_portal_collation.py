"""Alphabetical order by each language's rules (portal.collation): Welsh digraphs are letters."""

from __future__ import annotations

import pytest

from portal.collation import alphabet, first_letter, letters, sort_key


def welsh(words: list[str]) -> list[str]:
    return sorted(words, key=lambda w: sort_key(w, "cy"))


@pytest.mark.parametrize(("before", "after"), [
    ("Cyngor", "Chwaraeon"),        # every "C" word before the first "Ch" word
    ("Dyddiad", "Ddoe"),            # d < dd
    ("Fyny", "Ffordd"),             # f < ff
    ("Gwyrdd", "Ngwynt"),           # g < ng < h
    ("Ngwynt", "Hamdden"),
    ("Lyfr", "Llyfrgell"),          # l < ll
    ("Pyllau", "Pharc"),            # p < ph
    ("Ryseitiau", "Rhent"),         # r < rh
    ("Tywydd", "Theatr"),           # t < th
    ("Theatr", "Uned"),
])
def test_welsh_digraphs_sort_as_letters_of_their_own(before: str, after: str) -> None:
    assert welsh([after, before]) == [before, after]


def test_a_ch_entry_comes_after_all_c_entries_not_among_them() -> None:
    words = ["Chwaraeon", "Campfa", "Cyfarfodydd y cyngor", "Casglu gwastraff", "Dawns"]
    assert welsh(words) == ["Campfa", "Casglu gwastraff", "Cyfarfodydd y cyngor", "Chwaraeon", "Dawns"]
    # Plain Unicode order would put it among them: what the A–Z must not do.
    assert sorted(words).index("Chwaraeon") < sorted(words).index("Cyfarfodydd y cyngor")


def test_accents_sort_with_their_letter_and_case_does_not_matter() -> None:
    assert welsh(["ty bach", "Twll", "tŷ"]) == ["Twll", "tŷ", "ty bach"]  # w comes before y in Welsh
    assert welsh(["ŵyn", "Wal"]) == ["Wal", "ŵyn"]


def test_letters_split_words_into_welsh_letters() -> None:
    assert letters("Llanddwyn", "cy") == ["ll", "a", "n", "dd", "w", "y", "n"]
    assert letters("Llanddwyn", "en") == list("llanddwyn")


def test_first_letter_is_the_a_to_z_heading() -> None:
    assert first_letter("Chwaraeon", "cy") == "Ch"
    assert first_letter("Ffordd", "cy") == "Ff"
    assert first_letter("Chwaraeon", "en") == "C"
    assert first_letter("24-hour help", "cy") == "H"
    assert first_letter("2026", "cy") == ""


def test_letters_outside_the_welsh_alphabet_follow_its_letters() -> None:
    assert welsh(["Zebra", "Ysgol", "Kiosk"]) == ["Ysgol", "Kiosk", "Zebra"]


def test_urdu_follows_its_own_alphabet_not_unicode_order() -> None:
    # ٹ (tteh) comes straight after ت (teh) in Urdu, though Unicode puts it far after ی.
    words = ["ٹیکس", "ثقافت", "تعلیم"]
    assert sorted(words, key=lambda w: sort_key(w, "ur")) == ["تعلیم", "ٹیکس", "ثقافت"]
    assert sorted(words) != ["تعلیم", "ٹیکس", "ثقافت"]
    assert first_letter("آپ", "ur") == "ا"  # alif madda is listed under alif


def test_the_welsh_alphabet_has_its_letters_in_order() -> None:
    cy = alphabet("cy")
    assert len(cy) == 29  # the 28 letters of the traditional alphabet, and j of loanwords
    assert cy.index("ch") == cy.index("c") + 1 and cy.index("ng") == cy.index("g") + 1
