"""Charts drawn with text glyphs, readable without colour: proportional bars, columns and a calendar heatmap.

Density carries the meaning (``░ ▒ ▓ █``; eighth blocks for heights), so a terminal with ``NO_COLOR`` or a
pipe shows the same chart; colour only adds to it. Pure functions of numbers to glyphs or levels.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

SHADES = "░▒▓█"
"""Four levels of density: a heatmap's levels 1-4, and the four card states in a bar."""
NONE = "·"
"""A day without a grade in the calendar (days not yet come are blank)."""
EIGHTHS = " ▁▂▃▄▅▆▇█"
BLOCKS = " ▏▎▍▌▋▊▉█"
"""A horizontal bar's last cell, in eighths."""
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def split_width(values: list[int], width: int) -> list[int]:
    """Cells for each value in a bar of ``width`` cells, proportional (largest remainders rounded up), each
    non-zero value at least one cell while the bar has room. Sums to ``width`` (0 when all values are 0)."""
    total = sum(values)
    if total <= 0 or width <= 0:
        return [0] * len(values)
    exact = [v * width / total for v in values]
    cells = [math.floor(x) for x in exact]
    for i in sorted(range(len(values)), key=lambda i: exact[i] - cells[i], reverse=True)[: width - sum(cells)]:
        cells[i] += 1
    for i, v in enumerate(values):  # a non-zero value too small for a cell takes one from the widest
        if v and not cells[i]:
            widest = max(range(len(cells)), key=cells.__getitem__)
            if cells[widest] > 1:
                cells[widest] -= 1
                cells[i] = 1
    return cells


def share_bar(share: float, width: int) -> str:
    """A bar ``width`` cells wide filled to ``share`` (0..1) in eighths of a cell, the rest ``░``."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (BLOCKS[part] if part else "")
    return bar + "░" * (width - len(bar))


PART = "▒"
"""A cell of a column that is mostly the part stacked on top (cram time on the time chart)."""


def columns(values: list[float], height: int, parts: list[float] | None = None) -> list[str]:
    """A column chart, one character per value, ``height`` rows (top row first) of eighth blocks, scaled to
    the largest value; a non-zero value shows at least an eighth. ``parts``: the share of each value stacked
    on top, in whole cells: a cell shows :data:`PART` when more of it is the part than the rest."""
    top = max(values, default=0)

    def units(v: float) -> int:
        return 0 if v <= 0 or top <= 0 else max(1, round(v / top * height * 8))

    totals = [units(v) for v in values]
    lowers = totals if parts is None else [min(t, units(v - p)) for t, v, p in zip(totals, values, parts)]
    rows = []
    for row in range(height - 1, -1, -1):
        cells = []
        for total, lower in zip(totals, lowers):
            t, low = (max(0, min(8, u - row * 8)) for u in (total, lower))
            cells.append(PART if t - low > low else EIGHTHS[low])
        rows.append("".join(cells))
    return rows


def heat_level(n: int, top: int) -> int:
    """A day's level: 0 without grades, else 1-4 by quarters of the busiest day (``top``)."""
    if n <= 0 or top <= 0:
        return 0
    return min(4, math.ceil(4 * n / top))


def heat_ranges(top: int) -> list[tuple[int, int, int]]:
    """``(level, lowest, highest)`` grades of each level 1-4 that some day count can have."""
    out = []
    for level in range(1, 5):
        low, high = math.floor((level - 1) * top / 4) + 1, math.floor(level * top / 4)
        if low <= high:
            out.append((level, low, high))
    return out


def calendar(grades: dict[date, int], first: date, today: date) -> list[list[int]]:
    """Seven rows (Monday first) of one column per week from ``first`` (a Monday) to today's week: each day's
    :func:`heat_level`, -1 for the days after today."""
    top = max(grades.values(), default=0)
    weeks = (today - first).days // 7 + 1
    rows = []
    for weekday in range(7):
        row = []
        for week in range(weeks):
            day = first + timedelta(weeks=week, days=weekday)
            row.append(-1 if day > today else heat_level(grades.get(day, 0), top))
        rows.append(row)
    return rows


def month_labels(first: date, weeks: int) -> str:
    """A line with each month's short name over the week column that holds the month's first day; the first
    column names its own month when that leaves room for the next name."""
    starts = []
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        first_of_month = next((monday + timedelta(days=d) for d in range(7) if (monday + timedelta(days=d)).day == 1), None)
        if first_of_month is not None:
            starts.append((week, first_of_month.strftime("%b")))
    if not starts or starts[0][0] >= 4:
        starts.insert(0, (0, first.strftime("%b")))
    line = ""
    for week, name in starts:
        if (not line or len(line) < week) and week + len(name) <= weeks:
            line = line.ljust(week) + name
    return line
