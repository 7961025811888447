"""Hostile deck YAML (issue 7: F5, F6, F10, F12 duplicate keys): every command that reads deck files
(import, list, review, export) refuses aliases, deep nesting, duplicate keys and a card id used twice
with one line ``srs: error: FILE:LINE: problem`` and exit code 2, quickly, writing nothing.

Each hostile file runs through the real CLI in a subprocess with a generous timeout: a hang-guard
(the alias and nesting cases used to take minutes, gigabytes or the recursion limit)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from srs.deck_reader import read_own_format

HANG_GUARD_S = 60
ALIAS_REFUSED = "YAML aliases (*big) are not allowed in deck files"


def alias_bomb(aliases: int) -> str:
    """A 100 KB question repeated by alias in the tags (2,000 aliases: 108 KB of YAML, a 200 MB deck written)."""
    tags = ", ".join(["*big"] * aliases)
    return f"deck: Bomb\ncards:\n- question: &big {'x' * 100_000}\n  tags: [{tags}]\n"


#: name -> (deck text, line of the problem, words the message holds)
HOSTILE = {
    # F5: aliases
    "alias-2000": (alias_bomb(2_000), 4, ALIAS_REFUSED),
    "alias-100k": (alias_bomb(100_000), 4, ALIAS_REFUSED),
    "alias-small": ("deck: Small\ncards:\n- id: card-0001\n  question: &q What is X?\n  answer: *q\n", 5,
                    "YAML aliases (*q) are not allowed in deck files"),
    # F6: deep nesting, as flow sequences, flow mappings and block sequences
    "nest-flow-seq": ("deck: Deep\ncards: " + "[" * 100_000 + "\n", 2, "nested too deeply"),
    "nest-flow-map": ("deck: Deep\ncards: " + "{k: " * 5_000 + "\n", 2, "nested too deeply"),
    "nest-block-seq": ("deck: Deep\ncards:\n" + "- " * 5_000 + "x\n", 3, "nested too deeply"),
    "nest-shallow": ("deck: Deep\ncards:\n- id: card-0001\n  question: q\n  tags: " + "[" * 30 + "]" * 30 + "\n",
                     5, "nested too deeply"),
    # F12: a duplicate key takes the last value silently
    "dup-card-key": ("deck: Dup\ncards:\n- id: card-0001\n  question: first\n  answer: a\n  question: second\n",
                     6, "duplicate key 'question' (first at line 4)"),
    "dup-top-key": ("deck: One\ncards: []\ndeck: Two\n", 3, "duplicate key 'deck' (first at line 1)"),
    # values PyYAML cannot construct: an integer too long for Python's int(), a day that does not exist
    "long-int": ("deck: Ints\ncards:\n- id: card-0001\n  question: " + "1" * 5_000 + "\n", 4,
                 "cannot read '11111111111111111111…' as YAML int (put it in quotes"),
    "bad-date": ("deck: Dates\ncards:\n- id: card-0001\n  question: 2001-02-30\n", 4,
                 "cannot read '2001-02-30' as YAML timestamp"),
}


#: the commands that read a whole decks folder
COMMANDS = {"list": ["list"], "review": ["review", "--db", "review.db"], "export": ["export", "-o", "out.apkg"]}


def srs(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "srs", *args], cwd=cwd, input=stdin, capture_output=True, text=True,
                          timeout=HANG_GUARD_S)


def srs_here(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """The same CLI in this process (quicker), where there is no hang to guard against."""
    from click.testing import CliRunner

    from srs.cli import cli

    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def assert_one_line_error(proc: subprocess.CompletedProcess, where: str, *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert proc.stderr.startswith(f"srs: error: {where}: ") and proc.stderr.count("\n") == 1, proc.stderr[-500:]
    for word in words:
        assert word in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("name", HOSTILE)
def test_import_refuses_hostile_yaml_with_file_and_line(tmp_path, name):
    text, line, words = HOSTILE[name]
    (tmp_path / f"{name}.yaml").write_text(text)
    proc = srs(tmp_path, "import", f"{name}.yaml")
    assert_one_line_error(proc, f"{name}.yaml:{line}", words)
    assert not (tmp_path / "decks").exists()  # nothing written


@pytest.mark.parametrize("name", ["alias-2000", "nest-flow-seq", "dup-card-key"])
@pytest.mark.parametrize("command", ["list", "review", "export"])
def test_a_hostile_deck_file_in_the_decks_folder_is_refused_by_every_command(tmp_path, name, command):
    text, line, words = HOSTILE[name]
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "hostile.yaml").write_text(text)
    proc = srs(tmp_path, *COMMANDS[command], "--decks-dir", "decks")
    assert_one_line_error(proc, f"decks/hostile.yaml:{line}", words)
    assert not (tmp_path / "out.apkg").exists()


def test_a_duplicate_key_in_a_deck_written_by_srs_is_refused(tmp_path):
    """The fast reader of srs's own layout must not let a hand-repeated line through either."""
    (tmp_path / "g.yaml").write_text("deck: G\ncards:\n- id: card-0001\n  question: Why?\n  answer: Because.\n")
    assert srs_here(tmp_path, "import", "g.yaml").returncode == 0
    deck = tmp_path / "decks" / "g.yaml"
    text = deck.read_text()
    assert read_own_format(text) is not None  # srs's own layout, read without pyyaml
    deck.write_text(text.replace("  answer: Because.\n", "  answer: Because.\n  answer: Other.\n"))
    assert_one_line_error(srs_here(tmp_path, "list", "--decks-dir", "decks"), "decks/g.yaml:7",
                          "duplicate key 'answer' (first at line 6)")


@pytest.mark.parametrize("name", HOSTILE)
def test_the_fast_reader_leaves_hostile_files_to_the_checked_yaml_reader(name):
    assert read_own_format(HOSTILE[name][0]) is None


# -- F10: one card id, two places --------------------------------------------------------------

A = "deck: A\ncards:\n- id: same-id\n  question: one\n"
B = "deck: B\ncards:\n- question: x\n- id: same-id\n  question: two\n"


def test_import_refuses_a_card_id_used_by_another_source_of_the_batch(tmp_path):
    (tmp_path / "a.yaml").write_text(A)
    (tmp_path / "b.yaml").write_text(B)
    proc = srs_here(tmp_path, "import", "a.yaml", "b.yaml")
    assert_one_line_error(proc, "b.yaml:4", "duplicate card id 'same-id': also used at a.yaml:3")
    assert not (tmp_path / "decks").exists()


def test_import_refuses_a_card_id_already_used_by_another_deck_file(tmp_path):
    (tmp_path / "a.yaml").write_text(A)
    (tmp_path / "b.yaml").write_text(B)
    assert srs_here(tmp_path, "import", "a.yaml").returncode == 0
    proc = srs_here(tmp_path, "import", "b.yaml")
    assert_one_line_error(proc, "b.yaml:4", "duplicate card id 'same-id': also used at decks/a.yaml:4")
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == ["a.yaml"]
    assert srs_here(tmp_path, "import", "a.yaml").returncode == 0  # re-importing the deck that holds the id is fine


def _hand_edited_folder(root: Path) -> None:
    """A decks folder where b.yaml was given a card id a.yaml already uses."""
    (root / "a.yaml").write_text(A)
    (root / "b.yaml").write_text(B.replace("same-id", "other-id"))
    assert srs_here(root, "import", "a.yaml", "b.yaml").returncode == 0
    deck = root / "decks" / "b.yaml"
    deck.write_text(deck.read_text().replace("other-id", "same-id"))


SAME_ID = "duplicate card id 'same-id': also used at decks/a.yaml:4"


@pytest.mark.parametrize("command", ["list", "review", "export"])
def test_every_command_refuses_a_card_id_used_in_two_deck_files(tmp_path, command):
    _hand_edited_folder(tmp_path)
    proc = srs_here(tmp_path, *COMMANDS[command], "--decks-dir", "decks", stdin="5\n5\n5\n")
    assert_one_line_error(proc, "decks/b.yaml:13", SAME_ID)
    assert not (tmp_path / "out.apkg").exists()


def test_review_refuses_a_card_id_added_to_a_second_deck_after_the_index_was_built(tmp_path):
    (tmp_path / "a.yaml").write_text(A)
    (tmp_path / "b.yaml").write_text(B.replace("same-id", "other-id"))
    assert srs_here(tmp_path, "import", "a.yaml", "b.yaml").returncode == 0
    review = ["review", "--db", "review.db", "--decks-dir", "decks"]
    assert srs_here(tmp_path, *review, stdin="q\n").returncode == 0  # the index now holds both decks
    deck = tmp_path / "decks" / "b.yaml"
    deck.write_text(deck.read_text().replace("other-id", "same-id"))
    for _ in range(2):  # refused again on the next run: the index did not take the changed file in
        assert_one_line_error(srs_here(tmp_path, *review, stdin="5\n"), "decks/b.yaml:13", SAME_ID)


def test_a_card_id_used_twice_in_one_deck_file_is_refused_when_listing(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "x.yaml").write_text(
        "deck: X\ncards:\n- id: twice-01\n  question: a\n- id: twice-01\n  question: b\n")
    assert_one_line_error(srs_here(tmp_path, "list", "--decks-dir", "decks"), "decks/x.yaml:5",
                          "duplicate card id 'twice-01': also used at decks/x.yaml:3")


def test_a_card_moved_to_another_deck_file_is_not_a_duplicate_for_review(tmp_path):
    (tmp_path / "a.yaml").write_text(A)
    (tmp_path / "b.yaml").write_text(B.replace("same-id", "other-id"))
    assert srs_here(tmp_path, "import", "a.yaml", "b.yaml").returncode == 0
    review = ["review", "--db", "review.db", "--decks-dir", "decks"]
    assert srs_here(tmp_path, *review, stdin="q\n").returncode == 0
    a, b = tmp_path / "decks" / "a.yaml", tmp_path / "decks" / "b.yaml"
    card = a.read_text().split("cards:\n")[1]
    a.write_text(a.read_text().replace(card, "- id: new-card-01\n  question: three\n"))
    b.write_text(b.read_text() + card)  # same-id now lives in b.yaml only
    proc = srs_here(tmp_path, *review, stdin="5\n5\n5\n5\n")
    assert proc.returncode == 0, proc.stderr
    assert "Reviewed 4 cards" in proc.stdout


@pytest.mark.parametrize("name", ["alias-small", "nest-flow-seq", "dup-top-key"])
def test_a_hostile_vocabulary_file_is_refused_with_file_and_line(tmp_path, name):
    """``--vocab`` files are YAML from elsewhere too: the same limits as deck files."""
    text, line, words = HOSTILE[name]
    (tmp_path / "vocab.yaml").write_text(text)
    (tmp_path / "guide.md").write_text("# Guide\n\n**Q:** What is X?\n\n**A:** Y.\n")
    proc = srs(tmp_path, "import", "guide.md", "--vocab", "vocab.yaml")
    assert_one_line_error(proc, f"vocab.yaml:{line}", "invalid vocabulary YAML", words)
    assert not (tmp_path / "decks").exists()


def test_a_deeply_nested_config_file_is_one_line(tmp_path):
    (tmp_path / "config.toml").write_text("[review]\nnew_per_day = " + "[" * 100_000 + "\n")
    proc = subprocess.run([sys.executable, "-m", "srs", "review", "--db", "review.db"], cwd=tmp_path, input="",
                          capture_output=True, text=True, timeout=HANG_GUARD_S,
                          env={**os.environ, "SRS_CONFIG": str(tmp_path / "config.toml")})
    assert_one_line_error(proc, str(tmp_path / "config.toml"), "nested too deeply")
