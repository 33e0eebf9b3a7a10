"""Helpers for the fuzz tests: hostile values, the forms a page shows, how a browser (or an attacker)
encodes them, and what the database holds before and after."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_from_bytes, urlsplit

from backend_support import png_bytes
from bs4 import BeautifulSoup
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from backend.storage.db import db

# Values chosen because each has broken a form somewhere: PostgreSQL refuses NUL, columns overflow
# when a letter grows on lower-casing or NFKC, CR/LF forges email headers, and so on.
# Hypothesis starts from the first of each list, so the first example of every form is NUL in every box.
HOSTILE: list[str] = [
    "a\x00b", "", " ", "\x00", "Sam\x00@example.com", "\x01\x02\x07\x08\x0b\x0c\x1b\x7f",
    "\x80\x85\x9b\x9f", "Sam\r\nBcc: everyone@example.com", "line\rbreak", "tab\there",
    "x" * 100_000, "\u0130" * 130, "\u0130" * 130 + "@example.com", "\u00df" * 3000, "\ufb03" * 3000,
    "\u2025" * 2000, "\u202eevil\u202c", "\u200f\u200e\u2066\u2069", "<script>alert(1)</script>",
    "<b>bold</b>", "&lt;script&gt;", "' OR '1'='1", "\"; DROP TABLE report; --", "%00", "%s%n",
    "\U0001f4a9\U0001f468\u200d\U0001f469\u200d\U0001f467", "\ufffd", "\ufeffBOM",
    "9" * 400, "-1", "-0", "1e309", "1.5", "NaN", "inf", "0x10", "١٢٣", "\uff11\uff12",
    "2026-02-30", "31", "13", "0", "99999", "-2026", "2026.5", "\u0661\u0669", "not-a-choice",
    "resident@example.com", "a@[.c", "@", "KF1 1AA", "SW1A\u00a01AA", "0116 496 0123",
]

# For boxes that take numbers (the three date boxes, number questions): numbers too big for a date,
# for a C long, or for int() itself; negative, fractional, non-ASCII and not-quite numbers.
NUMERIC: list[str] = ["99999999999999999999", "9" * 5000, "9" * 400, "-1", "-99999999999999999999", "0", "00",
                      "1.5", "1e309", "1_000", "\u0661\u0662", "\uff11", "+1", " 7 ", "31", "13", "29", "2026",
                      "0" * 30 + "11", "1\x00"]

# Bytes no browser should send: lone surrogates as UTF-8, overlong and truncated sequences, and
# percent-encoding that is not percent-encoding.
RAW_BYTES: list[bytes] = [b"%ED%A0%80", b"%ED%BF%BF%ED%A0%80", b"%FF%FE", b"%C0%AF", b"%E2%82", b"%", b"%zz",
                          b"%%00", b"a%00b", b"\xed\xa0\x80", b"\xff"]

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_CONTROLS = st.characters(min_codepoint=0, max_codepoint=0x9F).filter(lambda c: c < " " or c >= "\x7f")
# A hand-picked hostile value, any text, or ordinary text with a control character hidden inside.
VALUE = st.one_of(st.sampled_from(HOSTILE), _TEXT,
                  st.builds(lambda a, c, b: a + c + b, st.sampled_from(HOSTILE[-6:]), _CONTROLS, _TEXT))
TABLES = ("report", "report_update", "outbox_message", "account", "staff", "sign_in_token", "photo")


@dataclass(frozen=True)
class Target:
    """One form to fuzz: where the page is, where it posts, and who sends it."""

    endpoint: str
    page: str
    action: str
    who: str  # "public", "resident" or "staff": which client sends it
    method: str = "post"


def form_fields(html: str, action: str, method: str = "post") -> list[str]:
    """The names of the inputs of the form on the page that sends to ``action`` (the page itself when
    the form has no action), hidden ones included, in page order."""
    page = BeautifulSoup(html, "html.parser")
    for form in page.find_all("form"):
        target = urlsplit(form.get("action") or action).path
        if target == urlsplit(action).path and (form.get("method") or "get").lower() == method:
            names = [el.get("name") for el in form.find_all(["input", "select", "textarea", "button"])]
            return list(dict.fromkeys(n for n in names if n))
    return []


_PLAUSIBLE_BY_SUFFIX = {"-day": "27", "-month": "11", "-year": "2026", "email": "resident@example.com",
                        "postcode": "KF1 1AA", "phone": "0116 496 0123", "latitude": "52.6", "longitude": "-1.1"}


def plausible_answers(html: str, action: str) -> dict[str, str]:
    """An answer a person might give to each input of the form for ``action``: the first choice of a
    choice, a date-like number in a date box, ordinary words elsewhere. One hostile value among these
    reaches the checks (and the database) that a form of hostile values would be refused before."""
    page = BeautifulSoup(html, "html.parser")
    answers: dict[str, str] = {}
    for form in page.find_all("form"):
        if urlsplit(form.get("action") or action).path != urlsplit(action).path:
            continue
        for el in form.find_all(["input", "select", "textarea"]):
            name = el.get("name")
            if not name or name in answers or name in ("csrf_token", "website") or el.get("type") == "file":
                continue
            if el.name == "select":
                options = [o.get("value") for o in el.find_all("option") if o.get("value")]
                answers[name] = options[0] if options else ""
            elif el.get("type") in ("radio", "checkbox", "hidden"):  # hidden: what the page put there
                answers[name] = el.get("value") or ""
            else:
                answers[name] = next((v for k, v in _PLAUSIBLE_BY_SUFFIX.items() if name.endswith(k) or k in name),
                                     "3" if el.get("inputmode") == "numeric" else "Outside number 12")
    return answers


def numeric_fields(html: str, action: str) -> list[str]:
    """The names of the inputs that ask for numbers (``inputmode`` numeric or decimal) in the form for ``action``."""
    page = BeautifulSoup(html, "html.parser")
    return [el.get("name") for form in page.find_all("form")
            if urlsplit(form.get("action") or action).path == urlsplit(action).path
            for el in form.find_all("input", inputmode=("numeric", "decimal")) if el.get("name")]


def file_fields(html: str, action: str) -> list[str]:
    """The names of the file inputs of the form that sends to ``action``."""
    page = BeautifulSoup(html, "html.parser")
    return [el.get("name") for form in page.find_all("form")
            if urlsplit(form.get("action") or action).path == urlsplit(action).path
            for el in form.find_all("input", type="file") if el.get("name")]


# Files a form with a photo question may be sent: hostile names, and contents that are not photos.
FILE_NAMES = ["photo.png", "\x00.png", "../../etc/passwd", "x" * 5000 + ".jpg", "\u202egnp.exe", "", "<b>.png"]
FILE_BODIES = [png_bytes(), b"",
               b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, b"GIF89a", b"<svg onload=alert(1)>", b"\xff\xd8\xff" * 10]


@st.composite
def hostile_upload(draw: st.DrawFn, names: list[str], files: list[str], *, token: str) -> dict[str, Any]:
    """A multipart body, as a form with a photo question is sent: hostile answers and hostile files."""
    data: list[tuple[str, Any]] = [("csrf_token", token)]
    for name in names:
        if name in files:
            for _ in range(draw(st.integers(0, 2))):
                data.append((name, (io.BytesIO(draw(st.sampled_from(FILE_BODIES))), draw(st.sampled_from(FILE_NAMES)))))
        elif name not in ("csrf_token", "website"):
            data.append((name, draw(VALUE)))
    return {"multipart": MultiDict(data), "token": "valid"}


@st.composite
def hostile_form(draw: st.DrawFn, names: list[str], *, token: str, allow_valid_token: bool = True,
                 numeric: tuple[str, ...] = (), plausible: dict[str, str] | None = None) -> dict[str, Any]:
    """A body for a form with these fields: hostile values (or none) in any of them, sometimes a
    field twice, sometimes raw bytes, sometimes no or a wrong CSRF token. Given ``plausible``
    answers, half the examples answer every field plausibly but one."""
    focus = draw(st.sampled_from(sorted(plausible))) if plausible and draw(st.booleans()) else None
    token_kind = draw(st.sampled_from(["valid", "valid", "valid", "missing", "wrong"] if allow_valid_token
                                      else ["missing", "wrong"]))
    pairs: list[tuple[str, bytes]] = []
    if token_kind != "missing":
        pairs.append(("csrf_token", (token if token_kind == "valid" else draw(VALUE)).encode()))
    for name in names:
        if name == "csrf_token":
            continue
        if name == "website" and draw(st.integers(0, 9)):
            continue  # the honeypot: usually empty, as a person leaves it
        if focus is not None and name != focus and plausible and name in plausible:
            pairs.append((name, plausible[name].encode()))
            continue
        for _ in range(draw(st.sampled_from([1, 1, 1, 0, 2]))):  # answered, left out, or sent twice
            value = draw(st.one_of(st.sampled_from(NUMERIC), VALUE) if name in numeric else VALUE)  # NUMERIC first
            pairs.append((name, value.encode("utf-8")))
    raw = draw(st.sampled_from([None, None, *RAW_BYTES]))
    raw_name = draw(st.sampled_from(names)) if raw is not None and names else None
    if draw(st.booleans()) and names:
        pairs.append((draw(_TEXT.filter(bool)), b"stray key"))
    body = b"&".join(quote_from_bytes(k.encode()).encode() + b"=" + quote_from_bytes(v).encode() for k, v in pairs)
    if raw_name is not None:
        body += b"&" + quote_from_bytes(raw_name.encode()).encode() + b"=" + raw
    return {"body": body, "token": token_kind}


def counts() -> dict[str, int]:
    """How many rows each table that a refusal must not touch holds. Drafts are left out: a page
    refused on one answer may still keep the resident's other answers, as it should."""
    return {t: db.session.execute(db.text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def errors_logged() -> Iterator[list[logging.LogRecord]]:
    """Every record at ERROR or above while inside: the error handler answers a crash with a polite
    page, so a crash shows up here as well as in the status."""
    keep = _Keep()
    root = logging.getLogger()
    root.addHandler(keep)
    try:
        yield keep.records
    finally:
        root.removeHandler(keep)
