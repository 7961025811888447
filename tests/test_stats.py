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
]
STATE = [  # card, reps, interval, ef (hundredths), lapses, due         -> state
    ("sys1", 3, 30, 260, 0, "2025-03-10"),  # mature, due today
    ("sys2", 0, 1, 210, 3, "2025-03-08"),  # learning, 2 days overdue
    ("cod1", 2, 6, 250, 0, "2025-03-12"),  # young, due in 2 days
    ("cod2", 4, 25, 230, 1, "2025-04-01"),  # mature, due in 22 days
    ("mlf1", 1, 1, 236, 2, "2025-03-11"),  # young, due tomorrow
]  # n1, n2: new
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
]
# By hand:
#   cards: new 2 (n1, n2), learning 1 (s2), young 2 (c1, m1), mature 2 (s1, c2)
#   due: overdue 1 (s2); today 2 (s1 + s2), tomorrow 1 (m1), 7 days 4 (+ c1), 30 days 5 (+ c2)
#   grades in the calendar: new 5, review 13, repeat 13 = 31 on 25 days; streak 03-03..03-09 = 7 (none yet
#   today), longest 12-01..12-10 = 10
#   time, 02-09..03-10: 12 reviews x 30 s + 3 repeats x 20 s = 420 s = 7m, on 13 days: 32 s a study day
#   retention, 7 days (03-04..03-10): young 2/4 = 50%, mature 2/2 = 100%; 30 days (02-09..): young 6/9 = 67%,
#   mature 3/3 = 100%, all 9/12 = 75%; system-design 2/4 = 50% (the weakest domain with 4+ reviews), coding
#   5/5 = 100%, ml-fundamentals 2/3 = 67% (too few reviews to be called weakest); senior 50%, mid 100%
#   hardest: s2 (3 lapses, EF 2.10), m1 (2, 2.36), c2 (1, 2.30); s1 and c1 were never forgotten, EF >= 2.50


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
    assert "Cards 7  ░ new 2   ▒ learning 1   ▓ young 2   █ mature 2" in out
    rows = {line.split()[0]: line.split()[1:6] for line in section(out, "Cards") if line.startswith("  ")}
    assert rows["Fixture"] == ["7", "2", "1", "2", "2"]
    assert rows["senior"] == ["2", "0", "1", "0", "1"] and rows["mid"] == ["3", "1", "0", "1", "1"]
    assert rows["entry"] == ["1", "0", "0", "1", "0"]
    assert re.search(r"  no level +1 +1 +0 +0 +0 ", out) and re.search(r"  no domain +1 +1 +0 +0 +0 ", out)
    assert rows["coding"] == ["3", "1", "0", "1", "1"] and rows["system-design"] == ["2", "0", "1", "0", "1"]
    assert "Reviews  31 grades on 25 of the last 365 days · streak 7 days, longest 10" in out
    assert "new 5 · review 13 · again (step 7) 13" in out
    assert "Due  today 2 (1 overdue) · tomorrow 1 · next 7 days 4 · next 30 days 5" in out
    assert "Time  7m in the last 30 days, on 13 days: 32s a study day" in out
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
    assert {k: cards[k] for k in ("cards", "new", "learning", "young", "mature")} == \
        {"cards": 7, "new": 2, "learning": 1, "young": 2, "mature": 2}
    assert [(d["level"], d["cards"], d["new"], d["learning"], d["young"], d["mature"]) for d in cards["by_level"]] == \
        [("entry", 1, 0, 0, 1, 0), ("mid", 3, 1, 0, 1, 1), ("senior", 2, 0, 1, 0, 1), (None, 1, 1, 0, 0, 0)]
    assert [d["domain"] for d in cards["by_domain"]] == ["coding", "ml-fundamentals", "system-design", None]
    reviews = data["reviews"]
    assert (reviews["grades"], reviews["days_studied"], reviews["calendar_days"], reviews["since"]) == (31, 25, 365, "2024-03-11")
    assert reviews["by_kind"] == {"new": 5, "review": 13, "repeat": 13}
    assert reviews["streak"] == {"current": 7, "longest": 10}
    assert {"day": "2025-03-05", "grades": 2} in reviews["per_day"] and len(reviews["per_day"]) == 25
    assert data["time"]["seconds"] == 420 and len(data["time"]["per_day"]) == 30
    assert data["time"]["per_day"][-1] == {"day": "2025-03-10", "seconds": 0}
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


def test_a_filter_selects_the_cards_srs_list_selects(tmp_path):
    args = fixture(tmp_path)
    for flt in (["--domain", "coding"], ["--level", "senior", "--level", "none"], ["--deck", "fixture::2 Mid"],
                ["--search", "question cod1"], ["--domain", "coding", "--difficulty", "none"]):
        data = json.loads(stats(args, "--format", "json", *flt))
        listed = json.loads(run_cli(["list", "--decks-dir", args[1], "--format", "json", *flt]).output)
        assert data["cards"]["cards"] == len(listed), flt
    coding = json.loads(stats(args, "--format", "json", "--domain", "coding"))
    assert (coding["cards"]["new"], coding["cards"]["young"], coding["cards"]["mature"]) == (1, 1, 1)
    assert coding["reviews"]["by_kind"] == {"new": 2, "review": 6, "repeat": 11}
    assert coding["forecast"]["next_30_days"] == 2 and [c["id"] for c in coding["hardest"]] == ["cod2"]
    assert [r["name"] for r in coding["retention"]] == [None, "coding", "mid"]


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
                 "no scheduled review in the last 30 days", "no card forgotten yet"):
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
