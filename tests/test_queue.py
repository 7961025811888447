"""The queue across simulated days (SRS_NOW): the schedule the vectors predict, the 4 am day
start, daily limits, order, filters, skip, config — through the real CLI in plain mode."""

import json
import re
from datetime import date, timedelta

import pytest

from srs.store import Store
from conftest import DATA
from reviewkit import make_deck, run_cli

VECTORS = json.loads((DATA / "sm2" / "vectors.json").read_text())


@pytest.fixture
def env(tmp_path):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 30, prefix="a")
    return {"decks": decks, "db": tmp_path / "srs.sqlite3"}


def review(env, now: str, grades: str, *args: str):
    res = run_cli(["review", "--decks-dir", str(env["decks"]), "--db", str(env["db"]), *args], input=grades, env={"SRS_NOW": now})
    assert res.exit_code == 0, res.output
    return res.output


def shown(output: str) -> list[str]:
    """The question numbers shown, in order."""
    return re.findall(r"^Q: Alpha question (\d+)", output, re.M)


@pytest.mark.parametrize("seq_id", ["sm2-001", "sm2-056", "sm2-030"])
def test_simulated_days_follow_the_vectors(env, seq_id):
    """One card graded on each day it falls due; its interval and due day match the reference."""
    seq = next(s for s in VECTORS["sequences"] if s["id"] == seq_id)
    make_deck(env["decks"], "Alpha", 1, prefix="a")
    day = date(2025, 1, 6)
    for q, reps, ef, interval in seq["steps"][:14]:
        if interval > 20000:
            break
        out = review(env, f"{day}T10:00", f"{q}\n")
        assert shown(out)[:1] == ["0"], out
        with Store(env["db"]) as s:
            st = s.state("a0000")
        assert (st.sm2.reps, st.sm2.ef, st.sm2.interval) == (reps, round(ef * 100), interval)
        assert st.due == day + timedelta(days=interval)
        if interval > 1:  # the day before it is due, nothing to review, and it says when
            out = review(env, f"{st.due - timedelta(days=1)}T10:00", "")
            assert "Nothing to review now" in out and f"Next review due tomorrow ({st.due})" in out
        day = st.due


def test_step_seven_repeats_until_four_without_changing_schedule(env):
    make_deck(env["decks"], "Alpha", 1, prefix="a")
    out = review(env, "2025-01-06T10:00", "2\n3\n4\n5\n")
    assert shown(out) == ["0", "0", "0"]  # 2 -> again, 3 -> again, 4 -> done
    with Store(env["db"]) as s:
        log = s.review_log()
        assert [(r["quality"], r["kind"]) for r in log] == [(2, "new"), (3, "repeat"), (4, "repeat")]
        assert (s.state("a0000").sm2.interval, s.state("a0000").sm2.lapses) == (1, 1)


def test_day_starts_at_4am_local(env):
    review(env, "2025-01-06T10:00", "5\n", "--new", "1")
    # 03:59 next morning still belongs to 6 January: card not due, no new quota left
    assert "Nothing to review now" in review(env, "2025-01-07T03:59", "", "--new", "1")
    out = review(env, "2025-01-07T04:00", "q\n", "--new", "1")
    assert shown(out) == ["0"] and "new 1 · due 1" in out


def test_daily_limits_and_source_order(env):
    out = review(env, "2025-01-06T10:00", "5\n" * 25)
    assert shown(out) == [str(i) for i in range(20)]  # 20 new a day, in source order
    out = review(env, "2025-01-06T18:00", "5\n")
    assert "Nothing to review now" in out and "10 new cards for later days (20 a day)" in out
    assert "new-card limit (20) is reached" in out
    out = review(env, "2025-01-07T10:00", "q\n", "--limit", "5", "--new", "2")
    assert "new 2 · due 5 · again 0" in out
    out = review(env, "2025-01-07T10:00", "5\n" * 3, "--limit", "5", "--new", "2")
    assert shown(out)[:3] == ["0", "1", "2"]
    out = review(env, "2025-01-07T11:00", "q\n", "--limit", "5", "--new", "2")
    assert "new 2 · due 2 · again 0" in out  # 3 of today's 5 reviews used


def test_most_overdue_first(env):
    review(env, "2025-01-06T10:00", "5\n5\n5\n", "--new", "3")  # 0,1,2 due 7 Jan
    review(env, "2025-01-07T10:00", "q\n", "--new", "0")
    review(env, "2025-01-07T10:00", "", "--new", "0")
    with Store(env["db"]) as s:  # make card 2 the most overdue
        s.conn.execute("UPDATE state SET due = '2025-01-02' WHERE card_id = 'a0002'")
    out = review(env, "2025-01-09T10:00", "5\n5\n5\n", "--new", "0")
    assert shown(out) == ["2", "0", "1"]


def test_shuffle_changes_new_order(env):
    order = shown(review(env, "2025-01-06T10:00", "s\n" * 30, "--shuffle", "--new", "30"))
    assert sorted(order, key=int) == [str(i) for i in range(30)] and order != sorted(order, key=int)


def test_skip_buries_until_tomorrow(env):
    out = review(env, "2025-01-06T10:00", "s\n5\n", "--new", "2")
    assert shown(out) == ["0", "1", "2"] and "skipped until 2025-01-07" in out  # a skip uses up no new-card limit
    assert shown(review(env, "2025-01-06T12:00", "q\n", "--new", "5")) == ["2"]  # 0 stays buried today
    assert shown(review(env, "2025-01-07T10:00", "q\n", "--new", "5"))[0] == "1"
    out = review(env, "2025-01-07T10:00", "q\n", "--new", "5")
    assert "new 5 · due 1" in out  # card 0 is back as new


def test_suspending_a_card_uses_up_no_daily_limit(env):
    out = review(env, "2025-01-06T10:00", "!\nu\nq\n", "--new", "2")  # suspended, then undone: as it was
    assert shown(out) == ["0", "1", "0"] and re.findall(r"left today: (new \d)", out) == ["new 2"] * 3
    assert "Still to do today: new 2 · due 0 · again 0" in out
    out = review(env, "2025-01-06T10:00", "!\n5\n5\n", "--new", "2")
    assert shown(out) == ["0", "1", "2"] and "suspended a0000" in out  # card 2 takes the suspended card's place
    assert re.findall(r"left today: (new \d)", out) == ["new 2", "new 2", "new 1"]


def test_filters_apply(env):
    make_deck(env["decks"], "Beta", 4, prefix="b", domain="deep-learning", level="mid")
    out = review(env, "2025-01-06T10:00", "q\n", "--domain", "deep-learning", "--level", "mid")
    assert "Beta question 0" in out and "new 4 · due 0" in out
    out = review(env, "2025-01-06T10:00", "q\n", "--search", "question 17")
    assert "Alpha question 17" in out and "new 1 · due 0" in out


def test_config_file_sets_defaults(env, tmp_path):
    cfg = tmp_path / "cfg.toml"
    cfg.write_text("[review]\nnew_per_day = 2\nday_start_hour = 0\nmax_interval = 3\n")
    res = run_cli(["review", "--decks-dir", str(env["decks"]), "--db", str(env["db"])], input="5\n" * 5,
                  env={"SRS_NOW": "2025-01-06T00:30", "SRS_CONFIG": str(cfg)})
    assert shown(res.output) == ["0", "1"]
    with Store(env["db"]) as s:
        assert s.review_log()[0]["day"] == "2025-01-06"  # day starts at midnight here
    # max_interval = 3 caps SM-2: the second success would give 6 days
    res = run_cli(["review", "--decks-dir", str(env["decks"]), "--db", str(env["db"]), "--new", "0"], input="5\n",
                  env={"SRS_NOW": "2025-01-07T10:00", "SRS_CONFIG": str(cfg)})
    assert "next in 3d (2025-01-10)" in res.output


@pytest.mark.parametrize("args,env_extra,message", [
    (["--new", "-1"], {}, "new_per_day must be an integer"),
    (["--limit", "abc"], {}, "is not a valid integer"),
    ([], {"SRS_NOW": "next tuesday"}, "SRS_NOW is not an ISO date-time"),
    ([], {"SRS_CONFIG": "/nonexistent/srs.toml"}, "config file not found"),
])
def test_user_errors_are_one_line(env, args, env_extra, message):
    res = run_cli(["review", "--decks-dir", str(env["decks"]), "--db", str(env["db"]), *args], env=env_extra)
    assert res.exit_code != 0 and message in res.output and "Traceback" not in res.output


def test_bad_config_value(env, tmp_path):
    cfg = tmp_path / "cfg.toml"
    cfg.write_text("[review]\nday_start_hour = 25\n")
    res = run_cli(["review", "--decks-dir", str(env["decks"])], env={"SRS_CONFIG": str(cfg)})
    assert res.exit_code == 2 and "day_start_hour must be an integer from 0 to 23" in res.output
