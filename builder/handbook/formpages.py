"""The handbook's form pages: each form's questions exactly as the web asks them, page by page,
and a link to the backend's page for recording a phone or face-to-face report on it."""

from __future__ import annotations

from collections.abc import Iterator

from builder.handbook.markup import RECORD_REPORT_URL, md
from builder.handbook.model import FieldSpec, FormSpec, Handbook, field_type

# How each field type (portal.forms' registry) is asked for on the web, in words a call handler
# can read out; a test checks every registered type has its words.
_ANSWER = {
    "text": "a short answer", "textarea": "a longer answer in their own words",
    "email": "an email address", "tel": "a phone number", "number": "a number",
    "date": "a date", "postcode": "a postcode", "radios": "one of these",
    "checkboxes": "any of these that apply", "select": "one of these (from a list)",
    "photo": "photos", "location": "where it is (a map on the web, or the street and nearest "
    "house number or landmark)",
}
_KIND_TITLES = {"report": "Reports", "request": "Requests"}


def form_pages(handbook: Handbook) -> Iterator[tuple[str, str]]:
    forms = handbook.model.forms
    lines = ["# Forms", "",
             "Every online form, with the questions it asks. When a resident phones or comes to the "
             "front desk, record their report on the same form, so it reaches the right team with "
             "everything they need.", ""]
    for kind, title in _KIND_TITLES.items():
        of_kind = handbook.model.forms_of_kind(kind)
        if of_kind:
            lines += [f"## {title}", "", *[f"- [{md(f.title)}]({f.slug}.md): {md(f.department)}" for f in of_kind], ""]
    yield "forms/index.md", "\n".join(lines)
    for form in forms.values():
        yield f"forms/{form.slug}.md", _form(handbook, form)


def _form(handbook: Handbook, form: FormSpec) -> str:
    service = handbook.model.service(form.service)
    lines = [f"# {md(form.title)}", "",
             f"[Record a phone or face-to-face report on this form]({RECORD_REPORT_URL.format(slug=form.slug)})"
             "{ .md-button .md-button--primary }", "",
             f"- Team: {md(form.department)}",
             f"- We aim to deal with it within {form.target_days} working day{'s' if form.target_days != 1 else ''}"]
    if service is not None:
        lines.append(f"- Service page and staff notes: [{md(service.title)}](../services/{service.slug}.md)")
    if form.anonymous:
        lines.append("- The resident may leave out their name and email address")
    lines.append("")
    if form.notice:
        lines += [f"> {md(form.notice)}", ""]
    if form.you_will_need:
        lines += ["## What the resident will need", "", *[f"- {md(item)}" for item in form.you_will_need], ""]
    lines += ["## The questions", "",
              "Asked in this order on the web. On the phone, a resident without an email address "
              "can leave it out, and photos are never required.", ""]
    for number, page in enumerate(form.pages, start=1):
        lines += [f"### {number}. {md(page.title)}", ""]
        for question in page.fields:
            lines += _question(question)
        lines.append("")
    if form.what_happens_next:
        lines += ["## What happens next", "", md(form.what_happens_next), ""]
    return "\n".join(lines)


def _question(question: FieldSpec) -> list[str]:
    need = "" if question.required else " (optional)"
    answer = _ANSWER.get(question.type, "an answer")
    kind = field_type(question.type)
    if kind.takes_files and question.max_files:
        answer = f"up to {question.max_files} photos"
    limits = []
    if question.min is not None:
        limits.append(f"at least {question.min:g}")
    if question.max is not None:
        limits.append(f"at most {question.max:g}")
    if kind.takes_length and question.max_length:
        limits.append(f"up to {question.max_length} characters")
    lines = [f"- **{md(question.label)}**{need}: {answer}" + (f", {', '.join(limits)}" if limits else "")]
    if question.hint:
        lines.append(f"    - Hint shown: {md(question.hint)}")
    lines += [f"    - {md(choice.label)}" for choice in question.choices]
    return lines
