"""The review database: SQLite, WAL, one transaction per grade.

Tables (see :data:`MIGRATIONS`):

* ``schema_version`` — one row, the number of migrations applied;
* ``deck_files`` — the content index's bookkeeping: each deck file's size,
  mtime and SHA-256, so startup re-parses only files that changed;
* ``cards`` — the content index: every card of every indexed deck file, in
  source order; ``present = 0`` marks a card that left the decks (its history is
  kept and comes back if the card reappears);
* ``state`` — SM-2 state keyed by card id (absent for new cards);
* ``reviews`` — the log: one row per grade with UTC time, study day, quality,
  kind (``new`` / ``review`` / ``repeat`` / ``cram``), the state before and after, seconds;
  a ``cram`` row leaves the state as it was (its "after" is its "before", null for a new card);
* ``buried`` — cards skipped until a later study day;
* ``suspended`` / ``flagged`` — cards out of every queue until unsuspended / marked for attention;
* ``resets`` — ``srs reset``: when a card went back to new, and the state it had (the log stays).

Every write is ``BEGIN IMMEDIATE … COMMIT`` with a busy timeout, so several
``srs review`` processes can share a database without losing a grade.

A database srs cannot use is refused before a card is shown, as one line naming it: one
written by a newer srs (left untouched), one that lost a table, a read-only one. One that
lost its ``schema_version`` row gets it back when its tables are exactly those of a known
version. A failure later (a full disk, a damaged page) is one line too (:func:`fault`);
the grades committed before it stay committed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal

from srs import sm2
from srs.clock import iso_utc
from srs.errors import SrsError

BUSY_TIMEOUT_MS = 30_000

Kind = Literal["new", "review", "repeat", "cram"]
"""What one row of the review log is: a new card's first grade, a scheduled review, a step-7 repeat
(logged, state unchanged), or a cram review (``srs cram``: logged, state unchanged)."""
SCHEDULED: tuple[Kind, ...] = ("new", "review", "repeat")
"""The kinds ``srs review`` gives, which its daily limits count."""

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE deck_files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        deck TEXT NOT NULL
    );
    CREATE TABLE cards (
        id TEXT PRIMARY KEY,
        file TEXT NOT NULL,
        position INTEGER NOT NULL,
        deck TEXT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        level TEXT,
        difficulty TEXT,
        domain TEXT,
        topic TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        present INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX cards_order ON cards (present, file, position);
    CREATE TABLE state (
        card_id TEXT PRIMARY KEY,
        reps INTEGER NOT NULL,
        ef INTEGER NOT NULL,
        interval INTEGER NOT NULL,
        lapses INTEGER NOT NULL,
        due TEXT NOT NULL,
        last_review TEXT NOT NULL
    );
    CREATE INDEX state_due ON state (due, last_review);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        day TEXT NOT NULL,
        quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
        kind TEXT NOT NULL CHECK (kind IN ('new', 'review', 'repeat')),
        seconds REAL NOT NULL,
        reps_before INTEGER, ef_before INTEGER, interval_before INTEGER,
        lapses_before INTEGER, due_before TEXT, last_review_before TEXT,
        reps_after INTEGER NOT NULL, ef_after INTEGER NOT NULL, interval_after INTEGER NOT NULL,
        lapses_after INTEGER NOT NULL, due_after TEXT NOT NULL
    );
    CREATE INDEX reviews_card ON reviews (card_id, id);
    CREATE INDEX reviews_day ON reviews (day, kind);
    CREATE TABLE buried (
        card_id TEXT PRIMARY KEY,
        until TEXT NOT NULL
    );
    """,
    # 2: cram reviews (kind 'cram': logged, the SM-2 state untouched, so a never-reviewed card has no state
    # after it either), suspended and flagged cards, resets. SQLite cannot change a CHECK constraint in
    # place: the log is copied into a new table, row for row with its ids, in the migration's transaction.
    """
    CREATE TABLE reviews_v2 (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        day TEXT NOT NULL,
        quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
        kind TEXT NOT NULL CHECK (kind IN ('new', 'review', 'repeat', 'cram')),
        seconds REAL NOT NULL,
        reps_before INTEGER, ef_before INTEGER, interval_before INTEGER,
        lapses_before INTEGER, due_before TEXT, last_review_before TEXT,
        reps_after INTEGER, ef_after INTEGER, interval_after INTEGER,
        lapses_after INTEGER, due_after TEXT,
        CHECK (kind = 'cram' OR (reps_after IS NOT NULL AND ef_after IS NOT NULL AND interval_after IS NOT NULL
                                 AND lapses_after IS NOT NULL AND due_after IS NOT NULL))
    );
    INSERT INTO reviews_v2 (id, card_id, reviewed_at, day, quality, kind, seconds,
        reps_before, ef_before, interval_before, lapses_before, due_before, last_review_before,
        reps_after, ef_after, interval_after, lapses_after, due_after)
    SELECT id, card_id, reviewed_at, day, quality, kind, seconds,
        reps_before, ef_before, interval_before, lapses_before, due_before, last_review_before,
        reps_after, ef_after, interval_after, lapses_after, due_after FROM reviews ORDER BY id;
    DROP TABLE reviews;
    ALTER TABLE reviews_v2 RENAME TO reviews;
    CREATE INDEX reviews_card ON reviews (card_id, id);
    CREATE INDEX reviews_day ON reviews (day, kind);
    CREATE TABLE suspended (
        card_id TEXT PRIMARY KEY,
        since TEXT NOT NULL
    );
    CREATE TABLE flagged (
        card_id TEXT PRIMARY KEY,
        since TEXT NOT NULL
    );
    CREATE TABLE resets (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL,
        reset_at TEXT NOT NULL,
        day TEXT NOT NULL,
        reps_before INTEGER NOT NULL, ef_before INTEGER NOT NULL, interval_before INTEGER NOT NULL,
        lapses_before INTEGER NOT NULL, due_before TEXT NOT NULL, last_review_before TEXT NOT NULL
    );
    CREATE INDEX resets_card ON resets (card_id, id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

OPEN_INDEXES = {
    "cards_kinds": "CREATE INDEX IF NOT EXISTS cards_kinds ON cards (present, deck, level, domain, difficulty)",
}
"""Indexes made when a database is opened (``IF NOT EXISTS``: nothing is written once they are there), not by a
migration: they only make queries faster, so a database with or without them is the same schema version.
``cards_kinds`` lets ``srs stats`` count the cards of each deck, level and domain, filters applied, from the
index alone, without reading every card's text (at 100k cards: 0.01 s instead of about 0.1 s)."""

DAMAGED = "the review database is damaged ({}): restore it from a backup, or move it aside to start afresh"
_FAULTS = (
    ("database or disk is full", "disk full"),
    ("disk i/o error", "disk I/O error (is the disk full, the file over its size limit, or the disk failing?)"),
    ("readonly database", "the review database is read-only, and srs review must write to it:"
                          " check the permissions of the file and of its folder"),
    ("unable to open database file", "cannot open the review database file: check that its folder exists and is writable"),
    ("file is not a database", "cannot open the review database: it is not an SQLite database (or its header is damaged)"),
    ("could not decode", DAMAGED.format("text that is not UTF-8")),
    ("malformed", DAMAGED),
    ("no such table", DAMAGED),
    ("no such column", DAMAGED),
)
"""Words of SQLite's message (lower case) -> what it means to the user; ``{}`` takes SQLite's words."""


def fault(exc: sqlite3.Error, path: Path, note: str = "") -> SrsError:
    """An SQLite failure as one line naming the database: what it means, then ``note``."""
    reason = (str(exc).splitlines() or [type(exc).__name__])[0][:100]
    meaning = next((m for words, m in _FAULTS if words in reason.lower()), "database error ({})")
    return SrsError(meaning.replace("{}", reason) + note, path)


def _refuse_newer(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise SrsError(f"the review database was written by a newer srs (schema {version},"
                       f" this srs knows {SCHEMA_VERSION}); upgrade srs", path)


def _read_version(conn: sqlite3.Connection) -> int:
    """The schema version a database records (0 when it records none)."""
    try:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        return 0
    return row[0] if row else 0


def _statements(number: int) -> Iterator[str]:
    """The statements of migration ``number`` (0-based)."""
    return (statement for statement in MIGRATIONS[number].split(";") if statement.strip())


def _schema(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    """A database's tables and indexes as SQLite records them (schema_version and :data:`OPEN_INDEXES` left out)."""
    return {row for row in conn.execute("SELECT type, name, sql FROM sqlite_master"
                                        " WHERE name NOT LIKE 'sqlite_%' AND name != 'schema_version'")
            if row[1] not in OPEN_INDEXES}


def known_schemas() -> list[set[tuple[str, str, str]]]:
    """What :func:`_schema` reads after each number of migrations (index = schema version), built in memory."""
    conn = sqlite3.connect(":memory:")
    try:
        schemas = [_schema(conn)]
        for number in range(SCHEMA_VERSION):
            for statement in _statements(number):
                conn.execute(statement)
            schemas.append(_schema(conn))
    finally:
        conn.close()
    return schemas

_UNSUSPENDED = "NOT EXISTS (SELECT 1 FROM suspended x WHERE x.card_id = {})"
"""The SQL condition that a card (the column named) is not suspended."""

_CARD_COLS = "c.id, c.deck, c.question, c.answer, c.level, c.difficulty, c.domain, c.topic, c.tags, c.file, c.position"


@dataclass(frozen=True, slots=True)
class CardRow:
    """A card as the content index holds it: enough to filter, show and order it.

    It has the attributes :meth:`srs.filters.CardFilter.matches` reads, so the
    shared filters apply without building pydantic models.
    """

    id: str
    deck: str
    question: str
    answer: str
    level: str | None
    difficulty: str | None
    domain: str | None
    topic: str
    tags: tuple[str, ...]
    file: str
    position: int

    @property
    def has_answer(self) -> bool:
        return bool(self.answer.strip())


def _card(row: tuple) -> CardRow:
    return CardRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], tuple(json.loads(row[8])), row[9], row[10])


@dataclass(frozen=True)
class CardState:
    """A reviewed card's state as stored."""

    sm2: sm2.State
    due: date
    last_review: str

    def as_record(self) -> dict:
        """The ``srs list --format json`` fields."""
        return {
            "reps": self.sm2.reps,
            "ef": self.sm2.ef / 100,
            "interval": self.sm2.interval,
            "due": self.due.isoformat(),
            "lapses": self.sm2.lapses,
            "last_review": self.last_review,
        }


NULL_STATE_RECORD = dict.fromkeys(("reps", "ef", "interval", "due", "lapses", "last_review"))


@dataclass(frozen=True)
class Graded:
    """What one grade did: the log row's id, its kind, and the state after it (for a cram review: the
    card's unchanged state, :data:`sm2.NEW` and today for a card never reviewed)."""

    review_id: int
    card_id: str
    kind: Kind
    quality: int
    after: sm2.State
    due: date


class Store:
    """An open review database."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise SrsError("no review database here", self.path)
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _refuse_newer(self.schema_version(), self.path)  # before anything is written, WAL mode included
            mode = self._wal_mode()
            if mode.lower() != "wal":
                raise SrsError(f"cannot switch the database to WAL mode (got {mode})", self.path)
            self.conn.execute("PRAGMA synchronous = FULL")
            self._migrate()
            self._check_tables()
            self._check_writable()
            for statement in OPEN_INDEXES.values():
                self.conn.execute(statement)
        except sqlite3.Error as exc:
            raise fault(exc, self.path) from None
        except OSError as exc:
            raise SrsError(f"cannot open the review database: {exc.strerror}", self.path) from None

    # -- plumbing ---------------------------------------------------------

    def _wal_mode(self) -> str:
        """Switch to WAL. SQLite answers "database is locked" at once, without its busy handler,
        when two processes switch a new database at the same moment: retry until the busy timeout."""
        import time

        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                return self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.005)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self):
        return _Transaction(self.conn)

    def schema_version(self) -> int:
        return _read_version(self.conn)

    @contextmanager
    def faults(self, note: Callable[[], str] = lambda: "") -> Iterator[None]:
        """Any SQLite failure inside becomes one line naming this database, followed by ``note()``."""
        try:
            yield
        except sqlite3.Error as exc:
            raise fault(exc, self.path, note()) from None

    def _migrate(self) -> None:
        if self.schema_version() == SCHEMA_VERSION:
            return
        with self._write():
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            version = self.schema_version() or self._version_from_tables()
            _refuse_newer(version, self.path)
            for number in range(version, SCHEMA_VERSION):
                for statement in _statements(number):
                    self.conn.execute(statement)
            self.conn.execute("DELETE FROM schema_version")
            self.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))

    def _version_from_tables(self) -> int:
        """The version of a database that records none: 0 when it has no tables, else the version
        whose tables and indexes it has exactly (its version row was lost); refused otherwise."""
        found = _schema(self.conn)
        if not found:
            return 0
        for version, schema in enumerate(known_schemas()):
            if schema == found:
                return version
        raise SrsError("the review database has lost its schema version, and its tables are not those of any"
                       " srs version: restore it from a backup, or move it aside to start afresh", self.path)

    def _check_tables(self) -> None:
        """Refuse a database that lost a table (say ``reviews``) now, not at the first grade."""
        present = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = sorted(name for kind, name, _ in known_schemas()[SCHEMA_VERSION] if kind == "table" and name not in present)
        if missing:
            raise SrsError(DAMAGED.format("no table " + ", ".join(missing)), self.path)

    def _check_writable(self) -> None:
        """Refuse a database that cannot take a grade (a read-only file or folder) before a card is shown:
        a write that is rolled back, so nothing changes."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute("UPDATE schema_version SET version = version")
        finally:
            _rollback(self.conn)

    # -- the content index ------------------------------------------------

    def refresh_index(self, files: list[Path]) -> dict[str, int]:
        """Bring the card index up to date with these deck files.

        Files whose size and mtime match the index are not read; files whose
        bytes hash the same are not parsed. Cards of changed or vanished files
        that are no longer there are hidden (``present = 0``), never deleted.
        Returns counts: ``{"unchanged": …, "parsed": …, "removed": …}``.
        """
        known = {row[0]: row[1:] for row in self.conn.execute("SELECT path, size, mtime_ns, sha256 FROM deck_files")}
        current = {str(p.resolve()): p for p in files}
        stats = {"unchanged": 0, "parsed": 0, "removed": 0}
        touched: list[tuple[str, os.stat_result, str]] = []
        parsed: list[tuple[str, os.stat_result, str, object]] = []
        for key, path in current.items():
            st = path.stat()
            old = known.get(key)
            if old is not None and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                stats["unchanged"] += 1
                continue
            import hashlib  # only when a deck file changed

            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if old is not None and old[2] == digest:
                touched.append((key, st, digest))
                stats["unchanged"] += 1
                continue
            parsed.append((key, st, digest, _parse_deck(data, path)))
            stats["parsed"] += 1
        if parsed:
            self._check_unique_ids(current, known, parsed)
        gone = [key for key in known if key not in current]
        stats["removed"] = len(gone)
        if not (touched or parsed or gone):
            return stats
        with self._write():
            for key, st, digest in touched:
                self.conn.execute("UPDATE deck_files SET size = ?, mtime_ns = ? WHERE path = ?", (st.st_size, st.st_mtime_ns, key))
            for key in gone:
                self.conn.execute("UPDATE cards SET present = 0 WHERE file = ?", (key,))
                self.conn.execute("DELETE FROM deck_files WHERE path = ?", (key,))
            for key, st, digest, deck in parsed:
                self.conn.execute("UPDATE cards SET present = 0 WHERE file = ?", (key,))
                self.conn.executemany(
                    "INSERT INTO cards (id, file, position, deck, question, answer, level, difficulty, domain, topic, tags, present)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
                    " ON CONFLICT (id) DO UPDATE SET file = excluded.file, position = excluded.position, deck = excluded.deck,"
                    " question = excluded.question, answer = excluded.answer, level = excluded.level,"
                    " difficulty = excluded.difficulty, domain = excluded.domain, topic = excluded.topic,"
                    " tags = excluded.tags, present = 1",
                    (
                        (c.id, key, i, deck.deck, c.question, c.answer, c.level, c.difficulty, c.domain, c.topic,
                         json.dumps(list(c.tags), ensure_ascii=False))
                        for i, c in enumerate(deck.cards)
                    ),
                )
                self.conn.execute(
                    "INSERT OR REPLACE INTO deck_files (path, size, mtime_ns, sha256, deck) VALUES (?, ?, ?, ?, ?)",
                    (key, st.st_size, st.st_mtime_ns, digest, deck.deck),
                )
        return stats

    def _check_unique_ids(self, current: dict[str, Path], known: dict[str, tuple], parsed: list[tuple]) -> None:
        """No card id used twice (:func:`srs.card_ids.check_unique_ids`) among the changed files and the indexed
        cards of the other deck files; checked before anything is indexed, so a refused file stays changed."""
        from srs.card_ids import DeckIds, check_unique_ids

        changed = {key: DeckIds(current[key], [c.id for c in deck.cards]) for key, _, _, deck in parsed}
        decks = dict(changed)
        if any(key in known and key not in changed for key in current):  # other files' cards are in the index
            ids = [card_id for d in changed.values() for card_id in d.ids]
            found: dict[str, list[tuple[int, str]]] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT id, file, position FROM cards WHERE present = 1 AND id IN ({marks})"
                for card_id, key, position in self.conn.execute(sql, chunk):
                    if key in current and key not in changed:
                        found.setdefault(key, []).append((position, card_id))
            for key, uses in found.items():
                uses.sort()
                decks[key] = DeckIds(current[key], [card_id for _, card_id in uses], positions=[p for p, _ in uses])
        order = {key: n for n, key in enumerate(current)}  # the folder's order, as srs list reads it
        check_unique_ids([decks[key] for key in sorted(decks, key=order.__getitem__)])

    def card(self, card_id: str) -> CardRow | None:
        row = self.conn.execute(f"SELECT {_CARD_COLS} FROM cards c WHERE c.id = ?", (card_id,)).fetchone()
        return _card(row) if row else None

    def is_present(self, card_id: str) -> bool:
        """Whether the card is in the decks now (not only in the history of one that left them)."""
        row = self.conn.execute("SELECT present FROM cards WHERE id = ?", (card_id,)).fetchone()
        return bool(row and row[0])

    def present_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM cards WHERE present = 1").fetchone()[0]

    def deck_kinds(self) -> list[tuple[str, str | None, str | None]]:
        """Each distinct ``(deck, level, domain)`` of the present cards, in deck-file order (what ``--deck``
        can select)."""
        return self.conn.execute(
            "SELECT deck, level, domain FROM cards WHERE present = 1 GROUP BY deck, level, domain"
            " ORDER BY min(file), min(position)"
        ).fetchall()

    # -- queries for the queue ---------------------------------------------

    def iter_due(self, today: date) -> Iterator[CardRow]:
        """Present, unburied cards due on or before ``today``: most overdue first."""
        cur = self.conn.execute(
            f"SELECT {_CARD_COLS} FROM state s CROSS JOIN cards c ON c.id = s.card_id"
            " WHERE s.due <= :today AND c.present = 1"
            " AND NOT EXISTS (SELECT 1 FROM buried b WHERE b.card_id = s.card_id AND b.until > :today)"
            f" AND {_UNSUSPENDED.format('s.card_id')}"
            " ORDER BY s.due, s.last_review, c.file, c.position",
            {"today": today.isoformat()},
        )
        return map(_card, cur)

    def iter_new(self, today: date | None, *, shuffle: bool = False) -> Iterator[CardRow]:
        """Present cards never reviewed, in source order (deck file, then position);
        those buried past ``today`` left out (``today=None``: none left out)."""
        order = "random()" if shuffle else "c.file, c.position"
        unburied = " AND NOT EXISTS (SELECT 1 FROM buried b WHERE b.card_id = c.id AND b.until > :today)" if today else ""
        cur = self.conn.execute(
            f"SELECT {_CARD_COLS} FROM cards c WHERE c.present = 1 AND {_UNSUSPENDED.format('c.id')}"
            f" AND NOT EXISTS (SELECT 1 FROM state s WHERE s.card_id = c.id){unburied} ORDER BY {order}",
            {"today": today.isoformat() if today else None},
        )
        return map(_card, cur)

    def iter_later(self, today: date, *, reviewed_before: str | None = None) -> Iterator[tuple[date, CardRow]]:
        """Present, unsuspended reviewed cards not due yet, soonest first, with their due day. With
        ``reviewed_before`` (a UTC instant, the start of today): only those last reviewed before it, and not
        skipped until after ``today`` (what ``srs review --ahead`` may show)."""
        ahead = (" AND s.last_review < :before"
                 " AND NOT EXISTS (SELECT 1 FROM buried b WHERE b.card_id = s.card_id AND b.until > :today)")
        cur = self.conn.execute(
            f"SELECT s.due, {_CARD_COLS} FROM state s CROSS JOIN cards c ON c.id = s.card_id"
            f" WHERE s.due > :today AND c.present = 1 AND {_UNSUSPENDED.format('s.card_id')}"
            f"{ahead if reviewed_before else ''} ORDER BY s.due, s.last_review, c.file, c.position",
            {"today": today.isoformat(), "before": reviewed_before},
        )
        return ((date.fromisoformat(r[0]), _card(r[1:])) for r in cur)

    def iter_final(self, today: date, before: str, due_from: date) -> Iterator[CardRow]:
        """Present, unsuspended, unburied cards due on or after ``due_from`` whose last review was before the
        UTC instant ``before`` (the cards a date's final days bring back, :mod:`srs.plan`), soonest due first."""
        cur = self.conn.execute(
            f"SELECT {_CARD_COLS} FROM state s CROSS JOIN cards c ON c.id = s.card_id"
            " WHERE s.due >= :due_from AND s.last_review < :before AND c.present = 1"
            f" AND {_UNSUSPENDED.format('s.card_id')}"
            " AND NOT EXISTS (SELECT 1 FROM buried b WHERE b.card_id = s.card_id AND b.until > :today)"
            " ORDER BY s.due, s.last_review, c.file, c.position",
            {"today": today.isoformat(), "before": before, "due_from": due_from.isoformat()},
        )
        return map(_card, cur)

    def count_new(self) -> int:
        """Present, unsuspended cards never reviewed."""
        return self.conn.execute(
            f"SELECT count(*) FROM cards c WHERE c.present = 1 AND {_UNSUSPENDED.format('c.id')}"
            " AND NOT EXISTS (SELECT 1 FROM state s WHERE s.card_id = c.id)"
        ).fetchone()[0]

    def present_cards(self, card_ids: Iterable[str]) -> list[CardRow]:
        """These cards, those present in the decks, in source order."""
        ids = list(card_ids)
        out: list[CardRow] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            out += map(_card, self.conn.execute(f"SELECT {_CARD_COLS} FROM cards c WHERE c.present = 1 AND c.id IN ({marks})"
                                                " ORDER BY c.file, c.position", chunk))
        return out

    def iter_present(self, *, suspended: bool = False) -> Iterator[CardRow]:
        """Present cards in source order, suspended ones only when asked (``srs cram`` draws from the others)."""
        cur = self.conn.execute(
            f"SELECT {_CARD_COLS} FROM cards c WHERE c.present = 1"
            f"{'' if suspended else ' AND ' + _UNSUSPENDED.format('c.id')} ORDER BY c.file, c.position"
        )
        return map(_card, cur)

    def iter_buried(self, today: date) -> Iterator[CardRow]:
        cur = self.conn.execute(
            f"SELECT {_CARD_COLS} FROM buried b CROSS JOIN cards c ON c.id = b.card_id WHERE b.until > ? AND c.present = 1"
            f" AND {_UNSUSPENDED.format('b.card_id')}",
            (today.isoformat(),),
        )
        return map(_card, cur)

    def repeats_pending(self, today: date) -> list[CardRow]:
        """Step 7 across restarts: cards whose latest grade today (cram reviews aside) was below 4, oldest
        first; not a card reset or suspended since."""
        cur = self.conn.execute(
            f"SELECT {_CARD_COLS} FROM reviews r CROSS JOIN cards c ON c.id = r.card_id"
            " WHERE r.day = :today AND r.quality < :bar AND c.present = 1 AND r.kind != 'cram'"
            " AND r.id = (SELECT max(id) FROM reviews WHERE card_id = r.card_id AND kind != 'cram')"
            " AND NOT EXISTS (SELECT 1 FROM buried b WHERE b.card_id = r.card_id AND b.until > :today)"
            " AND EXISTS (SELECT 1 FROM state s WHERE s.card_id = r.card_id)"
            f" AND {_UNSUSPENDED.format('r.card_id')}"
            " ORDER BY r.id",
            {"today": today.isoformat(), "bar": sm2.REPEAT_BELOW},
        )
        return [_card(r) for r in cur]

    def done_today(self, today: date) -> dict[str, list[str]]:
        """Ids of cards graded today by kind (``new``, ``review``, ``repeat``; cram reviews count for no
        limit), for daily limits."""
        out: dict[str, list[str]] = {kind: [] for kind in SCHEDULED}
        for card_id, kind in self.conn.execute(
            "SELECT card_id, kind FROM reviews WHERE day = ? AND kind != 'cram' ORDER BY id", (today.isoformat(),)
        ):
            out[kind].append(card_id)
        return out

    # -- state -------------------------------------------------------------

    def state(self, card_id: str) -> CardState | None:
        row = self.conn.execute(
            "SELECT reps, ef, interval, lapses, due, last_review FROM state WHERE card_id = ?", (card_id,)
        ).fetchone()
        return _state(row) if row else None

    def states(self, card_ids: list[str] | None = None) -> dict[str, CardState]:
        """States of these cards (all reviewed cards when None)."""
        sql = "SELECT card_id, reps, ef, interval, lapses, due, last_review FROM state"
        rows = self.conn.execute(sql).fetchall()
        wanted = set(card_ids) if card_ids is not None else None
        return {r[0]: _state(r[1:]) for r in rows if wanted is None or r[0] in wanted}

    def grade(self, card_id: str, quality: int, *, at: datetime, today: date, seconds: float,
              max_interval: int = sm2.MAX_INTERVAL, day_started: datetime | None = None) -> Graded:
        """Record one grade in its own transaction and return what it did.

        The card's state is read inside the transaction, so a grade given by
        another process a moment ago is built on, not overwritten. A card
        already reviewed this study day (``last_review >= day_started``) gets a
        step-7 *repeat*: logged, state unchanged.
        """
        sm2.check_quality(quality)
        with self._write():
            row = self.conn.execute(
                "SELECT reps, ef, interval, lapses, due, last_review FROM state WHERE card_id = ?", (card_id,)
            ).fetchone()
            before = _state(row) if row else None
            if before is None:
                kind = "new"
            elif day_started is not None and before.last_review >= iso_utc(day_started):
                kind = "repeat"
            else:
                kind = "review"
            if kind == "repeat":
                assert before is not None
                after, due, last = before.sm2, before.due, before.last_review
            else:
                after = sm2.review(before.sm2 if before else sm2.NEW, quality, max_interval)
                due, last = today + timedelta(days=after.interval), iso_utc(at)
                self.conn.execute(
                    "INSERT OR REPLACE INTO state (card_id, reps, ef, interval, lapses, due, last_review)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (card_id, after.reps, after.ef, after.interval, after.lapses, due.isoformat(), last),
                )
            b = before.sm2 if before else None
            cur = self.conn.execute(
                "INSERT INTO reviews (card_id, reviewed_at, day, quality, kind, seconds,"
                " reps_before, ef_before, interval_before, lapses_before, due_before, last_review_before,"
                " reps_after, ef_after, interval_after, lapses_after, due_after)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, iso_utc(at), today.isoformat(), quality, kind, round(seconds, 3),
                 b.reps if b else None, b.ef if b else None, b.interval if b else None, b.lapses if b else None,
                 before.due.isoformat() if before else None, before.last_review if before else None,
                 after.reps, after.ef, after.interval, after.lapses, due.isoformat()),
            )
            self.conn.execute("DELETE FROM buried WHERE card_id = ?", (card_id,))
        return Graded(cur.lastrowid, card_id, kind, quality, after, due)

    def undo(self, review_id: int) -> str:
        """Take back one grade: delete its log row and restore the state before it.

        Refused (SrsError) when the card was graded again since, e.g. by another
        session. Returns the card id.
        """
        with self._write():
            row = self.conn.execute(
                "SELECT card_id, kind, reps_before, ef_before, interval_before, lapses_before, due_before, last_review_before"
                " FROM reviews WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                raise SrsError("nothing to undo: that grade is no longer in the log")
            card_id, kind = row[0], row[1]
            later = self.conn.execute("SELECT 1 FROM reviews WHERE card_id = ? AND id > ?", (card_id, review_id)).fetchone()
            if later:
                raise SrsError("cannot undo: the card was graded again since (another session?)")
            if kind not in ("repeat", "cram") and self.conn.execute(
                "SELECT 1 FROM resets WHERE card_id = ? AND reset_at >= (SELECT reviewed_at FROM reviews WHERE id = ?)",
                (card_id, review_id),
            ).fetchone():
                raise SrsError("cannot undo: the card was reset since (srs reset)")
            if kind not in ("repeat", "cram"):
                if row[2] is None:
                    self.conn.execute("DELETE FROM state WHERE card_id = ?", (card_id,))
                else:
                    self.conn.execute(
                        "UPDATE state SET reps = ?, ef = ?, interval = ?, lapses = ?, due = ?, last_review = ? WHERE card_id = ?",
                        (*row[2:8], card_id),
                    )
            self.conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        return card_id

    def bury(self, card_id: str, until: date) -> None:
        """Hide a card from the queue until the study day ``until``."""
        with self._write():
            self.conn.execute("INSERT OR REPLACE INTO buried (card_id, until) VALUES (?, ?)", (card_id, until.isoformat()))

    def unbury(self, card_id: str) -> None:
        with self._write():
            self.conn.execute("DELETE FROM buried WHERE card_id = ?", (card_id,))

    def cram(self, card_id: str, quality: int, *, at: datetime, today: date, seconds: float) -> Graded:
        """Log one cram review (``srs cram``): the card's SM-2 state, due day, burial and every daily
        limit stay exactly as they were."""
        sm2.check_quality(quality)
        with self._write():
            row = self.conn.execute(
                "SELECT reps, ef, interval, lapses, due, last_review FROM state WHERE card_id = ?", (card_id,)
            ).fetchone()
            st = _state(row) if row else None
            b = st.sm2 if st else None
            same = (b.reps, b.ef, b.interval, b.lapses, st.due.isoformat()) if b and st else (None,) * 5
            cur = self.conn.execute(
                "INSERT INTO reviews (card_id, reviewed_at, day, quality, kind, seconds,"
                " reps_before, ef_before, interval_before, lapses_before, due_before, last_review_before,"
                " reps_after, ef_after, interval_after, lapses_after, due_after)"
                " VALUES (?, ?, ?, ?, 'cram', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, iso_utc(at), today.isoformat(), quality, round(seconds, 3),
                 *same[:5], st.last_review if st else None, *same),
            )
        return Graded(cur.lastrowid, card_id, "cram", quality, b or sm2.NEW, st.due if st else today)

    def suspend(self, card_ids: list[str], at: datetime) -> list[str]:
        """Take cards out of every queue (review, ahead, cram) until unsuspended; their state stays as it
        is. Returns the ids that were not suspended before."""
        with self._write():
            return [card_id for card_id in card_ids if self.conn.execute(
                "INSERT OR IGNORE INTO suspended (card_id, since) VALUES (?, ?)", (card_id, iso_utc(at))).rowcount]

    def unsuspend(self, card_ids: list[str]) -> list[str]:
        """Put suspended cards back in the queues; returns the ids that were suspended."""
        with self._write():
            return [card_id for card_id in card_ids
                    if self.conn.execute("DELETE FROM suspended WHERE card_id = ?", (card_id,)).rowcount]

    def suspended(self) -> dict[str, str]:
        """Suspended card id -> since when (UTC)."""
        return dict(self.conn.execute("SELECT card_id, since FROM suspended ORDER BY since, card_id"))

    def set_flag(self, card_id: str, on: bool, at: datetime) -> None:
        """Flag a card for attention (``srs list --flagged``), or take the flag off."""
        with self._write():
            if on:
                self.conn.execute("INSERT OR IGNORE INTO flagged (card_id, since) VALUES (?, ?)", (card_id, iso_utc(at)))
            else:
                self.conn.execute("DELETE FROM flagged WHERE card_id = ?", (card_id,))

    def flagged(self) -> dict[str, str]:
        """Flagged card id -> since when (UTC)."""
        return dict(self.conn.execute("SELECT card_id, since FROM flagged ORDER BY since, card_id"))

    def reset(self, card_id: str, at: datetime, today: date) -> CardState | None:
        """Make a card new again: its state is removed (recorded in ``resets``), its review log stays.
        Returns the state it had; None when it was new already (nothing recorded)."""
        with self._write():
            row = self.conn.execute(
                "SELECT reps, ef, interval, lapses, due, last_review FROM state WHERE card_id = ?", (card_id,)
            ).fetchone()
            if row is None:
                return None
            self.conn.execute(
                "INSERT INTO resets (card_id, reset_at, day, reps_before, ef_before, interval_before, lapses_before,"
                " due_before, last_review_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (card_id, iso_utc(at), today.isoformat(), *row),
            )
            self.conn.execute("DELETE FROM state WHERE card_id = ?", (card_id,))
            self.conn.execute("DELETE FROM buried WHERE card_id = ?", (card_id,))
        return _state(row)

    def resets(self, card_id: str) -> list[dict]:
        """The resets of one card, oldest first, as dicts."""
        cur = self.conn.execute("SELECT * FROM resets WHERE card_id = ? ORDER BY id", (card_id,))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]

    def find_cards(self, ref: str) -> list[CardRow]:
        """The card with id ``ref``, else the present cards whose id starts with it (at most 10)."""
        exact = self.card(ref)
        if exact is not None:
            return [exact]
        prefix = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        cur = self.conn.execute(
            f"SELECT {_CARD_COLS} FROM cards c WHERE c.id LIKE ? ESCAPE '\\' AND c.present = 1 ORDER BY c.id LIMIT 10",
            (prefix,),
        )
        return [_card(r) for r in cur]

    def review_counts(self) -> dict[str, int]:
        """Card id -> its SM-2 reviews (kinds ``new`` and ``review``: no repeat, no cram)."""
        return dict(self.conn.execute("SELECT card_id, count(*) FROM reviews WHERE kind IN ('new', 'review') GROUP BY card_id"))

    def review_log(self, card_id: str | None = None) -> list[dict]:
        """The log as dicts, oldest first (all cards, or one)."""
        cur = self.conn.execute(
            "SELECT * FROM reviews" + (" WHERE card_id = ?" if card_id else "") + " ORDER BY id", (card_id,) if card_id else ()
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]


def _state(row: tuple) -> CardState:
    return CardState(sm2.State(reps=row[0], ef=row[1], interval=row[2], lapses=row[3]), date.fromisoformat(row[4]), row[5])


def _parse_deck(data: bytes, path: Path):
    """A changed deck file, validated (:func:`srs.deck.parse_deck_text` takes its fast paths and
    names the file and line of any problem)."""
    from srs.deck import parse_deck_text  # pydantic only when a deck file changed
    from srs.errors import DeckFileError

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DeckFileError(f"not UTF-8 text ({exc.reason})", path) from None
    return parse_deck_text(text, path)


class _Transaction:
    """``BEGIN IMMEDIATE`` (take the write lock now, waiting up to the busy timeout) … ``COMMIT``."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error:
                _rollback(self.conn)
                raise
        else:
            _rollback(self.conn)


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, and only it: every grade committed before stays. After a full
    disk or an I/O error SQLite may have rolled back already; the error that caused it is the one to report."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def read_states(path: Path, card_ids: list[str]) -> dict[str, CardState]:
    """States for ``srs list``: read-only, and empty when there is no database yet."""
    rows = _read_only(path, "SELECT card_id, reps, ef, interval, lapses, due, last_review FROM state")
    wanted = set(card_ids)
    return {r[0]: _state(r[1:]) for r in rows if r[0] in wanted}


def read_marks(path: Path) -> tuple[set[str], set[str]]:
    """The suspended and the flagged card ids, for ``srs list``: read-only, empty without a database (or one
    made before there were marks)."""
    return ({r[0] for r in _read_only(path, "SELECT card_id FROM suspended")},
            {r[0] for r in _read_only(path, "SELECT card_id FROM flagged")})


def _read_only(path: Path, sql: str) -> list[tuple]:
    """The rows of one query, read without writing anything (no migration either); none without a database."""
    if not path.exists():
        return []
    uri = path.absolute().as_uri() + "?mode=ro"
    try:
        try:
            return _query_rows(uri, path, sql)
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) and "unable to open" not in str(exc):
                raise
            # A read-only folder: SQLite cannot make the -shm file a WAL reader needs. No writer is at
            # work then (a writer needs that file too), so the database file is read as it stands.
            return _query_rows(uri + "&immutable=1", path, sql)
    except sqlite3.Error as exc:
        raise fault(exc, path) from None


def _query_rows(uri: str, path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        _refuse_newer(_read_version(conn), path)
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        return []  # a database nothing was reviewed in yet (or of an older schema)
    finally:
        conn.close()
