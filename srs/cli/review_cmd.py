"""``srs review``: not built yet."""

import click

from srs.errors import SrsError


@click.command("review")
def command() -> None:
    """(not built yet)"""
    raise SrsError("srs review is not built yet")
