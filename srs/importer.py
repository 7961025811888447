"""``srs import``: source documents → deck files, keeping card ids across re-imports.

Sources are Markdown guides (``.md``, ``.markdown``; parsed by
:func:`srs.parser.parse_markdown`) and hand-written YAML decks (``.yaml``,
``.yml``). Each source becomes one deck file in the decks folder,
``<slug of the source stem>.yaml`` unless another source's deck has that file
already; a Markdown deck is named after the document's title, told apart from
another deck's name when that is taken (:mod:`srs.deck_names`). When the deck
file already exists, its cards' ids are carried over to the new cards by
:func:`srs.identity.assign_ids`.

A batch is all or nothing: every source is read, parsed and validated before
any deck file is written, so one bad source leaves every deck untouched; then
:func:`srs.batch_write.write_files` writes the changed deck files all or nothing
(a full disk, a read-only folder or a kill never leaves a mix of old and new
decks), skipping those whose text is unchanged, so re-importing unchanged input
leaves the files byte-identical. Import writes nothing but deck files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Sequence

from pydantic import ValidationError

from srs.card import Card, Source
from srs.batch_write import recover, write_files
from srs.card_ids import DeckIds, check_unique_ids
from srs.deck import Deck, card_nodes, dump_deck, key_line, load_deck, parse_deck_text
from srs.deck_yaml import read_text
from srs.deck_names import DecksFolder, NameRequest, keeps_name, same_file as _same_file, slugify
from srs.paths import deck_paths
from srs.errors import DeckFileError
from srs.identity import assign_ids

MARKDOWN_SUFFIXES = (".md", ".markdown")
YAML_SUFFIXES = (".yaml", ".yml")
SOURCE_SUFFIXES = MARKDOWN_SUFFIXES + YAML_SUFFIXES

#: Card fields whose change makes a kept card "updated" (a moved source line alone does not).
CONTENT_FIELDS = ("question", "answer", "level", "difficulty", "domain", "topic", "tags")


@dataclass(frozen=True)
class ImportReport:
    """What importing one source did (or, with ``dry_run``, would do) to its deck file."""

    source: Path
    deck_file: Path
    added: int
    updated: int
    unchanged: int
    removed: int
    removed_cards: tuple[Card, ...] = ()
    written: bool = False  # the deck file's bytes changed
    dry_run: bool = False
    empty: bool = False  # the source holds no cards and has no deck yet: nothing written
    deck_name: str | None = None  # a name other than the document's title, new to this deck ("Title (folder)")

    @property
    def cards(self) -> int:
        return self.added + self.updated + self.unchanged


@dataclass
class PlannedDeck:
    """A source read and merged with its existing deck, ready to be written."""

    source: Path
    deck_file: Path
    deck: Deck
    report: ImportReport
    status: list[str] = field(default_factory=list)  # per card: "added" | "updated" | "unchanged"
    document: Any = None  # the ParsedDocument for Markdown sources
    lines: list[int | None] = field(default_factory=list)  # per card: its line in the source

    def name_request(self) -> NameRequest:
        """What naming the deck needs: a Markdown deck's title (else file name) is ours to tell apart from
        other decks' names; a YAML deck keeps the name it gives itself."""
        if self.document is None:
            return NameRequest(self.source, self.deck_file, self.deck.deck, generated=False)
        return NameRequest(self.source, self.deck_file, _title(self.document, self.source), generated=True)


def relative_source(source: Path, deck_file: Path) -> str:
    """``source`` relative to the deck file's folder, POSIX style (absolute if impossible)."""
    src = Path(os.path.abspath(source))
    base = Path(os.path.abspath(deck_file)).parent
    try:
        rel = os.path.relpath(src, base)
    except ValueError:  # another drive on Windows
        return src.as_posix()
    return PurePosixPath(*Path(rel).parts).as_posix()


# -- finding sources ----------------------------------------------------------------------------


def find_sources(paths: Iterable[str | os.PathLike[str]], decks_dir: Path) -> list[Path]:
    """The source files named by ``paths``: files as given, folders walked (sorted).

    Walking skips hidden folders and files and the deck files of ``decks_dir``
    itself (its top level: those are outputs, not sources); a folder it cannot
    read is an error (:class:`DeckFileError` naming it), never skipped. A file named
    explicitly is always taken, a deck file in ``decks_dir`` included (that
    validates it and fills in missing ids).
    """
    decks_abs = Path(os.path.abspath(decks_dir))
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = Path(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        path = Path(raw)
        if path.is_file():
            if path.suffix.lower() not in SOURCE_SUFFIXES:
                raise DeckFileError(f"not a Markdown or YAML source (expected {', '.join(SOURCE_SUFFIXES)})", path)
            add(path)
        elif path.is_dir():
            for root, dirs, files in os.walk(path, onerror=_unreadable_folder):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                root_path = Path(root)
                in_decks_dir = Path(os.path.abspath(root_path)) == decks_abs
                for name in sorted(files):
                    suffix = Path(name).suffix.lower()
                    if name.startswith(".") or suffix not in SOURCE_SUFFIXES:
                        continue
                    if in_decks_dir and suffix in YAML_SUFFIXES:
                        continue
                    add(root_path / name)
        else:
            raise DeckFileError("no such file or folder", path)
    return out


def _unreadable_folder(exc: OSError) -> None:
    """A folder of an imported tree that cannot be listed is an error: its sources would be left out unseen."""
    raise DeckFileError(f"cannot read folder: {exc.strerror or exc}", exc.filename)


# -- reading sources ----------------------------------------------------------------------------


def _load_old_deck(deck_file: Path, source: Path) -> Deck | None:
    """The deck already on disk for this source (None if none, or if it is the source itself)."""
    if not deck_file.exists() or _same_file(deck_file, source):
        return None
    return load_deck(deck_file)


def _card(path: Path, line: int | None, **fields: Any) -> Card:
    try:
        return Card(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise DeckFileError(f"card {loc}: {err['msg']}" if loc else err["msg"], path, line) from None


def _merge(
    source: Path,
    deck_file: Path,
    old_deck: Deck | None,
    new_cards: Sequence[dict[str, Any]],
    lines: Sequence[int | None],
    preset: Sequence[str | None],
    *,
    dry_run: bool,
) -> tuple[list[Card], list[str], ImportReport]:
    """Give ``new_cards`` (field dicts without ids) their ids and count what changed."""
    old_cards = list(old_deck.cards) if old_deck else []

    class _View:  # what identity needs from a new card
        __slots__ = ("question", "answer", "topic")

        def __init__(self, d: dict[str, Any]):
            self.question, self.answer, self.topic = d["question"], d.get("answer") or "", d.get("topic") or ""

    views = [_View(d) for d in new_cards]
    assignment = assign_ids(slugify(deck_file.stem), old_cards, [c.id for c in old_cards], views, preset)
    cards: list[Card] = []
    status: list[str] = []
    for fields, line, card_id, old_i in zip(new_cards, lines, assignment.ids, assignment.old_index):
        card = _card(source, line, id=card_id, **fields)
        cards.append(card)
        if old_i is None:
            status.append("added")
        else:
            old = old_cards[old_i]
            same = all(getattr(old, f) == getattr(card, f) for f in CONTENT_FIELDS)
            status.append("unchanged" if same else "updated")
    removed = tuple(old_cards[i] for i in assignment.removed)
    report = ImportReport(
        source=source,
        deck_file=deck_file,
        added=status.count("added"),
        updated=status.count("updated"),
        unchanged=status.count("unchanged"),
        removed=len(removed),
        removed_cards=removed,
        dry_run=dry_run,
    )
    return cards, status, report


def _plan_markdown(path: Path, deck_file: Path, *, vocab: Any, dry_run: bool) -> PlannedDeck:
    from srs.parser import parse_markdown

    doc = parse_markdown(read_text(path), vocab=vocab)
    rel = relative_source(path, deck_file)
    fields = [
        {
            "question": pc.question,
            "answer": pc.answer or "",
            "level": pc.level,
            "difficulty": pc.difficulty,
            "domain": pc.domain,
            "topic": pc.topic or "",
            "tags": list(pc.tags),
            "source": Source(file=rel, line=pc.line) if pc.line >= 1 else None,
        }
        for pc in doc.cards
    ]
    lines = [pc.line for pc in doc.cards]
    old = _load_old_deck(deck_file, path)
    cards, status, report = _merge(path, deck_file, old, fields, lines, [None] * len(fields), dry_run=dry_run)
    title = _title(doc, path)
    deck = Deck(
        deck=old.deck if old is not None and keeps_name(old.deck, title, path) else title,  # checked by the batch
        description=f"Generated by `srs import` from {rel}",
        source=rel,
        cards=cards,
    )
    return PlannedDeck(path, deck_file, deck, report, status, doc, lines)


def _title(doc: Any, path: Path) -> str:
    """What a Markdown deck is named after: the document's title, else its file name."""
    return (doc.title or "").strip() or path.stem


def _rebase(file: str, source: Path, deck_file: Path) -> str:
    """A path written relative to ``source``'s folder, made relative to the deck file's folder."""
    if os.path.isabs(file) or _same_file(source, deck_file):
        return file
    return relative_source(source.parent / file, deck_file)


def _plan_yaml(path: Path, deck_file: Path, *, dry_run: bool) -> PlannedDeck:
    text = read_text(path)
    parsed = parse_deck_text(text, path, require_ids=False)
    nodes = card_nodes(text)
    is_self = _same_file(path, deck_file)
    rel = relative_source(path, deck_file)

    preset: list[str | None] = []
    lines: list[int | None] = []  # each card's question line
    card_lines: list[int | None] = []  # each card's id line, else its question line
    for i, card in enumerate(parsed.cards):
        node = nodes[i] if i < len(nodes) else None
        has_id, id_line = key_line(node, "id")
        _, q_line = key_line(node, "question")
        lines.append(q_line)
        card_lines.append(id_line if has_id else q_line)
        preset.append(card.id if has_id else None)
    given = [i for i, card_id in enumerate(preset) if card_id is not None]
    check_unique_ids([DeckIds(path, [preset[i] for i in given], lines=[card_lines[i] for i in given])])

    fields = []
    for card, line in zip(parsed.cards, lines):
        d = card.model_dump(exclude={"id"})
        if card.source is not None:
            d["source"] = Source(file=_rebase(card.source.file, path, deck_file), line=card.source.line)
        elif not is_self and line is not None:
            d["source"] = Source(file=rel, line=line)
        else:
            d["source"] = None
        fields.append(d)
    old = _load_old_deck(deck_file, path)
    cards, status, report = _merge(path, deck_file, old, fields, lines, preset, dry_run=dry_run)
    if parsed.source:
        deck_source: str | None = _rebase(parsed.source, path, deck_file)
    else:
        deck_source = None if is_self else rel
    deck = Deck(deck=parsed.deck, description=parsed.description, source=deck_source, cards=cards)
    return PlannedDeck(path, deck_file, deck, report, status, lines=card_lines)


def plan_source(path: str | os.PathLike[str], decks_dir: str | os.PathLike[str], *, vocab: Any = None,
                dry_run: bool = True) -> PlannedDeck:
    """Read one source and merge it with its existing deck file, writing nothing (its deck file and name as
    if it were imported alone)."""
    folder = DecksFolder(decks_dir)
    plan = _plan(Path(path), folder.deck_files([path])[0], vocab=vocab, dry_run=dry_run)
    [name] = folder.deck_names([plan.name_request()])
    plan.deck = plan.deck.model_copy(update={"deck": name})
    return plan


def _plan(path: Path, deck_file: Path, *, vocab: Any, dry_run: bool) -> PlannedDeck:
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return _plan_markdown(path, deck_file, vocab=vocab, dry_run=dry_run)
    if path.suffix.lower() in YAML_SUFFIXES:
        return _plan_yaml(path, deck_file, dry_run=dry_run)
    raise DeckFileError(f"not a Markdown or YAML source (expected {', '.join(SOURCE_SUFFIXES)})", path)


# -- the batch ----------------------------------------------------------------------------------

#: A batch is planned in a process pool when it holds more than one source and more than this many bytes.
PARALLEL_MIN_BYTES = 1_000_000


@dataclass(frozen=True)
class _Planned:
    """What the batch keeps of a planned source (small, so it comes back cheaply from a worker process)."""

    deck_file: Path
    report: ImportReport
    ids: DeckIds  # the cards' ids, with their lines in the source
    text: str | None  # the deck file's new YAML (None on a dry run)
    name: NameRequest
    named: str  # the name the text gives the deck (the batch may still have to tell it apart)


def _plan_for_batch(path: Path, deck_file: Path, vocab: Any, dry_run: bool) -> _Planned:
    plan = _plan(path, deck_file, vocab=vocab, dry_run=dry_run)
    ids = DeckIds(path, [c.id for c in plan.deck.cards], lines=plan.lines)
    return _Planned(plan.deck_file, plan.report, ids, None if dry_run else dump_deck(plan.deck),
                    plan.name_request(), plan.deck.deck)


_BATCH: tuple[Sequence[Path], Sequence[Path], Any, bool] | None = None  # what forked workers plan from (inherited)


def _plan_in_worker(i: int) -> _Planned:
    assert _BATCH is not None
    sources, deck_files, vocab, dry_run = _BATCH
    return _plan_for_batch(sources[i], deck_files[i], vocab, dry_run)


def _start_worker(parent: int) -> None:
    """Pool worker set-up. Ctrl-C is the parent's business: workers finish their file and exit quietly. A worker
    dies with its parent, even one killed by kill -9 (Linux: PR_SET_PDEATHSIG; elsewhere it ends when the
    parent's pool shuts down)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        prctl = ctypes.CDLL(None).prctl
    except (ImportError, OSError, AttributeError, TypeError):  # not Linux
        return
    prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before that
        os._exit(1)


def _jobs(sizes: Sequence[int], jobs: int | None) -> int:
    """Worker processes for a batch: 1 (in this process) unless it is big and the machine has cores to spare."""
    if jobs is None:
        env = os.environ.get("SRS_IMPORT_JOBS", "").strip()
        jobs = int(env) if env.isdigit() else None
    if jobs is None:
        if len(sizes) < 2 or sum(sizes) <= PARALLEL_MIN_BYTES:
            return 1
        try:
            jobs = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            jobs = os.cpu_count() or 1
    return max(1, min(jobs, len(sizes)))


def _fork_context():
    """The fork start method, or None (plan in this process): on platforms without fork (Windows), and in a
    process running other threads, where forking is unsafe."""
    import multiprocessing
    import threading

    if threading.active_count() > 1:
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _plan_batch(
    sources: Sequence[Path],
    deck_files: Sequence[Path],
    *,
    vocab: Any,
    dry_run: bool,
    jobs: int | None,
    progress: Callable[[int, int], None] | None,
) -> list[_Planned]:
    """Plan every source, in a process pool when worth it. The result (and the error raised, the first in
    source order) is the same as planning one source after the other."""
    sizes = []
    for src in sources:
        try:
            sizes.append(os.path.getsize(src))
        except OSError:
            sizes.append(0)  # planning it reports the problem
    total = sum(sizes)
    n_jobs = _jobs(sizes, jobs)
    ctx = _fork_context() if n_jobs > 1 else None
    if ctx is None:
        out = []
        done = 0
        for src, deck_file, size in zip(sources, deck_files, sizes):
            out.append(_plan_for_batch(src, deck_file, vocab, dry_run))
            done += size
            if progress is not None:
                progress(done, total)
        return out

    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from srs.parser import extract, vocab as vocab_module  # noqa: F401  (loaded once here, inherited by workers)

    if vocab is None:
        vocab = vocab_module.load_vocabulary()
    global _BATCH
    _BATCH = (list(sources), list(deck_files), vocab, dry_run)
    results: list[_Planned | None] = [None] * len(sources)
    errors: dict[int, BaseException] = {}
    ex = ProcessPoolExecutor(max_workers=n_jobs, mp_context=ctx, initializer=_start_worker, initargs=(os.getpid(),))
    try:
        # biggest first, so the last file to finish is a small one
        pending = {ex.submit(_plan_in_worker, i): i for i in sorted(range(len(sources)), key=lambda i: -sizes[i])}
        done_bytes = 0
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                i = pending.pop(fut)
                exc = fut.exception()
                if exc is not None:
                    errors[i] = exc
                else:
                    results[i] = fut.result()
                    done_bytes += sizes[i]
            if errors:
                first = min(errors)
                if all(results[k] is not None for k in range(first)):
                    raise errors[first]  # nothing before it can fail any more: the serial run's error
            elif progress is not None:
                progress(done_bytes, total)
    finally:
        ex.shutdown(wait=True, cancel_futures=True)
        _BATCH = None
    return results  # type: ignore[return-value]


def import_sources(
    paths: Iterable[str | os.PathLike[str]],
    decks_dir: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    vocab: Any = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ImportReport]:
    """Import every source named by ``paths`` (files or folders) into ``decks_dir``.

    All sources are planned first; any error (raised as :class:`DeckFileError`
    naming ``file:line``) aborts the batch before anything is written. Two
    sources that would write the same deck file are an error too.

    A big batch (more than one source, over :data:`PARALLEL_MIN_BYTES`) is planned in a pool of
    ``jobs`` processes (default: one per available core; ``$SRS_IMPORT_JOBS``; 1 = in this
    process), with the same result and the same first error. ``progress(done_bytes, total_bytes)``
    is called as sources are planned.
    """
    decks_dir = Path(decks_dir)
    if not dry_run:
        recover(decks_dir)  # a killed import's decks all old or all new before they are read
    sources = find_sources(paths, decks_dir)
    if not sources:
        raise DeckFileError("no Markdown or YAML sources found", ", ".join(str(p) for p in paths))
    folder = DecksFolder(decks_dir)
    plans = _plan_batch(sources, folder.deck_files(sources), vocab=vocab, dry_run=dry_run, jobs=jobs,
                        progress=progress)
    by_target: dict[Path, Path] = {}
    for plan in plans:
        key = Path(os.path.abspath(plan.deck_file))
        if key in by_target:
            raise DeckFileError(
                f"would write the same deck file {plan.deck_file} as {by_target[key]}; rename one of them",
                plan.report.source,
            )
        by_target[key] = plan.report.source
    check_unique_ids([*_other_decks(decks_dir, by_target), *(plan.ids for plan in plans)])
    # a source without cards gets no deck file if it has none yet (an empty deck file helps nobody)
    empty = {i for i, plan in enumerate(plans) if not plan.ids.ids and not plan.deck_file.exists()}
    names = iter(folder.deck_names([plan.name for i, plan in enumerate(plans) if i not in empty]))
    texts = {}
    reports = []
    for i, plan in enumerate(plans):
        if i in empty:
            reports.append(replace(plan.report, empty=True))
            continue
        name = next(names)
        if plan.text is not None and name != plan.named:  # another deck has the name: tell them apart
            deck = parse_deck_text(plan.text, plan.deck_file)
            plan = replace(plan, text=dump_deck(deck.model_copy(update={"deck": name})))
        if plan.text is not None:
            texts[plan.deck_file.name] = plan.text
        old = folder.headers.get(plan.deck_file.name)
        new_name = name != plan.name.base and (old is None or old.name != name)
        reports.append(replace(plan.report, deck_name=name if new_name else None))
    written = write_files(decks_dir, texts)  # all or nothing
    return [r if r.empty else replace(r, written=r.deck_file.name in written) for r in reports]


def _other_decks(decks_dir: Path, targets: dict[Path, Path]) -> list[DeckIds]:
    """The card ids of the deck files of ``decks_dir`` this batch does not write. One that cannot be read
    is left out: it is not this import's input (list, review and export report it)."""
    out = []
    for path in deck_paths(decks_dir) if decks_dir.is_dir() else []:
        if Path(os.path.abspath(path)) not in targets:
            try:
                out.append(DeckIds(path, [c.id for c in load_deck(path).cards]))
            except DeckFileError:
                continue
    return out


def import_source(
    path: str | os.PathLike[str],
    decks_dir: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    vocab: Any = None,
) -> ImportReport:
    """Import one source file into its deck file in ``decks_dir`` (see :func:`import_sources`)."""
    return import_sources([path], decks_dir, dry_run=dry_run, vocab=vocab)[0]
