"""``srs import`` end to end, through ``python -m srs``: counts, byte-identical re-imports,
--dry-run, --explain, --vocab, all-or-nothing batches and one-line file:line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from srs.deck import load_deck

HAND = """deck: Hand-written
description: my own questions
cards:
- question: What is overfitting?
  answer: A model that memorises the noise of its training data.
  level: mid
- id: keep-me-01
  question: What is dropout?
- question: Tell me about yourself
- question: Tell me about yourself
"""

GUIDE = """# ML Interview Guide

## Basics

**Q:** What is overfiting?
**A:** A model that memorises the noise of its training data instead of the signal.

**Q:** How does dropout prevent overfitting?
**A:** It zeroes random activations so units cannot co-adapt.

## Advanced

**Q:** Design a distributed cache system
**A:** Consistent hashing, replication, eviction.

**Q:** What is the difference between L1 and L2 regularization?
**A:** L1 drives weights to exactly zero; L2 shrinks all weights smoothly.
"""


def srs(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "srs", "import", *args], cwd=cwd, capture_output=True, text=True)


def ids(deck_file: Path) -> dict[str, str]:
    return {c.question: c.id for c in load_deck(deck_file).cards}


def test_yaml_source_gets_ids_and_reimport_is_byte_identical(tmp_path):
    (tmp_path / "hand.yaml").write_text(HAND)
    proc = srs(tmp_path, "hand.yaml")
    assert proc.returncode == 0, proc.stderr
    assert "4 added, 0 updated, 0 unchanged, 0 removed" in proc.stdout
    deck_file = tmp_path / "decks" / "hand.yaml"  # default ./decks, created
    deck = load_deck(deck_file)
    assert [c.id for c in deck.cards][1] == "keep-me-01"
    assert len({c.id for c in deck.cards}) == 4
    assert deck.source == "../hand.yaml" and deck.cards[0].source.file == "../hand.yaml"
    assert deck.cards[0].source.line == 4
    first = deck_file.read_bytes()

    proc = srs(tmp_path, "hand.yaml")
    assert proc.returncode == 0, proc.stderr
    assert "0 added, 0 updated, 4 unchanged, 0 removed" in proc.stdout
    assert deck_file.read_bytes() == first


def test_yaml_edit_keeps_ids_and_reports_updated_and_removed(tmp_path):
    (tmp_path / "hand.yaml").write_text(HAND)
    srs(tmp_path, "hand.yaml")
    before = load_deck(tmp_path / "decks" / "hand.yaml").cards
    edited = HAND.replace("What is overfitting?", "What is over-fitting?").replace(
        "- question: Tell me about yourself\n- question: Tell me about yourself\n",
        "- question: Tell me about yourself\n  answer: Two minutes, past to present.\n")
    (tmp_path / "hand.yaml").write_text(edited)
    proc = srs(tmp_path, "hand.yaml")
    assert proc.returncode == 0, proc.stderr
    assert "0 added, 2 updated, 1 unchanged, 1 removed" in proc.stdout
    assert f"removed {before[3].id}" in proc.stdout
    after = load_deck(tmp_path / "decks" / "hand.yaml").cards
    assert [c.id for c in after] == [c.id for c in before[:3]]


def test_dry_run_writes_nothing(tmp_path):
    (tmp_path / "hand.yaml").write_text(HAND)
    proc = srs(tmp_path, "hand.yaml", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "4 added" in proc.stdout and "dry run" in proc.stdout
    assert not (tmp_path / "decks").exists()


def test_bad_yaml_source_one_line_exit_2_and_batch_writes_nothing(tmp_path):
    (tmp_path / "good.yaml").write_text(HAND)
    (tmp_path / "bad.yaml").write_text(HAND.replace("level: mid", "level: guru"))
    proc = srs(tmp_path, "good.yaml", "bad.yaml", "--decks-dir", "out")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "bad.yaml:6:" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_yaml_syntax_error_and_duplicate_ids_name_the_line(tmp_path):
    (tmp_path / "broken.yaml").write_text("deck: x\ncards:\n- question: [unclosed\n")
    proc = srs(tmp_path, "broken.yaml")
    assert proc.returncode == 2 and "broken.yaml:" in proc.stderr and proc.stderr.count("\n") == 1
    (tmp_path / "broken.yaml").write_text("deck: x\ncards:\n- id: same1\n  question: a\n- id: same1\n  question: b\n")
    proc = srs(tmp_path, "broken.yaml")
    assert proc.returncode == 2 and "broken.yaml:5: duplicate card id" in proc.stderr


def test_folder_walk_skips_hidden_folders_and_the_decks_folder(tmp_path):
    src = tmp_path / "notes"
    (src / ".hidden").mkdir(parents=True)
    (src / "sub").mkdir()
    (src / "sub" / "hand.yaml").write_text(HAND)
    (src / ".hidden" / "secret.yaml").write_text(HAND)
    (src / "readme.txt").write_text("not a source")
    decks = src / "decks"
    decks.mkdir()
    (decks / "output.yaml").write_text("this: is [not a deck")  # would fail if read as a source
    proc = srs(tmp_path, "notes", "--decks-dir", "notes/decks")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in decks.iterdir()) == ["hand.yaml", "output.yaml"]
    assert load_deck(decks / "hand.yaml").source == "../sub/hand.yaml"


def test_two_sources_of_one_file_name_get_two_deck_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "hand.yaml").write_text(HAND)
    (tmp_path / "b" / "hand.yaml").write_text(HAND.replace("keep-me-01", "keep-me-02"))  # one id, one card
    proc = srs(tmp_path, "a", "b")
    assert proc.returncode == 0, proc.stderr
    decks = {p.name: load_deck(p) for p in (tmp_path / "decks").iterdir()}
    assert {name: d.source for name, d in decks.items()} == {"hand.yaml": "../a/hand.yaml", "b-hand.yaml": "../b/hand.yaml"}
    assert {d.deck for d in decks.values()} == {"Hand-written"}  # a YAML deck keeps the name its author gave it


def test_help_has_examples(tmp_path):
    proc = srs(tmp_path, "--help")
    assert proc.returncode == 0 and "Examples:" in proc.stdout and "--explain" in proc.stdout


# -- Markdown sources (need the parser) ----------------------------------------------------------


def _parser_ready() -> bool:
    from srs.parser import parse_markdown

    try:
        return bool(parse_markdown("**Q:** What is X?\n**A:** Y.\n").cards)
    except NotImplementedError:
        return False


needs_parser = pytest.mark.skipif(not _parser_ready(), reason="srs.parser.parse_markdown is not implemented yet")


@needs_parser
def test_markdown_import_reimport_and_edits_keep_ids(tmp_path):
    (tmp_path / "sources").mkdir()
    guide = tmp_path / "sources" / "ML Guide.md"
    guide.write_text(GUIDE)
    proc = srs(tmp_path, "sources")
    assert proc.returncode == 0, proc.stderr
    assert "4 added, 0 updated, 0 unchanged, 0 removed" in proc.stdout
    deck_file = tmp_path / "decks" / "ml-guide.yaml"
    deck = load_deck(deck_file)
    assert deck.deck == "ML Interview Guide" and deck.source == "../sources/ML Guide.md"
    assert [c.source.line for c in deck.cards] == [5, 8, 13, 16]
    assert all(c.source.file == "../sources/ML Guide.md" for c in deck.cards)
    first_bytes = deck_file.read_bytes()
    before = ids(deck_file)

    proc = srs(tmp_path, "sources")
    assert "0 added, 0 updated, 4 unchanged, 0 removed" in proc.stdout
    assert deck_file.read_bytes() == first_bytes

    # typo fixed, a question inserted before, one moved to another section, one deleted, answer rewritten
    edited = GUIDE.replace("What is overfiting?", "What is overfitting?")
    edited = edited.replace("## Basics\n", "## Basics\n\n**Q:** What is a transformer?\n**A:** Attention only.\n")
    edited = edited.replace("It zeroes random activations so units cannot co-adapt.", "Random masking at train time.")
    edited = edited.replace("**Q:** Design a distributed cache system\n**A:** Consistent hashing, replication, eviction.\n", "")
    edited = edited.replace("## Advanced\n", "## Advanced\n\n## System Design\n\n**Q:** Design a distributed cache system\n"
                                               "**A:** Consistent hashing, replication, eviction.\n")
    edited = edited.replace("**Q:** What is the difference between L1 and L2 regularization?\n"
                            "**A:** L1 drives weights to exactly zero; L2 shrinks all weights smoothly.\n", "")
    guide.write_text(edited)
    proc = srs(tmp_path, "sources")
    assert proc.returncode == 0, proc.stderr
    assert "1 added" in proc.stdout and "1 removed" in proc.stdout
    after = ids(deck_file)
    assert after["What is overfitting?"] == before["What is overfiting?"]
    assert after["How does dropout prevent overfitting?"] == before["How does dropout prevent overfitting?"]
    assert after["Design a distributed cache system"] == before["Design a distributed cache system"]
    assert after["What is a transformer?"] not in before.values()
    moved = next(c for c in load_deck(deck_file).cards if c.question.startswith("Design"))
    assert "System Design" in moved.topic


@needs_parser
def test_markdown_dry_run_and_explain_write_nothing(tmp_path):
    (tmp_path / "guide.md").write_text(GUIDE + "\n## Resources\n\n- [ ] Read the book\n")
    proc = srs(tmp_path, "guide.md", "--dry-run")
    assert proc.returncode == 0 and "4 added" in proc.stdout
    proc = srs(tmp_path, "--explain", "guide.md")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    card_lines = [ln for ln in lines if "  card " in ln]
    assert any(ln.split()[0] == "5" and "card" in ln and "What is overfiting?" in ln for ln in lines), lines
    assert len(card_lines) >= 4
    assert not (tmp_path / "decks").exists()


@needs_parser
def test_vocab_file_is_passed_to_the_parser(tmp_path):
    vocab = tmp_path / "my-vocab.yaml"
    vocab.write_text(yaml.safe_dump({"levels": {"aliases": {"rookie": "entry"}}}))
    (tmp_path / "guide.md").write_text("# Guide\n\n## Rookie Questions\n\n**Q:** What is a tensor?\n**A:** An array.\n")
    proc = srs(tmp_path, "guide.md", "--vocab", str(vocab))
    assert proc.returncode == 0, proc.stderr
    assert load_deck(tmp_path / "decks" / "guide.yaml").cards[0].level == "entry"
    proc = srs(tmp_path, "guide.md", "--vocab", "missing.yaml")
    assert proc.returncode == 2
