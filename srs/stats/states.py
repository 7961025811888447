"""Cards by state (new / learning / young / mature / suspended), in all and per deck, level and domain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

from srs.scales import LEVELS

CardState = Literal["new", "learning", "young", "mature", "suspended"]
STATES: tuple[CardState, ...] = ("new", "learning", "young", "mature", "suspended")
MATURE_DAYS = 21
"""A card whose interval is this many days or more is mature, as in Anki."""


def card_state(reps: int | None, interval: int | None, suspended: bool = False) -> CardState:
    """``suspended``: out of every queue (``srs suspend``), whatever its schedule, as Anki counts it; else
    ``new``: never graded, or reset (no state; a cram grade makes none); ``learning``: graded but not recalled
    since it was first seen or last forgotten (SM-2's repetition count is 0); then ``young`` below
    :data:`MATURE_DAYS`, else ``mature``."""
    if suspended:
        return "suspended"
    if reps is None:
        return "new"
    if reps == 0:
        return "learning"
    return "mature" if (interval or 0) >= MATURE_DAYS else "young"


@dataclass(frozen=True)
class GroupRow:
    """The cards of one (deck, level, domain)."""

    deck: str
    level: str | None
    domain: str | None
    cards: int


@dataclass(frozen=True)
class StateRow:
    """Reviewed or suspended cards of one (deck, level, domain) with one SM-2 repetition count and interval
    (None: never reviewed, or reset) and suspended or not."""

    deck: str
    level: str | None
    domain: str | None
    reps: int | None
    interval: int | None
    cards: int
    suspended: bool = False


@dataclass(frozen=True)
class Counts:
    """Cards in each state."""

    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0

    @property
    def cards(self) -> int:
        return self.new + self.learning + self.young + self.mature + self.suspended

    def get(self, state: CardState) -> int:
        return getattr(self, state)


@dataclass(frozen=True)
class CardStates:
    total: Counts
    by_deck: list[tuple[str, Counts]]
    by_level: list[tuple[str | None, Counts]]
    by_domain: list[tuple[str | None, Counts]]


def card_states(groups: Iterable[GroupRow], reviewed: Iterable[StateRow], deck_order: list[str]) -> CardStates:
    """Count cards by state: all, per deck (in ``deck_order``, others after by name), per level (entry … expert,
    then none) and per domain (by name, then none). A group's cards without a reviewed (or suspended) row are
    new."""
    index = {state: n for n, state in enumerate(STATES)}
    counts: dict[tuple[str, object], list[int]] = {}

    def add(row: GroupRow | StateRow, at: int, n: int) -> None:
        for key in (("all", None), ("deck", row.deck), ("level", row.level), ("domain", row.domain)):
            tally = counts.get(key)
            if tally is None:
                tally = counts[key] = [0] * len(STATES)
            tally[at] += n

    for g in groups:
        add(g, index["new"], g.cards)
    for r in reviewed:
        add(r, index[card_state(r.reps, r.interval, r.suspended)], r.cards)
        add(r, index["new"], -r.cards)

    def of(group: str, key) -> list:
        return sorted(((name, Counts(*c)) for (g, name), c in counts.items() if g == group), key=lambda kv: key(kv[0]))

    decks = {name: n for n, name in enumerate(deck_order)}
    levels = {name: n for n, name in enumerate(LEVELS)}
    return CardStates(
        Counts(*counts.get(("all", None), [0] * len(STATES))),
        of("deck", lambda d: (decks.get(d, len(decks)), d)),
        of("level", lambda v: (v is None, levels.get(v or "", len(LEVELS)), v or "")),
        of("domain", lambda v: (v is None, v or "")),
    )
