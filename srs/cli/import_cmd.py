"""``srs import``: turn Markdown guides and hand-written YAML decks into deck files (thin layer over srs.importer)."""

from __future__ import annotations

from pathlib import Path

import click

from srs.control_chars import visible
from srs.errors import SrsError
from srs.importer import PlannedDeck, import_sources, plan_source


def _decks_dir(option: str | None) -> Path:
    """``--decks-dir`` / ``$SRS_DECKS``, else ``./decks`` (created on write; never the bundled decks)."""
    return Path(option) if option else Path("decks")


def _vocabulary(files: tuple[str, ...]):
    try:
        from srs.parser.vocab import load_vocabulary
    except ImportError:
        if files:
            raise SrsError("--vocab is not supported yet: the parser's vocabulary loader is missing") from None
        return None
    return load_vocabulary(files)


#: Imports of fewer bytes than this finish too quickly to need a progress bar.
PROGRESS_MIN_BYTES = 2_000_000


def _progress_bar():
    """``(update(done_bytes, total_bytes), stop())``: a transient bar on stderr for big imports, shown only when
    stderr is a terminal (nothing is printed into pipes or logs)."""
    import sys

    state: dict = {}

    def update(done: int, total: int) -> None:
        if total < PROGRESS_MIN_BYTES:
            return
        if "bar" not in state:
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

            from srs.console import stderr

            bar = Progress(TextColumn("importing"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                           console=stderr, transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("import", total=total)
        state["bar"].update(state["task"], completed=done)

    def stop() -> None:
        if "bar" in state:
            state["bar"].stop()

    if not sys.stderr.isatty():
        return None, stop
    return update, stop


def _echo(line: str) -> None:
    """One line of output: file names and card text come from the sources, their control characters
    are shown as symbols."""
    click.echo(visible(line))


def _first_line(text: str, width: int = 72) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


@click.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=str))
@click.option("--decks-dir", type=click.Path(file_okay=False, path_type=str), envvar="SRS_DECKS",
              help="Folder the deck files are written to [env SRS_DECKS; default ./decks, created if missing].")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--explain", "explain", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=str),
              help="Show line by line which lines of FILE become which card and which question-looking "
                   "lines are skipped and why; write nothing.")
@click.option("--vocab", "vocab_files", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=str), envvar="SRS_VOCAB",
              help="Extra vocabulary YAML (level aliases, difficulty markers, domain keywords) added to the "
                   "built-in one (repeatable) [env SRS_VOCAB, paths separated by ':'].")
def command(paths: tuple[str, ...], decks_dir: str | None, dry_run: bool, explain: str | None,
            vocab_files: tuple[str, ...]) -> None:
    """Import Markdown guides and YAML decks (files or folders) into deck files.

    Each source becomes DECKS_DIR/<source name>.yaml (<folder>-<source name>.yaml
    when another source's deck has that file). Re-importing keeps each
    card's id (and so its review history and Anki note) through typo fixes,
    rewordings, rewritten answers, inserted or deleted questions and moved
    sections. If any source fails, or a deck file cannot be written (a full
    disk, a read-only folder), no deck file changes.

    \b
    Examples:
      srs import notes/ml-guide.md              # -> decks/ml-guide.yaml
      srs import notes/ --decks-dir my-decks    # every .md/.markdown/.yaml/.yml below notes/
      srs import notes/ml-guide.md --dry-run    # counts only, nothing written
      srs import --explain notes/ml-guide.md    # which lines became cards, which were skipped
      srs import notes/ --vocab my-vocab.yaml   # extra level/difficulty/domain words
    """
    target = _decks_dir(decks_dir)
    vocab = _vocabulary(vocab_files)
    if explain:
        if paths:
            raise click.UsageError("--explain FILE takes no other PATH")
        _explain(plan_source(explain, target, vocab=vocab, dry_run=True))
        return
    if not paths:
        raise click.UsageError("give at least one PATH (a file or folder), or --explain FILE")
    progress, stop_progress = _progress_bar()
    try:
        reports = import_sources(paths, target, dry_run=dry_run, vocab=vocab, progress=progress)
    finally:
        stop_progress()
    for r in reports:
        if r.empty:
            _echo(f"{r.source}: no questions found, no deck written (srs import --explain {r.source} shows why)")
            continue
        if r.dry_run:
            note = " (dry run: nothing written)"
        elif not r.written:
            note = " (file unchanged)"
        else:
            note = ""
        _echo(f"{r.source} -> {r.deck_file}: {r.added} added, {r.updated} updated, "
                   f"{r.unchanged} unchanged, {r.removed} removed{note}")
        if r.deck_name:
            _echo(f'  deck named "{r.deck_name}": another deck has its title')
        for card in r.removed_cards:
            _echo(f"  removed {card.id}  {_first_line(card.question)}")
    if len(reports) > 1:
        totals = [sum(getattr(r, k) for r in reports) for k in ("added", "updated", "unchanged", "removed")]
        _echo(f"{len(reports)} sources: {totals[0]} added, {totals[1]} updated, "
                   f"{totals[2]} unchanged, {totals[3]} removed")
    if all(r.empty for r in reports):
        raise SrsError("no questions found in " + ", ".join(str(r.source) for r in reports))


def _explain(plan: PlannedDeck) -> None:
    """Print the parser's decisions, each card line with the id it gets (nothing is written)."""
    from srs.console import count  # rich is loaded only when needed

    _echo(f"{plan.source} -> {plan.deck_file} ({count(len(plan.deck.cards), 'card')}; nothing written)")
    by_line: dict[int, list[tuple[str, str]]] = {}
    for card, status in zip(plan.deck.cards, plan.status):
        if card.source is not None:
            by_line.setdefault(card.source.line, []).append((card.id, status))
    rows: list[tuple[int, int, str]] = []
    decisions = plan.document.decisions if plan.document is not None else []
    for n, d in enumerate(decisions):
        text = _first_line(d.text, 60)
        if d.kind == "card" and by_line.get(d.line):
            card_id, status = by_line[d.line].pop(0)
            label = f"card {card_id} ({status})"
        else:
            label = d.kind
        reason = f"  [{d.reason}]" if d.reason else ""
        rows.append((d.line, n, f"{d.line:>6}  {label:<28} {text}{reason}"))
    for line, cards in by_line.items():  # cards no decision mentions (YAML sources)
        for card_id, status in cards:
            card = next(c for c in plan.deck.cards if c.id == card_id)
            rows.append((line, len(rows), f"{line:>6}  {f'card {card_id} ({status})':<28} {_first_line(card.question, 60)}"))
    for *_, text in sorted(rows):
        _echo(text)
    for card in plan.report.removed_cards:
        _echo(f"{'-':>6}  {f'removed {card.id}':<28} {_first_line(card.question, 60)}")

