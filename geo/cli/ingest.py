"""``frontline ingest``: extract claims from news articles and store them."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from geo.cli.options import DATE, db_option, echo_json, json_option

# a progress bar from this many inputs on
PROGRESS_FROM = 5


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--source", metavar="S", help="Outlet name (default: site name, URL host or file name).")
@click.option("--url", metavar="U", help="Article URL (default: from the page or a 'Source:' line).")
@click.option("--published", type=DATE, help="Publication date (default: from the article).")
@click.option("--dry-run", is_flag=True, help="Extract and report, store nothing.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="C",
              help="Store only claims with at least this confidence (default: the model's threshold, "
                   "chosen on the training data for the best F1).")
@json_option
@db_option
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], source: str | None, url: str | None,
           published, dry_run: bool, min_confidence: float | None, as_json: bool, db: Path) -> None:
    """Extract claims from articles (text or HTML files; '-' reads standard input).

    Each bad file gets one line on stderr and the batch goes on; the exit code is the
    number of files that failed (at most 255). With --json, claims under the confidence
    threshold are listed too, with "kept": false.
    """
    from gazetteer import Gazetteer
    from geo.ingest import ingest_paths
    from geo.extraction.mentions import CachedResolver
    from geo.store import Store

    resolver = CachedResolver(Gazetteer.load(progress=True))
    store = None if dry_run else Store.open(db)
    try:
        outcomes = ingest_paths(paths, resolver, store=store, source=source, url=url, published=published,
                                min_confidence=min_confidence)
        failed, claims, below = _report(outcomes, len(paths), dry_run)
    finally:
        if store is not None:
            store.close()
    if as_json:
        echo_json([{**c.to_dict(), "kept": True} for c in claims] + [{**c.to_dict(), "kept": False} for c in below])
    ctx.exit(min(failed, 255))


def _report(outcomes, total: int, dry_run: bool) -> tuple[int, list, list]:
    """Print one line per problem and a summary on stderr; returns (failed files, claims
    kept, claims under the confidence threshold)."""
    from tqdm import tqdm

    failed, added, claims, below = 0, 0, [], []
    bar = tqdm(outcomes, total=total, unit="file", file=sys.stderr, disable=total < PROGRESS_FROM, leave=False)
    for outcome in bar:
        name = "<stdin>" if outcome.path == "-" else outcome.path
        if outcome.error:
            failed += 1
            tqdm.write(f"Error: {outcome.error if outcome.path in outcome.error else f'{name}: {outcome.error}'}",
                       file=sys.stderr)
            continue
        for warning in outcome.warnings:
            tqdm.write(f"Warning: {name}: {warning}", file=sys.stderr)
        added += outcome.added
        claims.extend(outcome.claims)
        below.extend(outcome.below)
    stored = "dry run, nothing stored" if dry_run else f"{added} new in the store"
    under = f", {len(below)} under the confidence threshold" if below else ""
    click.echo(f"{total} file(s), {failed} failed, {len(claims)} claim(s){under}, {stored}", err=True)
    return failed, claims, below
