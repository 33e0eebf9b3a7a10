"""The field-type registry: everything one kind of question means, in one entry.

Each entry says what editors may call the type, how long its answers may be, how long a resident
takes over it, which keys it takes, how a browser draws it (its widget and HTML input type), how
its answer is checked and shown, and its Open311 datatype. The loader, the static start pages and
the backend all read this table; the backend adds only the WTForms field class for each widget
(``backend.forms.fields``), and each widget has one template (``backend/templates/widgets/``).

Nothing here imports Flask or WTForms. Messages and answers as shown are in the current language
(``portal.wording``): English unless the backend set the resident's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from portal import i18n
from portal.email_address import InvalidEmail, normalise_email
from portal.wording import N_, current_language, ngettext
from portal.wording import gettext as _

if TYPE_CHECKING:
    from portal.forms.spec import FieldSpec

# (spec, the answer as stored, photo count) -> the answer as people read it
Shower = Callable[["FieldSpec", Any, int], str]
# (spec, the normalised answer) -> the answer as stored; raises ValueError with the message to show
Checker = Callable[["FieldSpec", str], str]

OPEN311_DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


@dataclass(frozen=True)
class FieldType:
    """One kind of question."""

    name: str
    widget: str  # the template in backend/templates/widgets/ that draws it
    seconds: int  # rough time a resident spends on it, for "this takes about N minutes"
    open311: str  # its datatype in Open311 GeoReport v2 service definitions
    html_type: str | None = None  # the <input type> of a one-box widget
    default_length: int | None = None  # the limit when a form gives no max_length (None: not text)
    takes_length: bool = False  # editors may set max_length
    takes_choices: bool = False
    takes_range: bool = False  # editors may set min and max
    takes_files: bool = False
    multiline: bool = False
    aliases: tuple[str, ...] = ()  # words editors reach for that mean this type
    check: Checker | None = None
    show: Shower | None = None

    @property
    def is_text(self) -> bool:
        """Whether residents type the answer (so the free-text rule applies)."""
        return self.default_length is not None

    def display(self, spec: FieldSpec, value: Any, photo_count: int = 0) -> str:
        """The answer as check your answers, the staff case page and emails show it."""
        if not self.takes_files and value in (None, "", [], {}):
            return _("Not given")
        return (self.show or _as_text)(spec, value, photo_count)


def label_in_sentence(spec: FieldSpec) -> str:
    """The label as it reads inside a sentence: 'Enter where the pothole is'."""
    label = spec.label.rstrip("?").rstrip()
    return label[0].lower() + label[1:] if label[:2] != label[:2].upper() else label


_QUESTION_WORDS = frozenset({"how", "what", "when", "where", "which", "who", "whose", "why", "is", "are", "was",
                             "were", "do", "does", "did", "can", "could", "has", "have", "will", "would", "should"})


def is_question(label: str) -> bool:
    """Whether a label asks a question ("When was your collection day?") rather than names a thing."""
    words = label.strip().split()
    return label.rstrip().endswith("?") or bool(words) and words[0].lower() in _QUESTION_WORDS


def _quoted(label: str) -> bool:
    """Whether a message quotes the label rather than weaving it into its sentence: for questions,
    and in every language but the default (weaving needs the language's grammar: Welsh mutates
    the first letter of a word after many others)."""
    language = current_language()
    return is_question(label) or (language is not None and not language.is_default)


def answer_subject(spec: FieldSpec) -> str:
    """How a message names the answer it is about: the label when it names a thing ("Vehicle
    registration must be ..."), or, for a question, "Your answer to “How many ...?”" (a question
    glued into a sentence reads badly: "How many vehicles ... must be a whole number")."""
    label = spec.label.strip()
    return _("Your answer to “%(label)s”") % {"label": label} if _quoted(label) else label


_MISSING = {
    "Enter": N_("Enter your answer to “%(label)s”"),
    "Select": N_("Select an answer to “%(label)s”"),
    "Add": N_("Add your answer to “%(label)s”"),
}
_MISSING_THING = {"Enter": N_("Enter %(thing)s"), "Select": N_("Select %(thing)s"), "Add": N_("Add %(thing)s")}


def missing_answer_message(spec: FieldSpec, verb: str) -> str:
    """What to say when an answer is missing and the form gives no ``error``: "Enter full name",
    or for a question, "Enter your answer to “When was your collection day?”"."""
    label = spec.label.strip()
    if _quoted(label):
        return _(_MISSING[verb]) % {"label": label}
    return _(_MISSING_THING[verb]) % {"thing": label_in_sentence(spec)}


# --- How answers are checked ----------------------------------------------------------------------

_TEL = re.compile(r"^\+?[0-9 ()-]{6,20}$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def _email(_spec: FieldSpec, value: str) -> str:
    try:
        return normalise_email(value)
    except InvalidEmail as exc:
        raise ValueError(_(str(exc))) from None


def _tel(_spec: FieldSpec, value: str) -> str:
    if not _TEL.match(value):
        raise ValueError(_("Enter a telephone number, like 01632 960 001 or 07700 900 982"))
    return value


def _postcode(_spec: FieldSpec, value: str) -> str:
    match = _POSTCODE.match(value.upper())
    if not match:
        raise ValueError(_("Enter a full UK postcode, like KF1 1AA"))
    return f"{match[1]} {match[2]}"


def _number(spec: FieldSpec, value: str) -> str:
    words = {"subject": answer_subject(spec), "low": f"{spec.min:g}" if spec.min is not None else "",
             "high": f"{spec.max:g}" if spec.max is not None else ""}
    try:
        number = int(value)
    except ValueError:
        raise ValueError(_("%(subject)s must be a whole number, like 3") % words) from None
    low, high = spec.min, spec.max
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError((_("%(subject)s must be between %(low)s and %(high)s") if low is not None and high is not None
                          else _("%(subject)s must be %(low)s or more") if low is not None
                          else _("%(subject)s must be %(high)s or less")) % words)
    return str(number)


def _choices(spec: FieldSpec, value: Any) -> Any:
    allowed = {c.value for c in spec.choices}
    chosen = value if isinstance(value, list) else [value]
    if any(v not in allowed for v in chosen):
        raise ValueError(_("%(message)s from the list") % {"message": missing_answer_message(spec, "Select")})
    return value


DATE_BOXES = ("day", "month", "year")
_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}


# What a date is missing, as whole sentences (so each language can word its own).
_MUST_INCLUDE = {
    ("day",): N_("%(what)s must include a day"),
    ("month",): N_("%(what)s must include a month"),
    ("year",): N_("%(what)s must include a year"),
    ("day", "month"): N_("%(what)s must include a day and month"),
    ("day", "year"): N_("%(what)s must include a day and year"),
    ("month", "year"): N_("%(what)s must include a month and year"),
    ("day", "month", "year"): N_("%(what)s must include a day, month and year"),
}


class DateProblem(ValueError):
    """A date typed into the three boxes that is not a date; ``boxes`` are the ones at fault."""

    def __init__(self, message: str, boxes: tuple[str, ...]) -> None:
        super().__init__(message)
        self.boxes = boxes


def read_date(spec: FieldSpec, day: str, month: str, year: str) -> str:
    """The ISO date typed into the GOV.UK date input's boxes; raises DateProblem naming the boxes at
    fault, in the Design System's words ("Date of birth must include a year", "... must be a real date").

    All three empty is for the caller (a missing answer). Months may be written as numbers or names.
    """
    what = spec.label.rstrip("?") if not spec.label.rstrip().endswith("?") else _("The date")
    words = {"what": what}
    given = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = tuple(box for box in DATE_BOXES if not given[box])
    if missing:
        raise DateProblem(_(_MUST_INCLUDE[missing]) % words, missing)
    month_text = given["month"].lower()
    month_number = _MONTHS.get(month_text) or next(
        (n for name, n in _MONTHS.items() if len(month_text) >= 3 and name.startswith(month_text)), None)
    numbers = {"day": given["day"], "month": str(month_number) if month_number else given["month"],
               "year": given["year"]}
    wrong = tuple(box for box in DATE_BOXES if not (numbers[box].isascii() and numbers[box].isdigit()))
    if wrong:
        raise DateProblem(_("%(what)s must be a real date") % words, wrong)
    # A day or a month has at most two digits; checked before int() so that a box of many digits is
    # "not a real date" rather than an integer too large for a date (or for int() itself).
    too_long = tuple(box for box in ("day", "month") if len(numbers[box]) > 2)
    if too_long:
        raise DateProblem(_("%(what)s must be a real date") % words, too_long)
    if len(numbers["year"]) != 4:
        raise DateProblem(_("Year must include 4 numbers"), ("year",))
    d, m, y = int(numbers["day"]), int(numbers["month"]), int(numbers["year"])
    if not 1 <= m <= 12:
        raise DateProblem(_("%(what)s must be a real date") % words, ("month",))
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        raise DateProblem(_("%(what)s must be a real date") % words, ("day",)) from None


def date_boxes(value: Any) -> dict[str, str]:
    """A stored ISO date as the three boxes show it (27, 11, 2026); empty boxes for anything else."""
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return dict.fromkeys(DATE_BOXES, "")
    return {"day": str(date.day), "month": str(date.month), "year": str(date.year)}


# --- How answers are shown ------------------------------------------------------------------------

def _as_text(_spec: FieldSpec, value: Any, _photos: int) -> str:
    return str(value)


def _one_choice(spec: FieldSpec, value: Any, _photos: int) -> str:
    return {c.value: c.label for c in spec.choices}.get(value, str(value))


def _many_choices(spec: FieldSpec, value: Any, _photos: int) -> str:
    labels = {c.value: c.label for c in spec.choices}
    return ", ".join(labels.get(v, str(v)) for v in value)


def _date(_spec: FieldSpec, value: Any, _photos: int) -> str:
    try:
        return i18n.long_date(dt.date.fromisoformat(value), current_language())
    except (TypeError, ValueError):
        return str(value)


def _photos(_spec: FieldSpec, _value: Any, count: int) -> str:
    return ngettext("%(count)s photo", "%(count)s photos", count) % {"count": count} if count else _("None")


def _location(_spec: FieldSpec, value: Any, _photos: int) -> str:
    if not isinstance(value, dict):
        return str(value)
    where = value.get("description") or ""
    if value.get("latitude") and value.get("longitude"):
        where += _(" (latitude %(latitude)s, longitude %(longitude)s)") % value
    return where or _("Not given")


# --- The registry ---------------------------------------------------------------------------------

_TYPES = (
    FieldType("text", "input", 20, "string", html_type="text", default_length=200, takes_length=True,
              aliases=("textbox",)),
    FieldType("textarea", "textarea", 90, "text", default_length=2000, takes_length=True, multiline=True),
    FieldType("email", "input", 15, "string", html_type="email", default_length=254, check=_email),
    FieldType("tel", "input", 15, "string", html_type="tel", default_length=20, check=_tel,
              aliases=("phone", "telephone")),
    FieldType("number", "input", 10, "number", html_type="text", default_length=20, takes_range=True,
              check=_number),
    FieldType("date", "date", 20, "datetime", show=_date),
    FieldType("postcode", "input", 15, "string", html_type="text", default_length=8, check=_postcode),
    FieldType("radios", "choices", 10, "singlevaluelist", takes_choices=True, check=_choices, show=_one_choice,
              aliases=("radio",)),
    FieldType("checkboxes", "choices", 15, "multivaluelist", takes_choices=True, check=_choices,
              show=_many_choices, aliases=("checkbox",)),
    FieldType("select", "select", 10, "singlevaluelist", takes_choices=True, check=_choices, show=_one_choice,
              aliases=("dropdown",)),
    FieldType("photo", "photo", 60, "string", takes_files=True, show=_photos, aliases=("image",)),
    FieldType("location", "location", 45, "text", default_length=500, takes_length=True, multiline=True,
              show=_location, aliases=("address",)),
)
FIELD_TYPES: dict[str, FieldType] = {t.name: t for t in _TYPES}
# Every alias, for the loader's "did you mean" (close spellings are caught by difflib).
ALIASES: dict[str, str] = {alias: t.name for t in _TYPES for alias in t.aliases}


def field_type(name: str) -> FieldType:
    """The registry entry for ``name``; KeyError if there is none."""
    return FIELD_TYPES[name]


def display_answer(spec: FieldSpec, value: Any, photo_count: int = 0) -> str:
    """A resident's answer as people read it: check your answers, the staff case page, emails."""
    return FIELD_TYPES[spec.type].display(spec, value, photo_count)
