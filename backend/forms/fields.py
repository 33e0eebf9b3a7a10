"""WTForms classes made from a form's definition in forms/, one class per page of the form.

The definition is the one source of truth: labels, hints, limits and choices all come from it, and
so do the error messages, written the GOV.UK way ("Enter ...", "Select ..."). What a type means
(its checks, its limit, its widget) is its entry in the field-type registry (``portal.forms.types``);
this module only maps each widget to the WTForms field that reads it from the request.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, MultipleFileField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from portal.forms import FIELD_TYPES, FieldSpec, PageSpec, answer_subject, missing_answer_message
from portal.forms.types import DATE_BOXES, DateProblem, date_boxes, read_date
from portal.text import clean, multi_line, single_line
from portal.wording import N_
from portal.wording import gettext as _

HONEYPOT = "website"


class DateInputField(Field):
    """The GOV.UK date input: three boxes, ``<name>-day``, ``<name>-month`` and ``<name>-year``.

    ``data`` is the ISO date once valid; ``boxes`` keeps what was typed (so it is shown again on an
    error) and ``faults`` names the boxes an error is about.
    """

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        self.faults: tuple[str, ...] = ()
        if formdata is not None:
            self.boxes = {box: formdata.get(f"{self.name}-{box}") or "" for box in DATE_BOXES}
            self.data = None if not any(v.strip() for v in self.boxes.values()) else self.boxes
        else:
            self.data = None if data is unset_value else data
            self.boxes = date_boxes(self.data)


# The WTForms field that reads each registry type from the request (its widget template draws it).
# Choices are drawn and checked from the definition, not by WTForms.
TYPE_FIELDS: dict[str, Callable[..., Field]] = {
    "text": StringField,
    "textarea": TextAreaField,
    "email": StringField,
    "tel": StringField,
    "number": StringField,
    "date": DateInputField,
    "postcode": StringField,
    "radios": functools.partial(RadioField, choices=[], validate_choice=False),
    "checkboxes": functools.partial(SelectMultipleField, choices=[], validate_choice=False),
    "select": functools.partial(SelectField, choices=[], validate_choice=False),
    "photo": MultipleFileField,
    "location": TextAreaField,
}


def required_message(spec: FieldSpec) -> str:
    """What to say when a required answer is missing, GOV.UK style."""
    kind = FIELD_TYPES[spec.type]
    verb = "Select" if kind.takes_choices else "Add" if kind.takes_files else "Enter"
    return spec.error or missing_answer_message(spec, verb)


def _required(spec: FieldSpec) -> Callable[[Any, Field], None]:
    message = required_message(spec)

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


def _free_text(spec: FieldSpec) -> Callable[[Any, Field], None]:
    kind = FIELD_TYPES[spec.type]
    rule = (multi_line if kind.multiline else single_line)(spec.limit or 0)

    def check(_form: Any, field: Field) -> None:
        text, problem = clean(field.data, rule)
        if problem:
            raise ValidationError(_("%(subject)s %(problem)s") % {"subject": answer_subject(spec), "problem": problem})
        field.data = text

    return check


def _typed(spec: FieldSpec) -> Callable[[Any, Field], None] | None:
    """The check of what the field's type means (a real email, number or choice), from the registry."""
    type_check = FIELD_TYPES[spec.type].check
    if type_check is None:
        return None

    def check(_form: Any, field: Field) -> None:
        try:
            field.data = type_check(spec, field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    return check


def _date(spec: FieldSpec) -> Callable[[Any, Field], None]:
    def check(_form: Any, field: Field) -> None:
        boxes = field.data if isinstance(field.data, dict) else date_boxes(field.data)
        try:
            field.data = read_date(spec, boxes["day"], boxes["month"], boxes["year"])
        except DateProblem as exc:
            field.faults = exc.boxes
            raise ValidationError(str(exc)) from None

    return check


def check_answer(spec: FieldSpec, raw: str | None) -> tuple[str | None, str | None]:
    """One typed answer outside a page form (account details): the stored value and the problem, by
    the same rules as the form field."""
    text, problem = clean(raw, (multi_line if FIELD_TYPES[spec.type].multiline else single_line)(spec.limit or 0))
    if not text:
        return None, (required_message(spec) if spec.required else None)
    if problem:
        return None, _("%(subject)s %(problem)s") % {"subject": answer_subject(spec), "problem": problem}
    type_check = FIELD_TYPES[spec.type].check
    try:
        return (type_check(spec, text) if type_check else text), None
    except ValueError as exc:
        return None, str(exc)


def _field(spec: FieldSpec) -> Field:
    kind = FIELD_TYPES[spec.type]
    validators: list[Callable[[Any, Field], None]] = [_required(spec)]
    if kind.is_text:
        validators.append(_free_text(spec))
    if kind.widget == "date":
        validators.append(_date(spec))
    if typed := _typed(spec):
        validators.append(typed)
    return TYPE_FIELDS[spec.type](label=spec.label, validators=validators, description=spec.hint or "")


@functools.cache
def page_form_class(page: PageSpec) -> type[FlaskForm]:
    """The WTForms class for one page; a location field also gets optional coordinates."""
    attributes: dict[str, Any] = {}
    for spec in page.fields:
        attributes[spec.name] = _field(spec)
        if spec.type == "location":
            for axis, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
                attributes[f"{spec.name}_{axis}"] = StringField(
                    _COORDINATE_LABELS[axis], validators=[_coordinate(axis, low, high)])
    # Left empty by people; bots that fill every box give themselves away.
    attributes[HONEYPOT] = StringField("Leave this box empty")
    return type("PageForm", (FlaskForm,), attributes)


_COORDINATE = single_line(30)
# Each message whole, so make messages finds it (the template and the check translate them).
_COORDINATE_LABELS = {"latitude": N_("Latitude (optional)"), "longitude": N_("Longitude (optional)")}
N_("Latitude must be a number, like 52.6369")
N_("Longitude must be a number, like 52.6369")
N_("Latitude must be between -90 and 90")
N_("Longitude must be between -180 and 180")


def _coordinate(axis: str, low: int, high: int) -> Callable[[Any, Field], None]:
    def check(_form: Any, field: Field) -> None:
        text, problem = clean(field.data, _COORDINATE)
        if not text:
            return
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if problem or not math.isfinite(value):
            raise ValidationError(_(f"{axis.capitalize()} must be a number, like 52.6369"))
        if not low <= value <= high:
            raise ValidationError(_(f"{axis.capitalize()} must be between {low} and {high}"))
        field.data = text

    return check


def error_links(page: PageSpec, form: Any) -> list[tuple[str, str]]:
    """(element id, message) for the error summary, in the order the questions are asked; each
    links to the first box at fault."""
    links = []
    for field in page.fields:
        names = [field.name] + ([f"{field.name}_latitude", f"{field.name}_longitude"]
                                if field.type == "location" else [])
        for name in names:
            if form[name].errors:
                links.append((_first_box(field, form[name]) if name == field.name else name, form[name].errors[0]))
    return links


def _first_box(spec: FieldSpec, field: Field) -> str:
    widget = FIELD_TYPES[spec.type].widget
    if widget == "choices":
        return f"{spec.name}-1"  # a set of radios or checkboxes is reached through its first option
    if widget == "date":
        return f"{spec.name}-{(getattr(field, 'faults', ()) or DATE_BOXES)[0]}"
    return spec.name


def page_answers(page: PageSpec, form: Any) -> dict[str, Any]:
    """A validated page's answers as they are stored (photos are stored on their own)."""
    answers: dict[str, Any] = {}
    for field in page.fields:
        if FIELD_TYPES[field.type].takes_files:
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
