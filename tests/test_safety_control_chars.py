"""Control characters and terminal escapes in card and deck text (issue 7, F2-F4).

Card text is data. In an Anki package it may not break the note (``\\x1f`` is Anki's field separator)
nor carry HTML into a deck name or description; on the terminal it may not move the cursor, clear the
screen, set the window title or write the clipboard. Everything runs through the real CLI, the real
``anki`` backend and a real pseudo-terminal."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from reviewkit import SRS, Term

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
TITLE_SHOWN = "␛]0;pwned-title␇"  # how a terminal screen shows TITLE: its control characters as symbols


def control_cards() -> list[Card]:
    """One card per payload, the payload in every free-text field; the answers use Markdown."""
    return [
        Card(id=f"cc{i:04d}", question=f"What does {p}this{p} do?",
             answer=f"It **writes** {p} to the terminal:\n\n```\nprintf '{p}'\n```\n\n- item {p}\n",
             level="senior", domain="security", topic=f"Escapes {p}> Terminal",
             tags=[f"tag{p}x", "plain"], source={"file": f"sources/evil{p}.md", "line": i + 1})
        for i, p in enumerate(PAYLOADS)
    ]


def srs(*args: str, cwd: Path, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    """The real ``srs`` process; stdout and stderr as bytes, exactly as a terminal would get them."""
    return subprocess.run(SRS + list(args), cwd=cwd, input=stdin.encode(), capture_output=True, timeout=60,
                          env={**os.environ, **(env or {})})


def no_controls(output: bytes) -> str:
    text = output.decode("utf-8")
    assert not CONTROL.search(text), [m.group() for m in CONTROL.finditer(text)][:10]
    return text


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


# -- F4: terminal escape injection --------------------------------------------------------------------


@pytest.fixture
def evil_decks(tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    save_deck(Deck(deck=f"Evil {TITLE}deck", cards=control_cards()), decks / "evil.yaml")
    return decks


def test_plain_review_shows_control_characters_visibly(tmp_path: Path, evil_decks: Path):
    proc = srs("review", "--decks-dir", str(evil_decks), "--db", str(tmp_path / "db.sqlite3"),
               stdin="5\n5\nq\n", cwd=tmp_path, env={"SRS_NOW": "2025-01-06T10:00"})
    assert proc.returncode == 0, proc.stderr
    out = no_controls(proc.stdout)
    no_controls(proc.stderr)
    assert "graded 5" in out and "pwned-title" in out and "pwned-clear" in out
    assert TITLE_SHOWN in out and f"Evil {TITLE_SHOWN}deck" in out


def test_list_table_and_json_hold_no_terminal_controls(tmp_path: Path, evil_decks: Path):
    table = srs("list", "--decks-dir", str(evil_decks), cwd=tmp_path, env={"COLUMNS": "200"})
    assert table.returncode == 0, table.stderr
    text = no_controls(table.stdout)
    assert "cc0000" in text and f"What does {TITLE_SHOWN}this" in text and "pwned-c1" in text
    # Rich markup in card text is text too: no hyperlink escape, no style.
    save_deck(Deck(deck="Markup", cards=[Card(id="mk0001", question="[link=https://evil.example]click[/link] [red]x")]),
              evil_decks / "markup.yaml")
    table = srs("list", "--decks-dir", str(evil_decks), "--deck", "Markup", cwd=tmp_path,
                env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert "\x1b]8;" not in table.stdout.decode() and "[link=https://evil.example]click[/link]" in table.stdout.decode()

    data = srs("list", "--decks-dir", str(evil_decks), "--deck", f"Evil {TITLE}deck", "--format", "json", cwd=tmp_path)
    assert data.returncode == 0, data.stderr
    no_controls(data.stdout)  # JSON escapes them all (\u001b, \u009b, ...) ...
    records = json.loads(data.stdout)
    by_id = {r["id"]: r for r in records}
    for card in control_cards():  # ... and a script reads the card text exactly as it is
        r = by_id[card.id]
        assert (r["question"], r["answer"], r["topic"], r["tags"]) == (card.question, card.answer, card.topic, card.tags)
        assert r["deck"] == f"Evil {TITLE}deck" and r["source_file"] == card.source.file


def test_review_screen_shows_no_injected_escape_sequence(tmp_path: Path, evil_decks: Path):
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "SRS_NOW": "2025-01-06T10:00", "TERM": "xterm-256color", "PAGER": f"sh -c 'cat >> {paged}'"}
    t = Term(["review", "--decks-dir", str(evil_decks), "--db", str(tmp_path / "db.sqlite3")], env)
    try:
        for _ in range(len(PAYLOADS)):
            t.expect("space/enter show answer")
            t.send(" ")
            t.expect("0-5 grade")
            t.send("p")  # the whole card through $PAGER too
            t.expect("0-5 grade")
            t.send("5")
        t.expect("Session over")
        assert t.wait() == 0
    finally:
        t.close()
    assert "\x1b[1m" in t.raw.decode()  # the screen, with its own escape codes (bold)
    for raw in (t.raw, paged.read_bytes()):
        out = raw.decode("utf-8")
        # The screen's own escape codes (rich's colours, clear screen) are fine; the card's are not.
        assert "pwned-title" in out and "pwned-clear" in out and "pwned-c1" in out
        assert "\x1b]" not in out and "\x07" not in out  # no OSC at all (title, clipboard)
        assert "\x1b[2Jpwned" not in out and "\x9b" not in out  # no CSI from the card, of either kind
        assert not re.search("[\x00\x01\x08\x0b\x0c\x1f\x7f\x85\x90\x9d]", out)
        assert TITLE_SHOWN in out


def test_import_output_and_errors_show_names_and_card_text_visibly(tmp_path: Path):
    sources = tmp_path / "sources"
    sources.mkdir()
    evil = f"evil{TITLE}.md"
    (sources / evil).write_text(f"# Guide\n\n## Basics\n\n**Q:** What does {CLEAR} do?\n**A:** {CLIP} clears.\n")
    proc = srs("import", str(sources), "--decks-dir", "decks", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "1 added" in no_controls(proc.stdout)
    explained = srs("import", "--explain", str(sources / evil), "--decks-dir", "decks", cwd=tmp_path)
    assert explained.returncode == 0, explained.stderr
    assert "pwned-clear" in no_controls(explained.stdout)
    # Edited: the card is replaced, and the removed one is quoted.
    (sources / evil).write_text("# Guide\n\n## Basics\n\n**Q:** Something else entirely?\n")
    proc = srs("import", str(sources), "--decks-dir", "decks", cwd=tmp_path)
    assert "removed" in no_controls(proc.stdout) and "pwned-clear" in proc.stdout.decode()

    # Errors that quote a file name or card text: one line, no control character.
    (sources / f"empty{CLIP}.md").write_text("Just prose, no question here.\n")
    proc = srs("import", str(sources / f"empty{CLIP}.md"), "--decks-dir", "decks", cwd=tmp_path)
    assert proc.returncode == 1
    err = no_controls(proc.stderr)
    assert err.startswith("srs: error: no questions found in ") and err.count("\n") == 1, err
    bad = tmp_path / "decks"
    (bad / f"broken{TITLE}.yaml").write_text("deck: Broken\ncards:\n- id: [unclosed\n")
    proc = srs("list", "--decks-dir", str(bad), cwd=tmp_path)
    assert proc.returncode == 2
    err = no_controls(proc.stderr)
    assert err.startswith("srs: error: ") and f"broken{TITLE_SHOWN}.yaml:" in err and err.count("\n") == 1, err
    proc = srs("import", str(sources / f"missing{CLEAR}.md"), cwd=tmp_path)
    assert proc.returncode == 2 and "does not exist" in no_controls(proc.stderr)
