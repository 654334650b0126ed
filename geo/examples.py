"""The example dataset shipped with the package: claims reported in November 2025 about
Kupiansk and nearby fronts, written as structured rows (``geo/data/example_claims.csv``)."""
from __future__ import annotations

from importlib import resources

from geo.formats import read_claims
from geo.model import Claim

EXAMPLE_FILE = "example_claims.csv"


def example_claims() -> list[Claim]:
    """The bundled example claims, in file order.

    >>> len(example_claims()) > 20
    True
    """
    with resources.as_file(resources.files("geo") / "data" / EXAMPLE_FILE) as path:
        return list(read_claims(path))
