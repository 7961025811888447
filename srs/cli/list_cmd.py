"""``srs list``: show cards as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from srs import console
from srs.catalog import load_cards, with_overlay
from srs.control_chars import escape_json_controls, visible
from srs.cli.options import check_decks, decks_dir_option, filter_options
from srs.filters import CardFilter, select
from srs.paths import resolve_decks_dir


def card_record(deck: str, card) -> dict:
    """The JSON shape of a card (``srs list --format json``)."""
    return {
        "id": card.id,
        "deck": deck,
        "question": card.question,
        "answer": card.answer,
        "level": card.level,
        "difficulty": card.difficulty,
        "domain": card.domain,
        "topic": card.topic,
        "tags": list(card.tags),
        "source_file": card.source.file if card.source else None,
        "source_line": card.source.line if card.source else None,
    }


def _first_line(text: str, width: int = 70) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


@click.command("list")
@decks_dir_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--db", metavar="PATH", envvar="SRS_DB",
              help="Review database for the state in --format json, --flagged and --suspended [env SRS_DB].")
@click.option("--no-answer", is_flag=True, help="Only cards without an answer (neither the source's nor yours).")
@click.option("--flagged", is_flag=True, help="Only cards flagged in srs review (key f).")
@click.option("--suspended", is_flag=True, help="Only suspended cards.")
def command(decks_dir: str | None, card_filter: CardFilter, fmt: str, db: str | None, no_answer: bool, flagged: bool,
            suspended: bool) -> None:
    """List cards, with filters. Questions and answers are shown with your srs edit text.

    \b
    Examples:
      srs list --level senior
      srs list --domain system-design --domain mlops --format json
      srs list --search "attention transformer"
      srs list --no-answer --domain system-design   # then: srs edit --no-answer --domain system-design
      srs list --flagged
    """
    from srs.overlay import load_overlay

    decks = resolve_decks_dir(decks_dir)
    overlay = load_overlay(decks)
    all_items = with_overlay(load_cards(decks), overlay)
    check_decks(card_filter, ((it.deck, it.card.level, it.card.domain) for it in all_items))
    items = select(all_items, card_filter)
    if no_answer:
        items = [it for it in items if not it.card.has_answer]
    marks = _marks(db) if flagged or suspended or fmt == "json" else None
    if flagged or suspended:
        assert marks is not None
        items = [it for it in items if (not suspended or it.card.id in marks[0]) and (not flagged or it.card.id in marks[1])]
    records = [card_record(it.deck, it.card) for it in items]
    if marks is not None and fmt == "json":
        for it, r in zip(items, records):
            r.update(answer_from=overlay.text(it.card).answer_from, suspended=it.card.id in marks[0],
                     flagged=it.card.id in marks[1])
    extend = _state_extender(db) if fmt == "json" else None
    if extend is not None:
        extend(records)
    if fmt == "json":
        click.echo(escape_json_controls(json.dumps(records, ensure_ascii=False, indent=2)))
        return
    table = Table(title=f"{console.count(len(records), 'card')} ({card_filter.describe()})", title_justify="left")
    table.add_column("id", no_wrap=True, min_width=10)
    table.add_column("level", no_wrap=True, min_width=6)
    table.add_column("diff", no_wrap=True, min_width=6)
    table.add_column("domain", no_wrap=True, min_width=10, max_width=16, overflow="ellipsis")
    table.add_column("question", ratio=1, min_width=24, overflow="fold")
    wide = console.stdout.width >= 110  # narrow terminals: the question matters more than the source
    if wide:
        table.add_column("source", no_wrap=True, max_width=34, overflow="ellipsis")
    for r in records:
        row = [r["id"], r["level"] or "-", r["difficulty"] or "-", r["domain"] or "-", _first_line(r["question"])]
        if wide:
            row.append(f"{Path(r['source_file']).name}:{r['source_line']}" if r["source_file"] else "")
        table.add_row(*(Text(visible(cell)) for cell in row))  # card text: no markup, no control characters
    console.stdout.print(table)


def _marks(db: str | None) -> tuple[set[str], set[str]]:
    """(suspended ids, flagged ids), read-only from the review database."""
    from srs.paths import default_db_path
    from srs.store import read_marks

    return read_marks(default_db_path(db))


def _state_extender(db: str | None = None):
    """Adds each card's review state (``reps, ef, interval, due, lapses, last_review``; null
    for new cards), read-only from the review database; a missing database means all new."""
    from srs.paths import default_db_path
    from srs.store import NULL_STATE_RECORD, read_states

    def extend(records: list[dict]) -> None:
        states = read_states(default_db_path(db), [r["id"] for r in records])
        for r in records:
            st = states.get(r["id"])
            r.update(st.as_record() if st else NULL_STATE_RECORD)

    return extend
