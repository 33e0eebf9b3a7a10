"""A form's words in other languages: the ``translations:`` block of ``forms/<slug>.yaml``.

Keyed by language code, each translation may give the form's title, summary, notice, "you will
need" list, "what happens next", its pages' titles (in order) and, per field, its label, hint,
error and the labels of its choices::

    translations:
      cy:
        title: Rhoi gwybod am fin heb ei gasglu
        fields:
          bins:
            label: Pa finiau wnaethom ni eu methu?
            choices: {Green rubbish bin: Bin sbwriel gwyrdd}

Choices are keyed by the English choice as the form lists it (or its stored value): the stored
answer is the same in every language, so staff, exports, Open311 and reports see one value.
Anything a partial language leaves out is shown in English; a full language must translate every
word of the form (the loader names each one missing). The standard contact page's words are the
backend's own, in its message catalogue.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from portal import schema as s
from portal.languages import FULL, Language
from portal.slugs import slugify

if TYPE_CHECKING:
    from portal.forms.spec import FieldSpec, FormSpec


@dataclass(frozen=True)
class FieldWords:
    """One field's words in a language; None (or a missing choice) means the English is used."""

    label: str | None = None
    hint: str | None = None
    error: str | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label in this language)


@dataclass(frozen=True)
class FormWords:
    """A form's words in one language (``code``)."""

    code: str
    title: str | None = None
    summary: str | None = None
    notice: str | None = None
    you_will_need: tuple[str, ...] | None = None
    what_happens_next: str | None = None
    page_titles: tuple[str | None, ...] = ()
    fields: tuple[tuple[str, FieldWords], ...] = ()

    def field(self, name: str) -> FieldWords:
        return next((words for field, words in self.fields if field == name), _NO_WORDS)


_NO_WORDS = FieldWords()
# The form-level keys a translation may give, read by the same parsers as the English.
_FORM_TEXT = ("title", "summary", "notice", "you_will_need", "what_happens_next")
_FIELD_TEXT = ("label", "hint", "error")


class _Reader:
    """What the loader's reader offers (portal.forms.loader._Reader): checking keys, and errors at a key path."""

    path: str

    def check(self, data: Any, fields: list[s.Field], at: tuple = (), what: str = "") -> dict[str, Any]: ...
    def error(self, at: tuple, message: str) -> None: ...


def read_translations(raw: Any, form: FormSpec, languages: Sequence[Language] | None,
                      reader: _Reader) -> tuple[FormWords, ...]:
    """Check a form's ``translations:`` block against the form (already read) and the site's languages.

    ``languages`` are the site's (site.yaml); None checks everything but whether each is one of them.
    """
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        reader.error(("translations",), "translations should be a set of language codes, each with the "
                     "form's words in it, like 'cy:' then 'title: ...' on the next line, indented")
        return ()
    others = {lang.code: lang for lang in languages or () if not lang.is_default}
    found = []
    for code, block in raw.items():
        at = ("translations", code)
        if languages is not None and code not in others:
            listed = ", ".join(others) or "none"
            reader.error(at, f"translations: '{code}' is not one of the site's languages (content/site.yaml "
                         f"languages: {listed}); add it there, or remove this translation")
            continue
        words = _read_language(block, code, form, at, reader)
        if words is not None:
            found.append(words)
            if code in others and others[code].coverage == FULL:
                _check_complete(words, form, others[code], at, reader)
    return tuple(found)


def _read_language(block: Any, code: str, form: FormSpec, at: tuple, reader: _Reader) -> FormWords | None:
    from portal.forms.loader import _FIELD_KEYS, _FORM_KEYS  # noqa: PLC0415 (the loader imports this module)

    what = f"translations: {code}:"
    keys = [dataclasses.replace(f, required=False) for f in _FORM_KEYS if f.name in _FORM_TEXT]
    values = reader.check(block, [*keys, s.Field("pages", lambda r: r, "", False),
                                  s.Field("fields", lambda r: r, "", False)], at, what)
    if not isinstance(block, dict):
        return None
    field_keys = [dataclasses.replace(f, required=False) for f in _FIELD_KEYS if f.name in _FIELD_TEXT]
    fields = []
    raw_fields = values["fields"]
    if raw_fields is not None and not isinstance(raw_fields, dict):
        reader.error((*at, "fields"), f"{what} fields should be the form's field names, each with its words "
                     "under it, like 'bins:' then 'label: ...' indented")
        raw_fields = {}
    own = {f.name: f for f in form.fields if f.line}
    for name, raw_field in (raw_fields or {}).items():
        where = (*at, "fields", name)
        spec = own.get(name)
        if spec is None:
            close = difflib.get_close_matches(str(name), list(own), n=1)
            fix = f"did you mean '{close[0]}'?" if close else "the form's fields are " + ", ".join(own)
            reader.error(where, f"{what} fields: '{name}' is not a field of this form; {fix}")
            continue
        field_values = reader.check(raw_field, [*field_keys, s.Field("choices", lambda r: r, "", False)],
                                    where, f"{what} fields: {name}:")
        choices = _read_choices(field_values["choices"], spec, where, f"{what} fields: {name}:", reader)
        fields.append((name, FieldWords(field_values["label"], field_values["hint"], field_values["error"],
                                        choices)))
    return FormWords(code=code, title=values["title"], summary=values["summary"], notice=values["notice"],
                     you_will_need=tuple(values["you_will_need"]) if values["you_will_need"] else None,
                     what_happens_next=values["what_happens_next"],
                     page_titles=_read_page_titles(values["pages"], form, at, what, reader),
                     fields=tuple(fields))


def _read_choices(raw: Any, spec: FieldSpec, at: tuple, what: str, reader: _Reader) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not spec.choices:
        reader.error((*at, "choices"), f"{what} this field has no choices to translate; remove 'choices:'")
        return ()
    if not isinstance(raw, dict):
        reader.error((*at, "choices"), f"{what} choices should pair each English choice with its translation, "
                     f"like '{{{spec.choices[0].label}: ...}}'")
        return ()
    by_key = {c.label: c.value for c in spec.choices} | {c.value: c.value for c in spec.choices}
    found: dict[str, str] = {}
    for english, translated in raw.items():
        value = by_key.get(english) or by_key.get(slugify(str(english)))
        if value is None:
            listed = "; ".join(c.label for c in spec.choices)
            reader.error((*at, "choices", english), f"{what} choice '{english}' is not one of this field's "
                         f"choices ({listed}); use the English choice exactly as the field lists it")
        elif not isinstance(translated, str) or not translated.strip():
            reader.error((*at, "choices", english), f"{what} choice '{english}' needs its translation after "
                         "the colon")
        else:
            found[value] = translated.strip()
    return tuple(found.items())


def _read_page_titles(raw: Any, form: FormSpec, at: tuple, what: str, reader: _Reader) -> tuple[str | None, ...]:
    own_pages = [p for p in form.pages if any(f.line for f in p.fields)]
    if raw is None:
        return ()
    if not isinstance(raw, list):
        reader.error((*at, "pages"), f"{what} pages should be a list of the pages' titles in order, each "
                     "line starting with '- title: '")
        return ()
    if len(raw) > len(own_pages):
        reader.error((*at, "pages"), f"{what} pages has {len(raw)} entries but the form has {len(own_pages)} "
                     "page(s) of questions; give one '- title: ...' per page, in order")
        return ()
    titles: list[str | None] = []
    title_key = [s.Field("title", s.text(90), "Ble mae'r twll?", False)]
    for i, entry in enumerate(raw):
        titles.append(reader.check(entry, title_key, (*at, "pages", i), f"{what} pages entry {i + 1}:")["title"])
    return tuple(titles)


def _check_complete(words: FormWords, form: FormSpec, language: Language, at: tuple, reader: _Reader) -> None:
    """A full language leaves nothing in English: name every word still to translate."""
    what = f"translations: {words.code} ({language.english_name}) is a full language, so"
    for key in _FORM_TEXT:
        if getattr(form, key) and not getattr(words, key):
            reader.error(at, f"{what} {key} needs translating; add '{key}: ...'")
    own_pages = [p for p in form.pages if any(f.line for f in p.fields)]
    for i, page in enumerate(own_pages):
        if page.title != form.title and (i >= len(words.page_titles) or not words.page_titles[i]):
            reader.error(at, f"{what} the title of page {i + 1} ('{page.title}') needs translating; "
                         "add it under 'pages:'")
    for spec in (f for f in form.fields if f.line):
        field = words.field(spec.name)
        for key in _FIELD_TEXT:
            if getattr(spec, key) and not getattr(field, key):
                reader.error(at, f"{what} the {key} of field '{spec.name}' needs translating; add it under "
                             f"'fields: {spec.name}: {key}:'")
        done = dict(field.choices)
        for choice in spec.choices:
            if choice.value not in done:
                reader.error(at, f"{what} choice '{choice.label}' of field '{spec.name}' needs translating; add "
                             f"'{choice.label}: ...' under 'fields: {spec.name}: choices:'")


def in_language(form: FormSpec, code: str, catalogue: Callable[[str], str]) -> FormSpec:
    """``form`` with its words in language ``code``: its translation where it gives them, English
    where it does not, and the contact page's words from the backend's ``catalogue`` (gettext).

    Choices keep their stored values; only their labels change.
    """
    words = form.translation(code) or FormWords(code)
    titles = words.page_titles
    pages = []
    for i, page in enumerate(form.pages):
        own = any(f.line for f in page.fields)
        fields = tuple(_field_in(spec, words.field(spec.name), catalogue, own) for spec in page.fields)
        title = (titles[i] if i < len(titles) and titles[i] else None) if own else catalogue(page.title)
        if own and not title and page.title == form.title:
            title = words.title  # a form of one page (fields:) is headed by its title
        pages.append(dataclasses.replace(page, title=title or page.title, fields=fields))
    return dataclasses.replace(
        form, title=words.title or form.title, summary=words.summary or form.summary,
        notice=words.notice or form.notice, you_will_need=words.you_will_need or form.you_will_need,
        what_happens_next=words.what_happens_next or form.what_happens_next, pages=tuple(pages))


def _field_in(spec: FieldSpec, words: FieldWords, catalogue: Callable[[str], str], own: bool) -> FieldSpec:
    if not own:  # the standard contact page
        return dataclasses.replace(spec, label=catalogue(spec.label),
                                   hint=catalogue(spec.hint) if spec.hint else None,
                                   error=catalogue(spec.error) if spec.error else None)
    labels = dict(words.choices)
    choices = tuple(dataclasses.replace(c, label=labels.get(c.value, c.label)) for c in spec.choices)
    return dataclasses.replace(spec, label=words.label or spec.label, hint=words.hint or spec.hint,
                               error=words.error or spec.error, choices=choices)
