"""The performance figures, added up in the database: volumes, channel shift, responsiveness,
complaints, cost of contact and the per-department table.

Each query groups the period's cases into a few hundred rows at most (by department, form,
channel, status, or working days taken); Python only sums those rows and reads medians from
them. Definitions of first response, closed and overdue are in ``definitions``; which cases count
and where, in ``scope``; working days, in ``calendar``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import case, func, literal, null, select, tuple_, union_all
from sqlalchemy.orm import Session

from backend.cases.reports import CHANNELS
from backend.cases.statuses import STATUSES, label
from backend.performance import definitions as d
from backend.performance import languages
from backend.performance.calendar import prepare, working_days
from backend.performance.period import Period, add_months, month_start
from backend.performance.scope import cases_received
from backend.performance.stats import percentile, share
from backend.storage.models import Report
from portal.forms import FormSpec
from portal.workdays import working_days_between

MONTHS_OF_SHIFT = 13
# What each case counts towards, as bits of one number the database groups by.
FLAGS = {"within": 1, "missed": 2, "pending": 4, "overdue": 8, "moved": 16, "demo": 32}


def channel_name(key: str) -> str:
    """The channel's name as staff read it; one a later feature adds without a name reads sensibly
    ("sms" as "SMS", "post-box" as "Post box")."""
    if key in CHANNELS:
        return CHANNELS[key]
    return key.upper() if len(key) <= 3 else key.replace("-", " ").capitalize()


def _flag(condition: object) -> object:
    return case((condition, 1), else_=0)


@dataclass(frozen=True)
class OldestOpen:
    reference: str
    received_on: dt.date
    working_days_open: int


@dataclass
class Timeliness:
    """First responses against target, and working days taken, for one group of cases."""

    received: int = 0
    within: int = 0
    missed: int = 0  # answered late, or past the due date with no answer yet
    pending: int = 0  # no answer yet, but not yet due
    response_days: Counter[int] = field(default_factory=Counter)
    closing_days: Counter[int] = field(default_factory=Counter)

    @property
    def decided(self) -> int:
        return self.within + self.missed

    @property
    def within_share(self) -> float | None:
        return share(self.within, self.decided)

    @property
    def median_response(self) -> int | None:
        return percentile(self.response_days, 0.5)

    @property
    def p90_response(self) -> int | None:
        return percentile(self.response_days, 0.9)

    @property
    def median_closing(self) -> int | None:
        return percentile(self.closing_days, 0.5)

    @property
    def p90_closing(self) -> int | None:
        return percentile(self.closing_days, 0.9)

    def add(self, other: Timeliness) -> None:
        self.received += other.received
        self.within += other.within
        self.missed += other.missed
        self.pending += other.pending
        self.response_days.update(other.response_days)
        self.closing_days.update(other.closing_days)


@dataclass
class ComplaintRow:
    title: str
    target_days: int
    timeliness: Timeliness
    outcomes: list[tuple[str, int]]  # closing status label, cases


@dataclass
class DepartmentRow:
    department: str
    timeliness: Timeliness
    overdue_now: int


@dataclass
class MonthRow:
    month: dt.date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def web_share(self) -> float | None:
        return share(self.counts.get("web", 0), self.total)


@dataclass
class CostOfContact:
    costs: dict[str, Decimal]
    actual: Decimal
    at_last_year_mix: Decimal | None  # None: no cases in the same period a year earlier
    uncosted: list[str]  # channels with cases but no cost in site.yaml


@dataclass
class Figures:
    period: Period
    department: str | None  # None: every department
    today: dt.date
    channels: list[str]
    by_form: list[tuple[str, int]]
    by_channel: dict[str, int]
    timeliness: Timeliness
    open_now: int
    overdue_now: int
    oldest_open: OldestOpen | None
    months: list[MonthRow]
    complaints: list[ComplaintRow]
    cost: CostOfContact | None
    departments: list[DepartmentRow] | None  # the committee table: only when every department is shown
    reassigned: int  # cases in the figures that changed department at some point
    demo_cases: int
    by_language: list[tuple[str | None, int]] = field(default_factory=list)  # (language code, cases)

    @property
    def received(self) -> int:
        return self.timeliness.received

    @property
    def web_share(self) -> float | None:
        return share(self.by_channel.get("web", 0), self.received)


def compute(session: Session, period: Period, department: str | None, forms: Mapping[str, FormSpec],
            holidays: Collection[dt.date], costs: Mapping[str, Decimal], today: dt.date | None = None) -> Figures:
    """Every figure on the page for ``period`` and ``department`` (None: all departments)."""
    today = today or d.today()
    prepare(session)
    dialect = session.get_bind().dialect.name
    cases = _case_facts(dialect, period, department, holidays, today)

    groups, response_days, closing_days = _grouped(session, cases)

    per_dept: dict[str, Timeliness] = defaultdict(Timeliness)
    per_form: dict[str, Timeliness] = defaultdict(Timeliness)
    titles: dict[str, str] = {}
    by_channel: Counter[str] = Counter()
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    overdue_by_dept: Counter[str] = Counter()
    open_now = overdue_now = moved = demo = 0
    for dept, slug, title, channel, status, flags, count in groups:
        has = {name: count if flags & bit else 0 for name, bit in FLAGS.items()}
        t = Timeliness(count, has["within"], has["missed"], has["pending"])
        per_dept[dept].add(t)
        per_form[slug].add(t)
        titles.setdefault(slug, forms[slug].title if slug in forms else title)
        by_channel[channel] += count
        if d.is_open(status):
            open_now += count
        else:
            outcomes[slug][label(status)] += count
        overdue_now += has["overdue"]
        overdue_by_dept[dept] += has["overdue"]
        moved += has["moved"]
        demo += has["demo"]
    for (dept, slug), histogram in response_days.items():
        per_dept[dept].response_days.update(histogram)
        per_form[slug].response_days.update(histogram)
    for (dept, slug), histogram in closing_days.items():
        per_dept[dept].closing_days.update(histogram)
        per_form[slug].closing_days.update(histogram)

    overall = Timeliness()
    for t in per_dept.values():
        overall.add(t)
    channels = [*CHANNELS, *sorted(set(by_channel) - set(CHANNELS))]
    return Figures(
        period=period, department=department, today=today, channels=channels,
        by_form=sorted(((titles[s], t.received) for s, t in per_form.items()), key=lambda p: (-p[1], p[0])),
        by_channel={c: by_channel.get(c, 0) for c in channels},
        timeliness=overall, open_now=open_now, overdue_now=overdue_now,
        oldest_open=_oldest_open(session, period, department, holidays, today),
        months=_months(session, period, department),
        complaints=_complaints(forms, per_form, outcomes),
        cost=_cost(session, period, department, by_channel, costs),
        departments=None if department else [
            DepartmentRow(name, per_dept[name], overdue_by_dept[name]) for name in sorted(per_dept)],
        reassigned=moved, demo_cases=demo, by_language=languages.counts(session, period, department),
    )


def _case_facts(dialect: str, period: Period, department: str | None, holidays: Collection[dt.date],
                today: dt.date):  # noqa: ANN202 (a SQLAlchemy subquery)
    """One row per case received in the period: its groups, its figures as one number of FLAGS
    (one column to group by rather than a sum for each), and its working days taken."""
    window = (period.start, max(today, period.end))  # cases come in, and are answered, in here
    conditions = {"within": d.within_target_clause(), "missed": d.missed_target_clause(today),
                  "pending": Report.first_response_on.is_(None) & (Report.due_date >= today),
                  "overdue": d.overdue_clause(today), "moved": Report.reassigned_at.is_not(None),
                  "demo": Report.demo.is_(True)}
    flags = sum((_flag(conditions[name]) * bit for name, bit in FLAGS.items()), literal(0))
    query = cases_received(
        period, department, Report.form_slug, Report.form_title, Report.channel, Report.status, flags.label("flags"),
        working_days(dialect, Report.received_on, Report.first_response_on, holidays, window).label("response_days"),
        working_days(dialect, Report.received_on, Report.closed_on, holidays, window).label("closing_days"),
    )
    return query.subquery("cases")


def _grouped(session: Session, cases) -> tuple[list, dict, dict]:  # noqa: ANN001
    """One statement, one pass over the period's cases: the counts by department, form, channel
    and status, and the working-day histograms to first response and to closing."""
    groups: list[tuple] = []
    histograms: dict[str, dict[tuple[str, str], Counter[int]]] = {"r": defaultdict(Counter), "c": defaultdict(Counter)}
    for kind, dept, slug, title, channel, status, flags, days, count in session.execute(_grouping(session, cases)):
        if kind == "n":
            groups.append((dept, slug, title, channel, status, flags, count))
        elif days is not None:
            histograms[kind][(dept, slug)][int(days)] += count
    return groups, histograms["r"], histograms["c"]


def _grouping(session: Session, cases):  # noqa: ANN001, ANN202 (a SQLAlchemy statement)
    """Rows of (kind, department, form, title, channel, status, days, cases, flags...): kind "n" the
    counts, "r" days to first response, "c" days to closing. PostgreSQL groups the three ways in
    one scan (GROUPING SETS, no copy of the cases); SQLite has no grouping sets, so it adds up a
    common table of the cases three times (UNION ALL)."""
    c = cases.c
    if session.get_bind().dialect.name == "postgresql":
        # GROUPING() says which set a row adds up: bit 2 status, bit 1 response days, bit 0 closing days.
        sets = func.grouping(c.status, c.response_days, c.closing_days)
        kind = case((sets == 3, "n"), (sets == 5, "r"), else_="c")
        return select(kind, c.dept, c.form_slug, c.form_title, c.channel, c.status, c.flags,
                      func.coalesce(c.response_days, c.closing_days), func.count()).group_by(func.grouping_sets(
                          tuple_(c.dept, c.form_slug, c.form_title, c.channel, c.status, c.flags),
                          tuple_(c.dept, c.form_slug, c.response_days), tuple_(c.dept, c.form_slug, c.closing_days)))
    cases = cases.element.cte("cases")
    c = cases.c
    counts = select(literal("n"), c.dept, c.form_slug, c.form_title, c.channel, c.status, c.flags, null(),
                    func.count()).group_by(c.dept, c.form_slug, c.form_title, c.channel, c.status, c.flags)
    answered = select(literal("r"), c.dept, c.form_slug, null(), null(), null(), null(), c.response_days,
                      func.count()).where(c.response_days.is_not(None)).group_by(c.dept, c.form_slug, c.response_days)
    closed = select(literal("c"), c.dept, c.form_slug, null(), null(), null(), null(), c.closing_days,
                    func.count()).where(c.closing_days.is_not(None)).group_by(c.dept, c.form_slug, c.closing_days)
    return union_all(counts, answered, closed)


def _oldest_open(session: Session, period: Period, department: str | None, holidays: Collection[dt.date],
                 today: dt.date) -> OldestOpen | None:
    query = cases_received(period, department, Report.reference, Report.received_on).where(d.open_clause())
    row = session.execute(query.order_by(Report.created_at, Report.id).limit(1)).first()
    if row is None:
        return None
    return OldestOpen(row.reference, row.received_on, working_days_between(row.received_on, today, holidays))


def _months(session: Session, period: Period, department: str | None) -> list[MonthRow]:
    """Cases received per month by channel, for the 13 months ending with the period's last month."""
    first = add_months(period.end, 1 - MONTHS_OF_SHIFT)
    window = Period(first, add_months(period.end, 1) - dt.timedelta(days=1))
    cases = cases_received(window, department, Report.received_on, Report.channel, with_department=False).subquery()
    day_counts = session.execute(select(cases.c.received_on, cases.c.channel, func.count())
                                 .group_by(cases.c.received_on, cases.c.channel))
    months = {add_months(first, i): MonthRow(add_months(first, i), {}) for i in range(MONTHS_OF_SHIFT)}
    for day, channel, count in day_counts:
        row = months[month_start(day)]
        row.counts[channel] = row.counts.get(channel, 0) + count
    return list(months.values())


def _complaints(forms: Mapping[str, FormSpec], per_form: Mapping[str, Timeliness],
                outcomes: Mapping[str, Counter[str]]) -> list[ComplaintRow]:
    rows = []
    for slug, spec in forms.items():
        if spec.complaint:
            order = [s.label for s in STATUSES.values() if not s.is_open]
            found = outcomes.get(slug, Counter())
            rows.append(ComplaintRow(spec.title, spec.target_days, per_form.get(slug, Timeliness()),
                                     [(name, found[name]) for name in order if found[name]]))
    return rows


def _cost(session: Session, period: Period, department: str | None, by_channel: Mapping[str, int],
          costs: Mapping[str, Decimal]) -> CostOfContact | None:
    """This period's contacts at ``costs``, and the same number of contacts at last year's mix."""
    if not costs:
        return None
    actual = sum((costs[c] * n for c, n in by_channel.items() if c in costs), Decimal(0))
    earlier = period.a_year_earlier()
    cases = cases_received(earlier, department, Report.channel, with_department=False).subquery()
    last_year = dict(session.execute(select(cases.c.channel, func.count()).group_by(cases.c.channel)).all())
    costed_last_year = {c: n for c, n in last_year.items() if c in costs}
    costed_now = sum(n for c, n in by_channel.items() if c in costs)
    mix_total = sum(costed_last_year.values())
    at_mix = (sum((costs[c] * n for c, n in costed_last_year.items()), Decimal(0)) * costed_now / mix_total
              if mix_total else None)
    return CostOfContact(dict(costs), actual, at_mix, sorted(c for c, n in by_channel.items() if n and c not in costs))

