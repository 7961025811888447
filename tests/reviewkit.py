"""Helpers for the review tests: small real decks on disk, real databases, the real CLI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

from srs.card import Card
from srs.deck import Deck, save_deck

SRS = [sys.executable, "-m", "srs"]


def make_deck(folder: Path, name: str = "Test", n: int = 5, prefix: str = "c", file: str | None = None, **fields) -> Path:
    """Write a deck of ``n`` cards (ids ``{prefix}0001``…) with answers except on every third card."""
    cards = []
    for i in range(n):
        kw = {"level": "senior", "domain": "system-design", "difficulty": "hard"} | fields
        cards.append(Card(
            id=f"{prefix}{i:04d}",
            question=f"{name} question {i}: explain `thing_{i}`",
            answer="" if i % 3 == 2 else f"Answer {i}\n\n| k | v |\n|---|---|\n| a | {i} |",
            topic=f"{name} > Part {i // 10}",
            **kw,
        ))
    path = folder / (file or f"{name.lower()}.yaml")
    save_deck(Deck(deck=name, cards=cards), path)
    return path


def run_cli(args: list[str], input: str = "", env: dict[str, str] | None = None):
    """Run ``srs ARGS`` in process (stdin is not a terminal, so review uses plain mode)."""
    from srs.cli import cli

    full_env = {k: v for k, v in os.environ.items() if k.startswith("SRS_") or k == "NO_COLOR"}
    full_env.update(env or {})
    return CliRunner().invoke(cli, args, input=input, env=full_env, catch_exceptions=False)
