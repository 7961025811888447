"""Wiring for ``srs review``: config, database, content index and session, in that order."""

from __future__ import annotations

from pathlib import Path

from srs import clock, paths
from srs.config import load_config
from srs.errors import SrsError
from srs.filters import CardFilter
from srs.session import Session
from srs.store import Store


def deck_paths(decks_dir: Path) -> list[Path]:
    """The deck files of a folder, as :func:`srs.catalog.deck_files` lists them (without loading pydantic)."""
    if not decks_dir.is_dir():
        raise SrsError("decks folder not found (set --decks-dir or SRS_DECKS)", decks_dir)
    return sorted(p for p in decks_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def open_session(decks_dir: str | None, db: str | None, card_filter: CardFilter, *, new_per_day: int | None = None,
                 reviews_per_day: int | None = None, shuffle: bool = False) -> Session:
    """Read the config, open the database, refresh the card index from changed deck files, build today's queue.
    Bad settings (the config, SRS_NOW) are refused before the database is created or opened."""
    config = load_config().with_overrides(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
    clock.now()  # a bad SRS_NOW: refused before the database is created
    store = Store(paths.default_db_path(db))
    try:
        with store.faults():
            store.refresh_index(deck_paths(paths.resolve_decks_dir(decks_dir)))
            return Session(store, card_filter, config, shuffle=shuffle)
    except BaseException:
        store.close()
        raise
