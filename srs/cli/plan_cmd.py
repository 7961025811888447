"""``srs plan``: set the interview date, and see whether the selected cards fit before it."""

from __future__ import annotations

from datetime import date, datetime

import click
from rich.table import Table
from rich.text import Text

from srs.cli.options import check_decks, decks_dir_option, filter_options
from srs.errors import SettingError
from srs.filters import CardFilter


def _date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2026-12-15") from None


@click.command("plan")
@decks_dir_option
@filter_options
@click.option("--date", "when", metavar="YYYY-MM-DD", callback=_date,
              help="The interview day; kept in config.toml ([plan] date) until changed.")
@click.option("--clear", is_flag=True, help="Remove the date: srs review schedules by SM-2 alone again.")
@click.option("--all-domains", is_flag=True, help="List every domain, not only the 5 least practised.")
@click.option("--db", metavar="PATH", envvar="SRS_DB", help="Review database [env SRS_DB; default in the user data dir].")
def command(decks_dir: str | None, card_filter: CardFilter, when: date | None, clear: bool, all_domains: bool,
            db: str | None) -> None:
    """Study toward a date: how srs review paces new cards and caps intervals to reach it.

    With a date set, srs review lets in new cards at the pace that starts every selected
    card new_cards_by days (7) before the date, instead of new_per_day, and caps intervals
    so every card is reviewed once more in the final_days (3) before it. The report says
    whether the selected cards fit and which domains will be least practised.

    \b
    Examples:
      srs plan --date 2026-12-15                     # set the date, report on every card
      srs plan --domain system-design --level senior # the report for a part of the decks
      srs plan --clear                               # back to plain SM-2
    """
    from srs import clock
    from srs.config import config_path, load_config, save_plan_date
    from srs.review_app import date_plan

    if when is not None and clear:
        raise click.UsageError("give --date or --clear, not both")
    config = load_config()
    today = clock.study_day(clock.now(), config.day_start_hour)
    if clear:
        path = save_plan_date(None)
        click.echo(f"No date set ({path}): srs review schedules by SM-2 alone.")
        return
    if when is not None:
        if when <= today:
            raise SettingError(f"--date {when.isoformat()} is not after today (study day {today.isoformat()})")
        save_plan_date(when)
        config = load_config()
    plan = date_plan(config)
    if plan is None:
        click.echo(f"No date set: srs plan --date YYYY-MM-DD sets one (kept in {config_path()}).")
        return
    if not plan.active(today):
        click.echo(f"The date {plan.date.isoformat()} has passed: srs review schedules by SM-2 alone."
                             " srs plan --date sets a new one, srs plan --clear removes it.")
        return
    report = _report(decks_dir, db, card_filter, plan, today, config)
    _print(report, card_filter, all_domains)


def _report(decks_dir, db, card_filter, plan, today, config):
    from srs import clock, paths
    from srs.overlay import load_overlay
    from srs.plan_report import PlannedCard, build_report
    from srs.queue import Selection
    from srs.review_app import open_store

    store = open_store(decks_dir, db)
    try:
        with store.faults():
            if card_filter.decks:
                check_decks(card_filter, store.deck_kinds())
            selection = Selection(card_filter, load_overlay(paths.resolve_decks_dir(decks_dir)))
            rows = list(selection.pick(store.iter_present()))
            new_order = {c.id: n for n, c in enumerate(selection.pick(store.iter_new(None)))}
            states, counts = store.states([c.id for c in rows]), store.review_counts()
    finally:
        store.close()

    def planned(card) -> PlannedCard:
        st = states.get(card.id)
        if st is None:
            return PlannedCard(card.id, card.domain)
        last = clock.study_day(datetime.fromisoformat(st.last_review), config.day_start_hour)
        return PlannedCard(card.id, card.domain, st.sm2, st.due, last, counts.get(card.id, 0))

    cards = sorted((planned(c) for c in rows), key=lambda p: (p.state is not None, new_order.get(p.id, 0)))
    return build_report(plan, today, cards, max_interval=config.max_interval, usual_new=config.new_per_day,
                        reviews_per_day=config.reviews_per_day)


SHOWN_DOMAINS = 5


def _print(report, card_filter: CardFilter, all_domains: bool) -> None:
    from srs import console
    from srs.control_chars import visible
    from srs.plan_report import report_lines

    for line in report_lines(report):
        click.echo(line)  # no card text in these lines; the terminal wraps them
    if not report.cards:
        return
    rows = report.domains if all_domains else report.domains[:SHOWN_DOMAINS]
    more = len(report.domains) - len(rows)
    table = Table(title=f"Least practised domains ({card_filter.describe()})", title_justify="left",
                  caption=(f"{more} more domains, each practised more: --all-domains lists them. " if more else "")
                  + "Reviews per card; expected: from today to the date if every answer is a 4.", caption_justify="left")
    for name in ("domain", "cards", "new", "so far", "expected", "by the date"):
        table.add_column(name, justify="left" if name == "domain" else "right", no_wrap=name == "domain")
    for row in rows:
        table.add_row(Text(visible(row.domain)), str(row.cards), str(row.new), f"{row.reviews_so_far / row.cards:.1f}",
                      f"{row.expected:.1f}", f"{row.by_the_date:.1f}")
    console.stdout.print(table)
