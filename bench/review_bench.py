"""Time to first card of ``srs review`` (whole process, warm) with 1k / 10k / 100k cards,
beside the real Anki backend opening a collection of the same 100k cards and fetching its
first queued card; and the peak memory (max RSS) of each process.

    .venv/bin/python bench/review_bench.py            # 1k, 10k, 100k; 9 warm runs each
    .venv/bin/python bench/review_bench.py --sizes 1000 --runs 3

srs runs on a pseudo-terminal (the real interactive screen): the clock stops when the first
question is on the screen. "Warm" means the OS file cache, Python's bytecode cache and srs's
content index are already filled (the first, cold run that builds the index is reported
separately). PYTHONDONTWRITEBYTECODE is dropped from the environment of both programs, so
srs's modules are byte-compiled once, as they are in any installed package (Anki's are).
Anki is timed two ways: the whole process (python start, ``import anki``, open, getCard),
which is what the srs number measures, and inside the process (open + getCard only).
At the largest size the srs and Anki runs alternate, so both see the same machine load;
each figure is the median of the warm runs, with CPU time (user + system) beside it, which
a busy machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRS = [sys.executable, "-m", "srs"]
CARDS_PER_FILE = 1000
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
DOMAINS = ["system-design", "deep-learning", "mlops", "coding", "behavioral"]


def question(i: int) -> str:
    return f"Benchmark question {i}: how would you scale component {i % 97} to {i} requests per second?"


def answer(i: int) -> str:
    return f"Shard by key {i % 13}, cache hot reads, and measure p99.\n\n```python\nprint({i})\n```"


def write_decks(folder: Path, n: int) -> None:
    """Deck YAML files of 1000 cards each (written as text: fast, and valid deck files)."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(0, n, CARDS_PER_FILE):
        lines = [f"deck: Bench {f // CARDS_PER_FILE:03d}", "cards:"]
        for i in range(f, min(n, f + CARDS_PER_FILE)):
            lines += [
                f"- id: bench{i:07d}",
                f"  question: {json.dumps(question(i))}",
                f"  answer: {json.dumps(answer(i))}",
                f"  level: {['entry', 'mid', 'senior', 'expert'][i % 4]}",
                f"  difficulty: {['easy', 'medium', 'hard', 'expert'][i % 4]}",
                f"  domain: {DOMAINS[i % 5]}",
                f"  topic: Part {i // 100}",
                "  tags: []",
            ]
        (folder / f"bench-{f // CARDS_PER_FILE:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def timed_on_pty(cmd: list[str], env: dict[str, str], until: str, *, then: bytes = b"q") -> tuple[float, int, float]:
    """Run under a pty and /usr/bin/time; seconds until ``until`` shows, max RSS in KB, and the
    whole process's CPU seconds (user + system)."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        t0 = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M %U %S", "-o", rss.name, *cmd],
                                stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        buf, elapsed = "", None
        while elapsed is None:
            r, _, _ = select.select([master], [], [], 120)
            if not r:
                raise RuntimeError(f"timeout waiting for {until!r}: {buf[-500:]}")
            buf += os.read(master, 65536).decode("utf-8", "replace")
            if until in ANSI.sub("", buf):
                elapsed = time.perf_counter() - t0
        os.write(master, then)
        while proc.poll() is None:  # drain so the process can finish
            r, _, _ = select.select([master], [], [], 0.05)
            if r:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        proc.wait()
        os.close(master)
        os.close(slave)
        rss_kb, user, system = rss.read().strip().splitlines()[-1].split()
        return elapsed, int(rss_kb), float(user) + float(system)


def summarise(runs: list[tuple[float, int, float]], **extra) -> dict:
    times, rss, cpu = zip(*runs)
    return {**extra, "warm_s": statistics.median(times), "warm_min_s": min(times), "warm_max_s": max(times),
            "cpu_s": statistics.median(cpu), "rss_mb": max(rss) / 1024, "runs": len(runs)}


class SrsRun:
    """``srs review`` on ``n`` generated cards: one cold run (builds the index), then warm runs."""

    def __init__(self, work: Path, n: int):
        decks = work / f"decks-{n}"
        if not decks.exists():
            write_decks(decks, n)
        db = work / f"srs-{n}.sqlite3"
        for p in work.glob(f"srs-{n}.sqlite3*"):
            p.unlink()
        self.n = n
        self.env = clean_env(SRS_HOME=str(work / "home"), SRS_NOW="2025-01-06T10:00", TERM="xterm", NO_COLOR="1")
        self.cmd = [*SRS, "review", "--decks-dir", str(decks), "--db", str(db)]
        self.cold = timed_on_pty(self.cmd, self.env, "space/enter show answer")
        self.runs: list[tuple[float, int, float]] = []

    def run(self) -> None:
        self.runs.append(timed_on_pty(self.cmd, self.env, "space/enter show answer"))

    def result(self) -> dict:
        return summarise(self.runs, cards=self.n, cold_s=self.cold[0], cold_rss_mb=self.cold[1] / 1024)


ANKI_BUILD = r"""
import sys, json
from anki.collection import Collection
path, n = sys.argv[1], int(sys.argv[2])
col = Collection(path)
model = col.models.by_name("Basic")
deck_id = col.decks.id("Bench")
from anki.collection import AddNoteRequest
sys.path.insert(0, sys.argv[3])
from review_bench import question, answer
reqs = []
for i in range(n):
    note = col.new_note(model)
    note["Front"], note["Back"] = question(i), answer(i)
    reqs.append(AddNoteRequest(note=note, deck_id=deck_id))
col.add_notes(reqs)
conf = col.decks.config_dict_for_deck_id(deck_id)
conf["new"]["perDay"] = 20
col.decks.save(conf)
col.decks.select(deck_id)
col.close()
"""

ANKI_FIRST = r"""
import sys, time
t0 = time.perf_counter()
from anki.collection import Collection
t1 = time.perf_counter()
col = Collection(sys.argv[1])
card = col.sched.getCard()
q = card.question()
t2 = time.perf_counter()
print("FIRST", q[:40].replace("\n", " "), f"import={t1 - t0:.3f} open_fetch={t2 - t1:.3f}", flush=True)
sys.stdin.read(1)
col.close(downgrade=False) if "downgrade" in Collection.close.__code__.co_varnames else col.close()
"""


class AnkiRun:
    """The Anki backend opening a collection of the same ``n`` cards and fetching its first queued card."""

    def __init__(self, work: Path, n: int):
        path = work / f"anki-{n}.anki2"
        if not path.exists():
            subprocess.run([sys.executable, "-c", ANKI_BUILD, str(path), str(n), str(Path(__file__).parent)], check=True)
        self.n = n
        self.env = clean_env(TERM="xterm")
        self.cmd = [sys.executable, "-c", ANKI_FIRST, str(path)]
        timed_on_pty(self.cmd, self.env, "open_fetch=", then=b"q\n")  # warm the caches
        self.runs: list[tuple[float, int, float]] = []

    def run(self) -> None:
        # the script waits for a line on its (canonical-mode) terminal before it closes the collection
        self.runs.append(timed_on_pty(self.cmd, self.env, "open_fetch=", then=b"q\n"))

    def result(self) -> dict:
        # in-process time: run once more and parse the printed figures
        out = subprocess.run(self.cmd, input="q\n", capture_output=True, text=True, check=True, env=self.env).stdout
        inproc = float(re.search(r"open_fetch=([0-9.]+)", out).group(1))
        imp = float(re.search(r"import=([0-9.]+)", out).group(1))
        return summarise(self.runs, cards=self.n, open_fetch_s=inproc, import_s=imp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "srs-review-bench")
    ap.add_argument("--no-anki", action="store_true")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {"srs": [], "anki": None}
    sizes = sorted(args.sizes)
    for n in sizes:
        ours = SrsRun(args.work, n)
        anki = AnkiRun(args.work, n) if n == sizes[-1] and not args.no_anki else None
        for _ in range(args.runs):  # at the largest size, srs and Anki take turns
            ours.run()
            if anki:
                anki.run()
        r = ours.result()
        results["srs"].append(r)
        print(f"srs  {n:>7} cards: first card {r['warm_s']:.3f} s warm, median of {r['runs']}"
              f" (min {r['warm_min_s']:.3f}, max {r['warm_max_s']:.3f}; CPU {r['cpu_s']:.3f} s),"
              f" {r['cold_s']:.2f} s cold (index build); peak RSS {r['rss_mb']:.1f} MB (cold {r['cold_rss_mb']:.1f} MB)", flush=True)
        if anki:
            a = results["anki"] = anki.result()
            print(f"anki {n:>7} cards: first card {a['warm_s']:.3f} s whole process, median of {a['runs']}"
                  f" (min {a['warm_min_s']:.3f}, max {a['warm_max_s']:.3f}; CPU {a['cpu_s']:.3f} s);"
                  f" in process: import {a['import_s']:.3f} s + open+getCard {a['open_fetch_s']:.3f} s; peak RSS {a['rss_mb']:.1f} MB")
            print(f"ratio srs/anki at {n}: whole process {r['warm_s'] / a['warm_s']:.2f}x (CPU {r['cpu_s'] / a['cpu_s']:.2f}x),"
                  f" vs Anki's open+getCard alone {r['warm_s'] / a['open_fetch_s']:.2f}x;"
                  f" memory {r['rss_mb'] / a['rss_mb']:.2f}x")
    (args.work / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
