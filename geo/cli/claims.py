"""``frontline claims``: add, import, list, resolve and compare claims in the ledger."""
from __future__ import annotations

from pathlib import Path

import click

from geo.cli.options import (CONTROLLERS, DATE, KINDS, SIDES, build_filter, db_option,
                             echo_json, filter_options, json_option)
from geo.model import QUALIFIERS, Claim


def load_lookup():
    """The gazetteer's lookup, loaded only by the commands that resolve places."""
    from gazetteer import Gazetteer

    return Gazetteer.load(progress=True).lookup


@click.group()
def claims() -> None:
    """Add, import, list and compare claims."""


@claims.command()
@click.option("--place", "as_written", required=True, metavar="NAME", help="Place as written.")
@click.option("--region", metavar="R", help="Region hint for resolving the place.")
@click.option("--kind", required=True, type=KINDS)
@click.option("--percent", type=float, help="Share held, for a partial claim (0-100).")
@click.option("--qualifier", type=click.Choice(QUALIFIERS), help="most, part or outskirts.")
@click.option("--claimant", required=True, help="Who makes the claim.")
@click.option("--side", "claimant_side", required=True, type=SIDES, help="The claimant's side.")
@click.option("--controller", "controller_side", type=CONTROLLERS,
              help="The side the claim says holds or gains the place.")
@click.option("--date", "claim_date", required=True, type=DATE, help="When the claim was made.")
@click.option("--until", "claim_until", type=DATE, help="End of a period claim.")
@click.option("--source", required=True, help="Outlet that reported the claim.")
@click.option("--url", help="Article URL.")
@click.option("--quote", help="The sentence the claim rests on.")
@click.option("--published", type=DATE, help="Publication date of the article.")
@click.option("--group", help="Label shared by claims made together.")
@db_option
@json_option
def add(db: Path, as_written: str, as_json: bool, **fields) -> None:
    """Add one claim, resolving its place through the gazetteer."""
    from geo.ledger import resolve_claim
    from geo.store import Store

    claim = Claim.from_dict({"as_written": as_written, **fields})
    resolution = resolve_claim(claim, load_lookup())
    if resolution.problem:
        click.echo(f"warning: {resolution.problem}; kept unresolved", err=True)
    with Store.open(db) as store:
        added = store.add([resolution.claim]) == 1
    if as_json:
        echo_json({"added": added, "claim": resolution.claim.to_dict()})
    else:
        click.echo(f"{'added' if added else 'already stored'} {_describe(resolution.claim)}")


@claims.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Store the good rows, skip the bad ones.")
@db_option
@json_option
def import_command(file: Path, skip_invalid: bool, db: Path, as_json: bool) -> None:
    """Import claims from CSV, JSON, JSON Lines or GeoJSON (all or nothing by default)."""
    from geo.errors import InvalidRows
    from geo.ledger import import_file

    try:
        report = import_file(file, db, skip_invalid=skip_invalid)
    except InvalidRows as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise
    for error in report.skipped:
        click.echo(f"skipped {error}", err=True)
    if as_json:
        echo_json({"read": report.read, "added": report.added, "skipped": len(report.skipped)})
    else:
        click.echo(f"imported {report.added} new claims ({report.read} read, "
                   f"{len(report.skipped)} skipped)")


@claims.command("list")
@filter_options
@click.option("--unresolved", is_flag=True, help="Only claims whose place is not resolved.")
@db_option
@json_option
def list_command(db: Path, as_json: bool, **filters) -> None:
    """List claims, oldest first."""
    from geo.store import Store

    with Store.open(db, mode="ro") as store:
        found = store.query(build_filter(**filters))
        if as_json:
            echo_json([claim.to_dict() for claim in found])
        else:
            for claim in found:
                click.echo(_describe(claim))


@claims.command()
@db_option
@json_option
def resolve(db: Path, as_json: bool) -> None:
    """Retry the gazetteer for claims whose place is unresolved."""
    from geo.ledger import resolve_unresolved
    from geo.store import Store

    with Store.open(db, mode="rw") as store:
        resolved, still = resolve_unresolved(store, load_lookup())
    if as_json:
        echo_json({"resolved": resolved, "unresolved": still})
    else:
        click.echo(f"resolved {resolved} claims; {still} still unresolved")


@claims.command()
@click.option("--window-days", default=14, show_default=True, type=click.IntRange(min=0),
              help="Largest gap between two contradicting claims.")
@db_option
@json_option
def conflicts(window_days: int, db: Path, as_json: bool) -> None:
    """Places where the sides asserted opposite control within the window."""
    from geo.conflicts import find_conflicts
    from geo.store import Store

    with Store.open(db, mode="ro") as store:
        found = find_conflicts(store.query(), window_days=window_days)
    if as_json:
        echo_json([conflict.to_dict() for conflict in found])
        return
    for c in found:
        click.echo(f"{c.place}: {_summary(c.first)} vs {_summary(c.second)} "
                   f"({c.days_apart} day{'' if c.days_apart == 1 else 's'} apart)")


def _describe(claim: Claim) -> str:
    """One listing line: date, place, kind, sides, claimant, source, id."""
    place = claim.place or f"{claim.as_written} (unresolved)"
    kind = claim.kind.value
    if claim.percent is not None:
        kind += f" {claim.percent:g}%"
    elif claim.qualifier:
        kind += f" ({claim.qualifier})"
    period = f"..{claim.claim_until}" if claim.claim_until else ""
    controller = f"->{claim.controller_side.value}" if claim.controller_side else ""
    return (f"{claim.claim_date}{period}  {place}  {kind}  "
            f"{claim.claimant_side.value}{controller}  {claim.claimant}  [{claim.source}]  {claim.id}")


def _summary(claim: Claim) -> str:
    from geo.conflicts import asserted_controller

    controller = asserted_controller(claim)
    return (f"{claim.claim_date} {claim.kind.value} {controller.value if controller else '-'} "
            f"({claim.claimant}, {claim.source})")
