"""The performance figures, added up in the database: volumes, channel shift, responsiveness,
complaints, cost of contact and the per-department table.

Each query groups the period's cases into a few hundred rows at most (by department, form,
channel, status, or working days taken); Python only sums those rows and reads medians from
them. Settled days come from the daily roll-up (``rollup``, read by ``rolled``), the rest straight
from the cases (``direct``); both give the same rows, and ``Tally`` adds them up. Definitions of
first response, closed and overdue are in ``definitions``; which cases count and where, in
``scope``; working days, in ``calendar``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from backend.cases.reports import CHANNELS
from backend.cases.statuses import STATUSES, label
from backend.performance import definitions as d
from backend.performance import direct, rolled, rollup, rollup_months
from backend.performance.calendar import prepare
from backend.performance.direct import FLAGS, Histograms
from backend.performance.period import Period, add_months, month_start
from backend.performance.scope import cases_received
from backend.performance.stats import percentile, share
from backend.storage.models import Report
from portal.forms import FormSpec
from portal.workdays import working_days_between

MONTHS_OF_SHIFT = 13


def channel_name(key: str) -> str:
    """The channel's name as staff read it; one a later feature adds without a name reads sensibly
    ("sms" as "SMS", "post-box" as "Post box")."""
    if key in CHANNELS:
        return CHANNELS[key]
    return key.upper() if len(key) <= 3 else key.replace("-", " ").capitalize()


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

    @property
    def received(self) -> int:
        return self.timeliness.received

    @property
    def web_share(self) -> float | None:
        return share(self.by_channel.get("web", 0), self.received)


class Tally:
    """The page's figures as rows are added up: from the roll-up, from cases counted directly, and
    (``sign`` -1) taken away again where the roll-up counted a case in another department."""

    def __init__(self) -> None:
        self.per_dept: dict[str, Timeliness] = defaultdict(Timeliness)
        self.per_form: dict[str, Timeliness] = defaultdict(Timeliness)
        self.titles: dict[str, str] = {}
        self.by_channel: Counter[str] = Counter()
        self.outcomes: dict[str, Counter[str]] = defaultdict(Counter)
        self.overdue_by_dept: Counter[str] = Counter()
        self.open_now = self.overdue_now = self.moved = self.demo = 0

    def cases(self, dept: str, slug: str, title: str, status: str, received: int, within: int, missed: int,
              pending: int, overdue: int, moved: int, demo: int) -> None:
        t = Timeliness(received, within, missed, pending)
        self.per_dept[dept].add(t)
        self.per_form[slug].add(t)
        self.titles.setdefault(slug, title)
        if d.is_open(status):
            self.open_now += received
        else:
            self.outcomes[slug][label(status)] += received
        self.overdue_now += overdue
        self.overdue_by_dept[dept] += overdue
        self.moved += moved
        self.demo += demo

    def days(self, kind: str, dept: str, slug: str, days: int, count: int) -> None:
        for t in (self.per_dept[dept], self.per_form[slug]):
            (t.response_days if kind == "r" else t.closing_days)[int(days)] += count

    def direct(self, groups: list, response_days: Histograms, closing_days: Histograms, sign: int = 1) -> None:
        for dept, slug, title, channel, status, flags, count in groups:
            has = [sign * count if flags & bit else 0 for bit in FLAGS.values()]
            self.cases(dept, slug, title, status, sign * count, *has)
            self.by_channel[channel] += sign * count
        for kind, histograms in (("r", response_days), ("c", closing_days)):
            for (dept, slug), histogram in histograms.items():
                for days, count in histogram.items():
                    self.days(kind, dept, slug, days, sign * count)

    def settle(self) -> None:
        """Drop what added up to nothing (a department whose only case was counted elsewhere)."""
        for groups in (self.per_dept, self.per_form):
            for key in [k for k, t in groups.items() if t.received == 0]:
                del groups[key]
            for t in groups.values():
                t.response_days, t.closing_days = +t.response_days, +t.closing_days
        self.by_channel = +self.by_channel


def compute(session: Session, period: Period, department: str | None, forms: Mapping[str, FormSpec],
            holidays: Collection[dt.date], costs: Mapping[str, Decimal], today: dt.date | None = None,
            use_rollup: bool = True) -> Figures:
    """Every figure on the page for ``period`` and ``department`` (None: all departments). Days the
    daily roll-up stands for are read from it, unless ``use_rollup`` is False; the figures are the
    same either way."""
    today = today or d.today()
    prepare(session)
    months = _months_window(period)
    earlier = period.a_year_earlier()
    fresh = rollup.fresh_days(session, *days_read(period), today) if use_rollup else set()
    tally = _tally(session, period, department, holidays, today, fresh)
    tally.settle()
    channels = [*CHANNELS, *sorted(set(tally.by_channel) - set(CHANNELS))]
    titles = {slug: forms[slug].title if slug in forms else title for slug, title in tally.titles.items()}
    overall = Timeliness()
    for t in tally.per_dept.values():
        overall.add(t)
    return Figures(
        period=period, department=department, today=today, channels=channels,
        by_form=sorted(((titles[s], t.received) for s, t in tally.per_form.items()), key=lambda p: (-p[1], p[0])),
        by_channel={c: tally.by_channel.get(c, 0) for c in channels},
        timeliness=overall, open_now=tally.open_now, overdue_now=tally.overdue_now,
        oldest_open=_oldest_open(session, period, department, holidays, today),
        months=_months(session, months, department, fresh, holidays),
        complaints=_complaints(forms, tally.per_form, tally.outcomes),
        cost=_cost(session, earlier, department, tally.by_channel, costs, fresh, holidays),
        departments=None if department else [
            DepartmentRow(name, tally.per_dept[name], tally.overdue_by_dept[name]) for name in sorted(tally.per_dept)],
        reassigned=tally.moved, demo_cases=tally.demo,
    )


def days_read(period: Period) -> tuple[dt.date, dt.date]:
    """The first and last day whose cases the page for ``period`` reads (with the 13 months of
    channel shift and the same period a year earlier)."""
    months = _months_window(period)
    return min(period.a_year_earlier().start, months.start), max(period.end, months.end)


def _tally(session: Session, period: Period, department: str | None, holidays: Collection[dt.date],
           today: dt.date, fresh: set[dt.date]) -> Tally:
    dialect = session.get_bind().dialect.name
    tally = Tally()
    from_rollup, counted = rollup.split(period.start, period.end, fresh)
    if counted:
        tally.direct(*direct.grouped(session, direct.case_facts(
            dialect, period, department, holidays, today, rollup.within(Report.received_on, counted))))
    if not from_rollup:
        return tally
    months, days = _months_and_days(session, period, fresh, from_rollup, holidays, due_before=today)
    for row in rolled.counts(session, days, months, department, today):
        tally.cases(*row)
    months, days = _months_and_days(session, period, fresh, from_rollup, holidays)
    for channel, count in rolled.channels(session, days, months, department):
        tally.by_channel[channel] += count
    for row in rolled.histograms(session, days, months, department, holidays, (period.start, max(today, period.end))):
        tally.days(*row)
    # The roll-up counts each case where it is now; one moved since the period ended counts where it was then.
    moved_later = _moved_after(period, from_rollup)
    tally.direct(*direct.grouped(session, direct.case_facts(dialect, period, department, holidays, today,
                                                            moved_later)))
    tally.direct(*direct.grouped(session, direct.case_facts(dialect, period, department, holidays, today,
                                                            moved_later, held_now=True)), sign=-1)
    return tally


def _months_and_days(session: Session, period: Period, fresh: set[dt.date], runs: list[tuple[dt.date, dt.date]],
                     holidays: Collection[dt.date], due_before: dt.date | None = None,
                     ) -> tuple[list[dt.date], list[tuple[dt.date, dt.date]]]:
    """Of the roll-up's ``runs`` of days: the whole months it has added up (with these bank
    holidays; all due ``due_before``, when given), and the runs of days outside them."""
    months = rollup_months.built(session, rollup_months.whole_months(period.start, period.end, fresh), holidays,
                                 due_before)
    taken = {m + dt.timedelta(days=i) for m in months for i in range((add_months(m, 1) - m).days)}
    return months, rollup.ranges(day for a, b in runs for i in range((b - a).days + 1)
                                 if (day := a + dt.timedelta(days=i)) not in taken)


def _moved_after(period: Period, runs: list[tuple[dt.date, dt.date]]) -> ColumnElement[bool]:
    return rollup.within(Report.received_on, runs) & (Report.reassigned_at >= period.ends_at)


def _day_channels(session: Session, window: Period, department: str | None, fresh: set[dt.date],
                  holidays: Collection[dt.date]) -> Counter[tuple[dt.date, str]]:
    """Cases received each day of ``window`` by channel, in the department that held them at its end
    (a whole month read from the roll-up's month rows: on its first day)."""
    from_rollup, counted = rollup.split(window.start, window.end, fresh)
    found: Counter[tuple[dt.date, str]] = Counter()
    rows = []
    if counted:
        rows += direct.day_channels(session, window, department, rollup.within(Report.received_on, counted))
    if from_rollup:
        months, days = _months_and_days(session, window, fresh, from_rollup, holidays)
        rows += rolled.channels(session, days, months, department, by_day=True)
    if from_rollup and department is not None:
        moved_later = _moved_after(window, from_rollup)
        rows += direct.day_channels(session, window, department, moved_later)
        rows += [(day, channel, -count) for day, channel, count in
                 direct.day_channels(session, window, department, moved_later, held_now=True)]
    for day, channel, count in rows:
        found[(rollup.as_date(day), channel)] += count
    return found


def _oldest_open(session: Session, period: Period, department: str | None, holidays: Collection[dt.date],
                 today: dt.date) -> OldestOpen | None:
    query = cases_received(period, department, Report.reference, Report.received_on).where(d.open_clause())
    row = session.execute(query.order_by(Report.created_at, Report.id).limit(1)).first()
    if row is None:
        return None
    return OldestOpen(row.reference, row.received_on, working_days_between(row.received_on, today, holidays))


def _months_window(period: Period) -> Period:
    """The 13 months ending with the period's last month."""
    first = add_months(period.end, 1 - MONTHS_OF_SHIFT)
    return Period(first, add_months(period.end, 1) - dt.timedelta(days=1))


def _months(session: Session, window: Period, department: str | None, fresh: set[dt.date],
            holidays: Collection[dt.date]) -> list[MonthRow]:
    """Cases received per month by channel, in the 13 months of ``window``."""
    months = {add_months(window.start, i): MonthRow(add_months(window.start, i), {}) for i in range(MONTHS_OF_SHIFT)}
    for (day, channel), count in _day_channels(session, window, department, fresh, holidays).items():
        row = months[month_start(day)]
        row.counts[channel] = row.counts.get(channel, 0) + count
    for row in months.values():
        row.counts = {channel: count for channel, count in row.counts.items() if count}
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


def _cost(session: Session, earlier: Period, department: str | None, by_channel: Mapping[str, int],
          costs: Mapping[str, Decimal], fresh: set[dt.date], holidays: Collection[dt.date]) -> CostOfContact | None:
    """This period's contacts at ``costs``, and the same number of contacts at the mix of the same
    period a year ``earlier``."""
    if not costs:
        return None
    actual = sum((costs[c] * n for c, n in by_channel.items() if c in costs), Decimal(0))
    last_year: Counter[str] = Counter()
    for (_day, channel), count in _day_channels(session, earlier, department, fresh, holidays).items():
        last_year[channel] += count
    costed_last_year = {c: n for c, n in last_year.items() if c in costs and n}
    costed_now = sum(n for c, n in by_channel.items() if c in costs)
    mix_total = sum(costed_last_year.values())
    at_mix = (sum((costs[c] * n for c, n in costed_last_year.items()), Decimal(0)) * costed_now / mix_total
              if mix_total else None)
    return CostOfContact(dict(costs), actual, at_mix, sorted(c for c, n in by_channel.items() if n and c not in costs))
