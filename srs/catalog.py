"""All the decks in a decks folder, read once, with each card's deck attached."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from srs.card import Card
from srs.card_ids import DeckIds, check_unique_ids
from srs.deck import Deck, load_deck
from srs.errors import SrsError


@dataclass(frozen=True)
class DeckCard:
    """A card together with the deck it belongs to."""

    deck: str
    card: Card
    deck_file: Path


def deck_files(decks_dir: Path) -> list[Path]:
    """The deck files of a folder (``*.yaml`` / ``*.yml`` at its top level), sorted by name."""
    if not decks_dir.is_dir():
        raise SrsError("decks folder not found (set --decks-dir or SRS_DECKS)", decks_dir)
    return sorted(p for p in decks_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_decks(decks_dir: Path) -> list[tuple[Path, Deck]]:
    """Every deck file of a folder, read; a card id used twice is an error (:func:`check_unique_ids`)."""
    decks = [(path, load_deck(path)) for path in deck_files(decks_dir)]
    check_unique_ids([DeckIds(path, [c.id for c in deck.cards]) for path, deck in decks])
    return decks


def load_cards(decks_dir: Path) -> list[DeckCard]:
    """Every card of every deck, in deck-file order then source order."""
    out: list[DeckCard] = []
    for path, deck in load_decks(decks_dir):
        out.extend(DeckCard(deck.deck, card, path) for card in deck.cards)
    return out
