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

from reviewkit import SRS, make_deck
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
    proc = run(tmp_path, "review", input=grades)
    assert proc.returncode == 0, proc.stderr
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
