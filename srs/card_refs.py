"""Card ids as a user types them: the whole id, or the start of one that no other card shares."""

from __future__ import annotations

from srs.control_chars import visible
from srs.errors import SettingError
from srs.store import CardRow, Store


def resolve(store: Store, refs: list[str]) -> list[CardRow]:
    """The cards ``refs`` name, in the order given, each once. An id that names no card, or the start of
    several, is an error (exit 2) naming it; nothing is resolved then."""
    cards: dict[str, CardRow] = {}
    for ref in refs:
        found = store.find_cards(ref.strip())
        if not found:
            raise SettingError(visible(f"no card with id {ref!r} (srs list shows the ids)"))
        if len(found) > 1:
            some = ", ".join(c.id for c in found[:5]) + (", …" if len(found) > 5 else "")
            raise SettingError(visible(f"{ref!r} is the start of several card ids ({some}): give more of it"))
        cards.setdefault(found[0].id, found[0])
    return list(cards.values())
