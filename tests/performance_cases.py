"""The case histories the performance tests count, each worked out by hand (August 2026; Monday
31 August is a bank holiday in content/site.yaml; "today" is Tuesday 15 September 2026)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backend_support import good_answer
from freezegun import freeze_time

from backend.cases.reports import create_report
from backend.council import forms_of
from backend.storage.db import db
from backend.storage.models import Report, ReportUpdate

TODAY = "2026-09-15 12:00:00"
HIGHWAYS = "Highways and street lighting"
WASTE = "Waste and recycling"
FEEDBACK = "Customer feedback"


def receive(app: Any, slug: str, when: str, channel: str = "web") -> Report:
    spec = forms_of(app)[slug]
    answers = {f.name: good_answer(f) for f in spec.fields if f.type != "photo"}
    for f in spec.fields:
        if f.type == "location":
            answers[f.name] = {"description": good_answer(f), "latitude": None, "longitude": None}
    with freeze_time(when):
        report = create_report(spec, answers, channel=channel)
        db.session.commit()
    return report


def act(report: Report, when: str, *, status: str | None = None, department: str | None = None,
        reply: bool = False) -> None:
    """A member of staff changes the status, replies, or passes the case to another department."""
    with freeze_time(when):
        if department:
            report.department = department
            db.session.add(ReportUpdate(report=report, visibility="internal", author="staff", department=department))
        else:
            if status:
                report.status = status
            db.session.add(ReportUpdate(report=report, visibility="public", author="staff", status=status,
                                        text="Reply" if reply else None))
        db.session.commit()


def august(app: Any) -> dict[str, Report]:
    """Times are UTC; August is BST, so 09:00 UTC is 10am in London."""
    cases: dict[str, Report] = {}
    # A: due Wed 2 Sep (5 working days, skipping the bank holiday); answered that day (5: within);
    # resolved Fri 4 Sep (7 working days).
    cases["A"] = a = receive(app, "report-a-pothole", "2026-08-25 09:00:00")
    act(a, "2026-09-02 09:00:00", reply=True)
    act(a, "2026-09-04 09:00:00", status="resolved")
    # B: by phone Mon 3 Aug, due Mon 10 Aug; answered Tue 11 Aug (6: late); resolved, then reopened.
    cases["B"] = b = receive(app, "report-a-pothole", "2026-08-03 09:00:00", "phone")
    act(b, "2026-08-11 09:00:00", reply=True)
    act(b, "2026-08-12 09:00:00", status="resolved")
    act(b, "2026-08-14 09:00:00", status="in-progress")
    # C: Fri 28 Aug, due Mon 7 Sep: never answered, so missed, open and overdue.
    cases["C"] = receive(app, "report-a-pothole", "2026-08-28 09:00:00")
    # D: Thu 20 Aug, in progress Fri 21 Aug (1: within); passed to Waste on 10 Sep, after August.
    cases["D"] = d = receive(app, "report-a-pothole", "2026-08-20 09:00:00")
    act(d, "2026-08-21 09:00:00", status="in-progress")
    act(d, "2026-09-10 09:00:00", department=WASTE)
    # E: a missed bin by phone Wed 5 Aug (due Fri 7 Aug), passed to Highways Thu 6 Aug; answered and
    # resolved Fri 7 Aug (2: within; closed in 2).
    cases["E"] = e = receive(app, "report-a-missed-bin", "2026-08-05 09:00:00", "phone")
    act(e, "2026-08-06 09:00:00", department=HIGHWAYS)
    act(e, "2026-08-07 09:00:00", reply=True)
    act(e, "2026-08-07 10:00:00", status="resolved")
    # F: a complaint Mon 3 Aug (due Mon 17 Aug), answered and resolved Fri 14 Aug (9: within).
    cases["F"] = f = receive(app, "comments-compliments-and-complaints", "2026-08-03 09:00:00")
    act(f, "2026-08-14 09:00:00", status="resolved")
    # G: a complaint face to face Tue 4 Aug (due Tue 18 Aug), closed not fixed Thu 20 Aug (12: late).
    cases["G"] = g = receive(app, "comments-compliments-and-complaints", "2026-08-04 09:00:00", "face-to-face")
    act(g, "2026-08-20 09:00:00", status="closed-not-fixed")
    # Outside August: 31 July (web), 1 September (phone); and a year earlier, one by phone and one
    # face to face, for last year's channel mix.
    cases["H"] = receive(app, "report-a-pothole", "2026-07-31 09:00:00")
    cases["I"] = receive(app, "report-a-pothole", "2026-09-01 09:00:00", "phone")
    cases["J"] = receive(app, "report-a-pothole", "2025-08-12 09:00:00", "phone")
    cases["K"] = receive(app, "report-a-pothole", "2025-08-13 09:00:00", "face-to-face")
    return cases


AUGUST = (dt.date(2026, 8, 1), dt.date(2026, 8, 31))
