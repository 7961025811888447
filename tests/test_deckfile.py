"""Deck YAML: round trip, byte-stable saves, and errors that name file and line."""

import subprocess
import sys

import pytest

from srs.deck import Deck, dump_deck, load_deck, parse_deck_text, save_deck
from srs.errors import DeckFileError

GOOD = """deck: Test deck
cards:
- id: abc123
  question: What is overfitting?
  answer: |
    A model that memorises noise.

    ```python
    model.fit(x, y)
    ```
  level: mid
  difficulty: null
  domain: ml-fundamentals
  topic: Basics
  tags: [time::20-min]
  source: {file: sources/x.md, line: 3}
"""


def test_round_trip_is_byte_identical(tmp_path):
    deck = parse_deck_text(GOOD, "x.yaml")
    path = tmp_path / "d.yaml"
    assert save_deck(deck, path) is True
    first = path.read_bytes()
    assert save_deck(load_deck(path), path) is False
    assert path.read_bytes() == first
    assert load_deck(path) == deck
    assert "```python\n" in load_deck(path).cards[0].answer


def test_bad_level_names_file_and_line():
    bad = GOOD.replace("level: mid", "level: guru")
    with pytest.raises(DeckFileError) as info:
        parse_deck_text(bad, "decks/x.yaml")
    assert str(info.value).startswith("decks/x.yaml:11: cards.0.level")


@pytest.mark.parametrize("text, expected", [
    ("deck: x\ncards:\n- id: abcd\n  question: [unclosed\n", "y.yaml:4: invalid YAML: the [ list opened at line 4 is never closed"),
    ("deck: x\ncards:\n- id: abcd\n  question: \"unclosed\n", "y.yaml:4: invalid YAML: the quoted string opened at line 4 is never closed"),
    ("deck: x\ncards:\n- id: abcd\n  question: Q\n answer: A\n", "y.yaml:5: invalid YAML: the indentation does not line up"),
])
def test_yaml_syntax_error_names_a_line_that_exists_and_says_what_is_wrong(text, expected):
    with pytest.raises(DeckFileError) as info:
        parse_deck_text(text, "y.yaml")
    assert str(info.value).startswith(expected)
    assert info.value.line <= text.count("\n")


def test_every_validation_problem_is_named_with_its_line():
    bad = GOOD.replace("level: mid", "level: guru") + GOOD.split("cards:\n")[1].replace("abc123", "abc124").replace(
        "difficulty: null", "difficulty: trivial")
    with pytest.raises(DeckFileError) as info:
        parse_deck_text(bad, "x.yaml")
    assert str(info.value) == ("x.yaml:11: cards.0.level: Input should be 'entry', 'mid', 'senior' or 'expert'; "
                               "also line 26 (cards.1.difficulty)")


def test_cli_reports_bad_deck_in_one_line(tmp_path):
    (tmp_path / "bad.yaml").write_text(GOOD.replace("question: What is overfitting?", "question: ''"))
    proc = subprocess.run([sys.executable, "-m", "srs", "list", "--decks-dir", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "bad.yaml:4" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_choices_offer_exactly_the_card_model_scales():
    """The filter flags read srs.scales (no pydantic at start-up); a value added to the model must be offered."""
    from srs import card, scales

    assert scales.LEVELS == card.LEVELS
    assert scales.DIFFICULTIES == card.DIFFICULTIES
