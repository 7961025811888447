"""The ``srs`` command line: a thin click layer over the library.

Each command lives in its own module; this one builds the group, the
``--version`` flag, and turns :class:`srs.errors.SrsError` into one line on
stderr and a non-zero exit code (never a traceback).
"""

from __future__ import annotations

import click

from srs import __version__
from srs.errors import SrsError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class SrsGroup(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except SrsError as exc:
            click.echo(f"srs: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # `srs list | head`
            ctx.exit(0)


@click.group(cls=SrsGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="srs")
def cli() -> None:
    """Spaced-repetition flashcards for AI/ML engineering interviews.

    \b
    Examples:
      srs review                          # today's cards from the bundled decks
      srs review --level senior --domain system-design
      srs import notes/my-guide.md        # turn a Markdown guide into a deck
      srs list --domain deep-learning --format json
      srs export --split-by level         # Anki packages into exports/

    Exit codes: 0 ok, 1 error, 2 bad input (file or flag).
    """


def _register() -> None:
    from srs.cli import export_cmd, import_cmd, list_cmd, review_cmd

    for module in (import_cmd, list_cmd, review_cmd, export_cmd):
        cli.add_command(module.command)


_register()


def main() -> None:
    cli(prog_name="srs")
