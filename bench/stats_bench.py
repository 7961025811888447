"""Time of ``srs stats`` (whole process, warm) on 100k cards and a year of reviews.

    .venv/bin/python bench/stats_bench.py                 # 100k cards, a year, 9 warm runs of each command
    .venv/bin/python bench/stats_bench.py --new 100 --limit 100000   # a much heavier year: every due card done
    .venv/bin/python bench/stats_bench.py --cards 10000 --runs 3

The decks are those of ``bench/review_bench.py``; the year of reviews is simulated with SM-2 itself
(``srs.sm2.review``) and written straight into the review database, as ``srs review`` would have written it:
each day the due cards up to ``--limit`` (most overdue first) and ``--new`` new cards, as srs's default limits
let in (20 and 200), grades drawn 5/4/4/3/3/2/1, and a step-7 repeat for each grade below 4; each Sunday a cram
session of ``--cram`` started cards (logged as ``srs cram`` logs it, no state changed); at the end one started
card in 100 is suspended. The index is built by a first, cold ``srs stats``; then ``srs stats`` (drawn on an 80×24
pseudo-terminal), ``srs stats --format json`` and ``srs stats --domain mlops --level senior`` are timed
until they exit, taking turns; each figure is the median of the warm runs, CPU time (user + system) beside it.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from review_bench import SRS, clean_env, write_decks  # noqa: E402

from srs import sm2  # noqa: E402

TODAY = date(2025, 1, 6)
GRADES = (5, 4, 4, 3, 3, 2, 1)


def simulate(db: Path, cards: int, days: int, new_per_day: int, reviews_per_day: int, cram: int = 30,
             seed: int = 1) -> int:
    """A year (``days``) of reviews ending the day before TODAY, written into ``db``; returns the reviews. Each
    day as ``srs review`` orders it: the most overdue due cards up to ``reviews_per_day``, then new cards."""
    rng = random.Random(seed)
    states: dict[str, tuple[sm2.State, date, str]] = {}
    log: list[tuple] = []
    next_new = 0
    for n in range(days, 0, -1):
        day = TODAY - timedelta(days=n)
        at = datetime.combine(day, clock_time(9, 0), tzinfo=timezone.utc)
        due = sorted((d, last, cid) for cid, (_, d, last) in states.items() if d <= day)
        due = [cid for _, _, cid in due[:reviews_per_day]]
        new = [f"bench{i:07d}" for i in range(next_new, min(cards, next_new + new_per_day))]
        next_new += len(new)
        for k, cid in enumerate(due + new):
            before, before_due, before_last = states.get(cid, (None, None, None))
            q = rng.choice(GRADES)
            after = sm2.review(before or sm2.NEW, q)
            when = (at + timedelta(seconds=20 * k)).isoformat()
            after_due = day + timedelta(days=after.interval)
            b = before
            log.append((cid, when, day.isoformat(), q, "new" if before is None else "review", rng.uniform(4, 40),
                        b and b.reps, b and b.ef, b and b.interval, b and b.lapses, before_due and before_due.isoformat(),
                        before_last, after.reps, after.ef, after.interval, after.lapses, after_due.isoformat()))
            if q < sm2.REPEAT_BELOW:
                log.append((cid, when, day.isoformat(), rng.choice((4, 5, 3)), "repeat", rng.uniform(3, 15),
                            after.reps, after.ef, after.interval, after.lapses, after_due.isoformat(), when,
                            after.reps, after.ef, after.interval, after.lapses, after_due.isoformat()))
            states[cid] = (after, after_due, when)
        if day.weekday() == 6 and states:
            for cid in rng.sample(sorted(states), min(cram, len(states))):
                s, d, last = states[cid]
                log.append((cid, (at + timedelta(hours=10)).isoformat(), day.isoformat(), rng.choice(GRADES), "cram",
                            rng.uniform(4, 30), s.reps, s.ef, s.interval, s.lapses, d.isoformat(), last,
                            None, None, None, None, None))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM reviews")
        conn.execute("DELETE FROM state")
        conn.executemany(
            "INSERT INTO reviews (card_id, reviewed_at, day, quality, kind, seconds, reps_before, ef_before,"
            " interval_before, lapses_before, due_before, last_review_before, reps_after, ef_after, interval_after,"
            " lapses_after, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", log)
        conn.executemany(
            "INSERT INTO state (card_id, reps, ef, interval, lapses, due, last_review) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(cid, s.reps, s.ef, s.interval, s.lapses, d.isoformat(), last) for cid, (s, d, last) in states.items()])
        conn.execute("DELETE FROM suspended")
        conn.executemany("INSERT INTO suspended (card_id, since) VALUES (?, ?)",
                         [(cid, f"{TODAY.isoformat()}T08:00:00+00:00") for cid in sorted(states)[::100]])
    conn.close()
    return len(log)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``cmd`` with its output on an 80×24 pseudo-terminal until it exits: (wall seconds, CPU seconds)."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%U %S", "-o", out.name, *cmd], stdin=subprocess.DEVNULL,
                                stdout=slave, stderr=slave, env=env, start_new_session=True)
        while proc.poll() is None:  # drain the terminal so the process never blocks on it
            if select.select([master], [], [], 0.01)[0]:
                os.read(master, 65536)
        elapsed = time.perf_counter() - t0
        os.close(master)
        os.close(slave)
        if proc.returncode:
            raise RuntimeError(f"{cmd} exited {proc.returncode}")
        user, system = out.read().strip().splitlines()[-1].split()
    return elapsed, float(user) + float(system)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--new", type=int, default=20, help="new cards a day in the simulated year [20, srs's default]")
    ap.add_argument("--limit", type=int, default=200, help="due cards reviewed a day at most [200, srs's default]")
    ap.add_argument("--cram", type=int, default=30, help="cards crammed each Sunday [30]")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "srs-stats-bench")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    decks = args.work / f"decks-{args.cards}"
    if not decks.exists():
        write_decks(decks, args.cards)
    db = args.work / f"srs-{args.cards}.sqlite3"
    for old in args.work.glob(f"srs-{args.cards}.sqlite3*"):
        old.unlink()
    env = clean_env(SRS_HOME=str(args.work / "home"), SRS_NOW=f"{TODAY.isoformat()}T10:00", TERM="xterm",
                    NO_COLOR="1", COLUMNS="80", LINES="24")
    base = [*SRS, "stats", "--decks-dir", str(decks), "--db", str(db)]
    cold = timed(base, env)  # creates the database and builds the content index
    reviews = simulate(db, args.cards, args.days, args.new, args.limit, args.cram)
    conn = sqlite3.connect(db)
    started = conn.execute("SELECT count(*) FROM state").fetchone()[0]
    conn.close()
    print(f"{args.cards:,} cards, {reviews:,} reviews over {args.days} days ({started:,} cards started,"
          f" {args.new} new and at most {args.limit} due a day, {args.cram} crammed each Sunday);"
          f" cold run (index build) {cold[0]:.2f} s", flush=True)
    commands = {"srs stats": base, "srs stats --format json": [*base, "--format", "json"],
                "srs stats --domain mlops --level senior": [*base, "--domain", "mlops", "--level", "senior"]}
    for cmd in commands.values():
        timed(cmd, env)  # warm
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            runs[name].append(timed(cmd, env))
    for name, results in runs.items():
        wall, cpu = zip(*results)
        print(f"{name:<42} {statistics.median(wall):.3f} s median of {len(wall)} (min {min(wall):.3f},"
              f" max {max(wall):.3f}; CPU {statistics.median(cpu):.3f} s)")


if __name__ == "__main__":
    main()
