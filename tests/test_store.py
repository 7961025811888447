"""The review database: schema, WAL, the content index, the log, undo, hidden cards, srs list state."""

import json
import os
import sqlite3
from datetime import date, datetime, timezone

import pytest

from srs.errors import SrsError
from srs.store import SCHEMA_VERSION, Store, read_states
from reviewkit import make_deck, run_cli

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
DAY = date(2025, 3, 1)


@pytest.fixture
def decks(tmp_path):
    d = tmp_path / "decks"
    make_deck(d, "Alpha", 4, prefix="a")
    make_deck(d, "Beta", 3, prefix="b")
    return d


def files(d):
    return sorted(d.glob("*.yaml"))


def test_fresh_database_is_wal_with_schema_version(tmp_path):
    with Store(tmp_path / "x" / "srs.sqlite3") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.schema_version() == SCHEMA_VERSION
        assert s.conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 1
    with Store(tmp_path / "x" / "srs.sqlite3") as s:  # reopening migrates nothing
        assert s.schema_version() == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "srs.sqlite3"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(SrsError, match="newer"):
        Store(db)


def test_not_a_database_is_one_line_error(tmp_path):
    db = tmp_path / "srs.sqlite3"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(SrsError, match="cannot open the review database"):
        Store(db)
    res = run_cli(["review", "--db", str(db), "--decks-dir", str(tmp_path)])
    assert res.exit_code == 1 and "Traceback" not in res.output


def test_index_parses_only_changed_files(tmp_path, decks):
    with Store(tmp_path / "db") as s:
        assert s.refresh_index(files(decks)) == {"unchanged": 0, "parsed": 2, "removed": 0}
        assert s.present_count() == 7
        assert s.refresh_index(files(decks)) == {"unchanged": 2, "parsed": 0, "removed": 0}
        alpha = decks / "alpha.yaml"
        os.utime(alpha, ns=(alpha.stat().st_atime_ns, alpha.stat().st_mtime_ns + 10**9))  # touched, same bytes
        assert s.refresh_index(files(decks)) == {"unchanged": 2, "parsed": 0, "removed": 0}
        make_deck(decks, "Alpha", 5, prefix="a")  # one card more
        assert s.refresh_index(files(decks)) == {"unchanged": 1, "parsed": 1, "removed": 0}
        assert s.present_count() == 8
        assert s.card("a0004").question.startswith("Alpha question 4")


def test_broken_deck_names_file_and_line(tmp_path, decks):
    (decks / "broken.yaml").write_text("deck: X\ncards:\n- id: zzzz1\n  question: ''\n")
    with Store(tmp_path / "db") as s, pytest.raises(SrsError, match=r"broken.yaml:4"):
        s.refresh_index(files(decks))


def test_cards_leaving_the_decks_keep_their_history(tmp_path, decks):
    with Store(tmp_path / "db") as s:
        s.refresh_index(files(decks))
        s.grade("b0001", 5, at=T0, today=DAY, seconds=3)
        (decks / "beta.yaml").rename(tmp_path / "beta.yaml")
        assert s.refresh_index(files(decks))["removed"] == 1
        assert s.present_count() == 4
        assert s.card("b0001") is not None  # hidden, not deleted
        assert [c.id for c in s.iter_later(DAY) for c in [c[1]]] == []  # hidden cards are not scheduled
        assert s.state("b0001").sm2.reps == 1
        (tmp_path / "beta.yaml").rename(decks / "beta.yaml")
        s.refresh_index(files(decks))
        assert s.present_count() == 7
        assert [c.id for _, c in s.iter_later(DAY)] == ["b0001"]
        # a card deleted from its deck file is hidden too; an edit keeps the history (same id)
        make_deck(decks, "Beta", 1, prefix="b", difficulty="easy")
        s.refresh_index(files(decks))
        assert s.present_count() == 5
        assert s.state("b0001").sm2.reps == 1
        assert len(s.review_log("b0001")) == 1


def test_review_log_records_before_and_after(tmp_path, decks):
    with Store(tmp_path / "db") as s:
        s.refresh_index(files(decks))
        g1 = s.grade("a0000", 4, at=T0, today=DAY, seconds=2.5)
        assert (g1.kind, g1.after.interval, g1.due) == ("new", 1, date(2025, 3, 2))
        t1 = datetime(2025, 3, 2, 9, tzinfo=timezone.utc)
        g2 = s.grade("a0000", 2, at=t1, today=date(2025, 3, 2), seconds=7, day_started=datetime(2025, 3, 2, 4, tzinfo=timezone.utc))
        assert g2.kind == "review" and g2.after.lapses == 1
        log = s.review_log("a0000")
        assert [r["quality"] for r in log] == [4, 2]
        assert log[0]["reps_before"] is None and log[0]["reps_after"] == 1 and log[0]["seconds"] == 2.5
        assert log[0]["reviewed_at"] == "2025-03-01T09:00:00+00:00"
        assert (log[1]["reps_before"], log[1]["ef_before"], log[1]["interval_before"]) == (1, 250, 1)
        assert (log[1]["reps_after"], log[1]["ef_after"], log[1]["interval_after"], log[1]["lapses_after"]) == (0, 250, 1, 1)
        # same study day again: a step-7 repeat, logged, state unchanged
        g3 = s.grade("a0000", 5, at=t1, today=date(2025, 3, 2), seconds=1, day_started=datetime(2025, 3, 2, 4, tzinfo=timezone.utc))
        assert g3.kind == "repeat" and s.state("a0000").sm2 == g2.after


def test_undo_restores_state_and_refuses_when_graded_since(tmp_path, decks):
    with Store(tmp_path / "db") as s:
        s.refresh_index(files(decks))
        g1 = s.grade("a0000", 5, at=T0, today=DAY, seconds=1)
        g2 = s.grade("a0000", 5, at=T0, today=date(2025, 3, 2), seconds=1)
        assert s.state("a0000").sm2.interval == 6
        with pytest.raises(SrsError, match="graded again"):
            s.undo(g1.review_id)
        s.undo(g2.review_id)
        assert s.state("a0000").sm2.interval == 1 and s.state("a0000").last_review == "2025-03-01T09:00:00+00:00"
        s.undo(g1.review_id)
        assert s.state("a0000") is None and s.review_log() == []


def test_list_json_gains_review_state(tmp_path, decks):
    db = tmp_path / "db.sqlite3"
    res = run_cli(["list", "--decks-dir", str(decks), "--format", "json", "--db", str(db)])
    rows = json.loads(res.output)
    assert all(r["reps"] is None and r["due"] is None and r["last_review"] is None for r in rows)
    assert not db.exists()  # listing never creates the database
    with Store(db) as s:
        s.refresh_index(files(decks))
        s.grade("a0001", 5, at=T0, today=DAY, seconds=1)
        s.grade("a0001", 3, at=T0, today=date(2025, 3, 2), seconds=1)
    rows = {r["id"]: r for r in json.loads(run_cli(["list", "--decks-dir", str(decks), "--format", "json"], env={"SRS_DB": str(db)}).output)}
    assert {k: rows["a0001"][k] for k in ("reps", "ef", "interval", "due", "lapses", "last_review")} == {
        "reps": 2, "ef": 2.46, "interval": 6, "due": "2025-03-08", "lapses": 0, "last_review": "2025-03-01T09:00:00+00:00"}
    assert rows["a0000"]["ef"] is None
    assert read_states(tmp_path / "missing.sqlite3", ["a0001"]) == {}


def _open_at_once(path, barrier, errors):
    from srs.store import Store

    barrier.wait()
    try:
        Store(path).close()
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        errors.put(repr(exc))


def test_two_processes_opening_a_new_database_at_the_same_moment_both_succeed(tmp_path):
    """SQLite refuses the switch to WAL at once ("database is locked") when two processes make it
    on a new database together; the store must wait its turn, not fail."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    errors = ctx.Queue()
    for i in range(15):
        barrier = ctx.Barrier(2)
        procs = [ctx.Process(target=_open_at_once, args=(tmp_path / f"db{i}.sqlite3", barrier, errors)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
            assert p.exitcode == 0
    assert errors.empty(), errors.get()
