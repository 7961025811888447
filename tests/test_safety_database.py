"""Database and settings faults (issue 7, F11 and F12): a damaged, read-only, full or too-new
review database, a clock out of range, a misspelt config file. Each is one line on stderr
naming the file (and line), a non-zero exit, never "internal error" or a traceback; a grade
the program acknowledged is never lost, and a database srs cannot use is left as it was.

The real ``srs`` program runs in a subprocess on real SQLite files. Two faults are made the
way a user meets them, also when the tests run as root (root ignores permission bits):

* read-only: the child process drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its
  capability bounding set before it starts, so it obeys the permission bits as any user does;
* full disk: the child runs with RLIMIT_FSIZE (``ulimit -f``) a little above the database's
  size and SIGXFSZ ignored, so a write that would grow a file past it fails (EFBIG).
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from reviewkit import SRS, make_deck, run_cli
from srs.store import SCHEMA_VERSION

NOW = "2025-03-01T09:00"


def run(tmp_path: Path, *args: str, input: str = "", preexec_fn=None, **env: str) -> subprocess.CompletedProcess:
    """``srs ARGS`` with its own SRS_HOME and decks, stdin a pipe (review in plain mode)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("SRS_")}
    full = {**base, "SRS_HOME": str(tmp_path / "home"), "SRS_DECKS": str(tmp_path / "decks"), "SRS_NOW": NOW,
            "NO_COLOR": "1", **env}
    return subprocess.run([*SRS, *args], input=input, capture_output=True, text=True, env=full,
                          preexec_fn=preexec_fn, timeout=60)


def db_of(tmp_path: Path) -> Path:
    return tmp_path / "home" / "srs.sqlite3"


def reviewed(tmp_path: Path, grades: str = "5\n3\n", cards: int = 6) -> Path:
    """A deck and a database after a first session with these grades (WAL checkpointed into the file)."""
    make_deck(tmp_path / "decks", "Alpha", cards, prefix="a")
    env = {"SRS_HOME": str(tmp_path / "home"), "SRS_DECKS": str(tmp_path / "decks"), "SRS_NOW": NOW}
    res = run_cli(["review"], input=grades, env=env)  # in process: quicker than a subprocess
    assert res.exit_code == 0, res.output
    db = db_of(tmp_path)
    assert db.exists() and not Path(f"{db}-wal").exists()
    return db


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def change(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def assert_one_line(proc: subprocess.CompletedProcess, code: int, start: str, *words: str) -> str:
    """Exit ``code`` and exactly one line on stderr, starting ``start`` and holding ``words``."""
    err = proc.stderr
    assert proc.returncode == code, (proc.returncode, err, proc.stdout[-500:])
    assert err.startswith(start) and err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err, err
    message = err[len(start):]  # the words are looked for after the path (a test's folder is named like it)
    for word in words:
        assert word in message, (word, err)
    return err


def shown_cards(stdout: str) -> int:
    return len(re.findall(r"^Q: ", stdout, re.M))


# -- F11: a damaged database -----------------------------------------------------------


def scribble_page(db: Path, table: str) -> None:
    """Overwrite the page that holds ``table`` (in the middle of the file) with junk, as a failing disk would."""
    page_size = query(db, "PRAGMA page_size")[0][0]
    root = query(db, f"SELECT rootpage FROM sqlite_master WHERE name = '{table}'")[0][0]
    assert root > 1
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xa5" * page_size)


def not_utf8_text(db: Path, table: str) -> None:
    """A text cell holding bytes that are not UTF-8 (what a flipped bit in a text cell reads as)."""
    change(db, "UPDATE cards SET answer = CAST(x'fffe410a42' AS TEXT)")


@pytest.mark.parametrize("command, damage, table", [
    (["review"], scribble_page, "cards"),
    (["review"], scribble_page, "state"),
    (["review"], not_utf8_text, "cards"),
    (["list", "--format", "json"], scribble_page, "state"),
])
def test_a_damaged_database_is_one_line(tmp_path, command, damage, table):
    db = reviewed(tmp_path)
    damage(db, table)
    proc = run(tmp_path, *command, input="5\n")
    assert_one_line(proc, 1, f"srs: error: {db}: ", "damaged")


def test_a_dropped_reviews_table_is_one_line_before_any_card(tmp_path):
    db = reviewed(tmp_path)
    change(db, "DROP TABLE reviews")
    before = db.read_bytes()
    proc = run(tmp_path, "review", input="5\n")
    assert_one_line(proc, 1, f"srs: error: {db}: ", "reviews", "damaged")
    assert shown_cards(proc.stdout) == 0
    assert db.read_bytes() == before


# -- F11: a read-only database ---------------------------------------------------------

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _obey_permission_bits() -> None:
    """preexec_fn: root without the capabilities that let it write files it may not (for the program it execs)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def as_a_user(tmp_path):
    """A preexec_fn under which a child process cannot write a file without write permission
    (None when not root); skips when this system allows neither."""
    if os.geteuid() != 0:
        return None
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    try:
        res = subprocess.run(["sh", "-c", f"echo x >> '{probe}'"], preexec_fn=_obey_permission_bits, capture_output=True)
    except subprocess.SubprocessError:
        pytest.skip("cannot drop root's file capabilities here")
    if res.returncode == 0:
        pytest.skip("cannot make a read-only file for root here")
    return _obey_permission_bits


@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_read_only_database_is_refused_before_the_first_card(tmp_path, as_a_user, read_only):
    db = reviewed(tmp_path)
    before = db.read_bytes()
    target = db if read_only == "file" else db.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if read_only == "file" else 0o555)
    try:
        proc = run(tmp_path, "review", input="5\n5\n", preexec_fn=as_a_user)
    finally:
        target.chmod(mode)
    assert_one_line(proc, 1, f"srs: error: {db}: ", "read-only")
    assert shown_cards(proc.stdout) == 0
    assert db.read_bytes() == before


@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_list_reads_the_states_of_a_read_only_database(tmp_path, as_a_user, read_only):
    db = reviewed(tmp_path, grades="5\n3\n")
    target = db if read_only == "file" else db.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if read_only == "file" else 0o555)
    try:
        proc = run(tmp_path, "list", "--format", "json", preexec_fn=as_a_user)
    finally:
        target.chmod(mode)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert [card["reps"] for card in json.loads(proc.stdout)][:3] == [1, 1, None]


# -- F11: the disk fills up mid-session ----------------------------------------------------


def test_a_full_disk_mid_session_keeps_every_acknowledged_grade(tmp_path):
    db = reviewed(tmp_path, grades="", cards=40)  # the index is built; no grade yet
    limit = db.stat().st_size + 48 * 1024  # room for the WAL of a few grades, not of forty

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = run(tmp_path, "review", "--new", "40", input="5\n" * 40, preexec_fn=small_disk)
    acknowledged = proc.stdout.count("\ngraded 5")
    assert 1 <= acknowledged < 40, proc.stdout[-500:]
    assert_one_line(proc, 1, f"srs: error: {db}: ", "disk", f"your {acknowledged} grade", "so far", "saved")
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "SELECT count(*) FROM reviews") == [(acknowledged,)]
    assert query(db, "SELECT count(*) FROM state") == [(acknowledged,)]


# -- F11: the clock out of range -------------------------------------------------------------


@pytest.mark.parametrize("now", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_srs_now_out_of_range_is_one_line_naming_it(tmp_path, now):
    make_deck(tmp_path / "decks", "Alpha", 3, prefix="a")
    proc = run(tmp_path, "review", input="5\n", SRS_NOW=now)
    assert_one_line(proc, 2, "srs: error: ", "SRS_NOW", now)
    assert not db_of(tmp_path).exists()  # refused before the database is created


# -- F12: the config file ------------------------------------------------------------------


@pytest.mark.parametrize("text, line, words", [
    ("# my settings\n\n[reveiw]\nnew_per_day = 5\n", 3, ["unknown section [reveiw]", "did you mean [review]?"]),
    ("[review]\nday_start_hour = 5\nnew_per_dya = 5\n", 3, ["unknown key new_per_dya in [review]", "did you mean new_per_day?"]),
    ("# top\nnew_per_day = 5\n", 2, ["new_per_day", "[review]"]),
])
def test_a_misspelt_config_section_or_key_names_file_and_line(tmp_path, text, line, words):
    make_deck(tmp_path / "decks", "Alpha", 3, prefix="a")
    cfg = tmp_path / "home" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(text)
    proc = run(tmp_path, "review", input="5\n")
    assert_one_line(proc, 2, f"srs: error: {cfg}:{line}: ", *words)
    assert not db_of(tmp_path).exists()


# -- F12: the schema version ---------------------------------------------------------------


@pytest.mark.parametrize("loss", ["DELETE FROM schema_version", "DROP TABLE schema_version"])
def test_a_lost_schema_version_row_is_restored_when_the_tables_match(tmp_path, loss):
    db = reviewed(tmp_path, grades="5\n3\n")
    assert query(db, "SELECT name FROM sqlite_master WHERE name = 'cards_kinds'")  # an index made at open: no version of its own
    change(db, loss)
    proc = run(tmp_path, "review", input="4\n")
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert query(db, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    assert [q for (q,) in query(db, "SELECT quality FROM reviews ORDER BY id")] == [5, 3, 4]


def test_a_lost_schema_version_with_unknown_tables_is_one_line_and_untouched(tmp_path):
    db = reviewed(tmp_path)
    change(db, "DELETE FROM schema_version", "ALTER TABLE cards ADD COLUMN extra TEXT")
    before = db.read_bytes()
    proc = run(tmp_path, "review", input="5\n")
    assert_one_line(proc, 1, f"srs: error: {db}: ", "schema version")
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", [["review"], ["list", "--format", "json"]])
def test_a_newer_schema_is_refused_and_left_untouched(tmp_path, command):
    db = reviewed(tmp_path)
    newer = SCHEMA_VERSION + 1
    # as a newer srs might leave it: a higher version, and not in WAL mode (switching would rewrite the header)
    change(db, f"UPDATE schema_version SET version = {newer}", "PRAGMA journal_mode = DELETE")
    before = db.read_bytes()
    proc = run(tmp_path, *command, input="5\n")
    assert proc.stderr == (f"srs: error: {db}: the review database was written by a newer srs"
                           f" (schema {newer}, this srs knows {SCHEMA_VERSION}); upgrade srs\n")
    assert proc.returncode == 1 and proc.stdout == ""
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]


def test_list_reads_a_database_whose_path_has_uri_characters(tmp_path):
    db = tmp_path / "we?ird#dir" / "srs.sqlite3"
    make_deck(tmp_path / "decks", "Alpha", 3, prefix="a")
    assert run(tmp_path, "review", "--db", str(db), input="5\n").returncode == 0
    proc = run(tmp_path, "list", "--format", "json", "--db", str(db))
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert [card["reps"] for card in json.loads(proc.stdout)] == [1, None, None]
