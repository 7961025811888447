"""Export benchmark: ``srs export`` vs plain genanki on 10k and 100k generated cards.

    .venv/bin/python bench/export_bench.py [N ...] [--repeat 3] [--workers W]   # default: 10000 100000

For each size it generates interview-style cards (one-line questions; a third with answers:
paragraphs with inline markup, lists, code fences, tables, math, like the bundled decks), then times:

* ``srs``: :func:`srs.export.export_cards` end to end (render Markdown, sanitise, highlight, ledger,
  SQLite, compressed zip) with an empty ledger and render cache ("cold", a first export: rendering
  runs in worker processes when there are 2+ CPUs), then again with both filled ("warm", the usual
  re-export after a few edits; the bytes must come out identical);
* ``genanki``: plain genanki writing the same notes (same 8 fields, raw Markdown, no rendering)
  with ``Package.write_to_file``;
* ``anki import``: Anki's own importer (the ``anki`` package) loading our package into a new
  collection.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import genanki  # noqa: E402

from srs.card import Card  # noqa: E402
from srs.catalog import DeckCard  # noqa: E402
from srs.export.cache import RenderCache  # noqa: E402
from srs.export.ledger import Ledger  # noqa: E402
from srs.export.notes import note_guid  # noqa: E402
from srs.export.notetype import FIELDS, MODEL_ID, MODEL_NAME, TEMPLATES  # noqa: E402
from srs.export.run import export_cards  # noqa: E402

WORDS = ("model data training loss gradient batch attention token embedding layer latency cache shard "
         "replica queue feature label drift serving pipeline vector index recall precision throughput "
         "retrieval prompt context window kernel memory bandwidth partition consistency availability "
         "regularization dropout optimizer scheduler checkpoint evaluation baseline ablation metric").split()
DOMAINS = ["system-design", "deep-learning", "machine-learning", "mlops", "coding", "behavioral", "llm", "statistics"]
LEVELS = ["entry", "mid", "senior", "expert", None]
DIFFS = ["easy", "medium", "hard", "expert", None]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _answer(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return f"The **{_words(rng, 2)}** matters because {_words(rng, 14)}. Use `{rng.choice(WORDS)}()` when {_words(rng, 8)}."
    if kind < 0.65:
        items = "\n".join(f"{i}. **{_words(rng, 2)}**: {_words(rng, 9)}" for i in range(1, rng.randint(3, 6)))
        return f"{_words(rng, 10).capitalize()}:\n\n{items}\n\n{_words(rng, 12)}."
    if kind < 0.85:
        body = "\n".join(f"    {rng.choice(WORDS)}_{i} = {rng.choice(WORDS)}({rng.randint(1, 99)})  # {_words(rng, 3)}"
                         for i in range(rng.randint(3, 10)))
        return f"{_words(rng, 8).capitalize()}:\n\n```python\ndef {rng.choice(WORDS)}(x):\n{body}\n    return x\n```"
    if kind < 0.95:
        rows = "\n".join(f"| {rng.choice(WORDS)} | {_words(rng, 4)} | {rng.randint(1, 999)} ms |" for _ in range(4))
        return f"| option | trade-off | p99 |\n|---|---|---:|\n{rows}\n\n> {_words(rng, 10)}."
    return f"The objective is $L = -\\sum_i y_i \\log p_i$ where {_words(rng, 10)}.\n\n$$\\nabla_\\theta L = {rng.randint(2, 9)}x$$"


def generate(n: int, seed: int = 7) -> list[DeckCard]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        q = rng.choice(["How would you design a", "What is the role of", "Explain", "When would you use",
                        "Compare"]) + f" {_words(rng, rng.randint(3, 8))}?"
        card = Card(id=f"b{i:07d}", question=q, answer=_answer(rng) if rng.random() < 1 / 3 else "",
                    level=rng.choice(LEVELS), difficulty=rng.choice(DIFFS), domain=rng.choice(DOMAINS),
                    topic=f"{_words(rng, 2).title()} > {_words(rng, 2).title()}", tags=[f"time::{rng.randint(5, 45)}-min"],
                    source={"file": f"sources/guide-{i % 10}.md", "line": i + 1})
        items.append(DeckCard(f"Bench Guide {i % 10}", card, ROOT / "decks" / f"guide-{i % 10}.yaml"))
    return items


def plain_genanki(items: list[DeckCard], path: Path) -> None:
    model = genanki.Model(MODEL_ID, MODEL_NAME, fields=[{"name": f} for f in FIELDS],
                          templates=[dict(t) for t in TEMPLATES])
    decks: dict[str, genanki.Deck] = {}
    for it in items:
        c = it.card
        deck = decks.setdefault(it.deck, genanki.Deck(abs(hash(it.deck)) % (1 << 30) + (1 << 30), it.deck))
        deck.add_note(genanki.Note(model=model, guid=note_guid(c.id), tags=[f"domain::{c.domain}"], fields=[
            c.question, c.answer, c.level or "", c.domain or "", c.difficulty or "", c.topic,
            f"{c.source.file}:{c.source.line}", c.id]))
    genanki.Package(list(decks.values())).write_to_file(str(path))


def anki_import(path: Path, tmp: Path) -> float:
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.exportkit import import_apkg, open_collection

    col = open_collection(tmp / "anki" / "collection.anki2")
    try:
        t = time.perf_counter()
        log = import_apkg(col, path)
        took = time.perf_counter() - t
        assert col.note_count() == len(log.new)
        return took
    finally:
        col.close()


def bench(n: int, repeat: int, workers: int | None = None) -> dict[str, list[float] | int]:
    """Every measure ``repeat`` times, genanki and srs alternating (the machine is shared: report the best
    and the median). ``workers``: render processes for srs (default: as ``srs export`` picks)."""
    items = generate(n)
    out: dict[str, list[float]] = {"srs_s": [], "warm_s": [], "genanki_s": [], "anki_import_s": []}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for run in range(repeat):
            t = time.perf_counter()
            plain_genanki(items, tmp / "genanki.apkg")
            out["genanki_s"].append(time.perf_counter() - t)

            def ours(name: str) -> tuple[float, object]:
                t = time.perf_counter()
                [pkg] = export_cards(items, out=tmp / name, ledger=Ledger(tmp / f"ledger{run}.sqlite3"),
                                     render_cache=RenderCache(tmp / f"cache{run}.sqlite3"), workers=workers)
                return time.perf_counter() - t, pkg

            cold, pkg = ours("srs.apkg")  # empty ledger, empty render cache: a first export
            warm, _ = ours("srs-again.apkg")  # re-export: ledger and render cache filled
            assert (tmp / "srs.apkg").read_bytes() == (tmp / "srs-again.apkg").read_bytes()
            out["srs_s"].append(cold)
            out["warm_s"].append(warm)
            out["anki_import_s"].append(anki_import(pkg.path, tmp / f"anki{run}"))
        g_size = (tmp / "genanki.apkg").stat().st_size
    return {"cards": n, **out, "srs_bytes": pkg.size, "genanki_bytes": g_size}


def main(sizes: list[int], repeat: int, workers: int | None) -> None:
    print(f"best / median of {repeat} runs; ratios are srs ÷ genanki (best ÷ best, median ÷ median)")
    print(f"{'cards':>7} | {'srs cold s':>12} | {'srs warm s':>12} | {'genanki s':>12} | {'cold ratio':>12} | "
          f"{'warm ratio':>12} | {'srs MB':>6} | {'genanki MB':>10} | {'size':>5} | {'anki import s':>13}")
    for n in sizes:
        r = bench(n, repeat, workers)

        def pair(key: str) -> str:
            return f"{min(r[key]):5.2f} / {median(r[key]):5.2f}"

        def ratio(key: str) -> str:
            return f"{min(r[key]) / min(r['genanki_s']):4.2f}x / {median(r[key]) / median(r['genanki_s']):4.2f}x"

        print(f"{n:>7} | {pair('srs_s'):>12} | {pair('warm_s'):>12} | {pair('genanki_s'):>12} | {ratio('srs_s'):>12} | "
              f"{ratio('warm_s'):>12} | {r['srs_bytes'] / 1e6:>6.2f} | {r['genanki_bytes'] / 1e6:>10.2f} | "
              f"{r['srs_bytes'] / r['genanki_bytes']:>5.0%} | {pair('anki_import_s'):>13}", flush=True)
        print("        runs: " + "; ".join(f"{k} " + " ".join(f"{x:.2f}" for x in r[k])
                                         for k in ("srs_s", "warm_s", "genanki_s", "anki_import_s")), flush=True)


if __name__ == "__main__":
    import argparse

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, help="render processes for srs (1: no pool)")
    args = parser.parse_args()
    main(args.sizes, args.repeat, args.workers)
