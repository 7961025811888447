"""The hardest cards: most lapses (times forgotten), then the lowest E-Factor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from srs.sm2 import EF_INITIAL

HARDEST = 10


@dataclass(frozen=True)
class HardCard:
    id: str
    deck: str
    question: str
    level: str | None
    domain: str | None
    lapses: int
    ef: int
    """E-Factor in hundredths, as SM-2 holds it."""
    interval: int
    answer: str = ""
    """Not shown; read with the question through the overlay (:meth:`srs.overlay.Overlay.apply`)."""


def is_hard(lapses: int, ef: int) -> bool:
    """A card counts as hard once it was forgotten or its E-Factor fell below the start."""
    return lapses > 0 or ef < EF_INITIAL


def hardest(cards: Iterable[HardCard], n: int = HARDEST) -> list[HardCard]:
    """The ``n`` hardest of the hard cards: most lapses first, then lowest E-Factor, then id."""
    return sorted((c for c in cards if is_hard(c.lapses, c.ef)), key=lambda c: (-c.lapses, c.ef, c.id))[:n]
