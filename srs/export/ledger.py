"""When each card's note content last changed: the note modification time Anki compares.

Anki updates an existing note on import only when the incoming note is *newer*. So a note's
``mod`` must be the time its content (fields and tags) last changed: unchanged cards keep the
same ``mod`` (the package stays byte-identical), an edited card gets a later one (Anki takes it).

The ledger is a small SQLite file in the user data dir (``export-ledger.sqlite3``) holding, per
card id: the hash of the note content last exported, that content's ``mod``, and the note id
given the first time (Anki shows it as the note's creation time). A card seen for the first time,
or whose content hash changed, gets ``mod = max(now, previous mod + 1)``; "now" is
``$SOURCE_DATE_EPOCH`` when set (reproducible builds), else the clock.

Why a ledger and not something derived from the deck file: nothing in a deck says *when* a card
changed, and a hash of the content cannot be ordered, so "edited → newer" needs remembered state.
Losing the ledger is harmless: every card then counts as changed "now", which is newer than any
earlier export, so Anki still updates in place (it only rewrites unchanged notes once).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from srs.errors import SrsError
from srs.paths import data_dir

LEDGER_NAME = "export-ledger.sqlite3"


def default_ledger_path() -> Path:
    return data_dir() / LEDGER_NAME


def now_seconds() -> int:
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        try:
            return int(env)
        except ValueError:
            raise SrsError(f"SOURCE_DATE_EPOCH is not a whole number of seconds: {env!r}") from None
    return int(time.time())


def content_hash(fields: tuple[str, ...], tags: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    h.update("\x1f".join(fields).encode("utf-8"))
    h.update(b"\x1e")
    h.update(" ".join(tags).encode("utf-8"))
    return h.hexdigest()[:32]


@dataclass
class Stamp:
    nid: int  # note id (ms), fixed at first export
    mod: int  # seconds: when this content was first exported


class Ledger:
    """Load once, :meth:`stamp` every note, :meth:`save` after the package is written."""

    def __init__(self, path: Path | None = None):
        self.path = path or default_ledger_path()
        self._rows: dict[str, tuple[str, int, int]] = {}
        self._changed: dict[str, tuple[str, int, int]] = {}
        self._now = now_seconds()
        if self.path.exists():
            try:
                with sqlite3.connect(self.path) as conn:
                    for card_id, digest, mod, nid in conn.execute("SELECT card_id, hash, mod, nid FROM notes"):
                        self._rows[card_id] = (digest, mod, nid)
            except sqlite3.DatabaseError as exc:
                raise SrsError(f"export ledger unreadable ({exc}); delete it to start afresh", self.path) from None
        self._nids = {nid for _, _, nid in self._rows.values()}
        self._next_nid = self._now * 1000  # new notes get consecutive ids from "now" on

    def stamp(self, card_id: str, digest: str) -> Stamp:
        row = self._changed.get(card_id) or self._rows.get(card_id)
        if row is not None and row[0] == digest:
            return Stamp(nid=row[2], mod=row[1])
        if row is None:
            nid = self._next_nid
            while nid in self._nids:
                nid += 1
            self._nids.add(nid)
            self._next_nid = nid + 1
            mod = self._now
        else:
            nid = row[2]
            mod = max(self._now, row[1] + 1)
        self._changed[card_id] = (digest, mod, nid)
        return Stamp(nid=nid, mod=mod)

    def save(self) -> None:
        if not self._changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.path) as conn:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS notes (card_id TEXT PRIMARY KEY, hash TEXT NOT NULL,"
                    " mod INTEGER NOT NULL, nid INTEGER NOT NULL)"
                )
                conn.executemany(
                    "INSERT OR REPLACE INTO notes (card_id, hash, mod, nid) VALUES (?, ?, ?, ?)",
                    [(cid, d, m, n) for cid, (d, m, n) in self._changed.items()],
                )
            conn.close()
        except (OSError, sqlite3.DatabaseError) as exc:
            raise SrsError(f"cannot write the export ledger: {exc}", self.path) from None
        self._rows.update(self._changed)
        self._changed.clear()
