"""Believable synthetic cases, for the demo data and the benchmark: a year or two of reports in
which more residents move online each month, and a few departments miss their targets.

Each case comes with its history already decided (first response, closing) and with the columns
``definitions`` keeps, so it can be written in bulk without going through the ORM.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from portal.forms import FormSpec
from portal.references import new_reference
from portal.timezone import LONDON
from portal.workdays import add_working_days

SLOW_SHARE = 0.25  # departments that often miss their target, out of every department
CLOSED = (("resolved", 80), ("closed-not-fixed", 10), ("duplicate", 5), ("passed-on", 5))


@dataclass
class SyntheticCase:
    reference: str
    form: FormSpec
    department: str
    channel: str
    status: str
    created_at: dt.datetime
    received_on: dt.date
    due_date: dt.date
    first_response_at: dt.datetime | None
    closed_at: dt.datetime | None

    def report_row(self) -> dict[str, object]:
        """The report's columns, without ``id`` (the database gives one)."""
        return {"reference": self.reference, "form_slug": self.form.slug,
                "form_title": self.form.title, "kind": self.form.kind, "department": self.department,
                "status": self.status, "channel": self.channel, "answers": {}, "created_at": self.created_at,
                "due_date": self.due_date, "received_on": self.received_on, "received_department": self.department,
                "first_response_at": self.first_response_at,
                "first_response_on": _day(self.first_response_at), "closed_at": self.closed_at,
                "closed_on": _day(self.closed_at), "demo": True}

    def update_rows(self, report_id: int) -> list[dict[str, object]]:
        rows = []
        if self.first_response_at:
            rows.append({"report_id": report_id, "created_at": self.first_response_at, "visibility": "public",
                         "author": "staff", "status": "in-progress", "text": "We are looking into this."})
        if self.closed_at:
            rows.append({"report_id": report_id, "created_at": self.closed_at, "visibility": "public",
                         "author": "staff", "status": self.status, "text": None})
        return rows


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(LONDON).date() if moment else None


def _moment(day: dt.date, rng: random.Random, first_hour: int, last_hour: int) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(rng.randint(first_hour, last_hour - 1), rng.randint(0, 59)), LONDON)
    return local.astimezone(dt.UTC)


def synthetic_cases(forms: Sequence[FormSpec], start: dt.date, end: dt.date, count: int,
                    holidays: Collection[dt.date], today: dt.date, seed: int = 11) -> Iterator[SyntheticCase]:
    """``count`` cases received between ``start`` and ``end``, in order of arrival, as they stand ``today``."""
    rng = random.Random(seed)
    departments = sorted({f.department for f in forms})
    slow = set(departments[:: max(1, round(1 / SLOW_SHARE))])
    due = functools.lru_cache(maxsize=None)(lambda day, n: add_working_days(day, n, holidays))
    days = (end - start).days + 1
    # Weekdays get most of the reports; weights by day of the week, Monday first.
    weights = [(start + dt.timedelta(days=i)).weekday() for i in range(days)]
    weights = [1.0 if w < 5 else 0.35 for w in weights]
    picks = sorted(rng.choices(range(days), weights=weights, k=count))
    references: set[str] = set()
    form_weights = [1 + (i * 7) % 5 for i in range(len(forms))]
    for offset in picks:
        day = start + dt.timedelta(days=offset)
        progress = offset / max(days - 1, 1)
        web = 0.45 + 0.3 * progress
        channel = rng.choices(("web", "phone", "face-to-face"), weights=(web, (1 - web) * 0.75, (1 - web) * 0.25))[0]
        form = rng.choices(forms, weights=form_weights)[0]
        late = 0.45 if form.department in slow else 0.08
        delay = (rng.randint(form.target_days + 1, form.target_days * 3) if rng.random() < late
                 else rng.randint(0, form.target_days))
        response_day = due(day, delay)
        responded = _moment(response_day, rng, 9, 17) if response_day < today else None
        closing_day = due(response_day, rng.randint(0, 8)) if responded else None
        closed = _moment(closing_day, rng, 9, 17) if closing_day and closing_day < today else None
        if closed and responded and closed < responded:
            closed = responded
        status = (rng.choices([s for s, _ in CLOSED], weights=[w for _, w in CLOSED])[0] if closed
                  else "in-progress" if responded else "received")
        reference = new_reference()
        while reference in references:
            reference = new_reference()
        references.add(reference)
        yield SyntheticCase(reference, form, form.department, channel, status,
                            _moment(day, rng, 8, 20), day, due(day, form.target_days), responded, closed)
