"""``srs review``: today's SM-2 session in the terminal (the work is in srs.session / srs.review_ui)."""

from __future__ import annotations

import sys

import click

from srs.cli.options import check_decks, decks_dir_option, filter_options
from srs.filters import CardFilter


@click.command("review")
@decks_dir_option
@filter_options
@click.option("--db", metavar="PATH", envvar="SRS_DB", help="Review database [env SRS_DB; default in the user data dir].")
@click.option("--new", "new_per_day", type=int, metavar="N", help="New cards per study day [config new_per_day; default 20].")
@click.option("--limit", "reviews_per_day", type=int, metavar="N", help="Due cards per study day [config reviews_per_day; default 200].")
@click.option("--shuffle", is_flag=True, help="New cards in random order instead of source order.")
@click.option("--ahead", is_flag=True,
              help="When today's cards are done, study cards not due yet, soonest first (real SM-2 reviews; at most --limit).")
def command(decks_dir: str | None, card_filter: CardFilter, db: str | None, new_per_day: int | None,
            reviews_per_day: int | None, shuffle: bool, ahead: bool) -> None:
    """Review today's cards with SM-2: due first (most overdue first), then new ones.

    \b
    Keys: space/enter show answer · 0-5 grade · u undo · s skip until tomorrow · q quit
          f flag (srs list --flagged) · ! suspend (srs unsuspend ID)
          m/↓ more, b/↑ back (long cards; space pages once the answer shows) · p whole card in $PAGER
    Grades: 0 blackout · 1 wrong · 2 almost · 3 hard · 4 hesitant · 5 perfect (>= 3 is correct)
    Header "left today: new N · due N · again N": new cards still allowed today, due reviews,
    and cards graded below 4 today that come back (SM-2 step 7).
    Every grade is saved at once. Without a terminal, reads one grade per line:
      printf '5\\n3\\n' | srs review

    \b
    Examples:
      srs review
      srs review --level senior --domain system-design --new 10
      srs review --ahead --domain system-design   # today's done: study what is due next
      SRS_NOW=2025-03-02T09:00 srs review     # rehearse another day's queue
    """
    from srs.review_app import open_session

    session = open_session(decks_dir, db, card_filter, new_per_day=new_per_day, reviews_per_day=reviews_per_day,
                           shuffle=shuffle, ahead=ahead)
    run_session(session, card_filter)


def run_session(session, card_filter: CardFilter) -> None:
    """Drive a session on the terminal (or line by line from a pipe), then close its database."""
    from srs import console, review_ui

    try:
        with session.store.faults(session.saved_note):  # a full disk mid-session: one line, the grades kept
            if card_filter.decks:
                check_decks(card_filter, session.store.deck_kinds())
            if sys.stdin.isatty() and sys.stdout.isatty():
                review_ui.run_terminal(session, console.stdout)
            else:
                review_ui.run_plain(session, sys.stdin, click.echo)
    finally:
        session.store.close()
