"""``frontline reference``: import and list reference layers of assessed control."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from geo.cli.ingest import PROGRESS_FROM
from geo.cli.options import CONTROLLERS, DATE, db_option, echo_json, json_option


@click.group()
def reference() -> None:
    """Reference layers of assessed control (areas held per date, or settlement tables)."""


@reference.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="PATH...")
@click.option("--name", required=True, help="Layer name, e.g. deepstate.")
@click.option("--holder", type=CONTROLLERS, help="Side holding the polygons' area (default RU, 'occupied').")
@click.option("--date", type=DATE, help="Date of every file (default: from the file name, else a 'date' property).")
@click.option("--simplify", "simplify_m", type=click.FloatRange(min=0, min_open=True), metavar="METRES",
              help="Simplify the polygons to this tolerance (default: stored as given).")
@db_option
@json_option
@click.pass_context
def import_command(ctx: click.Context, paths: tuple[str, ...], name: str, holder: str | None, date,
                   simplify_m: float | None, db: Path, as_json: bool) -> None:
    """Import GeoJSON polygons (one file per date) or a settlement table (CSV
    place,date,holder[,lat,lon]) into layer NAME.

    Each file is stored whole or not at all; a broken file gets one 'Error: FILE: reason'
    line and the others go on. The exit code is the number of files that failed (at most
    255). Importing a file again adds nothing.
    """
    from tqdm import tqdm

    from geo.model import Side
    from geo.reference import import_files
    from geo.store import Store

    lookup = None
    if any(p.lower().endswith(".csv") for p in paths):
        from geo.cli.claims import load_lookup

        lookup = load_lookup()
    failed = added = already = 0
    outcomes = []
    with Store.open(db) as store:
        found = import_files(store, paths, name=name, holder=Side(holder.upper()) if holder else None,
                             date=date, lookup=lookup, simplify_m=simplify_m)
        for outcome in tqdm(found, total=len(paths), unit=" files", file=sys.stderr,
                            disable=len(paths) < PROGRESS_FROM, leave=False):
            outcomes.append(outcome)
            if outcome.error:
                failed += 1
                tqdm.write(f"Error: {outcome.path}: {outcome.error}", file=sys.stderr)
            added += outcome.added
            already += outcome.already
    if as_json:
        echo_json({"files": len(paths), "failed": failed, "already": already, "added": added})
    click.echo(f"{len(paths)} file(s), {failed} failed, {already} already imported, "
               f"{added} date(s) or row(s) added to {name}", err=True)
    ctx.exit(min(failed, 255))


@reference.command("list")
@db_option
@json_option
def list_command(db: Path, as_json: bool) -> None:
    """Stored layers: name, kind, holder, first and last date, number of dates."""
    from geo.reference import list_layers
    from geo.store import Store

    with Store.open(db, mode="rw") as store:  # "rw": an older database gets the reference tables
        layers = list_layers(store)
    if as_json:
        echo_json([layer.to_dict() for layer in layers])
        return
    for layer in layers:
        click.echo(f"{layer.name}  {layer.kind}  holder {layer.holder or 'per place'}  "
                   f"{layer.first}..{layer.last}  {layer.days} day(s)")
