"""Import throughput on a generated Markdown corpus (default 10 MB).

    .venv/bin/python bench/import_bench.py              # 10 MB, best of 3
    .venv/bin/python bench/import_bench.py --mb 2 --runs 1

Three numbers, each in MB of Markdown per second of wall time:

* parse      — :func:`srs.parser.parse_markdown` on every file, in this process;
* import     — ``srs import CORPUS --decks-dir EMPTY`` as a user runs it (whole process: start-up,
               parse, ids, validation, writing one deck file per source);
* re-import  — the same command again over the decks it wrote (ids matched against the old decks;
               every deck file unchanged).

The corpus comes from :mod:`bench.corpus` (deterministic: same bytes on every run).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the best is reported (default 3)")
    args = ap.parse_args()

    from srs.parser import parse_markdown

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        paths = write_corpus(corpus, int(args.mb * 1_000_000))
        size = sum(p.stat().st_size for p in paths) / 1e6
        texts = [p.read_text(encoding="utf-8") for p in paths]
        cards = sum(len(parse_markdown(t).cards) for t in texts)
        print(f"corpus: {size:.1f} MB in {len(paths)} files, {cards} cards; best of {args.runs} runs", flush=True)

        parse_s = best_of(args.runs, lambda: [parse_markdown(t) for t in texts])
        print(f"parse      {parse_s:6.2f} s  {size / parse_s:5.2f} MB/s", flush=True)

        env = {**os.environ, "SRS_HOME": str(tmp / "home")}
        cmd = [sys.executable, "-m", "srs", "import", str(corpus), "--decks-dir"]
        counter = iter(range(1000))

        def fresh_import() -> None:
            subprocess.run([*cmd, str(tmp / f"decks{next(counter)}")], check=True, env=env, stdout=subprocess.DEVNULL)

        import_s = best_of(args.runs, fresh_import)
        print(f"import     {import_s:6.2f} s  {size / import_s:5.2f} MB/s", flush=True)

        again = lambda: subprocess.run([*cmd, str(tmp / "decks0")], check=True, env=env, stdout=subprocess.DEVNULL)  # noqa: E731
        reimport_s = best_of(args.runs, again)
        print(f"re-import  {reimport_s:6.2f} s  {size / reimport_s:5.2f} MB/s", flush=True)


if __name__ == "__main__":
    main()
