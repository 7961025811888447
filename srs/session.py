"""A review session, independent of any screen: the queue, grading, undo, skip, summary.

Both the terminal UI and the plain (piped) mode drive a :class:`Session`:
``current()`` is the card to show, ``grade(q)`` commits a grade to the
database before anything else is shown, ``skip()`` buries the card until the
next study day, ``undo()`` takes back the last grade or skip of this session.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable

from srs import clock, sm2
from srs.config import ReviewConfig
from srs.filters import CardFilter
from srs.queue import Outlook, Queue, build_queue, outlook, take_next
from srs.store import CardRow, CardState, Graded, Store


@dataclass(frozen=True)
class Current:
    """The card on screen and what grading it would do."""

    card: CardRow
    source: str  # "due", "new" or "repeats"
    state: CardState | None
    intervals: dict[int, int] | None  # grade -> interval in days; None for a step-7 repeat

    @property
    def is_repeat(self) -> bool:
        return self.intervals is None


@dataclass
class Summary:
    reviewed: int = 0
    correct: int = 0
    repeats: int = 0
    skipped: int = 0
    seconds: float = 0.0
    outlook: Outlook | None = None


@dataclass
class _Action:
    kind: str  # "grade" or "skip"
    card: CardRow
    source: str
    graded: Graded | None = None
    taken: CardRow | None = None  # the card a skip let in in its place (:func:`srs.queue.take_next`)


@dataclass
class Session:
    store: Store
    card_filter: CardFilter
    config: ReviewConfig
    shuffle: bool = False
    now: Callable[[], datetime] = clock.now
    queue: Queue = field(init=False)
    today: date = field(init=False)

    def __post_init__(self) -> None:
        self.started_at = self.now()
        self._t0 = time.monotonic()
        self.today = clock.study_day(self.started_at, self.config.day_start_hour)
        self.day_started = clock.day_start_utc(self.today, self.config.day_start_hour)
        self.queue = build_queue(self.store, self.card_filter, self.config, self.today, shuffle=self.shuffle)
        self._undo: list[_Action] = []
        self._shown_at: float | None = None
        self._current: Current | None = None
        self.summary = Summary()

    # -- what to show --------------------------------------------------------

    def current(self) -> Current | None:
        """The card to show now (None when the queue is empty). Starts its timer."""
        head = self.queue.peek()
        if head is None:
            self._current = None
            return None
        source, card = head
        if self._current is None or self._current.card.id != card.id:
            state = self.store.state(card.id)
            repeat = state is not None and state.last_review >= clock.iso_utc(self.day_started)
            intervals = None if repeat else sm2.preview(state.sm2 if state else sm2.NEW, self.config.max_interval)
            self._current = Current(card, source, state, intervals)
            self._shown_at = time.monotonic()
        return self._current

    def counts(self) -> tuple[int, int, int]:
        """(new, due, repeats) left, as the header shows them."""
        return self.queue.counts()

    # -- actions -----------------------------------------------------------

    def grade(self, quality: int) -> Graded:
        """Commit a grade for the current card (its own transaction) and move on."""
        cur = self._require_current()
        seconds = time.monotonic() - (self._shown_at or time.monotonic())
        graded = self.store.grade(
            cur.card.id, quality, at=self.now(), today=self.today, seconds=seconds,
            max_interval=self.config.max_interval, day_started=self.day_started,
        )
        self.queue.remove(cur.card.id)
        if sm2.needs_repeat(quality):
            self.queue.add_repeat(cur.card)
        self._undo.append(_Action("grade", cur.card, cur.source, graded))
        if graded.kind == "repeat":
            self.summary.repeats += 1
        else:
            self.summary.reviewed += 1
            self.summary.correct += quality >= sm2.PASS
        self._current = None
        return graded

    def skip(self) -> date:
        """Bury the current card until the next study day; returns that day."""
        cur = self._require_current()
        until = self.today + timedelta(days=1)
        self.store.bury(cur.card.id, until)
        self.queue.remove(cur.card.id)
        taken = take_next(self.queue, self.store, self.card_filter, self.today, cur.source, shuffle=self.shuffle)
        self._undo.append(_Action("skip", cur.card, cur.source, taken=taken))
        self.summary.skipped += 1
        self._current = None
        return until

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> _Action | None:
        """Take back the last grade or skip of this session; its card is shown again."""
        if not self._undo:
            return None
        action = self._undo[-1]
        if action.kind == "grade":
            assert action.graded is not None
            self.store.undo(action.graded.review_id)
            if action.graded.kind == "repeat":
                self.summary.repeats -= 1
            else:
                self.summary.reviewed -= 1
                self.summary.correct -= action.graded.quality >= sm2.PASS
        else:
            self.store.unbury(action.card.id)
            if action.taken is not None:  # the card back, the one let in in its place out again
                self.queue.remove(action.taken.id)
            self.summary.skipped -= 1
        self._undo.pop()
        self.queue.push_front(action.source, action.card)
        self._current = None
        return action

    def finish(self) -> Summary:
        """The end-of-session summary (all grades are already saved)."""
        self.summary.seconds = time.monotonic() - self._t0
        self.summary.outlook = outlook(self.store, self.card_filter, self.today)
        return self.summary

    def saved_note(self) -> str:
        """For an error line: the grades of this session, each committed when given, are saved."""
        from srs.console import count

        n = self.summary.reviewed + self.summary.repeats
        return f" — your {count(n, 'grade')} so far {'is' if n == 1 else 'are'} saved" if n else ""

    def _require_current(self) -> Current:
        cur = self._current or self.current()
        if cur is None:
            raise LookupError("no card to act on: the queue is empty")
        return cur
