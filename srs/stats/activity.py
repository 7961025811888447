"""Grades per study day: the year's calendar, the streak, the kinds of grade, and the time spent per day.

Every kind of grade counts here, cram grades too: a day with only a cram session is a study day of the
calendar and the streak; the time of cram grades is kept apart within each day's time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

CALENDAR_WEEKS = 53
TIME_DAYS = 30


@dataclass(frozen=True)
class DayRow:
    """Grades of one kind given on one study day."""

    day: date
    kind: str
    grades: int


@dataclass(frozen=True)
class Activity:
    today: date
    first: date
    """The calendar's first day: the Monday :data:`CALENDAR_WEEKS` weeks back, counting today's week."""
    grades: dict[date, int]
    """Grades per study day from ``first`` to ``today`` (days without any left out)."""
    by_kind: dict[str, int]
    """Grades per kind from ``first`` to ``today``."""
    seconds: dict[date, float]
    """Seconds spent per study day over the last :data:`TIME_DAYS` days."""
    cram_seconds: dict[date, float]
    """Of those, the seconds spent in cram sessions."""
    current_streak: int
    longest_streak: int

    @property
    def total(self) -> int:
        return sum(self.grades.values())

    @property
    def days_studied(self) -> int:
        return len(self.grades)

    @property
    def calendar_days(self) -> int:
        return (self.today - self.first).days + 1

    def time_per_day(self) -> list[tuple[date, float, float]]:
        """``(day, seconds, of which cram)`` for each of the last :data:`TIME_DAYS` study days, today last."""
        first = time_window(self.today)
        return [(d, self.seconds.get(d, 0.0), self.cram_seconds.get(d, 0.0))
                for d in (first + timedelta(days=n) for n in range(TIME_DAYS))]


def calendar_first(today: date, weeks: int = CALENDAR_WEEKS) -> date:
    """The Monday ``weeks - 1`` weeks before the Monday of today's week."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """``(current, longest)``: study days in a row with a grade. The current streak ends today, or yesterday
    while today has none yet (the day is not over); days after today are not counted."""
    studied = sorted({d for d in days if d <= today})
    longest = run = 0
    previous: date | None = None
    for d in studied:
        run = run + 1 if previous is not None and (d - previous).days == 1 else 1
        longest = max(longest, run)
        previous = d
    if previous is None or (today - previous).days > 1:
        return 0, longest
    return run, longest


def time_window(today: date, days: int = TIME_DAYS) -> date:
    """The first day of the last ``days`` study days."""
    return today - timedelta(days=days - 1)


def activity(rows: Iterable[DayRow], seconds: Iterable[tuple[date, float, float]], today: date,
             weeks: int = CALENDAR_WEEKS) -> Activity:
    """The calendar window's grades per day and per kind, the streaks (over all the rows, every kind), and the
    seconds per day of the last :data:`TIME_DAYS` days (from ``(day, seconds, cram seconds)`` rows)."""
    first = calendar_first(today, weeks)
    grades: dict[date, int] = {}
    by_kind: dict[str, int] = {}
    studied: set[date] = set()
    for r in rows:
        if r.grades:
            studied.add(r.day)
        if not first <= r.day <= today:
            continue
        grades[r.day] = grades.get(r.day, 0) + r.grades
        by_kind[r.kind] = by_kind.get(r.kind, 0) + r.grades
    current, longest = streaks(studied, today)
    spent = [row for row in seconds if time_window(today) <= row[0] <= today]
    return Activity(today, first, dict(sorted(grades.items())), by_kind, {day: s for day, s, _ in spent},
                    {day: c for day, _, c in spent if c}, current, longest)
