"""The ``srs`` command line: a thin click layer over the library.

Each command lives in its own module; this one builds the group, the
``--version`` flag, and turns :class:`srs.errors.SrsError` into one line on
stderr and a non-zero exit code (never a traceback).
"""

from __future__ import annotations

import os

import click

from srs import __version__
from srs.control_chars import visible
from srs.errors import SrsError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


_COMMANDS = {"import": "import_cmd", "list": "list_cmd", "review": "review_cmd", "cram": "cram_cmd", "plan": "plan_cmd",
             "show": "show_cmd", "edit": "edit_cmd", "suspend": "suspend_cmd", "unsuspend": "suspend_cmd:unsuspend",
             "reset": "reset_cmd", "stats": "stats_cmd", "export": "export_cmd"}
"""Command name -> module in srs.cli (``module:name`` when the module's click command is not called
``command``); a module is imported only when its command runs (or for --help), so `srs review` starts
without loading the importer's or exporter's libraries."""


class SrsGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:  # type: ignore[override]
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, name: str):  # type: ignore[override]
        if name not in _COMMANDS:
            return None
        import importlib

        module, _, attr = _COMMANDS[name].partition(":")
        return getattr(importlib.import_module(f"srs.cli.{module}"), attr or "command")

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except SrsError as exc:
            click.echo(visible(f"srs: error: {exc}"), err=True)  # it may quote a file name or card text
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # `srs list | head`
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("srs: interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug of ours: one line, unless SRS_DEBUG asks for the traceback
            if os.environ.get("SRS_DEBUG"):
                raise
            click.echo(visible(f"srs: internal error: {type(exc).__name__}: {exc} (set SRS_DEBUG=1 for details)"),
                       err=True)
            ctx.exit(70)


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
      srs cram --domain system-design     # drill a domain; the schedule stays as it is
      srs plan --date 2026-12-15          # study toward an interview day
      srs show ID / srs edit ID           # one card: its history / write your answer
      srs stats --domain system-design    # progress: states, calendar, forecast, retention
      srs export --split-by level         # Anki packages into exports/

    Exit codes: 0 ok, 1 error, 2 bad input (file or flag).
    """


def main() -> None:
    """Entry point: a bad flag or argument is one line on stderr (with where to get help) and exit 2."""
    import sys

    try:
        rc = cli.main(prog_name="srs", standalone_mode=False)
    except click.UsageError as exc:
        no_args = getattr(click.exceptions, "NoArgsIsHelpError", ())
        if no_args and isinstance(exc, no_args) and exc.ctx is not None:  # plain `srs`: the help
            click.echo(exc.ctx.get_help())
            sys.exit(0)
        where = exc.ctx.command_path if exc.ctx is not None else "srs"
        click.echo(f"{where}: error: {exc.format_message()} (see '{where} --help')", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"srs: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("srs: aborted", err=True)
        sys.exit(1)
    sys.exit(rc if isinstance(rc, int) else 0)
