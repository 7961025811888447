"""The due forecast: how many cards fall due on each of the next days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

FORECAST_DAYS = 30


@dataclass(frozen=True)
class Forecast:
    today: date
    overdue: int
    """Cards due before today (counted in today's)."""
    due: list[int]
    """Cards due on each day from today on; today's count includes the overdue ones."""

    def days(self) -> list[tuple[date, int]]:
        return [(self.today + timedelta(days=n), count) for n, count in enumerate(self.due)]

    def within(self, days: int) -> int:
        """Cards due within ``days`` days, today (and the overdue) included."""
        return sum(self.due[:days])


def forecast(rows: Iterable[tuple[date, int]], today: date, days: int = FORECAST_DAYS) -> Forecast:
    """From ``(due day, cards)`` rows, the cards due on each of ``days`` days from today."""
    due = [0] * days
    overdue = 0
    for day, cards in rows:
        n = (day - today).days
        if n < 0:
            overdue += cards
        if n < days:
            due[max(0, n)] += cards
    return Forecast(today, overdue, due)
