"""SuperMemo's SM-2 (Wozniak, 1990), exactly as published, in exact arithmetic.

The E-Factor only ever moves in steps of 0.02, so it is held as an integer
number of hundredths (``250`` means 2.50): intervals are computed with integer
ceiling division and never drift.

Rules (``tests/data/sm2/vectors.json`` holds 690 reference steps):

* quality ``q`` is 0..5; a new card has ``reps=0, ef=250, interval=0``;
* ``q >= 3``: the interval becomes 1 day (first success), 6 days (second), then
  ``ceil(previous interval * EF)`` with the EF held *before* this review; then
  ``EF' = EF + (0.1 - (5-q)(0.08 + (5-q)0.02))``, floored at 1.30; ``reps += 1``;
* ``q < 3``: ``reps = 0``, interval 1 day, EF unchanged, one more lapse;
* the interval is capped at ``max_interval`` days (default 36500) after rounding.

Step 7 of the algorithm (cards graded below 4 come back in the same session
until they score at least 4) is the session's job: such repeats are logged but
never passed through :func:`review`, so they change neither EF nor interval.
"""

from __future__ import annotations

from dataclasses import dataclass

EF_INITIAL = 250
"""Starting E-Factor, in hundredths (2.50)."""
EF_MIN = 130
"""Lowest E-Factor, in hundredths (1.30)."""
MAX_INTERVAL = 36500
"""Default cap on an interval, in days (100 years)."""
QUALITIES = range(6)
PASS = 3
"""Lowest quality that counts as a correct recall."""
REPEAT_BELOW = 4
"""Step 7: a card graded below this comes back in the same session."""

MEANINGS = {
    0: "blackout",
    1: "wrong, familiar",
    2: "wrong, easy to recall",
    3: "hard",
    4: "hesitant",
    5: "perfect",
}
"""SM-2's own description of each quality, shortened for a one-line legend."""


@dataclass(frozen=True)
class State:
    """A card's SM-2 memory: successful repetitions in a row, E-Factor (hundredths),
    current interval in days, and lapses (how often it was forgotten)."""

    reps: int = 0
    ef: int = EF_INITIAL
    interval: int = 0
    lapses: int = 0

    @property
    def ef_float(self) -> float:
        return self.ef / 100


NEW = State()


def check_quality(q: int) -> int:
    """Return ``q`` when it is an integer grade 0..5, else raise ``ValueError``."""
    if isinstance(q, bool) or not isinstance(q, int) or q not in QUALITIES:
        raise ValueError(f"quality must be an integer 0..5, got {q!r}")
    return q


def ef_delta(q: int) -> int:
    """SM-2's E-Factor change for quality ``q``, in hundredths: +10 for 5, 0 for 4, -14 for 3 …"""
    d = 5 - check_quality(q)
    return 10 - d * (8 + 2 * d)


def next_interval(state: State, q: int, max_interval: int = MAX_INTERVAL) -> int:
    """The interval in days that grading ``state`` with ``q`` gives (what each grade key shows)."""
    if check_quality(q) < PASS or state.reps == 0:
        interval = 1
    elif state.reps == 1:
        interval = 6
    else:
        interval = -(-state.interval * state.ef // 100)  # ceil(I * EF), exact
    return max(1, min(interval, max_interval))


def review(state: State, q: int, max_interval: int = MAX_INTERVAL) -> State:
    """The state after one graded review (not a step-7 repeat) of a card in ``state``."""
    interval = next_interval(state, q, max_interval)
    if q < PASS:
        return State(reps=0, ef=state.ef, interval=interval, lapses=state.lapses + 1)
    return State(reps=state.reps + 1, ef=max(EF_MIN, state.ef + ef_delta(q)), interval=interval, lapses=state.lapses)


def preview(state: State, max_interval: int = MAX_INTERVAL) -> dict[int, int]:
    """For each quality 0..5, the interval in days it would give."""
    return {q: next_interval(state, q, max_interval) for q in QUALITIES}


def needs_repeat(q: int) -> bool:
    """Step 7: whether a card graded ``q`` must come back in this session."""
    return check_quality(q) < REPEAT_BELOW
