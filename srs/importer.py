"""``srs import``: source documents → deck files, keeping card ids across re-imports.

Sources are Markdown guides (``.md``, ``.markdown``; parsed by
:func:`srs.parser.parse_markdown`) and hand-written YAML decks (``.yaml``,
``.yml``). Each source becomes one deck file ``<slug of the source stem>.yaml``
in the decks folder. When that deck file already exists, its cards' ids are
carried over to the new cards by :func:`srs.identity.assign_ids`.

A batch is all or nothing: every source is read, parsed and validated before
any deck file is written, so one bad source leaves every deck untouched.
Writes go through :func:`srs.deck.save_deck` (atomic, and skipped when the text
is unchanged, so re-importing unchanged input leaves the files byte-identical).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Sequence

import yaml
from pydantic import ValidationError

from srs.card import Card, Source
from srs.deck import Deck, dump_deck, load_deck, parse_deck_text, write_deck_text
from srs.deck_writer import emit
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


def slugify(text: str) -> str:
    """A file-name slug: ASCII lowercase letters, digits and single dashes (``deck`` if empty)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "deck"


def deck_file_for(source: Path, decks_dir: Path) -> Path:
    """The deck file a source is imported into: ``<decks_dir>/<slug of its stem>.yaml``."""
    return Path(decks_dir) / f"{slugify(Path(source).stem)}.yaml"


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
    itself (its top level: those are outputs, not sources). A file named
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
            for root, dirs, files in os.walk(path):
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


# -- reading sources ----------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DeckFileError(f"not UTF-8 text ({exc.reason})", path) from None
    except OSError as exc:
        raise DeckFileError(f"cannot read: {exc.strerror}", path) from None


def _load_old_deck(deck_file: Path, source: Path) -> Deck | None:
    """The deck already on disk for this source (None if none, or if it is the source itself)."""
    if not deck_file.exists() or _same_file(deck_file, source):
        return None
    return load_deck(deck_file)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


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

    doc = parse_markdown(_read_text(path), vocab=vocab)
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
    deck = Deck(
        deck=(doc.title or "").strip() or path.stem,
        description=f"Generated by `srs import` from {rel}",
        source=rel,
        cards=cards,
    )
    return PlannedDeck(path, deck_file, deck, report, status, doc)


def _yaml_card_nodes(text: str) -> list[yaml.MappingNode | None]:
    """The YAML node of each entry of ``cards`` (already known to be valid YAML)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "cards" and isinstance(value, yaml.SequenceNode):
                return [n if isinstance(n, yaml.MappingNode) else None for n in value.value]
    return []


def _node_key_line(node: yaml.MappingNode | None, key: str) -> tuple[bool, int | None]:
    if node is None:
        return False, None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return True, v.start_mark.line + 1
    return False, node.start_mark.line + 1


def _rebase(file: str, source: Path, deck_file: Path) -> str:
    """A path written relative to ``source``'s folder, made relative to the deck file's folder."""
    if os.path.isabs(file) or _same_file(source, deck_file):
        return file
    return relative_source(source.parent / file, deck_file)


def _plan_yaml(path: Path, deck_file: Path, *, dry_run: bool) -> PlannedDeck:
    text = _read_text(path)
    parsed = parse_deck_text(text, path, require_ids=False)
    nodes = _yaml_card_nodes(text)
    is_self = _same_file(path, deck_file)
    rel = relative_source(path, deck_file)

    preset: list[str | None] = []
    lines: list[int | None] = []
    seen_ids: dict[str, int | None] = {}
    for i, card in enumerate(parsed.cards):
        node = nodes[i] if i < len(nodes) else None
        has_id, id_line = _node_key_line(node, "id")
        _, q_line = _node_key_line(node, "question")
        lines.append(q_line)
        if has_id:
            if card.id in seen_ids:
                raise DeckFileError(f"duplicate card id {card.id!r} (first at line {seen_ids[card.id]})", path, id_line)
            seen_ids[card.id] = id_line
            preset.append(card.id)
        else:
            preset.append(None)

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
    return PlannedDeck(path, deck_file, deck, report, status)


def plan_source(path: str | os.PathLike[str], decks_dir: str | os.PathLike[str], *, vocab: Any = None,
                dry_run: bool = True) -> PlannedDeck:
    """Read one source and merge it with its existing deck file, writing nothing."""
    path = Path(path)
    deck_file = deck_file_for(path, Path(decks_dir))
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
    has_cards: bool
    text: str | None  # the deck file's new YAML (None on a dry run)
    deck_name: str = ""
    named_by_title: bool = False  # the name comes from a Markdown title (not chosen by hand in YAML)


def _plan_for_batch(path: Path, decks_dir: Path, vocab: Any, dry_run: bool) -> _Planned:
    plan = plan_source(path, decks_dir, vocab=vocab, dry_run=dry_run)
    return _Planned(plan.deck_file, plan.report, bool(plan.deck.cards), None if dry_run else dump_deck(plan.deck),
                    plan.deck.deck, path.suffix.lower() in MARKDOWN_SUFFIXES)


_BATCH: tuple[Sequence[Path], Path, Any, bool] | None = None  # what forked workers plan from (inherited)


def _plan_in_worker(i: int) -> _Planned:
    assert _BATCH is not None
    sources, decks_dir, vocab, dry_run = _BATCH
    return _plan_for_batch(sources[i], decks_dir, vocab, dry_run)


def _ignore_sigint() -> None:  # Ctrl-C is the parent's business: workers finish their file and exit quietly
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
    decks_dir: Path,
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
        for src, size in zip(sources, sizes):
            out.append(_plan_for_batch(src, decks_dir, vocab, dry_run))
            done += size
            if progress is not None:
                progress(done, total)
        return out

    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from srs.parser import extract, vocab as vocab_module  # noqa: F401  (loaded once here, inherited by workers)

    if vocab is None:
        vocab = vocab_module.load_vocabulary()
    global _BATCH
    _BATCH = (list(sources), decks_dir, vocab, dry_run)
    results: list[_Planned | None] = [None] * len(sources)
    errors: dict[int, BaseException] = {}
    ex = ProcessPoolExecutor(max_workers=n_jobs, mp_context=ctx, initializer=_ignore_sigint)
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
    sources = find_sources(paths, decks_dir)
    if not sources:
        raise DeckFileError("no Markdown or YAML sources found", ", ".join(str(p) for p in paths))
    plans = _plan_batch(sources, decks_dir, vocab=vocab, dry_run=dry_run, jobs=jobs, progress=progress)
    by_target: dict[Path, Path] = {}
    for plan in plans:
        key = Path(os.path.abspath(plan.deck_file))
        if key in by_target:
            raise DeckFileError(
                f"would write the same deck file {plan.deck_file} as {by_target[key]}; rename one of them",
                plan.report.source,
            )
        by_target[key] = plan.report.source
    plans = _distinct_deck_names(plans, decks_dir)
    reports = []
    for plan in plans:
        if not plan.has_cards and not plan.deck_file.exists():
            reports.append(replace(plan.report, empty=True))  # an empty deck file helps nobody
            continue
        written = False if dry_run else write_deck_text(plan.text or "", plan.deck_file)
        reports.append(replace(plan.report, written=written))
    return reports


def _distinct_deck_names(plans: list[_Planned], decks_dir: Path) -> list[_Planned]:
    """Two decks never share a name (Anki would merge them): a deck named by its Markdown title that
    another deck already has ("Interview Questions") takes its source's name too
    ("Interview Questions (ml-notes)"). Decks already in the folder keep theirs; in a batch the
    first source in order keeps the plain name."""
    targets = {Path(os.path.abspath(p.deck_file)) for p in plans}
    taken: set[str] = set()
    if decks_dir.is_dir():
        for f in sorted(decks_dir.glob("*.y*ml")):
            if Path(os.path.abspath(f)) not in targets:
                name = _deck_name_of(f)
                if name:
                    taken.add(name.casefold())
    out = []
    for plan in plans:
        name = plan.deck_name
        if plan.named_by_title and name and name.casefold() in taken and plan.has_cards:
            stem = plan.report.source.stem
            candidates = [f"{name} ({stem})", f"{name} ({plan.report.source.parent.name}/{stem})"]
            candidates += [f"{name} ({stem} {n})" for n in range(2, 100)]
            new = next(c for c in candidates if c.casefold() not in taken)
            text = plan.text
            if text is not None and text.startswith("deck: "):
                lines = text.split("\n")
                j = 1
                while j < len(lines) and lines[j].startswith((" ", "\t")):
                    j += 1  # a long name continued on the next lines
                text = emit({"deck": new}) + "\n".join(lines[j:])
            plan = replace(plan, deck_name=new, text=text)
            name = new
        if name:
            taken.add(name.casefold())
        out.append(plan)
    return out


def _deck_name_of(deck_file: Path) -> str | None:
    """The ``deck:`` name of a deck file (its first line), without reading the whole file."""
    try:
        with open(deck_file, encoding="utf-8") as fh:
            first = fh.readline()
        data = yaml.safe_load(first) if first.startswith("deck:") else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return str(data["deck"]) if isinstance(data, dict) and data.get("deck") is not None else None


def import_source(
    path: str | os.PathLike[str],
    decks_dir: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    vocab: Any = None,
) -> ImportReport:
    """Import one source file into its deck file in ``decks_dir`` (see :func:`import_sources`)."""
    return import_sources([path], decks_dir, dry_run=dry_run, vocab=vocab)[0]
