"""A drawn reference layer and claims against it, for the map tests."""
from __future__ import annotations

from geo.model import Kind, Side
from geo.reference import import_files, load_reference
from geo.store import Store
from tests.geo.reference_layers import EAST, WEST, claim, write_days

DAYS = {0: 38.0, 2: 38.0, 6: 39.0, 7: 39.0}


def reference_and_claims(folder):
    """RU holds lon 37-38 on days 0 and 2, 37-39 on 6 and 7: Westville is consistent,
    Eastville (claimed on day 2) confirmed 4 days later, and a UA claim to Westville on day
    6 is not confirmed."""
    with Store.open(folder / "ref.db") as store:
        list(import_files(store, write_days(folder, DAYS), name="drawn"))
        reference = load_reference(store, "drawn")
    claims = [claim(WEST, Kind.CAPTURED, 0), claim(EAST, Kind.CAPTURED, 2),
              claim(WEST, Kind.CAPTURED, 6, side=Side.UA, controller_side=Side.UA), claim(EAST, Kind.ADVANCE, 7)]
    return reference, claims
