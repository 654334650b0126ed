"""Options shared by every command, defined once so that flags stay identical."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from geo.model import ClaimFilter, Kind, Side
from geo.review import parse_statuses

DEFAULT_DB = "frontline.db"


class AnyCase(click.Choice):
    """A choice given in any case and shown as written: ``RU|UA|other``, as README writes
    the sides (click shows a case-insensitive choice lower-cased); the value is the choice."""

    def __init__(self, choices) -> None:
        super().__init__(choices, case_sensitive=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        wanted = str(value).casefold()
        return super().convert(next((c for c in self.choices if c.casefold() == wanted), value), param, ctx)


SIDES = AnyCase([s.value for s in Side])
CONTROLLERS = AnyCase([Side.RU.value, Side.UA.value])
KINDS = AnyCase([k.value for k in Kind])


def resolve_db(value: str | None) -> Path | str:
    """``--db`` wins over ``FRONTLINE_DB``, which wins over ``./frontline.db``; a
    ``postgresql://`` URL stays as it is."""
    from geo.store import is_url

    target = value or os.environ.get("FRONTLINE_DB") or DEFAULT_DB
    return target if is_url(target) else Path(target)


db_option = click.option(
    "--db", "db", metavar="PATH|URL", default=None,
    help="Claims database: a SQLite file or a postgresql:// URL (default: $FRONTLINE_DB, else ./frontline.db).",
    callback=lambda ctx, param, value: resolve_db(value),
)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")

status_option = click.option(
    "--status", "statuses", type=click.Choice(["proposed", "accepted", "rejected", "any"], case_sensitive=False),
    default=None, callback=lambda ctx, param, value: parse_statuses(value),
    help="Review status of the claims (default: all but rejected).")


class DateParam(click.ParamType):
    """An ISO date, YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a valid date (YYYY-MM-DD)", param, ctx)


DATE = DateParam()


class TextParam(click.ParamType):
    """Text that UTF-8 can encode: an argument of bytes that are no UTF-8 arrives with lone
    surrogates (Python's surrogateescape), which SQLite and every output refuse."""

    name = "TEXT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            str(value).encode("utf-8")
        except UnicodeEncodeError:
            self.fail(f"{value!r} is not valid UTF-8 text", param, ctx)
        return str(value)


TEXT = TextParam()


def filter_options(func: Callable) -> Callable:
    """``--since --until --as-of --side --kind --place``: the claim filter of every reader."""
    options = [
        click.option("--since", type=DATE, help="Claims made on or after this date."),
        click.option("--until", type=DATE, help="Claims made on or before this date."),
        click.option("--as-of", "as_of", type=DATE,
                     help="Per place and claimant side, the latest claim made on or before this date."),
        click.option("--side", type=SIDES, help="Claimant side."),
        click.option("--kind", type=KINDS, help="Claim kind."),
        click.option("--place", metavar="NAME", type=TEXT, help="Place name, id, or the name as written."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_filter(*, since=None, until=None, as_of=None, side=None, kind=None, place=None,
                 unresolved=False, source=None):
    """A :class:`geo.model.ClaimFilter` from the values of :func:`filter_options`."""
    return ClaimFilter.of(since=since, until=until, as_of=as_of, side=side, kind=kind, place=place,
                          unresolved=unresolved, source=source)


def echo_json(data: Any) -> None:
    """JSON to stdout: DESIGN field names, ISO dates, Cyrillic kept readable."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def echo_json_list(items: Iterable[Any]) -> None:
    """A list to stdout as :func:`echo_json` prints it, written an item at a time: memory
    stays flat however long the list. (JSON escapes every line break inside a string, so
    each line break of an item's text is one of its indentation.)"""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write(("[\n  " if first else ",\n  ") + text.replace("\n", "\n  "))
        first = False
    sys.stdout.write("[]\n" if first else "\n]\n")
