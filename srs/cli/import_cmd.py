"""``srs import``: not built yet."""

import click

from srs.errors import SrsError


@click.command("import")
def command() -> None:
    """(not built yet)"""
    raise SrsError("srs import is not built yet")
