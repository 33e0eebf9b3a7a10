"""WTForms classes made from a form's definition in forms/, one class per page of the form.

The definition is the one source of truth: labels, hints, limits and choices all come from it,
and so do the error messages, written the GOV.UK way ("Enter ...", "Select ...").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, MultipleFileField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from portal.forms import FieldSpec, PageSpec
from portal.schema import EMAIL_PATTERN

HONEYPOT = "website"
_DEFAULT_MAX = {"text": 200, "textarea": 2000, "location": 500, "email": 254, "tel": 20, "postcode": 8}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<\s*[a-zA-Z!/]")
_EMAIL = re.compile(EMAIL_PATTERN)
_TEL = re.compile(r"^\+?[0-9 ()-]{6,20}$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def question(spec: FieldSpec) -> str:
    """The label as it reads inside an error message."""
    label = spec.label.rstrip("?").rstrip()
    return label[0].lower() + label[1:] if label[:2] != label[:2].upper() else label


def _required(spec: FieldSpec) -> Callable[[Any, Field], None]:
    chooses = spec.type in ("radios", "select", "checkboxes")
    message = spec.error or (f"Select {question(spec)}" if chooses else
                             f"Add {question(spec)}" if spec.type == "photo" else f"Enter {question(spec)}")

    def check(_form: Any, field: Field) -> None:
        data = field.data
        empty = not data or (isinstance(data, str) and not data.strip()) or \
            (isinstance(data, list) and not any(getattr(d, "filename", d) for d in data))
        if empty:
            if spec.required:
                raise StopValidation(message)
            field.errors[:] = []
            raise StopValidation()

    return check


def _safe_text(spec: FieldSpec, limit: int) -> Callable[[Any, Field], None]:
    def check(_form: Any, field: Field) -> None:
        value = field.data or ""
        if _CONTROL.search(value):
            raise ValidationError(f"{spec.label.rstrip('?')} must not contain hidden control characters")
        if _TAG.search(value):
            raise ValidationError(f"{spec.label.rstrip('?')} must not contain HTML such as <script>; "
                                  "remove the angle brackets")
        if len(value) > limit:
            raise ValidationError(f"{spec.label.rstrip('?')} must be {limit:,} characters or fewer; "
                                  f"you have {len(value):,}")

    return check


def _typed(spec: FieldSpec) -> Callable[[Any, Field], None] | None:
    """The check for what a field's type means: a real email, date, number or choice."""
    label = spec.label.rstrip("?")

    def email(_f: Any, field: Field) -> None:
        if not _EMAIL.match(field.data.strip()):
            raise ValidationError("Enter an email address in the correct format, like name@example.com")

    def tel(_f: Any, field: Field) -> None:
        if not _TEL.match(field.data.strip()):
            raise ValidationError("Enter a telephone number, like 01632 960 001 or 07700 900 982")

    def postcode(_f: Any, field: Field) -> None:
        match = _POSTCODE.match(field.data.strip().upper())
        if not match:
            raise ValidationError("Enter a full UK postcode, like KF1 1AA")
        field.data = f"{match[1]} {match[2]}"

    def number(_f: Any, field: Field) -> None:
        try:
            value = int(field.data.strip())
        except ValueError:
            raise ValidationError(f"{label} must be a whole number, like 3") from None
        low, high = spec.min, spec.max
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValidationError(f"{label} must be between {low:g} and {high:g}" if low is not None and
                                  high is not None else f"{label} must be {low:g} or more" if low is not None
                                  else f"{label} must be {high:g} or less")
        field.data = str(value)

    def date(_f: Any, field: Field) -> None:
        try:
            dt.date.fromisoformat(field.data.strip())
        except ValueError:
            raise ValidationError(f"{label} must be a real date, like 2026-11-25") from None

    def choices(_f: Any, field: Field) -> None:
        allowed = {c.value for c in spec.choices}
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in allowed for value in chosen):
            raise ValidationError(f"Select {question(spec)} from the list")

    return {"email": email, "tel": tel, "postcode": postcode, "number": number, "date": date,
            "radios": choices, "select": choices, "checkboxes": choices}.get(spec.type)


def _field(spec: FieldSpec) -> Field:
    validators: list[Callable[[Any, Field], None]] = [_required(spec)]
    if spec.type not in ("photo", "radios", "select", "checkboxes"):
        validators.append(_safe_text(spec, spec.max_length or _DEFAULT_MAX.get(spec.type, 200)))
    if typed := _typed(spec):
        validators.append(typed)
    kwargs = {"label": spec.label, "validators": validators, "description": spec.hint or ""}
    # Choices are drawn and checked from the definition (see _typed), not by WTForms.
    if spec.type in ("textarea", "location"):
        return TextAreaField(**kwargs)
    if spec.type == "radios":
        return RadioField(choices=[], validate_choice=False, **kwargs)
    if spec.type == "select":
        return SelectField(choices=[], validate_choice=False, **kwargs)
    if spec.type == "checkboxes":
        return SelectMultipleField(choices=[], validate_choice=False, **kwargs)
    if spec.type == "photo":
        return MultipleFileField(**kwargs)
    return StringField(**kwargs)


@functools.cache
def page_form_class(page: PageSpec) -> type[FlaskForm]:
    """The WTForms class for one page; a location field also gets optional coordinates."""
    attributes: dict[str, Any] = {}
    for spec in page.fields:
        attributes[spec.name] = _field(spec)
        if spec.type == "location":
            for axis, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
                attributes[f"{spec.name}_{axis}"] = StringField(
                    f"{axis.capitalize()} (optional)", validators=[_coordinate(axis, low, high)])
    # Left empty by people; bots that fill every box give themselves away.
    attributes[HONEYPOT] = StringField("Leave this box empty")
    return type("PageForm", (FlaskForm,), attributes)


def _coordinate(axis: str, low: int, high: int) -> Callable[[Any, Field], None]:
    def check(_form: Any, field: Field) -> None:
        text = (field.data or "").strip()
        if not text:
            return
        try:
            value = float(text)
        except ValueError:
            raise ValidationError(f"{axis.capitalize()} must be a number, like 52.6369") from None
        if not low <= value <= high:
            raise ValidationError(f"{axis.capitalize()} must be between {low} and {high}")

    return check


def error_links(page: PageSpec, form: Any) -> list[tuple[str, str]]:
    """(element id, message) for the error summary, in the order the questions are asked."""
    links = []
    for field in page.fields:
        names = [field.name] + ([f"{field.name}_latitude", f"{field.name}_longitude"]
                                if field.type == "location" else [])
        for name in names:
            if form[name].errors:
                # A set of radios or checkboxes is reached through its first option.
                target = f"{name}-1" if field.type in ("radios", "checkboxes") else name
                links.append((target, form[name].errors[0]))
    return links


def page_answers(page: PageSpec, form: Any) -> dict[str, Any]:
    """A validated page's answers as they are stored (photos are stored on their own)."""
    answers: dict[str, Any] = {}
    for field in page.fields:
        if field.type == "photo":
            continue
        value = form[field.name].data
        if isinstance(value, str):
            value = value.strip() or None
        if field.type == "location":
            value = {"description": value,
                     "latitude": (form[f"{field.name}_latitude"].data or "").strip() or None,
                     "longitude": (form[f"{field.name}_longitude"].data or "").strip() or None}
        answers[field.name] = value
    return answers
