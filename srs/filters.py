"""Card selection shared by every command: list, review, export, stats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, TypeVar

from srs.anki_decks import in_deck

if TYPE_CHECKING:  # not at run time: `srs review` filters index rows without loading pydantic
    from srs.card import Card


@dataclass(frozen=True)
class CardFilter:
    """Which cards a command works on. Empty fields match everything.

    Within one field the values are alternatives (``--level mid --level senior``);
    different fields must all match.
    """

    levels: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    decks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    search: str | None = None
    _search_terms: tuple[str, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        terms = tuple(self.search.casefold().split()) if self.search else ()
        object.__setattr__(self, "_search_terms", terms)

    @property
    def is_empty(self) -> bool:
        return not (self.levels or self.domains or self.difficulties or self.decks or self.tags or self.search)

    def matches(self, card: Card, deck: str) -> bool:
        if self.levels and (card.level or "none") not in self.levels:
            return False
        if self.domains and (card.domain or "none") not in self.domains:
            return False
        if self.difficulties and (card.difficulty or "none") not in self.difficulties:
            return False
        if self.decks and not any(in_deck(deck, card.level, card.domain, d) for d in self.decks):
            return False
        if self.tags and not any(_tag_matches(t, want) for want in self.tags for t in card.tags):
            return False
        if self._search_terms:
            hay = " ".join((card.question, card.answer, card.topic, " ".join(card.tags))).casefold()
            if not all(term in hay for term in self._search_terms):
                return False
        return True

    def describe(self) -> str:
        parts = []
        for name, values in (("level", self.levels), ("domain", self.domains), ("difficulty", self.difficulties),
                             ("deck", self.decks), ("tag", self.tags)):
            if values:
                parts.append(f"{name}={'|'.join(values)}")
        if self.search:
            parts.append(f"search={self.search!r}")
        return ", ".join(parts) or "all cards"


def unknown_decks(flt: CardFilter, cards: Iterable[tuple[str, str | None, str | None]]) -> list[str]:
    """The ``--deck`` values of ``flt`` that select none of these cards (``(deck, level, domain)`` each),
    whatever the other filters say."""
    if not flt.decks:
        return []
    kinds = set(cards)
    return [w for w in flt.decks if not any(in_deck(deck, level, domain, w) for deck, level, domain in kinds)]


def _tag_matches(tag: str, wanted: str) -> bool:
    """Tags match exactly or hierarchically: ``time`` matches ``time::20-min``."""
    t, w = tag.casefold(), wanted.casefold()
    return t == w or t.startswith(w + "::")


T = TypeVar("T")


def select(items: Iterable[T], flt: CardFilter) -> list[T]:
    """Keep the items (anything with ``.card`` and ``.deck``) that match the filter."""
    return [it for it in items if flt.matches(it.card, it.deck)]  # type: ignore[attr-defined]
