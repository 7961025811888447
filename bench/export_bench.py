"""Export benchmark: ``srs export`` vs plain genanki on 10k and 100k generated cards.

    .venv/bin/python bench/export_bench.py [N ...]        # default: 10000 100000

For each size it generates interview-style cards (one-line questions; a third with answers:
paragraphs with inline markup, lists, code fences, tables, math, like the bundled decks), then times:

* ``srs``: :func:`srs.export.export_cards` end to end (render Markdown, sanitise, highlight, ledger,
  SQLite, compressed zip) with an empty ledger and render cache ("cold"), then again with both
  filled ("warm", the usual re-export after a few edits; the bytes must come out identical);
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


def bench(n: int, repeat: int) -> dict[str, float]:
    """Each timing is the best of ``repeat`` runs (the machine is shared; the minimum is the least noisy)."""
    items = generate(n)
    g_time = s_time = warm_time = float("inf")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for run in range(repeat):
            t = time.perf_counter()
            plain_genanki(items, tmp / "genanki.apkg")
            g_time = min(g_time, time.perf_counter() - t)

            def ours(name: str) -> tuple[float, object]:
                t = time.perf_counter()
                [pkg] = export_cards(items, out=tmp / name, ledger=Ledger(tmp / f"ledger{run}.sqlite3"),
                                     render_cache=RenderCache(tmp / f"cache{run}.sqlite3"))
                return time.perf_counter() - t, pkg

            cold, pkg = ours("srs.apkg")  # empty ledger, empty render cache
            warm, _ = ours("srs-again.apkg")  # re-export: ledger and render cache filled
            assert (tmp / "srs.apkg").read_bytes() == (tmp / "srs-again.apkg").read_bytes()
            s_time, warm_time = min(s_time, cold), min(warm_time, warm)
        g_size = (tmp / "genanki.apkg").stat().st_size
        imp = anki_import(pkg.path, tmp)
    return {"cards": n, "srs_s": s_time, "warm_s": warm_time, "genanki_s": g_time, "time_ratio": s_time / g_time,
            "warm_ratio": warm_time / g_time, "srs_bytes": pkg.size, "genanki_bytes": g_size,
            "size_ratio": pkg.size / g_size, "anki_import_s": imp}


def main(sizes: list[int]) -> None:
    print(f"{'cards':>7} {'srs s':>7} {'warm s':>7} {'genanki s':>9} {'cold':>6} {'warm':>6} {'srs MB':>7} {'genanki MB':>10} {'size':>6} {'anki import s':>13}")
    for n in sizes:
        r = bench(n, repeat=3 if n <= 20_000 else 1)
        print(f"{r['cards']:>7} {r['srs_s']:>7.2f} {r['warm_s']:>7.2f} {r['genanki_s']:>9.2f} {r['time_ratio']:>5.2f}x "
              f"{r['warm_ratio']:>5.2f}x "
              f"{r['srs_bytes'] / 1e6:>7.2f} {r['genanki_bytes'] / 1e6:>10.2f} {r['size_ratio']:>6.0%} {r['anki_import_s']:>13.2f}",
              flush=True)


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
