"""A review session, independent of any screen: the queue, grading, undo, skip, suspend, summary.

Both the terminal UI and the plain (piped) mode drive a :class:`Session`:
``current()`` is the card to show, ``grade(q)`` commits a grade to the
database before anything else is shown, ``skip()`` buries the card until the
next study day, ``suspend()`` takes it out of every queue, ``toggle_flag()`` marks it,
``undo()`` takes back the last grade, skip or suspension of this session.

A ``cram`` session (``srs cram``) logs each grade as a cram review, which changes no card's
schedule; cards graded below 4 come back in the same session, as step 7 does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable, Literal

from srs import clock, sm2
from srs.config import ReviewConfig
from srs.filters import CardFilter
from srs.overlay import Origin
from srs.plan import DatePlan
from srs.queue import ListName, Outlook, Queue, Selection, build_queue, outlook, take_next
from srs.store import CardRow, CardState, Graded, Store

Mode = Literal["review", "cram"]


@dataclass(frozen=True)
class Current:
    """The card on screen and what grading it would do."""

    card: CardRow
    source: ListName
    state: CardState | None
    intervals: dict[int, int] | None  # grade -> interval in days; None for a step-7 repeat or a cram review
    cram: bool = False
    flagged: bool = False
    answer_from: Origin = "source"
    final: bool = False
    """Due for its final review before the date (:mod:`srs.plan`)."""

    @property
    def is_repeat(self) -> bool:
        return self.intervals is None and not self.cram


@dataclass
class Summary:
    reviewed: int = 0
    correct: int = 0
    repeats: int = 0
    skipped: int = 0
    suspended: int = 0
    seconds: float = 0.0
    outlook: Outlook | None = None
    no_answer: set[str] = field(default_factory=set)
    """Cards shown in this session that have no answer."""


@dataclass
class _Action:
    kind: Literal["grade", "skip", "suspend"]
    card: CardRow
    source: ListName
    graded: Graded | None = None
    taken: CardRow | None = None
    """The card a skip or suspension let in in its place (:func:`srs.queue.take_next`)."""


@dataclass
class Session:
    store: Store
    card_filter: CardFilter
    config: ReviewConfig
    shuffle: bool = False
    now: Callable[[], datetime] = clock.now
    selection: Selection | None = None
    """The filter with the overlay (default: the filter, no overlay)."""
    plan: DatePlan | None = None
    """The date studied toward, if any (it caps intervals; its pace applies when ``plan_pace``)."""
    plan_pace: bool = True
    """Whether the plan's new-card pace applies (not when ``--new`` was given for this run)."""
    ahead: bool = False
    mode: Mode = "review"
    queue: Queue | None = None
    """A queue built beforehand (``srs cram``); by default today's review queue is built."""
    today: date = field(init=False)

    def __post_init__(self) -> None:
        self.started_at = self.now()
        self._t0 = time.monotonic()
        self.today = clock.study_day(self.started_at, self.config.day_start_hour)
        self.day_started = clock.day_start_utc(self.today, self.config.day_start_hour)
        if self.selection is None:
            self.selection = Selection(self.card_filter)
        if self.plan is not None and not self.plan.active(self.today):
            self.plan = None
        if self.queue is None:  # a review session: today's queue
            self.queue = build_queue(self.store, self.selection, self.config, self.today, shuffle=self.shuffle,
                                     plan=self.plan, plan_pace=self.plan_pace, ahead=self.ahead)
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
            cram = self.mode == "cram"
            repeat = state is not None and state.last_review >= clock.iso_utc(self.day_started)
            intervals = None if repeat or cram else sm2.preview(state.sm2 if state else sm2.NEW, self.max_interval(card.id))
            assert self.selection is not None
            text = self.selection.overlay.text(card)
            self._current = Current(card, source, state, intervals, cram=cram, flagged=card.id in self.store.flagged(),
                                    answer_from=text.answer_from, final=card.id in self.queue.final)
            if not text.has_answer:
                self.summary.no_answer.add(card.id)
            self._shown_at = time.monotonic()
        return self._current

    def max_interval(self, card_id: str) -> int:
        """The longest interval a review of this card may give today: the config's, capped by the date's plan."""
        if self.plan is None:
            return self.config.max_interval
        return self.plan.max_interval(card_id, self.today, self.config.max_interval)

    def counts(self) -> tuple[int, int, int]:
        """(new, due, repeats) left, as the header shows them."""
        return self.queue.counts()

    # -- actions -----------------------------------------------------------

    def grade(self, quality: int) -> Graded:
        """Commit a grade for the current card (its own transaction) and move on."""
        cur = self._require_current()
        seconds = time.monotonic() - (self._shown_at or time.monotonic())
        if self.mode == "cram":
            graded = self.store.cram(cur.card.id, quality, at=self.now(), today=self.today, seconds=seconds)
        else:
            graded = self.store.grade(
                cur.card.id, quality, at=self.now(), today=self.today, seconds=seconds,
                max_interval=self.max_interval(cur.card.id), day_started=self.day_started,
            )
        self.queue.remove(cur.card.id)
        if sm2.needs_repeat(quality):
            self.queue.add_repeat(cur.card)
        self._undo.append(_Action("grade", cur.card, cur.source, graded))
        if graded.kind == "repeat" or (graded.kind == "cram" and cur.source == "repeats"):
            self.summary.repeats += 1
        else:
            self.summary.reviewed += 1
            self.summary.correct += quality >= sm2.PASS
        self._current = None
        return graded

    def skip(self) -> date | None:
        """Bury the current card until the next study day; returns that day. In a cram session the card
        only leaves this session (None)."""
        cur = self._require_current()
        until = None if self.mode == "cram" else self.today + timedelta(days=1)
        if until is not None:
            self.store.bury(cur.card.id, until)
        self.queue.remove(cur.card.id)
        self._undo.append(_Action("skip", cur.card, cur.source, taken=self._take_next(cur.source)))
        self.summary.skipped += 1
        self._current = None
        return until

    def suspend(self) -> None:
        """Suspend the current card: out of every queue until ``srs unsuspend``; its schedule is kept."""
        cur = self._require_current()
        self.store.suspend([cur.card.id], self.now())
        self.queue.remove(cur.card.id)
        self._undo.append(_Action("suspend", cur.card, cur.source, taken=self._take_next(cur.source)))
        self.summary.suspended += 1
        self._current = None

    def toggle_flag(self) -> bool:
        """Flag the current card for attention, or take its flag off; returns whether it is flagged now."""
        cur = self._require_current()
        on = not cur.flagged
        self.store.set_flag(cur.card.id, on, self.now())
        self._current = Current(cur.card, cur.source, cur.state, cur.intervals, cram=cur.cram, flagged=on,
                                answer_from=cur.answer_from, final=cur.final)
        return on

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> _Action | None:
        """Take back the last grade, skip or suspension of this session; its card is shown again."""
        if not self._undo:
            return None
        action = self._undo[-1]
        if action.kind == "grade":
            assert action.graded is not None
            self.store.undo(action.graded.review_id)
            if action.graded.kind == "repeat" or (action.graded.kind == "cram" and action.source == "repeats"):
                self.summary.repeats -= 1
            else:
                self.summary.reviewed -= 1
                self.summary.correct -= action.graded.quality >= sm2.PASS
        elif action.kind == "suspend":
            self.store.unsuspend([action.card.id])
            self.summary.suspended -= 1
        else:
            if self.mode != "cram":
                self.store.unbury(action.card.id)
            self.summary.skipped -= 1
        if action.taken is not None:  # the card back, the one let in in its place out again
            self.queue.remove(action.taken.id)
        self._undo.pop()
        self.queue.push_front(action.source, action.card)
        self._current = None
        return action

    def finish(self) -> Summary:
        """The end-of-session summary (all grades are already saved)."""
        self.summary.seconds = time.monotonic() - self._t0
        assert self.selection is not None
        self.summary.outlook = outlook(self.store, self.selection, self.today)
        return self.summary

    def saved_note(self) -> str:
        """For an error line: the grades of this session, each committed when given, are saved."""
        from srs.console import count

        n = self.summary.reviewed + self.summary.repeats
        return f" — your {count(n, 'grade')} so far {'is' if n == 1 else 'are'} saved" if n else ""

    def _take_next(self, source: ListName) -> CardRow | None:
        """A card a skip or suspension took out of today's queue uses up no daily limit: the next one the limit
        kept out takes its place (:func:`srs.queue.take_next`), as the next session would let it in."""
        assert self.selection is not None and self.queue is not None
        return take_next(self.queue, self.store, self.selection, self.today, source, shuffle=self.shuffle)

    def _require_current(self) -> Current:
        cur = self._current or self.current()
        if cur is None:
            raise LookupError("no card to act on: the queue is empty")
        return cur
