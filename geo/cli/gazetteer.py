"""``frontline gazetteer``: look names up, import and download data, show what is loaded."""
from __future__ import annotations

import sys

import click

from geo.cli.options import echo_json, json_option


class PointParam(click.ParamType):
    """A point written ``LAT,LON``."""

    name = "LAT,LON"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        try:
            lat, lon = (float(part) for part in str(value).split(","))
        except ValueError:
            self.fail(f"{value!r} is not LAT,LON", param, ctx)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.fail(f"{value!r} is out of range", param, ctx)
        return (lat, lon)


@click.group()
def gazetteer() -> None:
    """Find places by any spelling; manage the gazetteer's data."""


@gazetteer.command()
@click.argument("name")
@click.option("--region", metavar="R", help="Oblast hint in any spelling (\"Kharkov region\").")
@click.option("--near", type=PointParam(), help="Prefer places near this point.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True, help="Most candidates shown.")
@click.option("--online", is_flag=True, help="Ask Nominatim (rate-limited, cached) when nothing matches.")
@json_option
def lookup(name: str, region: str | None, near, limit: int, online: bool, as_json: bool) -> None:
    """Places NAME may mean, best first. Exit 1 when nothing matches confidently."""
    from gazetteer import Gazetteer
    from gazetteer.errors import InvalidQuery
    from gazetteer.regions import region_name, region_names
    from gazetteer.resolve import CONFIDENT

    if region is not None and region_name(region) is None:
        raise click.BadParameter(f"unknown region {region!r}; known (in any spelling): {', '.join(region_names())}",
                                 param_hint="--region")
    online_source = _online() if online else None
    g = Gazetteer.load(online=online_source, progress=True)
    try:
        found = g.lookup(name, region=region, near=near, limit=limit)
    except InvalidQuery as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from None
    confident = bool(found) and found[0].score >= CONFIDENT
    if as_json:
        echo_json([c.to_dict() for c in found])
    elif confident:
        for c in found:
            flag = "  (ambiguous)" if c.ambiguous else ""
            click.echo(f"{c.score:.2f}  {c.name} [{c.admin1 or '?'}, {c.country}]  {c.lat:.5f},{c.lon:.5f}  "
                       f"{c.precision}  {c.id}  matched {c.matched!r}{flag}")
    if not found:
        click.echo(f"no place found for {name!r}", err=True)
        sys.exit(1)
    if not confident:
        closest = "; ".join(f"{c.name} ({c.admin1 or c.country}) {c.score:.2f}" for c in found[:3])
        click.echo(f"no confident match for {name!r}; closest: {closest}", err=True)
        sys.exit(1)


@gazetteer.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(file: str) -> None:
    """Import a GeoNames dump (.zip/.txt) or an aliases CSV into the data directory."""
    from gazetteer.data_import import import_file

    target, count = import_file(file)
    click.echo(f"imported {count} rows into {target}; the index is rebuilt on next use", err=True)


@gazetteer.command()
@click.argument("country")
@click.option("--url", metavar="URL", help="Base URL of the dump folder (default: GeoNames).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds the whole download may take.")
def download(country: str, url: str | None, timeout: float) -> None:
    """Download and import the GeoNames dump of COUNTRY (ISO 2 code, e.g. UA)."""
    from gazetteer.data_import import download_dump

    if len(country) != 2 or not country.isascii() or not country.isalpha():
        raise click.BadParameter(f"{country!r} is not an ISO 3166 two-letter code", param_hint="COUNTRY")
    target, count = download_dump(country, base_url=url, timeout=timeout)
    click.echo(f"imported {count} populated places into {target}; the index is rebuilt on next use", err=True)


@gazetteer.command()
@json_option
def info(as_json: bool) -> None:
    """Sources, counts and cache location."""
    from gazetteer import Gazetteer

    data = Gazetteer.load(progress=True).info()
    if as_json:
        echo_json(data)
        return
    for source in data["sources"]:
        click.echo(f"{source['name']:<14} {source['places']:>7} places {source['aliases']:>5} aliases"
                   f"  ({source['fingerprint']})")
    click.echo(f"places {data['places']}, names {data['names']}")
    click.echo(f"cache  {data['cache']}\ndata   {data['data_dir']}")


def _online():
    from gazetteer import cache
    from gazetteer.sources.online import OnlineSource

    return OnlineSource(cache_path=cache.cache_dir() / "online.json")
