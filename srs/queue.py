"""Today's queue: what a review session shows, and in which order.

* due cards first, most overdue first, up to ``reviews_per_day`` minus the
  reviews already done this study day;
* then new cards, in source order within each deck (random with ``shuffle``),
  up to ``new_per_day`` minus the new cards already started today;
* step-7 repeats (cards graded below 4 today) come back after those;
* buried (skipped) cards stay out until the study day their burial ends.

Only the cards needed are read from the index: with no filter, the first due
card costs one indexed query, whatever the size of the decks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Iterable, Iterator

from srs.config import ReviewConfig
from srs.filters import CardFilter
from srs.store import CardRow, Store


def _matching(rows: Iterable[CardRow], flt: CardFilter) -> Iterator[CardRow]:
    if flt.is_empty:
        return iter(rows)
    return (r for r in rows if flt.matches(r, r.deck))  # type: ignore[arg-type]


@dataclass
class Queue:
    """The cards left to show: due, new, and step-7 repeats."""

    due: list[CardRow] = field(default_factory=list)
    new: list[CardRow] = field(default_factory=list)
    repeats: list[CardRow] = field(default_factory=list)
    new_room: int = 0
    """New cards today's limit still allowed when the queue was built."""
    review_room: int = 0
    """Due cards today's limit still allowed when the queue was built."""

    def __len__(self) -> int:
        return len(self.due) + len(self.new) + len(self.repeats)

    def counts(self) -> tuple[int, int, int]:
        """(new, due, repeats) left."""
        return len(self.new), len(self.due), len(self.repeats)

    def peek(self) -> tuple[str, CardRow] | None:
        """The next card and the list it comes from (``due``, ``new`` or ``repeats``)."""
        for name in ("due", "new", "repeats"):
            items = getattr(self, name)
            if items:
                return name, items[0]
        return None

    def remove(self, card_id: str) -> None:
        for items in (self.due, self.new, self.repeats):
            items[:] = [c for c in items if c.id != card_id]

    def push_front(self, name: str, card: CardRow) -> None:
        self.remove(card.id)
        getattr(self, name).insert(0, card)

    def add_repeat(self, card: CardRow) -> None:
        self.remove(card.id)
        self.repeats.append(card)


def build_queue(store: Store, flt: CardFilter, config: ReviewConfig, today: date, *, shuffle: bool = False) -> Queue:
    """Today's queue for the cards the filter selects."""
    done = store.done_today(today)
    review_room = max(0, config.reviews_per_day - len(set(done["review"])))
    new_room = max(0, config.new_per_day - len(set(done["new"])))
    repeats = list(_matching(store.repeats_pending(today), flt))
    skip = {c.id for c in repeats}
    due = [c for c in islice((c for c in _matching(store.iter_due(today), flt) if c.id not in skip), review_room)]
    new = list(islice(_matching(store.iter_new(today, shuffle=shuffle), flt), new_room))
    return Queue(due=due, new=new, repeats=repeats, new_room=new_room, review_room=review_room)


def take_next(queue: Queue, store: Store, flt: CardFilter, today: date, name: str, *, shuffle: bool = False) -> CardRow | None:
    """After a skip from the list ``name`` (``new`` or ``due``): the next card of that list, which a daily limit
    kept out, takes the skipped card's place, as the next session would let it in (a skip uses up no limit).
    Returns it (appended to the list), or None when no other card waits."""
    rows = {"new": lambda: store.iter_new(today, shuffle=shuffle), "due": lambda: store.iter_due(today)}.get(name)
    if rows is None:
        return None
    queued = {c.id for c in (*queue.due, *queue.new, *queue.repeats)}
    card = next((c for c in _matching(rows(), flt) if c.id not in queued), None)
    if card is not None:
        getattr(queue, name).append(card)
    return card


@dataclass(frozen=True)
class Outlook:
    """What waits beyond today's queue: the next due day and the new cards left."""

    next_due: date | None
    new_waiting: int
    """Matching cards never reviewed (including those still in today's queue and buried ones)."""
    buried: int
    due_now: int = 0
    """Matching cards due today or earlier (not buried), whether or not today's limit lets them in."""


def outlook(store: Store, flt: CardFilter, today: date) -> Outlook:
    """When the next card (matching the filter) is due, and how many new ones wait."""
    next_due = next((d for d, c in store.iter_later(today) if flt.is_empty or flt.matches(c, c.deck)), None)  # type: ignore[arg-type]
    if flt.is_empty:
        new_waiting = store.conn.execute(
            "SELECT count(*) FROM cards c WHERE c.present = 1 AND NOT EXISTS (SELECT 1 FROM state s WHERE s.card_id = c.id)"
        ).fetchone()[0]
    else:
        new_waiting = sum(1 for _ in _matching(store.iter_new(None), flt))
    buried = sum(1 for _ in _matching(store.iter_buried(today), flt))
    due_now = sum(1 for _ in _matching(store.iter_due(today), flt))
    return Outlook(next_due, new_waiting, buried, due_now)
