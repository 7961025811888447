"""Studying toward a date (an interview day): how SM-2's schedule bends to it, as pure functions.

With a date D set (``srs plan --date``; ``[plan] date`` in the config), until the day before D:

* **New-card pace.** Each study day lets in ``ceil(N / days)`` new cards instead of ``new_per_day``, where
  N is the number of new cards of the session's selection at the start of the day and ``days`` the study
  days left until the *introduction day*, ``D - new_cards_by`` (7 by default), counting today. From the
  introduction day on, every new card left is let in. ``--new N`` still overrides it for one run.
* **Interval cap.** The *final days* are the ``final_days`` study days before D (3 by default). Each card
  has one of them as its *final-review day*, spread by a hash of its id so the final days share the load.
  A review before the final days gets an interval of at most the days to the card's final-review day, so
  no interval carries a card past the final days without one more review in them. The cap works like
  SM-2's own ``max_interval``: the capped interval is the card's interval from then on; E-Factor,
  repetitions and lapses are exactly SM-2's.
* **Final review.** In the final days, a card scheduled on or after D (reviewed before the date was set)
  whose last review was before the final days is due from its final-review day.

Nothing changes on D and after, in a review within the final days, for cram reviews, or without a date.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DatePlan:
    """The date and its two spans (in study days before it)."""

    date: date
    new_cards_by: int = 7
    final_days: int = 3

    @property
    def intro_day(self) -> date:
        """The day by which every new card has been let in."""
        return self.date - timedelta(days=self.new_cards_by)

    @property
    def final_start(self) -> date:
        """The first of the final days."""
        return self.date - timedelta(days=self.final_days)

    def active(self, today: date) -> bool:
        """Whether the plan bends today's schedule (until the day before the date)."""
        return today < self.date

    def in_final_days(self, today: date) -> bool:
        return self.final_start <= today < self.date

    def new_pace(self, today: date, new_left: int) -> int:
        """New cards to let in today, ``new_left`` being the selection's new cards at the start of today."""
        days = (self.intro_day - today).days + 1
        if new_left <= 0:
            return 0
        if days <= 1:
            return new_left
        return -(-new_left // days)

    def final_day(self, card_id: str) -> date:
        """The card's final-review day: one of the final days, the same on every run."""
        return self.final_start + timedelta(days=zlib.crc32(card_id.encode("utf-8")) % self.final_days)

    def interval_cap(self, card_id: str, today: date) -> int | None:
        """The longest interval a review today may give this card; None when the plan sets none (in or after
        the final days)."""
        if today >= self.final_start:
            return None
        return (self.final_day(card_id) - today).days

    def max_interval(self, card_id: str, today: date, max_interval: int) -> int:
        """``max_interval`` with the plan's cap for this card today."""
        cap = self.interval_cap(card_id, today)
        return max_interval if cap is None else max(1, min(max_interval, cap))

    def final_review_due(self, card_id: str, today: date, due: date, last_review_day: date) -> bool:
        """Whether a card scheduled on or after the date, last reviewed before the final days, is due today for
        its final review."""
        return (self.in_final_days(today) and due >= self.date and last_review_day < self.final_start
                and self.final_day(card_id) <= today)
