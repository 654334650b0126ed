"""``frontline claims``: add, import, list, resolve and compare claims in the ledger."""
from __future__ import annotations

from pathlib import Path

import click

from geo.cli.options import (CONTROLLERS, DATE, KINDS, SIDES, build_filter, db_option,
                             echo_json, filter_options, json_option, status_option)
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

    claim = Claim.from_dict({"as_written": as_written, "confidence": 1.0, **fields})  # added by hand: certain
    resolution = resolve_claim(claim, load_lookup())
    if resolution.problem:
        click.echo(f"Warning: {resolution.problem}; kept unresolved", err=True)
    with Store.open(db) as store:
        added = store.add([resolution.claim]) == 1
    if as_json:
        echo_json({"added": added, "claim": resolution.claim.to_dict()})
    else:
        click.echo(f"{'added' if added else 'already stored'} {_describe(resolution.claim)}")


@claims.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Store the good rows, skip the bad ones.")
@db_option
@json_option
def import_command(file: Path, skip_invalid: bool, db: Path, as_json: bool) -> None:
    """Import claims from CSV, JSON, JSON Lines, GeoJSON or GeoPackage (all or nothing by default).

    A row without as_written names its place in place: that is resolved through the gazetteer."""
    from geo.errors import InvalidRows
    from geo.ledger import import_file

    try:
        report = import_file(file, db, skip_invalid=skip_invalid, load_lookup=load_lookup)
    except InvalidRows as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise
    for error in report.skipped:
        click.echo(f"skipped {error}", err=True)
    for problem in report.unresolved:
        click.echo(f"Warning: {problem}", err=True)
    if as_json:
        echo_json({"read": report.read, "added": report.added, "skipped": len(report.skipped)})
    else:
        click.echo(f"imported {report.added} new claims ({report.read} read, "
                   f"{len(report.skipped)} skipped)")


@claims.command("list")
@filter_options
@click.option("--unresolved", is_flag=True, help="Only claims whose place is not resolved.")
@status_option
@db_option
@json_option
def list_command(db: Path, as_json: bool, statuses: tuple[str, ...], **filters) -> None:
    """List claims, oldest first (rejected ones only with --status rejected or any)."""
    from geo.store import Store

    with Store.open(db, mode="ro") as store:
        found = store.query(build_filter(**filters), statuses=statuses)
        if as_json:
            echo_json([claim.to_dict() for claim in found])
        else:
            why = _why_unresolved() if filters.get("unresolved") else None
            for claim in found:
                click.echo(_describe(claim))
                if why is not None:
                    click.echo(f"    {why(claim)}")


def _why_unresolved():
    """Why a claim has no place: the gazetteer's candidates for its name, or none."""
    from geo.ledger import resolve_claim

    lookup = load_lookup()
    return lambda claim: resolve_claim(claim, lookup).problem or "resolves now: run 'frontline claims resolve'"


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


reference_option = click.option("--reference", "reference_name", metavar="NAME",
                                help="Reference layer (default: the only one stored).")


@claims.command()
@reference_option
@db_option
@json_option
def verify(reference_name: str | None, db: Path, as_json: bool) -> None:
    """Judge every claim against a reference layer: consistent, confirmed later (with
    the lag), not confirmed, or no reference; contested and unresolved claims get no
    verdict, with the reason."""
    _, judgements = judge_stored(db, reference_name)
    if as_json:
        echo_json([j.to_dict() for j in judgements])
        return
    for j in judgements:
        click.echo(f"{_describe(j.claim)}  => {j.verdict.value if j.verdict else '-'}: {j.describe()}")


@claims.command("track-record")
@reference_option
@click.option("--since", type=DATE, help="Claims made on or after this date.")
@click.option("--until", type=DATE, help="Claims made on or before this date.")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.html",
              help="Also write an HTML chart: share confirmed and lag distribution per claimant.")
@db_option
@json_option
def track_record(reference_name: str | None, since, until, chart: Path | None, db: Path, as_json: bool) -> None:
    """Per claimant and per side: claims judged, consistent, confirmed later, not
    confirmed, and the median and 90th-percentile lag in days."""
    from geo.track_record import track_records

    reference, judgements = judge_stored(db, reference_name, since=since, until=until)
    claimants, sides = track_records(judgements)
    name = reference.name
    if chart is not None:
        from maps.chart import save_track_chart

        save_track_chart(claimants, chart, reference=name)
        click.echo(f"Wrote {chart}", err=True)
    if as_json:
        echo_json({"reference": name, "claimants": [r.to_dict() for r in claimants],
                   "sides": [r.to_dict() for r in sides]})
        return
    click.echo(f"{'claimant':<34} {'side':<5} {'judged':>6} {'consist':>7} {'later':>6} {'never':>6} "
               f"{'share':>6} {'median':>7} {'p90':>6}")
    for r in [*claimants, *sides]:
        share = "-" if r.share_confirmed is None else f"{r.share_confirmed:.0%}"
        median = "-" if r.lag_median is None else f"{r.lag_median:g}d"
        p90 = "-" if r.lag_p90 is None else f"{r.lag_p90:g}d"
        click.echo(f"{(r.claimant or 'all ' + r.side)[:34]:<34} {r.side:<5} {r.judged:>6} {r.consistent:>7} "
                   f"{r.confirmed_later:>6} {r.not_confirmed:>6} {share:>6} {median:>7} {p90:>6}")


def judge_stored(db: Path, reference_name: str | None, *, since=None, until=None):
    """A stored layer and the stored claims (made between ``since`` and ``until``) judged
    against it; the gazetteer is loaded only to size the settlements of partial claims."""
    from geo.model import ClaimFilter, Kind
    from geo.reference import AREAS, load_reference
    from geo.store import Store
    from geo.verify import verify_claims

    with Store.open(db, mode="rw") as store:  # "rw": an older database gets the reference tables
        reference = load_reference(store, reference_name)
        found = list(store.query(ClaimFilter(since=since, until=until)))
    population = None
    if reference.kind == AREAS and any(c.kind is Kind.PARTIAL and c.place_id for c in found):
        from gazetteer import Gazetteer

        population = _populations(Gazetteer.load())
    return reference, verify_claims(found, reference, population=population)


def _populations(gazetteer):
    def population(place_id: str) -> int | None:
        place = gazetteer.get(place_id)
        return place.population if place is not None else None
    return population


@claims.command()
@click.argument("claim_id", metavar="ID")
@click.option("--accept", "status", flag_value="accepted", help="Accept the claim (with any corrections).")
@click.option("--reject", "status", flag_value="rejected", help="Reject the claim.")
@click.option("--kind", type=KINDS, help="Correct the kind.")
@click.option("--percent", type=click.FloatRange(0, 100), help="Correct the share held (partial claims).")
@click.option("--side", "claimant_side", type=SIDES, help="Correct the claimant's side.")
@click.option("--controller", "controller_side", type=CONTROLLERS, help="Correct the controlling side.")
@click.option("--place", metavar="NAME", help="Correct the place: the gazetteer's best match for NAME.")
@click.option("--date", "claim_date", type=DATE, help="Correct the claim date.")
@click.option("--note", help="Why (kept with the claim and in the audit).")
@click.option("--by", metavar="NAME", help="Who decides (default: your login name).")
@db_option
@json_option
def review(claim_id: str, status: str | None, place: str | None, note: str | None, by: str | None,
           db: Path, as_json: bool, **corrections) -> None:
    """Accept or reject a claim, correcting it on the way; every change is audited."""
    import getpass

    from geo.ledger import review_claim
    from geo.review import Decision
    from geo.store import Store

    if status is None:
        raise click.UsageError("say --accept or --reject")
    changes = {name: value for name, value in corrections.items() if value is not None}
    decision = Decision(status, by or getpass.getuser(), note=note, changes=changes)
    with Store.open(db, mode="rw") as store:
        result = review_claim(store, claim_id, decision, place=place,
                              lookup=load_lookup() if place else None)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(f"{result.review.status} {_describe(result.claim)}")


@claims.command("export-reviewed")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Zip file to write.")
@db_option
def export_reviewed(output: Path, db: Path) -> None:
    """Write the reviewed claims with their sentences as annotated corpus articles (a zip
    of .txt and .expected.json pairs, as in bench/corpus) for the extractor's training data."""
    from geo.export import write_corpus
    from geo.review import DECISIONS, corpus_articles
    from geo.store import Store

    with Store.open(db, mode="ro") as store:
        articles = corpus_articles(store.reviewed(statuses=DECISIONS))
    count = write_corpus(articles, output)
    click.echo(f"Wrote {count} articles to {output}", err=True)


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
