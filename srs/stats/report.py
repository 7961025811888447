"""Everything ``srs stats`` shows, gathered from the review database, and as JSON (``--format json``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from srs.filter_sql import card_condition
from srs.filters import CardFilter
from srs.overlay import Overlay
from srs.stats import queries
from srs.stats.activity import Activity, activity, time_window
from srs.stats.forecast import FORECAST_DAYS, Forecast, forecast
from srs.stats.hardest import HARDEST, HardCard, hardest
from srs.stats.kinds import CRAM, RETENTION_KINDS, ordered
from srs.stats.retention import AGES, PERIODS, RetentionLine, Tally, cram_rates, retention, weakest
from srs.stats.states import STATES, CardStates, Counts, card_states


@dataclass(frozen=True)
class Report:
    today: date
    selection: str
    """The filter, as words (``all cards``, ``level=senior``)."""
    states: CardStates
    activity: Activity
    forecast: Forecast
    retention: list[RetentionLine]
    cram: list[RetentionLine]
    """Cram grades graded 3 or more: all cards, then per domain (:func:`srs.stats.retention.cram_rates`)."""
    hardest: list[HardCard]


def build_report(conn: sqlite3.Connection, flt: CardFilter, today: date, overlay: Overlay | None = None) -> Report:
    """Run the queries of :mod:`srs.stats.queries` for the cards ``flt`` selects, on study day ``today``; card
    text (``--search``, the hardest cards' questions) as ``overlay`` gives it."""
    overlay = overlay or Overlay()
    where = card_condition(conn, flt, overlay)
    month_ago = today - timedelta(days=max(PERIODS) - 1)
    graded = queries.reviews_since(conn, where, month_ago, (*RETENTION_KINDS, CRAM))
    return Report(
        today,
        flt.describe(),
        card_states(queries.cards_per_group(conn, where), queries.reviewed_by_state(conn, where), queries.deck_order(conn)),
        activity(queries.grades_per_day(conn, where), queries.seconds_per_day(conn, where, time_window(today)), today),
        forecast(queries.due_by_day(conn, where, today + timedelta(days=FORECAST_DAYS - 1)), today),
        retention((r for r in graded if r.kind in RETENTION_KINDS), today),
        cram_rates((r for r in graded if r.kind == CRAM), today),
        hardest(map(overlay.apply, queries.hardest_cards(conn, where, HARDEST))),
    )


def _counts(c: Counts) -> dict:
    return {"cards": c.cards, **{s: c.get(s) for s in STATES}}


def as_json(report: Report) -> dict:
    """The report's numbers for scripts: the same the terminal shows, and the days behind its charts."""
    st, act, fc = report.states, report.activity, report.forecast
    return {
        "study_day": report.today.isoformat(),
        "selection": report.selection,
        "cards": {
            **_counts(st.total),
            "by_deck": [{"deck": name, **_counts(c)} for name, c in st.by_deck],
            "by_level": [{"level": name, **_counts(c)} for name, c in st.by_level],
            "by_domain": [{"domain": name, **_counts(c)} for name, c in st.by_domain],
        },
        "reviews": {
            "since": act.first.isoformat(),
            "grades": act.total,
            "by_kind": {k: act.by_kind[k] for k in ordered(act.by_kind)},
            "days_studied": act.days_studied,
            "calendar_days": act.calendar_days,
            "streak": {"current": act.current_streak, "longest": act.longest_streak},
            "per_day": [{"day": d.isoformat(), "grades": n} for d, n in act.grades.items()],
        },
        "time": {
            "seconds": round(sum(s for _, s, _ in act.time_per_day()), 1),
            "cram_seconds": round(sum(c for _, _, c in act.time_per_day()), 1),
            "per_day": [{"day": d.isoformat(), "seconds": round(s, 1), "cram_seconds": round(c, 1)}
                        for d, s, c in act.time_per_day()],
        },
        "forecast": {
            "overdue": fc.overdue,
            "today": fc.within(1),
            "tomorrow": fc.due[1],
            "next_7_days": fc.within(7),
            "next_30_days": fc.within(30),
            "per_day": [{"day": d.isoformat(), "due": n} for d, n in fc.days()],
        },
        "retention": [_retention_line(line, report.retention) for line in report.retention],
        "cram": {**_shares(report.cram[0]),
                 "by_domain": [{"domain": line.name, **_shares(line)} for line in report.cram[1:]]},
        "hardest": [{"id": c.id, "deck": c.deck, "question": c.question, "level": c.level, "domain": c.domain,
                     "lapses": c.lapses, "ef": c.ef / 100, "interval": c.interval} for c in report.hardest],
    }


def _retention_line(line: RetentionLine, lines: list[RetentionLine]) -> dict:
    out: dict = {"group": line.group, "name": line.name}
    for days in PERIODS:
        out[f"last_{days}_days"] = {age: _tally(line.tally(days, age)) for age in AGES}
    out["weakest"] = line.group != "all" and weakest(lines, line.group) is line
    return out


def _shares(line: RetentionLine) -> dict:
    """Grades graded 3 or more over each period, whatever the card's age (a cram line's)."""
    return {f"last_{days}_days": _tally(line.tally(days, "all")) for days in PERIODS}


def _tally(t: Tally) -> dict:
    return {"passed": t.passed, "reviews": t.reviews, "rate": None if t.rate is None else round(t.rate, 4)}
