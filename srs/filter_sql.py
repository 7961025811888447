"""A card filter (:class:`srs.filters.CardFilter`) as an SQL condition on the content index, ``cards c``.

Level, domain and difficulty are plain SQL; ``--deck`` is decided once per distinct (deck, level, domain) of
the index with :func:`srs.anki_decks.in_deck` (the few that match go in as one JSON parameter); ``--tag``
and ``--search`` call :meth:`CardFilter.matches` itself as an SQL function, on the card's text with the
overlay applied (:mod:`srs.overlay`), so every command selects exactly the same cards, whether it filters
rows in Python or lets SQLite do it.
"""

from __future__ import annotations

import json
import sqlite3

from srs.anki_decks import in_deck
from srs.filters import CardFilter
from srs.overlay import Overlay

_KIND_KEY = "c.deck || char(31) || ifnull(c.level, '') || char(31) || ifnull(c.domain, '')"
"""A card's (deck, level, domain) as one string (unit separator between; levels and domains are slugs)."""


def card_condition(conn: sqlite3.Connection, flt: CardFilter, overlay: Overlay | None = None) -> tuple[str, list]:
    """``(sql, params)``: a condition on ``cards c`` that holds for the cards ``flt`` selects (``1`` for all);
    ``--search`` reads the text ``overlay`` gives a card."""
    parts: list[str] = []
    params: list = []
    for column, values in (("level", flt.levels), ("domain", flt.domains), ("difficulty", flt.difficulties)):
        if not values:
            continue
        named = [v for v in values if v != "none"]
        terms = [f"c.{column} IN ({', '.join('?' * len(named))})"] if named else []
        params += named
        if "none" in values:
            terms.append(f"c.{column} IS NULL")
        parts.append("(" + " OR ".join(terms) + ")")
    if flt.decks:
        kinds = conn.execute("SELECT DISTINCT deck, level, domain FROM cards").fetchall()
        keys = [f"{deck}\x1f{level or ''}\x1f{domain or ''}" for deck, level, domain in kinds
                if any(in_deck(deck, level, domain, wanted) for wanted in flt.decks)]
        parts.append(f"{_KIND_KEY} IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(keys))
    if flt.tags or flt.search:
        conn.create_function("srs_tags_and_words", 5, _text_matcher(flt, overlay or Overlay()), deterministic=True)
        parts.append("srs_tags_and_words(c.id, c.question, c.answer, c.topic, c.tags)")
    return " AND ".join(parts) or "1", params


def _text_matcher(flt: CardFilter, overlay: Overlay):
    """``--tag`` and ``--search`` as a function of a card's id and text columns (tags as the index stores them,
    JSON), through the overlay."""
    from srs.store import CardRow

    text_only = CardFilter(tags=flt.tags, search=flt.search)

    def matches(card_id: str, question: str, answer: str, topic: str, tags: str) -> bool:
        card = CardRow(card_id, "", question, answer, None, None, None, topic, tuple(json.loads(tags)), "", 0)
        return text_only.matches(overlay.apply(card), "")  # type: ignore[arg-type]

    return matches
