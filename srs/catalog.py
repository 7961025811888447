"""All the decks in a decks folder, read once, with each card's deck attached (and the overlay's text)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from srs.card import Card
from srs.card_ids import DeckIds, check_unique_ids
from srs.deck import Deck, load_deck
from srs.paths import deck_paths

if TYPE_CHECKING:
    from srs.overlay import Overlay


@dataclass(frozen=True)
class DeckCard:
    """A card together with the deck it belongs to."""

    deck: str
    card: Card
    deck_file: Path


def load_decks(decks_dir: Path) -> list[tuple[Path, Deck]]:
    """Every deck file of a folder, read; a card id used twice is an error (:func:`check_unique_ids`)."""
    decks = [(path, load_deck(path)) for path in deck_paths(decks_dir)]
    check_unique_ids([DeckIds(path, [c.id for c in deck.cards]) for path, deck in decks])
    return decks


def load_cards(decks_dir: Path) -> list[DeckCard]:
    """Every card of every deck, in deck-file order then source order."""
    out: list[DeckCard] = []
    for path, deck in load_decks(decks_dir):
        out.extend(DeckCard(deck.deck, card, path) for card in deck.cards)
    return out


def with_overlay(items: list[DeckCard], overlay: "Overlay") -> list[DeckCard]:
    """The cards with the overlay's question and answer (:meth:`srs.overlay.Overlay.apply`)."""
    return [replace(it, card=overlay.apply(it.card)) for it in items] if overlay else items
