"""``srs export``: not built yet."""

import click

from srs.errors import SrsError


@click.command("export")
def command() -> None:
    """(not built yet)"""
    raise SrsError("srs export is not built yet")
