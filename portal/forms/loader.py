"""The one loader of ``forms/<slug>.yaml``, which the static builder and the backend share.

A form file says what the council asks, page by page. The loader checks it against the keys that
``portal.forms.spec`` declares, reports every problem as ``file:line: message`` with what to do
about it, and returns a frozen ``FormSpec``. It adds the same "Your contact details" page to the
end of every form, so editors never write contact fields and every form ends the same way.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal import schema as s
from portal.errors import Problems, SourceError, shown_path
from portal.formdelivery import read_delivery
from portal.forms.spec import (
    ANONYMOUS_CONTACT_PAGE,
    CONTACT_PAGE,
    MAX_FILES,
    RESERVED_NAMES,
    Choice,
    FieldSpec,
    FormSpec,
    PageSpec,
)
from portal.forms.translations import read_translations
from portal.forms.types import FIELD_TYPES
from portal.languages import Language
from portal.slugs import is_slug, slugify
from portal.yamlsource import KeyPath, Lines, load_yaml

# A form of one page may give its fields at the top instead of pages.
_FORM_KEYS = s.keys_of(FormSpec, s.Field("fields", lambda raw: raw, "", required=False))
_PAGE_KEYS = s.keys_of(PageSpec)
_FIELD_KEYS = s.keys_of(FieldSpec)
# Keys that mean something for some types only, and the registry flag of the types that take each.
_TYPE_ONLY_KEYS = {
    "choices": "takes_choices",
    "max_length": "takes_length",
    "min": "takes_range",
    "max": "takes_range",
    "max_files": "takes_files",
}


class FormSpecError(Exception):
    """One or more form files have problems; ``problems`` lists them all."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("\n".join(str(p) for p in problems.errors))
        self.problems = problems


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


def load_form(path: Path, display_path: str | None = None, *, services: Collection[str] | None = None,
              languages: Sequence[Language] | None = None) -> FormSpec:
    """Read and check one form file; raise FormSpecError listing every problem in it.

    ``services``, when given, are the service page slugs that ``service:`` may name; ``languages``
    (site.yaml's) are the languages its ``translations:`` may be in.
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
    reader = _Reader(shown, lines, problems)
    form = _read_form(data, path.stem, services, reader)
    if form is not None:
        words = read_translations(data.get("translations"), form, languages, reader)
        form = dataclasses.replace(form, translations=words)
    if problems.errors or form is None:
        # Checks run key by key, not line by line; editors read a file from the top.
        problems.errors.sort(key=lambda p: p.line)
        raise FormSpecError(problems)
    return form


def read_site_forms(forms_dir: Path, content_dir: Path, display_root: Path, languages: Sequence[Language],
                    problems: Problems) -> dict[str, FormSpec]:
    """The forms a site's build reads (the public build and the handbook), checked as the backend
    checks them at start-up, against the site's services and languages; a site without a forms
    folder has none. Problems go to ``problems`` rather than stopping the build."""
    if not forms_dir.is_dir():
        return {}
    try:
        return load_forms(forms_dir, display_root, services=service_slugs(content_dir), languages=languages)
    except FormSpecError as exc:
        problems.extend(exc.problems)
        return {}


def load_forms(forms_dir: Path, display_root: Path | None = None, *, services: Collection[str] | None = None,
               languages: Sequence[Language] | None = None) -> dict[str, FormSpec]:
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
            form = load_form(path, shown_path(path, root), services=services, languages=languages)
        except FormSpecError as exc:
            problems.extend(exc.problems)
            continue
        forms[form.slug] = form
    if problems.errors:
        raise FormSpecError(problems)
    return dict(sorted(forms.items()))


def _read_form(data: Any, file_slug: str, services: Collection[str] | None, reader: _Reader) -> FormSpec | None:
    top = reader.check(data, _FORM_KEYS)
    if not is_slug(file_slug):
        wanted = slugify(file_slug)
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
        anonymous=bool(top["anonymous"]), complaint=bool(top["complaint"]), summary=top["summary"],
        public_reports=bool(top["public_reports"]), delivery=delivery,
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
        max_length=values["max_length"] or FIELD_TYPES[kind].default_length,
        min=low, max=high, choices=choices,
        max_files=(values["max_files"] or MAX_FILES) if FIELD_TYPES[kind].takes_files else None,
        line=reader.line(at), error=values["error"], personal=bool(values["personal"]),
    )


def _check_keys_fit_type(raw: dict, kind: str, at: KeyPath, what: str, reader: _Reader) -> None:
    for key, flag in _TYPE_ONLY_KEYS.items():
        if key in raw and not getattr(FIELD_TYPES[kind], flag):
            names = _names_of(t.name for t in FIELD_TYPES.values() if getattr(t, flag))
            reader.error((*at, key), f"{what} {key} only applies to {names} fields, and this one is {kind}; "
                         f"remove {key} or change the type")


def _read_choices(labels: list[str] | None, kind: str, at: KeyPath, what: str, reader: _Reader) -> tuple[Choice, ...]:
    if not FIELD_TYPES[kind].takes_choices:
        return ()
    least = 1 if kind == "checkboxes" else 2
    if len(labels or []) < least:
        wanted = "at least 2 choices" if least == 2 else "at least one choice"
        reader.error((*at, "choices") if labels else (*at, "type"),
                     f"{what} type {kind} needs {wanted}; add a line like 'choices: [Yes, No]'")
        return ()
    choices: dict[str, Choice] = {}
    for label in labels or []:
        value = slugify(label)
        if not value:
            reader.error((*at, "choices"), f"{what} choice '{label}' has no letters or numbers; reword it")
        elif value in choices:
            reader.error((*at, "choices"), f"{what} choice '{label}' is the same as '{choices[value].label}'; "
                         "remove one or reword it")
        else:
            choices[value] = Choice(value, label)
    return tuple(choices.values())


def _names_of(types: Any) -> str:
    """'text, textarea and location'."""
    names = list(types)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def service_slugs(content_dir: Path) -> frozenset[str]:
    """The service pages a form may belong to: the file names in content/services/."""
    return frozenset(p.stem for p in (content_dir / "services").glob("*.md"))
