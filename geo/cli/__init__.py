"""The ``frontline`` command: a thin click CLI over the gazetteer, geo and maps APIs.

Command groups live in their own modules and are imported only when used, so that
``frontline --help`` does not pay for pandas, folium or the gazetteer.
"""
from __future__ import annotations

import importlib
import logging
import sys

import click

# command name -> "module:attribute" of its click command or group
COMMANDS = {
    "gazetteer": "geo.cli.gazetteer:gazetteer",
    "claims": "geo.cli.claims:claims",
    "export": "geo.cli.export:export",
    "ingest": "geo.cli.ingest:ingest",
    "map": "geo.cli.map:map_command",
    "reference": "geo.cli.reference:reference",
    "serve": "geo.cli.serve:serve",
}


def _domain_errors() -> tuple[type[Exception], ...]:
    """The error roots of the packages; the map stack's only once it is loaded, since only a
    command that imported it can raise its errors (importing ``maps`` loads folium)."""
    from gazetteer.errors import GazetteerError
    from geo.errors import GeoError

    maps_errors = sys.modules.get("maps.errors")
    return (GazetteerError, GeoError, *((maps_errors.MapError,) if maps_errors else ()))


class FrontlineGroup(click.Group):
    """Loads subcommands lazily and turns every domain error into one ``Error:`` line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except _domain_errors() as exc:
            raise click.ClickException(one_line(exc)) from None
        except KeyboardInterrupt:
            raise click.ClickException("interrupted") from None


def one_line(exc: BaseException) -> str:
    """The error's message on a single line."""
    return one_line_text(str(exc)) or type(exc).__name__


def one_line_text(text: str) -> str:
    return " ".join(text.split())


class MessageHandler(logging.Handler):
    """Log records of warning level and above as their message alone, on stderr.

    Without a handler Python prints a record's traceback too, and geopy's rate limiter
    logs one (some 60 lines) on every retry; a warning is one line, as errors are.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(one_line_text(record.getMessage()), err=True)


@click.group(cls=FrontlineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="frontline")
def main() -> None:
    """Map claimed front-line changes from war reporting."""
    root = logging.getLogger()
    if not any(isinstance(handler, MessageHandler) for handler in root.handlers):
        root.addHandler(MessageHandler())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
