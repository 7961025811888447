"""The review screen in an 80×24 terminal, the most common size, as a terminal emulator shows it: each test
is a rough edge a user met (issue 10), driven through a pseudo-terminal key by key."""

import os

import pytest

from reviewkit import Screen, make_deck, run_cli

NOW = "2025-01-06T10:00"
SUBQUESTIONS = 17


def scenario_deck(folder, answer_lines: int = 2):
    """A scenario card (context + 17 sub-questions: longer than the screen) and two short cards."""
    from srs.card import Card
    from srs.deck import Deck, save_deck

    question = "**Context**: the click-through rate of the shop's recommendations dropped 15% after a release.\n\n" + \
        "\n".join(f"{i}. Sub-question {i:02d}: what would you check next?" for i in range(1, SUBQUESTIONS + 1))
    answer = "\n".join(f"- answer line {i:02d}" for i in range(1, answer_lines + 1))
    save_deck(Deck(deck="Scenarios", cards=[
        Card(id="scen000001", question=question, answer=answer, level="senior", domain="mlops"),
        Card(id="short00001", question="What is a Bloom filter?", answer="A probabilistic set.", level="mid"),
        Card(id="short00002", question="What is consistent hashing?", answer="Few keys move.", level="mid"),
    ]), folder / "scenarios.yaml")


def review(tmp_path, *extra, env=None):
    decks = tmp_path / "decks"
    if not decks.exists():
        scenario_deck(decks)
    return Screen(["review", "--decks-dir", str(decks), "--db", str(tmp_path / "db.sqlite3"), *extra],
                  {**os.environ, "SRS_NOW": NOW, **(env or {})})


def test_hint_under_a_long_question_names_the_keys_that_page_it(tmp_path):
    """The hint said "m/space more", but space shows the answer: before the answer, it names m and ↓."""
    t = review(tmp_path)
    try:
        rows = t.wait_for("Sub-question 01", "more lines below")
        hint = next(r for r in rows if "more lines below" in r)
        assert "m/↓ more" in hint and "space" not in hint, hint
        assert "Sub-question 17" not in t.text()
        t.send("m")  # m pages the question …
        assert "Sub-question 17" in "\n".join(t.wait_for("end of the question")) and "answer line" not in t.text()
        t.send("\x1b[A")  # … ↑ goes back …
        t.wait_for("Context", "m/↓ more")
        t.send(" ")  # … and space shows the answer, as the keys line says
        t.wait_for("answer line 01", "0-5 grade")
    finally:
        t.close()


@pytest.mark.parametrize("answer_lines", [2, 40], ids=["short answer", "long answer"])
def test_revealed_scenario_keeps_its_sub_questions_in_reach(tmp_path, answer_lines):
    """After the answer was shown the question shrank to 3 lines and the sub-questions were gone: now the
    question's last lines stay above the answer, and b / m page through every line of question and answer."""
    scenario_deck(tmp_path / "decks", answer_lines)
    t = review(tmp_path)
    try:
        t.wait_for("Sub-question 01")
        t.send(" ")
        rows = t.wait_for("answer line 01", "0-5 grade")
        shown = [n for n in range(1, SUBQUESTIONS + 1) if f"Sub-question {n:02d}" in t.text()]
        assert len(shown) >= 5 and shown[-1] == SUBQUESTIONS, rows  # the question's end, then the answer
        assert len(rows) == 24 and rows[0].endswith("left today: new 3 · due 0 · again 0") and "0 blackout" in t.text()
        seen = set(shown)
        for _ in range(6):  # back to the top of the card
            t.send("b")
            t.wait_for("0-5 grade")
            seen |= {n for n in range(1, SUBQUESTIONS + 1) if f"Sub-question {n:02d}" in t.text()}
        assert "Context" in t.text() and seen == set(range(1, SUBQUESTIONS + 1))
        answers = set()
        for _ in range(8):  # and forward to the end of the answer
            answers |= {n for n in range(1, answer_lines + 1) if f"answer line {n:02d}" in t.text()}
            if "end of the answer" in t.text():
                break
            t.send("m")
            t.wait_for("0-5 grade")
        assert answers == set(range(1, answer_lines + 1)) and "end of the answer" in t.text()
    finally:
        t.close()


def test_question_that_fits_stays_whole_above_a_long_answer(tmp_path):
    """An 8-line question with a 40-line answer: all of the question, then the answer paged below it."""
    make_deck(tmp_path / "decks", "Mid", 1, prefix="m")
    from srs.card import Card
    from srs.deck import Deck, save_deck

    question = "Compare these:\n\n" + "\n".join(f"- option {i}" for i in range(1, 7))
    save_deck(Deck(deck="Mid", cards=[Card(id="mid0000001", question=question,
                                           answer="\n".join(f"- detail {i:02d}" for i in range(1, 41)))]),
              tmp_path / "decks" / "mid.yaml")
    t = review(tmp_path)
    try:
        t.wait_for("option 6")
        t.send(" ")
        t.wait_for("detail 01", "0-5 grade")
        assert "Compare these:" in t.text() and all(f"option {i}" in t.text() for i in range(1, 7))
        assert "detail 40" not in t.text() and "more lines below · m/space more" in t.text()
    finally:
        t.close()


def rule_width(rows: list[str]) -> int:
    """How wide the header's rule is drawn (it ends with a space after the counts)."""
    return len(rows[0]) + 1


def test_resize_is_drawn_at_once_without_a_key(tmp_path):
    t = review(tmp_path)
    try:
        rows = t.wait_for("Sub-question 01", "space/enter show answer")
        assert rule_width(rows) == 80 and "Sub-question 17" not in t.text()
        t.resize(40, 110)  # no key sent: the new size is drawn
        rows = t.wait_for("Sub-question 17", "space/enter show answer")
        assert len(rows) == 40 and rule_width(rows) == 110 and rows[0].endswith("again 0") and "more lines below" not in t.text()
        t.send(" ")
        t.wait_for("answer line 02")
        t.resize(24, 80)  # the revealed card too, at the smaller size: the answer still in sight
        rows = t.wait_for("end of the answer", "0-5 grade")
        assert rule_width(rows) == 80 and rows[0].endswith("again 0") and rows[-1] == ""
        assert "0 blackout 1d" in t.text() and "Sub-question 17" in t.text() and "Context" not in t.text()
    finally:
        t.close()


def test_pager_shows_a_short_card_from_the_top_of_the_screen(tmp_path):
    """A pager that does not clear the screen (less without -c) wrote a short card at the cursor: the bottom of
    a blank screen. The screen is cleared and the cursor put at the top before the pager starts."""
    pager = "sh -c 'cat; read answer <&2'"  # shows the card, then waits for Enter, as a pager does
    t = review(tmp_path, env={"PAGER": pager})
    try:
        t.wait_for("Sub-question 01")
        t.send("5")
        t.wait_for("show the answer first")
        t.send(" ")
        t.wait_for("Sub-question 17", "0-5 grade")
        t.send("5")  # the next card is short
        t.wait_for("What is a Bloom filter?", "space/enter show answer")
        t.send(" ")
        t.wait_for("A probabilistic set.")
        t.send("p")
        rows = t.wait_for("answer", "A probabilistic set.")
        assert rows[0] == "Scenarios · mid", rows
        assert rows[2] == "What is a Bloom filter?" and "A probabilistic set." in rows[5]
        assert all(r == "" for r in rows[7:]) and "0-5 grade" not in t.text()
        t.send("\n")  # leave the pager: the review screen again
        t.wait_for("0-5 grade", "A probabilistic set.")
    finally:
        t.close()


def due_cards(tmp_path):
    """Three cards graded 5 on the day before NOW: all three due again on NOW's day."""
    decks = tmp_path / "decks"
    scenario_deck(decks)
    run_cli(["review", "--decks-dir", str(decks), "--db", str(tmp_path / "db.sqlite3")], input="5\n5\n5\n",
            env={"SRS_NOW": "2025-01-05T10:00"})


@pytest.mark.parametrize("limit, count, setup", [
    (["--new", "2"], "new 2 · due 0", lambda p: None),
    (["--limit", "2"], "new 0 · due 2", due_cards),
], ids=["new-card limit", "review limit"])
def test_count_after_a_skip_is_what_the_next_session_shows(tmp_path, limit, count, setup):
    """A skip uses up no daily limit: the next card the limit kept out takes the skipped one's place, in this
    session's count as in the next session's. Undoing the skip puts things back as they were."""
    setup(tmp_path)
    t = review(tmp_path, *limit)
    try:
        t.wait_for("Sub-question 01", count)
        t.send("s")
        rows = t.wait_for("What is a Bloom filter?", "skipped until 2025-01-07")
        assert count in rows[0], rows[0]
        t.send("u")
        rows = t.wait_for("Sub-question 01", "undid the skip")
        assert count in rows[0], rows[0]
        t.send("s")
        t.wait_for("What is a Bloom filter?", "skipped until 2025-01-07")
        t.send("q")
        t.wait_for("Still to do today")
        assert f"Still to do today: {count}" in t.text()
        assert t.wait() == 0
    finally:
        t.close()
    t = review(tmp_path, *limit)  # the next session, the same study day
    try:
        rows = t.wait_for("What is a Bloom filter?")
        assert count in rows[0], rows[0]
    finally:
        t.close()


def test_undo_names_the_card_not_its_internal_id(tmp_path):
    t = review(tmp_path)
    try:
        t.wait_for("Sub-question 01")
        t.send(" 4")
        t.wait_for("What is a Bloom filter?", "graded 4")
        t.send("u")
        rows = t.wait_for("Sub-question 01", "undid")
        message = next(r for r in rows if "undid" in r)
        assert message == "undid the grade 4 of “Context: the click-through rate of the…”", message
        assert "scen000001" not in t.text()
        t.send("s")
        t.wait_for("What is a Bloom filter?")
        t.send("u")
        t.wait_for("undid the skip of “Context: the click-through rate of the…”")
    finally:
        t.close()
