"""Reference numbers for reports and requests, made to be read aloud over the phone.

A reference is 8 random characters and 1 check character, shown as three groups of three:
``4QM-7XH-9RK``. 28^8 (about 3.8 x 10^11) references leave guessing hopeless and collisions rare;
the database's unique constraint catches the rare one and the caller draws again.

The alphabet, 28 characters, is the digits 2-9 and the letters without I, L, O, U, V and Z:

- 0/O and 1/I/L look alike in many fonts and in handwriting, so all five are out.
- U and V are confused in handwriting, and V sounds like B, D, P and T on a poor phone line.
  Dropping both leaves no pair to mix up (keeping only U would still be misread as V).
- Z is out because a handwritten 2 is read as Z; dropping it lets ``normalise`` read a Z as 2
  safely. Dropping it also makes the alphabet even, which Luhn mod N needs: with an odd N the
  doubling step is not one-to-one, so some single-character errors would go unnoticed.

The check character is Luhn mod 28. It catches every single-character error, and every swap
of two neighbouring characters except one: swapping the first and last characters of the
alphabet ('2' and 'Y'), the same blind spot as 09/90 in ordinary Luhn. ``new_reference`` never
issues a reference with '2' next to 'Y', so every swap in an issued reference is caught.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXY"
RANDOM_LENGTH = 8
LENGTH = RANDOM_LENGTH + 1
GROUP = 3

_N = len(ALPHABET)
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
# Only characters outside the alphabet are mapped, so a mapping can never turn one valid
# character into another; O, 0, I, 1, L, U and V each look like two or more of ours, so they
# are not guessed at and the reference is refused.
_MISREADINGS = str.maketrans({"Z": "2"})
_SEPARATORS = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014\u2212.\t")
# The pair Luhn mod N cannot tell apart when swapped: code points 0 and N-1.
_BLIND_PAIRS = (ALPHABET[0] + ALPHABET[-1], ALPHABET[-1] + ALPHABET[0])


def new_reference() -> str:
    """A new random reference, formatted for display, such as ``4QM-7XH-9RK``."""
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
        reference = body + _check_character(body)
        if not any(pair in reference for pair in _BLIND_PAIRS):
            return _format(reference)


def normalise(text: str) -> str | None:
    """The canonical form of a reference a resident typed or read out, or None if it is not one.

    Lowercase, spaces and hyphens are accepted, and a Z is read as 2. Returns None if the
    length is wrong, a character is not in the alphabet, or the check character does not match.
    """
    compact = text.upper().translate(_SEPARATORS).translate(_MISREADINGS)
    if len(compact) != LENGTH or any(c not in _INDEX for c in compact):
        return None
    if _check_character(compact[:-1]) != compact[-1]:
        return None
    return _format(compact)


def is_valid(text: str) -> bool:
    """Whether ``text`` is a reference once normalised (see ``normalise``)."""
    return normalise(text) is not None


def _check_character(body: str) -> str:
    # Luhn mod N: from the right, double every other code point (starting with the rightmost)
    # and add the digits of the result written in base N.
    total = 0
    for position, char in enumerate(reversed(body)):
        value = _INDEX[char]
        if position % 2 == 0:
            value = 2 * value
            value = value // _N + value % _N
        total += value
    return ALPHABET[(_N - total % _N) % _N]


def _format(compact: str) -> str:
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))
