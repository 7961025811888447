"""``srs edit`` and the overlay: an answer written in $EDITOR (a scripted editor here) survives re-import of
a changed source, shows in review, list and show, and reaches a real Anki collection; a failing or empty
editor changes nothing; a decks folder's overlay is a layer below the user's; a broken overlay file is one
``file:line`` error."""

import json
import os
import stat

import pytest

from reviewkit import make_deck, run_cli, srs_at
from tests.exportkit import import_apkg, notes_by_card_id, open_collection, plain_text

GUIDE = """# Interview Guide

## System Design

**Q:** Design a distributed cache system

**Q:** What is consistent hashing?
**A:** Keys and nodes on one ring.
"""
MY_ANSWER = "- partition keys with **consistent hashing**\n- replicate each shard twice\n- LRU eviction, TTLs"


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "guide.md").write_text(GUIDE)
    env = {"root": tmp_path, "decks": tmp_path / "decks", "db": tmp_path / "srs.sqlite3",
           "overlay": tmp_path / "srs-home" / "overlay.yaml"}
    srs(env, "import", str(tmp_path / "sources"))
    return env


def srs(env, *args, input="", code=0, **extra):
    return srs_at(env, "2025-01-06T10:00", *args, input=input, code=code, **extra)


def editor(tmp_path, body: str | None, exit_code: int = 0) -> str:
    """A scripted $EDITOR: replaces the answer part of the file with ``body`` (None: empties the file)."""
    script = tmp_path / f"editor-{abs(hash((body, exit_code)))}.sh"
    text = tmp_path / (script.name + ".txt")
    text.write_text(body or "")
    if body is None:
        action = ': > "$1"'
    else:
        action = f"""sed -i '/^%% ---- answer/q' "$1" && cat '{text}' >> "$1" """
    script.write_text(f"#!/bin/sh\ncp \"$1\" '{tmp_path}/seen.md'\n{action}\nexit {exit_code}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def cards(env):
    return {c["question"]: c for c in json.loads(srs(env, "list", "--format", "json"))}


def test_an_answer_written_with_srs_edit_survives_reimport_and_reaches_anki(env):
    root = env["root"]
    cache = cards(env)["Design a distributed cache system"]
    assert cache["answer"] == "" and cache["answer_from"] == "source"
    assert cache["id"] in srs(env, "list", "--no-answer")

    out = srs(env, "edit", cache["id"][:6], EDITOR=editor(root, MY_ANSWER))
    assert f"{cache['id']}: your answer saved" in out
    seen = (root / "seen.md").read_text()
    assert "%% ---- question ----\nDesign a distributed cache system\n%% ---- answer ---- (the source gives none" in seen
    assert (root / "sources" / "guide.md").read_text() == GUIDE  # the source is never modified
    assert "Design a distributed cache" not in srs(env, "list", "--no-answer")

    # the source changes (a reworded question, a new card, another answer rewritten) and is imported again
    (root / "sources" / "guide.md").write_text(GUIDE.replace("Design a distributed cache system",
                                                             "Design a distributed cache system.")
                                               .replace("one ring.", "one hash ring.") + "\n**Q:** What is a CDN?\n")
    assert "1 added, 2 updated" in srs(env, "import", str(root / "sources"))
    after = cards(env)["Design a distributed cache system."]
    assert after["id"] == cache["id"] and after["answer"] == MY_ANSWER and after["answer_from"] == "user"
    out = srs(env, "review", input="q\n")
    assert "A (yours): - partition keys with **consistent hashing**" in out
    out = srs(env, "show", cache["id"])
    assert "answer (yours, srs edit)" in out and "partition keys with consistent hashing" in out

    res = run_cli(["export", "--decks-dir", str(env["decks"]), "-o", str(root / "out.apkg")], env={})
    assert res.exit_code == 0, res.output
    col = open_collection(root / "anki" / "collection.anki2")
    try:
        import_apkg(col, root / "out.apkg")
        note = notes_by_card_id(col)[cache["id"]]
        assert "<strong>consistent hashing</strong>" in note["Answer"] and "LRU eviction, TTLs" in plain_text(note["Answer"])
        assert plain_text(note["Question"]).strip() == "Design a distributed cache system."
    finally:
        col.close()


@pytest.mark.parametrize("how", ["fails", "fails after writing", "empties the file", "saves nothing"])
def test_a_failing_or_empty_editor_changes_nothing(env, how):
    root = env["root"]
    cache = cards(env)["Design a distributed cache system"]
    srs(env, "edit", cache["id"], EDITOR=editor(root, "an earlier answer"))
    before = env["overlay"].read_bytes()
    script = {"fails": editor(root, "x", exit_code=1), "fails after writing": editor(root, MY_ANSWER, exit_code=3),
              "empties the file": editor(root, None), "saves nothing": "true"}[how]
    out = srs(env, "edit", cache["id"], EDITOR=script, code=1 if how.startswith("fails") else 0)
    assert ("Editing failed: nothing changed" in out) == how.startswith("fails")
    assert env["overlay"].read_bytes() == before
    assert cards(env)["Design a distributed cache system"]["answer"] == "an earlier answer"


def test_edit_no_answer_one_after_another_revert_and_question_edits(env):
    root = env["root"]
    make_deck(env["decks"], "Alpha", 6, prefix="a")  # a0002 and a0005 have no answer
    out = srs(env, "edit", "--no-answer", "--domain", "system-design", EDITOR=editor(root, "Mine."))
    assert "3 of 3 cards saved." in out and "[1/3]" in out
    assert srs(env, "list", "--no-answer").startswith("0 cards")
    srs(env, "edit", "--revert", "a0002")
    assert "a0002" in srs(env, "list", "--no-answer")
    # a question edit: only the question is kept, the answer stays the source's
    script = root / "q.sh"
    script.write_text("#!/bin/sh\nsed -i 's/^Alpha question 1: .*/What is thing one, really?/' \"$1\"\n")
    script.chmod(0o755)
    srs(env, "edit", "a0001", EDITOR=str(script))
    a1 = cards(env)["What is thing one, really?"]
    assert a1["id"] == "a0001" and a1["answer"].startswith("Answer 1") and a1["answer_from"] == "source"
    out = srs(env, "edit", "nope", code=2)
    assert "no card with id 'nope'" in out
    out = srs(env, "edit", "a000", code=2)
    assert "is the start of several card ids" in out


def test_a_decks_folder_overlay_is_a_layer_below_the_users(env):
    root = env["root"]
    make_deck(env["decks"], "Alpha", 3, prefix="a")
    (env["decks"] / "overlay").mkdir()
    (env["decks"] / "overlay" / "answers.yaml").write_text(
        "version: 1\ncards:\n  a0002:\n    answer: Shipped answer two.\n  a0001:\n    answer: Shipped answer one.\n")
    srs(env, "edit", "a0002", EDITOR=editor(root, "My answer two."))
    got = {c["id"]: (c["answer"], c["answer_from"]) for c in json.loads(srs(env, "list", "--format", "json"))}
    assert got["a0002"] == ("My answer two.", "user")  # the user's answer wins over the shipped one
    assert got["a0001"] == ("Shipped answer one.", "decks")
    assert got["a0000"][1] == "source"


@pytest.mark.parametrize("text, line, words", [
    ("version: 1\ncards:\n  a0001:\n    answr: x\n", 4, "unknown key 'answr'"),
    ("version: 1\ncards:\n  a0001:\n    answer: x\n  a0001:\n    answer: y\n", 5, "duplicate key"),
    ("version: 2\ncards: {}\n", 1, "overlay format version 2"),
    ("version: 1\ncards:\n  a0001:\n    question: '  '\n", 4, "the question is empty"),
    ("version: 1\ncards: [a, b]\n", 2, "'cards' maps card ids"),
])
def test_a_broken_overlay_file_is_one_line_naming_file_and_line(env, text, line, words):
    env["overlay"].parent.mkdir(parents=True, exist_ok=True)
    env["overlay"].write_text(text)
    for command in (["list"], ["review"], ["export", "-o", str(env["root"] / "x.apkg")]):
        out = srs(env, *command, code=2)
        assert out.startswith(f"srs: error: {env['overlay']}:{line}: ") and words in out and out.count("\n") == 1
