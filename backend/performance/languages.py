"""Cases by the resident's language: how many residents use each of the council's languages.

Welsh Language Standards ask councils to know how their Welsh services are used, and community
languages are there for the residents the web leaves behind; this counts both. The language is
the one kept with each report (``Report.language``); reports made before it was kept have none.
"""

from __future__ import annotations

from babel import UnknownLocaleError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.performance.period import Period
from backend.performance.scope import cases_received
from backend.storage.models import Report
from portal.languages import PARTIAL, Language

NOT_RECORDED = "Not recorded (made before languages were kept)"


def counts(session: Session, period: Period, department: str | None) -> list[tuple[str | None, int]]:
    """(language code, cases received) for the period and department, most used first."""
    cases = cases_received(period, department, Report.language, with_department=False).subquery()
    rows = session.execute(select(cases.c.language, func.count()).group_by(cases.c.language)).all()
    return sorted(((code, count) for code, count in rows), key=lambda row: (-row[1], row[0] or "~"))


def language_name(code: str | None) -> str:
    """How staff read a language: "Welsh (Cymraeg)", "English"."""
    if not code:
        return NOT_RECORDED
    language = Language(code, code, PARTIAL)
    try:
        english, own = language.english_name, language.name
    except (ValueError, UnknownLocaleError):  # a code Babel does not know: shown as stored
        return code
    return english if own.lower() == english.lower() else f"{english} ({own})"
