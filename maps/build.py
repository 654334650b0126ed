"""Compose the frontline map from claims: build the element tree; nothing is written."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import folium
from folium.plugins import Fullscreen

from geo.conflicts import find_conflicts
from geo.geometry import encirclement_areas
from geo.model import Claim
from geo.reference import Reference
from geo.verify import Judgement, verify_claims
from maps import layers
from maps.elements import ClaimLayer, Legend, ReferenceLayer, SettlementSearch, TimeControl
from maps.errors import MapError
from maps.popups import day_number, encode_timelines
from maps.style import client_style

CONFLICT_WINDOW_DAYS = 14
FIT_MAX_ZOOM = 12  # the closest the map opens: a town and its villages


def build_map(claims: Iterable[Claim], *, as_of: dt.date | None = None,
              conflict_window_days: int = CONFLICT_WINDOW_DAYS, reference: Reference | None = None,
              judgements: Sequence[Judgement] | None = None) -> folium.Map:
    """A layered map of claims, as a ``folium.Map`` (shown inline by Jupyter).

    One marker per settlement, styled by its latest visible claim; the popup lists every
    claim about it. Overlays switch claimant sides and kinds, encirclement areas and
    contradictions; a time control shows the claims as they stood on any date.

    Parameters
    ----------
    claims : claims in any order; unresolved ones (no coordinates) are left out.
    as_of : show the claims as they stood on this date: later claims are dropped and the
        time control starts here. Default: the latest claim date.
    conflict_window_days : how far apart two opposite control claims may be to be marked
        as a contradiction.
    reference : a reference layer (:func:`geo.reference.load_reference`): its area follows
        the time control, each claim's popup line carries its verdict, and a layer rings the
        places claimed ahead of it.
    judgements : the claims' verdicts against ``reference`` (default: computed here, with
        no populations, so partial claims are judged on 500 m disks).

    Raises
    ------
    MapError : when no claim has coordinates.

    Examples
    --------
    >>> from geo.examples import example_claims
    >>> m = build_map(example_claims())
    >>> m.save("map.html")  # doctest: +SKIP
    """
    kept = [c for c in claims if c.lat is not None and (as_of is None or c.claim_date <= as_of)]
    if not kept:
        raise MapError("no claim with coordinates to draw" + (f" on or before {as_of}" if as_of else ""))
    start = as_of or max(c.claim_date for c in kept)
    if reference is not None and judgements is None:
        judgements = verify_claims(kept, reference)
    data = encode_timelines(kept, {j.claim.id: j.describe() for j in judgements or ()})

    m = folium.Map(tiles=None, control_scale=True)
    # Only Leaflet itself: no element here uses jQuery, Bootstrap, Font Awesome or
    # awesome-markers, and skipping them saves seven downloads and their parse time.
    m.default_js = [asset for asset in m.default_js if asset[0] == "leaflet"]
    m.default_css = [asset for asset in m.default_css if asset[0] == "leaflet_css"]
    # A zoom bound: the bounds of one settlement are a point, which Leaflet would fit at an
    # endless zoom (NaN coordinates, no map at all).
    m.fit_bounds(_bounds(kept), padding=(20, 20), max_zoom=FIT_MAX_ZOOM)
    bases = layers.base_layers(m)
    sides = layers.side_layers(m)
    kinds = layers.kind_layers(m)
    areas, data["areas"] = layers.encirclement_layer(m, encirclement_areas(kept))
    contradictions, data["contradictions"] = layers.contradiction_layer(
        m, find_conflicts(kept, window_days=conflict_window_days), data["keys"])
    claim_layer = ClaimLayer(
        data, day=day_number(start), style=client_style(),
        sides={s.value: g for s, g in sides.items()}, kinds={k.value: g for k, g in kinds.items()},
        areas=areas, contradictions=contradictions).add_to(m)

    marks = [areas, contradictions]
    dates = [c.claim_date for c in kept]
    if reference is not None:
        first = min(dates)
        area, ahead, ref_data = layers.reference_layer(m, reference, judgements, data["keys"], data["places"],
                                                       first=first, last=start)
        ReferenceLayer(ref_data, day=day_number(start), area=area, ahead=ahead).add_to(m)
        marks += [area, ahead]
        dates += [d for d in reference.dates if first <= d <= start]
    TimeControl(dates, start=start).add_to(m)
    SettlementSearch(claim_layer).add_to(m)
    Fullscreen().add_to(m)
    Legend(window_days=conflict_window_days).add_to(m)
    layers.add_layer_control(m, sides=sides, kinds=kinds, marks=marks, bases=bases)
    return m


def _bounds(claims: list[Claim]) -> list[list[float]]:
    lats = [c.lat for c in claims]
    lons = [c.lon for c in claims]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]
