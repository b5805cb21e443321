"""Server-rendered SVG charts: no JavaScript, readable by screen readers (role="img" with a <title>
and a <desc>), and always shown next to a table holding the same figures. Every text is escaped."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask import Flask
from markupsafe import Markup, escape

from ..brands.sectors import sector_label
from ..stories.choices import Ending, label
from .statistics import EndingCounts

WIDTH = 640
LABEL_WIDTH = 170
VALUE_WIDTH = 130
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
LEGEND_HEIGHT = 28
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH
INK = "#1d2330"
GRID = "#dcd8cf"
BAR = "#b3264a"


@dataclass(frozen=True)
class Series:
    label: str
    color: str


@dataclass(frozen=True)
class Point:
    """A rate with its confidence interval, all between 0 and 1."""

    label: str
    value: float | None
    low: float | None
    high: float | None
    note: str = ""


def _percent(value: float) -> str:
    return f"{round(100 * value)} %"


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" font-family="system-ui, sans-serif" '
        f'font-size="13">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _row_label(index: int, label: str) -> str:
    y = TOP + index * ROW_HEIGHT + BAR_HEIGHT / 2
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{y}" text-anchor="end" dominant-baseline="middle" fill="{INK}">'
        f"{escape(label)}</text>"
    )


def _value_text(index: int, text: str) -> str:
    y = TOP + index * ROW_HEIGHT + BAR_HEIGHT / 2
    return (
        f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 8}" y="{y}" dominant-baseline="middle" fill="{INK}">'
        f"{escape(text)}</text>"
    )


def _gridlines(height: int) -> list[str]:
    lines = []
    for step in (0, 0.25, 0.5, 0.75, 1):
        x = LABEL_WIDTH + step * PLOT_WIDTH
        lines.append(f'<line x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{height}" stroke="{GRID}" stroke-width="1"/>')
    return lines


def bars(chart_id: str, title: str, desc: str, items: Sequence[tuple[str, float]],
         value_text: Callable[[float], str] = str) -> Markup:
    """Horizontal bars scaled to the largest value (counts: stories per year, per kind…)."""
    height = TOP + ROW_HEIGHT * max(len(items), 1)
    largest = max((value for _label, value in items), default=0) or 1
    body = []
    for index, (label, value) in enumerate(items):
        width = PLOT_WIDTH * value / largest
        y = TOP + index * ROW_HEIGHT
        body += [
            _row_label(index, label),
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{BAR}"/>',
            _value_text(index, value_text(value)),
        ]
    return _svg(chart_id, title, desc, height, body)


def stacked_shares(chart_id: str, title: str, desc: str, rows: Sequence[tuple[str, Sequence[int]]],
                   series: Sequence[Series]) -> Markup:
    """One 100 % bar per row, split into the series' shares (endings by satisfaction level…);
    the row's sample size is written at its end, an empty row is drawn as "aucune"."""
    legend_y = TOP + ROW_HEIGHT * len(rows) + 6
    height = legend_y + LEGEND_HEIGHT
    body = _gridlines(legend_y - 6)
    for index, (label, counts) in enumerate(rows):
        total = sum(counts)
        y = TOP + index * ROW_HEIGHT
        body.append(_row_label(index, label))
        x = float(LABEL_WIDTH)
        for count, one in zip(counts, series):
            if total and count:
                width = PLOT_WIDTH * count / total
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{one.color}">'
                    f"<title>{escape(label)} — {escape(one.label)} : {count} ({_percent(count / total)})</title></rect>"
                )
                x += width
        body.append(_value_text(index, f"n = {total}"))
    x = 8.0
    for one in series:
        body.append(
            f'<rect x="{x:.0f}" y="{legend_y}" width="12" height="12" fill="{one.color}"/>'
            f'<text x="{x + 16:.0f}" y="{legend_y + 10}" fill="{INK}">{escape(one.label)}</text>'
        )
        x += 16 + 8 * len(one.label) + 14
    return _svg(chart_id, title, desc, height, body)


def intervals(chart_id: str, title: str, desc: str, points: Sequence[Point]) -> Markup:
    """Rates on a 0–100 % axis, each with its confidence interval as a whisker."""
    axis_y = TOP + ROW_HEIGHT * max(len(points), 1)
    height = axis_y + 20
    body = _gridlines(axis_y)
    for step in (0, 0.5, 1):
        x = LABEL_WIDTH + step * PLOT_WIDTH
        body.append(f'<text x="{x}" y="{axis_y + 14}" text-anchor="middle" fill="{INK}">{_percent(step)}</text>')
    for index, point in enumerate(points):
        y = TOP + index * ROW_HEIGHT + BAR_HEIGHT / 2
        body.append(_row_label(index, point.label))
        if point.value is None or point.low is None or point.high is None:
            body.append(_value_text(index, point.note))
            continue
        x_low, x_high = (LABEL_WIDTH + PLOT_WIDTH * bound for bound in (point.low, point.high))
        x = LABEL_WIDTH + PLOT_WIDTH * point.value
        body += [
            f'<line x1="{x_low:.1f}" y1="{y}" x2="{x_high:.1f}" y2="{y}" stroke="{INK}" stroke-width="2"/>',
            f'<line x1="{x_low:.1f}" y1="{y - 6}" x2="{x_low:.1f}" y2="{y + 6}" stroke="{INK}" stroke-width="2"/>',
            f'<line x1="{x_high:.1f}" y1="{y - 6}" x2="{x_high:.1f}" y2="{y + 6}" stroke="{INK}" stroke-width="2"/>',
            f'<circle cx="{x:.1f}" cy="{y}" r="6" fill="{BAR}"/>',
            _value_text(index, f"{_percent(point.value)} {point.note}".strip()),
        ]
    return _svg(chart_id, title, desc, height, body)


# ---- story endings -------------------------------------------------------------------------

ENDING_COLORS = {
    Ending.LOYAL: "#1e6b3a",
    Ending.RETURNED: "#3b7dd8",
    Ending.UNDECIDED: "#9a9485",
    Ending.LEFT: "#a3141c",
}


def ending_shares(chart_id: str, title: str, desc: str, groups: Sequence[tuple[str, EndingCounts]]) -> Markup:
    """How the stories of each group ended, as 100 % bars in the endings' colours."""
    series = [Series(label(ending), color) for ending, color in ENDING_COLORS.items()]
    rows = [(name, [counts.counts.get(ending.value, 0) for ending in ENDING_COLORS]) for name, counts in groups]
    return stacked_shares(chart_id, title, desc, rows, series)


def loyalty_intervals(chart_id: str, title: str, desc: str, groups: Sequence[tuple[str, EndingCounts]]) -> Markup:
    """Each group's loyalty rate with its 95 % Wilson interval and sample size."""
    points = []
    for name, counts in groups:
        bounds = counts.interval
        points.append(Point(
            name, counts.loyalty_rate, bounds[0] if bounds else None, bounds[1] if bounds else None,
            f"(n = {counts.total})",
        ))
    return intervals(chart_id, title, desc, points)


def ending_label(value: str) -> str:
    return label(Ending(value))


def init_app(app: Flask) -> None:
    """What the statistics templates (brand page, leaderboard, observatory) need besides their data."""
    app.add_template_global([ending.value for ending in ENDING_COLORS], "ending_values")
    app.add_template_global(ending_label, "ending_label")
    app.add_template_global(sector_label, "sector_label")
