"""Retention: the share of scheduled reviews graded 3 or more, for young and mature cards, over the last 7 and
30 days, in all and per domain and level — so a weak domain shows; and the same share of cram grades."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Literal

from srs.sm2 import PASS
from srs.scales import LEVELS
from srs.stats.states import MATURE_DAYS

PERIODS = (7, 30)
Age = Literal["young", "mature", "all"]
AGES: tuple[Age, ...] = ("young", "mature", "all")
Group = Literal["all", "domain", "level"]
WEAKEST_MIN_REVIEWS = 4
"""A domain or level needs this many reviews in 30 days to be called the weakest."""


@dataclass(frozen=True)
class ReviewRow:
    """Grades of one kind given to cards of one domain and level, on one day, from one interval, with one
    grade."""

    domain: str | None
    level: str | None
    day: date
    interval_before: int
    quality: int
    reviews: int
    kind: str = "review"


@dataclass(frozen=True)
class Tally:
    passed: int = 0
    reviews: int = 0

    @property
    def rate(self) -> float | None:
        """The share passed, None without reviews."""
        return self.passed / self.reviews if self.reviews else None


@dataclass
class RetentionLine:
    """One row of the retention table: all cards, one domain or one level."""

    group: Group
    name: str | None
    tallies: dict[tuple[int, Age], Tally] = field(default_factory=dict)

    def tally(self, days: int, age: Age) -> Tally:
        return self.tallies.get((days, age), Tally())


def retention(rows: Iterable[ReviewRow], today: date) -> list[RetentionLine]:
    """The line for all cards, then one per domain (by name, none last), then per level (entry … expert, none)."""
    tallies: dict[tuple[Group, str | None], dict[tuple[int, Age], list[int]]] = {}
    for r in rows:
        ago = (today - r.day).days
        age: Age = "mature" if r.interval_before >= MATURE_DAYS else "young"
        passed = r.reviews if r.quality >= PASS else 0
        for line in (("all", None), ("domain", r.domain), ("level", r.level)):
            cells = tallies.setdefault(line, {})
            for days in PERIODS:
                if 0 <= ago < days:
                    for cell in ((days, age), (days, "all")):
                        tally = cells.setdefault(cell, [0, 0])
                        tally[0] += passed
                        tally[1] += r.reviews
    lines = {key: RetentionLine(*key, {cell: Tally(*t) for cell, t in cells.items()}) for key, cells in tallies.items()}
    order = {name: n for n, name in enumerate(LEVELS)}
    return [lines.get(("all", None), RetentionLine("all", None)),
            *(lines[k] for k in sorted((k for k in lines if k[0] == "domain"), key=lambda k: (k[1] is None, k[1] or ""))),
            *(lines[k] for k in sorted((k for k in lines if k[0] == "level"),
                                       key=lambda k: (k[1] is None, order.get(k[1] or "", len(LEVELS)))))]


def cram_rates(rows: Iterable[ReviewRow], today: date) -> list[RetentionLine]:
    """Cram grades graded 3 or more over the last 7 and 30 days: the line for all cards, then one per domain
    that has cram grades. The tallies of :func:`retention`, of which only the ``all`` age is meant: a cram
    grade comes at no interval the schedule chose."""
    return [line for line in retention(rows, today) if line.group != "level"]


def weakest(lines: list[RetentionLine], group: Group, days: int = 30) -> RetentionLine | None:
    """The domain (or level) with the lowest retention over ``days`` days, among those with at least
    :data:`WEAKEST_MIN_REVIEWS` reviews and more than one such, when it is below the best of them (when all
    are equal none is weaker); None otherwise."""
    candidates = [ln for ln in lines if ln.group == group and ln.tally(days, "all").reviews >= WEAKEST_MIN_REVIEWS]
    if len(candidates) < 2:
        return None
    low = min(candidates, key=lambda ln: (ln.tally(days, "all").rate, ln.name or ""))
    best = max(ln.tally(days, "all").rate for ln in candidates)
    return low if low.tally(days, "all").rate < best else None
