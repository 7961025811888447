"""``srs stats``: a small review log whose numbers were worked out by hand (the tables below), checked in the
terminal output and in ``--format json``; the rules behind each number as tables; filters as every command
applies them."""

import json
import re
from datetime import date

import pytest

from reviewkit import make_deck, run_cli
from srs.card import Card
from srs.deck import Deck, save_deck
from srs.paths import deck_paths
from srs.store import Store

TODAY = "2025-03-10T10:00"  # a Monday; the calendar starts on Monday 2024-03-11: 365 days

CARDS = [  # id, level, domain
    ("sys1", "senior", "system-design"),
    ("sys2", "senior", "system-design"),
    ("cod1", "mid", "coding"),
    ("cod2", "mid", "coding"),
    ("mlf1", "entry", "ml-fundamentals"),
    ("new1", "mid", "coding"),
    ("new2", None, None),
    ("sus1", "senior", "system-design"),  # suspended after reviews
    ("sus2", "entry", "ml-fundamentals"),  # suspended, never reviewed
    ("rst1", "mid", "coding"),  # reviewed once, then reset: no state row, its grade still in the log
]
SUSPENDED = ["sus1", "sus2"]
STATE = [  # card, reps, interval, ef (hundredths), lapses, due         -> state
    ("sys1", 3, 30, 260, 0, "2025-03-10"),  # mature, due today
    ("sys2", 0, 1, 210, 3, "2025-03-08"),  # learning, 2 days overdue
    ("cod1", 2, 6, 250, 0, "2025-03-12"),  # young, due in 2 days
    ("cod2", 4, 25, 230, 1, "2025-04-01"),  # mature, due in 22 days
    ("mlf1", 1, 1, 236, 2, "2025-03-11"),  # young, due tomorrow
    ("sus1", 2, 6, 250, 0, "2025-03-11"),  # suspended: not young, not due tomorrow
]  # new1, new2, rst1: new; sus2: suspended
LOG = [  # study day, card, kind, quality, interval before, seconds
    ("2024-03-01", "cod2", "review", 5, 3, 30),  # before the calendar: only the streak history sees it
    *[(f"2024-12-{d:02d}", "cod1", "repeat", 4, 1, 30) for d in range(1, 11)],  # the longest streak: 10 days
    *[("2025-02-01", card, "new", 4, None, 30) for card in ("sys1", "sys2", "cod1", "cod2", "mlf1")],
    ("2025-02-08", "cod1", "review", 1, 1, 30),  # 30 days ago: out of "the last 30 days"
    ("2025-02-09", "cod1", "review", 3, 1, 30),  # 29 days ago: in
    ("2025-02-15", "sys1", "review", 4, 12, 30),
    ("2025-02-16", "sys2", "review", 0, 15, 30),
    ("2025-02-18", "cod2", "review", 5, 21, 30),  # 21 days: mature
    ("2025-02-20", "mlf1", "review", 3, 1, 30),
    ("2025-02-25", "mlf1", "review", 4, 6, 30),
    ("2025-03-03", "cod1", "repeat", 4, 6, 20),  # repeats count as grades, never for retention
    ("2025-03-04", "sys1", "review", 5, 30, 30),  # the last 7 days: from here
    ("2025-03-05", "sys2", "review", 2, 6, 30),
    ("2025-03-05", "sys2", "repeat", 3, 1, 20),
    ("2025-03-06", "cod1", "review", 4, 1, 30),
    ("2025-03-07", "cod2", "review", 3, 25, 30),
    ("2025-03-08", "mlf1", "review", 1, 6, 30),
    ("2025-03-08", "mlf1", "repeat", 4, 1, 20),
    ("2025-03-09", "cod1", "review", 5, 6, 30),
    ("2025-02-01", "rst1", "new", 4, None, 30),  # before its reset
]
CRAM = [  # study day, card, quality, seconds: logged, no card's state changed (a new card stays new)
    ("2025-02-20", "sys1", 3, 15),
    ("2025-02-20", "sys2", 1, 15),
    ("2025-03-02", "mlf1", 4, 15),  # a day with only cram grades: a study day of the streak
    ("2025-03-10", "new1", 5, 15),  # today: the streak runs to today
    ("2025-03-10", "cod1", 2, 15),
]
# By hand:
#   cards: 10 = new 3 (new1, new2, rst1: reset), learning 1 (sys2), young 2 (cod1, mlf1), mature 2 (sys1, cod2),
#   suspended 2 (sus1, sus2); senior 3 = learning 1 + mature 1 + suspended 1; mid 4 = new 2 + young 1 + mature 1;
#   entry 2 = young 1 + suspended 1; no level 1 = new 1; coding as mid, system-design as senior, ml-fundamentals
#   as entry
#   due: overdue 1 (sys2); today 2 (sys1 + sys2), tomorrow 1 (mlf1; sus1 is suspended), 7 days 4 (+ cod1),
#   30 days 5 (+ cod2)
#   grades in the calendar: new 6, review 13, repeat 13, cram 5 = 37 on 27 days (25 with SM-2 grades, + 03-02
#   and 03-10 with only cram); streak 03-02..03-10 = 9 (without cram: 03-03..03-09 = 7, none yet today),
#   longest 12-01..12-10 = 10
#   time, 02-09..03-10: 12 reviews x 30 s + 3 repeats x 20 s + 5 cram x 15 s = 420 + 75 = 495 s = 8m, on
#   15 days: 33 s a study day; cram 75 s = 1m of it; today 30 s, all cram
#   cram, 7 days (03-04..03-10): 1 of 2 graded >= 3 = 50%; 30 days: 3 of 5 = 60%; by domain, 30 days:
#   coding 1 of 2 (new1 5, cod1 2) = 50%, ml-fundamentals 1 of 1 = 100%, system-design 1 of 2 = 50%
#   retention, 7 days (03-04..03-10): young 2/4 = 50%, mature 2/2 = 100%; 30 days (02-09..): young 6/9 = 67%,
#   mature 3/3 = 100%, all 9/12 = 75%; system-design 2/4 = 50% (the weakest domain with 4+ reviews), coding
#   5/5 = 100%, ml-fundamentals 2/3 = 67% (too few reviews to be called weakest); senior 50%, mid 100%
#   cram changes none of the SM-2 figures: cards by state, due, retention and hardest are as without it
#   hardest: s2 (3 lapses, EF 2.10), m1 (2, 2.36), c2 (1, 2.30); s1 and c1 were never forgotten, EF >= 2.50;
#   rst1's 4 lapses were before its reset (no state: not a hard card now)


def fixture(tmp_path):
    decks = tmp_path / "decks"
    save_deck(Deck(deck="Fixture", cards=[
        Card(id=cid, question=f"Question {cid}?", answer="An answer.", level=level, domain=domain)
        for cid, level, domain in CARDS]), decks / "fixture.yaml")
    db = tmp_path / "db.sqlite3"
    with Store(db) as store:
        store.refresh_index(deck_paths(decks))
        store.conn.executemany("INSERT INTO state (card_id, reps, interval, ef, lapses, due, last_review)"
                               " VALUES (?, ?, ?, ?, ?, ?, '2025-03-01T09:00:00+00:00')", STATE)
        store.conn.executemany(
            "INSERT INTO reviews (card_id, reviewed_at, day, quality, kind, seconds, interval_before,"
            " reps_after, ef_after, interval_after, lapses_after, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 250, 1, 0, ?)",
            [(card, f"{day}T09:00:00+00:00", day, q, kind, s, ivl, day) for day, card, kind, q, ivl, s in LOG])
        store.conn.executemany(
            "INSERT INTO reviews (card_id, reviewed_at, day, quality, kind, seconds) VALUES (?, ?, ?, ?, 'cram', ?)",
            [(card, f"{day}T11:00:00+00:00", day, q, s) for day, card, q, s in CRAM])
        store.conn.executemany("INSERT INTO suspended (card_id, since) VALUES (?, '2025-03-09T09:00:00+00:00')",
                               [(c,) for c in SUSPENDED])
        store.conn.execute("INSERT INTO resets (card_id, reset_at, day, reps_before, ef_before, interval_before,"
                           " lapses_before, due_before, last_review_before) VALUES ('rst1', '2025-02-02T09:00:00+00:00',"
                           " '2025-02-02', 0, 130, 1, 4, '2025-02-03', '2025-02-01T09:00:00+00:00')")
    return ["--decks-dir", str(decks), "--db", str(db)]


def stats(args, *extra, env=None):
    res = run_cli(["stats", *args, *extra], env={"SRS_NOW": TODAY, "COLUMNS": "80", **(env or {})})
    assert res.exit_code == 0, res.output
    return res.output


def section(out: str, title: str) -> list[str]:
    """The lines of one section of the output: from its title line to the blank line after it."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(title))
    end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
    return lines[start:end]


def test_hand_computed_numbers_in_the_terminal(tmp_path):
    out = stats(fixture(tmp_path))
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80
    assert "\x1b" not in out  # NO_COLOR: no escape sequence, the glyphs carry the chart
    assert "Cards 10  ░ new 3  ▒ learning 1  ▓ young 2  █ mature 2  ╳ suspended 2" in out
    rows = {line.split()[0]: line.split()[1:7] for line in section(out, "Cards") if line.startswith("  ")}
    assert rows["Fixture"] == ["10", "3", "1", "2", "2", "2"]
    assert rows["senior"] == ["3", "0", "1", "0", "1", "1"] and rows["mid"] == ["4", "2", "0", "1", "1", "0"]
    assert rows["entry"] == ["2", "0", "0", "1", "0", "1"]
    assert re.search(r"  no level +1 +1 +0 +0 +0 +0 ", out) and re.search(r"  no domain +1 +1 +0 +0 +0 +0 ", out)
    assert rows["coding"] == rows["mid"] and rows["system-design"] == rows["senior"]
    assert rows["ml-fundamentals"] == rows["entry"]
    assert "Reviews  37 grades on 27 of the last 365 days · streak 9 days, longest 10" in out
    assert "new 6 · review 13 · again (step 7) 13 · cram 5" in out
    assert "Due  today 2 (1 overdue) · tomorrow 1 · next 7 days 4 · next 30 days 5" in out
    assert "Time  8m (▒ cram 1m) in the last 30 days, on 15 days: 33s a study day" in out
    chart = section(out, "Time")[1:6]
    assert [row[7 + 2 * 29] for row in chart] == [" ", " ", "▒", "▒", "▒"]  # today: cram only, half the top
    assert [row[7 + 2 * 11] for row in chart] == ["▒", "▒", "▄", "█", "█"]  # 02-20: 30 s review under 30 s cram
    assert section(out, "Cram") == [
        "Cram  2 grades in the last 7 days, 50% ≥ 3 · 5 in the last 30 days, 60% ≥ 3",
        "  30 days by domain: coding 2 (50%) · ml-fundamentals 1 (100%)",
        "                     system-design 2 (50%)"]
    retention = {line.split()[0]: line for line in section(out, "Retention")}
    assert retention["all"].split()[2:6] == ["50%", "100%", "67%", "100%"] and "75% of 12" in retention["all"]
    assert retention["system-design"].split()[1:5] == ["0%", "100%", "33%", "100%"]
    assert "50% of 4 ◀" in retention["system-design"]
    assert "100% of 5" in retention["coding"] and "◀" not in retention["coding"]
    assert "67% of 3" in retention["ml-fundamentals"] and "◀" not in retention["ml-fundamentals"]
    assert "50% of 4 ◀" in retention["senior"] and "◀" not in retention["mid"]
    hardest = [line.split()[:3] for line in section(out, "Hardest")[2:]]
    assert hardest == [["3", "2.10", "1d"], ["2", "2.36", "1d"], ["1", "2.30", "25d"]]


def test_hand_computed_numbers_in_json(tmp_path):
    data = json.loads(stats(fixture(tmp_path), "--format", "json"))
    assert data["study_day"] == "2025-03-10" and data["selection"] == "all cards"
    cards = data["cards"]
    assert {k: cards[k] for k in ("cards", "new", "learning", "young", "mature", "suspended")} == \
        {"cards": 10, "new": 3, "learning": 1, "young": 2, "mature": 2, "suspended": 2}
    assert [(d["level"], d["cards"], d["new"], d["learning"], d["young"], d["mature"], d["suspended"])
            for d in cards["by_level"]] == \
        [("entry", 2, 0, 0, 1, 0, 1), ("mid", 4, 2, 0, 1, 1, 0), ("senior", 3, 0, 1, 0, 1, 1), (None, 1, 1, 0, 0, 0, 0)]
    assert [d["domain"] for d in cards["by_domain"]] == ["coding", "ml-fundamentals", "system-design", None]
    reviews = data["reviews"]
    assert (reviews["grades"], reviews["days_studied"], reviews["calendar_days"], reviews["since"]) == (37, 27, 365, "2024-03-11")
    assert reviews["by_kind"] == {"new": 6, "review": 13, "repeat": 13, "cram": 5}
    assert reviews["streak"] == {"current": 9, "longest": 10}
    assert {"day": "2025-03-05", "grades": 2} in reviews["per_day"] and len(reviews["per_day"]) == 27
    assert {"day": "2025-03-02", "grades": 1} in reviews["per_day"]  # cram only
    time = data["time"]
    assert (time["seconds"], time["cram_seconds"], len(time["per_day"])) == (495, 75, 30)
    assert time["per_day"][-1] == {"day": "2025-03-10", "seconds": 30, "cram_seconds": 30}
    assert time["per_day"][11] == {"day": "2025-02-20", "seconds": 60, "cram_seconds": 30}
    fc = data["forecast"]
    assert (fc["overdue"], fc["today"], fc["tomorrow"], fc["next_7_days"], fc["next_30_days"]) == (1, 2, 1, 4, 5)
    assert [d["due"] for d in fc["per_day"]][:3] == [2, 1, 1] and fc["per_day"][22] == {"day": "2025-04-01", "due": 1}
    lines = {(r["group"], r["name"]): r for r in data["retention"]}
    everything = lines[("all", None)]
    assert everything["last_7_days"]["young"] == {"passed": 2, "reviews": 4, "rate": 0.5}
    assert everything["last_7_days"]["mature"] == {"passed": 2, "reviews": 2, "rate": 1.0}
    assert everything["last_30_days"]["young"] == {"passed": 6, "reviews": 9, "rate": 0.6667}
    assert everything["last_30_days"]["all"] == {"passed": 9, "reviews": 12, "rate": 0.75}
    assert lines[("domain", "system-design")]["last_30_days"]["all"]["rate"] == 0.5
    assert [name for (group, name), r in lines.items() if r["weakest"]] == ["system-design", "senior"]
    assert [(c["id"], c["lapses"], c["ef"], c["interval"]) for c in data["hardest"]] == \
        [("sys2", 3, 2.1, 1), ("mlf1", 2, 2.36, 1), ("cod2", 1, 2.3, 25)]
    cram = data["cram"]
    assert cram["last_7_days"] == {"passed": 1, "reviews": 2, "rate": 0.5}
    assert cram["last_30_days"] == {"passed": 3, "reviews": 5, "rate": 0.6}
    assert [(d["domain"], d["last_7_days"]["reviews"], d["last_30_days"]["passed"], d["last_30_days"]["reviews"])
            for d in cram["by_domain"]] == [("coding", 2, 1, 2), ("ml-fundamentals", 0, 1, 1), ("system-design", 0, 1, 2)]
    assert cram["by_domain"][1]["last_7_days"]["rate"] is None


def test_a_filter_selects_the_cards_srs_list_selects(tmp_path):
    args = fixture(tmp_path)
    for flt in (["--domain", "coding"], ["--level", "senior", "--level", "none"], ["--deck", "fixture::2 Mid"],
                ["--search", "question cod1"], ["--domain", "coding", "--difficulty", "none"]):
        data = json.loads(stats(args, "--format", "json", *flt))
        listed = json.loads(run_cli(["list", "--decks-dir", args[1], "--format", "json", *flt]).output)
        assert data["cards"]["cards"] == len(listed), flt
    coding = json.loads(stats(args, "--format", "json", "--domain", "coding"))
    assert (coding["cards"]["new"], coding["cards"]["young"], coding["cards"]["mature"]) == (2, 1, 1)
    assert coding["reviews"]["by_kind"] == {"new": 3, "review": 6, "repeat": 11, "cram": 2}
    assert [d["domain"] for d in coding["cram"]["by_domain"]] == ["coding"]
    assert coding["forecast"]["next_30_days"] == 2 and [c["id"] for c in coding["hardest"]] == ["cod2"]
    assert [r["name"] for r in coding["retention"]] == [None, "coding", "mid"]


def test_card_text_is_read_through_the_overlay(tmp_path):
    """An answer and a question written with srs edit: --search finds the card by them, as srs list does, and
    the hardest cards show the question as the user wrote it."""
    args = fixture(tmp_path)
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("version: 1\ncards:\n  sys2:\n    question: How does a ring of vnodes spread keys?\n"
                       "    answer: Consistent hashing with virtual nodes.\n")
    env = {"SRS_OVERLAY": str(overlay)}
    data = json.loads(stats(args, "--format", "json", "--search", "virtual nodes", env=env))
    listed = json.loads(run_cli(["list", "--decks-dir", args[1], "--format", "json", "--search", "virtual nodes"],
                                env=env).output)
    assert data["cards"]["cards"] == len(listed) == 1 and data["cards"]["learning"] == 1
    assert data["hardest"][0]["question"] == "How does a ring of vnodes spread keys?"
    assert "How does a ring of vnodes spread keys?" in stats(args, env=env)


def test_tag_filter(tmp_path):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 3, prefix="a", tags=["time::20-min"])
    make_deck(decks, "Beta", 2, prefix="b")
    db = ["--decks-dir", str(decks), "--db", str(tmp_path / "db.sqlite3")]
    run_cli(["review", *db], input="5\n5\n5\n5\n5\n", env={"SRS_NOW": "2025-03-09T10:00"})
    data = json.loads(stats(db, "--format", "json", "--tag", "time"))
    assert (data["cards"]["cards"], data["cards"]["young"], data["forecast"]["today"]) == (3, 3, 3)


def test_a_new_database_and_an_empty_selection_say_so(tmp_path):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 3, prefix="a")
    args = ["--decks-dir", str(decks), "--db", str(tmp_path / "db.sqlite3")]
    out = stats(args)
    for text in ("Cards 3  ░ new 3", "Reviews  0 grades on 0 of the last", "streak 0 days, longest 0",
                 "nothing due in the next 30 days", "Time  0s in the last 30 days, on 0 days",
                 "no scheduled review in the last 30 days", "Cram  none in the last 30 days", "no card forgotten yet"):
        assert text in out, text
    out = stats(args, "--domain", "coding")
    assert "Cards 0" in out and "no card matches" in out


@pytest.mark.parametrize("args, message", [
    (["--deck", "Nope"], "'Nope' matches no deck"),
    (["--format", "csv"], "'csv' is not one of"),
])
def test_bad_input_is_one_line(tmp_path, args, message):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 1, prefix="a")
    res = run_cli(["stats", "--decks-dir", str(decks), "--db", str(tmp_path / "db.sqlite3"), *args])
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output


def test_card_text_cannot_drive_the_terminal(tmp_path):
    decks = tmp_path / "decks"
    save_deck(Deck(deck="Evil\x1b]0;title\x07", cards=[Card(id="evil0001", question="Q \x1b[2J?", answer="a", domain="coding")]),
              decks / "evil.yaml")
    args = ["--decks-dir", str(decks), "--db", str(tmp_path / "db.sqlite3")]
    run_cli(["review", *args], input="0\n", env={"SRS_NOW": "2025-03-09T10:00"})
    out = stats(args)
    assert "\x1b" not in out and "\x07" not in out and "Evil␛]0;title␇" in out and "Q ␛[2J?" in out


def test_colour_adds_to_the_glyphs_and_never_replaces_them(tmp_path, monkeypatch):
    args = fixture(tmp_path)
    plain = stats(args)
    monkeypatch.delenv("NO_COLOR")
    from srs import console

    monkeypatch.setattr(console.stdout, "_force_terminal", True)
    monkeypatch.setattr(console.stdout, "_color_system", console.stdout._detect_color_system())
    coloured = stats(args, env={"TERM": "xterm-256color"})
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
