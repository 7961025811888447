"""One card id, one card: the check run wherever deck files are read together.

A card id keys the card's review history and its Anki note, so two cards sharing one would have
``srs review`` keep one of them and ``srs export`` overwrite one note with the other. Import (over
the sources of a batch and the other deck files of the decks folder), list, review and export all
refuse it with the same line, at the second use: ``b.yaml:7: duplicate card id 'x': also used at
a.yaml:12``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from srs.errors import DeckFileError


@dataclass(frozen=True)
class DeckIds:
    """The card ids of one file (a deck file or an imported source), in order."""

    file: Path
    ids: Sequence[str]
    positions: Sequence[int] | None = None  # each card's index in the file's cards (None: 0, 1, 2, ...)
    lines: Sequence[int | None] | None = None  # each card's line in the file (None: found in the deck file)


def check_unique_ids(decks: Sequence[DeckIds]) -> None:
    """Raise :class:`DeckFileError` at the first card whose id an earlier card (in ``decks`` order) uses."""
    total = sum(len(d.ids) for d in decks)
    if len(set().union(*(d.ids for d in decks))) == total:  # the usual case, at the speed of set()
        return
    first: dict[str, tuple[DeckIds, int]] = {}
    for deck in decks:
        for k, card_id in enumerate(deck.ids):
            if card_id not in first:
                first[card_id] = (deck, k)
                continue
            other, j = first[card_id]
            other_line = _line(other, j)
            where = f"{other.file}:{other_line}" if other_line else str(other.file)
            raise DeckFileError(f"duplicate card id {card_id!r}: also used at {where}", deck.file, _line(deck, k))


def _line(deck: DeckIds, k: int) -> int | None:
    if deck.lines is not None:
        return deck.lines[k]
    from srs.deck import card_id_line

    return card_id_line(deck.file, deck.positions[k] if deck.positions is not None else k)
