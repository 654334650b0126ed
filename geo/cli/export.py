"""``frontline export``: write claims as GeoJSON, CSV or GeoPackage."""
from __future__ import annotations

from pathlib import Path

import click

from geo.cli.options import build_filter, db_option, filter_options, status_option

FORMATS = ("geojson", "csv", "gpkg")


@click.command()
@click.argument("fmt", metavar="geojson|csv|gpkg", type=click.Choice(FORMATS, case_sensitive=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: claims.<format>).")
@filter_options
@click.option("--example", is_flag=True, help="Export the bundled example dataset, not the database.")
@status_option
@db_option
def export(fmt: str, output: Path | None, example: bool, db: Path, statuses: tuple[str, ...],
           **filters) -> None:
    """Export claims; the file is written whole or not at all."""
    from geo.export import export_claims
    from geo.store import Store, database_files

    fmt = fmt.lower()
    output = output or Path(f"claims.{fmt}")
    flt = build_filter(**filters)
    protected = database_files(db)  # with --example too: -o frontline.db replaces no database
    if example:
        from geo.examples import example_claims

        count = export_claims(flt.select(example_claims()), fmt, output, protected=protected)
    else:
        with Store.open(db, mode="ro") as store:
            count = export_claims(store.query(flt, statuses=statuses), fmt, output, protected=protected)
    click.echo(f"Wrote {count} claims to {output}", err=True)
