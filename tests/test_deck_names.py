"""Deck names never collide (issue 8, item 6).

Two documents with the same title, or the same file name in two folders, import into two deck files with
two names a user can tell apart (in ``srs list``, review and Anki); the names and files are the same on
every re-import, whatever the order or the subset imported; existing decks keep their file, name and ids.
``--deck`` also takes the Anki subdeck names ``srs export`` writes (``Root::2 Mid``, ``Root::<domain>``),
and a ``--deck`` naming no deck is one line listing the decks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from srs.card import Card
from srs.deck import Deck, load_deck, save_deck
from srs.identity import derive_id
from srs.importer import import_sources

REPO = Path(__file__).parent.parent


def doc(title: str, topic: str) -> str:
    """A small interview document: one mid and one senior question about ``topic``."""
    return (f"# {title}\n\n## Mid Level\n\n### What is {topic}?\n\nThe short answer about {topic}.\n\n"
            f"## Senior Level\n\n### How would you scale {topic}?\n\nShard it and cache it.\n")


def write(root: Path, files: dict[str, tuple[str, str]]) -> None:
    for rel, (title, topic) in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc(title, topic), encoding="utf-8")


def cli(cwd: Path, *args: str, input: str = ""):
    """``srs ARGS`` in process, from ``cwd`` (stdin is not a terminal: review runs in plain mode)."""
    from srs.cli import cli as group

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(group, list(args), input=input, catch_exceptions=False)
    finally:
        os.chdir(old)


def srs_process(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``srs ARGS`` as a user runs it (the one-line error format is the entry point's)."""
    return subprocess.run([sys.executable, "-m", "srs", *args], cwd=cwd, capture_output=True, text=True)


def imported(cwd: Path, *args: str) -> None:
    res = cli(cwd, "import", *args)
    assert res.exit_code == 0, res.output


def deck_files(decks: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(decks.glob("*.yaml"))}


def deck_names(decks: Path) -> dict[str, str]:
    return {p.name: load_deck(p).deck for p in sorted(decks.glob("*.yaml"))}


def listed(cwd: Path, *args: str) -> list[dict]:
    res = cli(cwd, "list", "--decks-dir", "decks", "--format", "json", *args)
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


# -- distinct files and names --------------------------------------------------------------------

IQ = "Interview Questions"

LAYOUTS = {
    "same title, two file names in one folder": (
        {"notes/java.md": (IQ, "the JVM"), "notes/python.md": (IQ, "the GIL")},
        {"java.yaml": IQ, "python.yaml": f"{IQ} (python)"},
    ),
    "same file name in two folders": (
        {"a/README.md": (IQ, "a hash map"), "b/README.md": (IQ, "a heap")},
        {"readme.yaml": IQ, "b-readme.yaml": f"{IQ} (b)"},
    ),
    "same file and folder name under two folders": (
        {"x/notes/README.md": (IQ, "a queue"), "y/notes/README.md": (IQ, "a stack")},
        {"readme.yaml": IQ, "y-notes-readme.yaml": f"{IQ} (y/notes)"},
    ),
    "titles equal but for case (one deck in Anki)": (
        {"a/guide.md": (IQ, "a trie"), "b/guide.md": (IQ.upper(), "a graph")},
        {"guide.yaml": IQ, "b-guide.yaml": f"{IQ.upper()} (b)"},
    ),
    "different titles, same file name": (
        {"a/README.md": ("Python Questions", "a list"), "b/README.md": ("Java Questions", "a class")},
        {"readme.yaml": "Python Questions", "b-readme.yaml": "Java Questions"},
    ),
}


@pytest.mark.parametrize("files, expected", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_colliding_sources_import_into_distinct_decks(tmp_path, files, expected):
    write(tmp_path, files)
    imported(tmp_path, *sorted({rel.split("/")[0] for rel in files}))
    assert deck_names(tmp_path / "decks") == expected
    cards = listed(tmp_path)
    assert len(cards) == 2 * len(files)
    assert {c["deck"] for c in cards} == set(expected.values())
    # each deck holds its own document's cards, and the first deck's ids are the ones it always had
    for name, deck_name in expected.items():
        deck = load_deck(tmp_path / "decks" / name)
        source = (tmp_path / "decks" / deck.source).resolve()
        assert {c.question for c in deck.cards} == {c["question"] for c in cards if c["deck"] == deck_name}
        assert all(files[source.relative_to(tmp_path).as_posix()][1] in c.question for c in deck.cards)
        # ids derive from the deck file's slug: the deck with the plain file name has the ids it always had
        assert all(c.id == derive_id(Path(name).stem, c.question) for c in deck.cards)


def test_argument_order_does_not_change_the_result(tmp_path):
    for run, order in (("one", ("a", "b")), ("two", ("b", "a"))):
        write(tmp_path / run, {"a/README.md": (IQ, "a hash map"), "b/README.md": (IQ, "a heap")})
        imported(tmp_path / run, *order)
    assert deck_files(tmp_path / "one" / "decks") == deck_files(tmp_path / "two" / "decks")


@pytest.mark.parametrize("runs", [
    [("a",), ("b",)],
    [("b",), ("a",)],
    [("b", "a")],
    [("a/README.md",), ("a", "b"), ("b/README.md",)],
], ids=["a then b", "b then a", "both", "mixed"])
def test_reimport_in_any_order_or_subset_leaves_the_decks_byte_identical(tmp_path, runs):
    write(tmp_path, {"a/README.md": (IQ, "a hash map"), "b/README.md": (IQ, "a heap"),
                     "c/README.md": (IQ, "a tree")})
    imported(tmp_path, "a", "b", "c")
    before = deck_files(tmp_path / "decks")
    assert sorted(before) == ["b-readme.yaml", "c-readme.yaml", "readme.yaml"]
    for args in runs:
        imported(tmp_path, *args)
        assert deck_files(tmp_path / "decks") == before, args


def test_a_name_never_changes_when_another_document_is_imported_later(tmp_path):
    write(tmp_path, {"b/README.md": (IQ, "a heap"), "a/README.md": (IQ, "a hash map")})
    imported(tmp_path, "b")  # b first: it has the plain name and file
    first = deck_files(tmp_path / "decks")
    imported(tmp_path, "a", "b")  # a sorts first, but b's deck keeps its name and file
    after = deck_files(tmp_path / "decks")
    assert after["readme.yaml"] == first["readme.yaml"]
    assert deck_names(tmp_path / "decks") == {"readme.yaml": IQ, "a-readme.yaml": f"{IQ} (a)"}
    assert load_deck(tmp_path / "decks" / "a-readme.yaml").source == "../a/README.md"
    imported(tmp_path, "a")
    imported(tmp_path, "b")
    assert deck_files(tmp_path / "decks") == after


def test_a_moved_source_keeps_its_deck_and_ids(tmp_path):
    write(tmp_path, {"notes/ml.md": (IQ, "a transformer")})
    imported(tmp_path, "notes")
    ids = {c.question: c.id for c in load_deck(tmp_path / "decks" / "ml.yaml").cards}
    (tmp_path / "guides").mkdir()
    (tmp_path / "notes" / "ml.md").rename(tmp_path / "guides" / "ml.md")
    res = cli(tmp_path, "import", "guides")
    assert res.exit_code == 0 and "0 added, 0 updated, 2 unchanged, 0 removed" in res.output, res.output
    assert deck_names(tmp_path / "decks") == {"ml.yaml": IQ}
    assert {c.question: c.id for c in load_deck(tmp_path / "decks" / "ml.yaml").cards} == ids


def test_a_hand_written_deck_is_not_overwritten_by_a_source_of_the_same_name(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    save_deck(Deck(deck="My own", cards=[Card(id="handwrit01", question="What is mine?")]), decks / "guide.yaml")
    hand = (decks / "guide.yaml").read_bytes()
    write(tmp_path, {"notes/guide.md": ("Guide", "a cache")})
    imported(tmp_path, "notes")
    assert (decks / "guide.yaml").read_bytes() == hand
    assert deck_names(decks) == {"guide.yaml": "My own", "notes-guide.yaml": "Guide"}


def test_a_title_taken_by_a_hand_written_deck_gets_the_folder_name(tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    save_deck(Deck(deck=IQ, cards=[Card(id="handwrit01", question="What is mine?")]), decks / "mine.yaml")
    write(tmp_path, {"prep/questions.md": (IQ, "a bloom filter")})
    res = cli(tmp_path, "import", "prep")
    assert res.exit_code == 0, res.output
    assert deck_names(decks) == {"mine.yaml": IQ, "questions.yaml": f"{IQ} (prep)"}
    assert f'deck named "{IQ} (prep)"' in res.output  # the import says what it named the deck


def test_explain_shows_the_deck_file_the_source_goes_to(tmp_path):
    write(tmp_path, {"a/README.md": (IQ, "a hash map"), "b/README.md": (IQ, "a heap")})
    imported(tmp_path, "a")
    res = cli(tmp_path, "import", "--explain", "b/README.md")
    assert res.exit_code == 0 and res.output.startswith("b/README.md -> decks/b-readme.yaml"), res.output
    imported(tmp_path, "b")
    ids = {c.id for c in load_deck(tmp_path / "decks" / "b-readme.yaml").cards}
    assert all(f"card {i} (unchanged)" in cli(tmp_path, "import", "--explain", "b/README.md").output for i in ids)


def test_a_deck_file_and_its_source_imported_together_are_still_an_error(tmp_path):
    write(tmp_path, {"notes/guide.md": (IQ, "a cache")})
    imported(tmp_path, "notes")
    proc = srs_process(tmp_path, "import", "notes", "decks/guide.yaml")
    assert proc.returncode == 2 and "same deck file" in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr


def test_the_bundled_decks_reimport_unchanged():
    reports = import_sources([REPO / "decks" / "sources"], REPO / "decks", dry_run=True)
    assert len(reports) == 5
    assert all((r.added, r.updated, r.removed) == (0, 0, 0) and r.deck_name is None for r in reports), reports
    assert sorted(r.deck_file.name for r in reports) == sorted(p.name for p in (REPO / "decks").glob("*.yaml"))


# -- --deck with Anki subdeck names ----------------------------------------------------------------


@pytest.fixture
def two_decks(tmp_path):
    """Two imported documents titled alike (``Interview Questions`` and ``Interview Questions (b)``), plus a
    hand-written deck with domains."""
    write(tmp_path, {"a/README.md": (IQ, "a hash map"), "b/README.md": (IQ, "a heap")})
    imported(tmp_path, "a", "b")
    save_deck(Deck(deck="Mid Level Prep (2-5 years)", cards=[
        Card(id="midprep001", question="What is a load balancer?", level="mid", domain="system-design"),
        Card(id="midprep002", question="What is dropout?", level="mid", domain="deep-learning"),
        Card(id="midprep003", question="What is a p-value?", level="senior", domain="statistics"),
    ]), tmp_path / "decks" / "mid.yaml")
    return tmp_path


DECK_FILTERS = {
    # --deck values               -> the questions selected
    (IQ,): {"What is a hash map?", "How would you scale a hash map?"},
    (f"{IQ} (b)",): {"What is a heap?", "How would you scale a heap?"},
    (f"{IQ}::2 Mid",): {"What is a hash map?"},
    (f"interview questions (b)::3 senior",): {"How would you scale a heap?"},
    (f"{IQ} (b) :: 2 Mid", f"{IQ}::3 Senior"): {"What is a heap?", "How would you scale a hash map?"},
    ("Mid Level Prep (2-5 years)::2 Mid",): {"What is a load balancer?", "What is dropout?"},
    ("Mid Level Prep (2-5 years)::deep-learning",): {"What is dropout?"},
    ("MID LEVEL PREP (2-5 YEARS)::Statistics",): {"What is a p-value?"},
}


@pytest.mark.parametrize("wanted, questions", DECK_FILTERS.items(), ids=[" + ".join(k) for k in DECK_FILTERS])
def test_deck_filter_takes_deck_and_anki_subdeck_names_in_list(two_decks, wanted, questions):
    args = [a for w in wanted for a in ("--deck", w)]
    assert {c["question"] for c in listed(two_decks, *args)} == questions


@pytest.mark.parametrize("wanted, questions", list(DECK_FILTERS.items())[2:6], ids=[" + ".join(k) for k in list(DECK_FILTERS)[2:6]])
def test_deck_filter_takes_anki_subdeck_names_in_review(two_decks, wanted, questions):
    args = [a for w in wanted for a in ("--deck", w)]
    res = cli(two_decks, "review", "--decks-dir", "decks", "--db", "srs.sqlite3", *args, input="5\n" * 10)
    assert res.exit_code == 0, res.output
    shown = {line[3:] for line in res.output.splitlines() if line.startswith("Q: ")}
    assert shown == questions, res.output


def test_deck_filter_takes_anki_subdeck_names_in_export_and_anki_keeps_the_decks_apart(two_decks):
    pytest.importorskip("anki")
    from tests.exportkit import import_apkg, notes_by_card_id, open_collection, plain_text

    res = cli(two_decks, "export", "--decks-dir", "decks", "--deck", f"{IQ} (b)::2 mid", "-o", "mid.apkg")
    assert res.exit_code == 0, res.output
    res = cli(two_decks, "export", "--decks-dir", "decks", "--deck", IQ, "--deck", f"{IQ} (b)", "-o", "iq.apkg")
    assert res.exit_code == 0, res.output
    col = open_collection(two_decks / "anki" / "collection.anki2")
    try:
        import_apkg(col, two_decks / "mid.apkg")
        notes = notes_by_card_id(col).values()
        assert [plain_text(n["Question"]) for n in notes] == ["What is a heap?"]
        import_apkg(col, two_decks / "iq.apkg")
        decks: dict[str, set[str]] = {}
        tags: dict[str, set[str]] = {}
        for note in notes_by_card_id(col).values():
            for card in note.cards():
                decks.setdefault(col.decks.name(card.did), set()).add(plain_text(note["Question"]))
            tags.setdefault(next(t for t in note.tags if t.startswith("source::")), set()).add(note["CardId"])
    finally:
        col.close()
    assert decks == {
        f"{IQ}::2 Mid": {"What is a hash map?"}, f"{IQ}::3 Senior": {"How would you scale a hash map?"},
        f"{IQ} (b)::2 Mid": {"What is a heap?"}, f"{IQ} (b)::3 Senior": {"How would you scale a heap?"},
    }
    assert sorted(tags) == ["source::Interview_Questions", "source::Interview_Questions_(b)"]
    assert all(len(ids) == 2 for ids in tags.values())


@pytest.mark.parametrize("command", [
    ["list"],
    ["review", "--db", "srs.sqlite3"],
    ["export", "-o", "x.apkg"],
])
def test_a_deck_filter_matching_no_deck_names_the_decks(two_decks, command):
    proc = srs_process(two_decks, *command, "--decks-dir", "decks", "--deck", "Interview Questions::9 Guru")
    assert proc.returncode == 2 and proc.stdout == "", proc
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith(f"srs {command[0]}: error: Invalid value for '--deck': "
                                  "'Interview Questions::9 Guru' matches no deck"), proc.stderr
    for name in (IQ, f"{IQ} (b)", "Mid Level Prep (2-5 years)"):
        assert f"'{name}'" in proc.stderr
    assert not (two_decks / "x.apkg").exists()
