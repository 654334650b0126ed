"""Hand-made claims for the map tests, including the XSS payloads of issue 5."""
from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import re

from geo.model import Claim, Kind, Side

SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(1)'

PLACES = {
    "Kupiansk": ("kupiansk", "Kharkiv", 49.7106, 37.6156),
    "Pokrovsk": ("pokrovsk", "Donetsk", 48.2823, 37.1758),
    "Myrnohrad": ("myrnohrad", "Donetsk", 48.3022, 37.2614),
    "Vovchansk": ("vovchansk", "Kharkiv", 50.2913, 36.9410),
}


def make_claim(place: str, kind: Kind, side: Side, day: int, **extra) -> Claim:
    """A resolved claim about one of PLACES, made on 2025-11-<day>."""
    place_id, admin1, lat, lon = PLACES[place]
    fields = dict(claimant={Side.RU: "Russian MoD", Side.UA: "Ukrainian General Staff",
                            Side.OTHER: "ISW"}[side],
                  source="Example News", url=f"https://news.example/{place_id}/{day}",
                  quote=f"{place}: {kind.value}.")
    fields.update({"precision": "exact", **extra})
    return Claim(as_written=place, kind=kind, claimant_side=side, claim_date=dt.date(2025, 11, day),
                 place_id=place_id, place=place, admin1=admin1, lat=lat, lon=lon, **fields)


def sample_claims() -> list[Claim]:
    """Kupiansk: RU capture then UA denial 4 days later (a contradiction), the denial's
    quote and source carrying XSS payloads; Pokrovsk 60 % partial (other, confidence 0.82);
    Pokrovsk and Myrnohrad encircled together (RU), Myrnohrad placed only at its hromada's
    centre; Vovchansk only a UA claim, of low confidence (0.3)."""
    return [
        make_claim("Kupiansk", Kind.CAPTURED, Side.RU, 20, quote=SCRIPT),
        make_claim("Kupiansk", Kind.DENIED, Side.UA, 24, controller_side=Side.UA, source=ATTR,
                   claimant=SCRIPT),
        make_claim("Pokrovsk", Kind.PARTIAL, Side.OTHER, 10, percent=60, confidence=0.82),
        make_claim("Pokrovsk", Kind.ENCIRCLED, Side.RU, 15, group="pokrovsk-pocket"),
        make_claim("Myrnohrad", Kind.ENCIRCLED, Side.RU, 15, group="pokrovsk-pocket", precision="hromada"),
        make_claim("Vovchansk", Kind.CONTESTED, Side.UA, 5, confidence=0.3),
    ]


def timeline(data: dict, name: str) -> tuple[int, list[dict]]:
    """A place's index and its claims as dicts of the claim columns, oldest first."""
    places, columns = data["places"], data["claims"]
    p = places["name"].index(name)
    first = sum(places["count"][:p])
    rows = range(first, first + places["count"][p])
    return p, [{column: values[i] for column, values in columns.items()} for i in rows]


def page_data(html: str) -> dict:
    """The claim layer's data as packed into a rendered page (base64, gzip, JSON)."""
    packed = re.search(r'<script type="application/gzip\+base64" id="claim_layer_\w+">([^<]*)</script>', html).group(1)
    return json.loads(gzip.decompress(base64.b64decode(packed)))
