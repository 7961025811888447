"""Selected cards → one or more ``.apkg`` files (what ``srs export`` runs)."""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import queue
import re
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from srs.catalog import DeckCard, load_decks, with_overlay
from srs.errors import SrsError
from srs.export.cache import CachingRenderer, RenderCache, needs_parser, render_key
from srs.export.highlight import warm_up_highlighting
from srs.export.ledger import Ledger, content_hash
from srs.export.notes import NoteSpec, build_note
from srs.export.package import PackageInput, write_apkg
from srs.overlay import Overlay, load_overlay

SPLIT_KEYS = ("level", "domain", "deck")
POOL_FROM = 600  # Markdown texts to render; below this forking a pool costs more than it saves
POOL_CHUNK = 256  # cards per task sent to a worker


@dataclass(frozen=True)
class ExportedPackage:
    path: Path
    cards: int
    size: int
    group: str | None = None


def load_for_export(decks_dir: Path, overlay: Overlay | None = None) -> tuple[list[DeckCard], dict[str, str]]:
    """Every card of a decks folder with the overlay's text (by default the decks folder's and the user's,
    :func:`srs.overlay.load_overlay`), and each deck's description (shown on the root deck in Anki)."""
    items: list[DeckCard] = []
    descriptions: dict[str, str] = {}
    for path, deck in load_decks(decks_dir):
        items.extend(DeckCard(deck.deck, card, path) for card in deck.cards)
        if deck.description:
            descriptions.setdefault(deck.deck, deck.description)
    return with_overlay(items, overlay if overlay is not None else load_overlay(decks_dir)), descriptions


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "cards"


def group_key(item: DeckCard, split_by: str) -> str:
    if split_by == "level":
        return item.card.level or "none"
    if split_by == "domain":
        return item.card.domain or "none"
    return item.deck


def _groups(items: list[DeckCard], split_by: str | None) -> list[tuple[str | None, list[DeckCard]]]:
    if split_by is None:
        return [(None, items)]
    if split_by not in SPLIT_KEYS:
        raise SrsError(f"--split-by must be one of {', '.join(SPLIT_KEYS)}")
    groups: dict[str, list[DeckCard]] = {}
    for it in items:
        groups.setdefault(group_key(it, split_by), []).append(it)
    if split_by == "level":
        order = {lv: i for i, lv in enumerate(("entry", "mid", "senior", "expert", "none"))}
        keys = sorted(groups, key=lambda k: order.get(k, 99))
    else:
        keys = sorted(groups)
    return [(k, groups[k]) for k in keys]


def output_path(out: Path | None, exports_dir: Path, items: list[DeckCard], group: str | None) -> Path:
    """``-o FILE`` as given; with ``--split-by`` FILE's stem gets ``-<group>``. Without ``-o``:
    ``exports/<deck>.apkg`` when all cards come from one deck, else ``exports/srs.apkg``."""
    if out is not None:
        base = out if out.suffix == ".apkg" else out.with_name(out.name + ".apkg")
    else:
        decks = {it.deck for it in items}
        name = slug(next(iter(decks))) if len(decks) == 1 else "srs"
        base = exports_dir / f"{name}.apkg"
    if group is None:
        return base
    return base.with_name(f"{base.stem}-{slug(group)}.apkg")


def export_cards(
    items: list[DeckCard],
    *,
    out: Path | None = None,
    exports_dir: Path = Path("exports"),
    split_by: str | None = None,
    descriptions: dict[str, str] | None = None,
    ledger: Ledger | None = None,
    render_cache: RenderCache | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[ExportedPackage]:
    """Render the cards, write the packages, then record content times in the ledger.

    ``workers``: processes for rendering on a large export (default: :func:`worker_count`).
    ``warn``: called once for each problem that did not stop the export (an image not packed), as
    ``file:line: problem``."""
    if not items:
        raise SrsError("no cards to export: the selection is empty")
    # An export allocates many small, acyclic objects (cards' notes, rows, HTML): the cyclic garbage
    # collector would scan the whole heap again and again for nothing. Off for the export (and in the
    # render workers forked during it), back as it was afterwards.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _export_cards(items, out, exports_dir, split_by, descriptions, ledger, render_cache, progress,
                             workers, warn)
    finally:
        if gc_was_enabled:
            gc.enable()


def _export_cards(items, out, exports_dir, split_by, descriptions, ledger, render_cache, progress,
                  workers, warn) -> list[ExportedPackage]:
    groups = _groups(items, split_by)
    ledger = ledger if ledger is not None else Ledger()
    subdeck_key = split_by if split_by in ("level", "domain") else "level"
    descriptions = descriptions or {}
    cache = render_cache if render_cache is not None else RenderCache()
    renderer = CachingRenderer(cache.load([t for it in items for t in (it.card.question, it.card.answer)]))
    specs = _render_all([it for _, members in groups for it in members], subdeck_key, renderer, progress, workers)
    if warn is not None:
        for problem in dict.fromkeys(w for spec in specs for w in spec.warnings):
            warn(problem)
    # The new renders are saved while the last package is compressed and written (see write_apkg).
    return _write_packages(groups, specs, out, exports_dir, items, ledger, descriptions,
                           lambda: cache.save(renderer.new))


def _write_packages(groups, specs, out, exports_dir, items, ledger, descriptions,
                    save_cache: Callable[[], None]) -> list[ExportedPackage]:
    planned: list[tuple[Path, str | None, list[NoteSpec], set[str]]] = []
    start = 0
    for group, members in groups:
        notes = specs[start : start + len(members)]
        start += len(members)
        roots = {it.deck for it in members}
        planned.append((output_path(out, exports_dir, items, group), group, notes, roots))
    paths = [p for p, _, _, _ in planned]
    if len(set(paths)) != len(paths):
        raise SrsError("two groups would be written to the same file; use a different -o or --split-by")
    written = []
    for k, (path, group, notes, roots) in enumerate(planned):
        stamps = [ledger.stamp(n.card_id, n.digest or content_hash(n.fields, n.tags)) for n in notes]
        pkg = PackageInput(notes, stamps, {r: d for r, d in descriptions.items() if r in roots})
        size = write_apkg(path, pkg, meanwhile=save_cache if k == len(planned) - 1 else None)
        written.append(ExportedPackage(path, len(notes), size, group))
    ledger.save()
    return written


def _render_all(
    items: list[DeckCard], subdeck_key: str, renderer: CachingRenderer, progress: Callable[[int], None] | None,
    workers: int | None = None,
) -> list[NoteSpec]:
    """Notes for all items, in order: in forked worker processes on a large first export
    (:func:`_pooled_notes`), else in this process."""
    specs = _pooled_notes(items, subdeck_key, renderer, progress, workers)
    if specs is not None:
        return specs
    specs = []
    for it in items:
        specs.append(build_note(it, subdeck_key, renderer))
        if progress:
            progress(1)
    return specs


def worker_count() -> int:
    """CPUs this process may use (``SRS_EXPORT_WORKERS`` overrides; 1 turns the pool off)."""
    env = os.environ.get("SRS_EXPORT_WORKERS", "").strip()
    if env.isdigit():
        return max(1, int(env))
    try:
        return min(len(os.sched_getaffinity(0)), 8)
    except AttributeError:  # not on Linux
        return min(os.cpu_count() or 1, 8)


# What the forked workers read: set just before they fork (so it is inherited, never pickled).
_SHARED: tuple[list[DeckCard], str, CachingRenderer] | None = None


def _notes_of_range(bounds: tuple[int, int]) -> tuple[list[NoteSpec], dict[str, str]]:
    assert _SHARED is not None
    items, subdeck_key, renderer = _SHARED
    renderer.new = {}
    start, end = bounds
    return [build_note(it, subdeck_key, renderer) for it in items[start:end]], renderer.new


def _take(ends, front: bool) -> int | None:
    """The next chunk index from the front (workers) or the back (this process), None when all are taken."""
    with ends.get_lock():
        if ends[0] > ends[1]:
            return None
        if front:
            ends[0] += 1
            return ends[0] - 1
        ends[1] -= 1
        return ends[1] + 1


def _worker(ends, results, bounds) -> None:
    """A forked worker: chunks from the front until the two ends meet; each result sent back as it is done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the parent, which ends the workers
    try:
        while (i := _take(ends, True)) is not None:
            notes, new = _notes_of_range(bounds[i])
            results.put((i, notes, new))
    except Exception as exc:  # raised again in the parent, as without workers
        results.put((-1, exc, None))
    finally:
        results.put(None)
        results.close()
        results.join_thread()


def _pooled_notes(
    items: list[DeckCard], subdeck_key: str, renderer: CachingRenderer, progress: Callable[[int], None] | None,
    workers: int | None,
) -> list[NoteSpec] | None:
    """Notes built by this process and forked workers together, or None when that would not pay off.

    Rendering Markdown is CPU-bound, so on a large first export (at least :data:`POOL_FROM` texts that
    neither the render cache nor the one-line fast path covers) it is spread over the CPUs: ``workers - 1``
    forked processes take chunks of cards from the front, this process takes them from the back, until
    the two ends meet. This process works rather than waits, so on a machine busy with other work the
    export is about as fast as without workers (the workers just do less), and on an idle one the CPUs
    share it. Only on Linux, where fork is cheap and safe (the parent runs no other threads during an
    export): the workers inherit the cards instead of receiving them pickled, and send back finished
    notes. The notes are the same either way: building one is a pure function of its card."""
    global _SHARED
    workers = worker_count() if workers is None else workers
    if workers < 2 or not sys.platform.startswith("linux") or "fork" not in mp.get_all_start_methods():
        return None
    memo = renderer.memo
    todo = 0  # counted only up to POOL_FROM
    for it in items:
        for t in (it.card.question, it.card.answer):
            if needs_parser(t) and (not memo or render_key(t) not in memo):
                todo += 1
        if todo >= POOL_FROM:
            break
    else:
        return None
    bounds = [(i, min(i + POOL_CHUNK, len(items))) for i in range(0, len(items), POOL_CHUNK)]
    if len(bounds) < 2:
        return None
    ctx = mp.get_context("fork")
    ends = ctx.Array("q", [0, len(bounds) - 1])  # next chunk from the front, next from the back
    results = ctx.Queue()
    parts: dict[int, list[NoteSpec]] = {}
    procs = []
    _SHARED = (items, subdeck_key, renderer)
    new_renders = renderer.new  # _notes_of_range gives the renderer a fresh one for each chunk

    def collect(block: bool) -> bool:
        """Take one worker message (a result, or that a worker is done); False when none is waiting."""
        while True:
            try:
                got = results.get(block, 1 if block else 0)
                break
            except queue.Empty:
                if not block:
                    return False
                if not any(proc.is_alive() for proc in procs) and results.empty():
                    raise SrsError("a render worker died: try again with SRS_EXPORT_WORKERS=1") from None
        if got is None:
            nonlocal running
            running -= 1
            return True
        i, notes, new = got
        if i < 0:
            raise notes
        parts[i] = notes
        new_renders.update(new)
        if progress:
            progress(len(notes))
        return True

    try:
        # Warm up before forking, so the workers inherit it: the highlighters of the languages in the
        # cards (pygments builds its lexers on first use) and one chunk of this process's own share.
        warm_up_highlighting(t for it in items for t in (it.card.question, it.card.answer))
        first = _take(ends, False)
        parts[first], new = _notes_of_range(bounds[first])
        new_renders.update(new)
        if progress:
            progress(len(parts[first]))
        for _ in range(min(workers, len(bounds)) - 1):
            proc = ctx.Process(target=_worker, args=(ends, results, bounds), daemon=True)
            proc.start()
            procs.append(proc)
        running = len(procs)
        while (i := _take(ends, False)) is not None:
            parts[i], new = _notes_of_range(bounds[i])
            new_renders.update(new)
            if progress:
                progress(len(parts[i]))
            while collect(False):
                pass
        while running:
            collect(True)
        for proc in procs:
            proc.join()
    finally:
        _SHARED = None
        renderer.new = new_renders
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
                proc.join()
        results.close()
    if len(parts) != len(bounds):
        raise SrsError("a render worker failed: try again with SRS_EXPORT_WORKERS=1")
    return [n for i in range(len(bounds)) for n in parts[i]]
