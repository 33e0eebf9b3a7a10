"""Alphabetical order as each language's readers expect it, for the A–Z and every sorted list.

Welsh treats ch, dd, ff, ng, ll, ph, rh and th as letters of their own, in this order::

    a b c ch d dd e f ff g ng h i j l ll m n o p ph r rh s t th u w y

so "Chwaraeon" comes after every word starting "C" + another letter ("Cyngor"), and "Llyfrgell"
after every "L" word. Urdu has its own alphabet order (ٹ after ت, ڈ after د, ...), which Unicode
code points do not follow.

Why not a collation library: PyICU does all this but needs the ICU C++ libraries and headers to
build, and Babel (already a dependency) has no collation; pyuca implements only the untailored
Unicode order, which is exactly what Welsh and Urdu differ from. The tailorings needed here are
short, so they are written out and tested (tests/test_portal_collation.py).

Known limit, as in printed Welsh dictionaries: "ng" is sometimes n + g ("Bangor", "Llangollen");
the key takes it as the letter ng everywhere, which only moves such words within their letter.
Accents (â, ŵ, ŷ) sort with their plain letter; letters outside a language's alphabet (k, v, z in
Welsh loanwords and English titles) sort after its letters, in their English order.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters of each alphabet, in order; a letter of two characters is one letter.
_ALPHABETS: dict[str, tuple[str, ...]] = {
    "en": tuple("abcdefghijklmnopqrstuvwxyz"),
    "cy": ("a", "b", "c", "ch", "d", "dd", "e", "f", "ff", "g", "ng", "h", "i", "j", "l", "ll",
           "m", "n", "o", "p", "ph", "r", "rh", "s", "t", "th", "u", "w", "y"),
    # آ sorts with ا; ھ (do-chashmi he) and ں (nun ghunna) follow the letters they modify.
    "ur": ("ا", "ب", "پ", "ت", "ٹ", "ث", "ج", "چ", "ح", "خ", "د", "ڈ", "ذ", "ر", "ڑ", "ز", "ژ", "س",
           "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ک", "گ", "ل", "م", "ن", "ں", "و", "ہ", "ھ",
           "ء", "ی", "ے"),
}
# Characters written differently that sort as one letter.
_SAME_AS = {"آ": "ا", "أ": "ا", "ك": "ک", "ي": "ی", "ى": "ی", "ه": "ہ", "ة": "ہ", "ۀ": "ہ", "ئ": "ی"}


def alphabet(code: str) -> tuple[str, ...]:
    """The letters of ``code``'s alphabet in order (English's for a language without its own here)."""
    return _ALPHABETS.get(code, _ALPHABETS["en"])


def letters(text: str, code: str) -> list[str]:
    """``text`` split into the letters of ``code``'s alphabet: "Chwech" → ["ch", "w", "e", "ch"] in Welsh.

    Lowercased, accents dropped; anything else (digits, spaces, other scripts) one character each.
    """
    plain = _plain(text)
    two = {letter for letter in alphabet(code) if len(letter) == 2}
    found, i = [], 0
    while i < len(plain):
        if plain[i:i + 2] in two:
            found.append(plain[i:i + 2])
            i += 2
        else:
            found.append(plain[i])
            i += 1
    return found


def sort_key(text: str, code: str) -> tuple:
    """A key that sorts ``text`` by ``code``'s alphabet; ties are broken by the text as written."""
    return (_primary(text, code), text.casefold(), text)


def first_letter(text: str, code: str) -> str:
    """The letter ``text`` is listed under in the A–Z ("Ch" for "Chwaraeon" in Welsh), "" if it
    starts with no letter at all (digits, punctuation)."""
    for letter in letters(text, code):
        if letter.isalpha():
            return letter[:1].upper() + letter[1:]
    return ""


def _primary(text: str, code: str) -> tuple[tuple[int, int, str], ...]:
    order = _order(code)
    key = []
    for letter in letters(text, code):
        if not letter.isalnum():
            continue  # spaces and punctuation do not order words: "Bin day" beside "Bins"
        if letter in order:
            key.append((1, order[letter], ""))
        elif letter.isdigit():
            key.append((0, int(letter), ""))
        else:
            english = _order("en")
            key.append((2, english.get(letter, len(english)), letter))
    return tuple(key)


@lru_cache(maxsize=16)
def _order(code: str) -> dict[str, int]:
    return {letter: i for i, letter in enumerate(alphabet(code))}


@lru_cache(maxsize=4096)
def _plain(text: str) -> str:
    """Lowercase, with combining accents removed and variant letters made one."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(_SAME_AS.get(c, c) for c in unicodedata.normalize("NFC", kept))
