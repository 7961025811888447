"""Deck names a user can tell apart (issue 8 item 6): two documents with the same title give two
decks, and ``--deck`` also takes the Anki subdeck name an export shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from srs.card import Card
from srs.deck import load_deck
from srs.filters import CardFilter
from srs.importer import import_sources


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_two_documents_with_the_same_title_give_two_deck_names(tmp_path):
    _write(tmp_path / "notes" / "python.md", "# Interview Questions\n\n- What is a list?\n")
    _write(tmp_path / "notes" / "sql.md", "# Interview Questions\n\n- What is a join?\n")
    decks = tmp_path / "decks"
    import_sources([tmp_path / "notes"], decks)
    names = {p.stem: load_deck(p).deck for p in decks.glob("*.yaml")}
    assert names == {"python": "Interview Questions", "sql": "Interview Questions (sql)"}
    before = {p.name: p.read_bytes() for p in decks.glob("*.yaml")}
    import_sources([tmp_path / "notes"], decks)  # a re-import keeps both names, byte for byte
    assert {p.name: p.read_bytes() for p in decks.glob("*.yaml")} == before
    _write(tmp_path / "more" / "go.md", "# Interview Questions\n\n- What is a goroutine?\n")
    import_sources([tmp_path / "more" / "go.md"], decks)  # a later document with the same title
    assert load_deck(decks / "go.yaml").deck == "Interview Questions (go)"


@pytest.mark.parametrize("wanted,level,domain,match", [
    ("Mid Level Prep", "mid", None, True),                 # the deck itself
    ("mid level prep::2 Mid", "mid", None, True),          # its level subdeck, as Anki shows it
    ("Mid Level Prep::2 Mid", "senior", None, False),      # another level's subdeck
    ("Mid Level Prep::mid", "mid", None, True),            # the level word itself
    ("Mid Level Prep::llm", "mid", "llm", True),           # a domain subdeck (export --split-by domain)
    ("Mid Level Prep::llm", "mid", "coding", False),
    ("Other Deck::2 Mid", "mid", None, False),
])
def test_deck_filter_takes_the_anki_subdeck_name(wanted, level, domain, match):
    card = Card(id="abcdefghij", question="What is X?", level=level, domain=domain)
    assert CardFilter(decks=(wanted,)).matches(card, "Mid Level Prep") is match
