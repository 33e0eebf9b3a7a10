"""The figures as the tables people read: the page, the CSV of figures and the command's table,
Markdown and HTML all show these same tables, in the same words, from here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from backend.performance.figures import Figures, Timeliness, channel_name
from backend.performance.languages import language_name
from portal import dates

NONE = "–"  # a figure with nothing to work it out from (no cases), not zero


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]
    row_headers: bool = True  # the first cell of each row names it


def percent(value: float | None) -> str:
    return NONE if value is None else f"{value * 100:.0f}%"


def days(value: int | None) -> str:
    return NONE if value is None else f"{value}"


def pounds(value: Decimal | None) -> str:
    return NONE if value is None else f"£{value.quantize(Decimal('0.01')):,}"


def month_label(figures: Figures, index: int) -> str:
    return f"{figures.months[index].month:%b %Y}"


def scope_label(figures: Figures) -> str:
    return figures.department or "Every department"


def summary(f: Figures) -> Table:
    t = f.timeliness
    rows = [
        ("Cases received", f"{f.received:,}"),
        ("Received online (web share)", percent(f.web_share)),
        (f"Answered within target ({t.within:,} of {t.decided:,} due so far)", percent(t.within_share)),
        ("Not yet answered and not yet due", f"{t.pending:,}"),
        ("Median working days to first response", days(t.median_response)),
        ("90% answered within (working days)", days(t.p90_response)),
        ("Median working days to close", days(t.median_closing)),
        ("90% closed within (working days)", days(t.p90_closing)),
        ("Of these, open now", f"{f.open_now:,}"),
        ("Of these, overdue now", f"{f.overdue_now:,}"),
        ("Oldest open case", f"{f.oldest_open.reference}: open {f.oldest_open.working_days_open} working days"
         if f.oldest_open else NONE),
    ]
    return Table("summary", "Responsiveness", ("Measure", "Figure"), rows)


def by_channel(f: Figures) -> Table:
    rows = [(channel_name(c), f"{n:,}", percent(n / f.received if f.received else None))
            for c, n in f.by_channel.items()]
    return Table("channels", "Cases received by channel", ("Channel", "Cases", "Share"),
                 [*rows, ("All channels", f"{f.received:,}", percent(1 if f.received else None))])


def by_form(f: Figures) -> Table:
    return Table("forms", "Cases received by form", ("Form", "Cases"), [(t, f"{n:,}") for t, n in f.by_form])


def by_language(f: Figures) -> Table:
    return Table("languages", "Cases received by the resident's language", ("Language", "Cases", "Share"),
                 [(language_name(code), f"{n:,}", percent(n / f.received if f.received else None))
                  for code, n in f.by_language])


def channel_shift(f: Figures) -> Table:
    headers = ("Month", *(channel_name(c) for c in f.channels), "All channels", "Web share")
    rows = [(f"{m.month:%B %Y}", *(f"{m.counts.get(c, 0):,}" for c in f.channels), f"{m.total:,}",
             percent(m.web_share)) for m in f.months]
    return Table("shift", "Cases per month by channel, last 13 months", headers, rows)


def _timeliness_cells(t: Timeliness) -> tuple[str, ...]:
    return (f"{t.received:,}", f"{t.within:,}", percent(t.within_share), days(t.median_response))


def complaints(f: Figures) -> Table:
    headers = ("Form", "Received", "Answered within target", "Within target", "Median working days to answer",
               "Outcomes of closed complaints")
    rows = [(f"{c.title} (target {c.target_days} working days)", *_timeliness_cells(c.timeliness),
             "; ".join(f"{name}: {n:,}" for name, n in c.outcomes) or NONE) for c in f.complaints]
    return Table("complaints", "Complaints", headers, rows)


def cost(f: Figures) -> Table | None:
    if f.cost is None:
        return None
    c = f.cost
    rows = [(f"{channel_name(ch)} at {pounds(price)} each", f"{f.by_channel.get(ch, 0):,}",
             pounds(price * f.by_channel.get(ch, 0))) for ch, price in c.costs.items()]
    rows.append(("This period's contacts", f"{sum(f.by_channel.get(ch, 0) for ch in c.costs):,}", pounds(c.actual)))
    rows.append(("The same contacts at last year's channel mix", "", pounds(c.at_last_year_mix)))
    return Table("cost", "Cost of contact", ("Channel", "Contacts", "Cost"), rows)


def departments(f: Figures) -> Table | None:
    if f.departments is None:
        return None
    headers = ("Department", "Received", "Answered within target", "Within target",
               "Median working days to first response", "Overdue now")
    rows = [(r.department, *_timeliness_cells(r.timeliness), f"{r.overdue_now:,}") for r in f.departments]
    return Table("departments", "By department", headers, rows)


def all_tables(f: Figures) -> list[Table]:
    tables = [summary(f), by_channel(f), by_form(f), by_language(f), channel_shift(f), complaints(f), cost(f),
              departments(f)]
    return [t for t in tables if t is not None]


def notes(f: Figures) -> list[str]:
    """What a reader must know to read the figures right."""
    said = [f"Cases received from {f.period.label}, as on {dates.long_date(f.today)}. Working days skip weekends "
            "and bank holidays. A case is answered within target when the first reply or change of status by staff "
            "came on or before its due date.",
            "A case counts in the department that held it at the end of the period"
            + (f" ({f.reassigned:,} of these cases changed department at some point)." if f.reassigned else ".")]
    if f.received == 0:
        said.insert(0, f"No cases were received from {f.period.label}.")
    if f.demo_cases:
        said.insert(0, f"Demo data: {f.demo_cases:,} of these cases are synthetic, made by the demo-data command.")
    if f.cost and f.cost.uncosted:
        said.append("Cost of contact leaves out channels with no cost in site.yaml: "
                    + ", ".join(channel_name(c) for c in f.cost.uncosted) + ".")
    return said
