"""Acceptance 4, through the real ``srs`` program in plain (piped) mode: with SRS_NOW moving
across simulated days, cards come up on exactly the days tests/data/sm2/vectors.json
predicts; the study day starts at 4 am *local* time (configurable); the daily limits
(--new, --limit, config.toml) behave as the README documents.

The local time zone is fixed to UTC+9 (TZ=JST-9) so that local and UTC days differ.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import DATA
from srs.card import Card
from srs.deck import Deck, save_deck

VECTORS = {s["id"]: s for s in json.loads((DATA / "sm2" / "vectors.json").read_text())["sequences"]}
_script = Path(sys.executable).with_name("srs")
SRS = [str(_script)] if _script.exists() else [sys.executable, "-m", "srs"]
TZ = "JST-9"  # POSIX TZ string: UTC+9, no tz database needed
START = date(2025, 1, 6)


def write_deck(folder: Path, ids: list[str], name: str = "Days") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cards = [Card(id=i, question=f"Recall item {i}.", answer=f"The answer for {i}.", level="mid", domain="mlops")
             for i in ids]
    save_deck(Deck(deck=name, cards=cards), folder / f"{name.lower()}.yaml")


def environment(tmp_path: Path, now: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SRS_")}
    return {**env, "TZ": TZ, "SRS_HOME": str(tmp_path / "home"), "SRS_DB": str(tmp_path / "srs.sqlite3"),
            "SRS_NOW": now, "NO_COLOR": "1", **extra}


def srs_review(tmp_path: Path, now: str, grades: str = "", *args: str, **env: str) -> str:
    """``printf GRADES | SRS_NOW=NOW srs review --decks-dir … ARGS``: the real program, stdin a pipe."""
    res = subprocess.run([*SRS, "review", "--decks-dir", str(tmp_path / "decks"), *args], input=grades,
                         capture_output=True, text=True, env=environment(tmp_path, now, **env), timeout=60)
    assert res.returncode == 0, res.stderr + res.stdout
    assert "Traceback" not in res.stderr
    return res.stdout


def shown(output: str) -> list[str]:
    """The card ids shown, in order."""
    return re.findall(r"^Q: Recall item (\S+)\.$", output, re.M)


def state(tmp_path: Path, card_id: str) -> tuple:
    conn = sqlite3.connect(tmp_path / "srs.sqlite3")
    try:
        return conn.execute("SELECT reps, ef, interval, lapses, due FROM state WHERE card_id = ?", (card_id,)).fetchone()
    finally:
        conn.close()


# -- the schedule the vectors predict ---------------------------------------------

PLAN = {"veca": ("sm2-019", 9), "vecb": ("sm2-053", 10), "vecc": ("sm2-034", 5)}
"""Card id -> (reference sequence, steps used): lapses, step-7 repeats, 1/6-day steps and
ceil(I * EF) intervals up to 125 days, all on one simulated calendar."""
TIMES = ["T04:00", "T12:30", "T23:59", "+T03:58"]
"""When each day's session runs, in turn: all inside the study day (the last one is 03:58
the next calendar morning, which still belongs to it)."""


def at(day: date, k: int) -> str:
    t = TIMES[k % len(TIMES)]
    return f"{day + timedelta(days=1)}{t[1:]}" if t.startswith("+") else f"{day}{t}"


def drive(tmp_path: Path, now: str, answer) -> tuple[list[str], str]:
    """Run one interactive plain-mode session: ``answer(card_id, is_repeat)`` gives each grade.
    Returns the cards shown (a step-7 repeat marked ``id*``) and the whole output."""
    proc = subprocess.Popen([*SRS, "review", "--decks-dir", str(tmp_path / "decks")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(tmp_path, now))
    out, seen, card = [], [], None
    try:
        for line in proc.stdout:
            out.append(line)
            if m := re.match(r"Q: Recall item (\S+)\.$", line):
                card = m[1]
            elif line.startswith("grade: "):
                repeat = "repeat (step 7)" in line
                seen.append(card + "*" if repeat else card)
                proc.stdin.write(f"{answer(card, repeat)}\n")
                proc.stdin.flush()
        proc.stdin.close()
        assert proc.wait(30) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    return seen, "".join(out)


def test_schedule_across_simulated_days_follows_the_vectors(tmp_path):
    write_deck(tmp_path / "decks", list(PLAN))
    steps = {cid: VECTORS[seq]["steps"][:n] for cid, (seq, n) in PLAN.items()}
    # the calendar the vectors predict: each card is reviewed on the day its last interval ends
    calendar: dict[date, list[str]] = {}
    for cid, seq in steps.items():
        day = START
        for q, reps, ef, interval in seq:
            calendar.setdefault(day, []).append(cid)
            day += timedelta(days=interval)
    done = {cid: 0 for cid in PLAN}
    days = sorted(calendar)
    assert len(days) >= 15 and days[-1] - START > timedelta(days=150)

    for k, day in enumerate(days):
        if k and days[k - 1] < day - timedelta(days=1):
            # the evening before and 03:59 on the due morning: still the previous study day, nothing due
            for now in (f"{day - timedelta(days=1)}T21:00", f"{day}T03:59"):
                out = srs_review(tmp_path, now, "5\n")
                assert shown(out) == [] and "Nothing to review now" in out, (now, out)
                assert f"Next review due tomorrow ({day})" in out, (now, out)

        def answer(cid, repeat):
            if repeat:
                return 5  # step 7: logged, schedule unchanged
            q = steps[cid][done[cid]][0]
            done[cid] += 1
            return q

        before = dict(done)
        seen, out = drive(tmp_path, at(day, k), answer)
        first = [c for c in seen if not c.endswith("*")]
        assert sorted(first) == sorted(calendar[day]), (day, seen, out)
        # step 7: every card graded below 4 today came back once (then got a 5)
        low = [c for c in first if steps[c][before[c]][0] < 4]
        assert sorted(c[:-1] for c in seen if c.endswith("*")) == sorted(low), (day, seen)
        for cid in first:
            q, reps, ef, interval = steps[cid][done[cid] - 1]
            due = day + timedelta(days=interval)
            assert f"graded {q} → next in" in out and f"({due})" in out
            got = state(tmp_path, cid)
            assert got[:3] == (reps, round(ef * 100), interval), (day, cid, got)
            assert got[4] == due.isoformat()
        # a card whose reference steps are used up leaves the deck (its history stays, hidden)
        left = [cid for cid in PLAN if done[cid] < len(steps[cid])]
        if len(left) < len(PLAN):
            write_deck(tmp_path / "decks", left)
    assert done == {cid: n for cid, (seq, n) in PLAN.items()}
    assert all(state(tmp_path, cid)[:3] == (steps[cid][-1][1], round(steps[cid][-1][2] * 100), steps[cid][-1][3])
               for cid in PLAN)

    conn = sqlite3.connect(tmp_path / "srs.sqlite3")
    kinds = dict(conn.execute("SELECT kind, count(*) FROM reviews GROUP BY kind").fetchall())
    conn.close()
    graded = sum(n for _, n in PLAN.values())
    assert kinds["new"] == len(PLAN) and kinds["review"] == graded - len(PLAN)
    assert kinds["repeat"] == sum(1 for cid, seq in steps.items() for q, *_ in seq if q < 4)


# -- the 4 am day start --------------------------------------------------------------


def test_study_day_starts_at_4am_local_time(tmp_path):
    write_deck(tmp_path / "decks", ["day1", "day2"])
    out = srs_review(tmp_path, "2025-01-06T10:00", "5\n", "--new", "1")
    assert shown(out) == ["day1"] and "next in 1d (2025-01-07)" in out

    # 03:59 local on 7 January still belongs to study day 6 January: nothing due, no new quota
    out = srs_review(tmp_path, "2025-01-07T03:59", "5\n", "--new", "1")
    assert shown(out) == [] and "study day 2025-01-06" in out and "Next review due tomorrow (2025-01-07)" in out
    # the same instants with a UTC offset: 18:59Z is 03:59 in UTC+9, 19:00Z is 04:00
    out = srs_review(tmp_path, "2025-01-06T18:59:59Z", "", "--new", "1")
    assert shown(out) == [] and "study day 2025-01-06" in out
    out = srs_review(tmp_path, "2025-01-06T19:00:00Z", "q\n", "--new", "1")
    assert shown(out) == ["day1"] and "left today: new 1 · due 1 · again 0" in out

    # a review at 02:00 on 9 January is logged on study day 8 January
    srs_review(tmp_path, "2025-01-09T02:00", "5\n5\n", "--new", "1")
    conn = sqlite3.connect(tmp_path / "srs.sqlite3")
    rows = conn.execute("SELECT card_id, day, reviewed_at FROM reviews ORDER BY id").fetchall()
    conn.close()
    assert rows[-2][:2] == ("day1", "2025-01-08") and rows[-2][2].startswith("2025-01-08T17:00:00")  # stored in UTC
    assert rows[-1][:2] == ("day2", "2025-01-08")


def test_day_start_hour_from_config(tmp_path):
    write_deck(tmp_path / "decks", ["day1"])
    cfg = tmp_path / "config.toml"
    cfg.write_text("[review]\nday_start_hour = 6\n")
    srs_review(tmp_path, "2025-01-06T10:00", "5\n", SRS_CONFIG=str(cfg))
    out = srs_review(tmp_path, "2025-01-07T05:59", "5\n", SRS_CONFIG=str(cfg))
    assert shown(out) == [] and "Next review due tomorrow (2025-01-07)" in out
    out = srs_review(tmp_path, "2025-01-07T06:00", "q\n", SRS_CONFIG=str(cfg))
    assert shown(out) == ["day1"]
    # without the config, 05:59 is already 7 January
    assert shown(srs_review(tmp_path, "2025-01-07T05:59", "q\n")) == ["day1"]
    # the config file in the default place ($SRS_HOME/config.toml) is read too
    (tmp_path / "home").mkdir(exist_ok=True)
    (tmp_path / "home" / "config.toml").write_text(cfg.read_text())
    assert shown(srs_review(tmp_path, "2025-01-07T05:59", "q\n")) == []


# -- daily limits ------------------------------------------------------------------


def test_daily_limits_from_config_and_options(tmp_path):
    ids = [f"new{i:02d}" for i in range(12)]
    write_deck(tmp_path / "decks", ids)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "config.toml").write_text("[review]\nnew_per_day = 3\nreviews_per_day = 2\n")
    day1, day2 = "2025-01-06", "2025-01-07"

    out = srs_review(tmp_path, f"{day1}T10:00", "5\n" * 10)
    assert shown(out) == ids[:3]  # config: 3 new a day, in source order
    assert "left today: new 3 · due 0 · again 0" in out
    out = srs_review(tmp_path, f"{day1}T20:00", "5\n")
    assert shown(out) == [] and "Today's new-card limit (3) is reached" in out
    assert "9 new cards for later days (3 a day)" in out
    out = srs_review(tmp_path, f"{day1}T20:30", "5\n" * 10, "--new", "5")  # the option beats the config;
    assert shown(out) == ids[3:5]  # the 3 already started today count against it

    # day 2: five cards due, the review limit (2) lets two in, due before new; --new 0 turns new cards off
    out = srs_review(tmp_path, f"{day2}T09:00", "q\n", "--new", "0")
    assert "left today: new 0 · due 2 · again 0" in out
    out = srs_review(tmp_path, f"{day2}T09:00", "5\n" * 10)
    assert shown(out) == [*ids[:2], *ids[5:8]]
    assert "left today: new 3 · due 2 · again 0" in out
    out = srs_review(tmp_path, f"{day2}T12:00", "5\n")
    assert shown(out) == [] and "Today's review limit (2) is reached" in out
    assert "3 due cards over today's review limit (2)" in out
    out = srs_review(tmp_path, f"{day2}T12:00", "5\n2\n4\n", "--limit", "4")
    # two more reviews allowed; a card graded 2 comes back (step 7) although the limit is used up
    assert shown(out) == [ids[2], ids[3], ids[3]] and "step-7 repeat" in out
    out = srs_review(tmp_path, f"{day2}T12:30", "", "--limit", "4")
    assert shown(out) == [] and "1 due card over today's review limit (4)" in out

    # day 3: the limits start again; due today: new03 (lapsed), new05-07 (first success) and
    # new04, left over from day 2 and shown first as the most overdue
    out = srs_review(tmp_path, "2025-01-08T04:00", "q\n", "--limit", "100", "--new", "100")
    assert "left today: new 4 · due 5 · again 0" in out
    assert shown(out) == ["new04"] and "due, 1 day overdue" in out
