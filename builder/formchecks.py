"""What the build warns about in form files (errors stop the loader in ``portal.forms``).

These are the words a resident reads: each form's own one-sentence summary on the Report it and
Request it pages, each required question's own message when it is left out (a message made
from the label, such as "Enter when was your collection day", reads badly), and "you will need"
items that YAML split at a comma. Warnings fail the build under --strict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from portal.errors import Problems
from portal.forms import FormSpec


def check_forms(forms: Iterable[FormSpec], problems: Problems) -> None:
    """Warn, at the file and line, about each form's missing or shared summary and missing errors."""
    forms = sorted(forms, key=lambda f: f.slug)
    by_summary: dict[str, list[FormSpec]] = {}
    for form in forms:
        if not form.summary:
            problems.warning(form.path, 0, "the form has no summary; add a line such as 'summary: Tell us "
                             "where a pothole is so we can repair it.' for the Report it and Request it pages")
        else:
            by_summary.setdefault(form.summary.casefold(), []).append(form)
        for field in form.fields:
            if field.required and not field.error and field.line:
                problems.warning(form.path, field.line, f"required question '{field.name}' has no 'error'; "
                                 "add one that says what to do, such as 'error: Enter where the pothole is'")
        _check_list_items(form, problems)
    for same in by_summary.values():
        for form in same if len(same) > 1 else []:
            others = ", ".join(f.path for f in same if f is not form)
            problems.warning(form.path, 0, f"the summary is the same as that of {others}; say what this form "
                             "is for, so residents can tell them apart")



# YAML splits a [a, b] list at every comma, so "the names of staff, if you know them" becomes two
# items; the second then starts with a word no list item starts with.
_CONTINUATION = re.compile(r"^(?:if|and|or|but|unless|such as|for example|including)\b", re.I)


def _check_list_items(form: FormSpec, problems: Problems) -> None:
    for item in form.you_will_need[1:]:
        if _CONTINUATION.match(item):
            problems.warning(form.path, _line_of(form.path, "you_will_need"),
                             f"you_will_need item '{item}' looks like the end of the item before it: "
                             "[a, b] lists split at every comma, so write the list one item a line, "
                             "each starting '- '")


def _line_of(path: str, key: str) -> int:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 0)
