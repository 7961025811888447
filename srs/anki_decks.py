"""Deck names as Anki sees them: the subdecks ``srs export`` puts a card in, and when two names are one deck.

Importable without genanki or pydantic: ``--deck`` filters (list, review, export) and the importer's deck
naming use it as well as the exporter.
"""

from __future__ import annotations

from functools import lru_cache

from srs.control_chars import strip_controls

#: The level subdeck of a card with a level: ``Root::2 Mid``.
LEVEL_DECKS = {"entry": "1 Entry", "mid": "2 Mid", "senior": "3 Senior", "expert": "4 Expert"}


@lru_cache(maxsize=1024)
def deck_name(name: str) -> str:
    """A deck name as it goes into the package, plain text: no control character (``\x1f`` is also the
    hierarchy separator inside Anki), no ``<`` or ``>`` (deck names are shown as HTML in places, and a
    file name such as ``x<img src=x onerror=...>.md`` becomes a deck name), ``::`` hierarchy kept;
    ``srs`` when nothing is left."""
    name = strip_controls(name).replace("<", "").replace(">", "")
    return name if name.replace("::", "").strip() else "srs"


def subdeck(root: str, key: str, level: str | None, domain: str | None) -> str:
    """The Anki deck of a card of deck ``root``: ``Root::<level subdeck>`` (``key`` ``level``) or
    ``Root::<domain>`` (``key`` ``domain``); the root deck itself when the card has no value for the key."""
    root = deck_name(root)
    if key == "domain":
        return f"{root}::{domain}" if domain else root
    return f"{root}::{LEVEL_DECKS[level]}" if level else root


@lru_cache(maxsize=4096)
def deck_key(name: str) -> str:
    """What makes two deck names one Anki deck: case and the spaces around ``::`` do not count."""
    return "::".join(part.strip() for part in deck_name(name).casefold().split("::"))


def card_decks(deck: str, level: str | None, domain: str | None) -> tuple[str, ...]:
    """Every name a card of ``deck`` is found under: its deck and the Anki subdecks an export puts it in."""
    return (deck, subdeck(deck, "level", level, domain), subdeck(deck, "domain", level, domain))


def in_deck(deck: str, level: str | None, domain: str | None, wanted: str) -> bool:
    """Whether ``--deck wanted`` selects such a card: one of its names (:func:`card_decks`) is ``wanted`` or a
    ``::`` subdeck of it, compared as Anki does (:func:`deck_key`)."""
    w = deck_key(wanted)
    return any(d == w or d.startswith(w + "::") for d in map(deck_key, card_decks(deck, level, domain)))
