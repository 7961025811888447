"""``srs plan``: whether the selected cards fit before the date, projected day by day as ``srs review`` will
schedule them (:mod:`srs.plan`), every answer taken as a 4 ("correct after hesitation", which leaves SM-2's
E-Factor as it is). Pure: the cards and their states in, the report out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from srs import sm2
from srs.plan import DatePlan

PROJECTED_GRADE = 4


@dataclass(frozen=True)
class PlannedCard:
    """What the projection needs of a card: its id and domain, its state (None: new), its due day and the
    study day of its last review, and how many reviews it has had."""

    id: str
    domain: str | None
    state: sm2.State | None = None
    due: date | None = None
    last_day: date | None = None
    reviews: int = 0


@dataclass(frozen=True)
class DomainRow:
    domain: str
    cards: int
    new: int
    reviews_so_far: int
    expected: float
    """Reviews per card expected from today to the day before the date."""

    @property
    def by_the_date(self) -> float:
        """Reviews per card by the date: those so far and those expected."""
        return self.reviews_so_far / self.cards + self.expected


@dataclass
class Report:
    plan: DatePlan
    today: date
    cards: int = 0
    new: int = 0
    due_now: int = 0
    pace: int = 0
    """New cards a day from today (the first day's)."""
    usual_new: int = 20
    reviews_per_day: int = 200
    busiest: tuple[date, int] | None = None
    """The day with the most cards to review (new ones included), and how many."""
    unreviewed_in_final: int = 0
    """Selected cards the projection does not review in the final days (0 when the plan holds)."""
    reviews_by_day: dict[date, int] = field(default_factory=dict)
    domains: list[DomainRow] = field(default_factory=list)

    @property
    def days_left(self) -> int:
        return (self.plan.date - self.today).days

    @property
    def fits(self) -> bool:
        """The pace within the usual new-card limit, and no day over the review limit plus the pace."""
        busiest = self.busiest[1] if self.busiest else 0
        return self.pace <= self.usual_new and busiest <= self.reviews_per_day + self.pace


def review_days(plan: DatePlan, today: date, card: PlannedCard, start: date | None, max_interval: int) -> list[date]:
    """The days ``card`` is reviewed from today to the day before the date; ``start``: a new card's first day."""
    if card.state is None:
        if start is None:
            return []
        day, state = start, sm2.NEW
    else:
        assert card.due is not None and card.last_day is not None
        day, state = max(card.due, today), card.state
        if card.due >= plan.date and card.last_day < plan.final_start:  # brought back for its final review
            day = max(plan.final_day(card.id), today)
    days = []
    while day < plan.date:
        days.append(day)
        state = sm2.review(state, PROJECTED_GRADE, plan.max_interval(card.id, day, max_interval))
        day += timedelta(days=state.interval)
    return days


def start_days(plan: DatePlan, today: date, new_cards: list[str]) -> dict[str, date]:
    """The day each new card (in queue order) is first shown at the plan's pace."""
    out: dict[str, date] = {}
    day, i = today, 0
    while i < len(new_cards) and day < plan.date:
        for card_id in new_cards[i : i + plan.new_pace(day, len(new_cards) - i)]:
            out[card_id] = day
        i = len(out)
        day += timedelta(days=1)
    return out


def build_report(plan: DatePlan, today: date, cards: list[PlannedCard], *, max_interval: int = sm2.MAX_INTERVAL,
                 usual_new: int = 20, reviews_per_day: int = 200) -> Report:
    """The report for the selected ``cards`` (new ones in the order ``srs review`` shows them)."""
    new_ids = [c.id for c in cards if c.state is None]
    starts = start_days(plan, today, new_ids)
    report = Report(plan, today, cards=len(cards), new=len(new_ids), usual_new=usual_new, reviews_per_day=reviews_per_day,
                    pace=plan.new_pace(today, len(new_ids)) if plan.active(today) else 0)
    report.due_now = sum(1 for c in cards if c.due is not None and c.due <= today)
    per_day: Counter[date] = Counter()
    by_domain: dict[str, list] = {}
    for card in cards:
        days = review_days(plan, today, card, starts.get(card.id), max_interval)
        per_day.update(days)
        if not any(plan.final_start <= d < plan.date for d in days):
            report.unreviewed_in_final += 1
        row = by_domain.setdefault(card.domain or "none", [0, 0, 0, 0])
        row[0] += 1
        row[1] += card.state is None
        row[2] += card.reviews
        row[3] += len(days)
    report.reviews_by_day = dict(sorted(per_day.items()))
    if per_day:
        report.busiest = max(per_day.items(), key=lambda kv: (kv[1], -kv[0].toordinal()))
    report.domains = sorted(
        (DomainRow(domain, n, new, so_far, total / n) for domain, (n, new, so_far, total) in by_domain.items()),
        key=lambda r: (r.by_the_date, r.domain),
    )
    return report


def report_lines(r: Report) -> list[str]:
    """The report's sentences (the domain table is drawn apart)."""
    from srs.console import count

    p = r.plan
    lines = [f"Interview day {p.date.isoformat()}: in {count(r.days_left, 'day')}"
             f" (kept in config.toml until srs plan --clear or another --date)."]
    lines.append(f"Selected: {count(r.cards, 'card')}, {r.new} new, {r.cards - r.new} started, {r.due_now} due today.")
    if r.new:
        if (p.intro_day - r.today).days >= 0:
            lines.append(f"New cards: {r.new} to start by {p.intro_day.isoformat()} ({p.new_cards_by} days before):"
                         f" srs review lets in {r.pace} a day from today, instead of new_per_day ({r.usual_new}).")
        else:
            lines.append(f"New cards: the day to have started them all ({p.intro_day.isoformat()}) has passed:"
                         f" srs review lets in all {r.new} today.")
    else:
        lines.append("New cards: none left; every selected card is started.")
    lines.append(f"Final days: {p.final_start.isoformat()} to {(p.date - timedelta(days=1)).isoformat()}: every card"
                 " is reviewed once more in them (no interval carries a card past them).")
    busiest = f"busiest day {r.busiest[0].isoformat()} with {count(r.busiest[1], 'card')}" if r.busiest else "nothing to review"
    if r.fits:
        lines.append(f"Fits: yes, {busiest} (review limit {r.reviews_per_day}, new-card limit {r.usual_new}).")
    else:
        why = []
        if r.pace > r.usual_new:
            why.append(f"{r.pace} new cards a day is more than your new_per_day ({r.usual_new})")
        if r.busiest and r.busiest[1] > r.reviews_per_day + r.pace:
            why.append(f"{busiest}, over the review limit ({r.reviews_per_day})")
        lines.append("Fits: tight: " + "; ".join(why) + ". Narrow the selection (--domain, --level), or accept the load.")
    return lines
