"""Control characters and terminal escapes in card and deck text (issue 7, F2-F4).

Card text is data. In an Anki package it may not break the note (``\\x1f`` is Anki's field separator)
nor carry HTML into a deck name or description; on the terminal it may not move the cursor, clear the
screen, set the window title or write the clipboard. Everything runs through the real CLI, the real
``anki`` backend and a real pseudo-terminal."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest

from reviewkit import SRS

from srs.card import Card
from srs.deck import Deck, save_deck
from tests.exportkit import import_apkg, notes_by_card_id, open_collection, run_cli

# What a terminal acts on: C0 but tab and newline, DEL, C1 (in text, as the code points U+0080-U+009F).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TITLE = "\x1b]0;pwned-title\x07"  # OSC 0: set the window title
CLEAR = "\x1b[2Jpwned-clear"  # CSI 2J: clear the screen
CLIP = "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write the clipboard
C1_CSI = "\x9b31mpwned-c1"  # the one-byte CSI
OTHERS = "\x00\x01\x08\x0b\x0c\r\x1f\x7f\x85\x90\x9d"
PAYLOADS = (TITLE, CLEAR, CLIP, C1_CSI, OTHERS)


def control_cards(prefix: str = "cc") -> list[Card]:
    """One card per payload, the payload in every free-text field; the answers use Markdown."""
    return [
        Card(id=f"{prefix}{i:04d}", question=f"What does {p}this{p} do?",
             answer=f"It **writes** {p} to the terminal:\n\n```\nprintf '{p}'\n```\n\n- item {p}\n",
             level="senior", domain="security", topic=f"Escapes {p}> Terminal",
             tags=[f"tag{p}x", "plain"], source={"file": f"sources/evil{p}.md", "line": i + 1})
        for i, p in enumerate(PAYLOADS)
    ]


def srs(*args: str, cwd: Path, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    """The real ``srs`` process; stdout and stderr as bytes, exactly as a terminal would get them."""
    return subprocess.run(SRS + list(args), cwd=cwd, input=stdin.encode(), capture_output=True, timeout=60,
                          env={**os.environ, **(env or {})})


# -- F2: one control character broke the whole package ---------------------------------------------


def test_control_characters_in_every_field_export_and_import_into_anki(tmp_path: Path):
    pytest.importorskip("anki")
    cards = control_cards()
    # Also through HTML: character references the sanitiser would turn back into control characters.
    cards.append(Card(id="cc0100", question='<span title="&#x1f;&#27;">ref</span> in &#12; HTML?',
                      answer="<b>&#x1f;bold&#x9b;</b>", topic="Refs"))
    decks = tmp_path / "decks"
    save_deck(Deck(deck="Ctrl\x1f Deck\x00\x1b]0;x\x07", description="desc \x1f\x00\x1b[2J\x7f end",
                   cards=cards), decks / "ctrl.yaml")
    result = run_cli(["export", "--decks-dir", str(decks), "-o", "ctrl.apkg"], tmp_path)
    assert result.exit_code == 0, result.output

    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, tmp_path / "ctrl.apkg")
        notes = notes_by_card_id(col)
        assert sorted(notes) == sorted(c.id for c in cards)  # every note is there
        for card_id, note in notes.items():
            for name, value in note.items():
                assert not CONTROL.search(value), (card_id, name, value)
            assert not [t for t in note.tags if CONTROL.search(t)], note.tags
            assert "plain" in note.tags or card_id == "cc0100"
        for card in cards[:-1]:  # the words around the control characters are kept
            note = notes[card.id]
            assert re.sub(r"<[^>]+>", "", note["Question"]).startswith("What does ")
            assert "this" in note["Question"] and "writes" in note["Answer"] and "printf" in note["Answer"]
            assert note["Topic"].startswith("Escapes ") and note["Source"].startswith("sources/evil")
        decks_in_anki = {d.name: col.decks.get(d.id) for d in col.decks.all_names_and_ids()}
        assert "Ctrl Deck]0;x" in decks_in_anki, sorted(decks_in_anki)
        for name, deck in decks_in_anki.items():
            assert not CONTROL.search(name) and not CONTROL.search(deck.get("desc", "")), (name, deck.get("desc"))
        assert decks_in_anki["Ctrl Deck]0;x"]["desc"] == "desc [2J end"
    finally:
        col.close()


# -- F3: deck names and descriptions reached Anki unsanitised ----------------------------------------


def test_deck_names_and_descriptions_reach_anki_as_plain_text(tmp_path: Path):
    pytest.importorskip("anki")
    decks = tmp_path / "decks"
    card = Card(id="dn0001", question="What is XSS?", answer="Script injection.", level="mid")
    description = "<script>alert('d')</script><img src=x onerror=alert(2)> Q&A for <b onclick=x>you</b>"
    save_deck(Deck(deck="Outer::Hostile <script>alert(1)</script> <b onmouseover=alert(1)>Deck</b>",
                   description=description, cards=[card]), decks / "hostile.yaml")
    # A downloaded document without a title: its file name becomes the deck name.
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "x<img src=x onerror=alert(1)>.md").write_text("## Basics\n\n**Q:** What is CSRF?\n**A:** A forged request.\n")
    imported = srs("import", str(sources), "--decks-dir", str(decks), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    result = run_cli(["export", "--decks-dir", str(decks), "-o", "decks.apkg"], tmp_path)
    assert result.exit_code == 0, result.output

    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, tmp_path / "decks.apkg")
        assert len(notes_by_card_id(col)) == 2
        names = {d.name: col.decks.get(d.id) for d in col.decks.all_names_and_ids()}
        for name, deck in names.items():
            assert not set(name) & set("<>"), name
            assert "<" not in deck.get("desc", ""), deck.get("desc")  # escaped text: not a single tag
        # Readable, and the :: hierarchy kept.
        hostile = "Outer::Hostile scriptalert(1)/script b onmouseover=alert(1)Deck/b"
        assert {"Outer", hostile, hostile + "::2 Mid", "ximg src=x onerror=alert(1)"} <= set(names), sorted(names)
        assert html.unescape(names[hostile]["desc"]) == description
        assert html.unescape(names["ximg src=x onerror=alert(1)"]["desc"]).endswith("x<img src=x onerror=alert(1)>.md")
    finally:
        col.close()
