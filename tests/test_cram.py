"""``srs cram``: a drill that logs cram reviews and changes no card's SM-2 state, due day, burial or daily
limit, whatever the grades; through the real CLI in plain mode, across simulated days (SRS_NOW)."""

import re

import pytest

from reviewkit import make_deck, query, srs_at as srs


@pytest.fixture
def env(tmp_path):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 8, prefix="a")
    make_deck(decks, "Beta", 4, prefix="b", domain="mlops", level="mid")
    return {"decks": decks, "db": tmp_path / "srs.sqlite3"}


def table(env, sql):
    return query(env["db"], sql)


def everything_but_cram(env):
    """All the SM-2 state there is: states, burials, suspensions, the log without cram rows."""
    return (table(env, "SELECT * FROM state ORDER BY card_id"), table(env, "SELECT * FROM buried ORDER BY card_id"),
            table(env, "SELECT * FROM suspended ORDER BY card_id"),
            table(env, "SELECT * FROM reviews WHERE kind != 'cram' ORDER BY id"))


def test_cram_reviews_leave_every_cards_sm2_state_unchanged(env):
    # cards in every situation: reviewed over days (some lapsed), due today, not due, new, buried, a step-7
    # repeat pending today, suspended
    srs(env, "2025-01-06T10:00", "review", "--new", "8", input="5\n3\n1\n4\n5\n5\n2\n5\n4\n4\n")
    srs(env, "2025-01-07T10:00", "review", "--new", "2", input="5\n0\n5\n4\n5\n5\n3\n5\n4\n4\n4\n")
    srs(env, "2025-01-13T10:00", "review", "--new", "0", input="2\ns\n5\n")  # a pending repeat, a burial
    srs(env, "2025-01-13T10:05", "suspend", "b0003")
    before = everything_but_cram(env)
    queue_before = srs(env, "2025-01-13T11:00", "review", input="q\n").splitlines()[0]

    grades = "".join(f"{g}\n" for g in [5, 0, 3, 4, 1, 2, 5, 4, 3, 0, 5] + [5] * 20)
    out = srs(env, "2025-01-13T11:00", "cram", "--order", "weakest", input=grades)
    assert "Crammed 11 cards" in out and "again" in out
    assert "graded 0 (cram review: schedule unchanged)" in out
    assert everything_but_cram(env) == before  # not one state, due day, burial or review row changed
    assert srs(env, "2025-01-13T11:00", "review", input="q\n").splitlines()[0] == queue_before  # nor today's queue

    crams = table(env, "SELECT card_id, quality, reps_before, reps_after, due_before, due_after FROM reviews"
                       " WHERE kind = 'cram' ORDER BY id")
    assert len(crams) == 11 + sum(1 for g in [5, 0, 3, 4, 1, 2, 5, 4, 3, 0, 5] if g < 4)
    assert all(r[2] == r[3] and r[4] == r[5] for r in crams)  # after = before (null for a new card)
    assert "b0003" not in {r[0] for r in crams}  # suspended: left out


def test_cram_filters_order_limit_and_undo(env):
    srs(env, "2025-01-06T10:00", "review", input="5\n" * 12)
    out = srs(env, "2025-01-06T12:00", "cram", "--domain", "mlops", "--order", "source", input="4\nu\n4\n4\n4\n")
    shown = [n for _, n in re.findall(r"^Q: (\w+) question (\d)", out, re.M)]
    assert shown == ["0", "1", "0", "1", "2", "3"]  # u on card 1 took back the 4 on card 0, which came back
    assert "undid the grade 4 of “Beta question 0: explain thing_0”" in out
    assert table(env, "SELECT count(*) FROM reviews WHERE kind = 'cram'") == [(3,)]
    out = srs(env, "2025-01-06T12:00", "cram", "--limit", "2", input="5\n5\n5\n")
    assert "Crammed 2 cards" in out and out.count("Q: ") == 2
    out = srs(env, "2025-01-06T12:00", "cram", "--domain", "nothing-here")
    assert "Nothing to cram" in out


def test_cram_reviews_count_for_no_daily_limit(env):
    out = srs(env, "2025-01-06T10:00", "cram", "--order", "source", input="5\n" * 12)
    assert "Crammed 12 cards" in out
    out = srs(env, "2025-01-06T11:00", "review", "--new", "3", input="q\n")
    assert "left today: new 3 · due 0 · again 0" in out  # the 12 crammed new cards are still new
