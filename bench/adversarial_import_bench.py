"""Import time on hostile Markdown at 1x, 10x and 100x the size: does it stay linear?

    .venv/bin/python bench/adversarial_import_bench.py            # every family, best of 3
    .venv/bin/python bench/adversarial_import_bench.py --runs 1 --family emphasis --family quotes

Each family is one shape of document that used to make some step of ``srs import`` take time growing
faster than its size (issue 7, F9): regex backtracking, a quadratic id salt loop, a parser slowing down
on deep nesting. For each it times :func:`srs.importer.import_sources` with ``dry_run=True`` (read,
parse, ids, validation: all of ``srs import --dry-run`` but the process start-up) on the document at
1x, 10x and 100x its base size in bytes, and prints the ratios t(10x)/t(1x) and t(100x)/t(10x). The
time is the CPU time of this process (``time.process_time``), which other busy processes on the machine
disturb less than wall time; the import does no waiting worth counting (one file read).
Linear is 10; the target is at most about 12. Re-import families first import the original document
(not timed), then time the dry-run import of the edited one against the deck it wrote.

The documents are generated here (deterministic). ``tests/test_safety_pathological_markdown.py`` runs
the same shapes at one size through the real CLI under a hang-guard.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from srs.importer import import_sources  # noqa: E402
from srs.parser.vocab import load_vocabulary  # noqa: E402


@dataclass(frozen=True)
class Family:
    name: str
    what: str
    base: int  # the size parameter at 1x
    make: Callable[[int], str]  # size parameter -> document
    edit: Callable[[int], str] | None = None  # re-import families: the edited document
    quadratic: bool = False  # the document's bytes grow with the square of the parameter


def _growing_quotes(n: int) -> str:
    return "".join(">" * k + " What is it?\n" for k in range(1, n + 1)) + "\n## What is a block quote?\n\nQuoted.\n"


def _indented_list(n: int) -> str:
    return "## Questions\n\n" + "".join("  " * k + "- What is it?\n" for k in range(n))


def _table_row(n: int) -> str:
    return ("## What is a wide table?\n\n| " + " | ".join(f"c{k}" for k in range(n)) + " |\n|" + "---|" * n
            + "\n| " + " | ".join("x" for _ in range(n)) + " |\n")


def _words(n: int) -> str:
    return " ".join(f"word{k}" for k in range(n))


FAMILIES = [
    Family("emphasis", "unmatched '*a ' in one question", 5_000,
           lambda n: "**Question:** What is " + "*a " * n + "?\n\n**Answer:** Nothing.\n"),
    Family("underscores", "unmatched '_a ' in one question", 5_000,
           lambda n: "**Question:** What is " + "_a " * n + "?\n\n**Answer:** Nothing.\n"),
    Family("quotes", "line k holds k '>' (growing quote nesting)", 600, _growing_quotes, quadratic=True),
    Family("list-indent", "line k indented 2k spaces (growing list nesting)", 400, _indented_list, quadratic=True),
    Family("list-markers", "'- - - … x': nested list markers on one line", 20_000,
           lambda n: "## What is deep nesting?\n\nDeep.\n\n" + "- " * n + "x\n"),
    Family("repeats", "one question repeated (ids)", 500,
           lambda n: "# Repeats\n\n" + "## What is a thing?\n\nAn answer.\n\n" * n),
    Family("spaces", "long runs of spaces in a heading, a question, a bold line", 10_000,
           lambda n: (f"## What is{' ' * n}a run?\n\nSpaces.\n\n**Question:** Why{' ' * n}so?\n\n"
                      f"**Answer:** Padding.\n\n**Bold{' ' * n}line**\n\n**Note**{' ' * n}text.\n")),
    Family("brackets", "'[' and '[a](' without closers, '[src](' citations", 5_000,
           lambda n: ("**Question:** What is " + "[" * n + "]?\n\n**Answer:** x\n\n**Question:** What is "
                      + "[a](" * n + "?\n\n**Answer:** y\n\n## What is " + "[src](" * n + " a citation?\n\nz\n")),
    Family("html", "'<a' without '>', '<summary>' without '</summary>'", 2_000,
           lambda n: ("**Question:** What is " + "<a" * n + "?\n\n**Answer:** Tags.\n\n## What is a summary?\n\n"
                      + "x\n\n<summary>" * n + "\n")),
    Family("table-row", "one table row of n cells", 2_000, _table_row),
    Family("emoji-hashes", "runs of emoji and of '#' in headings", 50_000,
           lambda n: "## What is " + "\U0001f525" * n + " heat?\n\nFire.\n\n## What is " + "#" * n + "x?\n\nHash.\n"),
    Family("link-defs", "link reference definitions", 1_000,
           lambda n: "## What is a link?\n\nA URL.\n\n" + "".join(f"[r{k}]: https://example.com/{k}\n" for k in range(n))),
    Family("edited-repeats", "re-import: the repeated question edited", 300,
           lambda n: "# Repeats\n\n" + "## What is a thing?\n\nAn answer.\n\n" * n,
           edit=lambda n: "# Repeats\n\n" + "## What is a thingy?\n\nAn answer.\n\n" * n),
    Family("edited-long-question", "re-import: a question of n words, edited", 2_000,
           lambda n: f"**Question:** What is {_words(n)}?\n\n**Answer:** Words.\n",
           edit=lambda n: f"**Question:** What is {_words(n)} now?\n\n**Answer:** Words.\n"),
]


def time_import(family: Family, n: int, tmp: Path, runs: int) -> tuple[int, float]:
    """(document bytes, best wall time of the dry-run import) at size parameter ``n``."""
    source = tmp / f"{family.name}.md"
    decks = tmp / f"decks-{family.name}-{n}"
    source.write_text(family.make(n), encoding="utf-8")
    vocab = load_vocabulary()
    if family.edit is not None:
        import_sources([source], decks, vocab=vocab, jobs=1)
        source.write_text(family.edit(n), encoding="utf-8")
    best = math.inf
    for _ in range(runs):
        t = time.process_time()
        import_sources([source], decks, dry_run=True, vocab=vocab, jobs=1)
        best = min(best, time.process_time() - t)
    return source.stat().st_size, best


def _size(nbytes: int) -> str:
    return f"{nbytes / 1e6:.2f} MB" if nbytes >= 1e6 else f"{nbytes / 1e3:.0f} KB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the best is reported (default 3)")
    ap.add_argument("--family", action="append", choices=[f.name for f in FAMILIES],
                    help="only this family (repeatable; default all)")
    args = ap.parse_args()

    families = [f for f in FAMILIES if not args.family or f.name in args.family]
    print(f"best of {args.runs} runs; t10/t1 and t100/t10 are the growth of the time for 10x the bytes (linear: 10)")
    print(f"| {'family':21s} | {'1x':>17s} | {'10x':>17s} | {'100x':>17s} | t10/t1 | t100/t10 |")
    print(f"|{'-' * 23}|{'-' * 19}|{'-' * 19}|{'-' * 19}|--------|----------|")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for family in families:
            # quadratic documents: the parameter grows by sqrt(10) for 10x the bytes
            step = math.sqrt(10) if family.quadratic else 10
            time_import(family, max(1, family.base // 10), tmp, 1)  # warm-up: lazy imports, caches
            cells = [time_import(family, round(family.base * step ** k), tmp, args.runs) for k in range(3)]
            (b1, t1), (b10, t10), (b100, t100) = cells
            row = " | ".join(f"{_size(b):>8s} {t:6.3f} s" for b, t in cells)
            print(f"| {family.name:21s} | {row} | {t10 / t1:6.1f} | {t100 / t10:8.1f} |", flush=True)
        print()
        for family in families:
            print(f"{family.name}: {family.what}")


if __name__ == "__main__":
    main()
