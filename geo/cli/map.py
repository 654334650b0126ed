"""``frontline map``: render claims from the store (or the bundled examples) as HTML."""
from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from geo.model import Claim

from geo.cli.options import build_filter, db_option, filter_options, status_option


@click.command("map")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("map.html"), show_default=True, help="HTML file to write.")
@filter_options
@status_option
@db_option
@click.option("--example", is_flag=True,
              help="Map the bundled example claims instead of the database (works offline).")
@click.option("--assets", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="DIR",
              help="Folder with the npm packages of Leaflet and its plugins (or its node_modules): "
                   "the map uses copies of their files, put in <output>_files/, instead of the "
                   "copies shipped in the package.")
@click.option("--reference", "reference_name", metavar="NAME",
              help="Draw this reference layer's area on the slider's date, the claims' verdicts in the "
                   "popups, and the places claimed ahead of it.")
@click.option("--inline-assets", is_flag=True,
              help="With --assets: put those files into the HTML itself, one file for offline viewing.")
def map_command(output: Path, db: Path, example: bool, assets: Path | None, inline_assets: bool,
                reference_name: str | None, as_of, statuses: tuple[str, ...], **filters) -> None:
    """Write a layered HTML map of the claims.

    One marker per settlement, with a dated timeline of its claims; overlays by claimant
    side and kind, encirclement areas and contradictions; a time slider. With --as-of the
    map shows the claims as they stood on that date and the slider goes back from there.
    The file is replaced atomically. The page carries Leaflet, its plugins and an offline
    basemap itself and opens with no network (only the OpenStreetMap tiles, one click away,
    need it).
    """
    from geo.store import Store, database_files
    from maps import build_map, save_map
    from maps.errors import MapError

    if example and reference_name is not None:
        raise click.UsageError("--reference judges the claims of the database, not --example")
    if inline_assets and assets is None:
        raise click.UsageError("--inline-assets needs --assets DIR (a folder with Leaflet's npm packages)")
    if not Path(output).parent.is_dir():  # as every other output: a folder named wrongly is not made
        raise click.ClickException(f"cannot write {output}: no such folder: {Path(output).parent}")

    # --as-of goes to the map, not the query: the slider needs each place's history.
    flt = build_filter(**filters)
    reference = judgements = None
    with contextlib.ExitStack() as stack:
        if example:
            from geo.examples import example_claims

            claims = Counted(flt.select(example_claims()))
            where, grouped = "the example claims", False
        else:
            store = stack.enter_context(Store.open(db, mode="ro"))
            # Read grouped by place, the map is built one place at a time (flat memory).
            claims = Counted(store.query(flt, statuses=statuses, order="place"))
            where, grouped = str(db), True
            if reference_name is not None:
                from geo.cli.claims import judge_stored

                reference, judgements = judge_stored(db, reference_name)
                kept = {c.id for c in store.query(flt, statuses=statuses)}
                judgements = [j for j in judgements if j.claim.id in kept]
        try:
            m = build_map(claims, as_of=as_of, reference=reference, judgements=judgements, grouped=grouped)
        except MapError:
            if not claims.total:
                raise click.ClickException(f"no claims in {where} match the filters") from None
            raise
    size = save_map(m, output, assets=assets, inline_assets=inline_assets, protected=database_files(db))
    click.echo(f"Wrote {output} ({size / 1024:.0f} KB): {claims.placed} of {claims.total} claims placed.", err=True)


class Counted:
    """The claims of an iterable, counted (all, and those with coordinates) as they pass."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        self._claims = claims
        self.total = self.placed = 0

    def __iter__(self) -> Iterator[Claim]:
        for claim in self._claims:
            self.total += 1
            self.placed += claim.lat is not None
            yield claim
