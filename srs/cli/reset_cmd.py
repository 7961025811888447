"""``srs reset``: make cards new again; their review history stays in the log."""

from __future__ import annotations

import click

from srs.cli.options import decks_dir_option


@click.command("reset")
@decks_dir_option
@click.argument("card_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--db", metavar="PATH", envvar="SRS_DB", help="Review database [env SRS_DB; default in the user data dir].")
def command(decks_dir: str | None, card_ids: tuple[str, ...], db: str | None) -> None:
    """Make cards new again: SM-2 starts over (EF 2.5, no interval). The review log keeps every
    grade, and the reset itself is recorded with the state the card had (srs show lists it).

    \b
    Examples:
      srs reset 7kq2m4xv9c
    """
    from srs import clock
    from srs.card_refs import resolve
    from srs.config import load_config
    from srs.review_app import open_store

    config = load_config()
    store = open_store(decks_dir, db)
    try:
        with store.faults():
            now = clock.now()
            today = clock.study_day(now, config.day_start_hour)
            for card in resolve(store, list(card_ids)):
                before = store.reset(card.id, now, today)
                click.echo(f"{card.id}: already new" if before is None else
                           f"{card.id}: new again (was reps {before.sm2.reps}, EF {before.sm2.ef / 100:.2f},"
                           f" interval {before.sm2.interval}d, due {before.due.isoformat()}); its history is kept")
    finally:
        store.close()
