"""The real ``srs review`` process: driven through a pseudo-terminal key by key, killed with
SIGKILL mid-session, and run twice at once on one database."""

import os
import re
import signal
import sqlite3
import subprocess
import termios

import pytest

from reviewkit import ANSI, SRS, Term, make_deck

NOW = "2025-01-06T10:00"


@pytest.fixture
def setup(tmp_path):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 4, prefix="a")
    db = tmp_path / "srs.sqlite3"
    env = {**os.environ, "SRS_NOW": NOW, "TERM": "xterm-256color", "COLUMNS": "110", "LINES": "40"}
    return ["review", "--decks-dir", str(decks), "--db", str(db)], env, db


def log(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT card_id, quality, kind FROM reviews ORDER BY id").fetchall()
    finally:
        conn.close()


QUESTION_KEYS = "space/enter show answer"
ANSWER_KEYS = "0-5 grade · s skip"


def test_full_session_with_every_key_then_resume(setup):
    args, env, db = setup
    t = Term(args, env)
    try:
        screen = t.expect(QUESTION_KEYS)
        assert "Alpha question 0" in screen
        assert "left today: new 4 · due 0 · again 0" in screen and "Alpha · senior · system-design · hard" in screen
        t.send("1")  # grading before the answer is shown is refused
        t.expect("show the answer first")
        t.send(" ")
        screen = t.expect(ANSWER_KEYS)
        assert "Answer 0" in screen and re.search(r"k\s+v\s+─+\s+a\s+0", screen)  # the table is drawn
        assert "0 blackout 1d · 1 wrong 1d · 2 almost 1d · 3 hard 1d · 4 hesitant 1d · 5 perfect 1d" in screen
        t.send("5")
        assert "Alpha question 1" in t.expect(QUESTION_KEYS)
        t.send("\r")
        assert "Answer 1" in t.expect(ANSWER_KEYS)
        t.send("0")  # below 4: comes back (step 7)
        screen = t.expect(QUESTION_KEYS)
        assert "Alpha question 2" in screen and "new 2 · due 0 · again 1" in screen
        t.expect("graded 0: next in 1d (2025-01-07)")
        t.send(" ")
        assert "no answer for this card: answer it aloud" in t.expect(ANSWER_KEYS)
        t.send("u")  # undo the 0 on question 1
        screen = t.expect(QUESTION_KEYS)
        assert "Alpha question 1" in screen and "new 3 · due 0 · again 0" in screen
        t.expect("undid the grade 0 of “Alpha question 1: explain thing_1”")
        t.send(" ")
        assert "Answer 1" in t.expect(ANSWER_KEYS)
        t.send("3")
        assert "Alpha question 2" in t.expect(QUESTION_KEYS)
        t.send("s")  # skip: buried until tomorrow
        assert "Alpha question 3" in t.expect(QUESTION_KEYS)
        t.expect("skipped until 2025-01-07")
        t.send(" ")
        assert "Answer 3" in t.expect(ANSWER_KEYS)
        t.send("4")
        screen = t.expect(QUESTION_KEYS)  # the step-7 repeat of the 3
        assert "Alpha question 1" in screen and "again 1" in screen and "(again: graded below 4 today)" in screen
        t.send(" ")
        assert "repeat (step 7)" in t.expect(ANSWER_KEYS)
        t.send("2")
        t.expect("graded 2: step-7 repeat")
        t.send(" ")
        t.expect(ANSWER_KEYS)
        t.send("1")
        t.expect(QUESTION_KEYS)
        t.send("q")
        out = t.expect("Next review due tomorrow (2025-01-07)")
        assert "every grade is saved" in out
        assert "Reviewed 3 cards, correct (q >= 3) 3 (100%), step-7 repeats 2, skipped 1" in out
        assert t.wait() == 0
        assert termios.tcgetattr(t.slave)[3] & termios.ECHO  # terminal mode restored
    finally:
        t.close()
    assert log(db) == [("a0000", 5, "new"), ("a0001", 3, "new"), ("a0003", 4, "new"),
                       ("a0001", 2, "repeat"), ("a0001", 1, "repeat")]

    t = Term(args, env)  # resume: the repeat is still pending, the skipped card still buried
    try:
        screen = t.expect(QUESTION_KEYS)
        assert "Alpha question 1" in screen and "new 0 · due 0 · again 1" in screen
        t.send(" ")
        t.expect(ANSWER_KEYS)
        t.send("4")
        out = t.expect("1 skipped until tomorrow")
        assert "Reviewed 0 cards" in out and "step-7 repeats 1" in out
        assert t.wait() == 0
    finally:
        t.close()
    assert log(db)[-1] == ("a0001", 4, "repeat")


def test_sigkill_mid_session_loses_no_grade(setup):
    args, env, db = setup
    t = Term(args, env)
    try:
        for i, q in enumerate("534"):
            assert f"Alpha question {i}" in t.expect(QUESTION_KEYS)
            t.send(" ")
            t.expect(ANSWER_KEYS)
            t.send(q)
        assert "Alpha question 3" in t.expect(QUESTION_KEYS)
        t.send(" ")  # answer on screen, not graded yet
        assert "Answer 3" in t.expect(ANSWER_KEYS)
        t.proc.send_signal(signal.SIGKILL)
        assert t.wait() == -signal.SIGKILL
    finally:
        t.close()
    assert log(db) == [("a0000", 5, "new"), ("a0001", 3, "new"), ("a0002", 4, "new")]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_two_sessions_at_once_lose_nothing(tmp_path):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 60, prefix="a")
    db = tmp_path / "srs.sqlite3"
    env = {**os.environ, "SRS_NOW": NOW}
    cmd = SRS + ["review", "--decks-dir", str(decks), "--db", str(db), "--new", "60"]
    procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
             for _ in range(2)]
    for p in procs:  # both have built today's queue (60 new cards each) before anyone grades
        assert p.stdout.readline().startswith("── Alpha")
    for q in [5, 4] * 30:  # interleave the grades of the two sessions
        for p in procs:
            p.stdin.write(f"{q}\n")
            p.stdin.flush()
    outs = [p.communicate(timeout=60) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert out.count("graded ") == 60
    rows = log(db)
    assert len(rows) == 120  # every grade of both sessions is in the log
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kinds = dict(conn.execute("SELECT kind, count(*) FROM reviews GROUP BY kind").fetchall())
    assert kinds == {"new": 60, "repeat": 60}  # each card scheduled once, the other grade logged as a repeat
    assert conn.execute("SELECT count(*) FROM state").fetchone()[0] == 60
    conn.close()


def test_long_answer_is_paged_and_header_question_legend_stay_on_screen(tmp_path):
    """A 60-line answer on a 24-row terminal: the frame fits the screen, the header (without a
    level the card does not have), question, legend and keys are all in it; m/space pages on, b back."""
    from srs.card import Card
    from srs.deck import Deck, save_deck

    decks = tmp_path / "decks"
    answer = "\n".join(f"- step {i:02d} of the long answer" for i in range(60))
    save_deck(Deck(deck="Long", cards=[Card(id="long0001", question="Walk through the whole pipeline.",
                                            answer=answer, domain="mlops", topic="Ops > Pipelines")]),
              decks / "long.yaml")
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "SRS_NOW": NOW, "TERM": "xterm-256color", "PAGER": f"sh -c 'cat > {paged}'"}
    t = Term(["review", "--decks-dir", str(decks), "--db", str(tmp_path / "db.sqlite3")], env, rows=24, cols=80)

    def frame(screen):  # the last frame drawn: from its header to the keys line
        return screen[screen.rfind("left today:"):]

    try:
        f = frame(t.expect(QUESTION_KEYS))
        assert "Long · no level · mlops  (new card)" in f and "?" not in f
        t.send(" ")
        f = frame(t.expect(ANSWER_KEYS))
        assert f.count("\n") <= 23, f
        for text in ("new 1 · due 0 · again 0", "Long · no level · mlops", "Ops > Pipelines", "Walk through the whole pipeline.",
                     "step 00", "more lines below · m/space more · p pager", "0 blackout 1d", ANSWER_KEYS):
            assert text in f, (text, f)
        assert "step 59" not in f
        t.send("m")
        f = frame(t.expect(ANSWER_KEYS))
        assert "Walk through the whole pipeline." in f and "step 00" not in f and "0 blackout 1d" in f
        t.send(" m")  # typed ahead: two keys in one read
        f = frame(t.expect(ANSWER_KEYS))
        for _ in range(5):
            if "end of the answer" in f:
                break
            t.send("m")
            f = frame(t.expect(ANSWER_KEYS))
        assert "end of the answer (lines" in f and "step 59" in f and f.count("\n") <= 23
        t.send("b")
        f = frame(t.expect(ANSWER_KEYS))
        assert "step 59" not in f and "more lines below · m/space more · b back" in f
        t.send("p")  # the whole card through $PAGER, then back to the same screen
        f = frame(t.expect(ANSWER_KEYS))
        text = ANSI.sub("", paged.read_text())
        assert "Walk through the whole pipeline." in text and "step 00" in text and "step 59" in text
        t.send("5")
        assert "Reviewed 1 card," in t.expect("for later days")
        assert t.wait() == 0
    finally:
        t.close()


def marks(db):
    conn = sqlite3.connect(db)
    try:
        return ([r[0] for r in conn.execute("SELECT card_id FROM suspended")],
                [r[0] for r in conn.execute("SELECT card_id FROM flagged")])
    finally:
        conn.close()


def test_flag_and_suspend_keys_at_80x24(setup):
    args, env, db = setup
    t = Term(args, {**env, "COLUMNS": "80", "LINES": "24"}, rows=24, cols=80)
    try:
        screen = t.expect("space/enter show answer · s skip · f flag · ! suspend · u undo · q quit")
        assert "Alpha question 0" in screen
        t.send("f")  # flag the card on screen: marked, and it stays on screen
        screen = t.expect("flagged: srs list --flagged lists it")
        assert "⚑ flagged" in screen and "Alpha question 0" in screen
        t.send(" ")
        assert "⚑ flagged" in t.expect(ANSWER_KEYS)
        t.send("5")
        assert "Alpha question 1" in t.expect(QUESTION_KEYS)
        t.send("!")  # suspend: the next card comes
        screen = t.expect("(u undoes it)")
        assert "Alpha question 2" in screen and "suspended a0001: out of every queue until srs unsuspend a0001" in screen
        assert "new 2 · due 0 · again 0" in screen
        t.send("u")  # undo the suspension: the card is back
        screen = t.expect("undid the suspend of “Alpha question 1: explain thing_1”")
        assert "Alpha question 1" in screen and "new 3" in screen
        t.send("!")
        t.expect("(u undoes it)")
        t.send("f")
        t.expect("flagged: srs list --flagged lists it")
        t.send("f")  # f again takes the flag off
        t.expect("flag taken off")
        t.send("q")
        out = t.expect("1 flagged card: srs list --flagged.")
        assert "suspended 1" in out
        assert t.wait() == 0
    finally:
        t.close()
    assert marks(db) == (["a0001"], ["a0000"])
    assert log(db) == [("a0000", 5, "new")]
    t = Term(args, env)  # the suspended card is out of the next session
    try:
        screen = t.expect(QUESTION_KEYS)
        assert "Alpha question 2" in screen and "new 2 · due 0 · again 0" in screen
        t.send("q")
        assert t.wait() == 0
    finally:
        t.close()
