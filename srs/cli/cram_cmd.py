"""``srs cram``: drill a filtered set of cards without touching their SM-2 schedule."""

from __future__ import annotations

import click

from srs.cli.options import decks_dir_option, filter_options
from srs.cli.review_cmd import run_session
from srs.filters import CardFilter


@click.command("cram")
@decks_dir_option
@filter_options
@click.option("--db", metavar="PATH", envvar="SRS_DB", help="Review database [env SRS_DB; default in the user data dir].")
@click.option("--order", type=click.Choice(["random", "source", "weakest"]), default="random", show_default=True,
              help="Card order: random, source order, or weakest first (most lapses, lowest E-Factor; never reviewed last).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N cards.")
def command(decks_dir: str | None, card_filter: CardFilter, db: str | None, order: str, limit: int | None) -> None:
    """Drill the selected cards now, new, due or not, without changing their schedule.

    Each grade is logged as a cram review: no card's interval, E-Factor, due day or daily
    limit changes, and stats keep cram reviews apart. Cards graded below 4 come back at the
    end of the cram. Suspended cards are left out. The keys are those of srs review; s skips
    a card for this cram only.

    \b
    Examples:
      srs cram --domain system-design            # the night before: the whole domain, shuffled
      srs cram --level senior --order weakest --limit 30
      printf '5\\n3\\n' | srs cram --deck "Senior Level Interview Preparation (5-8 years)"
    """
    from srs.review_app import open_cram

    run_session(open_cram(decks_dir, db, card_filter, order=order, limit=limit), card_filter)  # type: ignore[arg-type]
