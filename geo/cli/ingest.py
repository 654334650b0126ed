"""``frontline ingest``: extract claims from news articles and corpora, and store them."""
from __future__ import annotations

import collections
import itertools
import json
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from geo.cli.options import DATE, db_option, echo_json_list, json_option

# a progress bar from this many inputs on (always for directories and corpora)
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
@click.option("--glob", "pattern", metavar="PATTERN",
              help="Files of a directory to read, as a shell pattern on their path below it "
                   "(default: article and corpus files).")
@click.option("--jobs", type=click.IntRange(min=1), metavar="N",
              help="Processes extracting at once (default: the cores); with --scheduler local, "
                   "the LocalCluster's workers.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract on the Dask cluster of this scheduler ('local': start a LocalCluster).")
@click.option("--output-parquet", "output", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Write the claims to Parquet files in DIR, one per partition, instead of the store.")
@json_option
@db_option
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], source: str | None, url: str | None,
           published, dry_run: bool, min_confidence: float | None, pattern: str | None, jobs: int | None,
           scheduler: str | None, output: Path | None, as_json: bool, db: Path) -> None:
    """Extract claims from articles (text or HTML files, '-' for standard input), directories
    and corpora (JSON Lines, Parquet; gzip or zstd compressed).

    Each bad file or corpus row gets one line on stderr and the batch goes on; the exit
    code is the number that failed (at most 255). With --json, claims under the confidence
    threshold are listed too, with "kept": false.
    """
    from gazetteer import Gazetteer
    from geo.corpus import is_collection
    from geo.extraction.mentions import CachedResolver
    from geo.ingest import Overrides
    from geo.pipeline import Batch
    from geo.store import Store
    from geo.workers import cores

    if output is not None and dry_run:
        raise click.UsageError("--output-parquet writes the claims: it cannot go with --dry-run")
    resolver = CachedResolver(Gazetteer.load(progress=True))
    store = None if dry_run or output is not None else Store.open(db)
    try:
        batch = Batch(paths, resolver, store=store, output=output, glob=pattern,
                      overrides=Overrides(source, url, published), min_confidence=min_confidence,
                      jobs=jobs or cores(), scheduler=scheduler)
        collections_given = any(is_collection(path) for path in paths)
        summary = _Summary()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
            kept = _report(batch, summary, None if collections_given else len(paths), spool if as_json else None)
            if as_json:
                echo_json_list(itertools.chain(kept, _spooled(spool)))
            else:
                collections.deque(kept, maxlen=0)
    finally:
        if store is not None:
            store.close()
    stored = ("dry run, nothing stored" if dry_run else f"{batch.added} written to Parquet files in {output}"
              if output is not None else f"{batch.added} new in the store")
    under = f", {summary.below} under the confidence threshold" if summary.below else ""
    label = "article(s)" if collections_given else "file(s)"
    click.echo(f"{summary.inputs} {label}, {summary.failed} failed, {summary.claims} claim(s){under}, {stored}",
               err=True)
    ctx.exit(min(summary.failed, 255))


class _Summary:
    """What the summary line counts."""

    def __init__(self) -> None:
        self.inputs = self.failed = self.claims = self.below = 0


def _report(outcomes: Iterable, summary: _Summary, total: int | None, below: IO[str] | None) -> Iterator[dict]:
    """Print one line per problem on stderr and count into ``summary``; yields the kept
    claims as JSON objects and, when ``below`` is given, writes the others there (a JSON
    object a line), as they come."""
    from tqdm import tqdm

    bar = tqdm(outcomes, total=total, unit=" articles", file=sys.stderr, leave=False,
               disable=total is not None and total < PROGRESS_FROM)
    for outcome in bar:
        summary.inputs += 1
        name = "<stdin>" if outcome.path == "-" else outcome.path
        if outcome.error:
            summary.failed += 1
            tqdm.write(f"Error: {outcome.error if outcome.path in outcome.error else f'{name}: {outcome.error}'}",
                       file=sys.stderr)
            continue
        for warning in outcome.warnings:
            tqdm.write(f"Warning: {name}: {warning}", file=sys.stderr)
        summary.claims += len(outcome.claims)
        summary.below += len(outcome.below)
        bar.set_postfix(claims=summary.claims, refresh=False)
        for claim in outcome.claims:
            yield {**claim.to_dict(), "kept": True}
        if below is not None:
            for claim in outcome.below:
                below.write(json.dumps({**claim.to_dict(), "kept": False}, ensure_ascii=False) + "\n")


def _spooled(spool: IO[str]) -> Iterator[Any]:
    spool.seek(0)
    for line in spool:
        yield json.loads(line)
