"""``srs show``: one card with its text, state and review history."""

from __future__ import annotations

import click
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from srs.cli.options import decks_dir_option


@click.command("show")
@decks_dir_option
@click.argument("card_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--db", metavar="PATH", envvar="SRS_DB", help="Review database [env SRS_DB; default in the user data dir].")
def command(decks_dir: str | None, card_ids: tuple[str, ...], db: str | None) -> None:
    """Print cards with their SM-2 state and review history (ID: a card id or its unique start).

    \b
    Examples:
      srs show 7kq2m4xv9c
      srs show 7kq2                     # the start of an id is enough when no other card shares it
    """
    from srs import clock, console, paths
    from srs.card_refs import resolve
    from srs.card_view import ORIGIN_NOTE, history_rows, load_record, marks, state_line
    from srs.config import load_config
    from srs.control_chars import visible
    from srs.overlay import load_overlay
    from srs.review_app import open_store
    from srs.review_ui import markdown

    config = load_config()
    overlay = load_overlay(paths.resolve_decks_dir(decks_dir))
    store = open_store(decks_dir, db)
    try:
        with store.faults():
            today = clock.study_day(clock.now(), config.day_start_hour)
            records = [load_record(store, overlay, card) for card in resolve(store, list(card_ids))]
    finally:
        store.close()
    out = console.stdout
    for n, rec in enumerate(records):
        c = rec.card
        if n:
            out.print()
        out.print(Rule(Text(c.id, style="bold"), align="left"))
        out.print(Text(visible(" · ".join(p for p in (c.deck, c.level or "no level", c.domain, c.difficulty) if p)), style="bold"))
        if c.topic:
            out.print(Text(visible(c.topic), style="dim"))
        for mark in marks(rec):
            out.print(Text(mark, style="yellow"))
        out.print(Text("question" + (f" ({ORIGIN_NOTE[rec.text.question_from]})" if rec.text.question_from != "source" else ""),
                       style="dim"))
        out.print(markdown(rec.text.question))
        note = f" ({ORIGIN_NOTE[rec.text.answer_from]})" if rec.text.answer_from != "source" else ""
        out.print(Text("answer" + note, style="dim"))
        out.print(markdown(rec.text.answer) if rec.text.has_answer
                  else Text(f"none in the source: srs edit {c.id} writes yours", style="italic yellow"))
        out.print(Text("state: " + state_line(rec, today, config.day_start_hour)), soft_wrap=True)
        rows = history_rows(rec)
        if not rows:
            out.print(Text("history: no reviews yet"))
            continue
        table = Table(title=f"history: {len(rows)} rows", title_justify="left")
        for name in ("day", "kind", "grade", "interval", "due"):
            table.add_column(name, no_wrap=True)
        for row in rows:
            table.add_row(*row)
        out.print(table)
