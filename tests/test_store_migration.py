"""Schema 1 -> 2 on a database made by srs with schema 1 (tests/data/db/schema-v1.sqlite3: five days of
real sessions): every row kept, the new kind 'cram' accepted, and a migration that fails changes nothing."""

import shutil
import sqlite3

import pytest

from conftest import DATA
from srs import store as store_module
from srs.store import SCHEMA_VERSION, Store, known_schemas

V1 = DATA / "db" / "schema-v1.sqlite3"
TABLES = ["deck_files", "cards", "state", "reviews", "buried"]


def rows(db, table):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    finally:
        conn.close()


@pytest.fixture
def v1(tmp_path):
    db = tmp_path / "srs.sqlite3"
    shutil.copy(V1, db)
    return db


def test_the_fixture_is_a_schema_1_database_with_real_reviews(v1):
    assert rows(v1, "schema_version") == [(1,)]
    kinds = {kind for *_, kind in ((r[5],) for r in rows(v1, "reviews"))}
    assert kinds == {"new", "review", "repeat"} and len(rows(v1, "reviews")) == 27 and rows(v1, "buried")


def test_migration_to_schema_2_keeps_every_row_and_accepts_cram_reviews(v1):
    before = {table: rows(v1, table) for table in TABLES}
    with Store(v1) as s:
        assert s.schema_version() == SCHEMA_VERSION == 2
        assert store_module._schema(s.conn) == known_schemas()[2]
        s.conn.execute("INSERT INTO reviews (card_id, reviewed_at, day, quality, kind, seconds)"
                       " VALUES ('a0000', '2025-01-15T09:00:00+00:00', '2025-01-15', 3, 'cram', 1.0)")
        with pytest.raises(sqlite3.IntegrityError):  # any other kind still needs its state after
            s.conn.execute("INSERT INTO reviews (card_id, reviewed_at, day, quality, kind, seconds)"
                           " VALUES ('a0000', '2025-01-15T09:00:00+00:00', '2025-01-15', 3, 'review', 1.0)")
        with pytest.raises(sqlite3.IntegrityError):
            s.conn.execute("INSERT INTO reviews (card_id, reviewed_at, day, quality, kind, seconds)"
                           " VALUES ('a0000', '2025-01-15T09:00:00+00:00', '2025-01-15', 3, 'other', 1.0)")
        s.conn.execute("DELETE FROM reviews WHERE kind = 'cram'")
    after = {table: rows(v1, table) for table in TABLES}
    assert after == before  # row for row, ids included
    with Store(v1) as s:  # opened again: nothing more to do
        assert s.schema_version() == 2 and len(s.review_log()) == 27


def test_a_migration_that_fails_leaves_schema_1_as_it_was(v1, monkeypatch):
    before = {table: rows(v1, table) for table in TABLES}
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS[:1],
                                                     store_module.MIGRATIONS[1] + "; INSERT INTO no_such_table VALUES (1)"])
    with pytest.raises(Exception):
        Store(v1)
    assert rows(v1, "schema_version") == [(1,)]
    assert {table: rows(v1, table) for table in TABLES} == before
    conn = sqlite3.connect(v1)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "reviews_v2" not in names and "suspended" not in names


def test_a_migrated_database_reviews_on(v1, tmp_path):
    from reviewkit import make_deck, run_cli

    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 6, prefix="a")
    make_deck(decks, "Beta", 3, prefix="b", domain="mlops", level="mid")
    res = run_cli(["review", "--decks-dir", str(decks), "--db", str(v1)], input="5\n" * 20,
                  env={"SRS_NOW": "2025-01-20T10:00", "TZ": "UTC"})
    assert res.exit_code == 0 and "Reviewed" in res.output
    res = run_cli(["cram", "--decks-dir", str(decks), "--db", str(v1), "--order", "source"], input="4\n" * 9,
                  env={"SRS_NOW": "2025-01-20T11:00"})
    assert res.exit_code == 0 and "Crammed 9 cards" in res.output
