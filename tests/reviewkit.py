"""Helpers for the review tests: small real decks on disk, real databases, the real CLI."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from click.testing import CliRunner

from srs.card import Card
from srs.deck import Deck, save_deck

SRS = [sys.executable, "-m", "srs"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def make_deck(folder: Path, name: str = "Test", n: int = 5, prefix: str = "c", file: str | None = None, **fields) -> Path:
    """Write a deck of ``n`` cards (ids ``{prefix}0001``…) with answers except on every third card."""
    cards = []
    for i in range(n):
        kw = {"level": "senior", "domain": "system-design", "difficulty": "hard"} | fields
        cards.append(Card(
            id=f"{prefix}{i:04d}",
            question=f"{name} question {i}: explain `thing_{i}`",
            answer="" if i % 3 == 2 else f"Answer {i}\n\n| k | v |\n|---|---|\n| a | {i} |",
            topic=f"{name} > Part {i // 10}",
            **kw,
        ))
    path = folder / (file or f"{name.lower()}.yaml")
    save_deck(Deck(deck=name, cards=cards), path)
    return path


def run_cli(args: list[str], input: str = "", env: dict[str, str] | None = None):
    """Run ``srs ARGS`` in process (stdin is not a terminal, so review uses plain mode)."""
    from srs.cli import cli

    full_env = {k: v for k, v in os.environ.items() if k.startswith("SRS_") or k == "NO_COLOR"}
    full_env.update(env or {})
    return CliRunner().invoke(cli, args, input=input, env=full_env, catch_exceptions=False)


class Term:
    """``srs`` on a pseudo-terminal: send keys, wait for text on the screen. ``raw`` keeps every byte
    the process wrote, escape sequences and all."""

    def __init__(self, args, env, rows=40, cols=110):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.slave = slave
        self.proc = subprocess.Popen(SRS + args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        self.buf = ""
        self.raw = b""
        self.vt = None  # (pyte screen, stream) in Screen

    def expect(self, text, timeout=10.0):
        end = time.monotonic() + timeout
        while True:
            clean = ANSI.sub("", self.buf)
            i = clean.find(text)
            if i >= 0:
                self.buf = clean[i + len(text):]  # consume up to the match
                return clean[: i + len(text)]
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not on screen; last output:\n{clean[-2000:]}")
            self._read(left)

    def send(self, keys):
        os.write(self.master, keys.encode())

    def _read(self, timeout: float) -> bool:
        """Read what the process wrote within ``timeout`` seconds; False when it wrote nothing."""
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            raise AssertionError(f"process ended; output:\n{ANSI.sub('', self.buf)[-2000:]}")
        self.raw += chunk
        self.buf += chunk.decode("utf-8", "replace")
        if self.vt is not None:
            self.vt[1].feed(chunk)
        return True


    def wait(self, timeout=10):
        return self.proc.wait(timeout)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)
        os.close(self.slave)


class Screen(Term):
    """``srs`` on a pseudo-terminal with a terminal emulator (pyte) behind it: what the screen shows, row
    by row, as a terminal of that size would show it; and a resize as a terminal makes one."""

    def __init__(self, args, env, rows=24, cols=80):
        import pyte

        super().__init__(args, {**env, "TERM": "xterm-256color"}, rows=rows, cols=cols)
        screen = pyte.Screen(cols, rows)
        self.vt = (screen, pyte.ByteStream(screen))

    def rows(self) -> list[str]:
        return [line.rstrip() for line in self.vt[0].display]

    def text(self) -> str:
        return "\n".join(self.rows())

    def wait_for(self, *texts: str, timeout: float = 10.0) -> list[str]:
        """Read until every one of ``texts`` is on the screen at once (and the process has paused writing),
        then the rows."""
        end = time.monotonic() + timeout
        while True:
            wrote = self._read(0.05)
            if not wrote and all(t in self.text() for t in texts):
                return self.rows()
            if time.monotonic() > end:
                raise AssertionError(f"{texts!r} not on the screen:\n{self.text()}")

    def resize(self, rows: int, cols: int) -> None:
        """What a terminal window does when it changes size: the new size on the terminal, SIGWINCH to the
        program (the kernel would send it to the terminal's foreground process group; the program here has
        no controlling terminal, so it is sent as the kernel would)."""
        import signal

        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.vt[0].resize(rows, cols)
        self.proc.send_signal(signal.SIGWINCH)


def srs_at(env: dict, now: str, *args: str, input: str = "", code: int = 0, **extra: str) -> str:
    """``SRS_NOW=NOW srs CMD --decks-dir … --db … ARGS`` in process (``env``: ``decks`` and ``db`` paths, ``cfg``
    for SRS_CONFIG); asserts the exit code and returns the output."""
    db = ["--db", str(env["db"])] if args[0] not in ("import", "export") else []
    more = {"SRS_NOW": now, **({"SRS_CONFIG": str(env["cfg"])} if "cfg" in env else {}), **extra}
    res = run_cli([args[0], "--decks-dir", str(env["decks"]), *db, *args[1:]], input=input, env=more)
    assert res.exit_code == code, res.output
    return res.output


def query(db: Path, sql: str) -> list[tuple]:
    """The rows of one query (or statement, committed) on a review database."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(sql).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()
