"""``srs edit``: write a card's answer (or fix its question) in $EDITOR, kept in the user overlay."""

from __future__ import annotations

import click

from srs.cli.options import check_decks, decks_dir_option, filter_options
from srs.errors import SrsError
from srs.filters import CardFilter


@click.command("edit")
@decks_dir_option
@filter_options
@click.argument("card_ids", nargs=-1, metavar="[ID]...")
@click.option("--no-answer", is_flag=True, help="Every selected card that has no answer, one after another.")
@click.option("--revert", is_flag=True, help="Drop your text for these cards: the source's shows again (no editor).")
@click.option("--db", metavar="PATH", envvar="SRS_DB", help="Review database (its card index) [env SRS_DB].")
def command(decks_dir: str | None, card_filter: CardFilter, card_ids: tuple[str, ...], no_answer: bool, revert: bool,
            db: str | None) -> None:
    """Open cards in $VISUAL / $EDITOR to write their answer or fix their question.

    Your text goes into the user overlay (overlay.yaml in the user data dir, or the file
    SRS_OVERLAY names), never into the source document or the deck file: it survives
    srs import, and srs review, list, show and export use it. An editor that exits with an
    error (vim: :cq) stops and changes nothing; an empty or unsaved file leaves the card as
    it was.

    \b
    Examples:
      srs edit 7kq2m4xv9c                              # one card (or the start of its id)
      srs edit --no-answer --domain system-design      # answer them one after another
      srs edit --revert 7kq2m4xv9c                     # back to the source's text
    """
    from srs import clock, paths
    from srs.card_edit import edit_card
    from srs.card_refs import resolve
    from srs.control_chars import visible
    from srs.overlay import load_overlay, user_path, write_user_edit
    from srs.review_app import open_store

    if bool(card_ids) == no_answer:
        raise click.UsageError("give card ids, or --no-answer (with filters), not both" if card_ids else
                               "give the ids of the cards to edit, or --no-answer")
    if revert and no_answer:
        raise click.UsageError("--revert takes card ids")
    if card_ids and not card_filter.is_empty:
        raise click.UsageError("filters go with --no-answer; with card ids, give only the ids")
    overlay = load_overlay(paths.resolve_decks_dir(decks_dir))
    store = open_store(decks_dir, db)
    try:
        with store.faults():
            if card_ids:
                cards = resolve(store, list(card_ids))
            else:
                if card_filter.decks:
                    check_decks(card_filter, store.deck_kinds())
                cards = [c for c in store.iter_present(suspended=True)  # the source's text: edit_card compares with it
                         if not overlay.text(c).has_answer
                         and (card_filter.is_empty or card_filter.matches(overlay.apply(c), c.deck))]  # type: ignore[arg-type]
    finally:
        store.close()
    if revert:
        mine = overlay.user_layer()
        for card in cards:
            if mine is None or card.id not in mine.edits:
                click.echo(f"{card.id}: nothing of yours to drop")
                continue
            write_user_edit(card.id, None, None, "")
            click.echo(f"{card.id}: your text dropped; the source's shows again")
        return
    if not cards:
        click.echo(f"Every selected card has an answer ({card_filter.describe()}).")
        return

    def editor(text: str) -> str | None:
        try:
            return click.edit(text, extension=".md", require_save=True)
        except click.ClickException as exc:
            raise SrsError(f"{exc.format_message()}: nothing changed for {card.id}") from None

    saved = 0
    for n, card in enumerate(cards, 1):
        meta = " · ".join(p for p in (card.deck, card.level or "no level", card.domain) if p)
        if len(cards) > 1:
            click.echo(visible(f"[{n}/{len(cards)}] {card.id}: {card.question.strip().splitlines()[0][:70]}"))
        result = edit_card(card, overlay, visible(meta), editor, clock.now())
        if result.outcome == "saved":
            saved += 1
            overlay = load_overlay(paths.resolve_decks_dir(decks_dir))
            click.echo(f"{card.id}: your {' and '.join(result.fields) or 'text'} saved ({user_path()})"
                       if result.fields else f"{card.id}: back to the source's text")
        else:
            click.echo(f"{card.id}: unchanged ({'empty file' if result.outcome == 'empty' else 'nothing edited'})")
    if len(cards) > 1:
        click.echo(f"{saved} of {len(cards)} cards saved.")
