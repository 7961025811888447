"""Everything ``srs stats`` shows, gathered from the review database, and as JSON (``--format json``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from srs.filter_sql import card_condition
from srs.filters import CardFilter
from srs.stats import queries
from srs.stats.activity import Activity, activity, time_window
from srs.stats.forecast import FORECAST_DAYS, Forecast, forecast
from srs.stats.hardest import HARDEST, HardCard, hardest
from srs.stats.kinds import RETENTION_KINDS, ordered
from srs.stats.retention import AGES, PERIODS, RetentionLine, retention, weakest
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
    hardest: list[HardCard]


def build_report(conn: sqlite3.Connection, flt: CardFilter, today: date) -> Report:
    """Run the queries of :mod:`srs.stats.queries` for the cards ``flt`` selects, on study day ``today``."""
    where = card_condition(conn, flt)
    month_ago = today - timedelta(days=max(PERIODS) - 1)
    return Report(
        today,
        flt.describe(),
        card_states(queries.cards_per_group(conn, where), queries.reviewed_by_state(conn, where), queries.deck_order(conn)),
        activity(queries.grades_per_day(conn, where), queries.seconds_per_day(conn, where, time_window(today)), today),
        forecast(queries.due_by_day(conn, where, today + timedelta(days=FORECAST_DAYS - 1)), today),
        retention(queries.reviews_since(conn, where, month_ago, RETENTION_KINDS), today),
        hardest(queries.hardest_cards(conn, where, HARDEST)),
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
            "seconds": round(sum(s for _, s in act.time_per_day()), 1),
            "per_day": [{"day": d.isoformat(), "seconds": round(s, 1)} for d, s in act.time_per_day()],
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
        "hardest": [{"id": c.id, "deck": c.deck, "question": c.question, "level": c.level, "domain": c.domain,
                     "lapses": c.lapses, "ef": c.ef / 100, "interval": c.interval} for c in report.hardest],
    }


def _retention_line(line: RetentionLine, lines: list[RetentionLine]) -> dict:
    out: dict = {"group": line.group, "name": line.name}
    for days in PERIODS:
        out[f"last_{days}_days"] = {age: {"passed": t.passed, "reviews": t.reviews,
                                          "rate": None if t.rate is None else round(t.rate, 4)}
                                    for age in AGES for t in [line.tally(days, age)]}
    out["weakest"] = line.group != "all" and weakest(lines, line.group) is line
    return out
