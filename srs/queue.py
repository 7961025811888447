"""Today's queue: what a review session shows, and in which order.

* due cards first, most overdue first, up to ``reviews_per_day`` minus the
  reviews already done this study day;
* then new cards, in source order within each deck (random with ``shuffle``),
  up to ``new_per_day`` minus the new cards already started today;
* step-7 repeats (cards graded below 4 today) come back after those;
* with ``ahead``, then cards not due yet, soonest first (``srs review --ahead``);
* buried (skipped) cards stay out until the study day their burial ends, suspended ones until unsuspended;
* with a date (:mod:`srs.plan`): new cards at the plan's pace, and cards due for their final review.

``srs cram`` has its own queue (:func:`build_cram`): the selected cards, in the order asked for.

Only the cards needed are read from the index: with no filter, the first due
card costs one indexed query, whatever the size of the decks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Iterable, Iterator, Literal

from srs.clock import day_start_utc, iso_utc
from srs.config import ReviewConfig
from srs.filters import CardFilter
from srs.overlay import Overlay
from srs.plan import DatePlan
from srs.store import CardRow, Store

ListName = Literal["due", "new", "cram", "repeats", "ahead"]
ORDER: tuple[ListName, ...] = ("due", "new", "cram", "repeats", "ahead")
"""The queue's lists, in the order they are shown."""
CramOrder = Literal["random", "source", "weakest"]


@dataclass(frozen=True)
class Selection:
    """The cards a session works on: those the filter matches, read with the overlay's text (so
    ``--search`` finds words of an answer the user wrote)."""

    flt: CardFilter = field(default_factory=CardFilter)
    overlay: Overlay = field(default_factory=Overlay)

    def pick(self, rows: Iterable[CardRow]) -> Iterator[CardRow]:
        if self.overlay:
            rows = map(self.overlay.apply, rows)
        if self.flt.is_empty:
            return iter(rows)
        return (r for r in rows if self.flt.matches(r, r.deck))  # type: ignore[arg-type]


def _selection(flt: CardFilter | Selection) -> Selection:
    return flt if isinstance(flt, Selection) else Selection(flt)


@dataclass
class Queue:
    """The cards left to show: due, new, and step-7 repeats."""

    due: list[CardRow] = field(default_factory=list)
    new: list[CardRow] = field(default_factory=list)
    repeats: list[CardRow] = field(default_factory=list)
    ahead: list[CardRow] = field(default_factory=list)
    cram: list[CardRow] = field(default_factory=list)
    new_room: int = 0
    """New cards today's limit still allowed when the queue was built."""
    review_room: int = 0
    """Due cards today's limit still allowed when the queue was built."""

    new_limit: int | None = None
    """Today's new-card limit when a date set it (:meth:`srs.plan.DatePlan.new_pace`), else None."""
    final: frozenset[str] = frozenset()
    """Ids of the due cards that are there for their final review before the date."""

    def __len__(self) -> int:
        return sum(len(getattr(self, name)) for name in ORDER)

    def counts(self) -> tuple[int, int, int]:
        """(new, due, repeats) left."""
        return len(self.new), len(self.due), len(self.repeats)

    def peek(self) -> tuple[ListName, CardRow] | None:
        """The next card and the list it comes from."""
        for name in ORDER:
            items = getattr(self, name)
            if items:
                return name, items[0]
        return None

    def remove(self, card_id: str) -> None:
        for name in ORDER:
            items = getattr(self, name)
            items[:] = [c for c in items if c.id != card_id]

    def push_front(self, name: str, card: CardRow) -> None:
        self.remove(card.id)
        getattr(self, name).insert(0, card)

    def add_repeat(self, card: CardRow) -> None:
        self.remove(card.id)
        self.repeats.append(card)


def build_queue(store: Store, flt: CardFilter | Selection, config: ReviewConfig, today: date, *, shuffle: bool = False,
                plan: DatePlan | None = None, plan_pace: bool = True, ahead: bool = False) -> Queue:
    """Today's queue for the selected cards. ``plan``: cards come back for their final review before the date,
    and (``plan_pace``, false when ``--new`` was given) the date's new-card pace replaces ``new_per_day``;
    ``ahead``: then the cards not due yet, soonest first, up to ``reviews_per_day`` of them."""
    sel = _selection(flt)
    done = store.done_today(today)
    review_room = max(0, config.reviews_per_day - len(set(done["review"])))
    new_limit = None
    if plan is not None and plan.active(today) and plan_pace:
        new_limit = plan.new_pace(today, count_new(store, sel) + _count_picked(store, sel, set(done["new"])))
    new_room = max(0, (config.new_per_day if new_limit is None else new_limit) - len(set(done["new"])))
    repeats = list(sel.pick(store.repeats_pending(today)))
    skip = {c.id for c in repeats}
    due = [c for c in islice((c for c in sel.pick(store.iter_due(today)) if c.id not in skip), review_room)]
    final: list[CardRow] = []
    if plan is not None and plan.in_final_days(today) and len(due) < review_room:
        skip |= {c.id for c in due}
        before = iso_utc(day_start_utc(plan.final_start, config.day_start_hour))
        final = [c for c in islice((c for c in sel.pick(store.iter_final(today, before, plan.date))
                                    if c.id not in skip and plan.final_day(c.id) <= today), review_room - len(due))]
    new = list(islice(sel.pick(store.iter_new(today, shuffle=shuffle)), new_room))
    later: list[CardRow] = []
    if ahead:
        skip |= {c.id for c in due + final}
        started = iso_utc(day_start_utc(today, config.day_start_hour))  # a card reviewed today is not studied ahead
        later = list(islice((c for _, c in _picked_later(store, sel, today, started) if c.id not in skip),
                            config.reviews_per_day))
    return Queue(due=due + final, new=new, repeats=repeats, ahead=later, new_room=new_room, review_room=review_room,
                 new_limit=new_limit, final=frozenset(c.id for c in final))


def build_cram(store: Store, flt: CardFilter | Selection, order: CramOrder = "random", limit: int | None = None,
               *, seed: int | None = None) -> Queue:
    """The cards ``srs cram`` drills: every selected card that is present and not suspended (new, due or
    not), at most ``limit``, in ``order``: random, source order, or weakest first (most lapses, then lowest
    E-Factor; cards never reviewed after the reviewed ones)."""
    cards = list(_selection(flt).pick(store.iter_present()))
    if order == "random":
        random.Random(seed).shuffle(cards)
    elif order == "weakest":
        states = store.states([c.id for c in cards])
        never = (1, 0, 0)

        def weakness(card: CardRow) -> tuple[int, int, int]:
            st = states.get(card.id)
            return never if st is None else (0, -st.sm2.lapses, st.sm2.ef)

        cards.sort(key=weakness)
    return Queue(cram=cards[:limit] if limit is not None else cards)


def count_new(store: Store, sel: Selection) -> int:
    """Selected cards never reviewed (buried ones included, suspended ones not)."""
    if sel.flt.is_empty:
        return store.count_new()
    return sum(1 for _ in sel.pick(store.iter_new(None)))


def _count_picked(store: Store, sel: Selection, card_ids: set[str]) -> int:
    """How many of these cards the selection picks."""
    return sum(1 for _ in sel.pick(store.present_cards(card_ids))) if card_ids else 0


def _picked_later(store: Store, sel: Selection, today: date, reviewed_before: str | None = None
                  ) -> Iterator[tuple[date, CardRow]]:
    """``store.iter_later`` for the selected cards, with the overlay's text."""
    for day, row in store.iter_later(today, reviewed_before=reviewed_before):
        for card in sel.pick((row,)):
            yield day, card


def take_next(queue: Queue, store: Store, flt: CardFilter | Selection, today: date, name: ListName, *,
              shuffle: bool = False) -> CardRow | None:
    """After a skip from the list ``name`` (``new`` or ``due``): the next card of that list, which a daily limit
    kept out, takes the skipped card's place, as the next session would let it in (a skip uses up no limit).
    Returns it (appended to the list), or None when no other card waits (or the list has no limit: cram, ahead)."""
    rows = {"new": lambda: store.iter_new(today, shuffle=shuffle), "due": lambda: store.iter_due(today)}.get(name)
    if rows is None:
        return None
    queued = {c.id for n in ORDER for c in getattr(queue, n)}
    card = next((c for c in _selection(flt).pick(rows()) if c.id not in queued), None)
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
    next_due_count: int = 0
    """Matching cards due on ``next_due``."""
    flagged: int = 0
    """Matching cards flagged for attention."""


def outlook(store: Store, flt: CardFilter | Selection, today: date) -> Outlook:
    """When the next card (matching the filter) is due and how many are due then, how many new ones wait."""
    sel = _selection(flt)
    next_due, next_count = None, 0
    for day, _ in _picked_later(store, sel, today):
        if next_due is not None and day != next_due:
            break
        next_due, next_count = day, next_count + 1
    new_waiting = count_new(store, sel)
    buried = sum(1 for _ in sel.pick(store.iter_buried(today)))
    due_now = sum(1 for _ in sel.pick(store.iter_due(today)))
    flagged = _count_picked(store, sel, set(store.flagged()))
    return Outlook(next_due, new_waiting, buried, due_now, next_count, flagged)
