"""``frontline serve``: the review page, the live map and the JSON API, over uvicorn."""
from __future__ import annotations

import os
from pathlib import Path

import click

from geo.cli.options import db_option

TOKEN_ENV = "FRONTLINE_TOKEN"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", default=None, metavar="TEXT",
              help=f"Token every request must present (default: ${TOKEN_ENV}); needed off loopback.")
@click.option("--no-gazetteer", is_flag=True, help="Offer no place candidates (starts faster).")
@db_option
def serve(host: str, port: int, token: str | None, no_gazetteer: bool, db: Path) -> None:
    """Serve /review (the queue of proposed claims), / (the live map) and /api/."""
    import uvicorn

    from geo.serve import create_app
    from geo.serve.security import is_loopback

    token = token or os.environ.get(TOKEN_ENV) or None
    loopback = is_loopback(host)
    if not loopback and not token:
        raise click.UsageError(f"listening on {host} needs --token (or ${TOKEN_ENV}): "
                               "every request must then present it")
    lookup = None
    if not no_gazetteer:
        from geo.cli.claims import load_lookup

        click.echo("loading the gazetteer ...", err=True)
        lookup = load_lookup()
    app = create_app(db, lookup=lookup, token=token, require_token=bool(token), loopback=loopback)
    where = f"http://{host if ':' not in host else f'[{host}]'}:{port}"
    suffix = f"?token={token}" if token else ""
    click.echo(f"serving {db} at {where}/review{suffix} (map at {where}/); Ctrl-C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
