"""The SQL of ``srs stats``: one query per question asked of the review database, each returning rows for the
pure functions of :mod:`srs.stats`. ``where`` is a condition on ``cards c`` (:func:`srs.filter_sql.card_condition`)."""

from __future__ import annotations

import sqlite3
from datetime import date

from srs.stats.activity import DayRow
from srs.stats.hardest import HardCard
from srs.stats.kinds import CRAM
from srs.stats.retention import ReviewRow
from srs.stats.states import MATURE_DAYS, GroupRow, StateRow
from srs.sm2 import EF_INITIAL

Where = tuple[str, list]


def cards_per_group(conn: sqlite3.Connection, where: Where) -> list[GroupRow]:
    """The present cards the filter selects, per (deck, level, domain)."""
    sql, params = where
    rows = conn.execute(
        f"SELECT c.deck, c.level, c.domain, count(*) FROM cards c WHERE c.present = 1 AND {sql} GROUP BY 1, 2, 3",
        params)
    return [GroupRow(*r) for r in rows]


def reviewed_by_state(conn: sqlite3.Connection, where: Where) -> list[StateRow]:
    """The present selected cards that have an SM-2 state or are suspended, per (deck, level, domain) and the
    state's inputs: the repetition count and the interval, capped at 1 and at the mature interval (only whether
    they reach those matters, so there are few rows; none for a suspended card never reviewed), and whether
    they are suspended. A reset card has no state: it is not here, so it counts as new."""
    sql, params = where
    rows = conn.execute(
        "SELECT c.deck, c.level, c.domain, min(s.reps, 1), min(s.interval, ?), count(*), sp.card_id IS NOT NULL"
        " FROM state s CROSS JOIN cards c ON c.id = s.card_id LEFT JOIN suspended sp ON sp.card_id = s.card_id"
        f" WHERE c.present = 1 AND {sql} GROUP BY 1, 2, 3, 4, 5, 7"
        " UNION ALL SELECT c.deck, c.level, c.domain, NULL, NULL, count(*), 1"
        " FROM suspended sp CROSS JOIN cards c ON c.id = sp.card_id"
        " WHERE NOT EXISTS (SELECT 1 FROM state s WHERE s.card_id = sp.card_id)"
        f" AND c.present = 1 AND {sql} GROUP BY 1, 2, 3",
        [MATURE_DAYS, *params, *params])
    return [StateRow(*r[:6], suspended=bool(r[6])) for r in rows]


def deck_order(conn: sqlite3.Connection) -> list[str]:
    """The decks in the order of their files (the order every command lists them in)."""
    return [deck for (deck,) in conn.execute("SELECT deck FROM deck_files ORDER BY path")]


def grades_per_day(conn: sqlite3.Connection, where: Where) -> list[DayRow]:
    """Grades per study day and kind over the whole log, of the selected cards (present or not)."""
    sql, params = where
    if sql == "1":  # every card: the log's (day, kind) index alone answers
        rows = conn.execute("SELECT day, kind, count(*) FROM reviews GROUP BY day, kind")
    else:
        rows = conn.execute(  # the selected cards first, each card's grades through its index: a filter that
            # selects few cards reads few grades (the other way round, every grade of the log is read)
            "SELECT r.day, r.kind, count(*) FROM cards c CROSS JOIN reviews r ON r.card_id = c.id"
            f" WHERE {sql} GROUP BY r.day, r.kind", params)
    return [DayRow(date.fromisoformat(day), kind, n) for day, kind, n in rows]


def seconds_per_day(conn: sqlite3.Connection, where: Where, first: date) -> list[tuple[date, float, float]]:
    """Seconds spent grading per study day from ``first`` on, on the selected cards (present or not): in all,
    and of those in cram."""
    sql, params = where
    join = "" if sql == "1" else " CROSS JOIN cards c ON c.id = r.card_id"
    rows = conn.execute(f"SELECT r.day, total(r.seconds), total(CASE WHEN r.kind = ? THEN r.seconds END)"
                        f" FROM reviews r{join} WHERE r.day >= ? AND {sql} GROUP BY r.day",
                        [CRAM, first.isoformat(), *params])
    return [(date.fromisoformat(day), seconds, cram) for day, seconds, cram in rows]


def due_by_day(conn: sqlite3.Connection, where: Where, last: date) -> list[tuple[date, int]]:
    """Present selected cards due on or before ``last``, per due day (overdue days included); suspended cards
    are not due."""
    sql, params = where
    rows = conn.execute(
        "SELECT s.due, count(*) FROM state s CROSS JOIN cards c ON c.id = s.card_id"
        f" WHERE s.due <= ? AND c.present = 1 AND {sql}"
        " AND NOT EXISTS (SELECT 1 FROM suspended sp WHERE sp.card_id = s.card_id) GROUP BY s.due",
        [last.isoformat(), *params])
    return [(date.fromisoformat(day), n) for day, n in rows]


def reviews_since(conn: sqlite3.Connection, where: Where, first: date, kinds: tuple[str, ...]) -> list[ReviewRow]:
    """Grades of these kinds from study day ``first`` on, per card domain and level, day, interval before the
    grade (capped at the mature interval: only whether it reaches it matters), grade and kind, of the selected
    cards (present or not)."""
    sql, params = where
    marks = ", ".join("?" * len(kinds))
    rows = conn.execute(
        "SELECT c.domain, c.level, r.day, min(r.interval_before, ?), r.quality, count(*), r.kind"
        " FROM reviews r CROSS JOIN cards c ON c.id = r.card_id"
        f" WHERE r.day >= ? AND r.kind IN ({marks}) AND {sql} GROUP BY 1, 2, 3, 4, 5, 7",
        [MATURE_DAYS, first.isoformat(), *kinds, *params])
    return [ReviewRow(domain, level, date.fromisoformat(day), interval or 0, q, n, kind)
            for domain, level, day, interval, q, n, kind in rows]


def hardest_cards(conn: sqlite3.Connection, where: Where, limit: int) -> list[HardCard]:
    """The present selected cards forgotten at least once or with an E-Factor below the start: most lapses
    first, then lowest E-Factor; at most ``limit``."""
    sql, params = where
    rows = conn.execute(
        "SELECT c.id, c.deck, c.question, c.level, c.domain, s.lapses, s.ef, s.interval, c.answer"
        " FROM state s CROSS JOIN cards c ON c.id = s.card_id"
        f" WHERE (s.lapses > 0 OR s.ef < ?) AND c.present = 1 AND {sql}"
        " ORDER BY s.lapses DESC, s.ef, c.id LIMIT ?", [EF_INITIAL, *params, limit])
    return [HardCard(*r) for r in rows]
