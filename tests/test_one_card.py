"""One card at a time, and studying ahead: srs show, suspend / unsuspend, reset, srs review --ahead, the
what-next lines, list --flagged / --suspended; through the real CLI across simulated days (SRS_NOW)."""

import re

import pytest

from reviewkit import make_deck, query as db_query, srs_at as srs


@pytest.fixture
def env(tmp_path):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 6, prefix="a")
    return {"decks": decks, "db": tmp_path / "srs.sqlite3"}


def shown(out):
    return re.findall(r"^Q: Alpha question (\d+)", out, re.M)


def query(env, sql):
    return db_query(env["db"], sql)


def test_show_prints_text_state_and_history_with_resets(env):
    srs(env, "2025-01-06T10:00", "review", input="5\n2\n5\n5\n5\n5\n4\n")
    srs(env, "2025-01-07T10:00", "review", input="5\n5\n5\n5\n5\n5\n")
    out = srs(env, "2025-01-08T10:00", "show", "a0001")
    assert "Alpha · senior · system-design · hard" in out and "Answer 1" in out
    # graded 2 (a lapse, EF kept), 4 as its step-7 repeat (no change), then 5: SM-2's first step again, EF + 0.1
    assert "reps 1 · EF 2.60 · interval 1d · due 2025-01-08 (due now) · lapses 1 · last review 2025-01-07" in out
    rows = re.findall(r"│ (\S+) +│ (\w+) +│ (\d?) +│ (\S*) +│ (.+?) +│", out)
    assert rows == [("2025-01-06", "new", "2", "1d", "2025-01-07"), ("2025-01-06", "repeat", "4", "", "unchanged"),
                    ("2025-01-07", "review", "5", "1d", "2025-01-08")]

    out = srs(env, "2025-01-08T10:00", "reset", "a0001")
    assert "a0001: new again (was reps 1, EF 2.60, interval 1d, due 2025-01-08); its history is kept" in out
    assert "already new" in srs(env, "2025-01-08T10:00", "reset", "a0001")
    out = srs(env, "2025-01-08T10:00", "show", "a0001")
    assert "new: never reviewed since its reset" in out and "back to new" in out and "history: 4 rows" in out
    assert len(query(env, "SELECT * FROM reviews WHERE card_id = 'a0001'")) == 3  # the log is kept
    assert query(env, "SELECT reps_before, ef_before, interval_before FROM resets") == [(1, 260, 1)]
    out = srs(env, "2025-01-08T10:00", "review", "--new", "1", input="q\n")
    assert shown(out)[:1] == ["1"] and "new card" in out  # new again, first in source order
    out = srs(env, "2025-01-08T10:00", "show", "zzz", code=2)
    assert "no card with id 'zzz'" in out


def test_suspended_cards_leave_every_queue_until_unsuspended_with_their_schedule(env):
    srs(env, "2025-01-06T10:00", "review", input="5\n" * 6)
    before = query(env, "SELECT * FROM state WHERE card_id = 'a0000'")
    assert "a0000: suspended" in srs(env, "2025-01-06T11:00", "suspend", "a0000", "a0003")
    assert "already suspended" in srs(env, "2025-01-06T11:00", "suspend", "a0000")
    out = srs(env, "2025-01-07T10:00", "review", input="q\n")
    assert "due 4" in out and "0" not in shown(out)
    assert "0" not in shown(srs(env, "2025-01-07T10:00", "cram", "--order", "source", input="5\n" * 6))
    listed = srs(env, "2025-01-07T10:00", "list", "--suspended")
    assert "a0000" in listed and "a0003" in listed and "a0001" not in listed
    assert "a0000: back in the queues" in srs(env, "2025-01-09T10:00", "unsuspend", "a0000")
    assert "was not suspended" in srs(env, "2025-01-09T10:00", "unsuspend", "a0001")
    assert query(env, "SELECT * FROM state WHERE card_id = 'a0000'") == before
    out = srs(env, "2025-01-09T10:00", "review", input="q\n")
    assert "due, 2 days overdue" in out and shown(out)[:1] == ["0"]  # due since the 7th: most overdue first


def test_review_ahead_studies_cards_not_due_yet_soonest_first_after_todays_queue(env):
    srs(env, "2025-01-06T10:00", "review", "--new", "3", input="5\n5\n5\n")      # 0-2 due on the 7th
    srs(env, "2025-01-07T10:00", "review", "--new", "1", input="5\n5\n5\n5\n")  # 0-2 due on the 13th, 3 on the 8th
    out = srs(env, "2025-01-07T12:00", "review", "--ahead", "--new", "0", input="q\n")
    assert "Nothing to review now" in out  # nothing reviewed today is studied ahead again today
    out = srs(env, "2025-01-08T12:00", "review", "--new", "1", input="q\n")
    assert shown(out) == ["3"]  # without --ahead: only today's queue
    out = srs(env, "2025-01-08T12:00", "review", "--new", "1", "--ahead", input="5\n5\n4\n5\n5\n")
    assert "left today: new 1 · due 1 · again 0 · ahead 3" in out
    assert shown(out) == ["3", "4", "0", "1", "2"]  # today's due and new cards first, then those due on the 13th
    assert "ahead: due in 5 days (2025-01-13)" in out
    assert "graded 4 → next in 17d (2025-01-25)" in out  # a real SM-2 review: ceil(6 × 2.7), counted from today
    assert query(env, "SELECT count(*) FROM reviews WHERE day = '2025-01-08' AND kind = 'review'") == [(4,)]


def test_the_end_of_a_session_says_what_to_do_next(env):
    out = srs(env, "2025-01-06T10:00", "review", "--domain", "system-design", input="5\n5\n5\n5\n5\n5\n")
    assert "Next: 6 cards due tomorrow (2025-01-07); srs review --ahead --domain system-design studies them now" in out
    assert "srs cram --domain system-design drills without changing the schedule" in out
    assert "2 cards shown had no answer: srs edit --no-answer --domain system-design writes yours." in out
    out = srs(env, "2025-01-06T12:00", "review", input="")
    assert "Nothing to review now" in out and "Next: 6 cards due tomorrow" in out
    out = srs(env, "2025-01-07T10:00", "review", input="f\n5\nq\n")
    assert "flagged: srs list --flagged lists it" in out and "1 flagged card: srs list --flagged." in out
    assert "a0000" in srs(env, "2025-01-07T10:00", "list", "--flagged")
    assert "flagged since 2025-01-07" in srs(env, "2025-01-07T10:00", "show", "a0000")
    out = srs(env, "2025-01-08T10:00", "cram", "--search", "thing_0", input="q\n")
    assert out.startswith("── Alpha · senior · system-design · hard · ⚑ flagged · cram")
