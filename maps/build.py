"""Compose the frontline map from claims: build the element tree; nothing is written."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import sys
from collections.abc import Iterable, Sequence

import folium
from folium.plugins import Fullscreen

from geo.conflicts import Conflict, find_conflicts
from geo.geometry import EncirclementArea, EncirclementGroups
from geo.model import FIELDS, Claim, place_order
from geo.reference import Reference
from geo.verify import Judgement, verify_claims
from maps import layers
from maps.elements import ClaimLayer, Legend, ReferenceLayer, SettlementSearch, TimeControl
from maps.errors import MapError
from maps.popups import TimelineEncoder, day_number, timelines
from maps.style import client_style

CONFLICT_WINDOW_DAYS = 14
FIT_MAX_ZOOM = 12  # the closest the map opens: a town and its villages


def build_map(claims: Iterable[Claim], *, as_of: dt.date | None = None,
              conflict_window_days: int = CONFLICT_WINDOW_DAYS, reference: Reference | None = None,
              judgements: Sequence[Judgement] | None = None, grouped: bool = False) -> folium.Map:
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
    grouped : ``claims`` come grouped by place (:func:`geo.model.place_key`), as
        ``Store.query(order="place")`` reads them: the map is then built one place at a
        time, holding columns rather than every claim.

    Raises
    ------
    MapError : when no claim has coordinates.

    Examples
    --------
    >>> from geo.examples import example_claims
    >>> m = build_map(example_claims())
    >>> m.save("map.html")  # doctest: +SKIP
    """
    shown = (c for c in claims if as_of is None or c.claim_date <= as_of)
    ordered = shown if grouped else sorted(shown, key=place_order)
    if reference is not None and judgements is None:  # verdicts may look across places (denials)
        ordered = [c for c in ordered if c.lat is not None]
        judgements = verify_claims(ordered, reference)
    encoder = TimelineEncoder({j.claim.id: j.describe() for j in judgements or ()})
    summary = _Summary()
    for timeline in timelines(ordered):
        encoder.add(timeline)
        summary.add(timeline, conflict_window_days)
    if not summary.dates:
        raise MapError("no claim with coordinates to draw" + (f" on or before {as_of}" if as_of else ""))
    start = as_of or max(summary.dates)
    data = encoder.result()

    m = folium.Map(tiles=None, control_scale=True)
    # Only Leaflet itself: no element here uses jQuery, Bootstrap, Font Awesome or
    # awesome-markers, and skipping them saves seven downloads and their parse time.
    m.default_js = [asset for asset in m.default_js if asset[0] == "leaflet"]
    m.default_css = [asset for asset in m.default_css if asset[0] == "leaflet_css"]
    # A zoom bound: the bounds of one settlement are a point, which Leaflet would fit at an
    # endless zoom (NaN coordinates, no map at all).
    m.fit_bounds(summary.bounds(), padding=(20, 20), max_zoom=FIT_MAX_ZOOM)
    bases = layers.base_layers(m)
    sides = layers.side_layers(m)
    kinds = layers.kind_layers(m)
    areas, data["areas"] = layers.encirclement_layer(m, summary.take_areas())
    contradictions, data["contradictions"] = layers.contradiction_layer(m, summary.take_conflicts(), data["keys"])
    claim_layer = ClaimLayer(
        data, day=day_number(start), style=client_style(),
        sides={s.value: g for s, g in sides.items()}, kinds={k.value: g for k, g in kinds.items()},
        areas=areas, contradictions=contradictions).add_to(m)

    marks = [areas, contradictions]
    dates = summary.dates
    if reference is not None:
        first = min(dates)
        area, ahead, ref_data = layers.reference_layer(m, reference, judgements, data["keys"], data["places"],
                                                       first=first, last=start)
        ReferenceLayer(ref_data, day=day_number(start), area=area, ahead=ahead).add_to(m)
        marks += [area, ahead]
        dates |= {d for d in reference.dates if first <= d <= start}
    TimeControl(dates, start=start).add_to(m)
    SettlementSearch(claim_layer).add_to(m)
    Fullscreen().add_to(m)
    Legend(window_days=conflict_window_days).add_to(m)
    layers.add_layer_control(m, sides=sides, kinds=kinds, marks=marks, bases=bases)
    return m


class _Summary:
    """What the overlays need of the claims, gathered one place at a time: the claim
    dates, the bounds, the encircled groups and each place's earliest contradiction (the
    contradiction layer marks a place from then on)."""

    def __init__(self) -> None:
        self.dates: set[dt.date] = set()
        self.encircled = EncirclementGroups()
        self.conflicts: list[Conflict] = []
        self._lats = [math.inf, -math.inf]
        self._lons = [math.inf, -math.inf]

    def add(self, timeline: Sequence[Claim], window_days: int) -> None:
        for claim in timeline:
            self.dates.add(claim.claim_date)
            self._lats[:] = min(self._lats[0], claim.lat), max(self._lats[1], claim.lat)
            self._lons[:] = min(self._lons[0], claim.lon), max(self._lons[1], claim.lon)
            self.encircled.add(claim)
        found = find_conflicts(timeline, window_days=window_days)
        if found:
            first = min(found, key=lambda c: c.second.claim_date)
            self.conflicts.append(dataclasses.replace(first, first=_shared(first.first), second=_shared(first.second)))

    def take_areas(self) -> list[EncirclementArea]:
        """The encirclement areas; the groups are let go (the claim data is packed next)."""
        areas, self.encircled = self.encircled.areas(), EncirclementGroups()
        return areas

    def take_conflicts(self) -> list[Conflict]:
        """Each place's earliest contradiction; let go here too."""
        conflicts, self.conflicts = self.conflicts, []
        return conflicts

    def bounds(self) -> list[list[float]]:
        return [[self._lats[0], self._lons[0]], [self._lats[1], self._lons[1]]]


def _shared(claim: Claim) -> Claim:
    """``claim`` with its texts interned: the claims the overlays keep (an article's claims
    share a quote) hold each text once."""
    return Claim.from_trusted([sys.intern(value) if type(value) is str else value
                               for value in (getattr(claim, name) for name in FIELDS)])
