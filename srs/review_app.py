"""Wiring for ``srs review`` and ``srs cram`` (and the database for ``srs stats``): config, database, index, overlay, session."""

from __future__ import annotations

from srs import clock, paths
from srs.config import ReviewConfig, load_config
from srs.filters import CardFilter
from srs.overlay import load_overlay
from srs.plan import DatePlan
from srs.queue import CramOrder, Selection, build_cram
from srs.session import Session
from srs.store import Store


def open_store(decks_dir: str | None, db: str | None) -> Store:
    """The review database with its card index brought up to date with the decks folder. A bad SRS_NOW is
    refused before the database is created or opened."""
    clock.now()
    store = Store(paths.default_db_path(db))
    try:
        with store.faults():
            store.refresh_index(paths.deck_paths(paths.resolve_decks_dir(decks_dir)))
    except BaseException:
        store.close()
        raise
    return store


def date_plan(config: ReviewConfig) -> DatePlan | None:
    """The config's ``[plan]`` as a :class:`DatePlan`, None without a date."""
    p = config.plan
    return DatePlan(p.date, p.new_cards_by, p.final_days) if p.date is not None else None


def open_session(decks_dir: str | None, db: str | None, card_filter: CardFilter, *, new_per_day: int | None = None,
                 reviews_per_day: int | None = None, shuffle: bool = False, ahead: bool = False) -> Session:
    """Read the config, open the database, refresh the card index from changed deck files, build today's queue.
    Bad settings (the config, SRS_NOW) are refused before the database is created or opened."""
    config = load_config().with_overrides(new_per_day=new_per_day, reviews_per_day=reviews_per_day)
    overlay = load_overlay(paths.resolve_decks_dir(decks_dir))
    store = open_store(decks_dir, db)
    try:
        with store.faults():
            return Session(store, card_filter, config, shuffle=shuffle, selection=Selection(card_filter, overlay),
                           plan=date_plan(config), plan_pace=new_per_day is None, ahead=ahead)
    except BaseException:
        store.close()
        raise


def open_cram(decks_dir: str | None, db: str | None, card_filter: CardFilter, *, order: CramOrder = "random",
              limit: int | None = None) -> Session:
    """A cram session over the selected cards (:func:`srs.queue.build_cram`)."""
    config = load_config()
    selection = Selection(card_filter, load_overlay(paths.resolve_decks_dir(decks_dir)))
    store = open_store(decks_dir, db)
    try:
        with store.faults():
            return Session(store, card_filter, config, selection=selection, mode="cram",
                           queue=build_cram(store, selection, order, limit))
    except BaseException:
        store.close()
        raise
