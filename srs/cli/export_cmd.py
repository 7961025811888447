"""``srs export``: write Anki packages (``.apkg``) of the selected cards."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from srs import console
from srs.control_chars import visible
from srs.cli.options import check_decks, decks_dir_option, filter_options
from srs.errors import SrsError
from srs.export.run import SPLIT_KEYS, export_cards, load_for_export
from srs.filters import CardFilter, select
from srs.paths import resolve_decks_dir

PROGRESS_FROM = 2000  # cards; smaller exports finish before a bar would be worth drawing


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


@click.command("export")
@decks_dir_option
@filter_options
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Package file to write (with --split-by: FILE-<group>.apkg). Default: exports/<deck or srs>.apkg.")
@click.option("--split-by", type=click.Choice(SPLIT_KEYS), help="One package per level, domain or deck.")
def command(decks_dir: str | None, card_filter: CardFilter, out: Path | None, split_by: str | None) -> None:
    """Export cards as Anki packages that re-import as updates, never duplicates.

    \b
    Examples:
      srs export                              # everything → exports/srs.apkg
      srs export --level senior -o senior.apkg
      srs export --domain system-design --split-by level
    """
    all_items, descriptions = load_for_export(resolve_decks_dir(decks_dir))
    check_decks(card_filter, ((it.deck, it.card.level, it.card.domain) for it in all_items))
    items = select(all_items, card_filter)
    if not items:
        raise SrsError(f"no cards match ({card_filter.describe()}); nothing exported")
    kwargs = dict(out=out, exports_dir=Path("exports"), split_by=split_by, descriptions=descriptions,
                  warn=lambda problem: click.echo(visible(f"srs: warning: {problem}"), err=True))
    if len(items) >= PROGRESS_FROM and console.stderr.is_terminal:
        # No auto-refresh thread: rendering may fork worker processes, and forking a process that runs
        # other threads is unsafe. The bar is redrawn as progress is reported instead.
        with Progress(TextColumn("rendering cards"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console.stderr, transient=True, auto_refresh=False) as bar:
            task = bar.add_task("render", total=len(items))

            def advance(n: int) -> None:
                bar.advance(task, n)
                if time.monotonic() - shown[0] >= 0.1 or bar.finished:
                    shown[0] = time.monotonic()
                    bar.refresh()

            shown = [0.0]
            written = export_cards(items, progress=advance, **kwargs)
    else:
        written = export_cards(items, **kwargs)
    for pkg in written:
        noun = "card" if pkg.cards == 1 else "cards"
        console.stdout.print(f"wrote {pkg.path}  {pkg.cards} {noun}  {_size(pkg.size)}")
