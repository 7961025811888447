"""``srs stats``: progress drawn in the terminal, or as JSON (the work is in srs.stats)."""

from __future__ import annotations

import json

import click

from srs.cli.options import check_decks, decks_dir_option, filter_options
from srs.filters import CardFilter


@click.command("stats")
@decks_dir_option
@filter_options
@click.option("--db", metavar="PATH", envvar="SRS_DB", help="Review database [env SRS_DB; default in the user data dir].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: drawn for the terminal; json: the same numbers for scripts.")
def command(decks_dir: str | None, card_filter: CardFilter, db: str | None, fmt: str) -> None:
    """Progress: cards by state, reviews per day over the last year with the streak, the due forecast,
    retention per domain and level, time spent, cram grades, the hardest cards.

    \b
    Cards: new (never graded, or reset) · learning (not recalled since first seen or forgotten)
           young (interval under 21 days) · mature (21 days or more) · suspended (srs suspend; not due)
    Retention: the share of scheduled reviews graded 3 or more, over the last 7 and 30 days.
    Cram: srs cram grades, apart: in no state, retention or forecast figure; they count as
          study days for the streak, and their time is shown as a part of the time per day.

    \b
    Examples:
      srs stats
      srs stats --domain system-design --level senior
      srs stats --deck "Senior Level Interview Preparation (5-8 years)"
      srs stats --format json | jq .retention
    """
    from srs import clock, console, paths
    from srs.config import load_config
    from srs.control_chars import escape_json_controls
    from srs.overlay import load_overlay
    from srs.review_app import open_store
    from srs.stats.report import as_json, build_report

    day_start = load_config().day_start_hour
    today = clock.study_day(clock.now(), day_start)  # a bad SRS_NOW: refused before the database is opened
    overlay = load_overlay(paths.resolve_decks_dir(decks_dir))
    store = open_store(decks_dir, db)
    try:
        with store.faults():
            if card_filter.decks:
                check_decks(card_filter, store.deck_kinds())
            report = build_report(store.conn, card_filter, today, overlay)
    finally:
        store.close()
    if fmt == "json":
        click.echo(escape_json_controls(json.dumps(as_json(report), ensure_ascii=False, indent=2)))
        return
    from srs.stats.draw import draw

    from rich.text import Text

    console.stdout.print(Text("\n").join(draw(report, console.stdout.width)), no_wrap=True, overflow="ellipsis", crop=True)
