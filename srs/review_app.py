"""Wiring for ``srs review`` (and ``srs stats``): config, database, content index and session, in that order."""

from __future__ import annotations

from pathlib import Path

from srs import clock, paths
from srs.config import load_config
from srs.filters import CardFilter
from srs.session import Session
from srs.store import Store


def open_session(decks_dir: str | None, db: str | None, card_filter: CardFilter, *, new_per_day: int | None = None,
                 reviews_per_day: int | None = None, shuffle: bool = False) -> Session:
    """Read the config, open the database, refresh the card index from changed deck files, build today's queue.
    Bad settings (the config, SRS_NOW) are refused before the database is created or opened."""
    config = load_config().with_overrides(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
    clock.now()  # a bad SRS_NOW: refused before the database is created
    store = open_index(decks_dir, db)
    try:
        with store.faults():
            return Session(store, card_filter, config, shuffle=shuffle)
    except BaseException:
        store.close()
        raise


def open_index(decks_dir: str | None, db: str | None) -> Store:
    """Open the review database and bring its content index up to date with the deck files that changed."""
    store = Store(paths.default_db_path(db))
    try:
        with store.faults():
            store.refresh_index(paths.deck_paths(paths.resolve_decks_dir(decks_dir)))
    except BaseException:
        store.close()
        raise
    return store
