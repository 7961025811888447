"""Hostile Markdown cannot stall or crash ``srs import`` (issue 7, F9).

Each document below is shaped to hit one spot where import used to take time growing faster than the
input: regex backtracking over unmatched markup, a quadratic id salt loop, a library that slows down
(or overflows its stack) on deep nesting or many link definitions, re-import matching that paired every
old card with every new one. At the size used here each took over a minute before the fix (the timeout
below; deep nesting on one line crashed with SIGSEGV instead), and takes about a second now. Each runs the
real ``srs import`` in a subprocess under a generous hang-guard timeout, then checks that the result still
makes sense: the card the document asks is there. ``bench/adversarial_import_bench.py``
measures how the time grows (1x, 10x, 100x).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from srs.card import Card
from srs.deck import load_deck

HANG_GUARD = 60  # seconds: minutes before the fix, about a second after


def srs_import(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    source = tmp_path / "hostile.md"
    source.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "srs", "import", str(source), "--decks-dir", str(tmp_path / "decks")],
                          capture_output=True, text=True, timeout=HANG_GUARD)


def imported_cards(tmp_path: Path, text: str) -> list[Card]:
    """Import ``text`` (exit 0 required) and return the cards of the deck it wrote."""
    proc = srs_import(tmp_path, text)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return load_deck(tmp_path / "decks" / "hostile.yaml").cards


def imported_questions(tmp_path: Path, text: str) -> list[str]:
    return [card.question for card in imported_cards(tmp_path, text)]


@pytest.mark.parametrize("delimiter", ["*a ", "_a "])
def test_unmatched_emphasis_in_a_question(tmp_path, delimiter):
    # 50,000 openers without a closer: every one used to scan to the end of the line (220 s)
    text = "**Question:** What is " + delimiter * 50_000 + "?\n\n**Answer:** Nothing.\n"
    questions = imported_questions(tmp_path, text)
    assert len(questions) == 1 and questions[0].startswith("What is " + delimiter * 3)


def test_growing_block_quote_nesting(tmp_path):
    # line k holds k '>' (6 MB): a check for quote-only lines backtracked over every prefix of every line
    quotes = "".join(">" * k + " What is it?\n" for k in range(1, 3_501))
    questions = imported_questions(tmp_path, quotes + "\n## What is a block quote?\n\nA quoted passage.\n")
    assert questions == ["What is a block quote?"]


@pytest.mark.parametrize("prefix", ["- ", "> ", "1. "])
def test_deep_nesting_on_one_line(tmp_path, prefix):
    # 60,000 container markers on one line overflowed the fast Markdown parser's stack (SIGSEGV)
    text = "## What is deep nesting?\n\nContainers in containers.\n\n" + prefix * 60_000 + "x\n"
    questions = imported_questions(tmp_path, text)
    assert questions == ["What is deep nesting?"]


def test_many_repeated_questions_get_distinct_ids_and_reimport_unchanged(tmp_path):
    # the k-th copy of a question used to hash k salts before finding a free id (quadratic in the copies)
    text = "# Repeats\n\n" + "## What is a thing?\n\nAn answer.\n\n" * 8_000
    proc = srs_import(tmp_path, text)
    assert proc.returncode == 0, proc.stderr[-2000:]
    deck_file = tmp_path / "decks" / "hostile.yaml"
    cards = load_deck(deck_file).cards
    assert len(cards) == 8_000 and len({c.id for c in cards}) == 8_000
    before = deck_file.read_bytes()
    again = srs_import(tmp_path, text)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "0 added, 0 updated, 8000 unchanged, 0 removed" in again.stdout
    assert deck_file.read_bytes() == before


def test_long_runs_of_spaces_or_punctuation(tmp_path):
    # a pattern starting with a run (\s*, [?.!]+) restarted at every character of a long run: quadratic in the run
    spaces = " " * 120_000
    text = (f"## What is{spaces}a whitespace run?\n\nSpaces.\n\n"
            f"**Question:** Why{spaces}so many spaces?\n\n**Answer:** Padding.\n\n"
            f"**Bold{spaces}line**\n\n**Note**{spaces}text.\n\n"
            "**Question:** Why" + "?" * 100_000 + " so many marks?\n\n**Answer:** Emphasis.\n")
    cards = imported_cards(tmp_path, text)
    questions = [c.question for c in cards]
    assert questions[0] == "What is a whitespace run?" and questions[-1] == "Why" + "?" * 100_000 + " so many marks?"
    assert cards[-1].answer == "Emphasis."


def test_unclosed_brackets_and_links(tmp_path):
    text = ("**Question:** What is " + "[" * 100_000 + "]?\n\n**Answer:** Brackets.\n\n"
            "**Question:** What is " + "[a](" * 60_000 + "?\n\n**Answer:** Links.\n\n"
            "## What is " + "[src](" * 40_000 + " a citation?\n\nCitations.\n")
    questions = imported_questions(tmp_path, text)
    assert len(questions) == 3
    assert questions[0].startswith("What is [[[") and questions[1].startswith("What is [a](")
    assert questions[2].startswith("What is")


def test_unclosed_html(tmp_path):
    text = ("**Question:** What is " + "<a" * 100_000 + "?\n\n**Answer:** Tags.\n\n"
            "## What is a summary?\n\n" + "x\n\n<summary>" * 40_000 + "\n\n<details" * 20_000 + "\n")
    questions = imported_questions(tmp_path, text)
    assert questions[0].startswith("What is <a<a")
    assert questions[1] == "What is a summary?"


def test_wide_table(tmp_path):
    # a pipe-over-rule check scanned to the end of the line from every pipe
    n = 100_000
    text = ("## What is a wide table?\n\n| " + " | ".join(f"c{k}" for k in range(n)) + " |\n|"
            + "---|" * n + "\n| " + " | ".join("x" for _ in range(n)) + " |\n")
    questions = imported_questions(tmp_path, text)
    assert questions == ["What is a wide table?"]


def test_emoji_and_hash_runs_in_a_heading(tmp_path):
    text = ("## What is " + "\U0001f525" * 64_000 + " heat?\n\nFire.\n\n"
            "## What is " + "#" * 100_000 + "x?\n\nHashes.\n")
    questions = imported_questions(tmp_path, text)
    assert len(questions) == 2 and questions[0] == "What is heat?"


def test_many_link_definitions(tmp_path):
    # the fast Markdown parser is quadratic in link reference definitions: such documents go to the reference one
    text = "## What is a link definition?\n\nA name for a URL.\n\n" + "".join(
        f"[ref{k}]: https://example.com/{k}\n" for k in range(40_000))
    questions = imported_questions(tmp_path, text)
    assert questions == ["What is a link definition?"]


def test_reimport_after_editing_many_repeated_questions(tmp_path):
    # every old copy was scored against every new copy of the edited question (2,000 copies: about 2 minutes)
    assert srs_import(tmp_path, "# Repeats\n\n" + "## What is a thing?\n\nAn answer.\n\n" * 2_000).returncode == 0
    cards = imported_cards(tmp_path, "# Repeats\n\n" + "## What is a thingy?\n\nAn answer.\n\n" * 2_000)
    assert len(cards) == 2_000 and len({c.id for c in cards}) == 2_000
    assert {c.question for c in cards} == {"What is a thingy?"}


def test_reimport_after_editing_a_huge_question(tmp_path):
    # two questions of 20,000 words were compared character by character (quadratic in their length)
    words = " ".join(f"word{k}" for k in range(20_000))
    [old] = imported_cards(tmp_path, f"**Question:** What is {words}?\n\n**Answer:** Words.\n")
    proc = srs_import(tmp_path, f"**Question:** What is {words} now?\n\n**Answer:** Words.\n")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "0 added, 1 updated, 0 unchanged, 0 removed" in proc.stdout
    [new] = load_deck(tmp_path / "decks" / "hostile.yaml").cards
    assert new.id == old.id and new.question.endswith(" now?")
