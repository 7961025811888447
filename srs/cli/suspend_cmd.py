"""``srs suspend`` / ``srs unsuspend``: take cards out of every queue, or put them back."""

from __future__ import annotations

import click

from srs.cli.options import decks_dir_option

_DB = click.option("--db", metavar="PATH", envvar="SRS_DB", help="Review database [env SRS_DB; default in the user data dir].")


def _apply(decks_dir: str | None, db: str | None, card_ids: tuple[str, ...], suspend: bool) -> None:
    from srs import clock
    from srs.card_refs import resolve
    from srs.review_app import open_store

    store = open_store(decks_dir, db)
    try:
        with store.faults():
            ids = [c.id for c in resolve(store, list(card_ids))]
            changed = set(store.suspend(ids, clock.now()) if suspend else store.unsuspend(ids))
    finally:
        store.close()
    for card_id in ids:
        if suspend:
            click.echo(f"{card_id}: suspended" if card_id in changed else f"{card_id}: already suspended")
        else:
            click.echo(f"{card_id}: back in the queues" if card_id in changed else f"{card_id}: was not suspended")


@click.command("suspend")
@decks_dir_option
@click.argument("card_ids", nargs=-1, required=True, metavar="ID...")
@_DB
def command(decks_dir: str | None, card_ids: tuple[str, ...], db: str | None) -> None:
    """Suspend cards: out of srs review, --ahead and cram until unsuspended; their schedule is kept.

    \b
    Examples:
      srs suspend 7kq2m4xv9c k2m4xv9c7q
      srs list --suspended               # which cards are suspended
    """
    _apply(decks_dir, db, card_ids, True)


@click.command("unsuspend")
@decks_dir_option
@click.argument("card_ids", nargs=-1, required=True, metavar="ID...")
@_DB
def unsuspend(decks_dir: str | None, card_ids: tuple[str, ...], db: str | None) -> None:
    """Put suspended cards back in the queues, with the schedule they had (due now if it has passed).

    \b
    Examples:
      srs unsuspend 7kq2m4xv9c
    """
    _apply(decks_dir, db, card_ids, False)
