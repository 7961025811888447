"""What to do next, said at the end of a session and when nothing is due: lines from the session's outlook.

Each suggestion is a command the user can type as it stands, with the session's own filters.
"""

from __future__ import annotations

import shlex
from datetime import date

from srs.clock import describe_day
from srs.console import count
from srs.filters import CardFilter
from srs.plan import DatePlan


def filter_args(flt: CardFilter) -> str:
    """The filter as command-line options (`` --domain system-design``), empty for all cards."""
    parts: list[str] = []
    for option, values in (("--level", flt.levels), ("--domain", flt.domains), ("--difficulty", flt.difficulties),
                           ("--deck", flt.decks), ("--tag", flt.tags)):
        parts += [f"{option} {shlex.quote(v)}" for v in values]
    if flt.search:
        parts.append(f"--search {shlex.quote(flt.search)}")
    return "".join(" " + p for p in parts)


def plan_line(plan: DatePlan, today: date, new_left: int, pace: int | None) -> str:
    """Where today stands on the way to the date."""
    days = (plan.date - today).days
    when = f"{plan.date.isoformat()} ({'tomorrow' if days == 1 else f'in {days} days'})"
    if plan.in_final_days(today):
        return f"Final days before {when}: every card gets one more review; no new interval goes past the date."
    if new_left and pace is not None:
        return (f"Studying toward {when}: {count(new_left, 'new card')} left, {pace} a day today so all are started"
                f" by {plan.intro_day.isoformat()}; srs plan shows the whole plan.")
    return f"Studying toward {when}: every card started; srs plan shows the whole plan."


def next_steps(session) -> list[str]:
    """Suggestions after a session (``session``: a finished :class:`srs.session.Session`)."""
    ol = session.summary.outlook
    if ol is None:
        return []
    args = filter_args(session.card_filter)
    lines: list[str] = []
    queue_left = len(session.queue)
    if session.mode == "cram":
        lines.append("Cram reviews change no card's schedule." + (
            f" Due today: {ol.due_now}; srs review{args} studies them." if ol.due_now else ""))
    elif not queue_left and ol.next_due is not None:
        lines.append(f"Next: {count(ol.next_due_count, 'card')} due {describe_day(ol.next_due, session.today)};"
                     f" srs review --ahead{args} studies {'it' if ol.next_due_count == 1 else 'them'} now"
                     f", srs cram{args} drills without changing the schedule.")
    if session.mode == "review" and session.plan is not None:
        lines.append(plan_line(session.plan, session.today, ol.new_waiting, session.queue.new_limit))
    mine = sorted(session.summary.no_answer)
    if mine:
        which = f"srs edit {mine[0]}" if len(mine) == 1 else f"srs edit --no-answer{args}"
        lines.append(f"{count(len(mine), 'card')} shown had no answer: {which} writes yours.")
    if ol.flagged:
        lines.append(f"{count(ol.flagged, 'flagged card')}: srs list --flagged{args}.")
    return lines
