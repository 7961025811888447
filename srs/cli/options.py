"""Options shared by several commands (filters, decks folder)."""

from __future__ import annotations

import functools
from typing import Callable, Iterable

import click

from srs.anki_decks import LEVEL_DECKS
from srs.control_chars import visible
from srs.scales import DIFFICULTIES, LEVELS  # not srs.card: no pydantic at start-up
from srs.filters import CardFilter, unknown_decks

_LEVEL_CHOICES = click.Choice([*LEVELS, "none"], case_sensitive=False)
_DIFF_CHOICES = click.Choice([*DIFFICULTIES, "none"], case_sensitive=False)


def decks_dir_option(fn: Callable) -> Callable:
    return click.option(
        "--decks-dir",
        type=click.Path(file_okay=False, path_type=str),
        envvar="SRS_DECKS",
        help="Folder of deck YAML files [env SRS_DECKS; default ./decks if present, else the bundled decks].",
    )(fn)


def filter_options(fn: Callable) -> Callable:
    """Add --level/--domain/--difficulty/--deck/--tag/--search and pass ``card_filter``."""

    @click.option("--level", "levels", multiple=True, type=_LEVEL_CHOICES, help="Only this level (repeatable).")
    @click.option("--domain", "domains", multiple=True, metavar="SLUG", help="Only this domain, e.g. system-design (repeatable).")
    @click.option("--difficulty", "difficulties", multiple=True, type=_DIFF_CHOICES, help="Only this difficulty (repeatable).")
    @click.option("--deck", "decks", multiple=True, metavar="NAME",
                  help="Only this deck or its :: subdecks, also as srs export names them in Anki: "
                       "'Deck::2 Mid', 'Deck::system-design' (any case; repeatable).")
    @click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only cards with this tag or a child tag (repeatable).")
    @click.option("--search", metavar="TEXT", help="Only cards whose text contains all these words.")
    @functools.wraps(fn)
    def wrapper(*args, levels, domains, difficulties, decks, tags, search, **kwargs):
        kwargs["card_filter"] = CardFilter(
            levels=tuple(v.lower() for v in levels),
            domains=tuple(v.lower() for v in domains),
            difficulties=tuple(v.lower() for v in difficulties),
            decks=tuple(decks),
            tags=tuple(tags),
            search=search or None,
        )
        return fn(*args, **kwargs)

    return wrapper


def check_decks(card_filter: CardFilter, cards: Iterable[tuple[str, str | None, str | None]]) -> None:
    """A ``--deck`` that selects none of ``cards`` (``(deck, level, domain)`` each) is a bad flag value: one
    line naming the decks there are (and an Anki subdeck name as an example), exit code 2."""
    cards = list(cards)
    missing = unknown_decks(card_filter, cards)
    if not missing:
        return
    names = list(dict.fromkeys(" ".join(deck.split()) for deck, _, _ in cards))  # one line, whatever the names
    listing = ", ".join(f"'{name}'" for name in names) if names else "none"
    example = next((f" (or their Anki subdecks, e.g. '{' '.join(deck.split())}::{LEVEL_DECKS[level]}')"
                    for deck, level, _ in cards if level), "")
    wanted = " ".join(missing[0].split())
    raise click.BadParameter(visible(f"'{wanted}' matches no deck; decks: {listing}{example}"),
                             ctx=click.get_current_context(silent=True), param_hint="'--deck'")
