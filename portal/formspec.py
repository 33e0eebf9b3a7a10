"""Form definitions from ``forms/<slug>.yaml``: the one loader the static builder and the backend share.

A form file says what the council asks, page by page. The loader checks it, reports every problem
as ``file:line: message`` with what to do about it, and returns a frozen ``FormSpec``. It adds the
same "Your contact details" page to the end of every form, so editors never write contact fields
and every form ends the same way.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal import schema as s
from portal.errors import Problems, SourceError, shown_path
from portal.formdelivery import DeliverySpec, read_delivery
from portal.yamlsource import KeyPath, Lines, load_yaml

FIELD_TYPES: tuple[str, ...] = (
    "text", "textarea", "email", "tel", "number", "date", "postcode",
    "radios", "checkboxes", "select", "photo", "location",
)
KINDS: tuple[str, ...] = ("report", "request")
RESERVED_NAMES: tuple[str, ...] = ("name", "email", "phone")
CONTACT_PAGE_TITLE = "Your contact details"

_CHOICE_TYPES = ("radios", "checkboxes", "select")
_LENGTH_TYPES = ("text", "textarea", "location")
# Types with no max_length key still get a limit, so the backend can refuse oversized input.
_DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 2000, "location": 500, "email": 254, "tel": 20, "postcode": 8}
_MAX_FILES = 3
# Words editors reach for that are not our type names; close spellings are caught by difflib.
_TYPE_ALIASES = {"dropdown": "select", "radio": "radios", "checkbox": "checkboxes", "image": "photo",
                 "phone": "tel", "telephone": "tel", "address": "location", "textbox": "text"}
# Rough seconds a resident spends on each kind of question, for "this takes about N minutes".
_SECONDS = {"text": 20, "textarea": 90, "email": 15, "tel": 15, "number": 10, "date": 20, "postcode": 15,
            "radios": 10, "checkboxes": 15, "select": 10, "photo": 60, "location": 45}
_SECONDS_PER_PAGE = 10


@dataclass(frozen=True)
class Choice:
    """One option of a radios, checkboxes or select field; ``value`` is what the backend stores."""

    value: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    """One question. ``line`` is where it is defined (0 for the standard contact fields)."""

    name: str
    type: str
    label: str
    hint: str | None = None
    required: bool = True
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    choices: tuple[Choice, ...] = ()
    max_files: int | None = None
    line: int = 0
    # What to say when a required answer is missing, GOV.UK style ("Enter where the pothole is");
    # without it the backend makes one from the label.
    error: str | None = None
    # About the resident themselves (their home, their circumstances): never shown outside the
    # council, e.g. in the public Open311 list of requests.
    personal: bool = False


@dataclass(frozen=True)
class PageSpec:
    """One page of questions, shown with ``title`` as its heading."""

    title: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class FormSpec:
    """A checked form. ``pages`` ends with the standard contact details page."""

    slug: str
    title: str
    kind: str
    service: str
    department: str
    target_days: int
    notice: str | None
    you_will_need: tuple[str, ...]
    what_happens_next: str | None
    pages: tuple[PageSpec, ...]
    path: str
    anonymous: bool = False  # residents may leave out their name and email
    # Reports are about public places, so their description may be published (Open311 GET requests).
    public_reports: bool = False
    delivery: DeliverySpec | None = None  # how reports reach the department's own system

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """Every field, page by page, in the order a resident meets them."""
        return tuple(f for page in self.pages for f in page.fields)

    def field(self, name: str) -> FieldSpec:
        """The field called ``name``; raises KeyError if the form has none."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"form '{self.slug}' has no field '{name}'")

    @property
    def has_photos(self) -> bool:
        """Whether the form uploads files, so its HTML form needs multipart encoding."""
        return any(f.type == "photo" for f in self.fields)

    @property
    def estimated_minutes(self) -> int:
        """About how long the form takes, for the start page; never less than 2 minutes."""
        seconds = sum(_SECONDS[f.type] for f in self.fields) + _SECONDS_PER_PAGE * len(self.pages)
        return max(2, math.ceil(seconds / 60))


CONTACT_PAGE = PageSpec(
    title=CONTACT_PAGE_TITLE,
    fields=(
        FieldSpec("name", "text", "Full name", max_length=100, error="Enter your full name"),
        FieldSpec("email", "email", "Email address", max_length=254, error="Enter your email address",
                  hint="We will send your reference number and any updates to this address."),
        FieldSpec("phone", "tel", "Phone number", required=False, max_length=20,
                  hint="We will only phone you if we need more details."),
    ),
)


# For reports people may make without saying who they are (anti-social behaviour, say).
ANONYMOUS_CONTACT_PAGE = PageSpec(
    title=CONTACT_PAGE_TITLE,
    fields=(
        FieldSpec("name", "text", "Full name", required=False, max_length=100,
                  hint="You can report without giving your name or email address, but then we cannot tell "
                       "you what happens or ask you for more details."),
        FieldSpec("email", "email", "Email address", required=False, max_length=254,
                  hint="We will send your reference number and any updates to this address."),
        FieldSpec("phone", "tel", "Phone number", required=False, max_length=20,
                  hint="We will only phone you if we need more details."),
    ),
)


class FormSpecError(Exception):
    """One or more form files have problems; ``problems`` lists them all."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("\n".join(str(p) for p in problems.errors))
        self.problems = problems


# Parsers that portal.schema does not have; their messages read on from the key's name.

def _whole_number(low: int, high: int) -> s.Parser:
    def parse(raw: Any) -> int:
        value = s.text()(raw)
        if not re.fullmatch(r"[0-9]+", value) or not low <= int(value) <= high:
            raise ValueError(f"should be a whole number from {low} to {high}; found '{value}'")
        return int(value)

    return parse


def _number() -> s.Parser:
    def parse(raw: Any) -> float:
        value = s.text()(raw)
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise ValueError(f"should be a number, like 0 or 2.5; found '{value}'")
        return number

    return parse


def _true_or_false() -> s.Parser:
    def parse(raw: Any) -> bool:
        value = s.text()(raw).lower()
        if value not in ("true", "false"):
            raise ValueError(f"should be true or false; found '{value}'")
        return value == "true"

    return parse


def _field_name() -> s.Parser:
    def parse(raw: Any) -> str:
        value = s.text()(raw)
        if not re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", value):
            raise ValueError(f"'{value}' should be lowercase words joined by underscores, like 'nearest_landmark'")
        return value

    return parse


def _field_type() -> s.Parser:
    def parse(raw: Any) -> str:
        value = s.text()(raw)
        if value in FIELD_TYPES:
            return value
        close = _TYPE_ALIASES.get(value.lower()) or next(iter(difflib.get_close_matches(value, FIELD_TYPES, 1)), None)
        hint = f"; did you mean '{close}'?" if close else ""
        raise ValueError(f"'{value}' should be one of: {', '.join(FIELD_TYPES)}{hint}")

    return parse


def _raw() -> s.Parser:
    return lambda raw: raw


_FORM_KEYS = [
    s.Field("slug", s.slug(), "report-a-pothole"),
    s.Field("title", s.text(90), "Report a pothole"),
    s.Field("kind", s.choice(KINDS), "report"),
    s.Field("service", s.slug(), "report-a-pothole"),
    s.Field("department", s.text(100), "Highways"),
    s.Field("target_days", _whole_number(1, 90), "5"),
    s.Field("notice", s.text(300), "If the pothole is dangerous, call 0116 496 0555 now.", required=False),
    s.Field("you_will_need", s.text_list(8), "[the location of the pothole, a photo]", required=False),
    s.Field("what_happens_next", s.text(600, multiline=True), "We inspect reported potholes.", required=False),
    # One or the other is needed; _read_pages says so, with an example of each.
    s.Field("anonymous", _true_or_false(), "true", required=False),
    s.Field("public_reports", _true_or_false(), "true", required=False),
    # Checked by portal.formdelivery, whose messages name the missing or misplaced key.
    s.Field("delivery", _raw(), "", required=False),
    s.Field("pages", _raw(), "", required=False),
    s.Field("fields", _raw(), "", required=False),
]
_PAGE_KEYS = [
    s.Field("title", s.text(90), "Where is the pothole?"),
    # Checked by _read_pages, whose message can say how to write a list.
    s.Field("fields", _raw(), "", required=False),
]
_FIELD_KEYS = [
    s.Field("name", _field_name(), "location"),
    s.Field("type", _field_type(), "text"),
    s.Field("label", s.text(200), "Where is the pothole?"),
    s.Field("hint", s.text(300), "Give the street name and the nearest house number.", required=False),
    s.Field("required", _true_or_false(), "false", required=False),
    s.Field("max_length", _whole_number(1, 5000), "500", required=False),
    s.Field("min", _number(), "0", required=False),
    s.Field("max", _number(), "20", required=False),
    s.Field("choices", s.text_list(30), "[Yes, No]", required=False),
    s.Field("max_files", _whole_number(1, _MAX_FILES), str(_MAX_FILES), required=False),
    s.Field("error", s.text(200), "Enter where the pothole is", required=False),
    s.Field("personal", _true_or_false(), "true", required=False),
]
# Keys that mean something for some types only, and the types they belong to.
_TYPE_ONLY_KEYS = {
    "choices": (_CHOICE_TYPES, "radios, checkboxes and select"),
    "max_length": (_LENGTH_TYPES, "text, textarea and location"),
    "min": (("number",), "number"),
    "max": (("number",), "number"),
    "max_files": (("photo",), "photo"),
}


@dataclass
class _Reader:
    """The state of checking one file: where problems go and where each value came from."""

    path: str
    lines: Lines
    problems: Problems

    def line(self, at: KeyPath) -> int:
        return self.lines.get(at, self.lines.get(at[:-1], 1) if at else 1)

    def error(self, at: KeyPath, message: str) -> None:
        self.problems.error(self.path, self.line(at), message)

    def check(self, data: Any, fields: list[s.Field], at: KeyPath = (), what: str = "") -> dict[str, Any]:
        # check_fields names the entry only when a key is missing; a form repeats the same keys in
        # every field, so every message about an entry must say which entry it is.
        found = Problems()
        values = s.check_fields(data, fields, path=self.path, lines=self.lines, problems=found, at=at, what=what)
        for problem in found.errors:
            message = problem.message if not what or problem.message.startswith(what) else f"{what} {problem.message}"
            self.problems.error(problem.path, problem.line, message)
        return values

    def as_list(self, raw: Any, at: KeyPath, what: str, example: str) -> list:
        if isinstance(raw, list):
            return raw
        self.error(at, f"{what} should be a list, each entry starting with '- {example}'")
        return []


def load_form(path: Path, display_path: str | None = None, *, services: Collection[str] | None = None) -> FormSpec:
    """Read and check one form file; raise FormSpecError listing every problem in it.

    ``services``, when given, are the service page slugs that ``service:`` may name.
    """
    shown = display_path or str(path)
    problems = Problems()
    try:
        data, lines = load_yaml(path.read_text(encoding="utf-8"), shown)
    except FileNotFoundError:
        problems.error(shown, 0, "is missing; check the file name")
        raise FormSpecError(problems) from None
    except UnicodeDecodeError:
        problems.error(shown, 0, "is not saved as UTF-8 text; save it again choosing UTF-8")
        raise FormSpecError(problems) from None
    except SourceError as exc:
        problems.errors.append(exc.problem)
        raise FormSpecError(problems) from None
    form = _read_form(data, path.stem, services, _Reader(shown, lines, problems))
    if problems.errors or form is None:
        # Checks run key by key, not line by line; editors read a file from the top.
        problems.errors.sort(key=lambda p: p.line)
        raise FormSpecError(problems)
    return form


def load_forms(forms_dir: Path, display_root: Path | None = None, *,
               services: Collection[str] | None = None) -> dict[str, FormSpec]:
    """Read every ``*.yaml`` form in ``forms_dir``, sorted by slug.

    Raises FormSpecError listing every problem in every file. Problems name files relative to
    ``display_root`` (default: the current folder) when they are inside it.
    """
    root = (display_root or Path.cwd()).resolve()
    problems = Problems()
    if not forms_dir.is_dir():
        problems.error(shown_path(forms_dir, root), 0, "the forms folder is missing; create it, or check the path")
        raise FormSpecError(problems)
    # A .yml file would be skipped without a word, so say so rather than lose a form.
    for stray in sorted(forms_dir.glob("*.yml")):
        problems.error(shown_path(stray, root), 0, f"form files end in .yaml; rename it to '{stray.stem}.yaml'")
    forms: dict[str, FormSpec] = {}
    for path in sorted(forms_dir.glob("*.yaml")):
        try:
            form = load_form(path, shown_path(path, root), services=services)
        except FormSpecError as exc:
            problems.extend(exc.problems)
            continue
        forms[form.slug] = form
    if problems.errors:
        raise FormSpecError(problems)
    return dict(sorted(forms.items()))


def _read_form(data: Any, file_slug: str, services: Collection[str] | None, reader: _Reader) -> FormSpec | None:
    top = reader.check(data, _FORM_KEYS)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", file_slug):
        wanted = re.sub(r"[^a-z0-9]+", "-", file_slug.lower()).strip("-")
        reader.problems.error(reader.path, 0, "the file name becomes the form's address, so it must be lowercase "
                              f"words joined by hyphens: rename it to '{wanted}.yaml'")
    elif top["slug"] and top["slug"] != file_slug:
        reader.error(("slug",), f"slug '{top['slug']}' does not match the file name; change it to '{file_slug}'")
    if services is not None and top["service"] and top["service"] not in services:
        _unknown_service(top["service"], services, reader)
    pages = _read_pages(top, data, reader)
    delivery = None if top["delivery"] is None else read_delivery(
        top["delivery"], path=reader.path, lines=reader.lines, problems=reader.problems)
    if reader.problems.errors:
        return None
    return FormSpec(
        slug=top["slug"], title=top["title"], kind=top["kind"], service=top["service"],
        department=top["department"], target_days=top["target_days"], notice=top["notice"],
        you_will_need=tuple(top["you_will_need"] or ()), what_happens_next=top["what_happens_next"],
        pages=(*pages, ANONYMOUS_CONTACT_PAGE if top["anonymous"] else CONTACT_PAGE), path=reader.path,
        anonymous=bool(top["anonymous"]), public_reports=bool(top["public_reports"]), delivery=delivery,
    )


def _unknown_service(service: str, services: Collection[str], reader: _Reader) -> None:
    close = difflib.get_close_matches(service, sorted(services), n=1)
    fix = f"did you mean '{close[0]}'?" if close else "use the file name of a page in content/services/"
    reader.error(("service",), f"service '{service}' is not a page in content/services/; {fix}")


def _read_pages(top: dict[str, Any], data: Any, reader: _Reader) -> list[PageSpec]:
    seen: dict[str, int] = {}
    if top["pages"] is not None and top["fields"] is not None:
        reader.error(("fields",), "give either pages (for a form of several pages) or fields (for one page), "
                     "not both; move these fields into a page")
        return []
    if top["fields"] is not None:
        fields = _read_fields(top["fields"], ("fields",), "", seen, reader)
        return [PageSpec(top["title"] or "", fields)]
    if top["pages"] is None:
        if isinstance(data, dict):
            reader.error((), "pages is missing; add 'pages:' with a title and fields for each page, "
                         "or 'fields:' for a form of one page")
        return []
    pages = []
    for i, raw in enumerate(reader.as_list(top["pages"], ("pages",), "pages", "title: Where is it?")):
        what = f"pages entry {i + 1}:"
        values = reader.check(raw, _PAGE_KEYS, ("pages", i), what)
        if values["fields"] is None and isinstance(raw, dict):
            reader.error(("pages", i), f"{what} fields is missing; add 'fields:' and under it a '- name:' "
                         "entry for each question on the page")
        elif values["fields"] is not None:
            fields = _read_fields(values["fields"], ("pages", i, "fields"), f"pages entry {i + 1}, ", seen, reader)
            pages.append(PageSpec(values["title"] or "", fields))
    return pages


def _read_fields(raw: Any, at: KeyPath, where: str, seen: dict[str, int], reader: _Reader) -> tuple[FieldSpec, ...]:
    fields = []
    for i, entry in enumerate(reader.as_list(raw, at, f"{where}fields", "name: location")):
        field = _read_field(entry, (*at, i), f"{where}fields entry {i + 1}:", seen, reader)
        if field is not None:
            fields.append(field)
    return tuple(fields)


def _read_field(raw: Any, at: KeyPath, what: str, seen: dict[str, int], reader: _Reader) -> FieldSpec | None:
    values = reader.check(raw, _FIELD_KEYS, at, what)
    name, kind = values["name"], values["type"]
    if name in RESERVED_NAMES:
        reader.error((*at, "name"), f"{what} field name '{name}' is reserved for the contact details page; "
                     "choose another name")
    elif name in seen:
        reader.error((*at, "name"), f"{what} field name '{name}' is already used on line {seen[name]}; "
                     "choose another name")
    elif name:
        seen[name] = reader.line((*at, "name"))
    if kind is None:
        return None
    _check_keys_fit_type(raw, kind, at, what, reader)
    choices: tuple[Choice, ...] = ()
    # Choices written but not as a list have been reported already; do not call them missing too.
    if values["choices"] is not None or raw.get("choices") in (None, "", []):
        choices = _read_choices(values["choices"], kind, at, what, reader)
    low, high = values["min"], values["max"]
    if low is not None and high is not None and low > high:
        reader.error((*at, "min"), f"{what} min {_number_text(low)} is greater than max {_number_text(high)}; "
                     "swap them")
    return FieldSpec(
        name=name or "", type=kind, label=values["label"] or "", hint=values["hint"],
        required=True if values["required"] is None else values["required"],
        max_length=values["max_length"] or _DEFAULT_MAX_LENGTH.get(kind),
        min=low, max=high, choices=choices,
        max_files=(values["max_files"] or _MAX_FILES) if kind == "photo" else None,
        line=reader.line(at), error=values["error"], personal=bool(values["personal"]),
    )


def _check_keys_fit_type(raw: dict, kind: str, at: KeyPath, what: str, reader: _Reader) -> None:
    for key, (types, names) in _TYPE_ONLY_KEYS.items():
        if key in raw and kind not in types:
            reader.error((*at, key), f"{what} {key} only applies to {names} fields, and this one is {kind}; "
                         f"remove {key} or change the type")


def _read_choices(labels: list[str] | None, kind: str, at: KeyPath, what: str, reader: _Reader) -> tuple[Choice, ...]:
    if kind not in _CHOICE_TYPES:
        return ()
    least = 1 if kind == "checkboxes" else 2
    if len(labels or []) < least:
        wanted = "at least 2 choices" if least == 2 else "at least one choice"
        reader.error((*at, "choices") if labels else (*at, "type"),
                     f"{what} type {kind} needs {wanted}; add a line like 'choices: [Yes, No]'")
        return ()
    choices: dict[str, Choice] = {}
    for label in labels or []:
        value = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        if not value:
            reader.error((*at, "choices"), f"{what} choice '{label}' has no letters or numbers; reword it")
        elif value in choices:
            reader.error((*at, "choices"), f"{what} choice '{label}' is the same as '{choices[value].label}'; "
                         "remove one or reword it")
        else:
            choices[value] = Choice(value, label)
    return tuple(choices.values())


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def service_slugs(content_dir: Path) -> frozenset[str]:
    """The service pages a form may belong to: the file names in content/services/."""
    return frozenset(p.stem for p in (content_dir / "services").glob("*.md"))
