"""Charts drawn on the server as SVG, in the theme's colours, with a title and description that
screen readers announce. Each chart sits beside a table of the same figures; nothing needs
JavaScript. Plain bars and lines with clear labels, as the GOV.UK performance platform drew them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 96
INK = "#0b0c0c"
GRID = "#b1b4b6"
EXTRA_COLOURS = ("#505a5f", "#ffffff", "#85994b", "#912b88")  # beyond the theme's brand and focus colours


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    colour: str


def palette(brand: str, focus: str, count: int) -> list[str]:
    """Distinct fills, each edged in black so neighbours stay apart for any colour vision."""
    colours = [brand, focus, *EXTRA_COLOURS]
    return [colours[i % len(colours)] for i in range(count)]


def _nice_top(value: float) -> float:
    """A round number at or above ``value`` for the top of the scale."""
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * step >= value:
            return multiple * step
    return 10 * step


def _frame(chart_id: str, title: str, description: str, body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'class="chart" aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" '
            f'font-size="14" fill="{INK}">'
            f'<title id="{chart_id}-title">{escape(title)}</title>'
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _axis(top: float, ticks: int, fmt: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for i in range(ticks + 1):
        value = top * i / ticks
        y = TOP + plot_h - plot_h * i / ticks
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end">{fmt.format(value)}</text>')
    return parts


def _x_labels(labels: Sequence[str], slot: float) -> list[str]:
    y = HEIGHT - BOTTOM + 20
    return [f'<text x="{LEFT + slot * (i + .5):.1f}" y="{y}" text-anchor="end" '
            f'transform="rotate(-45 {LEFT + slot * (i + .5):.1f} {y})">{escape(text)}</text>'
            for i, text in enumerate(labels)]


def stacked_bars(chart_id: str, title: str, description: str, labels: Sequence[str],
                 series: Sequence[Series]) -> Markup:
    """One bar per label, stacked by series, with a legend above the plot."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = _nice_top(max(totals, default=0))
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    body = _axis(top, 4, "{:,.0f}")
    for i in range(len(labels)):
        base = TOP + plot_h
        for s in series:
            h = plot_h * s.values[i] / top
            if h > 0:
                base -= h
                body.append(f'<rect x="{LEFT + slot * i + slot * .15:.1f}" y="{base:.1f}" width="{slot * .7:.1f}" '
                            f'height="{h:.1f}" fill="{s.colour}" stroke="{INK}" stroke-width="1">'
                            f'<title>{escape(labels[i])}, {escape(s.name)}: {s.values[i]:,.0f}</title></rect>')
    body += _x_labels(labels, slot)
    body += _legend(series)
    return _frame(chart_id, title, description, body)


def line(chart_id: str, title: str, description: str, labels: Sequence[str], values: Sequence[float | None],
         colour: str) -> Markup:
    """A line of percentages from 0 to 100, with a marker at each value; gaps where there is none."""
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    body = _axis(100, 4, "{:.0f}%")
    points = [(LEFT + slot * (i + .5), TOP + plot_h - plot_h * v / 100) if v is not None else None
              for i, v in enumerate(values)]
    run: list[str] = []
    for point in [*points, None]:
        if point is None:
            if len(run) > 1:
                body.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="3"/>')
            run = []
        else:
            run.append(f"{point[0]:.1f},{point[1]:.1f}")
    for label, value, point in zip(labels, values, points, strict=True):
        if point is not None:
            body.append(f'<circle cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="5" fill="{colour}" stroke="{INK}">'
                        f'<title>{escape(label)}: {value:.0f}%</title></circle>')
    body += _x_labels(labels, slot)
    return _frame(chart_id, title, description, body)


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], LEFT
    y = HEIGHT - 6
    for s in series:
        parts.append(f'<rect x="{x}" y="{y - 12}" width="14" height="14" fill="{s.colour}" stroke="{INK}"/>')
        parts.append(f'<text x="{x + 20}" y="{y}">{escape(s.name)}</text>')
        x += 32 + 8 * len(s.name)
    return parts
